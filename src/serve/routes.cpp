#include "serve/routes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <regex>

#include "render/symbolize.hpp"
#include "serve/assets.hpp"
#include "serve/http_request.hpp"
#include "serve/tile_cache.hpp"
#include "serve/tile_file.hpp"
#include "serve/tile_url.hpp"
#include "serve/tilejson.hpp"
#include "tiles/glyphs.hpp"
#include "tiles/maplibre_style.hpp"
#include "tiles/sprite.hpp"
#include "tiles/vector_world.hpp"
#include "util/error.hpp"

namespace sahelmap::serve {

namespace {

// ?date=YYYY-MM-DD into `date` (kept when absent); a 400 reply for anything else.
std::optional<Reply> date_param(const Request& req, data::Date& date) {
  if (!req.has("date")) return std::nullopt;
  try {
    date = data::Date::parse(req.param("date"));  // exactly YYYY-MM-DD, a real day
    return std::nullopt;
  } catch (const Error&) {
    return Reply::text(400, "date must be YYYY-MM-DD\n");
  }
}

// "a/b/c" split on '/', exactly `n` parts, or empty.
std::vector<std::string> split(const std::string& s, std::size_t n) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (parts.size() < n + 1) {
    const std::size_t slash = s.find('/', at);
    parts.push_back(s.substr(at, slash - at));
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  if (parts.size() != n) parts.clear();
  return parts;
}

}  // namespace

struct Routes::Impl {
  ServeOptions opt;
  ServeData data;
  TileCache cache;
  std::map<std::string, Asset> assets;
  std::unique_ptr<RenderedTiles> rendered;  // tiles on demand, or
  std::unique_ptr<TileFile> file;           // from an MBTiles file or a PMTiles archive
  int archive_fd = -1;                      // that file, served whole (HTTP Range)
  std::string archive_route;                // "/archive.pmtiles" or "/archive.mbtiles"
  std::uint64_t archive_size = 0;
  std::string archive_etag;
  // Vector tiles on demand (every date in each tile), a world per source of boundaries.
  std::vector<std::unique_ptr<tiles::VectorWorld>> vectors;
  const tiles::VectorWorld& vector_for(int z) const {
    std::size_t i = 0;
    while (i + 1 < vectors.size() && z >= data.sources[i + 1].minzoom) ++i;
    return *vectors[i];
  }

  Impl(const ServeOptions& o, const ServeData& d) : opt(o), data(d), cache(o.cache_bytes) {}
  ~Impl() {
    if (archive_fd >= 0) ::close(archive_fd);
  }

  // Tiles of a file: raster under /tiles/, vector under /vector/.
  bool file_serves(bool vector_route) const { return file && file->vector() == vector_route; }

  // A tile's reply: ETag, caching, 304 when the client has it.
  static Reply tile_reply(const Request& req, const tiles::TilePtr& tile, const std::string& type,
                          const std::string& cache_control) {
    Reply r{.type = type};
    const std::string etag = "\"" + tile->id + "\"";
    r.header("ETag", etag).header("Cache-Control", cache_control);
    if (req.if_none_match == etag) {
      r.status = 304;
      return r;
    }
    r.tile = tile;
    return r;
  }

