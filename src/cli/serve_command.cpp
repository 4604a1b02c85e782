#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "data/events.hpp"
#include "serve/server.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace sahelmap::cli {

namespace {
std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) {
  g_stop = true;
}
}  // namespace

int run_serve(const ServeCliOptions& o) {
  if (o.port < 0 || o.port > 65535) throw UsageError("port must be 0..65535");
  if (o.threads < 0 || o.threads > 256) throw UsageError("threads must be 0..256");
  if (o.log && !o.access_log.empty()) throw UsageError("--log or --access-log: one access log");
  if (o.cache_mb < 1 || o.cache_mb > 65536) throw UsageError("cache-mb must be 1..65536");
  if (o.max_zoom < 0 || o.max_zoom > 22) throw UsageError("max-zoom must be 0..22");
  if (!o.map.crs.empty())
    throw UsageError("--crs: served tiles are always Web Mercator (EPSG:3857); --crs is for render");
  if (!o.mbtiles.empty() && !o.pmtiles.empty()) throw UsageError("--mbtiles or --pmtiles: one file at a time");
  const std::string file = o.mbtiles.empty() ? o.pmtiles : o.mbtiles;
  auto ends_with = [](const std::string& s, const std::string& x) {
    return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
  };
  if (!o.pmtiles.empty() && !ends_with(o.pmtiles, ".pmtiles"))
    throw UsageError("--pmtiles: " + o.pmtiles + " is not a .pmtiles file");
  if (!o.mbtiles.empty() && ends_with(o.mbtiles, ".pmtiles"))
    throw UsageError("--mbtiles: " + o.mbtiles + " is a PMTiles archive (use --pmtiles)");
  if (!file.empty() && (!o.events.empty() || o.no_events))
    throw UsageError("--events/--no-events: a file of tiles is served as it was made");
  const Inputs in = load_inputs(o.map);
  const DataPaths paths = data_paths();
  const serve::ServeOptions so{.bind = o.bind,
                               .port = o.port,
                               .threads = o.threads,
                               .cache_bytes = static_cast<std::size_t>(o.cache_mb) << 20,
                               .max_zoom = o.max_zoom,
                               .label_max_zoom = std::min(12, o.max_zoom),
                               .file = file,
                               .web_dir = paths.root / "web",
                               .leaflet_dir = paths.leaflet,
                               .maplibre_dir = paths.maplibre,
                               .pmtiles_dir = paths.pmtiles,
                               .max_connections = o.max_connections,
                               .max_connections_per_address = o.max_connections_per_address,
                               .rate = o.rate,
                               .burst = 2 * o.rate,
                               .queue = o.queue,
                               .header_timeout = o.header_timeout,
                               .access_log = o.log ? "/dev/stderr" : o.access_log};

  std::vector<std::unique_ptr<data::Boundaries>> boundaries;  // one per source
  std::vector<data::Event> events;
  std::vector<data::Place> places;
  serve::ServeData sd;
  if (file.empty()) {
    // As `sahelmap tiles` draws them: the default data's 1:10m from zoom 6 (tile_sources).
    const std::vector<ZoomSource> sources = tile_sources(in, 0, std::max(o.max_zoom, kTenMetreZoom), o.map.lang);
    std::vector<serve::ServeData::Source> by_zoom;
    for (const ZoomSource& source : sources) {
      boundaries.push_back(std::make_unique<data::Boundaries>(load_boundaries(in, source.spec)));
      by_zoom.push_back({.minzoom = source.minzoom, .boundaries = boundaries.back().get()});
    }
    if (!o.no_events)
      events = data::load_events(o.events.empty() ? (paths.root / "shapes" / "events.geojson").string() : o.events);
    places = data::load_places((paths.root / "shapes" / "places.csv").string());
    sd = {.sources = std::move(by_zoom),
          .attribution = sources_credit(sources, o.map.lang),
          .countries = &in.countries,
          .blocs = &in.blocs,
          .style = &in.style,
          .events = &events,
          .places = &places,
          .lang = o.map.lang,
          .default_date = in.date,
          .label_bbox = in.bbox};
  } else {
    // A file's tiles are as they were made; vector tiles are styled here (/style.json, the legend).
    sd.countries = &in.countries;
    sd.blocs = &in.blocs;
    sd.style = &in.style;
    sd.lang = o.map.lang;
    sd.default_date = in.date;
    sd.label_bbox = in.bbox;
  }
  serve::TileServer server(so, sd);
  const int port = server.bind();
  // Handlers first: a client that reads the line below may stop the server at once.
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::printf("sahelmap serving http://%s:%d/ (Ctrl-C to stop)\n", o.bind.c_str(), port);
  std::fflush(stdout);

  std::thread watcher([&] {
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server.stop();  // stops accepting; requests in flight finish
  });
  server.run();
  g_stop = true;
  watcher.join();
  std::fprintf(stderr, "sahelmap: stopped\n");
  return 0;
}

}  // namespace sahelmap::cli
