#include "serve/server.hpp"

#include <fcntl.h>
#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "render/symbolize.hpp"
#include "serve/assets.hpp"
#include "serve/tile_cache.hpp"
#include "serve/tile_file.hpp"
#include "serve/tile_url.hpp"
#include "serve/tilejson.hpp"
#include "tiles/glyphs.hpp"
#include "tiles/maplibre_style.hpp"
#include "tiles/vector_world.hpp"
#include "util/bounded_queue.hpp"
#include "util/error.hpp"

namespace sahelmap::serve {

namespace {

// A fixed number of workers and a bounded queue of accepted connections: under load the accept
// loop waits instead of memory growing.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(int threads, std::size_t capacity) : jobs_(capacity) {
    for (int i = 0; i < threads; ++i)
      workers_.emplace_back([this] {
        for (std::function<void()> job; jobs_.pop(job) == Jobs::Pop::Item;) job();
      });
  }
  void enqueue(std::function<void()> fn) override { jobs_.push(std::move(fn)); }
  void shutdown() override {
    jobs_.close();  // the workers finish what is queued, then stop
    for (auto& t : workers_) t.join();
  }

 private:
  using Jobs = BoundedQueue<std::function<void()>>;
  Jobs jobs_;
  std::vector<std::thread> workers_;
};

// ?date=YYYY-MM-DD into `date` (kept when absent); false after answering 400 to anything else.
bool date_param(const httplib::Request& req, httplib::Response& res, data::Date& date) {
  if (!req.has_param("date")) return true;
  try {
    date = data::Date::parse(req.get_param_value("date"));  // exactly YYYY-MM-DD, a real day
    return true;
  } catch (const Error&) {
    res.status = 400;
    res.set_content("date must be YYYY-MM-DD\n", "text/plain");
    return false;
  }
}

// A Range header ("bytes=A-B, A-, -N" and lists of them) whose every range has bytes in a file of
// `size` bytes.
bool ranges_satisfiable(const std::string& header, std::uint64_t size) {
  if (header.rfind("bytes=", 0) != 0) return false;
  std::size_t at = 6;
  while (at <= header.size()) {
    const std::size_t end = std::min(header.find(',', at), header.size());
    std::string r = header.substr(at, end - at);
    r.erase(0, r.find_first_not_of(' '));
    r.erase(r.find_last_not_of(' ') + 1);
    const std::size_t dash = r.find('-');
    if (dash == std::string::npos || r.find_first_not_of("0123456789-") != std::string::npos ||
        r.find('-', dash + 1) != std::string::npos || r.size() > 40)
      return false;
    const std::string a = r.substr(0, dash), b = r.substr(dash + 1);
    if (a.size() > 19 || b.size() > 19) return false;  // beyond any file (and beyond 64 bits)
    if (a.empty()) {
      if (b.empty() || std::stoull(b) == 0 || size == 0) return false;  // a suffix of nothing
    } else {
      const std::uint64_t first = std::stoull(a);
      if (first >= size || (!b.empty() && std::stoull(b) < first)) return false;
    }
    at = end + 1;
  }
  return true;
}

}  // namespace

struct TileServer::Impl {
  ServeOptions opt;
  ServeData data;
  httplib::Server server;
  TileCache cache;
  std::map<std::string, Asset> assets;
  std::unique_ptr<RenderedTiles> rendered;  // tiles on demand, or
  std::unique_ptr<TileFile> file;           // from an MBTiles file or a PMTiles archive
  int archive_fd = -1;                      // the PMTiles archive, served whole (HTTP Range)
  std::uint64_t archive_size = 0;
  std::string archive_etag;
  std::unique_ptr<tiles::VectorWorld> vector;  // vector tiles on demand (every date in each tile)
  // httplib's stop() does nothing before listen starts: stop() waits for run() to get there.
  std::mutex run_mutex;
  bool started = false, stop_requested = false;
  std::atomic<bool> returned{false};

  Impl(const ServeOptions& o, const ServeData& d) : opt(o), data(d), cache(o.cache_bytes) {}
  ~Impl() {
    if (archive_fd >= 0) ::close(archive_fd);
  }

  // Tiles of a file: raster under /tiles/, vector under /vector/.
  bool file_serves(bool vector_route) const { return file && file->vector() == vector_route; }

