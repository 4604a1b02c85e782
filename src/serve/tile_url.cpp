#include "serve/tile_url.hpp"

#include <cstdint>

namespace sahelmap::serve {

namespace {
// A decimal number of at most 9 digits, no sign, no leading '+', no spaces.
bool number(std::string_view& s, char end, std::uint32_t& out) {
  std::size_t i = 0;
  std::uint64_t v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (i == 9) return false;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
    ++i;
  }
  if (i == 0 || i >= s.size() || s[i] != end) return false;
  if (i > 1 && s[0] == '0') return false;  // one spelling per tile
  out = static_cast<std::uint32_t>(v);
  s.remove_prefix(i + 1);
  return true;
}
}  // namespace

std::optional<TileRequest> parse_tile_path(std::string_view path, int max_zoom, int& status,
                                           std::string_view extension) {
  status = 400;
  std::uint32_t z = 0, x = 0, y = 0;
  if (!number(path, '/', z) || !number(path, '/', x)) return std::nullopt;
  TileRequest r;
  // y, then ".png" or "@2x.png" (or "." and the extension), then nothing.
  std::size_t i = 0;
  std::uint64_t v = 0;
  while (i < path.size() && path[i] >= '0' && path[i] <= '9' && i < 9)
    v = v * 10 + static_cast<unsigned>(path[i++] - '0');
  if (i == 0 || (i > 1 && path[0] == '0')) return std::nullopt;
  y = static_cast<std::uint32_t>(v);
  std::string_view rest = path.substr(i);
  if (extension == "png" && rest == "@2x.png")
    r.scale = 2;
  else if (rest.size() == extension.size() + 1 && rest[0] == '.' && rest.substr(1) == extension)
    r.scale = 1;
  else
    return std::nullopt;
  status = 404;
  if (z > static_cast<std::uint32_t>(max_zoom) || z > 30) return std::nullopt;
  if (x >= (1u << z) || y >= (1u << z)) return std::nullopt;
  status = 200;
  r.tile = {static_cast<int>(z), x, y};
  return r;
}
}  // namespace sahelmap::serve