  Routed tile(const Request& req) {
    int status = 400;
    const auto parsed = parse_tile_path(std::string_view(req.path).substr(7), opt.max_zoom, status);
    if (!parsed)
      return {Reply::text(status, status == 404 ? "no such tile\n" : "not a tile path: /tiles/{z}/{x}/{y}.png\n")};
    if (file && (parsed->scale == 2 || file->vector()))
      return {Reply::text(404, file->vector() ? "this file holds vector tiles: /vector/{z}/{x}/{y}.pbf\n"
                                              : "this file has no @2x tiles\n")};
    TileQuery q{.request = *parsed, .date = data.default_date};
    if (auto bad = date_param(req, q.date)) return {*bad};
    for (const char* flag : {"labels", "events"})
      if (req.has(flag)) {
        const std::string v = req.param(flag);
        if (v != "0" && v != "1") return {Reply::text(400, std::string(flag) + " must be 0 or 1\n")};
        (std::string(flag) == "labels" ? q.labels : q.events) = v == "1";
      }
    const geom::TileId t = parsed->tile;
    const std::string key = file ? tile_path(t) : q.key();
    // A dated map never changes; the default date's does, with the day.
    const std::string cc = req.has("date") || file ? "public, max-age=86400" : "public, max-age=3600";
    const std::string type = file ? file->content_type() : "image/png";
    if (tiles::TilePtr hit = cache.get(key)) return {tile_reply(req, hit, type, cc)};
    return {{}, [this, req, q, t, key, cc, type] {
              tiles::TilePtr made = file ? file->tile(t) : rendered->tile(q);
              if (!made) return Reply::text(404, "no such tile in this file\n");
              cache.put(key, made);
              return tile_reply(req, made, type, cc);
            }};
  }

  Reply vector_reply(const Request& req, const tiles::TilePtr& tile) const {
    Reply r{.type = "application/vnd.mapbox-vector-tile"};
    r.header("Cache-Control", "public, max-age=3600").header("Access-Control-Allow-Origin", "*");
    if (tile->png.empty()) {
      r.status = 204;  // nothing here (open sea): an empty tile to MapLibre
      r.type.clear();
      return r;
    }
    const std::string etag = "\"" + tile->id + "\"";
    r.header("ETag", etag);
    if (req.if_none_match == etag) {
      r.status = 304;
      return r;
    }
    const auto& b = tile->png;
    if (b.size() > 2 && b[0] == 0x1f && b[1] == 0x8b) r.header("Content-Encoding", "gzip");  // stored gzip'd
    r.tile = tile;
    return r;
  }

  Routed vector_tile(const Request& req) {
    const bool from_file = file_serves(true);
    const int max_zoom = from_file ? file->maxzoom() : opt.vector_max_zoom;
    int status = 404;
    const auto parsed = parse_tile_path(std::string_view(req.path).substr(8), max_zoom, status, "pbf");
    if ((vectors.empty() && !from_file) || (!parsed && status == 400)) return {Reply::text(404, "no such tile\n")};
    if (!parsed || parsed->tile.z < (from_file ? file->minzoom() : 0))
      return {Reply::text(404, "no such tile (vector tiles go to zoom " + std::to_string(max_zoom) + ")\n")};
    const geom::TileId t = parsed->tile;
    const std::string key = "v" + tile_path(t);
    if (tiles::TilePtr hit = cache.get(key)) return {vector_reply(req, hit)};
    return {{}, [this, req, t, key, from_file] {
              tiles::TilePtr tile;
              if (from_file) {
                tile = file->tile(t);
                if (!tile) tile = std::make_shared<tiles::EncodedTile>();  // nothing there: empty
              } else {
                auto made = std::make_shared<tiles::EncodedTile>();
                const std::string bytes = vector_for(t.z).tile(t);
                made->png.assign(bytes.begin(), bytes.end());
                made->id = tiles::tile_id(made->png);
                tile = made;
              }
              cache.put(key, tile);
              return vector_reply(req, tile);
            }};
  }

  // A Host header is only echoed when it is a plain host[:port].
  std::string base_url(const Request& req) const {
    std::string host = req.host;
    const bool plain = !host.empty() && host.size() < 256 &&
                       host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                           std::string::npos;
    if (!plain) host = opt.bind + ":" + std::to_string(opt.port);
    return "http://" + host;
  }

  static Reply json(std::string body) {
    Reply r{.type = "application/json", .body = std::move(body)};
    r.header("Cache-Control", "no-cache");
    return r;
  }

  Reply tilejson_reply(const Request& req) const {
    return json(tilejson({.base_url = base_url(req),
                          .max_zoom = opt.max_zoom,
                          .bounds = data.label_bbox,
                          .dates = !file,
                          .default_date = data.default_date.str(),
                          .attribution = data.attribution,
                          .mbtiles = file ? &file->tilejson() : nullptr})
                    .dump(2));
  }

