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

/// A polygon with its rings' bounds computed once, for clipping against many boxes (a tile
/// pyramid): rings away from a box are skipped without reading their points.
struct PreparedPolygon {
  explicit PreparedPolygon(Polygon p);
  Polygon polygon;
  std::vector<Box> ring_bounds;
  Box bounds;
};

class RectClipper {
 public:
  /// @pre box.valid(); boxes of zero width or height clip everything away.
  explicit RectClipper(const Box& box);
  /// Clips to another box, keeping the scratch space (no allocation once warm).
  void set_box(const Box& box);

  /// Clips the rings of one fill into `out` (whose ring buffers are reused). Output rings are
  /// closed, have at least 3 points not all on one line (a bow-tie, of zero signed area, still
  /// fills and is kept), and all their vertices lie inside the (closed) box. Orientation is kept.
  /// @pre input rings are closed and all coordinates are finite.
  void clip(const Polygon& in, Polygon& out);
  void clip(const PreparedPolygon& in, Polygon& out);
  /// Clips an open polyline into the pieces that lie inside the box (in input order).
  void clip(const Line& in, MultiLine& out);

  const Box& box() const { return box_; }

  /// A run of the input inside the box, points [begin, end) of the shared buffer; its first and
  /// last points lie on the box boundary.
  struct Chain {
    std::size_t begin = 0, end = 0;
    std::size_t start_node = 0, end_node = 0;
    int next_same_start = -1;
    bool used = false;
  };
  struct Node {
    Point p;
    int edge;
    double s;  // position along the edge, increasing counter-clockwise
    double t;  // distance along the perimeter from (minx, miny)
    bool corner;
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
  void begin();
  void add_ring(const Ring& ring, Polygon& out);
  void finish(Polygon& out);
  void walk_ring(const Ring& ring, std::size_t start);
  unsigned outcode(Point p) const;
  Ring& next_ring(Polygon& out);
  double sweep(Point u, Point v) const;
  double edge_delta(Point p, Point q) const;
  void assemble(Polygon& out);

  Node make_node(Point p) const;
  std::size_t node_index(Point p) const;

  Box box_;
  double perimeter_ = 0;
  bool empty_box_ = false;
  long loops_ = 0;
  std::size_t used_ = 0;
  // Scratch space reused from clip to clip: no allocation once warm.
  std::vector<Point> points_;
  std::vector<Chain> chains_;
  std::vector<Gap> gaps_;
  std::vector<Node> nodes_;
  std::vector<long> multiplicity_;
  std::vector<int> first_start_;
};

/// True when `p` is exactly the box, filled once: what a tile entirely inside a country gets.
bool is_full_box(const Polygon& p, const Box& box);

Polygon clip(const Polygon& poly, const Box& box);
MultiPolygon clip(const MultiPolygon& mp, const Box& box);
MultiLine clip(const Line& line, const Box& box);

}  // namespace sahelmap::geom
