#pragma once
// What every command loads before it works: tables, style, date, boundaries.
#include <string>
#include <vector>

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

/// The Natural Earth scale a default map is drawn from ("50m" or "10m"), from the ground distance a
/// pixel covers over the bbox: on a screen (under 200 dpi) 1:10m under 1.5 km a pixel (zoomed in),
/// else 1:50m; in print (200 dpi and more) 1:10m up to 15 km a pixel, else 1:50m.
std::string natural_earth_scale(const geom::Box& bbox, int width, int height, double dpi);

/// load_inputs, with the default boundaries at the scale that suits a page of that size.
Inputs load_inputs_for_page(const MapOptions& o, int width, int height, double dpi);

/// Loads the boundaries and reports repairs of user data on stderr.
data::Boundaries load_boundaries(const Inputs& in);
/// The same for another source than in.boundaries_spec (one of tile_sources()).
data::Boundaries load_boundaries(const Inputs& in, const std::string& spec);

/// The boundaries that draw a range of zooms of a tile pyramid or a server.
struct ZoomSource {
  int minzoom = 0, maxzoom = 0;
  std::string spec;    // boundaries path[:layer]
  std::string credit;  // as in Inputs::data_credit
};
/// Which source draws which zooms in [minzoom, maxzoom]: for the default data Natural Earth 1:50m
/// up to zoom 5 and 1:10m from zoom 6 (about 2.4 km a pixel, where 1:50m's straight segments
/// show); not 1:110m, which has no Cabo Verde, an ECOWAS member. With --boundaries: that source
/// for every zoom.
std::vector<ZoomSource> tile_sources(const Inputs& in, int minzoom, int maxzoom, const std::string& lang);
/// Zoom 6: the first zoom drawn from 1:10m by default.
inline constexpr int kTenMetreZoom = 6;
/// "Natural Earth 1:50m (zooms 0-5) and 1:10m (zooms 6-9) ..." for attributions.
std::string sources_credit(const std::vector<ZoomSource>& sources, const std::string& lang);

}  // namespace sahelmap::cli
