#include "cli/inputs.hpp"

#include <glib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "proj/projection.hpp"
#include "render/words.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace sahelmap::cli {

Inputs load_inputs(const MapOptions& o) {
  if (o.lang != "en" && o.lang != "fr") throw UsageError("lang '" + o.lang + "': use en or fr");
  const data::Date date = o.date.empty() ? data::Date::today() : data::Date::parse(o.date);
  const geom::Box bbox = o.bbox.empty() ? kDefaultBbox : parse_bbox(o.bbox);
  std::string crs = o.crs.empty() ? default_crs(bbox) : o.crs;
  if (!o.crs.empty()) {
    // An unknown CRS fails before any data is read. A box across the CRS's own antimeridian (a
    // Pacific box in Web Mercator or plate carree) gets the same projection centred on the box.
    const proj::Projection given(o.crs);
    if (given.crosses_edge(bbox)) {
      double centre = (bbox.minx + bbox.maxx) / 2;
      crs = given.centred_on(centre);
      if (crs.empty())
        throw UsageError("bbox " + o.bbox + " crosses the edge of " + o.crs +
                         " and PROJ cannot centre it elsewhere; give a CRS centred on the box (+lon_0=" +
                         std::to_string(static_cast<int>(std::lround(std::remainder(centre, 360.0)))) + ")");
      std::cerr << "note: " << o.crs << " centred on the box: " << crs << "\n";
    }
  }
  const DataPaths paths = data_paths();
  const std::string countries_csv =
      o.countries_csv.empty() ? (paths.root / "shapes" / "countries.csv").string() : o.countries_csv;
  const std::string blocs_csv = o.blocs_csv.empty() ? (paths.root / "shapes" / "blocs.csv").string() : o.blocs_csv;
  auto countries = data::CountryTable::load(countries_csv);
  auto blocs = data::BlocTable::load(blocs_csv, countries);
  const auto style_path = render::resolve_style(o.style, paths.root / "styles");
  auto style = render::Style::load(style_path);
  std::string spec = o.boundaries, credit;
  if (spec.empty()) {
    spec = default_boundaries("50m");
    credit = "Natural Earth (" + std::string(render::words(o.lang).public_domain) + ") via world-atlas 2.0.2";
  } else {
    credit = std::filesystem::path(data::split_layer(spec).first).filename().string();
  }
  return {.countries = std::move(countries),
          .blocs = std::move(blocs),
          .style = std::move(style),
          .date = date,
          .boundaries_spec = spec,
          .default_boundaries = o.boundaries.empty(),
          .data_credit = credit,
          .bbox = bbox,
          .crs = crs,
          .style_path = style_path.string(),
          .blocs_path = blocs_csv,
          .countries_path = countries_csv};
}

std::string fingerprint(const Inputs& in, const std::string& lang, const std::string& extra) {
  GChecksum* sum = g_checksum_new(G_CHECKSUM_SHA256);
  auto add_text = [&](const std::string& s) {
    g_checksum_update(sum, reinterpret_cast<const guchar*>(s.data()), static_cast<gssize>(s.size()));
    g_checksum_update(sum, reinterpret_cast<const guchar*>("\n"), 1);
  };
  auto add_file = [&](const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    add_text(path);
    add_text(ss.str());
  };
  add_text(in.boundaries_spec);
  std::error_code ec;
  const auto size = std::filesystem::file_size(data::split_layer(in.boundaries_spec).first, ec);
  add_text(ec ? "?" : std::to_string(size));
  add_file(in.style_path);
  add_file(in.blocs_path);
  add_file(in.countries_path);
  add_text(in.date.str());
  add_text(lang);
  add_text(extra);
  std::string hex = g_checksum_get_string(sum);
  g_checksum_free(sum);
  return hex;
}

data::Boundaries load_boundaries(const Inputs& in) {
  auto b = data::load_boundaries(in.boundaries_spec, in.countries);
  if (b.repaired && !in.default_boundaries)
    std::cerr << "warning: " << in.boundaries_spec << ": repaired " << b.repaired
              << " invalid polygon feature(s) with GEOS MakeValid\n";
  if (b.skipped && !in.default_boundaries)
    std::cerr << "warning: " << in.boundaries_spec << ": skipped " << b.skipped
              << " feature(s) without a polygon (empty, point/line or broken geometry)\n";
  if (b.closed && !in.default_boundaries)
    std::cerr << "warning: " << in.boundaries_spec << ": closed " << b.closed << " unclosed ring(s)\n";
  return b;
}

}  // namespace sahelmap::cli
