#include "cli/inputs.hpp"

#include <filesystem>
#include <iostream>

#include "util/error.hpp"
#include "util/paths.hpp"

namespace sahelmap::cli {

Inputs load_inputs(const MapOptions& o) {
  if (o.lang != "en" && o.lang != "fr") throw UsageError("lang '" + o.lang + "': use en or fr");
  const data::Date date = o.date.empty() ? data::Date::today() : data::Date::parse(o.date);
  const geom::Box bbox = o.bbox.empty() ? kDefaultBbox : parse_bbox(o.bbox);
  const DataPaths paths = data_paths();
  const std::string countries_csv =
      o.countries_csv.empty() ? (paths.root / "shapes" / "countries.csv").string() : o.countries_csv;
  const std::string blocs_csv =
      o.blocs_csv.empty() ? (paths.root / "shapes" / "blocs.csv").string() : o.blocs_csv;
  auto countries = data::CountryTable::load(countries_csv);
  auto blocs = data::BlocTable::load(blocs_csv, countries);
  auto style = render::Style::load(render::resolve_style(o.style, paths.root / "styles"));
  std::string spec = o.boundaries, credit;
  if (spec.empty()) {
    spec = default_boundaries("50m");
    credit = "Natural Earth (public domain) via world-atlas 2.0.2";
  } else {
    credit = std::filesystem::path(data::split_layer(spec).first).filename().string();
  }
  return {std::move(countries), std::move(blocs), std::move(style), date, spec, o.boundaries.empty(),
          credit, bbox, o.crs.empty() ? default_crs(bbox) : o.crs};
}

data::Boundaries load_boundaries(const Inputs& in) {
  auto b = data::load_boundaries(in.boundaries_spec, in.countries);
  if (b.repaired && !in.default_boundaries)
    std::cerr << "warning: " << in.boundaries_spec << ": repaired " << b.repaired
              << " invalid polygon feature(s) with GEOS MakeValid\n";
  return b;
}

}  // namespace sahelmap::cli
