#include "tiles/server.hpp"

#include <httplib.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "render/symbolize.hpp"
#include "tiles/annotations.hpp"
#include "tiles/mbtiles_sink.hpp"
#include "tiles/tile_cache.hpp"
#include "tiles/tile_renderer.hpp"
#include "tiles/tile_url.hpp"
#include "tiles/tile_world.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles {

namespace {

// A fixed number of workers and a bounded queue of accepted connections: under load the accept
// loop waits instead of memory growing.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(int threads, std::size_t capacity) : capacity_(capacity) {
    for (int i = 0; i < threads; ++i)
      workers_.emplace_back([this] {
        for (;;) {
          std::function<void()> job;
          {
            std::unique_lock lock(m_);
            ready_.wait(lock, [&] { return !jobs_.empty() || done_; });
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            room_.notify_one();
          }
          job();
        }
      });
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(m_);
    room_.wait(lock, [&] { return jobs_.size() < capacity_ || done_; });
    jobs_.push_back(std::move(fn));
    ready_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard lock(m_);
      done_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  std::mutex m_;
  std::condition_variable ready_, room_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  std::size_t capacity_;
  bool done_ = false;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(p.string() + ": missing (run scripts/setup.sh, which installs the preview page's files)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Everything drawn for one (date, names, events, scale): built on first request, kept a while.
struct Model {
  render::Symbolization sym;
  TilePalette palette;
  std::vector<data::Event> events;
  std::unique_ptr<Annotator> annotator;
  TileOptions options;
  // One encoded tile per flat look (the sea, a country's inside): most tiles at high zooms, and
  // each request makes its own renderer, whose own store would not survive it.
  FlatTiles flat;
};

// TileJSON fields from an MBTiles file's metadata, checked once when the file is opened.
nlohmann::json mbtiles_tilejson(const std::map<std::string, std::string>& meta, const std::string& where) {
  nlohmann::json j;
  for (const char* k : {"name", "description", "attribution"})
    if (meta.count(k)) j[k] = meta.at(k);
  for (const char* k : {"minzoom", "maxzoom"})
    if (meta.count(k)) {
      const std::string& v = meta.at(k);
      int z = -1;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), z);
      if (ec != std::errc() || end != v.data() + v.size() || z < 0 || z > 30)
        throw Error(where + ": metadata " + k + " '" + v + "' is not a zoom level");
      j[k] = z;
    }
  if (meta.count("bounds")) {
    double v[4];
    char extra = 0;
    if (std::sscanf(meta.at("bounds").c_str(), "%lf,%lf,%lf,%lf %c", &v[0], &v[1], &v[2], &v[3], &extra) != 4)
      throw Error(where + ": metadata bounds '" + meta.at("bounds") + "' is not W,S,E,N");
    j["bounds"] = {v[0], v[1], v[2], v[3]};
  }
  return j;
}

}  // namespace

struct TileServer::Impl {
  ServeOptions opt;
  ServeData data;
  httplib::Server server;
  TileCache cache;
  std::map<std::string, std::pair<std::string, std::string>> assets;  // path -> (type, bytes)
  std::unique_ptr<TileWorld> world;
  std::shared_ptr<const proj::Scene> scene;
  std::mutex models_mutex;
  std::map<std::string, std::shared_ptr<Model>> models;
  std::deque<std::string> model_order;
  sqlite3* mbtiles = nullptr;
  std::mutex mbtiles_mutex;
  // httplib's stop() does nothing before listen starts: stop() waits for run() to get there.
  std::mutex run_mutex;
  bool started = false, stop_requested = false;
  std::atomic<bool> returned{false};
  nlohmann::json mbtiles_tilejson;  // what the MBTiles file's metadata says, read once

  ~Impl() {
    if (mbtiles) sqlite3_close(mbtiles);
  }

  explicit Impl(const ServeOptions& o, const ServeData& d) : opt(o), data(d), cache(o.cache_bytes) {}

