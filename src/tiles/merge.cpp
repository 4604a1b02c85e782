#include "tiles/merge.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "tiles/mbtiles.hpp"
#include "tiles/pmtiles.hpp"
#include "tiles/shard.hpp"
#include "tiles/tile_renderer.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles {

namespace fs = std::filesystem;

namespace {

struct ShardFile {
  std::string path;
  std::map<std::string, std::string> meta;  // as MBTiles names it (a PMTiles part's, translated)
  int index = 0, count = 0;
  std::uint64_t tiles = 0;
  bool pmtiles = false;
};

bool is_pmtiles(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char magic[7] = {};
  return f.read(magic, sizeof magic) && std::string(magic, sizeof magic) == "PMTiles";
}

// A PMTiles part's metadata JSON under the names an MBTiles part's metadata table uses.
std::map<std::string, std::string> mbtiles_names(const std::string& path, const std::string& metadata) {
  const auto j = nlohmann::json::parse(metadata, nullptr, false);
  if (!j.is_object()) throw Error(path + ": its metadata is not a JSON object");
  std::map<std::string, std::string> out;
  nlohmann::json extra = nlohmann::json::object();
  for (const auto& [k, v] : j.items()) {
    if (k == "vector_layers" || k == "sahelmap:legend" || k == "sahelmap:date" || k == "sahelmap:events")
      extra[k] = v;
    else if (k == "sahelmap:bounds" || k == "sahelmap:tilesize" || k == "sahelmap:scale")
      out[k.substr(9)] = v.is_string() ? v.get<std::string>() : v.dump();
    else
      out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  }
  if (!extra.empty()) out["json"] = extra.dump();
  return out;
}

ShardFile read_shard(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw Error(path + ": no such file");
  ShardFile s{.path = path};
  if (is_pmtiles(path)) {
    const pmtiles::Reader r(path);
    s.meta = mbtiles_names(path, r.metadata());
    s.tiles = r.header().addressed_tiles;
    s.pmtiles = true;
  }
  std::optional<sqlite::Db> db;
  if (!s.pmtiles) db.emplace(path, SQLITE_OPEN_READONLY), s.meta = read_mbtiles_metadata(*db);
  const auto shard = s.meta.find("sahelmap:shard");
  if (s.meta.count("sahelmap:fingerprint") == 0 || shard == s.meta.end())
    throw Error(path + ": not a shard of a sahelmap tile run (made without --shard, or by another program)");
  const std::string& text = shard->second;
  try {
    const Shard parsed = parse_shard(text, [](const char*) -> const char* { return nullptr; });
    s.index = parsed.index, s.count = parsed.count;
  } catch (const Error&) {
    throw Error(path + ": malformed sahelmap:shard '" + text + "'");
  }
  if (db) s.tiles = static_cast<std::uint64_t>(db->count("SELECT count(*) FROM map"));
  const std::uint64_t expected =
      std::stoull(s.meta.count("sahelmap:shard_tiles") ? s.meta["sahelmap:shard_tiles"] : "0");
  if (s.tiles != expected)
    throw Error(path + ": shard " + text + " is incomplete (" + std::to_string(s.tiles) + " of " +
                std::to_string(expected) + " tiles); finish it with the same command and --resume");
  return s;
}

// What a user can tell apart, for the message when two shards belong to different pyramids.
std::string difference(const ShardFile& a, const ShardFile& b) {
  std::string d;
  for (const char* k : {"description", "bounds", "minzoom", "maxzoom", "tilesize", "scale"}) {
    const auto va = a.meta.count(k) ? a.meta.at(k) : "", vb = b.meta.count(k) ? b.meta.at(k) : "";
    if (va != vb) d += std::string(d.empty() ? "" : "; ") + k + " '" + vb + "' vs '" + va + "'";
  }
  return d.empty() ? "the boundaries, tables, events or labels differ" : d;
}

// Every shard of one pyramid, checked before anything is written, in index order (so the same
// shards always give the same file).
std::vector<ShardFile> check_shards(const std::string& out, const std::vector<std::string>& shard_paths) {
  if (shard_paths.empty()) throw UsageError("merge: no shard files given");
  std::error_code ec;
  std::vector<ShardFile> shards;
  for (const auto& p : shard_paths) {
    for (const auto& s : shards)
      if (fs::equivalent(s.path, p, ec)) throw Error(p + ": given twice");
    if (fs::exists(out, ec) && fs::equivalent(out, p, ec)) throw Error(p + ": is also the output");
    shards.push_back(read_shard(p));
  }
  const ShardFile& first = shards.front();
  std::set<int> seen;
  for (const auto& s : shards) {
    if (s.meta.at("sahelmap:fingerprint") != first.meta.at("sahelmap:fingerprint"))
      throw Error(s.path + ": a shard of another pyramid than " + first.path + ": " + difference(first, s));
    if (s.count != first.count)
      throw Error(s.path + ": shard " + s.meta.at("sahelmap:shard") + " is one of " + std::to_string(s.count) +
                  ", but " + first.path + " is one of " + std::to_string(first.count));
    if (!seen.insert(s.index).second)
      throw Error(s.path + ": shard " + s.meta.at("sahelmap:shard") + " is given twice (another file holds it too)");
  }
  if (static_cast<int>(seen.size()) != first.count) {
    std::string missing;
    for (int i = 0; i < first.count; ++i)
      if (!seen.count(i))
        missing += (missing.empty() ? "" : ", ") + std::to_string(i) + "/" + std::to_string(first.count);
    throw Error("merge: shard(s) " + missing + " missing; all " + std::to_string(first.count) + " are needed");
  }
  std::sort(shards.begin(), shards.end(), [](const ShardFile& a, const ShardFile& b) { return a.index < b.index; });
  return shards;
}

// The pyramid the shards are parts of, from the first one's metadata.
PyramidInfo info_from(const ShardFile& first) {
  const auto& meta = first.meta;
  const auto value = [&](const char* k) { return meta.count(k) ? meta.at(k) : std::string(); };
  PyramidInfo info;
  info.name = value("name");
  info.description = value("description");
  info.attribution = value("attribution");
  info.format = value("format").empty() ? "png" : value("format");
  info.fingerprint = value("sahelmap:fingerprint");
  if (std::sscanf(value("bounds").c_str(), "%lf,%lf,%lf,%lf", &info.bbox.minx, &info.bbox.miny, &info.bbox.maxx,
                  &info.bbox.maxy) != 4)
    throw Error(first.path + ": metadata bounds '" + value("bounds") + "' is not W,S,E,N");
  info.minzoom = std::stoi(value("minzoom").empty() ? "0" : value("minzoom"));
  info.maxzoom = std::stoi(value("maxzoom").empty() ? "0" : value("maxzoom"));
  info.scale = std::stoi(value("scale").empty() ? "1" : value("scale"));
  info.tile_size = std::stoi(value("tilesize").empty() ? "256" : value("tilesize")) / std::max(1, info.scale);
  if (!value("json").empty()) {
    const auto j = nlohmann::json::parse(value("json"), nullptr, false);
    if (info.format == "pbf" && j.is_object() && j.contains("vector_layers"))
      info.vector_layers = j["vector_layers"].dump();
    if (j.is_object() && j.contains("sahelmap:legend")) info.legend = j["sahelmap:legend"].dump();
    if (j.is_object() && j.contains("sahelmap:date") && j["sahelmap:date"].is_string()) info.date = j["sahelmap:date"];
    if (j.is_object() && j.contains("sahelmap:events")) info.events = j["sahelmap:events"].dump();
  }
  return info;
}

// Every tile of the shards, in index order, with its content id; a tile in two shards is refused.
void each_tile(const std::vector<ShardFile>& shards, const std::function<void(std::size_t, std::size_t)>& progress,
               const std::function<void(geom::TileId, std::shared_ptr<EncodedTile>)>& put) {
  std::set<std::uint64_t> tiles;
  auto add = [&](const ShardFile& shard, geom::TileId t, std::shared_ptr<EncodedTile> tile) {
    if (!tiles.insert(tile_key(t)).second)
      throw Error(shard.path + ": tile " + std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y) +
                  " is in two shards: they were not made by one plan");
    put(t, std::move(tile));
  };
  for (std::size_t i = 0; i < shards.size(); ++i) {
    if (shards[i].pmtiles) {
      const pmtiles::Reader r(shards[i].path);
      for (const pmtiles::Entry& e : r.entries()) {
        auto tile = std::make_shared<EncodedTile>();
        const std::string bytes = r.data(e);
        tile->png.assign(bytes.begin(), bytes.end());
        tile->id = tile_id(tile->png);
        for (std::uint64_t k = 0; k < e.run_length; ++k) add(shards[i], pmtiles::zxy(e.tile_id + k), tile);
      }
    } else {
      const sqlite::Db db(shards[i].path, SQLITE_OPEN_READONLY);
      sqlite::Statement q = db.prepare(
          "SELECT map.zoom_level, map.tile_column, map.tile_row, map.tile_id, images.tile_data FROM map "
          "JOIN images ON images.tile_id = map.tile_id");
      while (q.step("reading " + shards[i].path)) {
        const auto z = static_cast<int>(q.integer(0));
        const geom::TileId t{z, static_cast<std::uint32_t>(q.integer(1)),
                             (1u << z) - 1 - static_cast<std::uint32_t>(q.integer(2))};
        auto tile = std::make_shared<EncodedTile>();
        const auto blob = q.blob(4);
        tile->png.assign(blob.begin(), blob.end());
        tile->id = read_id(q, 3);
        add(shards[i], t, std::move(tile));
      }
    }
    if (progress) progress(i + 1, shards.size());
  }
}

}  // namespace

