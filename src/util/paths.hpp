#pragma once
// Where sahelmap finds its tables, styles and the Natural Earth cache.
#include <filesystem>
#include <string>

namespace sahelmap {

struct DataPaths {
  std::filesystem::path root;         // holds shapes/, styles/ and web/
  std::filesystem::path world_atlas;  // holds countries-{10m,50m,110m}.json
  std::filesystem::path leaflet;      // Leaflet's dist/ folder (from npm), for the preview page
  std::filesystem::path maplibre;     // MapLibre GL JS's dist/ folder (from npm), for the vector page
  std::filesystem::path pmtiles;      // the pmtiles library's dist/ folder (from npm), for the same
};

/// $SAHELMAP_DATA_DIR if set; else <exe>/../share/sahelmap when installed; else the source tree
/// and download cache the build was configured with.
DataPaths data_paths();

/// world-atlas countries at `scale` ("10m", "50m", "110m").
/// @throws Error telling the user to run the setup (or pass --boundaries) when it is missing.
std::string default_boundaries(const std::string& scale = "50m");

}  // namespace sahelmap
