#pragma once
// XYZ tile math in Web Mercator (EPSG:3857): standard library only.
// Tile edges are computed from one expression, -H + x * span, so a tile's right edge and its
// neighbour's left edge are the same double, and a parent's edges are its children's outer edges.
#include <cstdint>

#include "geom/geometry.hpp"

namespace sahelmap::geom {

/// Half the width of the Web Mercator world in metres (pi * 6378137).
inline constexpr double kMercatorHalf = 20037508.342789244;
/// The latitude where the Web Mercator world is square.
inline constexpr double kMercatorMaxLat = 85.0511287798066;

struct TileId {
  int z = 0;
  std::uint32_t x = 0, y = 0;  // XYZ: y = 0 at the north
  friend bool operator==(const TileId&, const TileId&) = default;
  friend auto operator<=>(const TileId&, const TileId&) = default;
};

/// Tiles of one zoom level, inclusive ranges.
struct TileRange {
  int z = 0;
  std::uint32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::uint64_t count() const { return std::uint64_t(x1 - x0 + 1) * (y1 - y0 + 1); }
};

/// Width of a tile at zoom z in metres.
double tile_span(int z);
/// Bounds of a tile in EPSG:3857 metres.
Box tile_bounds(TileId t);
/// The tile holding a lon/lat point (latitudes beyond +-85.0511 clamp to the edge rows).
TileId tile_at(double lon, double lat, int z);
/// Tiles of zoom z whose bounds meet a lon/lat box.
TileRange tiles_covering(const Box& lonlat, int z);
/// Tiles of zoom z whose bounds meet a box in EPSG:3857 metres.
TileRange tiles_covering_mercator(const Box& merc, int z);
/// TMS row (y = 0 at the south), as MBTiles stores it.
inline std::uint32_t tms_row(TileId t) {
  return (1u << t.z) - 1 - t.y;
}
/// Lon/lat <-> EPSG:3857 by the spherical formulas (the tile engine's fast path; PROJ gives the
/// same numbers for EPSG:3857, which the tests check).
Point lonlat_to_mercator(Point lonlat);
Point mercator_to_lonlat(Point merc);

}  // namespace sahelmap::geom
