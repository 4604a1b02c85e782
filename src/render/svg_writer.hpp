#pragma once
// Our own SVG from the display list, for graphics desks: live <text> (Noto Sans named, halos as a
// stroke painted under the fill), one Inkscape layer per map layer, an element per country with
// its code and bloc, a group per event with its date and source, styles shared as classes and
// coordinates rounded to a tenth of a pixel. What Cairo's SVG surface cannot give (it turns every
// glyph into a path and puts everything in one group).
#include <string>
#include <string_view>

#include "render/display_list.hpp"

namespace sahelmap::render {

/// The layers of a layered file, in drawing order.
enum class Layer : std::uint8_t {
  Page,
  Sea,
  Land,  // countries in no bloc
  Countries,
  Hatching,
  Borders,
  Frame,
  Partners,
  Labels,
  Capitals,
  Events,
  Callouts,
  EventList,
  Legend,
  Inset,
  ScaleBar,
  NorthArrow,
  Title,
  Footnote,
};
/// "sea", "scale-bar", ...: the layer's id.
const char* layer_id(Layer l);
/// The layer a top-level group goes to.
Layer layer_of(const Group& g);

struct SvgDocument {
  std::string title, description;  // <title>, <desc> (the alt text), named by aria-labelledby
  std::string metadata_xml;        // inside <metadata>: provenance
  std::string lang = "en";
  bool text = true;  // false: the art alone, the text left to the page around it (the web embed)
  // Inside an HTML page beside other SVGs: no XML declaration, title or metadata (the page has
  // them), hidden from screen readers, and every id and class name begins with this prefix.
  std::string inline_prefix;
};

/// The whole list as one SVG document, `list.width` x `list.height` pixels.
std::string write_svg(const DisplayList& list, const SvgDocument& doc);

}  // namespace sahelmap::render
