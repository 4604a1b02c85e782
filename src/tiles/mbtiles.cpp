#include "tiles/mbtiles.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "util/atomic_file.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles {

// 16 KB pages (for a new file; an existing one keeps its own): tiles of a few KB fill them with
// less left over than 4 KB ones. The tables and their indexes apart: a packed copy builds each
// index after its rows, so its pages are full.
namespace {
const char* const kMbtilesTables = R"(
PRAGMA page_size=16384;
CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);
CREATE TABLE IF NOT EXISTS map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id BLOB,
  PRIMARY KEY (zoom_level, tile_column, tile_row)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS images (tile_data BLOB, tile_id BLOB);
CREATE VIEW IF NOT EXISTS tiles AS
  SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column, map.tile_row AS tile_row,
         images.tile_data AS tile_data
  FROM map JOIN images ON images.tile_id = map.tile_id;
)";
const char* const kMbtilesIndexes = R"(
CREATE UNIQUE INDEX IF NOT EXISTS metadata_name ON metadata (name);
CREATE UNIQUE INDEX IF NOT EXISTS images_id ON images (tile_id);
)";
const std::string kSchemaText = std::string(kMbtilesTables) + kMbtilesIndexes;
}  // namespace
const char* const kMbtilesSchema = kSchemaText.c_str();

std::string stored_id(const std::string& id) {
  const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  if (id.size() != 32 || id.find_first_not_of("0123456789abcdef") != std::string::npos) return id;
  std::string bytes(16, '\0');
  for (std::size_t i = 0; i < 16; ++i) bytes[i] = static_cast<char>(nibble(id[2 * i]) << 4 | nibble(id[2 * i + 1]));
  return bytes;
}

std::string read_id(const sqlite::Statement& q, int column) {
  if (!q.is_blob(column)) return q.text(column);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (const unsigned char b : q.blob(column)) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

namespace {
std::span<const unsigned char> bytes_of(const std::string& s) {
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}
}  // namespace

HiddenTemp::HiddenTemp(const std::filesystem::path& out, const char* tag) : path_(hidden_sibling(out, tag)) {}

HiddenTemp::~HiddenTemp() {
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    std::filesystem::remove(path_.string() + "-journal", ec);
  }
}

