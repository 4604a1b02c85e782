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
  std::string style_path, blocs_path, countries_path;
};

/// A digest of everything that decides what a map looks like (data, tables, style, date, bbox,
/// language) plus `extra`: a resumed tile run must continue the same pyramid.
std::string fingerprint(const Inputs& in, const std::string& lang, const std::string& extra);

/// Validates the option values (UsageError) and loads tables and style (Error).
Inputs load_inputs(const MapOptions& o);

/// Loads the boundaries and reports repairs of user data on stderr.
data::Boundaries load_boundaries(const Inputs& in);

}  // namespace sahelmap::cli
