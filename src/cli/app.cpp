#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "data/gdal.hpp"
#include "data/repair.hpp"
#include "proj/projection.hpp"
#include "render/pango_text.hpp"
#include "util/error.hpp"

namespace sahelmap::cli {

namespace {

const char* kExamples = R"(
Examples:
  sahelmap render -o output/sahel.png                      today's blocs, West Africa
  sahelmap render --date 2023-07-01 -o before-coup.svg     before Niger's coup
  sahelmap render --lang fr --style dark -o sahel-fr.pdf
  sahelmap render --preset a3 -o poster-a3.pdf                A3 print, 300 dpi
  sahelmap render --preset social --style dark -o card.png --alt-text card.txt
  sahelmap render --boundaries ne_50m_admin_0_countries.shp --bbox -20,0,30,55 -o europe.png
  sahelmap info --date 2024-03-01                          who is in which bloc on that day
  sahelmap tiles --bbox -20,0,30,28 --zooms 0-9 -o sahel.mbtiles
  sahelmap tiles --zooms 0-6 --scale 2 -o tiles/              z/x/y@2x.png for HiDPI screens
  sahelmap tiles --zooms 0-12 --shard 2/8 -o part-2.mbtiles    one of 8 machines' share
  sahelmap tiles merge sahel.mbtiles part-*.mbtiles             join the 8 parts
  sahelmap tiles --format mvt --zooms 0-7 -o sahel.pmtiles      vector tiles, every date, one file
  sahelmap style --date 2023-07-01 --source sahel.pmtiles -o style.json   their MapLibre style
  sahelmap serve                                           http://127.0.0.1:8080/ : preview, tiles, TileJSON
)";

void add_map_options(CLI::App* sub, MapOptions& m) {
  sub->add_option("--boundaries", m.boundaries,
                  "Country polygons, PATH[:LAYER]: shapefile, .zip, GeoJSON, TopoJSON, GeoPackage "
                  "(default: Natural Earth 1:50m from world-atlas)");
  sub->add_option("--date", m.date, "Memberships on this day, YYYY-MM-DD (default: today)");
  sub->add_option("--style", m.style, "Style name (default, print, dark, colourblind) or .toml path")
      ->capture_default_str();
  sub->add_option("--crs", m.crs, "Any PROJ/EPSG CRS (default: equal-area, centred on the bbox)");
  sub->add_option("--bbox", m.bbox, "Area to show, W,S,E,N in degrees (default: -26,1,30,28)");
  sub->add_option("--lang", m.lang, "Language of names and text: en or fr")->capture_default_str();
  sub->add_option("--blocs", m.blocs_csv, "Membership table (default: shapes/blocs.csv)");
  sub->add_option("--countries", m.countries_csv, "Country code table (default: shapes/countries.csv)");
}

// Edits (insertions, deletions, substitutions) from a to b.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// "sahelmap rendr": the command meant, where one is close; CLI11 alone says only that a command
// is required.
std::string unknown_command(int argc, char** argv, const std::vector<std::string>& commands) {
  if (argc < 2 || argv[1][0] == '-') return {};
  const std::string given = argv[1];
  if (std::find(commands.begin(), commands.end(), given) != commands.end()) return {};
  std::string best;
  std::size_t best_d = 3;  // at most two edits away
  for (const auto& c : commands)
    if (const std::size_t d = edit_distance(given, c); d < best_d) best = c, best_d = d;
  return "unknown command '" + given + "'" + (best.empty() ? "" : "; did you mean '" + best + "'?");
}

std::string version_text() {
  return std::string("sahelmap ") + SAHELMAP_VERSION + "\n" + data::gdal_version() + ", " + proj::proj_version() +
         ", " + data::geos_version() + ", " + render::drawing_versions();
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"sahelmap: maps of the Sahel's alliances (AES, ECOWAS, outside partners)", "sahelmap"};
  app.require_subcommand(1);
  app.footer(kExamples);
  app.set_version_flag("--version", version_text, "Print the version and those of GDAL, PROJ, GEOS, Cairo, Pango");
  if (const std::string unknown = unknown_command(argc, argv, {"render", "info", "tiles", "serve", "style"});
      !unknown.empty()) {
    std::cerr << "sahelmap: " << unknown << " (see sahelmap --help)\n";
    return 2;
  }

