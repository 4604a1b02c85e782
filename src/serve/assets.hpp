#pragma once
// The preview page's files (index.html, app.js, app.css, Leaflet): a fixed table read once at
// start-up and served from memory, never a path taken from a request.
#include <filesystem>
#include <map>
#include <string>

namespace sahelmap::serve {

struct Asset {
  std::string type;  // Content-Type
  std::string bytes;
};

/// URL path -> file. @throws Error naming a missing file (and how to get it).
std::map<std::string, Asset> load_assets(const std::filesystem::path& web_dir, const std::filesystem::path& leaflet_dir,
                                         const std::filesystem::path& maplibre_dir,
                                         const std::filesystem::path& pmtiles_dir);

}  // namespace sahelmap::serve