  Reply legend(const Request& req) const {
    nlohmann::json out = nlohmann::json::array();
    if (!file || file->vector()) {  // vector tiles are styled here, for any date
      data::Date date = data.default_date;
      if (auto bad = date_param(req, date)) return *bad;
      out = legend_of_date(*data.blocs, *data.countries, date, *data.style, data.lang);
    } else if (file->tilejson().contains("sahelmap:legend")) {  // raster tiles: as they were drawn
      out = file->tilejson()["sahelmap:legend"];
    }
    return json(out.dump());
  }

  // The events the tiles draw on a date (their words: the tiles show markers), for the page's list.
  Reply events(const Request& req) const {
    nlohmann::json out = nlohmann::json::array();
    if (!file) {
      data::Date date = data.default_date;
      if (auto bad = date_param(req, date)) return *bad;
      if (data.events) out = events_json(data::events_until(*data.events, date), data.lang);
    } else if (file->tilejson().contains("sahelmap:events")) {  // raster tiles: as they were drawn
      out = file->tilejson()["sahelmap:events"];
    }
    return json(out.dump());
  }

  Reply tilejson_vector(const Request& req) const {
    if (vectors.empty() && !file_serves(true))
      return Reply::text(404, "no vector tiles here (this server serves a file of raster tiles)\n");
    nlohmann::json j = {{"tilejson", "3.0.0"},
                        {"name", "sahelmap vector tiles"},
                        {"attribution", data.attribution},
                        {"scheme", "xyz"},
                        {"tiles", {base_url(req) + "/vector/{z}/{x}/{y}.pbf"}},
                        {"minzoom", 0},
                        {"maxzoom", opt.vector_max_zoom}};
    if (!vectors.empty())
      j["vector_layers"] = nlohmann::json::parse(vectors.front()->vector_layers_json(0, opt.vector_max_zoom));
    else
      j.update(file->tilejson());
    return json(j.dump(2));
  }

  // What the tiles served are drawn from: a file's own credit, else the sources by zoom.
  std::string attribution() const {
    if (file && file->tilejson().contains("attribution") && file->tilejson()["attribution"].is_string())
      return file->tilejson()["attribution"].get<std::string>();
    return data.attribution;
  }

  Reply style(const Request& req) const {
    if ((vectors.empty() && !file_serves(true)) || !data.style)
      return Reply::text(404, "no vector tiles here (this server serves a file of raster tiles)\n");
    data::Date date = data.default_date;
    if (auto bad = date_param(req, date)) return *bad;
    // ?source=archive: the archive itself, through MapLibre's pmtiles:// protocol.
    const bool archive = req.param("source") == "archive";
    if (archive && archive_route != "/archive.pmtiles")
      return Reply::text(404, "no PMTiles archive is served here (serve --pmtiles FILE)\n");
    const std::string source =
        archive ? "pmtiles://" + base_url(req) + archive_route : base_url(req) + "/tilejson-vector.json";
    return json(tiles::maplibre_style(*data.style, {.source = source,
                                                    .date = date,
                                                    .lang = data.lang,
                                                    .glyphs = base_url(req) + "/fonts/{fontstack}/{range}.pbf",
                                                    .sprite = base_url(req) + "/sprite",
                                                    .attribution = attribution()}));
  }

  // The style's sprite (the stripes of double membership): /sprite.json, /sprite.png and @2x.
  Reply sprite(const Request& req) const {
    if (!data.style) return Reply::text(404, "no style here\n");
    const std::string& p = req.path;
    const bool two = p.rfind("/sprite@2x.", 0) == 0;
    const auto dot = p.rfind('.');
    if (dot == std::string::npos) return Reply::text(404, "no such sprite file\n");
    const std::string ext = p.substr(dot);
    if ((ext != ".json" && ext != ".png") || p != (two ? "/sprite@2x" : "/sprite") + ext)
      return Reply::text(404, "no such sprite file\n");
    const tiles::Sprite s = tiles::maplibre_sprite(*data.style, two ? 2 : 1);
    Reply r = ext == ".json" ? Reply{.type = "application/json", .body = s.index}
                             : Reply{.type = "image/png", .body = std::string(s.png.begin(), s.png.end())};
    r.header("Cache-Control", "public, max-age=86400").header("Access-Control-Allow-Origin", "*");
    return r;
  }

