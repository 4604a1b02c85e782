#include "render/placement/occupancy.hpp"

#include <algorithm>
#include <cmath>

namespace sahelmap::render {

bool segment_meets(geom::Point a, geom::Point b, const Rect& r) {
  // Liang-Barsky: the part of a-b inside the rectangle, as parameters t0..t1.
  double t0 = 0, t1 = 1;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double p[] = {-dx, dx, -dy, dy};
  const double q[] = {a.x - r.x, r.x + r.w - a.x, a.y - r.y, r.y + r.h - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] <= 0) return false;  // parallel to this edge and outside (or on it)
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0)
      t0 = std::max(t0, t);
    else
      t1 = std::min(t1, t);
  }
  // A real stretch inside, not a graze of a corner.
  return (t1 - t0) * std::hypot(dx, dy) > 1e-6;
}

namespace {
double cross(geom::Point o, geom::Point a, geom::Point b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}
bool on_segment(geom::Point a, geom::Point b, geom::Point q) {
  return std::min(a.x, b.x) <= q.x && q.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= q.y &&
         q.y <= std::max(a.y, b.y);
}
}  // namespace

bool segments_meet(geom::Point a, geom::Point b, geom::Point c, geom::Point d) {
  const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 == 0 && on_segment(c, d, a)) || (d2 == 0 && on_segment(c, d, b)) || (d3 == 0 && on_segment(a, b, c)) ||
         (d4 == 0 && on_segment(a, b, d));
}

bool Occupancy::line_free(geom::Point a, geom::Point b, const std::vector<Rect>& except) const {
  for (const Rect& r : boxes_)
    if (std::find(except.begin(), except.end(), r) == except.end() && segment_meets(a, b, r)) return false;
  for (const auto& l : lines_)
    if (segments_meet(a, b, l.a, l.b)) return false;
  return true;
}

}  // namespace sahelmap::render
