#include "geom/tile.hpp"

#include <algorithm>
#include <cmath>

namespace sahelmap::geom {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kRadius = 6378137.0;

std::uint32_t clamp_index(double v, int z) {
  const double n = std::ldexp(1.0, z);
  return static_cast<std::uint32_t>(std::clamp(std::floor(v), 0.0, n - 1));
}
}  // namespace

double tile_span(int z) {
  return std::ldexp(2 * kMercatorHalf, -z);
}

Box tile_bounds(TileId t) {
  const double span = tile_span(t.z);
  return {-kMercatorHalf + t.x * span, kMercatorHalf - (t.y + 1.0) * span, -kMercatorHalf + (t.x + 1.0) * span,
          kMercatorHalf - t.y * span};
}

Point lonlat_to_mercator(Point p) {
  const double lat = std::clamp(p.y, -kMercatorMaxLat, kMercatorMaxLat) * kPi / 180;
  return {kRadius * p.x * kPi / 180, kRadius * std::log(std::tan(kPi / 4 + lat / 2))};
}

Point mercator_to_lonlat(Point m) {
  return {m.x / kRadius * 180 / kPi, (2 * std::atan(std::exp(m.y / kRadius)) - kPi / 2) * 180 / kPi};
}

TileId tile_at(double lon, double lat, int z) {
  const Point m = lonlat_to_mercator({lon, lat});
  const double span = tile_span(z);
  return {z, clamp_index((m.x + kMercatorHalf) / span, z), clamp_index((kMercatorHalf - m.y) / span, z)};
}

TileRange tiles_covering_mercator(const Box& merc, int z) {
  const double span = tile_span(z);
  return {z, clamp_index((merc.minx + kMercatorHalf) / span, z), clamp_index((kMercatorHalf - merc.maxy) / span, z),
          clamp_index((merc.maxx + kMercatorHalf) / span, z), clamp_index((kMercatorHalf - merc.miny) / span, z)};
}

TileRange tiles_covering(const Box& lonlat, int z) {
  const Point lo = lonlat_to_mercator({lonlat.minx, lonlat.miny});
  const Point hi = lonlat_to_mercator({lonlat.maxx, lonlat.maxy});
  return tiles_covering_mercator({lo.x, lo.y, hi.x, hi.y}, z);
}

}  // namespace sahelmap::geom
