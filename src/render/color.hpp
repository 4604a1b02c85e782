#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sahelmap::render {

struct Color {
  double r = 0, g = 0, b = 0, a = 1;

  /// "#rgb", "#rrggbb" or "#rrggbbaa".
  /// @throws Error "'<text>' is not a colour (#rrggbb)".
  static Color parse(std::string_view text);
  std::string hex() const;  // "#rrggbb" (or "#rrggbbaa" when not opaque)
  /// Premultiplied ARGB32 as Cairo stores it.
  std::uint32_t argb32() const;
  /// WCAG relative luminance, for label contrast checks.
  double luminance() const;
  friend bool operator==(const Color&, const Color&) = default;
};

/// WCAG 2 contrast ratio between two opaque colours (1 to 21).
double contrast_ratio(const Color& a, const Color& b);

}  // namespace sahelmap::render