  void tile(const httplib::Request& req, httplib::Response& res) {
    int status = 400;
    const auto r = parse_tile_path(req.matches[1].str(), opt.max_zoom, status);
    if (!r) {
      res.status = status;
      res.set_content(status == 404 ? "no such tile\n" : "not a tile path: /tiles/{z}/{x}/{y}.png\n", "text/plain");
      return;
    }
    if (file && (r->scale == 2 || file->vector())) {
      res.status = 404;
      res.set_content(
          file->vector() ? "this file holds vector tiles: /vector/{z}/{x}/{y}.pbf\n" : "this file has no @2x tiles\n",
          "text/plain");
      return;
    }
    TileQuery q{.request = *r, .date = data.default_date};
    if (!date_param(req, res, q.date)) return;
    for (const char* flag : {"labels", "events"})
      if (req.has_param(flag)) {
        const std::string v = req.get_param_value(flag);
        if (v != "0" && v != "1") {
          res.status = 400;
          res.set_content(std::string(flag) + " must be 0 or 1\n", "text/plain");
          return;
        }
        (std::string(flag) == "labels" ? q.labels : q.events) = v == "1";
      }
    const geom::TileId& t = r->tile;
    const std::string key = file ? tile_path(t) : q.key();
    tiles::TilePtr tile = cache.get(key);
    if (!tile) {
      tile = file ? file->tile(t) : rendered->tile(q);
      if (!tile) {
        res.status = 404;
        res.set_content("no such tile in this file\n", "text/plain");
        return;
      }
      cache.put(key, tile);
    }
    const std::string etag = "\"" + tile->id + "\"";
    res.set_header("ETag", etag);
    // A dated map never changes; the default date's does, with the day.
    res.set_header("Cache-Control", req.has_param("date") || file ? "public, max-age=86400" : "public, max-age=3600");
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_content(reinterpret_cast<const char*>(tile->png.data()), tile->png.size(),
                    file ? file->content_type() : "image/png");
  }

