#include "cli/inputs.hpp"

#include <glib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "data/boundary_cache.hpp"
#include "proj/projection.hpp"
#include "render/words.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace sahelmap::cli {

namespace {
std::string natural_earth_credit(const std::string& scale, const std::string& lang) {
  return "Natural Earth 1:" + scale + " (" + std::string(render::words(lang).public_domain) + ") via world-atlas 2.0.2";
}
}  // namespace

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
      const double centre = (bbox.minx + bbox.maxx) / 2;
      crs = given.centred_on(centre);
      if (crs.empty())
        throw UsageError("bbox " + o.bbox + " crosses the edge of " + o.crs +
                         " and PROJ cannot centre it elsewhere; give a CRS centred on the box (+lon_0=" +
                         std::to_string(static_cast<int>(std::lround(std::remainder(centre, 360.0)))) + ")");
      // Said plainly: the map's coordinates (--debug-layout, the SVG) are not the CRS asked for.
      std::cerr << "note: the box crosses the edge of " << o.crs << "; drawn in that projection centred on the box, "
                << "which is no longer " << o.crs << ": " << crs << "\n";
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
    credit = natural_earth_credit("50m", o.lang);
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

std::string natural_earth_scale(const geom::Box& bbox, int width, int height, double dpi) {
  const double mid = (bbox.miny + bbox.maxy) / 2 * M_PI / 180;
  const double km_wide = bbox.width() * 111.32 * std::max(0.1, std::cos(mid)), km_high = bbox.height() * 110.57;
  const double km_per_px = std::max(km_wide / std::max(1, width), km_high / std::max(1, height));
  // Not 1:110m for world views: their magnifier opens West Africa five times larger, where
  // 1:110m drops the Gambia and Guinea-Bissau and draws the Sahel's borders as a few straight lines.
  if (dpi >= 200) return km_per_px <= 15 ? "10m" : "50m";
  return km_per_px < 1.5 ? "10m" : "50m";
}

Inputs load_inputs_for_page(const MapOptions& o, int width, int height, double dpi) {
  Inputs in = load_inputs(o);
  if (in.default_boundaries) {
    const std::string scale = natural_earth_scale(in.bbox, width, height, dpi);
    in.boundaries_spec = default_boundaries(scale);
    in.data_credit = natural_earth_credit(scale, o.lang);
  }
  return in;
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

namespace {

// Where prepared boundaries are kept: $SAHELMAP_BOUNDARY_CACHE ("off": nowhere), else
// $XDG_CACHE_HOME/sahelmap/boundaries, else ~/.cache/sahelmap/boundaries.
std::filesystem::path boundary_cache_dir() {
  if (const char* e = std::getenv("SAHELMAP_BOUNDARY_CACHE"); e && *e)
    return std::string(e) == "off" ? std::filesystem::path() : std::filesystem::path(e);
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
    return std::filesystem::path(x) / "sahelmap" / "boundaries";
  if (const char* h = std::getenv("HOME"); h && *h)
    return std::filesystem::path(h) / ".cache" / "sahelmap" / "boundaries";
  return {};
}

// The files whose bytes decide the prepared boundaries: the source (with a shapefile's siblings)
// and the country table. Empty when the source is not a plain file (/vsizip/ paths, URLs).
std::vector<std::filesystem::path> boundary_inputs(const Inputs& in, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  std::vector<fs::path> files{path};
  const fs::path p(path);
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".shp")
    for (const auto& e : fs::directory_iterator(p.parent_path().empty() ? fs::path(".") : p.parent_path(), ec))
      if (e.path() != p && e.path().stem() == p.stem() && e.is_regular_file(ec)) files.push_back(e.path());
  std::sort(files.begin() + 1, files.end());
  files.push_back(in.countries_path);
  return files;
}

// Keeps the newest entries only.
void prune(const std::filesystem::path& dir, std::size_t keep) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".bin") entries.push_back({e.last_write_time(ec), e.path()});
  if (entries.size() <= keep) return;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = keep; i < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

data::Boundaries prepared_boundaries(const Inputs& in, const std::string& spec) {
  const auto [path, layer] = data::split_layer(spec);
  const std::filesystem::path dir = boundary_cache_dir();
  const auto files = dir.empty() ? std::vector<std::filesystem::path>{} : boundary_inputs(in, path);
  if (files.empty()) return data::load_boundaries(spec, in.countries);
  // The program that prepared them is part of the key too: a rebuilt sahelmap prepares afresh.
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::string build =
      ec ? std::string("?")
         : std::to_string(std::filesystem::file_size(exe, ec)) + " " +
               std::to_string(std::filesystem::last_write_time(exe, ec).time_since_epoch().count());
  const std::string key = data::boundaries_key(files, "layer " + layer + "\nprogram " + build);
  const std::filesystem::path file = dir / (key + ".bin");
  if (auto cached = data::read_cached_boundaries(file, key)) {
    cached->source = path;  // the same bytes may have been read from another folder before
    return std::move(*cached);
  }
  data::Boundaries b = data::load_boundaries(spec, in.countries);
  try {
    // A cache that cannot be written (a read-only home) only makes the next run slower.
    std::filesystem::create_directories(dir);
    data::write_cached_boundaries(file, key, b);
    prune(dir, 16);
  } catch (const std::exception&) {
  }
  return b;
}

}  // namespace

data::Boundaries load_boundaries(const Inputs& in) {
  return load_boundaries(in, in.boundaries_spec);
}

data::Boundaries load_boundaries(const Inputs& in, const std::string& spec) {
  auto b = prepared_boundaries(in, spec);
  if (b.repaired && !in.default_boundaries)
    std::cerr << "warning: " << spec << ": repaired " << b.repaired
              << " invalid polygon feature(s) with GEOS MakeValid\n";
  if (b.skipped && !in.default_boundaries)
    std::cerr << "warning: " << spec << ": skipped " << b.skipped
              << " feature(s) without a polygon (empty, point/line or broken geometry)\n";
  if (b.closed && !in.default_boundaries)
    std::cerr << "warning: " << spec << ": closed " << b.closed << " unclosed ring(s)\n";
  return b;
}

std::vector<ZoomSource> tile_sources(const Inputs& in, int minzoom, int maxzoom, const std::string& lang) {
  if (!in.default_boundaries)
    return {{.minzoom = minzoom, .maxzoom = maxzoom, .spec = in.boundaries_spec, .credit = in.data_credit}};
  std::vector<ZoomSource> out;
  if (minzoom < kTenMetreZoom)
    out.push_back({.minzoom = minzoom,
                   .maxzoom = std::min(maxzoom, kTenMetreZoom - 1),
                   .spec = default_boundaries("50m"),
                   .credit = natural_earth_credit("50m", lang)});
  if (maxzoom >= kTenMetreZoom)
    out.push_back({.minzoom = std::max(minzoom, kTenMetreZoom),
                   .maxzoom = maxzoom,
                   .spec = default_boundaries("10m"),
                   .credit = natural_earth_credit("10m", lang)});
  return out;
}

std::string sources_credit(const std::vector<ZoomSource>& sources, const std::string& lang) {
  if (sources.size() == 1) return sources.front().credit;
  std::string out;
  for (const ZoomSource& s : sources)
    out += (out.empty() ? "" : "; ") + s.credit + " " + std::string(render::words(lang).for_zooms) + " " +
           std::to_string(s.minzoom) + "-" + std::to_string(s.maxzoom);
  return out;
}

}  // namespace sahelmap::cli