void HiddenTemp::commit(const std::filesystem::path& out) {
  // Written without a journal: durable before it takes the final name.
  if (const int fd = ::open(path_.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  std::filesystem::rename(path_, out, ec);
  if (ec) throw Error(out.string() + ": cannot move the new file into place: " + ec.message());
  committed_ = true;
}

void pack_mbtiles(const std::string& path) {
  try {
    HiddenTemp tmp(path, "packing");
    {
      const sqlite::Db db(tmp.path().string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, path);
      db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
      db.exec(kMbtilesTables);
      char* quoted = sqlite3_mprintf("ATTACH DATABASE %Q AS src", path.c_str());
      const std::string attach = quoted;
      sqlite3_free(quoted);
      db.exec(attach);
      // `map` as it is: it is kept in key order, and SQLite copies such a table page by page (full
      // pages) when nothing is selected or sorted. Images by id: in the order of their first tile
      // costs a pass over `map`, three times the time for no gain a reader sees.
      db.exec(R"(BEGIN;
INSERT INTO metadata (name, value) SELECT name, value FROM src.metadata ORDER BY name, value;
INSERT INTO map SELECT * FROM src.map;
INSERT INTO images (tile_data, tile_id)
  SELECT tile_data, tile_id FROM src.images ORDER BY tile_id;
COMMIT;
DETACH DATABASE src;)");
      db.exec(kMbtilesIndexes);
    }
    tmp.commit(path);
  } catch (const Error& e) {
    throw Error(std::string(e.what()) + " (packing the finished file; its tiles are all in " + path +
                ", usable as it is, and the same command with --resume packs it)");
  }
}

std::map<std::string, std::string> read_mbtiles_metadata(const sqlite::Db& db) {
  std::unique_ptr<sqlite::Statement> q;
  try {
    q = std::make_unique<sqlite::Statement>(db.prepare("SELECT name, value FROM metadata"));
  } catch (const Error& e) {
    throw Error(db.path() + ": not an MBTiles file (" + std::string(e.what()).substr(db.path().size() + 2) + ")");
  }
  std::map<std::string, std::string> meta;
  while (q->step("reading metadata"))
    if (!q->null(0) && !q->null(1)) meta[q->text(0)] = q->text(1);
  return meta;
}

MbtilesReader::MbtilesReader(const std::string& path)
    : db_(path, SQLITE_OPEN_READONLY), metadata_(read_mbtiles_metadata(db_)) {
  try {
    query_ = std::make_unique<sqlite::Statement>(
        db_.prepare("SELECT images.tile_data, map.tile_id FROM map JOIN images ON images.tile_id = map.tile_id "
                    "WHERE map.zoom_level = ? AND map.tile_column = ? AND map.tile_row = ?"));
  } catch (const Error& e) {  // files with a plain `tiles` table and no map/images
    if (std::string(e.what()).find("no such table") == std::string::npos) throw;
    plain_table_ = true;
    query_ = std::make_unique<sqlite::Statement>(
        db_.prepare("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?"));
  }
}

TilePtr MbtilesReader::tile(geom::TileId t) {
  std::lock_guard lock(m_);
  sqlite::Statement& q = *query_;
  // Reset however this ends: a statement left stepping would hold a read lock on the file and
  // refuse every later request.
  struct Reset {
    sqlite::Statement& q;
    ~Reset() { q.reset(); }
  } reset{q};
  q.bind(1, t.z).bind(2, std::int64_t{t.x}).bind(3, std::int64_t{geom::tms_row(t)});
  if (!q.step("reading a tile")) return nullptr;
  auto tile = std::make_shared<EncodedTile>();
  const auto blob = q.blob(0);
  tile->png.assign(blob.begin(), blob.end());
  tile->id = plain_table_ ? tile_id(tile->png) : read_id(q, 1);
  return tile;
}

void MbtilesSink::check(const std::string& path, bool resume, bool overwrite, bool resumable) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (exists && fs::is_directory(path, ec)) throw Error(path + ": is a directory, not an MBTiles file");
  if (exists && !resume && !overwrite)
    throw Error(path + (resumable ? ": already exists (use --resume to finish it, or --overwrite to start again)"
                                  : ": already exists (use --overwrite to replace it)"));
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw Error(path + ": folder " + parent.string() + " does not exist");
  if (::access(parent.empty() ? "." : parent.c_str(), W_OK) != 0)
    throw Error(path + ": folder " + (parent.empty() ? std::string(".") : parent.string()) + " is not writable");
}

// The checks, and an existing file removed when it is to be replaced: what the database opens.
std::string MbtilesSink::prepare_path(const std::string& path, bool resume, bool overwrite) {
  namespace fs = std::filesystem;
  check(path, resume, overwrite);
  std::error_code ec;
  if (fs::exists(path, ec) && overwrite && !resume) {
    fs::remove(path, ec);
    fs::remove(path + "-journal", ec);
  }
  return path;
}

MbtilesSink::MbtilesSink(std::string path, PyramidInfo info, bool resume, bool overwrite)
    : path_(std::move(path)),
      info_(std::move(info)),
      db_(prepare_path(path_, resume, overwrite), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
  // Rollback journal: a killed run leaves a hot journal that the next open rolls back.
  db_.exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL;");
  const bool had_data = db_.count("SELECT count(*) FROM sqlite_master WHERE name = 'metadata'") > 0;
  db_.exec(kMbtilesSchema);
  if (had_data && resume) {
    const auto meta = read_mbtiles_metadata(db_);
    const auto value = [&](const char* k) { return meta.count(k) ? meta.at(k) : std::string(); };
    // No fingerprint: killed before its metadata was committed, so there is nothing to contradict.
    if (!value("sahelmap:fingerprint").empty())
      check_resumable(path_, value("sahelmap:fingerprint"), value("sahelmap:shard"), info_);
  }
  const std::string b =
      fmt(info_.bbox.minx) + "," + fmt(info_.bbox.miny) + "," + fmt(info_.bbox.maxx) + "," + fmt(info_.bbox.maxy);
  const std::string center = fmt((info_.bbox.minx + info_.bbox.maxx) / 2) + "," +
                             fmt((info_.bbox.miny + info_.bbox.maxy) / 2) + "," +
                             std::to_string((info_.minzoom + info_.maxzoom) / 2);
  std::vector<std::pair<const char*, std::string>> meta = {
      {"name", info_.name},
      {"description", info_.description},
      {"format", info_.format},
      {"type", info_.format == "pbf" ? "overlay" : "baselayer"},
      {"version", "1.3"},
      {"bounds", b},
      {"center", center},
      {"minzoom", std::to_string(info_.minzoom)},
      {"maxzoom", std::to_string(info_.maxzoom)},
      {"attribution", info_.attribution},
      {"scale", std::to_string(info_.scale)},
      {"tilesize", std::to_string(info_.tile_size * info_.scale)},
      {"sahelmap:fingerprint", info_.fingerprint},
  };
  if (!info_.vector_layers.empty() || !info_.legend.empty()) {
    nlohmann::json j = nlohmann::json::object();
    if (!info_.vector_layers.empty()) j["vector_layers"] = nlohmann::json::parse(info_.vector_layers);
    if (!info_.legend.empty()) j["sahelmap:legend"] = nlohmann::json::parse(info_.legend);
    if (!info_.date.empty()) j["sahelmap:date"] = info_.date;
    if (!info_.events.empty()) j["sahelmap:events"] = nlohmann::json::parse(info_.events);
    meta.emplace_back("json", j.dump());
  }
  if (!info_.shard.empty()) {
    meta.emplace_back("sahelmap:shard", info_.shard);
    meta.emplace_back("sahelmap:shard_tiles", std::to_string(info_.shard_tiles));
  }
  sqlite::Statement m = db_.prepare("INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)");
  db_.exec("BEGIN");
  for (const auto& [k, v] : meta) m.bind(1, k).bind(2, v).run("cannot write metadata");
  db_.exec("COMMIT");
  put_map_ = std::make_unique<sqlite::Statement>(
      db_.prepare("INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?, ?, ?, ?)"));
  put_image_ = std::make_unique<sqlite::Statement>(
      db_.prepare("INSERT OR IGNORE INTO images (tile_data, tile_id) VALUES (?, ?)"));
}

MbtilesSink::~MbtilesSink() {
  put_map_.reset();
  put_image_.reset();
  if (in_transaction_) sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr);  // keep what is done
}

