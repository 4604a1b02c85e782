// `sahelmap serve` in process: tiles, TileJSON, legend, cache headers, MBTiles mode, and requests
// meant to hurt it (each answered 4xx quickly, the server still serving afterwards).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "data/blocs.hpp"
#include "data/date.hpp"
#include "render/png.hpp"
#include "serve/server.hpp"
#include "serve/tile_cache.hpp"
#include "serve/tile_url.hpp"
#include "test_paths.hpp"
#include "tiles/mbtiles.hpp"
#include "tiles/pyramid.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

using namespace sahelmap;
using namespace sahelmap::serve;
using namespace sahelmap::tiles;
namespace fs = std::filesystem;

namespace {

struct Data {
  data::CountryTable countries = data::CountryTable::load(test::countries_csv());
  data::BlocTable blocs = data::BlocTable::load(test::blocs_csv(), countries);
  render::Style style = render::Style::load(test::source("styles/default.toml"));
  data::Boundaries boundaries = data::load_boundaries(test::world_atlas("countries-50m.json"), countries);
  std::vector<data::Event> events = data::load_events(test::source("shapes/events.geojson"));
  std::vector<data::Place> places = data::load_places(test::source("shapes/places.csv"));
  ServeData serve{.sources = {{.minzoom = 0, .boundaries = &boundaries}},
                  .countries = &countries,
                  .blocs = &blocs,
                  .style = &style,
                  .events = &events,
                  .places = &places,
                  .lang = "en",
                  .default_date = data::Date::parse("2026-11-22"),
                  .label_bbox = {-26, 1, 30, 28}};
};
const Data& fixture() {
  static const Data d;
  return d;
}

ServeOptions options() {
  ServeOptions o;
  o.port = 0;
  o.threads = 4;
  o.cache_bytes = 8u << 20;
  o.max_zoom = 14;
  o.web_dir = test::source("web");
  o.leaflet_dir = data_paths().leaflet;
  o.maplibre_dir = data_paths().maplibre;
  o.pmtiles_dir = data_paths().pmtiles;
  return o;
}

// A server on a free loopback port for the length of a test.
class Running {
 public:
  explicit Running(const ServeOptions& o, const ServeData& d = fixture().serve) : server_(o, d) {
    port_ = server_.bind();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~Running() {
    server_.stop();
    thread_.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(2);
    c.set_read_timeout(10);
    return c;
  }
  int port() const { return port_; }

 private:
  TileServer server_;
  int port_ = 0;
  std::thread thread_;
};

// Sends raw bytes and returns the status line (what a client that is not a browser might send).
std::string raw(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return "connect failed";
  ::send(fd, request.data(), request.size(), 0);
  ::shutdown(fd, SHUT_WR);
  char buf[256] = {};
  const ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
  ::close(fd);
  const std::string r(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  return r.substr(0, r.find("\r\n"));
}

std::array<int, 3> pixel(const std::string& png, int x, int y) {
  int w = 0, h = 0;
  const auto rgba = render::decode_png(reinterpret_cast<const unsigned char*>(png.data()), png.size(), w, h);
  const std::size_t i = (static_cast<std::size_t>(y) * w + x) * 4;
  return {rgba[i], rgba[i + 1], rgba[i + 2]};
}

}  // namespace

TEST(TileUrl, ParsesTilesAndRejectsTheRest) {
  int status = 0;
  auto r = parse_tile_path("7/67/57.png", 16, status);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->tile, (geom::TileId{7, 67, 57}));
  EXPECT_EQ(r->scale, 1);
  r = parse_tile_path("0/0/0@2x.png", 16, status);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->scale, 2);
  for (const char* bad : {"", "7/67/57", "7/67/57.jpg", "7/67/57.png/", "a/b/c.png", "-1/0/0.png", "7/067/57.png",
                          "7/67/57.png?x", "7//57.png", "1234567890/0/0.png", "7/67/57@3x.png", "../../etc/passwd",
                          "7/67/57.pngx", " 7/67/57.png", "7/67/+5.png"}) {
    EXPECT_FALSE(parse_tile_path(bad, 16, status)) << bad;
    EXPECT_EQ(status, 400) << bad;
  }
  for (const char* missing : {"17/0/0.png", "3/8/0.png", "3/0/8.png", "0/1/0.png"}) {
    EXPECT_FALSE(parse_tile_path(missing, 16, status)) << missing;
    EXPECT_EQ(status, 404) << missing;
  }
  // Vector tiles: the same grammar with their extension, and no @2x.
  r = parse_tile_path("7/67/57.pbf", 10, status, "pbf");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->tile, (geom::TileId{7, 67, 57}));
  for (const char* bad : {"7/67/57.png", "7/67/57@2x.pbf", "7/67/57.pbff", "7/67/57pbf", "7/67/057.pbf"})
    EXPECT_FALSE(parse_tile_path(bad, 10, status, "pbf")) << bad;
  EXPECT_FALSE(parse_tile_path("11/0/0.pbf", 10, status, "pbf"));
  EXPECT_EQ(status, 404);
  // ?date= goes through Date::parse: exactly YYYY-MM-DD.
  EXPECT_NO_THROW(data::Date::parse("2023-07-01"));
  EXPECT_THROW(data::Date::parse("2023-7-01"), UsageError);
  EXPECT_THROW(data::Date::parse("../../etc/p"), UsageError);
}