  void vector_tile(const httplib::Request& req, httplib::Response& res) {
    const auto number = [&](int i) { return std::stoll(req.matches[i].str()); };
    const bool from_file = file_serves(true);
    if ((!vector && !from_file) || req.matches[1].length() > 2 || req.matches[2].length() > 9 ||
        req.matches[3].length() > 9) {
      res.status = 404;
      res.set_content("no such tile\n", "text/plain");
      return;
    }
    const long long z = number(1), x = number(2), y = number(3);
    const int max_zoom = from_file ? file->maxzoom() : opt.vector_max_zoom;
    if (z > max_zoom || z < (from_file ? file->minzoom() : 0) || x >= (1ll << z) || y >= (1ll << z)) {
      res.status = 404;
      res.set_content("no such tile (vector tiles go to zoom " + std::to_string(max_zoom) + ")\n", "text/plain");
      return;
    }
    const geom::TileId t{static_cast<int>(z), static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)};
    const std::string key = "v" + tile_path(t);
    tiles::TilePtr tile = cache.get(key);
    if (!tile) {
      if (from_file) {
        tile = file->tile(t);
        if (!tile) tile = std::make_shared<tiles::EncodedTile>();  // nothing there: empty
      } else {
        auto made = std::make_shared<tiles::EncodedTile>();
        const std::string bytes = vector->tile(t);
        made->png.assign(bytes.begin(), bytes.end());
        made->id = tiles::tile_id(made->png);
        tile = made;
      }
      cache.put(key, tile);
    }
    res.set_header("Cache-Control", "public, max-age=3600");
    res.set_header("Access-Control-Allow-Origin", "*");
    if (tile->png.empty()) {
      res.status = 204;  // nothing here (open sea): an empty tile to MapLibre
      return;
    }
    const std::string etag = "\"" + tile->id + "\"";
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    const auto& b = tile->png;
    if (b.size() > 2 && b[0] == 0x1f && b[1] == 0x8b) res.set_header("Content-Encoding", "gzip");  // stored gzip'd
    res.set_content(reinterpret_cast<const char*>(tile->png.data()), tile->png.size(),
                    "application/vnd.mapbox-vector-tile");
  }

  // A Host header is only echoed when it is a plain host[:port].
  std::string base_url(const httplib::Request& req) const {
    std::string host = req.get_header_value("Host");
    const bool plain = !host.empty() && host.size() < 256 &&
                       host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                           std::string::npos;
    if (!plain) host = opt.bind + ":" + std::to_string(opt.port);
    return "http://" + host;
  }

  nlohmann::json tilejson_for(const httplib::Request& req) const {
    return tilejson({.base_url = base_url(req),
                     .max_zoom = opt.max_zoom,
                     .bounds = data.label_bbox,
                     .dates = !file,
                     .default_date = data.default_date.str(),
                     .mbtiles = file ? &file->tilejson() : nullptr});
  }

  void legend(const httplib::Request& req, httplib::Response& res) {
    nlohmann::json out = nlohmann::json::array();
    if (!file || file->vector()) {  // vector tiles are styled here, for any date
      data::Date date = data.default_date;
      if (!date_param(req, res, date)) return;
      out = legend_json(render::symbolize(*data.blocs, date, *data.style, data.lang).legend);
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_content(out.dump(), "application/json");
  }

  void setup_routes() {
    server.Get("/tiles/(.*)", [this](const httplib::Request& q, httplib::Response& r) { tile(q, r); });
    server.Get("/tilejson.json", [this](const httplib::Request& q, httplib::Response& r) {
      r.set_header("Cache-Control", "no-cache");
      r.set_content(tilejson_for(q).dump(2), "application/json");
    });
    server.Get("/legend.json", [this](const httplib::Request& q, httplib::Response& r) { legend(q, r); });
    server.Get(R"(/vector/(\d+)/(\d+)/(\d+)\.pbf)",
               [this](const httplib::Request& q, httplib::Response& r) { vector_tile(q, r); });
    server.Get("/tilejson-vector.json", [this](const httplib::Request& q, httplib::Response& r) {
      if (!vector && !file_serves(true)) {
        r.status = 404;
        r.set_content("no vector tiles here (this server serves a file of raster tiles)\n", "text/plain");
        return;
      }
      nlohmann::json j = {{"tilejson", "3.0.0"},
                          {"name", "sahelmap vector tiles"},
                          {"attribution", "Natural Earth (public domain)"},
                          {"scheme", "xyz"},
                          {"tiles", {base_url(q) + "/vector/{z}/{x}/{y}.pbf"}},
                          {"minzoom", 0},
                          {"maxzoom", opt.vector_max_zoom}};
      if (vector)
        j["vector_layers"] = nlohmann::json::parse(vector->vector_layers_json());
      else
        j.update(file->tilejson());
      r.set_header("Cache-Control", "no-cache");
      r.set_content(j.dump(2), "application/json");
    });
    server.Get("/style.json", [this](const httplib::Request& q, httplib::Response& r) {
      if ((!vector && !file_serves(true)) || !data.style) {
        r.status = 404;
        r.set_content("no vector tiles here (this server serves a file of raster tiles)\n", "text/plain");
        return;
      }
      data::Date date = data.default_date;
      if (!date_param(q, r, date)) return;
      // ?source=archive: the archive itself, through MapLibre's pmtiles:// protocol.
      const bool archive = q.get_param_value("source") == "archive";
      if (archive && archive_fd < 0) {
        r.status = 404;
        r.set_content("no PMTiles archive is served here (serve --pmtiles FILE)\n", "text/plain");
        return;
      }
      const std::string source =
          archive ? "pmtiles://" + base_url(q) + "/archive.pmtiles" : base_url(q) + "/tilejson-vector.json";
      r.set_header("Cache-Control", "no-cache");
      r.set_content(tiles::maplibre_style(*data.style, {.source = source,
                                                        .date = date,
                                                        .lang = data.lang,
                                                        .glyphs = base_url(q) + "/fonts/{fontstack}/{range}.pbf"}),
                    "application/json");
    });
    // The archive itself, for clients that read it by ranges (MapLibre's pmtiles:// protocol):
    // httplib answers Range with 206 (416 when unsatisfiable), asking only for the bytes sent.
    server.Get("/archive.pmtiles", [this](const httplib::Request& q, httplib::Response& r) {
      if (archive_fd < 0) {
        r.status = 404;
        r.set_content("no PMTiles archive is served here (serve --pmtiles FILE)\n", "text/plain");
        return;
      }
      r.set_header("Accept-Ranges", "bytes");
      r.set_header("ETag", archive_etag);
      r.set_header("Cache-Control", "public, max-age=3600");
      r.set_header("Access-Control-Allow-Origin", "*");
      if (q.get_header_value("If-None-Match") == archive_etag) {
        r.status = 304;
        return;
      }
      // httplib answers a range that starts at or past the end with an empty 206: refused here.
      if (q.has_header("Range") && !ranges_satisfiable(q.get_header_value("Range"), archive_size)) {
        r.status = 416;
        r.set_header("Content-Range", "bytes */" + std::to_string(archive_size));
        return;
      }
      const int fd = archive_fd;
      r.set_content_provider(archive_size, "application/vnd.pmtiles",
                             [fd](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                               char buf[65536];
                               while (length > 0) {
                                 const ssize_t n =
                                     ::pread(fd, buf, std::min(length, sizeof buf), static_cast<off_t>(offset));
                                 if (n <= 0) return false;
                                 if (!sink.write(buf, static_cast<std::size_t>(n))) return false;
                                 offset += static_cast<std::size_t>(n);
                                 length -= static_cast<std::size_t>(n);
                               }
                               return true;
                             });
    });
    // MapLibre's glyph ranges of the style's font, made on first use and kept.
    server.Get(R"(/fonts/([^/]+)/(\d+)-(\d+)\.pbf)", [this](const httplib::Request& q, httplib::Response& r) {
      const std::string stack = q.matches[1].str();
      const std::string family = data.style ? data.style->font : std::string();
      const auto start = q.matches[2].length() <= 5 ? std::stoul(q.matches[2].str()) : 1;
      const auto end = q.matches[3].length() <= 5 ? std::stoul(q.matches[3].str()) : 0;
      if (family.empty() || !tiles::serves_fontstack(stack, family) || start % 256 != 0 || end != start + 255 ||
          start >= 65536) {
        r.status = 404;
        r.set_content("no such glyph range\n", "text/plain");
        return;
      }
      const std::string key = "glyphs " + stack + " " + std::to_string(start);
      tiles::TilePtr range = cache.get(key);
      if (!range) {
        auto made = std::make_shared<tiles::EncodedTile>();
        const std::string bytes = tiles::glyph_range(stack, static_cast<unsigned>(start));
        made->png.assign(bytes.begin(), bytes.end());
        range = made;
        cache.put(key, range);
      }
      r.set_header("Cache-Control", "public, max-age=86400");
      r.set_header("Access-Control-Allow-Origin", "*");
      r.set_content(reinterpret_cast<const char*>(range->png.data()), range->png.size(), "application/x-protobuf");
    });
    server.Get("/health", [](const httplib::Request&, httplib::Response& r) { r.set_content("ok\n", "text/plain"); });
    // Static files: a fixed table, never a path from the request.
    server.Get("/(.*)", [this](const httplib::Request& q, httplib::Response& r) {
      const auto it = assets.find(q.path);
      if (it == assets.end()) {
        r.status = 404;
        r.set_content("not found\n", "text/plain");
        return;
      }
      r.set_header("Cache-Control", "no-cache");
      r.set_content(it->second.bytes, it->second.type);
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& r, std::exception_ptr) {
      r.status = 500;
      r.set_content("internal error\n", "text/plain");
    });
    if (opt.log)
      server.set_logger([](const httplib::Request& q, const httplib::Response& r) {
        std::fprintf(stderr, "%s %s %d\n", q.method.c_str(), q.path.c_str(), r.status);
      });
  }
};

