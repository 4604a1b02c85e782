#pragma once
// Text as placement sees it: what to lay out and how large it comes out. Placement measures
// through TextMeasurer and never draws; the back-end that draws lays the same spec out the same
// way (render/pango_text.hpp), so what was measured is what is drawn.
#include <string>

namespace sahelmap::render {

struct Font {
  std::string family = "Noto Sans";
  double size = 12;  // pixels
  bool bold = false;
  bool italic = false;
  friend bool operator==(const Font&, const Font&) = default;
};

enum class Align { Left, Center, Right };

struct TextSpec {
  std::string text;
  Font font;
  double wrap = -1;  // > 0: lines wrap at this width (pixels)
  Align align = Align::Left;
  bool markup = false;  // Pango markup (<b>, <i>); user text in it must be escaped
  friend bool operator==(const TextSpec&, const TextSpec&) = default;
};

struct TextMetrics {
  double width = 0, height = 0;  // the logical box, pixels
  double baseline = 0;           // top to first baseline
  int unknown_glyphs = 0;        // characters without a glyph in any font (drawn as boxes)
};

class TextMeasurer {
 public:
  virtual ~TextMeasurer() = default;
  virtual TextMetrics measure(const TextSpec& spec) const = 0;
};

}  // namespace sahelmap::render
