#pragma once
// A MapLibre GL style (style spec v8) for the vector tiles, generated from a TOML style: the sea,
// land, one fill layer per bloc (priority order: the first bloc a country is in draws on top),
// stripes of a second bloc over the first, land borders, capitals, events and names (when there
// are glyphs: tiles/glyphs.hpp makes them). Membership
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
  /// Where MapLibre fetches glyphs ({fontstack}/{range}.pbf): with it, country and capital names
  /// are text layers; without, the style has no text.
  std::string glyphs;
  /// The sprite's base URL (MapLibre adds ".json", ".png", "@2x..."; tiles/sprite.hpp makes the
  /// files): with it, any page shows the stripes; without, the page must add the images.
  std::string sprite;
  /// What the tiles are drawn from (the server's sources by zoom, a user's --boundaries).
  std::string attribution = "Natural Earth (public domain)";
};

/// The fontstack the names use: the style's font, "Regular".
std::string maplibre_fontstack(const render::Style& style);

/// The style as JSON text. Stripes use images named "sahelmap-hatch-RRGGBB" (the colour of the
/// second bloc), from the sprite (MaplibreStyleOptions::sprite).
std::string maplibre_style(const render::Style& style, const MaplibreStyleOptions& o);

}  // namespace sahelmap::tiles