TEST(TileCache, StaysWithinItsBudgetAndDropsTheLeastRecent) {
  TileCache cache(10'000);
  auto tile = [](std::size_t bytes) {
    auto t = std::make_shared<EncodedTile>();
    t->png.resize(bytes);
    t->id = "x";
    return t;
  };
  for (int i = 0; i < 10; ++i) cache.put("k" + std::to_string(i), tile(1500));
  EXPECT_LE(cache.used(), 10'000u);
  EXPECT_FALSE(cache.get("k0"));  // oldest gone
  EXPECT_TRUE(cache.get("k9"));
  cache.get("k5");  // touch: now the most recent
  cache.put("big", tile(5000));
  EXPECT_TRUE(cache.get("k5"));
  cache.put("huge", tile(20'000));  // larger than the budget: not kept
  EXPECT_FALSE(cache.get("huge"));
}

TEST(Server, TilesTileJsonLegendAndCaching) {
  Running s(options());
  auto c = s.client();
  auto res = c.Get("/tilejson.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const auto tj = nlohmann::json::parse(res->body);
  EXPECT_EQ(tj["tilejson"], "3.0.0");
  EXPECT_NE(tj["tiles"][0].get<std::string>().find("/tiles/{z}/{x}/{y}.png"), std::string::npos);
  EXPECT_EQ(tj["maxzoom"], 14);

  // z7/67/57 lies inside Niger: AES today, ECOWAS before the coup.
  res = c.Get("/tiles/7/67/57.png?labels=0&events=0");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(pixel(res->body, 128, 128), (std::array<int, 3>{0xc0, 0x39, 0x2b}));
  const std::string etag = res->get_header_value("ETag");
  EXPECT_FALSE(etag.empty());
  EXPECT_NE(res->get_header_value("Cache-Control").find("max-age"), std::string::npos);
  res = c.Get("/tiles/7/67/57.png?labels=0&events=0", {{"If-None-Match", etag}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 304);
  res = c.Get("/tiles/7/67/57.png?labels=0&events=0&date=2023-07-01");
  ASSERT_TRUE(res);
  EXPECT_EQ(pixel(res->body, 128, 128), (std::array<int, 3>{0x28, 0x74, 0xa6}));
  res = c.Get("/tiles/2/1/1@2x.png");
  ASSERT_TRUE(res);
  int w = 0, h = 0;
  render::decode_png(reinterpret_cast<const unsigned char*>(res->body.data()), res->body.size(), w, h);
  EXPECT_EQ(w, 512);

  res = c.Get("/legend.json?date=2023-10-01");
  ASSERT_TRUE(res);
  bool hatched = false;
  for (const auto& e : nlohmann::json::parse(res->body)) hatched |= !e["hatch"].get<std::string>().empty();
  EXPECT_TRUE(hatched);
  // The partners named, as on the poster.
  res = c.Get("/legend.json?date=2026-11-22");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("Security partner of Mali, Burkina Faso or Niger: Russia"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("France, United States of America"), std::string::npos) << res->body;
  // The events the tiles mark on a date, in words, oldest first; none after it.
  res = c.Get("/events.json?date=2023-07-30");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  const auto evs = nlohmann::json::parse(res->body);
  ASSERT_FALSE(evs.empty());
  std::string last;
  bool coup = false;
  for (const auto& e : evs) {
    EXPECT_LE(e["date"].get<std::string>(), "2023-07-30");
    EXPECT_GE(e["date"].get<std::string>(), last);
    last = e["date"];
    for (const char* k : {"id", "title", "place", "category", "category_name", "source", "url"})
      EXPECT_TRUE(e[k].is_string()) << k;
    coup |= e["place"] == "Niamey" && e["title"].get<std::string>().find("Bazoum") != std::string::npos &&
            e["source"] == "Euronews (AP)" && std::abs(e["lon"].get<double>() - 2.1167) < 0.1;
  }
  EXPECT_TRUE(coup) << res->body;
  EXPECT_EQ(c.Get("/events.json?date=2023-13-01")->status, 400);
  for (const char* page : {"/", "/app.js", "/app.css", "/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css"}) {
    res = c.Get(page);
    ASSERT_TRUE(res) << page;
    EXPECT_EQ(res->status, 200) << page;
  }
}

TEST(Server, HostileRequestsGet4xxQuicklyAndTheServerCarriesOn) {
  Running s(options());
  auto c = s.client();
  const std::vector<std::pair<std::string, int>> cases{
      {"/tiles/15/0/0.png", 404},
      {"/tiles/3/8/0.png", 404},
      {"/tiles/3/0/4294967295.png", 400},  // more digits than any tile has
      {"/tiles/-1/0/0.png", 400},
      {"/tiles/a/b/c.png", 400},
      {"/tiles/1/0/0.jpg", 400},
      {"/tiles/99999999999999999999/0/0.png", 400},
      {"/tiles/1/0/0.png/../../../../etc/passwd", 400},
      {"/tiles/%2e%2e/%2e%2e/etc/passwd", 400},
      {"/tiles/..%2f..%2fetc%2fpasswd", 400},
      {"/..%2f..%2fetc/passwd", 404},
      {"/vendor/leaflet/%2e%2e/%2e%2e/CMakeLists.txt", 404},
      {"/vendor/leaflet/../../../CMakeLists.txt", 404},
      {"/etc/passwd", 404},
      {"/admin", 404},
      {"/tiles/1/0/0.png?date=2023-13-01", 400},
      {"/tiles/1/0/0.png?date=../../etc/passwd", 400},
      {"/tiles/1/0/0.png?labels=yes", 400},
      {"/tiles/1/0/0.png?events=%00", 400},
      {"/legend.json?date=20231001", 400},
      {"/" + std::string(9000, 'a'), 414},
      {"/tiles/" + std::string(9000, '1') + ".png", 414},
  };
  for (const auto& [path, want] : cases) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto res = c.Get(path);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(res) << path.substr(0, 80);
    EXPECT_EQ(res->status, want) << path.substr(0, 80);
    EXPECT_LT(secs, 1.0) << path.substr(0, 80);
  }
  EXPECT_EQ(c.Post("/tiles/1/0/0.png", "x", "text/plain")->status, 405);
  EXPECT_EQ(c.Delete("/")->status, 405);
  // Not even HTTP: answered or closed, never a crash.
  const std::string garbage = raw(s.port(), "GARBAGE\r\n\r\n");
  EXPECT_TRUE(garbage.empty() || garbage.find(" 400 ") != std::string::npos) << garbage;
  raw(s.port(), std::string(100000, 'x'));
  raw(s.port(), "GET /tiles/1/0/0.png HTTP/1.1\r\nHost: " + std::string(20000, 'h') + "\r\n\r\n");
  raw(s.port(), "GET /tilejson.json HTTP/1.1\r\nHost: evil\"},{\"x\r\nConnection: close\r\n\r\n");
  const auto res = c.Get("/health");
  ASSERT_TRUE(res) << "the server stopped answering";
  EXPECT_EQ(res->status, 200);
  // A hostile Host header never reaches the TileJSON verbatim.
  const auto tj = c.Get("/tilejson.json", {{"Host", "evil\"},{\"x"}});
  ASSERT_TRUE(tj);
  EXPECT_NO_THROW(nlohmann::json::parse(tj->body));
  EXPECT_EQ(tj->body.find("evil"), std::string::npos);
}

TEST(Server, ServesAnMbtilesFile) {
  const fs::path dir = fs::temp_directory_path() / ("sahelmap-serve-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path mb = dir / "served.mbtiles";
  fs::remove(mb);
  {
    const Data& d = fixture();
    const TileWorld world = build_tile_world(d.boundaries, d.style);
    const auto sym = render::symbolize(d.blocs, data::Date::parse("2026-11-22"), d.style, "en");
    const TilePalette palette = make_palette(world, sym, d.style);
    PyramidSpec spec;
    spec.bbox = {-20, 0, 30, 28};
    spec.maxzoom = 4;
    PyramidInfo info;
    info.name = "served";
    info.bbox = spec.bbox;
    info.maxzoom = 4;
    MbtilesSink sink(mb.string(), info, false, false);
    Progress quiet(0, false);
    std::atomic<bool> stop{false};
    render_pyramid(world, palette, spec, sink, quiet, stop);
  }
  ServeOptions o = options();
  o.file = mb.string();
  ServeData none;
  none.default_date = data::Date::parse("2026-11-22");
  Running s(o, none);
  auto c = s.client();
  auto res = c.Get("/tiles/4/7/7.png");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(c.Get("/tiles/4/0/0.png")->status, 404);  // outside the bbox: not in the file
  EXPECT_EQ(c.Get("/tiles/4/7/7@2x.png")->status, 404);
  const auto tj = nlohmann::json::parse(c.Get("/tilejson.json")->body);
  EXPECT_EQ(tj["maxzoom"], 4);
  EXPECT_EQ(tj["name"], "served");
  EXPECT_EQ(tj["sahelmap"]["dates"], false);
}

// Metadata is read once at start-up: a NULL value is skipped, a zoom that is not a number is an
// error then rather than a 500 on every TileJSON request.
TEST(Server, AnMbtilesFilesMetadataIsCheckedAtStartUp) {
  const fs::path dir = fs::temp_directory_path() / ("sahelmap-serve-meta-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path mb = dir / "meta.mbtiles";
  fs::remove(mb);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(mb.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, kMbtilesSchema, nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO metadata VALUES ('name', 'odd'), ('attribution', NULL), ('maxzoom', '5')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  ServeOptions o = options();
  o.file = mb.string();
  ServeData none;
  none.default_date = data::Date::parse("2026-11-22");
  {
    Running s(o, none);
    const auto tj = nlohmann::json::parse(s.client().Get("/tilejson.json")->body);
    EXPECT_EQ(tj["name"], "odd");
    EXPECT_EQ(tj["maxzoom"], 5);
    EXPECT_EQ(tj["attribution"], "Natural Earth; sahelmap");  // the NULL one did not replace it
  }
  ASSERT_EQ(sqlite3_exec(db, "UPDATE metadata SET value = 'five' WHERE name = 'maxzoom'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  try {
    TileServer bad(o, none);
    ADD_FAILURE() << "a maxzoom of 'five' was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("metadata maxzoom 'five' is not a zoom level"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

// A stop that comes before the server listens (a signal right at start-up) still stops it.
TEST(Server, StopsWhenStoppedBeforeItListens) {
  for (int i = 0; i < 20; ++i) Running r(options());
  TileServer never_run(options(), fixture().serve);
  never_run.bind();
  never_run.stop();                                                       // run() was never called: returns at once
  auto later = std::async(std::launch::async, [&] { never_run.run(); });  // and a later run() does not start
  const bool returned = later.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  if (!returned) never_run.stop();  // listening after all: stop it so the test ends
  EXPECT_TRUE(returned) << "run() after stop() served instead of returning";
}