TileServer::TileServer(const ServeOptions& options, const ServeData& data)
    : impl_(std::make_unique<Impl>(options, data)) {
  Impl& s = *impl_;
  s.assets = load_assets(options.web_dir, options.leaflet_dir, options.maplibre_dir, options.pmtiles_dir);
  if (!options.file.empty()) {
    s.file = open_tile_file(options.file);
    if (!s.file->archive().empty()) {
      s.archive_fd = ::open(s.file->archive().c_str(), O_RDONLY | O_CLOEXEC);
      struct stat st {};
      if (s.archive_fd < 0 || ::fstat(s.archive_fd, &st) != 0)
        throw Error(options.file + ": cannot open: " + std::strerror(errno));
      s.archive_size = static_cast<std::uint64_t>(st.st_size);
      s.archive_etag = "\"" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtime) + "\"";
    }
  } else {
    s.rendered = std::make_unique<RenderedTiles>(data, options.label_max_zoom);
    s.vector = std::make_unique<tiles::VectorWorld>(tiles::VectorRequest{.boundaries = data.boundaries,
                                                                         .countries = data.countries,
                                                                         .blocs = data.blocs,
                                                                         .places = data.places,
                                                                         .events = data.events,
                                                                         .minzoom = 0,
                                                                         .maxzoom = options.vector_max_zoom});
  }
  const int threads = std::max(1, options.threads);
  s.server.new_task_queue = [threads] { return new BoundedPool(threads, 64); };
  s.server.set_tcp_nodelay(true);  // else delayed ACKs add 40 ms to every keep-alive request
  s.server.set_read_timeout(5, 0);
  s.server.set_write_timeout(5, 0);
  s.server.set_keep_alive_max_count(1000);
  s.server.set_payload_max_length(64 * 1024);
  s.setup_routes();
}

TileServer::~TileServer() = default;

int TileServer::bind() {
  Impl& s = *impl_;
  int port = s.opt.port;
  if (port == 0)
    port = s.server.bind_to_any_port(s.opt.bind);
  else if (!s.server.bind_to_port(s.opt.bind.c_str(), port))
    port = -1;
  if (port <= 0)
    throw Error("cannot listen on " + s.opt.bind + ":" + std::to_string(s.opt.port) +
                " (in use, or not an address here)");
  s.opt.port = port;
  return port;
}

void TileServer::run() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.run_mutex);
    if (s.stop_requested) return;
    s.started = true;
  }
  s.server.listen_after_bind();
  s.returned = true;
}

void TileServer::stop() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.run_mutex);
    s.stop_requested = true;
    if (!s.started) return;  // run() will not start
  }
  while (!s.server.is_running() && !s.returned) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  s.server.stop();
}

}  // namespace sahelmap::serve