  std::shared_ptr<Model> model(const data::Date& date, bool labels, bool events, int scale) {
    const std::string key = date.str() + (labels ? "L" : "-") + (events ? "E" : "-") + std::to_string(scale);
    std::lock_guard lock(models_mutex);
    if (auto it = models.find(key); it != models.end()) {  // least recently used goes first
      model_order.erase(std::find(model_order.begin(), model_order.end(), key));
      model_order.push_back(key);
      return it->second;
    }
    auto m = std::make_shared<Model>();
    m->sym = render::symbolize(*data.blocs, date, *data.style, data.lang);
    m->palette = make_palette(*world, m->sym, *data.style);
    m->options = {.tile_size = 256, .scale = scale, .ids = true};
    if (events && data.events) m->events = data::events_until(*data.events, date);
    if (labels || events)
      m->annotator = std::make_unique<Annotator>(AnnotationRequest{.countries = data.countries,
                                                                   .sym = &m->sym,
                                                                   .style = data.style,
                                                                   .places = data.places,
                                                                   .events = events ? &m->events : nullptr,
                                                                   .lang = data.lang,
                                                                   .bbox = data.label_bbox,
                                                                   .minzoom = 0,
                                                                   .maxzoom = opt.label_max_zoom,
                                                                   .tile_size = 256,
                                                                   .scale = scale,
                                                                   .labels = labels},
                                                 scene);
    models[key] = m;
    model_order.push_back(key);
    if (model_order.size() > 12) {  // a few dates in use at once; older ones rebuild if asked again
      models.erase(model_order.front());
      model_order.pop_front();
    }
    return m;
  }

  TilePtr render_tile(const TileRequest& r, const data::Date& date, bool labels, bool events) {
    const auto m = model(date, labels, events, r.scale);
    TileRenderer renderer(*world, m->palette, m->options, m->annotator.get(), &m->flat);
    return renderer.make(renderer.root(r.tile), r.tile);
  }