  RenderOptions ro;
  CLI::App* render = app.add_subcommand("render", "Draw the map as a poster: PNG, SVG or PDF by extension");
  add_map_options(render, ro.map);
  render->add_option("-o,--output", ro.output, "Output file (.png, .svg, .pdf, .html; .webp or .gif with --animate)")
      ->required();
  std::string preset_help = "Size and dpi for a use:";
  for (const auto& p : presets())
    preset_help += std::string(" ") + p.name + " (" + std::to_string(p.width) + "x" + std::to_string(p.height) + ")";
  render->add_option("--preset", ro.preset, preset_help);
  render->add_option("--size", ro.size, "WIDTHxHEIGHT in pixels (default 2000x1400)");
  render->add_option("--dpi", ro.dpi, "Pixels per inch (default 150): scales text and lines; a PDF page is size / dpi")
      ->check(CLI::Range(24, 1200));
  render->add_option("--events", ro.events,
                     "Events to mark: GeoJSON, CSV (lon/lat columns) or GeoPackage (default: shapes/events.geojson)");
  render->add_flag("--no-events", ro.no_events, "No event markers or callouts");
  render->add_option("--animate", ro.animate,
                     "FROM:TO: an animated map (-o .webp or .gif), a frame per --step, the date as caption");
  render->add_option("--step", ro.step, "Animation step: 1d, 1w, 1m, 3m... (default 1m)");
  render->add_option("--frames", ro.frames, "Animation: also write every frame as DIR/frame-0001.png ...");
  render->add_option("--frame-ms", ro.frame_ms, "Animation: milliseconds per frame (default 500)")
      ->check(CLI::Range(20, 60000));
  render->add_option("--dates", ro.dates,
                     "Small multiples: D1,D2,... (2 to 12 dates, YYYY-MM-DD), one panel each on one sheet");
  render->add_flag("--no-labels", ro.no_labels, "No country or capital names, no callouts");
  render->add_flag("--no-inset", ro.no_inset, "No locator map");
  render->add_flag("--north-arrow", ro.north_arrow, "Draw a north arrow");
  render->add_option("--alt-text", ro.alt_text, "Write a description of the map for screen readers to FILE");
  render->add_option("--title", ro.title, "Title (default: generated)");
  render->add_option("--subtitle", ro.subtitle, "Subtitle (default: generated from the date)");
  render->add_option("--debug-layout", ro.debug_layout, "Write where everything was placed, as JSON");

  InfoOptions io;
  CLI::App* info = app.add_subcommand("info", "Describe the data: source, countries joined, blocs on the date");
  add_map_options(info, io.map);
  info->add_flag("--json", io.json, "Machine-readable output (schema: schemas/info.schema.json)");
  info->add_option("--changes", io.changes,
                   "FROM:TO (YYYY-MM-DD:YYYY-MM-DD): every membership change and event after FROM up to TO, "
                   "in order (--json: schemas/changes.schema.json)");
  info->add_option("--events", io.events, "Events to list with --json (default: shapes/events.geojson)");
  info->add_flag("--no-events", io.no_events, "No events in the --json output");

  TilesOptions to;
  CLI::App* tiles = app.add_subcommand("tiles", "Render an XYZ pyramid (Web Mercator) to a folder or an MBTiles file");
  add_map_options(tiles, to.map);
  tiles->add_option("-o,--output", to.output, "A folder (z/x/y.png), FILE.mbtiles or FILE.pmtiles (required)");
  tiles
      ->add_option("--format", to.format,
                   "png (default), webp (lossless) or mvt: vector tiles with every date (memberships with their "
                   "intervals), for MapLibre")
      ->capture_default_str();
  tiles->add_option("--zooms", to.zooms, "Zoom levels, MIN-MAX")->capture_default_str();
  tiles->add_option("--tile-size", to.tile_size, "256 or 512 pixels")
      ->capture_default_str()
      ->check(CLI::IsMember({256, 512}));
  tiles->add_option("--scale", to.scale, "2 for HiDPI (@2x) tiles")
      ->capture_default_str()
      ->check(CLI::IsMember({1, 2}));
  tiles->add_option("--threads", to.threads, "Worker threads (default 0: all cores)")->check(CLI::Range(0, 256));
  tiles->add_flag("--resume", to.resume, "Finish an interrupted run without redoing its tiles");
  tiles->add_flag("--overwrite", to.overwrite, "Replace an existing MBTiles file");
  tiles->add_flag("-v,--verbose", to.verbose, "Print a summary line at the end");
  tiles->add_option("--events", to.events, "Events to mark (default: shapes/events.geojson)");
  tiles->add_flag("--no-events", to.no_events, "No event markers");
  tiles->add_flag("--no-labels", to.no_labels, "No country or capital names");
  tiles->add_option("--shard", to.shard,
                    "Render part I of N (0 <= I < N), balanced by work, for another machine; auto/N takes I "
                    "from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX. Join the parts with tiles merge");
  MergeOptions mo;
  CLI::App* merge =
      tiles->add_subcommand("merge", "Merge the parts of a sharded run (MBTiles files or PMTiles archives) into one");
  merge->add_option("output", mo.output, "The merged FILE.mbtiles or FILE.pmtiles")->required();
  merge->add_option("shards", mo.shards, "Every shard's FILE.mbtiles or FILE.pmtiles")->required();
  merge->add_flag("--overwrite", mo.overwrite, "Replace an existing output file");
  tiles->require_subcommand(0, 1);

