#pragma once
// Country and capital names: a country's name inside its largest visible part (near its pole of
// inaccessibility), never over anything already placed; text colour chosen for contrast with the
// fill beneath (WCAG AA), with a halo.
#include <cstdint>
#include <string>
#include <vector>

#include "data/countries.hpp"
#include "data/events.hpp"
#include "proj/projection.hpp"
#include "proj/scene.hpp"
#include "render/display_list.hpp"
#include "render/placement/occupancy.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct Label {
  Part part = Part::Label;  // Label (a country) or Capital
  TextSpec spec;
  std::string code;                 // countries: the ISO code
  Rect rect;                        // text box
  geom::Point dot{-1, -1};          // capitals: the dot
  std::vector<geom::Point> leader;  // capitals named away from their dot (a crowd of them): the line
  Color color, halo;
  double contrast = 21;   // text against the fill beneath
  bool knockout = false;  // over stripes: a wide halo in the base fill
  int unknown_glyphs = 0;
};

struct LabelContext {
  const proj::Scene* scene = nullptr;
  const ViewTransform* view = nullptr;
  const Symbolization* sym = nullptr;
  const Style* style = nullptr;
  const data::CountryTable* countries = nullptr;
  std::string lang;
  double unit = 1;  // pixels per CSS pixel
  const TextMeasurer* measure = nullptr;
  double min_font = 0;  // pixels: names are not shrunk below this (the web embed's 12 CSS px)
};

/// Names of the countries in `codes`, in that order, where each fits: at or near the largest part's
/// pole; `anywhere`: a bloc member's also at any free spot inside it, nearest the pole first.
std::vector<Label> place_country_labels(const LabelContext& cx, const std::vector<std::string>& codes, Occupancy& occ,
                                        bool anywhere = false);

/// Which capitals to name: all, only those of the countries in `priority`, or the others.
enum class Capitals { All, Members, Others };

/// Capitals of the countries on the map, those of `priority` first (in its order), then by
/// population.
std::vector<Label> place_capitals(const LabelContext& cx, const std::vector<data::Place>& places,
                                  const proj::Projection& projection, const std::vector<std::string>& priority,
                                  Occupancy& occ, Capitals which = Capitals::All);

/// Marks the dots of the capitals of `members` in `occ`, so that names placed before them leave
/// them free (place_capitals then names them).
void reserve_capital_dots(const LabelContext& cx, const std::vector<data::Place>& places,
                          const proj::Projection& projection, const std::vector<std::string>& members, Occupancy& occ);

/// The label as a group: the capital's dot, then the text over its halo.
void add_label(DisplayList& out, const Label& l, double unit, std::uint16_t clip);

/// The fill under a map pixel (the land colour outside any bloc, the sea outside any country).
Color fill_at(const LabelContext& cx, geom::Point px);

}  // namespace sahelmap::render
