#pragma once
// Paths the tests use: the source tree, the shared Natural Earth data, the world-atlas cache.
#include <string>

namespace sahelmap::test {

inline std::string source(const std::string& rel) {
  return std::string(SAHELMAP_SOURCE_DIR) + "/" + rel;
}
inline std::string shared(const std::string& rel) {
  return std::string(SAHELMAP_SHARED_DATA) + "/" + rel;
}
inline std::string world_atlas(const std::string& file) {
  return std::string(SAHELMAP_CACHE_DIR) + "/world-atlas-2.0.2/" + file;
}
inline std::string countries_csv() {
  return source("shapes/countries.csv");
}
inline std::string blocs_csv() {
  return source("shapes/blocs.csv");
}

}  // namespace sahelmap::test
