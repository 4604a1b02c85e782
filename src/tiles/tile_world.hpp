#pragma once
// The world as the tile engine sees it: every country projected to EPSG:3857 once, with its fill,
// polygons prepared for clipping, outlines for borders, and a grid index to find them by box.
#include <cstdint>
#include <optional>
#include <vector>

#include "data/boundaries.hpp"
#include "geom/clip.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::tiles {

using render::Look;

/// Uniform grid over the Web Mercator world; cells list the items whose bounds meet them.
class GridIndex {
 public:
  GridIndex() = default;
  GridIndex(const std::vector<geom::Box>& items, int cells_per_side);
  /// Items whose bounds meet `box`, each once, in ascending order.
  void query(const geom::Box& box, std::vector<std::uint32_t>& out) const;

 private:
  int n_ = 0;
  std::vector<std::vector<std::uint32_t>> cells_;
  std::vector<geom::Box> bounds_;
};

/// The geometry, projected once and shared by every date and thread.
struct TileWorld {
  std::vector<std::string> codes;            // country of each shape (may be empty: unmatched)
  std::vector<geom::PreparedPolygon> parts;  // EPSG:3857 metres
  std::vector<std::uint32_t> part_shape;     // index into codes
  std::vector<geom::Line> borders;           // country outlines, EPSG:3857
  GridIndex part_index, border_index;
  render::Color background, border;
  double border_width = 0.75;  // CSS px at scale 1
  double hatch_width = 3, hatch_spacing = 9;
};

/// The colours of one date: a look per shape, drawn from a few distinct looks.
struct TilePalette {
  std::vector<Look> looks;                // distinct looks
  std::vector<std::uint32_t> shape_look;  // parallel to TileWorld::codes
  std::uint32_t look_of_part(const TileWorld& w, std::size_t part) const { return shape_look[w.part_shape[part]]; }
};

/// Projects the boundaries once (PROJ, EPSG:3857, clamped at +-85.0511).
TileWorld build_tile_world(const data::Boundaries& boundaries, const render::Style& style);
/// The looks of every shape on the date `sym` was made for.
TilePalette make_palette(const TileWorld& world, const render::Symbolization& sym, const render::Style& style);

}  // namespace sahelmap::tiles
