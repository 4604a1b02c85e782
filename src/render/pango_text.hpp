#pragma once
// Text with Pango (HarfBuzz shaping, fontconfig fallback): the measurer placement uses, and the
// drawing of what it measured. Metrics hinting is off, so a layout measures the same on PNG, SVG
// and PDF surfaces. Each thread lays out with its own Pango context.
#include <pango/pangocairo.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "render/cairo_ptr.hpp"
#include "render/color.hpp"
#include "render/text_spec.hpp"

namespace sahelmap::render {

/// Measures with Pango, remembering what it measured: placement asks for the same callout text
/// at the same wrap once per order it tries, and shaping is the dear part.
class PangoMeasurer : public TextMeasurer {
 public:
  TextMetrics measure(const TextSpec& spec) const override;

 private:
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, TextMetrics> seen_;
};

/// Reads the font configuration and opens `family`'s fonts (fontconfig's setup, a dozen
/// milliseconds, shared by every thread afterwards): run on a spare core while data loads.
void warm_up_fonts(const std::string& family);

/// A run of one font within a line, as Pango shaped it (fallback fonts included).
struct TextRun {
  std::string text;
  std::string family;
  bool bold = false, italic = false;
};
/// One line: where its first glyph's origin is, from the logical box's top-left corner.
struct TextLine {
  double x = 0, baseline = 0;
  double top = 0, height = 0;  // its logical box, from the layout's top
  double width = 0;
  std::vector<TextRun> runs;
};

/// The spec laid out, as both measuring and drawing see it.
class TextLayout {
 public:
  explicit TextLayout(const TextSpec& spec);
  TextMetrics metrics() const;
  /// Its lines and runs, for outputs that keep text as text (SVG): trailing spaces dropped.
  std::vector<TextLine> lines() const;
  /// Draws with the logical box's top-left corner at (x, y), over an outline of `halo_width`
  /// pixels when `halo` is given.
  void draw(cairo_t* cr, double x, double y, const Color& color, const Color* halo = nullptr,
            double halo_width = 0) const;

 private:
  GObjectPtr<PangoLayout> layout_;
  double x_ = 0;  // the logical box's offset in the layout (wrapped, centred text)
};

void set_source(cairo_t* cr, const Color& c);

/// "Cairo 1.16.0, Pango 1.50.12" (the libraries linked, for --version).
std::string drawing_versions();

}  // namespace sahelmap::render
