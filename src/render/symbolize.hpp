#pragma once
// From memberships on a date and a style to what each country looks like, and the legend.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "data/blocs.hpp"
#include "data/date.hpp"
#include "render/style.hpp"

namespace sahelmap::render {

struct Affiliation {
  const BlocStyle* bloc;
  std::string role;
  Color fill;
};

/// How a filled area looks, on posters and tiles alike.
struct Look {
  Color fill;
  std::optional<Color> hatch;  // second bloc at once: stripes over the fill
  friend bool operator==(const Look&, const Look&) = default;
};

/// A country's look and why it looks so.
struct CountryLook : Look {
  std::vector<Affiliation> affiliations;  // in style priority order
};

struct LegendEntry {
  std::string label;
  Color fill;
  std::optional<Color> hatch;
};

struct Symbolization {
  std::unordered_map<std::string, CountryLook> looks;  // by country code; others get land
  std::vector<LegendEntry> legend;                     // only what the map shows

  const CountryLook* look(const std::string& code) const {
    const auto it = looks.find(code);
    return it == looks.end() ? nullptr : &it->second;
  }
};

/// Names an outside partner in the legend entry of its role ("Security partner of Mali,
/// Burkina Faso or Niger: Russia", then ", France" for the next); a new entry when the map shows none of that role.
void name_in_legend(std::vector<LegendEntry>& legend, const std::string& label, const Color& fill,
                    const std::string& name, std::string_view colon);

/// @param present country codes on the map (others do not enter the legend); empty = all.
Symbolization symbolize(const data::BlocTable& blocs, data::Date date, const Style& style, std::string_view lang,
                        const std::vector<std::string>& present = {});

}  // namespace sahelmap::render
