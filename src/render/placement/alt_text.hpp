#pragma once
// A plain-language description of the map from its data, for screen readers (--alt-text, SVG
// <desc>, PDF subject): who is in which bloc on the date, and which events are shown.
#include <string>
#include <vector>

#include "data/countries.hpp"
#include "data/date.hpp"
#include "render/placement/events.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct AltTextInput {
  const Symbolization* sym = nullptr;
  const data::CountryTable* countries = nullptr;
  data::Date date;
  std::string lang;
  std::string region;                // "West Africa and the Sahel"
  std::vector<std::string> visible;  // country codes on the map
  const std::vector<EventGroup>* events = nullptr;
  std::string data_credit;  // the boundaries used
};

std::string alt_text(const AltTextInput& in);

}  // namespace sahelmap::render
