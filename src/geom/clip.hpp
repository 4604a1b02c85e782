#pragma once
// Rectangle clipping that keeps the fill: the core every tile and poster viewport goes through.
//
// For a polygon (all rings of one fill) and a box, clip() returns rings whose winding number at
// every point inside the box equals the input's, so nonzero and even-odd fills are unchanged,
// also for self-intersecting input. Parts of the box boundary that the input's rings run along
// (after leaving the box and coming back) are netted out before the rings are rebuilt, so there
// are no zero-width slivers and no back-and-forth runs along box edges. Intersection points are
// computed from the segment's endpoints in a canonical order, so two boxes that share an edge
// produce bit-identical seam points.
#include <cstddef>

#include "geom/geometry.hpp"

namespace sahelmap::geom {

class RectClipper {
 public:
  /// @pre box.valid(); boxes of zero width or height clip everything away.
  explicit RectClipper(const Box& box);

  /// Clips the rings of one fill. Output rings are closed, have at least 3 distinct points and
  /// non-zero area, and all their vertices lie inside the (closed) box. Orientation is kept.
  /// @pre input rings are closed and all coordinates are finite.
  void clip(const Polygon& in, Polygon& out);
  /// Clips an open polyline into the pieces that lie inside the box (in input order).
  void clip(const Line& in, MultiLine& out);

  const Box& box() const { return box_; }

  /// A run of the input inside the box; first and last points lie on the box boundary.
  struct Chain {
    std::vector<Point> pts;
    std::size_t start = 0, end = 0;
    int next_same_start = -1;
    bool used = false;
  };
  /// The part of a ring between leaving the box at `from` and coming back at `to`, reduced to
  /// how far it travels around the box boundary (counter-clockwise positive, full turns included).
  struct Gap {
    Point from, to;
    double delta;
  };

 private:
  struct Piece;
  Piece clip_segment(Point a, Point b) const;
  void walk_ring(const Ring& ring);
  double sweep(Point u, Point v) const;
  double edge_delta(Point p, Point q) const;
  void assemble(Polygon& out);

  Box box_;
  double perimeter_ = 0;
  bool empty_box_ = false;
  std::vector<Chain> chains_;
  std::vector<Gap> gaps_;
  long loops_ = 0;
};

Polygon clip(const Polygon& poly, const Box& box);
MultiPolygon clip(const MultiPolygon& mp, const Box& box);
MultiLine clip(const Line& line, const Box& box);

}  // namespace sahelmap::geom