  // The file itself, for clients that read it by ranges (MapLibre's pmtiles:// protocol, SQLite
  // over HTTP): 206 for one range, multipart/byteranges for several, 416 when unsatisfiable.
  Reply archive(const Request& req) const {
    if (archive_fd < 0 || req.path != archive_route)
      return Reply::text(404, "no PMTiles archive is served here (serve --pmtiles FILE)\n");
    const std::string type = archive_route == "/archive.pmtiles" ? "application/vnd.pmtiles" : "application/x-sqlite3";
    Reply r{.type = type};
    r.header("Accept-Ranges", "bytes")
        .header("ETag", archive_etag)
        .header("Cache-Control", "public, max-age=3600")
        .header("Access-Control-Allow-Origin", "*");
    if (req.if_none_match == archive_etag) {
      r.status = 304;
      return r;
    }
    if (!req.has_range) {
      r.file_fd = archive_fd;
      r.file_length = archive_size;
      return r;
    }
    const auto ranges = parse_ranges(req.range, archive_size);
    if (!ranges) {
      r.status = 416;
      r.type.clear();
      r.header("Content-Range", "bytes */" + std::to_string(archive_size));
      return r;
    }
    r.status = 206;
    if (ranges->size() == 1) {
      const ByteRange& b = ranges->front();
      r.header("Content-Range", "bytes " + std::to_string(b.first) + "-" + std::to_string(b.first + b.length - 1) +
                                    "/" + std::to_string(archive_size));
      r.file_fd = archive_fd;
      r.file_offset = b.first;
      r.file_length = b.length;
      return r;
    }
    std::uint64_t total = 0;
    for (const ByteRange& b : *ranges) total += b.length;
    if (total > (8u << 20)) {  // many large ranges: the whole file instead (RFC 9110 allows it)
      r.status = 200;
      r.file_fd = archive_fd;
      r.file_length = archive_size;
      return r;
    }
    const std::string boundary = "sahelmap-byteranges";
    for (const ByteRange& b : *ranges) {
      r.body += "--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes " + std::to_string(b.first) +
                "-" + std::to_string(b.first + b.length - 1) + "/" + std::to_string(archive_size) + "\r\n\r\n";
      const std::size_t at = r.body.size();
      r.body.resize(at + b.length);
      std::uint64_t done = 0;
      while (done < b.length) {
        const ssize_t n =
            ::pread(archive_fd, r.body.data() + at + done, b.length - done, static_cast<off_t>(b.first + done));
        if (n <= 0) throw Error(archive_route + ": cannot read: " + std::strerror(errno));
        done += static_cast<std::uint64_t>(n);
      }
      r.body += "\r\n";
    }
    r.body += "--" + boundary + "--\r\n";
    r.type = "multipart/byteranges; boundary=" + boundary;
    return r;
  }

