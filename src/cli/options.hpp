#pragma once
// Plain option structs filled by CLI11 (see app.cpp) and the parsers for their values.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geom/geometry.hpp"

namespace sahelmap::cli {

/// West Africa and the Sahel, Cabo Verde to Chad.
inline constexpr geom::Box kDefaultBbox{-26, 1, 30, 28};

struct MapOptions {
  std::string boundaries;  // PATH[:LAYER]; empty = world-atlas countries
  std::string date;        // YYYY-MM-DD; empty = today
  std::string style = "default";
  std::string crs;   // empty = Lambert azimuthal equal-area centred on the bbox
  std::string bbox;  // "W,S,E,N"; empty = kDefaultBbox
  std::string lang = "en";
  std::string blocs_csv, countries_csv;  // empty = shapes/ in the data folder
};

struct RenderOptions {
  MapOptions map;
  std::string output;
  std::string preset;  // a3, a3-portrait, a2, a2-portrait, social, social-wide, web
  std::string size;    // WxH; empty = the preset's, else 2000x1400
  double dpi = 0;      // 0 = the preset's, else 150
  std::string title, subtitle;
  std::string events;  // empty = shapes/events.geojson
  bool no_events = false, no_labels = false, no_inset = false, north_arrow = false;
  std::string alt_text;
  std::string debug_layout;
  std::string dates;    // "D1,D2,...": small multiples, one panel per date
  std::string animate;  // "FROM:TO": an animation (.webp or .gif)
  std::string step = "1m";
  std::string frames;  // a folder for every frame as PNG
  int frame_ms = 500;
};

struct Preset {
  const char* name;
  int width, height;
  double dpi;
  const char* what;
};
/// The named output presets. @throws UsageError for an unknown name (listing the known ones).
const Preset& find_preset(const std::string& name);
const std::vector<Preset>& presets();

struct InfoOptions {
  MapOptions map;
  bool json = false;
  std::string changes;  // FROM:TO: what changed between the two dates instead
  std::string events;   // empty = shapes/events.geojson
  bool no_events = false;
};

struct StyleOptions {
  MapOptions map;
  std::string format = "maplibre";
  std::string source = "sahel.pmtiles";  // the vector tiles: pmtiles://, a TileJSON URL or a {z}/{x}/{y} template
  std::string output;                    // empty: stdout
  std::string glyphs;                    // a {fontstack}/{range}.pbf URL template: names as text
  std::string fonts;                     // write the glyph ranges the names need into this folder
  std::string sprite;                    // the sprite's base URL: the stripes as images
  std::string sprite_files;              // write sprite.json, sprite.png (and @2x) into this folder
};

struct TilesOptions {
  MapOptions map;
  std::string output;  // a folder (XYZ) or FILE.mbtiles
  std::string zooms = "0-8";
  int tile_size = 256;
  int scale = 1;
  int threads = 0;  // 0: all cores
  bool resume = false, overwrite = false, verbose = false;
  bool no_labels = false, no_events = false;
  std::string events;          // empty = shapes/events.geojson
  std::string shard;           // "I/N" or "auto/N"; empty = the whole pyramid
  std::string format = "png";  // png, webp or mvt
};

struct MergeOptions {
  std::string output;
  std::vector<std::string> shards;
  bool overwrite = false;
};

struct ServeCliOptions {
  MapOptions map;
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string mbtiles, pmtiles;
  int threads = 0;  // render workers; 0: one per core
  int cache_mb = 64;
  int max_zoom = 16;
  std::string access_log;  // common log format: FILE or "-" (stdout)
  bool log = false;        // the same on stderr (older spelling)
  std::size_t max_connections = 10000, max_connections_per_address = 256, queue = 256;
  double rate = 200, header_timeout = 10;
  std::string events;  // empty = shapes/events.geojson
  bool no_events = false;
};

/// "A-B" or "A", 0 <= A <= B <= 22. @throws UsageError.
std::pair<int, int> parse_zooms(std::string_view text);

/// "W,S,E,N" in degrees. E may exceed 180 for views across the antimeridian.
/// @throws UsageError for anything that is not four finite numbers describing a non-empty box.
geom::Box parse_bbox(std::string_view text);
/// "WxH" in pixels, each 16..30000. @throws UsageError.
std::pair<int, int> parse_size(std::string_view text);
/// The default CRS for a view: equal-area, centred on it (Lambert azimuthal for regions,
/// Equal Earth for views wider than 150 degrees).
std::string default_crs(const geom::Box& bbox);

}  // namespace sahelmap::cli