std::unordered_set<std::uint64_t> MbtilesSink::existing() {
  std::unordered_set<std::uint64_t> have;
  sqlite::Statement q = db_.prepare("SELECT zoom_level, tile_column, tile_row FROM map");
  while (q.step("reading the tiles already there")) {
    const auto z = static_cast<int>(q.integer(0));
    const auto x = static_cast<std::uint32_t>(q.integer(1));
    const auto row = static_cast<std::uint32_t>(q.integer(2));
    have.insert(tile_key({z, x, (1u << z) - 1 - row}));
  }
  return have;
}

void MbtilesSink::begin() {
  if (!in_transaction_) {
    db_.exec("BEGIN");
    in_transaction_ = true;
  }
}

void MbtilesSink::put(geom::TileId t, const TilePtr& tile) {
  begin();
  const std::string id = stored_id(tile->id);
  if (stored_.insert(id).second) put_image_->bind(1, tile->png).bind(2, bytes_of(id)).run("cannot write tile");
  put_map_->bind(1, t.z)
      .bind(2, std::int64_t{t.x})
      .bind(3, std::int64_t{geom::tms_row(t)})  // MBTiles rows count from the south
      .bind(4, bytes_of(id))
      .run("cannot write tile");
}

void MbtilesSink::checkpoint() {
  if (in_transaction_) {
    db_.exec("COMMIT");
    in_transaction_ = false;
  }
}

void MbtilesSink::finish() {
  checkpoint();
  if (!info_.shard.empty() && info_.shard_tiles == ~std::uint64_t{0}) {  // counted at the end (vector shards)
    sqlite::Statement m = db_.prepare("INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)");
    m.bind(1, std::string("sahelmap:shard_tiles"))
        .bind(2, std::to_string(db_.count("SELECT count(*) FROM map")))
        .run("cannot write metadata");
  }
  // Lookups are all by unique keys: no ANALYZE, whose table would be a page of its own.
  put_map_.reset();
  put_image_.reset();
  pack_mbtiles(path_);
}

}  // namespace sahelmap::tiles
