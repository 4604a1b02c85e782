#pragma once
// Text with Pango (HarfBuzz shaping, fontconfig fallback). Metrics hinting is off so a layout
// measures the same on PNG, SVG and PDF surfaces.
#include <pango/pangocairo.h>

#include <string>

#include "render/cairo_ptr.hpp"
#include "render/color.hpp"

namespace sahelmap::render {

struct Font {
  std::string family = "Noto Sans";
  double size = 12;  // pixels
  bool bold = false;
  bool italic = false;
};

enum class Align { Left, Center, Right };

/// One laid-out paragraph; each thread lays out with its own Pango context.
class TextBlock {
 public:
  /// @param wrap_width > 0 wraps lines at that width (pixels).
  /// @param markup the text is Pango markup (<b>, <i>)
  TextBlock(const std::string& utf8, const Font& font, double wrap_width = -1, Align align = Align::Left,
            bool markup = false);

  double width() const { return width_; }
  double height() const { return height_; }
  /// Distance from the top to the first baseline.
  double baseline() const;
  /// Draws with its top-left corner at (x, y).
  void draw(cairo_t* cr, double x, double y, const Color& color) const;
  /// Draws an outline of `halo_width` pixels under the text, for legibility over the map.
  void draw_with_halo(cairo_t* cr, double x, double y, const Color& color, const Color& halo, double halo_width) const;
  /// Characters Pango could not find a glyph for (shown as boxes).
  int unknown_glyphs() const;

 private:
  GObjectPtr<PangoLayout> layout_;
  double width_ = 0, height_ = 0;
  double ink_x_ = 0;
};

void set_source(cairo_t* cr, const Color& c);

}  // namespace sahelmap::render