  // MapLibre's glyph ranges of the style's font, made on first use and kept.
  Routed glyphs(const Request& req) {
    const auto parts = split(req.path.substr(7), 2);  // after "/fonts/": {fontstack}/{start}-{end}.pbf
    const std::string family = data.style ? data.style->font : std::string();
    static const std::regex range_re(R"((\d{1,5})-(\d{1,5})\.pbf)");
    std::smatch m;
    if (parts.empty() || family.empty() || !std::regex_match(parts[1], m, range_re))
      return {Reply::text(404, "no such glyph range\n")};
    const auto decoded = percent_decode(parts[0]);  // "Noto%20Sans%20Regular"
    if (!decoded) return {Reply::text(404, "no such glyph range\n")};
    const std::string stack = *decoded;
    const unsigned long start = std::stoul(m[1].str()), end = std::stoul(m[2].str());
    if (!tiles::serves_fontstack(stack, family) || start % 256 != 0 || end != start + 255 || start >= 65536)
      return {Reply::text(404, "no such glyph range\n")};
    const std::string key = "glyphs " + stack + " " + std::to_string(start);
    const auto reply = [](const tiles::TilePtr& range) {
      Reply r{.type = "application/x-protobuf", .tile = range};
      r.header("Cache-Control", "public, max-age=86400").header("Access-Control-Allow-Origin", "*");
      return r;
    };
    if (tiles::TilePtr hit = cache.get(key)) return {reply(hit)};
    return {{}, [this, stack, start, key, reply] {
              auto made = std::make_shared<tiles::EncodedTile>();
              const std::string bytes = tiles::glyph_range(stack, static_cast<unsigned>(start));
              made->png.assign(bytes.begin(), bytes.end());
              cache.put(key, made);
              return reply(made);
            }};
  }

  Routed route(const Request& req) {
    const std::string& p = req.path;
    const auto starts = [&](const char* prefix) { return p.rfind(prefix, 0) == 0; };
    if (starts("/tiles/")) return tile(req);
    if (starts("/vector/")) return vector_tile(req);
    if (starts("/fonts/")) return glyphs(req);
    if (p == "/tilejson.json") return {tilejson_reply(req)};
    if (p == "/tilejson-vector.json") return {tilejson_vector(req)};
    if (p == "/legend.json") return {legend(req)};
    if (p == "/events.json") return {events(req)};
    if (p == "/style.json") return {style(req)};
    if (starts("/sprite")) return {sprite(req)};
    if (starts("/archive.")) return {archive(req)};
    // Static files: a fixed table, never a path from the request.
    const auto it = assets.find(p);
    if (it == assets.end()) return {Reply::text(404, "not found\n")};
    Reply r{.type = it->second.type, .body = it->second.bytes};
    r.header("Cache-Control", "no-cache");
    return {r};
  }
};

Routes::Routes(const ServeOptions& options, const ServeData& data) : impl_(std::make_unique<Impl>(options, data)) {
  Impl& s = *impl_;
  s.assets = load_assets(options.web_dir, options.leaflet_dir, options.maplibre_dir, options.pmtiles_dir);
  if (!options.file.empty()) {
    s.file = open_tile_file(options.file);
    s.archive_route = s.file->archive().empty() ? "/archive.mbtiles" : "/archive.pmtiles";
    s.archive_fd = ::open(options.file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (s.archive_fd < 0 || ::fstat(s.archive_fd, &st) != 0)
      throw Error(options.file + ": cannot open: " + std::strerror(errno));
    s.archive_size = static_cast<std::uint64_t>(st.st_size);
    s.archive_etag = "\"" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtime) + "\"";
  } else {
    s.rendered = std::make_unique<RenderedTiles>(data, options.label_max_zoom);
    for (std::size_t i = 0; i < data.sources.size() && data.sources[i].minzoom <= options.vector_max_zoom; ++i) {
      const bool last = i + 1 == data.sources.size();
      s.vectors.push_back(std::make_unique<tiles::VectorWorld>(
          tiles::VectorRequest{.boundaries = data.sources[i].boundaries,
                               .countries = data.countries,
                               .blocs = data.blocs,
                               .places = data.places,
                               .events = data.events,
                               .minzoom = data.sources[i].minzoom,
                               .maxzoom = last ? options.vector_max_zoom
                                               : std::min(options.vector_max_zoom, data.sources[i + 1].minzoom - 1)}));
    }
  }
}

Routes::~Routes() = default;

void Routes::set_port(int port) {
  impl_->opt.port = port;
}

Routed Routes::route(const Request& request) {
  return impl_->route(request);
}

}  // namespace sahelmap::serve
