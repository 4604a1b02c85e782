#pragma once
// Country and capital labels: placed inside the country's largest visible part (pole of
// inaccessibility), bloc members first, never over anything already placed; text colour chosen
// for contrast with the fill beneath, with a halo.
#include <string>
#include <vector>

#include "data/countries.hpp"
#include "data/events.hpp"
#include "proj/projection.hpp"
#include "proj/scene.hpp"
#include "render/layout.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"
#include "render/text.hpp"

namespace sahelmap::render {

struct Label {
  std::string kind;  // "label" (country) or "capital"
  std::string text;
  Font font;
  double wrap = -1;         // wrap width the text was laid out with
  Rect rect;                // text box
  geom::Point dot{-1, -1};  // capitals: the dot
  Color color, halo;
  double contrast = 21;   // text against the fill beneath
  bool knockout = false;  // over stripes: a wide halo in the base fill
  int unknown_glyphs = 0;
};

struct LabelContext {
  const proj::Scene* scene;
  const ViewTransform* view;
  const Symbolization* sym;
  const Style* style;
  const data::CountryTable* countries;
  std::string lang;
  double unit;  // pixels per CSS pixel
};

/// Country labels for countries in `codes_first` (in that order), then the others if `rest`.
std::vector<Label> place_country_labels(const LabelContext& cx, const std::vector<std::string>& codes, Occupancy& occ);

/// Capitals of countries on the map, bloc members first.
std::vector<Label> place_capitals(const LabelContext& cx, const std::vector<data::Place>& places,
                                  const proj::Projection& projection, const std::vector<std::string>& priority,
                                  Occupancy& occ);

void draw_label(cairo_t* cr, const Label& l, double unit);

/// The fill under a map pixel (the land colour outside any bloc, the sea outside any country).
Color fill_at(const LabelContext& cx, geom::Point px);

}  // namespace sahelmap::render
