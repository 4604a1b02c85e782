#pragma once
// Geometry types of the clipping core: plain double coordinates, standard library only (no I/O).
#include <algorithm>
#include <limits>
#include <vector>

namespace sahelmap::geom {

struct Point {
  double x = 0, y = 0;
  friend bool operator==(const Point&, const Point&) = default;
};

/// A closed ring: the last point repeats the first. Orientation carries meaning (the fill).
using Ring = std::vector<Point>;
/// An open polyline.
using Line = std::vector<Point>;

/// Rings filled together with the nonzero (or even-odd) rule: the outer ring first, then holes.
/// The clipper also returns this type for any set of rings that belong to one fill.
struct Polygon {
  std::vector<Ring> rings;
  bool empty() const { return rings.empty(); }
};

using MultiPolygon = std::vector<Polygon>;
using MultiLine = std::vector<Line>;

/// Axis-aligned box, closed on all sides.
struct Box {
  double minx = std::numeric_limits<double>::infinity();
  double miny = std::numeric_limits<double>::infinity();
  double maxx = -std::numeric_limits<double>::infinity();
  double maxy = -std::numeric_limits<double>::infinity();

  bool valid() const { return minx <= maxx && miny <= maxy; }
  double width() const { return maxx - minx; }
  double height() const { return maxy - miny; }
  void expand(Point p) {
    minx = std::min(minx, p.x), miny = std::min(miny, p.y);
    maxx = std::max(maxx, p.x), maxy = std::max(maxy, p.y);
  }
  void expand(const Box& b) {
    minx = std::min(minx, b.minx), miny = std::min(miny, b.miny);
    maxx = std::max(maxx, b.maxx), maxy = std::max(maxy, b.maxy);
  }
  Box buffered(double d) const { return {minx - d, miny - d, maxx + d, maxy + d}; }
  bool contains(Point p) const { return p.x >= minx && p.x <= maxx && p.y >= miny && p.y <= maxy; }
  bool contains(const Box& b) const { return b.minx >= minx && b.maxx <= maxx && b.miny >= miny && b.maxy <= maxy; }
  bool intersects(const Box& b) const { return b.minx <= maxx && b.maxx >= minx && b.miny <= maxy && b.maxy >= miny; }
  friend bool operator==(const Box&, const Box&) = default;
};

Box bounds(const std::vector<Point>& pts);
Box bounds(const Polygon& poly);
Box bounds(const MultiPolygon& mp);

/// Signed area by the shoelace formula: positive for counter-clockwise rings (y up).
double signed_area(const Ring& ring);
/// Sum of signed ring areas: the area of a simple polygon with CCW outer ring and CW holes.
double signed_area(const Polygon& poly);

/// The length of a polyline (a leader line: straight or with elbows).
double length(const std::vector<Point>& pts);

/// Even-odd point-in-ring test (points on the boundary may go either way).
bool inside(const Ring& ring, Point p);

/// Turns rings of one fill (counter-clockwise outers, clockwise holes, in any order, as the
/// clipper returns them) into OGC polygons: each hole under the smallest outer ring holding it.
/// @pre the rings do not cross each other.
MultiPolygon organize_rings(const Polygon& rings);

/// Inserts points so that no segment is longer than `max_step` (used before projecting, so that
/// straight lon/lat edges become curves). Points are added by linear interpolation.
void densify(std::vector<Point>& pts, double max_step);

}  // namespace sahelmap::geom
