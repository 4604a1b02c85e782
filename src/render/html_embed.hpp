#pragma once
// The web embed: one self-contained HTML file (no network, no script) in the manner of ai2html.
// Each artboard is a layout made for a range of page widths: the map art as inline SVG without
// text, the text as HTML positioned over it at its real size (never scaled with the art), and the
// legend and the events whose words are not on the map as HTML below it, flowing with the page.
// Light and dark copies of each artboard; `prefers-color-scheme` picks one.
#include <string>
#include <vector>

#include "render/placement/poster_layout.hpp"
#include "render/style.hpp"

namespace sahelmap::render {

struct Artboard {
  std::string name;      // "phone", "tablet", "desktop": its class and id prefix
  double min_width = 0;  // CSS px: the page widths from which it shows ...
  double max_width = 0;  // ... up to (not including) this one; 0: no end
  const PosterLayout* light = nullptr;
  const PosterLayout* dark = nullptr;
  const Style* light_style = nullptr;
  const Style* dark_style = nullptr;
};

struct EmbedText {
  std::string lang = "en";
  std::string title, subtitle, description, sources;  // from the layout's report
};

/// The whole page. Artboards' layouts are in CSS pixels (one layout pixel, one CSS pixel).
std::string write_html(const std::vector<Artboard>& artboards, const EmbedText& text);

}  // namespace sahelmap::render
