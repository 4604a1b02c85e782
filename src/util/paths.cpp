#include "util/paths.hpp"

#include <unistd.h>

#include <cstdlib>

#include "util/error.hpp"

#ifndef SAHELMAP_SOURCE_DIR
#define SAHELMAP_SOURCE_DIR "."
#endif
#ifndef SAHELMAP_CACHE_DIR
#define SAHELMAP_CACHE_DIR "./.cache"
#endif

namespace sahelmap {
namespace fs = std::filesystem;

DataPaths data_paths() {
  std::error_code ec;
  if (const char* env = std::getenv("SAHELMAP_DATA_DIR"); env && *env) {
    const fs::path root(env);
    const fs::path wa = fs::exists(root / "world-atlas", ec) ? root / "world-atlas"
                                                             : fs::path(SAHELMAP_CACHE_DIR) / "world-atlas-2.0.2";
    const fs::path leaflet = fs::exists(root / "web" / "vendor" / "leaflet", ec)
                                 ? root / "web" / "vendor" / "leaflet"
                                 : fs::path(SAHELMAP_CACHE_DIR) / "web" / "node_modules" / "leaflet" / "dist";
    const fs::path maplibre = fs::exists(root / "web" / "vendor" / "maplibre", ec)
                                  ? root / "web" / "vendor" / "maplibre"
                                  : fs::path(SAHELMAP_CACHE_DIR) / "web" / "node_modules" / "maplibre-gl" / "dist";
    const fs::path pmtiles = fs::exists(root / "web" / "vendor" / "pmtiles", ec)
                                 ? root / "web" / "vendor" / "pmtiles"
                                 : fs::path(SAHELMAP_CACHE_DIR) / "web" / "node_modules" / "pmtiles" / "dist";
    return {root, wa, leaflet, maplibre, pmtiles};
  }
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path share = exe.parent_path().parent_path() / "share" / "sahelmap";
    if (fs::exists(share / "shapes" / "countries.csv", ec))
      return {share, share / "world-atlas", share / "web" / "vendor" / "leaflet", share / "web" / "vendor" / "maplibre",
              share / "web" / "vendor" / "pmtiles"};
  }
  return {fs::path(SAHELMAP_SOURCE_DIR), fs::path(SAHELMAP_CACHE_DIR) / "world-atlas-2.0.2",
          fs::path(SAHELMAP_CACHE_DIR) / "web" / "node_modules" / "leaflet" / "dist",
          fs::path(SAHELMAP_CACHE_DIR) / "web" / "node_modules" / "maplibre-gl" / "dist",
          fs::path(SAHELMAP_CACHE_DIR) / "web" / "node_modules" / "pmtiles" / "dist"};
}

std::string default_boundaries(const std::string& scale) {
  const fs::path p = data_paths().world_atlas / ("countries-" + scale + ".json");
  std::error_code ec;
  if (!fs::exists(p, ec))
    throw Error("Natural Earth data not found at " + p.string() +
                " (run scripts/setup.sh to fetch world-atlas 2.0.2, or pass --boundaries)");
  return p.string();
}

}  // namespace sahelmap
