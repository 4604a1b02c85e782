#pragma once
// Changes over time (data/changes.hpp) in words: `info --changes`, and the alt text of a sheet
// of small multiples or an animation.
#include <string>
#include <string_view>
#include <vector>

#include "data/changes.hpp"
#include "data/countries.hpp"
#include "render/style.hpp"

namespace sahelmap::render {

/// "Niger: ECOWAS member → ECOWAS member, suspended", "Mali: now Confederation of Sahel States
/// (AES)", "Niamey: Russian flags raised on 15 Niamey roundabouts".
std::string describe(const data::Change& c, const Style& style, const data::CountryTable& countries,
                     std::string_view lang);

/// "What changed from 1 July 2023 to 1 June 2025: 26 July 2023, ...; ..." (or that nothing did).
std::string changes_text(const std::vector<data::Change>& changes, data::Date from, data::Date to, const Style& style,
                         const data::CountryTable& countries, std::string_view lang);

}  // namespace sahelmap::render
