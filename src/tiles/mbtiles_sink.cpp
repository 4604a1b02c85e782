#include "tiles/mbtiles_sink.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include "util/error.hpp"

namespace sahelmap::tiles {

const char* const kMbtilesSchema = R"(
CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS metadata_name ON metadata (name);
CREATE TABLE IF NOT EXISTS map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS map_index ON map (zoom_level, tile_column, tile_row);
CREATE TABLE IF NOT EXISTS images (tile_data BLOB, tile_id TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS images_id ON images (tile_id);
CREATE VIEW IF NOT EXISTS tiles AS
  SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column, map.tile_row AS tile_row,
         images.tile_data AS tile_data
  FROM map JOIN images ON images.tile_id = map.tile_id;
)";

namespace {
std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}
}  // namespace

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

std::map<std::string, std::string> read_mbtiles_metadata(sqlite3* db, const std::string& where) {
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name, value FROM metadata", -1, &q, nullptr) != SQLITE_OK) {
    const std::string why = sqlite3_errmsg(db);
    sqlite3_finalize(q);
    throw Error(where + ": not an MBTiles file (" + why + ")");
  }
  std::map<std::string, std::string> meta;
  while (sqlite3_step(q) == SQLITE_ROW) {
    const auto* k = sqlite3_column_text(q, 0);
    const auto* v = sqlite3_column_text(q, 1);
    if (k && v) meta[reinterpret_cast<const char*>(k)] = reinterpret_cast<const char*>(v);
  }
  sqlite3_finalize(q);
  return meta;
}

MbtilesSink::MbtilesSink(std::string path, PyramidInfo info, bool resume, bool overwrite)
    : path_(std::move(path)), info_(std::move(info)) {
  namespace fs = std::filesystem;
  check(path_, resume, overwrite);
  std::error_code ec;
  const bool exists = fs::exists(path_, ec);
  if (exists && overwrite && !resume) {
    fs::remove(path_, ec);
    fs::remove(path_ + "-journal", ec);
  }
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(path_ + ": cannot open: " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    // Rollback journal: a killed run leaves a hot journal that the next open rolls back.
    exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=NORMAL; PRAGMA page_size=4096;");
    exec(kMbtilesSchema);
    if (exists && resume) {
      const auto meta = read_mbtiles_metadata(db_, path_);
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
        {"format", "png"},
        {"type", "baselayer"},
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
    if (!info_.shard.empty()) {
      meta.emplace_back("sahelmap:shard", info_.shard);
      meta.emplace_back("sahelmap:shard_tiles", std::to_string(info_.shard_tiles));
    }
    sqlite3_stmt* m = nullptr;
    sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)", -1, &m, nullptr);
    exec("BEGIN");
    for (const auto& [k, v] : meta) {
      sqlite3_bind_text(m, 1, k, -1, SQLITE_STATIC);
      sqlite3_bind_text(m, 2, v.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_step(m);
      sqlite3_reset(m);
    }
    sqlite3_finalize(m);
    exec("COMMIT");
    if (sqlite3_prepare_v2(
            db_, "INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?, ?, ?, ?)", -1,
            &put_map_, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, "INSERT OR IGNORE INTO images (tile_data, tile_id) VALUES (?, ?)", -1, &put_image_,
                           nullptr) != SQLITE_OK)
      throw Error(path_ + ": " + sqlite3_errmsg(db_));
  } catch (...) {
    sqlite3_finalize(put_map_);
    sqlite3_finalize(put_image_);
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

MbtilesSink::~MbtilesSink() {
  if (!db_) return;
  if (in_transaction_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);  // keep what is done
  sqlite3_finalize(put_map_);
  sqlite3_finalize(put_image_);
  sqlite3_close(db_);
}

void MbtilesSink::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string why = err ? err : "error";
    sqlite3_free(err);
    throw Error(path_ + ": " + why);
  }
}

std::unordered_set<std::uint64_t> MbtilesSink::existing() {
  std::unordered_set<std::uint64_t> have;
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db_, "SELECT zoom_level, tile_column, tile_row FROM map", -1, &q, nullptr);
  while (q && sqlite3_step(q) == SQLITE_ROW) {
    const int z = sqlite3_column_int(q, 0);
    const auto x = static_cast<std::uint32_t>(sqlite3_column_int64(q, 1));
    const auto row = static_cast<std::uint32_t>(sqlite3_column_int64(q, 2));
    have.insert(tile_key({z, x, (1u << z) - 1 - row}));
  }
  sqlite3_finalize(q);
  return have;
}

void MbtilesSink::begin() {
  if (!in_transaction_) {
    exec("BEGIN");
    in_transaction_ = true;
  }
}

void MbtilesSink::put(geom::TileId t, const TilePtr& tile) {
  begin();
  if (stored_.insert(tile->id).second) {
    sqlite3_bind_blob(put_image_, 1, tile->png.data(), static_cast<int>(tile->png.size()), SQLITE_STATIC);
    sqlite3_bind_text(put_image_, 2, tile->id.c_str(), -1, SQLITE_STATIC);
    const int rc = sqlite3_step(put_image_);
    sqlite3_reset(put_image_);
    if (rc != SQLITE_DONE) throw Error(path_ + ": cannot write tile: " + sqlite3_errmsg(db_));
  }
  sqlite3_bind_int(put_map_, 1, t.z);
  sqlite3_bind_int64(put_map_, 2, t.x);
  sqlite3_bind_int64(put_map_, 3, geom::tms_row(t));  // MBTiles rows count from the south
  sqlite3_bind_text(put_map_, 4, tile->id.c_str(), -1, SQLITE_STATIC);
  const int rc = sqlite3_step(put_map_);
  sqlite3_reset(put_map_);
  if (rc != SQLITE_DONE) throw Error(path_ + ": cannot write tile: " + sqlite3_errmsg(db_));
}

void MbtilesSink::checkpoint() {
  if (in_transaction_) {
    exec("COMMIT");
    in_transaction_ = false;
  }
}

void MbtilesSink::finish() {
  checkpoint();
  exec("ANALYZE");
}

}  // namespace sahelmap::tiles
