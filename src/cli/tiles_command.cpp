#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "data/events.hpp"
#include "render/symbolize.hpp"
#include "serve/tilejson.hpp"
#include "tiles/annotations.hpp"
#include "tiles/mbtiles.hpp"
#include "tiles/merge.hpp"
#include "tiles/pmtiles.hpp"
#include "tiles/pyramid.hpp"
#include "tiles/vector_pyramid.hpp"
#include "tiles/xyz_sink.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace sahelmap::cli {

namespace {
std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) {
  g_stop = true;
}

bool ends_with(const std::string& s, const char* suffix) {
  const std::string x(suffix);
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

// Vector tiles carry every date (memberships with their intervals, every event): the date and
// style of the options only name the run.
template <class MakeSink>
int run_vector_tiles(const TilesOptions& o, const Inputs& in, const std::vector<ZoomSource>& sources,
                     const tiles::PyramidSpec& spec, tiles::PyramidInfo& info, const std::vector<data::Event>& events,
                     const std::vector<data::Place>& places, MakeSink&& make_sink) {
  info.name = "sahelmap vector tiles";
  info.description =
      "Sahel alliances (AES, ECOWAS, outside partners): countries, memberships with their dates, "
      "borders, capitals and events";
  const auto started = std::chrono::steady_clock::now();
  // One world per source of boundaries (1:50m, then 1:10m from zoom 6 by default), each cut
  // into its zooms, all into the same sink; all prepared before the sink is made.
  std::vector<std::unique_ptr<tiles::VectorWorld>> worlds;
  std::vector<tiles::PyramidSpec> specs;
  std::mutex warn_mutex;
  for (const ZoomSource& source : sources) {
    const data::Boundaries boundaries = load_boundaries(in, source.spec);
    worlds.push_back(std::make_unique<tiles::VectorWorld>(
        tiles::VectorRequest{.boundaries = &boundaries,
                             .countries = &in.countries,
                             .blocs = &in.blocs,
                             .places = &places,
                             .events = o.no_events ? nullptr : &events,
                             .minzoom = source.minzoom,
                             .maxzoom = source.maxzoom,
                             .labels = !o.no_labels,
                             .warn = [&](const std::string& w) {
                               std::lock_guard lock(warn_mutex);
                               std::fprintf(stderr, "sahelmap: warning: %s\n", w.c_str());
                             }}));
    specs.push_back(spec);
    specs.back().minzoom = source.minzoom, specs.back().maxzoom = source.maxzoom;
  }
  const double prepare = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  info.vector_layers = worlds.front()->vector_layers_json(spec.minzoom, spec.maxzoom);
  // Empty tiles are not written, so a vector shard's tile count is known at its end (the sink
  // records it then; until then the merge sees it as unfinished).
  if (!o.shard.empty()) info.shard = spec.shard.str(), info.shard_tiles = ~std::uint64_t{0};
  std::unique_ptr<tiles::TileSink> sink = make_sink();
  ::malloc_trim(0);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  tiles::VectorPyramidStats st;
  for (std::size_t i = 0; i < worlds.size(); ++i) {
    if (worlds.size() > 1 && (o.verbose || ::isatty(2)))
      std::fprintf(stderr, "zooms %d-%d from %s\n", specs[i].minzoom, specs[i].maxzoom, sources[i].spec.c_str());
    tiles::Progress progress(0, ::isatty(2) != 0);
    tiles::SinkPart into(*sink);  // ended once, after the last part
    const tiles::VectorPyramidStats part = tiles::render_vector_pyramid(*worlds[i], specs[i], into, progress, g_stop);
    st.total += part.total, st.written += part.written, st.skipped += part.skipped, st.features += part.features;
    st.raw_bytes += part.raw_bytes, st.bytes += part.bytes, st.capped += part.capped, st.seconds += part.seconds;
    if ((st.interrupted = part.interrupted)) break;
  }
  sink->end(st.interrupted);
  sink.reset();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (o.verbose || ::isatty(2))
    std::fprintf(stderr,
                 "%llu tiles (%llu with features, %llu already there), %llu features, %.1f MB (%.1f MB before gzip) "
                 "in %.2f s + %.2f s preparing: %.0f features/s, %d threads\n",
                 static_cast<unsigned long long>(st.total), static_cast<unsigned long long>(st.written),
                 static_cast<unsigned long long>(st.skipped), static_cast<unsigned long long>(st.features),
                 static_cast<double>(st.bytes) / 1e6, static_cast<double>(st.raw_bytes) / 1e6, st.seconds, prepare,
                 static_cast<double>(st.features) / std::max(st.seconds, 1e-9), spec.threads);
  if (st.interrupted) {
    std::cerr << "sahelmap: interrupted; "
              << (ends_with(o.output, ".pmtiles") ? "nothing was written" : "run again with --resume to finish")
              << "\n";
    return 130;
  }
  return 0;
}
}  // namespace

