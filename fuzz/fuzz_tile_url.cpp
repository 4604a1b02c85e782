// The server's tile path parser (total: a status, never an exception; strict; a parsed request
// prints back to the path it came from) and its ?date= parser (Date::parse: exactly YYYY-MM-DD).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "data/date.hpp"
#include "fuzz_common.hpp"
#include "serve/tile_url.hpp"

using namespace sahelmap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int max_zoom = data[0] % 25;
  const std::string_view path(reinterpret_cast<const char*>(data + 1), size - 1);
  int status = 0;
  const auto r = serve::parse_tile_path(path, max_zoom, status);
  if (r) {
    const auto& t = r->tile;
    if (t.z < 0 || t.z > max_zoom) fuzz::fail("zoom out of range");
    if (t.x >= (1u << t.z) || t.y >= (1u << t.z)) fuzz::fail("x or y beyond the zoom's grid");
    if (r->scale != 1 && r->scale != 2) fuzz::fail("scale not 1 or 2");
    const std::string canonical = std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y) +
                                  (r->scale == 2 ? "@2x.png" : ".png");
    if (canonical != path) fuzz::fail("accepted a path that is not in canonical form");
  } else if (status != 400 && status != 404) {
    fuzz::fail("rejected with a status other than 400 or 404");
  }
  // The server's ?date= parser: whatever it accepts is exactly YYYY-MM-DD.
  try {
    (void)sahelmap::data::Date::parse(path);
    if (path.size() != 10 || path[4] != '-' || path[7] != '-') fuzz::fail("Date::parse accepted a non-date");
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
      if (path[i] < '0' || path[i] > '9') fuzz::fail("Date::parse accepted a non-digit");
  } catch (const UsageError& e) {
    fuzz::check_message(e);
  }
  return 0;
}
