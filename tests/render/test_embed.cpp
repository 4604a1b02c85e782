#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "data/boundaries.hpp"
#include "data/events.hpp"
#include "render/poster.hpp"
#include "test_paths.hpp"

using namespace sahelmap;
using namespace sahelmap::render;

namespace {
struct Fixture {
  data::CountryTable countries = data::CountryTable::load(test::countries_csv());
  data::BlocTable blocs = data::BlocTable::load(test::blocs_csv(), countries);
  data::Boundaries boundaries = data::load_boundaries(test::world_atlas("countries-110m.json"), countries);
  std::vector<data::Event> events = data::load_events(test::source("shapes/events.geojson"));
  Style style = Style::load(test::source("styles/default.toml"));
};
const Fixture& fx() {
  static const Fixture f;
  return f;
}
PosterRequest request(geom::Box bbox) {
  return {.countries = &fx().countries,
          .blocs = &fx().blocs,
          .boundaries = &fx().boundaries,
          .style = &fx().style,
          .date = data::Date::parse("2026-11-22"),
          .bbox = bbox,
          .events = &fx().events};
}
}  // namespace

// The phone's map of the default view: the AES whole, every event place in the view, and
// narrower than the whole view (so its markers have room).
TEST(Embed, APhonesMapFocusesOnTheFirstBlocAndTheEvents) {
  const geom::Box all{-26, 1, 30, 28};
  const geom::Box f = focus_box(request(all));
  EXPECT_TRUE(all.contains(f));
  EXPECT_LE(f.width(), 0.85 * all.width());
  for (const auto& shape : fx().boundaries.shapes)
    if (shape.code == "MLI" || shape.code == "NER" || shape.code == "BFA") {
      geom::Box b;
      for (const auto& p : shape.geometry) b.expand(geom::bounds(p));
      EXPECT_TRUE(f.contains(b)) << shape.code;
    }
  int inside = 0;
  for (const auto& e : fx().events)
    if (all.contains(e.lonlat)) {
      EXPECT_TRUE(f.contains(e.lonlat)) << e.title;
      ++inside;
    }
  EXPECT_GT(inside, 10);
}

TEST(Embed, AViewAlreadyCloseOrAcrossTheAntimeridianStaysAsAsked) {
  const geom::Box close{-10, 5, 20, 25};
  EXPECT_EQ(focus_box(request(close)), close);
  const geom::Box pacific{150, -50, 200, 10};
  EXPECT_EQ(focus_box(request(pacific)), pacific);
  // Nothing of the first bloc or its events in view: the view.
  const geom::Box europe{-10, 35, 30, 60};
  EXPECT_EQ(focus_box(request(europe)), europe);
}
