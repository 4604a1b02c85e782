#pragma once
// The pixel-truth net's ground truth, computed with GEOS from the boundaries alone: points well
// inside one country (the centres of maximum inscribed circles, and random points far from the
// borders) and points far out at sea, each with the radius of a disc around it that stays where
// it is (in lon/lat degrees). What a pixel there should be comes from the bloc table and the style,
// not from the renderer's own symbolization.
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cli/inputs.hpp"
#include "data/blocs.hpp"
#include "data/boundaries.hpp"
#include "data/date.hpp"
#include "data/events.hpp"
#include "geom/geometry.hpp"
#include "render/color.hpp"
#include "render/display_list.hpp"
#include "render/placement/poster_layout.hpp"
#include "render/style.hpp"

namespace sahelmap::test {

struct Sample {
  std::string code;  // empty: sea
  geom::Point at;    // lon/lat
  double r = 0;      // degrees: the disc of this radius around `at` is inside the country (or sea)
};

/// Land and sea samples of `b` (seeded: the same every run).
std::vector<Sample> truth_samples(const data::Boundaries& b, unsigned seed);

/// The colours a country's inside may have on `date` in `style`: its first bloc's fill (in the
/// style's order), and the fills of its other blocs (stripes, and their antialiased mix).
struct Expected {
  render::Color fill;
  std::vector<render::Color> stripes;
};
Expected expected_fill(const data::BlocTable& blocs, const render::Style& style, const std::string& code,
                       data::Date date);

/// What a lon/lat box holds, from the boundaries: sea alone, the inside of one country, or more.
class Cover {
 public:
  explicit Cover(const data::Boundaries& b);
  ~Cover();
  enum class Kind { Sea, One, Mixed };
  struct Result {
    Kind kind;
    std::string code;  // Kind::One
  };
  Result of(const geom::Box& lonlat) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// True when `c` (0-255 channels) is the fill, or on the way from it to one of the stripes.
bool matches(const Expected& e, int r, int g, int b, double tolerance = 10);

/// True for what is drawn over the map (names, markers, callouts, furniture), false for the map
/// itself (page, space, sea, countries, borders, frame).
bool over_the_map(render::Part part);

/// Pixel distance from `p` to what a display list draws over the map (names, markers, callouts,
/// leaders, legend, inset, ...) beyond `margin`: false when `p` lies on or near any of it. The
/// list's coordinates are shifted by (dx, dy) first (a tile's origin in global pixels).
bool clear_of_overlays(const render::DisplayList& list, geom::Point p, double margin, double dx = 0, double dy = 0);

/// What users get by default, loaded once per test process: the inputs (default options), the
/// boundaries they name, the events and the places.
struct DefaultWorld {
  cli::Inputs in;
  data::Boundaries boundaries;
  std::vector<data::Event> events;
  std::vector<data::Place> places;
};
const DefaultWorld& default_world();

/// A poster of `in` as users get it (names and events on) over `boundaries`, `width` x `height`
/// pixels at `dpi`.
render::PosterRequest poster_request(const cli::Inputs& in, const data::Boundaries& boundaries,
                                     const std::vector<data::Event>& events, const std::vector<data::Place>& places,
                                     const std::string& lang, int width, int height, double dpi);

}  // namespace sahelmap::test
