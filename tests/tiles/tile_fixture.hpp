#pragma once
// Natural Earth 1:50m as the tile engine sees it, on 22 November 2026 in the default style: built
// once per test executable.
#include "data/blocs.hpp"
#include "data/boundaries.hpp"
#include "render/symbolize.hpp"
#include "test_paths.hpp"
#include "tiles/tile_world.hpp"

namespace sahelmap::tiles::test_fixture {

struct World {
  data::CountryTable countries = data::CountryTable::load(sahelmap::test::countries_csv());
  data::BlocTable blocs = data::BlocTable::load(sahelmap::test::blocs_csv(), countries);
  render::Style style = render::Style::load(sahelmap::test::source("styles/default.toml"));
  data::Boundaries boundaries =
      data::load_boundaries(sahelmap::test::shared("naturalearth/ne_50m_admin_0_countries.json"), countries);
  render::Symbolization sym = render::symbolize(blocs, data::Date::parse("2026-11-22"), style, "en");
  TileWorld world = build_tile_world(boundaries, style);
  TilePalette palette = make_palette(world, sym, style);
};
inline const World& fixture() {
  static const World w;
  return w;
}
inline const TileWorld& world() {
  return fixture().world;
}
inline const TilePalette& palette() {
  return fixture().palette;
}

}  // namespace sahelmap::tiles::test_fixture

namespace sahelmap::tiles {
using test_fixture::fixture;
using test_fixture::palette;
using test_fixture::world;
}  // namespace sahelmap::tiles