  TilePtr read_mbtiles(const TileRequest& r) {
    std::lock_guard lock(mbtiles_mutex);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(mbtiles,
                       "SELECT images.tile_data, map.tile_id FROM map JOIN images ON images.tile_id = map.tile_id "
                       "WHERE map.zoom_level = ? AND map.tile_column = ? AND map.tile_row = ?",
                       -1, &q, nullptr);
    bool plain_table = false;
    if (!q) {  // files with a plain `tiles` table and no map/images
      plain_table = true;
      sqlite3_prepare_v2(mbtiles,
                         "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?", -1,
                         &q, nullptr);
    }
    if (!q) return nullptr;
    sqlite3_bind_int(q, 1, r.tile.z);
    sqlite3_bind_int64(q, 2, r.tile.x);
    sqlite3_bind_int64(q, 3, geom::tms_row(r.tile));
    TilePtr out;
    if (sqlite3_step(q) == SQLITE_ROW) {
      auto t = std::make_shared<EncodedTile>();
      const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(q, 0));
      t->png.assign(b, b + sqlite3_column_bytes(q, 0));
      t->id = plain_table ? tile_id(t->png) : reinterpret_cast<const char*>(sqlite3_column_text(q, 1));
      out = t;
    }
    sqlite3_finalize(q);
    return out;
  }

  void tile(const httplib::Request& req, httplib::Response& res) {
    int status = 400;
    const auto r = parse_tile_path(req.matches[1].str(), opt.max_zoom, status);
    if (!r) {
      res.status = status;
      res.set_content(status == 404 ? "no such tile\n" : "not a tile path: /tiles/{z}/{x}/{y}.png\n", "text/plain");
      return;
    }
    if (r->scale == 2 && !opt.mbtiles.empty()) {
      res.status = 404;
      res.set_content("this MBTiles file has no @2x tiles\n", "text/plain");
      return;
    }
    data::Date date = data.default_date;
    bool labels = true, events = true;
    if (!date_param(req, res, date)) return;
    for (const char* flag : {"labels", "events"})
      if (req.has_param(flag)) {
        const std::string v = req.get_param_value(flag);
        if (v != "0" && v != "1") {
          res.status = 400;
          res.set_content(std::string(flag) + " must be 0 or 1\n", "text/plain");
          return;
        }
        (std::string(flag) == "labels" ? labels : events) = v == "1";
      }
    const std::string key =
        opt.mbtiles.empty()
            ? date.str() + (labels ? "L" : "-") + (events ? "E" : "-") + std::to_string(r->scale) + "/" +
                  std::to_string(r->tile.z) + "/" + std::to_string(r->tile.x) + "/" + std::to_string(r->tile.y)
            : std::to_string(r->tile.z) + "/" + std::to_string(r->tile.x) + "/" + std::to_string(r->tile.y);
    TilePtr t = cache.get(key);
    if (!t) {
      t = opt.mbtiles.empty() ? render_tile(*r, date, labels, events) : read_mbtiles(*r);
      if (!t) {
        res.status = 404;
        res.set_content("no such tile in this MBTiles file\n", "text/plain");
        return;
      }
      cache.put(key, t);
    }
    const std::string etag = "\"" + t->id + "\"";
    res.set_header("ETag", etag);
    // A dated map never changes; the default date's does, with the day.
    res.set_header("Cache-Control",
                   req.has_param("date") || !opt.mbtiles.empty() ? "public, max-age=86400" : "public, max-age=3600");
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_content(reinterpret_cast<const char*>(t->png.data()), t->png.size(), "image/png");
  }

  nlohmann::json tilejson(const httplib::Request& req) const {
    std::string host = req.get_header_value("Host");
    // A Host header is only echoed when it is a plain host[:port].
    const bool plain = !host.empty() && host.size() < 256 &&
                       host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                           std::string::npos;
    if (!plain) host = opt.bind + ":" + std::to_string(opt.port);
    nlohmann::json j = {{"tilejson", "3.0.0"},
                        {"name", "sahelmap"},
                        {"description", "The Sahel's alliances: AES, ECOWAS and outside partners"},
                        {"attribution", "Natural Earth; sahelmap"},
                        {"scheme", "xyz"},
                        {"tiles", {"http://" + host + "/tiles/{z}/{x}/{y}.png"}},
                        {"minzoom", 0},
                        {"maxzoom", opt.max_zoom}};
    const geom::Box b = data.label_bbox;
    j["bounds"] = {b.minx, b.miny, b.maxx, b.maxy};
    j["center"] = {(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2, 4};
    j["sahelmap"] = {{"dates", opt.mbtiles.empty()}, {"date", data.default_date.str()}};
    if (!opt.mbtiles.empty()) {
      j.update(mbtiles_tilejson);
      j["sahelmap"] = {{"dates", false}};
    }
    return j;
  }

  // ?date=YYYY-MM-DD into `date` (kept when absent); false after answering 400 to anything else.
  static bool date_param(const httplib::Request& req, httplib::Response& res, data::Date& date) {
    if (!req.has_param("date")) return true;
    const std::string d = req.get_param_value("date");
    try {
      date = data::Date::parse(d);  // exactly YYYY-MM-DD, a real day
      return true;
    } catch (const Error&) {
      res.status = 400;
      res.set_content("date must be YYYY-MM-DD\n", "text/plain");
      return false;
    }
  }

  void legend(const httplib::Request& req, httplib::Response& res) {
    nlohmann::json out = nlohmann::json::array();
    if (opt.mbtiles.empty()) {
      data::Date date = data.default_date;
      if (!date_param(req, res, date)) return;
      for (const auto& e : render::symbolize(*data.blocs, date, *data.style, data.lang).legend)
        out.push_back({{"label", e.label}, {"fill", e.fill.hex()}, {"hatch", e.hatch ? e.hatch->hex() : ""}});
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_content(out.dump(), "application/json");
  }

  void setup_routes() {
    server.Get("/tiles/(.*)", [this](const httplib::Request& q, httplib::Response& r) { tile(q, r); });
    server.Get("/tilejson.json", [this](const httplib::Request& q, httplib::Response& r) {
      r.set_header("Cache-Control", "no-cache");
      r.set_content(tilejson(q).dump(2), "application/json");
    });
    server.Get("/legend.json", [this](const httplib::Request& q, httplib::Response& r) { legend(q, r); });
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
      r.set_content(it->second.second, it->second.first);
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
  s.assets["/"] = {"text/html; charset=utf-8", slurp(options.web_dir / "index.html")};
  s.assets["/index.html"] = s.assets["/"];
  s.assets["/app.js"] = {"text/javascript; charset=utf-8", slurp(options.web_dir / "app.js")};
  s.assets["/app.css"] = {"text/css; charset=utf-8", slurp(options.web_dir / "app.css")};
  s.assets["/vendor/leaflet/leaflet.js"] = {"text/javascript; charset=utf-8",
                                            slurp(options.leaflet_dir / "leaflet.js")};
  s.assets["/vendor/leaflet/leaflet.css"] = {"text/css; charset=utf-8", slurp(options.leaflet_dir / "leaflet.css")};
  for (const char* img : {"layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"})
    s.assets[std::string("/vendor/leaflet/images/") + img] = {"image/png", slurp(options.leaflet_dir / "images" / img)};

  if (!options.mbtiles.empty()) {
    if (sqlite3_open_v2(options.mbtiles.c_str(), &s.mbtiles, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      sqlite3_close(s.mbtiles);
      s.mbtiles = nullptr;
      throw Error(options.mbtiles + ": cannot open");
    }
    s.mbtiles_tilejson = mbtiles_tilejson(read_mbtiles_metadata(s.mbtiles, options.mbtiles), options.mbtiles);
  } else {
    s.world = std::make_unique<TileWorld>(build_tile_world(*data.boundaries, *data.style));
    s.scene = mercator_scene(*data.boundaries);
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

}  // namespace sahelmap::tiles
