#pragma once
// What every command loads before it works: tables, style, date, boundaries.
#include <string>

#include "cli/options.hpp"
#include "data/blocs.hpp"
#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/date.hpp"
#include "render/style.hpp"

namespace sahelmap::cli {

struct Inputs {
  data::CountryTable countries;
  data::BlocTable blocs;
  render::Style style;
  data::Date date;
  std::string boundaries_spec;
  bool default_boundaries = false;  // world-atlas: its 3 known invalid polygons need no warning
  std::string data_credit;
  geom::Box bbox;
  std::string crs;
};

/// Validates the option values (UsageError) and loads tables and style (Error).
Inputs load_inputs(const MapOptions& o);

/// Loads the boundaries and reports repairs of user data on stderr.
data::Boundaries load_boundaries(const Inputs& in);

}  // namespace sahelmap::cli
