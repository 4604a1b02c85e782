#pragma once
// A plain-language description of the map from its data, for screen readers (--alt-text, SVG
// <desc>): who is in which bloc on the date, and which events are shown.
#include <string>
#include <vector>

#include "data/countries.hpp"
#include "data/date.hpp"
#include "render/event_layer.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct AltTextInput {
  const Symbolization* sym;
  const data::CountryTable* countries;
  data::Date date;
  std::string lang;
  std::string region;                // "West Africa and the Sahel"
  std::vector<std::string> visible;  // country codes on the map
  const std::vector<EventGroup>* events;
};

std::string alt_text(const AltTextInput& in);

}  // namespace sahelmap::render