int run_tiles(const TilesOptions& o) {
  const auto [minzoom, maxzoom] = parse_zooms(o.zooms);
  if (o.tile_size != 256 && o.tile_size != 512) throw UsageError("tile-size must be 256 or 512");
  if (o.scale != 1 && o.scale != 2) throw UsageError("scale must be 1 or 2");
  if (o.threads < 0 || o.threads > 256) throw UsageError("threads must be between 1 and 256");
  if (o.output.empty()) throw UsageError("--output: a folder, a .mbtiles or a .pmtiles file is required");
  if (o.format != "png" && o.format != "webp" && o.format != "mvt")
    throw UsageError("--format: png, webp or mvt, not '" + o.format + "'");
  const bool vector = o.format == "mvt";
  const tiles::Shard shard =
      o.shard.empty() ? tiles::Shard{} : tiles::parse_shard(o.shard, [](const char* k) { return std::getenv(k); });
  if (!o.map.crs.empty()) throw UsageError("--crs: tiles are always Web Mercator (EPSG:3857); --crs is for render");
  // One image is a poster; a pyramid goes to a folder or an archive.
  for (const char* ext : {".png", ".jpg", ".jpeg", ".webp", ".svg", ".pdf", ".gif", ".tif", ".tiff"})
    if (ends_with(o.output, ext))
      throw UsageError(o.output +
                       ": tiles go to a folder, a .mbtiles or a .pmtiles file (for one image: sahelmap render -o " +
                       o.output + ")");
  const bool pmtiles = ends_with(o.output, ".pmtiles");
  const bool mbtiles = ends_with(o.output, ".mbtiles");
  if (pmtiles && o.resume)
    throw UsageError(o.output +
                     ": a PMTiles archive is written whole at the end; --resume is for folders and .mbtiles");
  if (vector && (o.tile_size != 256 || o.scale != 1))
    throw UsageError("--tile-size and --scale are for raster tiles; vector tiles have no pixels");
  // The output is checked before the data is read (fail fast), and made only after the data
  // loaded (a run that fails on its input leaves nothing behind).
  if (pmtiles)
    tiles::pmtiles::Sink::check(o.output, o.overwrite);
  else if (mbtiles)
    tiles::MbtilesSink::check(o.output, o.resume, o.overwrite);
  else
    tiles::XyzSink::check(o.output, o.resume);
  const Inputs in = load_inputs(o.map);
  if (in.bbox.maxx > 180) throw UsageError("bbox: Web Mercator tiles cannot cross the antimeridian; use two runs");

  tiles::PyramidSpec spec;
  spec.bbox = in.bbox;
  spec.minzoom = minzoom;
  spec.maxzoom = maxzoom;
  spec.tile = {.tile_size = o.tile_size, .scale = o.scale, .webp = o.format == "webp"};
  spec.threads = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  spec.shard = shard;

  tiles::PyramidInfo info;
  info.name = "sahelmap " + in.date.str();
  info.description = "Sahel alliances (AES, ECOWAS, outside partners) on " + in.date.str() + ", style " + in.style.name;
  const std::vector<ZoomSource> sources = tile_sources(in, minzoom, maxzoom, o.map.lang);
  info.attribution = sources_credit(sources, o.map.lang);
  info.bbox = in.bbox;
  info.minzoom = minzoom;
  info.maxzoom = maxzoom;
  info.tile_size = o.tile_size;
  info.scale = o.scale;
  info.format = vector ? "pbf" : o.format;
  const std::string events_path =
      o.events.empty() ? (data_paths().root / "shapes" / "events.geojson").string() : o.events;
  char extra[256];
  std::snprintf(extra, sizeof extra, "%g,%g,%g,%g z%d-%d %dpx x%d %s labels=%d events=%s", in.bbox.minx, in.bbox.miny,
                in.bbox.maxx, in.bbox.maxy, minzoom, maxzoom, o.tile_size, o.scale, o.format.c_str(), !o.no_labels,
                o.no_events ? "-" : events_path.c_str());
  std::string from;  // the sources by zoom decide the tiles too
  for (const ZoomSource& source : sources) from += " " + std::to_string(source.minzoom) + ":" + source.spec;
  info.fingerprint = fingerprint(in, o.map.lang, extra + from);
  std::vector<data::Event> events;
  if (!o.no_events) events = data::load_events(events_path);
  const std::vector<data::Place> places = data::load_places((data_paths().root / "shapes" / "places.csv").string());
  auto make_sink = [&]() -> std::unique_ptr<tiles::TileSink> {
    if (pmtiles) {
      using tiles::pmtiles::Compression, tiles::pmtiles::TileType;
      const TileType type = vector ? TileType::Mvt : o.format == "webp" ? TileType::Webp : TileType::Png;
      return std::make_unique<tiles::pmtiles::Sink>(o.output, info, type,
                                                    vector ? Compression::Gzip : Compression::None);
    }
    if (mbtiles) return std::make_unique<tiles::MbtilesSink>(o.output, info, o.resume, o.overwrite);
    return std::make_unique<tiles::XyzSink>(o.output, info, o.resume);
  };
  if (vector) return run_vector_tiles(o, in, sources, spec, info, events, places, make_sink);
  // A raster pyramid shows one date: the events until then.
  events = data::events_until(events, in.date);

  const render::Symbolization sym = render::symbolize(in.blocs, in.date, in.style, o.map.lang);
  // What the server's legend and event list show for these tiles.
  info.legend = serve::legend_of_date(in.blocs, in.countries, in.date, in.style, o.map.lang).dump();
  if (!o.no_events) info.events = serve::events_json(events, o.map.lang).dump();
  info.date = in.date.str();
  // One level per source of boundaries (1:50m, then 1:10m from zoom 6 by default), each drawn
  // as a pyramid of its zooms into the same sink. All are prepared before the sink is made, so
  // a run that fails on its input leaves nothing, and a shard knows its whole tile count.
  struct Level {
    tiles::TileWorld world;
    std::unique_ptr<tiles::Annotator> annotator;
    tiles::TilePalette palette;
    tiles::PyramidSpec spec;
    tiles::PyramidPlan plan;
  };
  std::vector<Level> levels;
  levels.reserve(sources.size());
  for (const ZoomSource& source : sources) {
    Level& L = levels.emplace_back();
    L.spec = spec;
    L.spec.minzoom = source.minzoom, L.spec.maxzoom = source.maxzoom;
    const data::Boundaries boundaries = load_boundaries(in, source.spec);  // not kept: the world has what it needs
    if (!o.no_labels || !o.no_events)
      // It keeps the boundaries it needs (projected); the rest lives as long as this run.
      L.annotator =
          std::make_unique<tiles::Annotator>(tiles::AnnotationRequest{.countries = &in.countries,
                                                                      .sym = &sym,
                                                                      .style = &in.style,
                                                                      .places = &places,
                                                                      .events = o.no_events ? nullptr : &events,
                                                                      .lang = o.map.lang,
                                                                      .bbox = in.bbox,
                                                                      .minzoom = source.minzoom,
                                                                      .maxzoom = source.maxzoom,
                                                                      .tile_size = o.tile_size,
                                                                      .scale = o.scale,
                                                                      .labels = !o.no_labels},
                                             tiles::mercator_scene(boundaries));
    if (L.annotator) L.annotator->place_all();
    L.world = tiles::build_tile_world(boundaries, in.style);
    L.palette = tiles::make_palette(L.world, sym, in.style);
    L.spec.annotator = L.annotator.get();
    L.plan = tiles::plan_for(L.world, L.spec);
  }
  if (!o.shard.empty()) {
    info.shard = shard.str();
    info.shard_tiles = 0;
    for (const Level& L : levels) info.shard_tiles += L.plan.tiles;
  }
  std::unique_ptr<tiles::TileSink> sink = make_sink();
  // GDAL's readers leave a large freed heap behind (the TopoJSON DOM): give it back before the
  // long part of the run.
  ::malloc_trim(0);

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  tiles::PyramidStats st;
  for (const Level& L : levels) {
    if (levels.size() > 1 && (o.verbose || ::isatty(2)))
      std::fprintf(stderr, "zooms %d-%d from %s\n", L.spec.minzoom, L.spec.maxzoom,
                   sources[static_cast<std::size_t>(&L - levels.data())].spec.c_str());
    tiles::Progress progress(0, ::isatty(2) != 0);  // the total comes with the plan
    tiles::SinkPart into(*sink);                    // ended once, after the last part
    const tiles::PyramidStats part = tiles::render_pyramid(L.world, L.palette, L.spec, L.plan, into, progress, g_stop);
    st.total += part.total, st.written += part.written, st.skipped += part.skipped, st.flat += part.flat;
    st.palette += part.palette, st.seconds += part.seconds;
    if ((st.interrupted = part.interrupted)) break;
  }
  sink->end(st.interrupted);
  sink.reset();  // closes the database
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  if (o.verbose || ::isatty(2))
    std::fprintf(stderr,
                 "%s%llu tiles (%llu written, %llu flat, %.1f%% exact-palette PNG, %llu already there) in %.2f s: "
                 "%.0f tiles/s, %d threads\n",
                 o.shard.empty() ? "" : ("shard " + shard.str() + ": ").c_str(),
                 static_cast<unsigned long long>(st.total), static_cast<unsigned long long>(st.written),
                 static_cast<unsigned long long>(st.flat),
                 100.0 * static_cast<double>(st.palette) / static_cast<double>(std::max<std::uint64_t>(st.written, 1)),
                 static_cast<unsigned long long>(st.skipped), st.seconds,
                 static_cast<double>(st.written) / std::max(st.seconds, 1e-9), spec.threads);
  if (st.interrupted) {
    std::cerr << "sahelmap: interrupted after " << st.written + st.skipped << " of " << st.total
              << " tiles; run again with --resume to finish\n";
    return 130;
  }
  return 0;
}

int run_merge(const MergeOptions& o) {
  const bool pmtiles = ends_with(o.output, ".pmtiles");
  if (!pmtiles && !ends_with(o.output, ".mbtiles"))
    throw UsageError("merge: the output must be a .mbtiles or a .pmtiles file");
  const bool tty = ::isatty(2) != 0;
  const auto progress = [&](std::size_t done, std::size_t all) {
    if (tty) std::fprintf(stderr, "\rmerged %zu of %zu shards", done, all);
  };
  const tiles::MergeStats st = pmtiles ? tiles::merge_to_pmtiles(o.output, o.shards, o.overwrite, progress)
                                       : tiles::merge_mbtiles(o.output, o.shards, o.overwrite, progress);
  if (tty) std::fputc('\n', stderr);
  std::fprintf(stderr, "%s: %zu shards, %llu tiles, %llu distinct images\n", o.output.c_str(), st.shards,
               static_cast<unsigned long long>(st.tiles), static_cast<unsigned long long>(st.images));
  return 0;
}

}  // namespace sahelmap::cli
