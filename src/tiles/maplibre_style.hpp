#pragma once
// A MapLibre GL style (style spec v8) for the vector tiles, generated from a TOML style: the sea,
// land, one fill layer per bloc (priority order: the first bloc a country is in draws on top),
// stripes of a second bloc over the first, land borders, capitals and events (names need glyph
// files that are not generated yet: the page draws them). Membership
// and event layers filter on the date with string comparisons (YYYY-MM-DD), so another date is
// another filter, never another tile.
#include <string>

#include "data/date.hpp"
#include "render/style.hpp"

namespace sahelmap::tiles {

struct MaplibreStyleOptions {
  /// The vector source: a TileJSON URL (".json"), a "pmtiles://" URL, or a tile URL template
  /// with {z}/{x}/{y}.
  std::string source = "/tilejson-vector.json";
  data::Date date;
  std::string lang = "en";
  int maxzoom = 7;  // of the tiles, when source is a template
};

/// The style as JSON text. Stripes use images named "sahelmap-hatch-RRGGBB" (the colour of the
/// second bloc), which the page that shows the map adds (web/vector.js draws them).
std::string maplibre_style(const render::Style& style, const MaplibreStyleOptions& o);

}  // namespace sahelmap::tiles
