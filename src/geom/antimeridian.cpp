#include "geom/antimeridian.hpp"

#include <algorithm>
#include <cmath>

#include "geom/clip.hpp"

namespace sahelmap::geom {

bool crosses_antimeridian(const Polygon& poly) {
  for (const auto& r : poly.rings)
    for (std::size_t i = 1; i < r.size(); ++i)
      if (std::abs(r[i].x - r[i - 1].x) > 180) return true;
  return false;
}

namespace {
// Continuous longitudes: each step becomes the short way round.
Ring unwrap(const Ring& r) {
  Ring out;
  out.reserve(r.size() + 3);
  double shift = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i > 0) {
      const double d = r[i].x - r[i - 1].x;
      if (d > 180) shift -= 360;
      if (d < -180) shift += 360;
    }
    out.push_back({r[i].x + shift, r[i].y});
  }
  return out;
}
}  // namespace

MultiPolygon split_antimeridian(const Polygon& poly) {
  if (!crosses_antimeridian(poly)) return {poly};
  Polygon unwrapped;
  double ref = 0;
  for (std::size_t k = 0; k < poly.rings.size(); ++k) {
    Ring r = unwrap(poly.rings[k]);
    if (r.size() < 2) continue;
    const Box rb = bounds(r);
    if (rb.miny > 89.99 || rb.maxy < -89.99) continue;  // a sliver along a pole: no area
    const double turn = r.back().x - r.front().x;       // 0, or +-360 around a pole
    if (std::abs(turn) > 180) {
      double mean_lat = 0;
      for (const auto& p : r) mean_lat += p.y;
      const double pole = mean_lat / static_cast<double>(r.size()) < 0 ? -90 : 90;
      const Point first = r.front(), last = r.back();
      r.push_back({last.x, pole});
      r.push_back({first.x, pole});
      r.push_back(first);
    }
    // Holes go next to their outer ring, not a turn of the world away.
    if (unwrapped.rings.empty()) {
      ref = bounds(r).minx;
    } else {
      const double off = std::round((ref - bounds(r).minx) / 360) * 360;
      for (auto& p : r) p.x += off;
    }
    unwrapped.rings.push_back(std::move(r));
  }
  // Spherical sources do not say which ring is the hole in planar terms (world-atlas gives
  // Antarctica a sliver around the pole as its "outer" ring): nesting decides, and orientation
  // follows (outer counter-clockwise, holes clockwise).
  const auto& rings = unwrapped.rings;
  std::vector<bool> reverse(rings.size());
  for (std::size_t i = 0; i < rings.size(); ++i) {
    int depth = 0;
    const double ai = std::abs(signed_area(rings[i]));
    for (std::size_t j = 0; j < rings.size(); ++j)
      if (j != i && std::abs(signed_area(rings[j])) > ai && bounds(rings[j]).contains(bounds(rings[i])) &&
          inside(rings[j], rings[i][0]))
        ++depth;
    reverse[i] = (signed_area(rings[i]) > 0) != (depth % 2 == 0);
  }
  for (std::size_t i = 0; i < rings.size(); ++i)
    if (reverse[i]) std::reverse(unwrapped.rings[i].begin(), unwrapped.rings[i].end());
  MultiPolygon out;
  const Box all = bounds(unwrapped);
  for (double base = std::floor((all.minx + 180) / 360) * 360 - 180; base < all.maxx; base += 360) {
    Polygon part = clip(unwrapped, Box{base, -90, base + 360, 90});
    if (part.empty()) continue;
    const double shift = -180 - base;
    for (auto& r : part.rings)
      for (auto& p : r) p.x += shift;
    out.push_back(std::move(part));
  }
  return out;
}

}  // namespace sahelmap::geom
