#include "serve/assets.hpp"

#include <fstream>
#include <sstream>

#include "util/error.hpp"

namespace sahelmap::serve {

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(p.string() + ": missing (run scripts/setup.sh, which installs the preview page's files)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::map<std::string, Asset> load_assets(const std::filesystem::path& web, const std::filesystem::path& leaflet,
                                         const std::filesystem::path& maplibre, const std::filesystem::path& pmtiles) {
  const char* js = "text/javascript; charset=utf-8";
  const char* css = "text/css; charset=utf-8";
  std::map<std::string, Asset> a;
  a["/"] = {"text/html; charset=utf-8", slurp(web / "index.html")};
  a["/index.html"] = a["/"];
  a["/app.js"] = {js, slurp(web / "app.js")};
  a["/app.css"] = {css, slurp(web / "app.css")};
  a["/vector.html"] = {"text/html; charset=utf-8", slurp(web / "vector.html")};
  a["/vector.js"] = {js, slurp(web / "vector.js")};
  a["/vendor/maplibre/maplibre-gl.js"] = {js, slurp(maplibre / "maplibre-gl.js")};
  a["/vendor/maplibre/maplibre-gl.css"] = {css, slurp(maplibre / "maplibre-gl.css")};
  a["/vendor/pmtiles/pmtiles.js"] = {js, slurp(pmtiles / "pmtiles.js")};
  a["/vendor/leaflet/leaflet.js"] = {js, slurp(leaflet / "leaflet.js")};
  a["/vendor/leaflet/leaflet.css"] = {css, slurp(leaflet / "leaflet.css")};
  for (const char* img : {"layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"})
    a[std::string("/vendor/leaflet/images/") + img] = {"image/png", slurp(leaflet / "images" / img)};
  return a;
}

}  // namespace sahelmap::serve