  ServeCliOptions so;
  CLI::App* serve =
      app.add_subcommand("serve", "Serve tiles on demand (or from an MBTiles file), TileJSON and a preview page");
  add_map_options(serve, so.map);
  serve->add_option("--port", so.port, "TCP port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--bind", so.bind, "Address to listen on (loopback unless you mean it)")->capture_default_str();
  serve->add_option("--mbtiles", so.mbtiles, "Serve the tiles of this MBTiles file instead of rendering");
  serve->add_option("--pmtiles", so.pmtiles,
                    "Serve the tiles of this PMTiles archive instead of rendering, and the archive itself at "
                    "/archive.pmtiles (HTTP Range, for MapLibre's pmtiles:// protocol)");
  serve->add_option("--threads", so.threads, "Render workers (0: one per core)")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  serve->add_option("--cache-mb", so.cache_mb, "Tile cache size in MB")
      ->capture_default_str()
      ->check(CLI::Range(1, 65536));
  serve->add_option("--max-zoom", so.max_zoom, "Deepest zoom served")->capture_default_str()->check(CLI::Range(0, 22));
  serve->add_option("--access-log", so.access_log, "One line per request, common log format, to FILE or - (stdout)");
  serve->add_flag("--log", so.log, "The access log on stderr");
  serve->add_option("--max-connections", so.max_connections, "Connections open at once, in all (more: 503)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  serve
      ->add_option("--max-connections-per-address", so.max_connections_per_address,
                   "Connections open at once from one address (more: 503)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  serve
      ->add_option("--rate-limit", so.rate,
                   "Requests per second per address, bursts of twice that (more: 429; 0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  serve->add_option("--queue", so.queue, "Tiles waiting to be drawn (more: 503)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  serve->add_option("--header-timeout", so.header_timeout, "Seconds a client has to send a request's headers")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  serve->add_option("--events", so.events, "Events to mark (default: shapes/events.geojson)");
  serve->add_flag("--no-events", so.no_events, "No event markers");

  StyleOptions sto;
  CLI::App* style_cmd = app.add_subcommand(
      "style", "Write a MapLibre GL style for the vector tiles (tiles --format mvt): every date in one tileset");
  add_map_options(style_cmd, sto.map);
  style_cmd->add_option("--format", sto.format, "maplibre (the only one so far)")->capture_default_str();
  style_cmd
      ->add_option("--source", sto.source,
                   "The tiles: FILE.pmtiles (as pmtiles://FILE.pmtiles), a TileJSON URL, or a "
                   "https://.../{z}/{x}/{y}.pbf template")
      ->capture_default_str();
  style_cmd->add_option("-o,--output", sto.output, "Write to FILE (default: standard output)");
  style_cmd->add_option("--glyphs", sto.glyphs,
                        "Glyph URL template (https://.../{fontstack}/{range}.pbf): country and capital names as "
                        "text layers (without it the style has no text)");
  style_cmd->add_option("--fonts", sto.fonts,
                        "Write the glyph ranges the names need (Latin: 0-255, 256-511) as DIR/FONTSTACK/RANGE.pbf, "
                        "to host beside the style");
  style_cmd->add_option("--sprite", sto.sprite,
                        "Sprite base URL (https://.../sprite): the stripes of double membership as images, so "
                        "any MapLibre page draws them");
  style_cmd->add_option("--sprite-files", sto.sprite_files,
                        "Write the sprite (sprite.json, sprite.png, sprite@2x.json, sprite@2x.png) into DIR, to host "
                        "at the --sprite URL");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "sahelmap: " << e.what() << " (see sahelmap --help)\n";
    return 2;
  }
  try {
    if (render->parsed()) return run_render(ro);
    if (info->parsed()) return run_info(io);
    if (merge->parsed()) return run_merge(mo);
    if (tiles->parsed()) return run_tiles(to);
    if (serve->parsed()) return run_serve(so);
    if (style_cmd->parsed()) return run_style(sto);
  } catch (const UsageError& e) {
    std::cerr << "sahelmap: " << e.what() << "\n";
    return 2;
  } catch (const Error& e) {
    std::cerr << "sahelmap: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "sahelmap: internal error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace sahelmap::cli
