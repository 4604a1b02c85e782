#include "tiles/tile_world.hpp"

#include <algorithm>
#include <cmath>

#include "geom/tile.hpp"
#include "proj/projector.hpp"
#include "proj/scene.hpp"

namespace sahelmap::tiles {

GridIndex::GridIndex(const std::vector<geom::Box>& items, int cells_per_side)
    : n_(cells_per_side), cells_(static_cast<std::size_t>(cells_per_side) * cells_per_side), bounds_(items) {
  const double cell = 2 * geom::kMercatorHalf / n_;
  auto idx = [&](double v) {
    return std::clamp(static_cast<int>(std::floor((v + geom::kMercatorHalf) / cell)), 0, n_ - 1);
  };
  for (std::uint32_t i = 0; i < items.size(); ++i) {
    const geom::Box& b = items[i];
    if (!b.valid()) continue;
    for (int y = idx(b.miny); y <= idx(b.maxy); ++y)
      for (int x = idx(b.minx); x <= idx(b.maxx); ++x) cells_[static_cast<std::size_t>(y) * n_ + x].push_back(i);
  }
}

void GridIndex::query(const geom::Box& box, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (n_ == 0) return;
  const double cell = 2 * geom::kMercatorHalf / n_;
  auto idx = [&](double v) {
    return std::clamp(static_cast<int>(std::floor((v + geom::kMercatorHalf) / cell)), 0, n_ - 1);
  };
  for (int y = idx(box.miny); y <= idx(box.maxy); ++y)
    for (int x = idx(box.minx); x <= idx(box.maxx); ++x)
      for (std::uint32_t i : cells_[static_cast<std::size_t>(y) * n_ + x])
        if (bounds_[i].intersects(box)) out.push_back(i);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

TileWorld build_tile_world(const data::Boundaries& boundaries, const render::Style& style) {
  TileWorld w;
  w.background = style.background;
  w.border = style.border;
  w.border_width = style.border_width;
  w.hatch_width = style.hatch_width;
  w.hatch_spacing = style.hatch_spacing;

  const proj::Projection mercator("EPSG:3857");
  proj::LonLatView lonlat_of(boundaries);
  // The clamp at +-85.0511 comes from the projection's area of use (Projector).
  proj::Projector projector(mercator, {-180, -90, 180, 90});
  std::vector<geom::Box> part_boxes, border_boxes;
  for (const auto& shape : boundaries.shapes) {
    const auto index = static_cast<std::uint32_t>(w.codes.size());
    w.codes.push_back(shape.code);
    const geom::MultiPolygon& lonlat = lonlat_of(shape);
    for (auto& p : projector.polygons(lonlat)) {
      w.parts.emplace_back(std::move(p));
      w.part_shape.push_back(index);
      part_boxes.push_back(w.parts.back().bounds);
    }
    for (auto& l : projector.outlines(lonlat)) {
      border_boxes.push_back(geom::bounds(l));
      w.borders.push_back(std::move(l));
    }
  }
  w.part_index = GridIndex(part_boxes, 64);
  w.border_index = GridIndex(border_boxes, 64);
  return w;
}

TilePalette make_palette(const TileWorld& world, const render::Symbolization& sym, const render::Style& style) {
  TilePalette p;
  auto look_index = [&](const Look& l) {
    for (std::uint32_t i = 0; i < p.looks.size(); ++i)
      if (p.looks[i] == l) return i;
    p.looks.push_back(l);
    return static_cast<std::uint32_t>(p.looks.size() - 1);
  };
  for (const auto& code : world.codes) {
    const render::CountryLook* cl = sym.look(code);
    p.shape_look.push_back(look_index(cl ? static_cast<const Look&>(*cl) : Look{.fill = style.land}));
  }
  return p;
}

}  // namespace sahelmap::tiles
