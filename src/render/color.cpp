#include "render/color.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "util/error.hpp"

namespace sahelmap::render {

Color Color::parse(std::string_view text) {
  auto bad = [&] { return Error("'" + std::string(text) + "' is not a colour (#rrggbb)"); };
  if (text.empty() || text[0] != '#') throw bad();
  const std::string_view h = text.substr(1);
  auto nib = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw bad();
  };
  int v[4] = {0, 0, 0, 255};
  if (h.size() == 3) {
    for (int i = 0; i < 3; ++i) v[i] = nib(h[i]) * 17;
  } else if (h.size() == 6 || h.size() == 8) {
    for (std::size_t i = 0; i < h.size() / 2; ++i) v[i] = nib(h[2 * i]) * 16 + nib(h[2 * i + 1]);
  } else {
    throw bad();
  }
  return {v[0] / 255.0, v[1] / 255.0, v[2] / 255.0, v[3] / 255.0};
}

std::string Color::hex() const {
  auto c = [](double x) { return static_cast<int>(std::lround(std::clamp(x, 0.0, 1.0) * 255)); };
  char buf[16];
  if (a >= 1)
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c(r), c(g), c(b));
  else
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x%02x", c(r), c(g), c(b), c(a));
  return buf;
}

std::uint32_t Color::argb32() const {
  auto c = [](double x) { return static_cast<std::uint32_t>(std::lround(std::clamp(x, 0.0, 1.0) * 255)); };
  return c(a) << 24 | c(r * a) << 16 | c(g * a) << 8 | c(b * a);
}

double Color::luminance() const {
  auto lin = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

double contrast_ratio(const Color& a, const Color& b) {
  const double la = a.luminance(), lb = b.luminance();
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace sahelmap::render
