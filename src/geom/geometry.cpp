#include "geom/geometry.hpp"

#include <cmath>

namespace sahelmap::geom {

Box bounds(const std::vector<Point>& pts) {
  Box b;
  for (const Point& p : pts) b.expand(p);
  return b;
}

Box bounds(const Polygon& poly) {
  Box b;
  for (const Ring& r : poly.rings) b.expand(bounds(r));
  return b;
}

Box bounds(const MultiPolygon& mp) {
  Box b;
  for (const Polygon& p : mp) b.expand(bounds(p));
  return b;
}

double signed_area(const Ring& ring) {
  if (ring.size() < 3) return 0;
  // Relative to the first point: keeps precision for rings far from the origin (Web Mercator).
  const Point o = ring.front();
  double twice = 0;
  for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
    const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
    const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
    twice += ax * by - bx * ay;
  }
  return twice / 2;
}

double length(const std::vector<Point>& pts) {
  double l = 0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) l += std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
  return l;
}

double signed_area(const Polygon& poly) {
  double a = 0;
  for (const Ring& r : poly.rings) a += signed_area(r);
  return a;
}

bool inside(const Ring& ring, Point p) {
  bool in = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Point a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}

MultiPolygon organize_rings(const Polygon& rings) {
  MultiPolygon out;
  std::vector<double> areas;
  std::vector<const Ring*> holes;
  for (const Ring& r : rings.rings) {
    const double a = signed_area(r);
    if (a > 0) {
      out.push_back(Polygon{{r}});
      areas.push_back(a);
    } else if (a < 0) {
      holes.push_back(&r);
    }
  }
  for (const Ring* h : holes) {
    std::size_t best = out.size();
    for (std::size_t i = 0; i < out.size(); ++i)
      if ((best == out.size() || areas[i] < areas[best]) && bounds(out[i].rings[0]).contains(bounds(*h)) &&
          inside(out[i].rings[0], (*h)[0]))
        best = i;
    if (best < out.size()) out[best].rings.push_back(*h);
  }
  return out;
}

void densify(std::vector<Point>& pts, double max_step) {
  if (pts.size() < 2 || !(max_step > 0)) return;
  std::vector<Point> out;
  out.reserve(pts.size());
  out.push_back(pts.front());
  for (std::size_t i = 1; i < pts.size(); ++i) {
    const Point a = pts[i - 1], b = pts[i];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const auto n = static_cast<int>(std::ceil(len / max_step));
    for (int k = 1; k < n; ++k) {
      const double t = static_cast<double>(k) / n;
      out.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
    }
    out.push_back(b);
  }
  pts.swap(out);
}

}  // namespace sahelmap::geom
