#include "geom/pole.hpp"

#include <algorithm>
#include <cmath>

namespace sahelmap::geom {

bool inside_fill(const Polygon& p, Point q) {
  bool in = false;
  for (const auto& r : p.rings) in ^= inside(r, q);
  return in;
}

namespace {

// The distance from q to the nearest edge, or any value <= `beat` as soon as it is known not to
// exceed it (the pole search only wants points deeper than the best so far). Squared distances
// throughout: one square root at the end.
double edge_distance(const Polygon& p, Point q, double beat = -1) {
  double best = 1e300;
  const double floor2 = beat > 0 ? beat * beat : -1;
  for (const auto& r : p.rings)
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      const Point a = r[i], b = r[i + 1];
      const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      const double t = len2 > 0 ? std::clamp(((q.x - a.x) * dx + (q.y - a.y) * dy) / len2, 0.0, 1.0) : 0;
      const double ex = a.x + t * dx - q.x, ey = a.y + t * dy - q.y;
      best = std::min(best, ex * ex + ey * ey);
      if (best <= floor2) return std::sqrt(best);
    }
  return std::sqrt(best);
}

// The point deepest inside the polygon (pole of inaccessibility), by a coarse grid and one refinement.
Point pole_of(const Polygon& p) {
  const Box b = bounds(p);
  Point best{(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2};
  double depth = -1;
  double step = std::max(b.width(), b.height()) / 24;
  for (int pass = 0; pass < 2; ++pass) {
    const Point centre = best;
    const double half = pass == 0 ? std::max(b.width(), b.height()) / 2 : step * 2;
    for (double y = centre.y - half; y <= centre.y + half; y += step)
      for (double x = centre.x - half; x <= centre.x + half; x += step) {
        const Point q{x, y};
        if (!inside_fill(p, q)) continue;
        const double d = edge_distance(p, q, depth);
        if (d > depth) depth = d, best = q;
      }
    step /= 6;
  }
  return best;
}

}  // namespace

// On a copy with at most ~120 points (every k-th): the grid search costs points x 1250 tests.

Point pole_of_inaccessibility(const Polygon& p) {
  std::size_t n = 0;
  for (const auto& r : p.rings) n += r.size();
  if (n <= 160) return pole_of(p);
  const std::size_t k = (n + 119) / 120;
  Polygon coarse;
  for (const auto& r : p.rings) {
    if (r.size() < 4 * k) continue;  // small rings (islands, holes) matter little to the pole
    auto& c = coarse.rings.emplace_back();
    for (std::size_t i = 0; i + 1 < r.size(); i += k) c.push_back(r[i]);
    c.push_back(c.front());
  }
  if (coarse.rings.empty()) return pole_of(p);
  const Point q = pole_of(coarse);
  return inside_fill(p, q) ? q : pole_of(p);
}

}  // namespace sahelmap::geom