MergeStats merge_mbtiles(const std::string& out, const std::vector<std::string>& shard_paths, bool overwrite,
                         const std::function<void(std::size_t, std::size_t)>& progress) {
  if (shard_paths.empty()) throw UsageError("merge: no shard files given");
  MbtilesSink::check(out, false, overwrite, false);
  std::vector<ShardFile> shards = check_shards(out, shard_paths);
  if (std::any_of(shards.begin(), shards.end(), [](const ShardFile& s) { return s.pmtiles; })) {
    // PMTiles parts: their tiles read one by one into an MBTiles file written as one run writes
    // it (the pyramid's metadata, packed), under a hidden name until it is whole.
    HiddenTemp tmp(out, "merging");
    MergeStats st;
    std::set<std::string> images;
    {
      MbtilesSink sink(tmp.path().string(), info_from(shards.front()), false, true);
      each_tile(shards, progress, [&](geom::TileId t, std::shared_ptr<EncodedTile> tile) {
        images.insert(tile->id);
        sink.put(t, tile);
        ++st.tiles;
      });
      sink.finish();
    }
    tmp.commit(out);
    st.shards = shards.size();
    st.images = images.size();
    return st;
  }
  const ShardFile& first = shards.front();
  HiddenTemp tmp(out, "merging");
  MergeStats st;
  {
    const sqlite::Db db(tmp.path().string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, out);
    // The rename is what makes the file appear whole: no journal needed while it is built.
    db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", out);
    db.exec(kMbtilesSchema, out);
    db.exec("BEGIN", out);
    sqlite::Statement m = db.prepare("INSERT INTO metadata (name, value) VALUES (?, ?)");
    for (const auto& [k, v] : first.meta)
      if (k != "sahelmap:shard" && k != "sahelmap:shard_tiles") m.bind(1, k).bind(2, v).run("cannot write metadata");
    m.bind(1, "sahelmap:merged").bind(2, std::to_string(first.count) + " shards").run("cannot write metadata");
    for (std::size_t i = 0; i < shards.size(); ++i) {
      char* quoted = sqlite3_mprintf("ATTACH DATABASE %Q AS shard", shards[i].path.c_str());
      const std::string attach = quoted;
      sqlite3_free(quoted);
      db.exec(attach, shards[i].path);
      // Identical tiles of different shards share one image; a tile in two shards is an error
      // (the unique index on map refuses it).
      db.exec("INSERT OR IGNORE INTO images (tile_data, tile_id) SELECT tile_data, tile_id FROM shard.images",
              shards[i].path);
      try {
        db.exec(
            "INSERT INTO map (zoom_level, tile_column, tile_row, tile_id) "
            "SELECT zoom_level, tile_column, tile_row, tile_id FROM shard.map",
            shards[i].path);
      } catch (const Error& e) {
        throw Error(std::string(e.what()) + " (a tile is in two shards: they were not made by one plan)");
      }
      db.exec("COMMIT; DETACH DATABASE shard; BEGIN", shards[i].path);
      if (progress) progress(i + 1, shards.size());
    }
    db.exec("COMMIT", out);
    st.shards = shards.size();
    st.tiles = static_cast<std::uint64_t>(db.count("SELECT count(*) FROM map"));
    st.images = static_cast<std::uint64_t>(db.count("SELECT count(*) FROM images"));
  }
  tmp.commit(out);
  return st;
}

MergeStats merge_to_pmtiles(const std::string& out, const std::vector<std::string>& shard_paths, bool overwrite,
                            const std::function<void(std::size_t, std::size_t)>& progress) {
  if (shard_paths.empty()) throw UsageError("merge: no shard files given");
  pmtiles::Sink::check(out, overwrite);
  const std::vector<ShardFile> shards = check_shards(out, shard_paths);
  const PyramidInfo info = info_from(shards.front());
  using pmtiles::Compression, pmtiles::TileType;
  const TileType type = info.format == "pbf" ? TileType::Mvt : info.format == "webp" ? TileType::Webp : TileType::Png;
  pmtiles::Sink sink(out, info, type, type == TileType::Mvt ? Compression::Gzip : Compression::None);
  MergeStats st;
  std::set<std::string> images;
  each_tile(shards, progress, [&](geom::TileId t, std::shared_ptr<EncodedTile> tile) {
    images.insert(tile->id);
    sink.put(t, tile);
    ++st.tiles;
  });
  sink.finish();
  st.shards = shards.size();
  st.images = images.size();
  return st;
}

}  // namespace sahelmap::tiles
