#pragma once
// MBTiles 1.3 (SQLite), all of it here: the schema (identical tiles stored once: map + images,
// with the `tiles` view readers expect; TMS rows), the metadata, a reader for the server and a
// sink that writes in transactions, so an interrupted run leaves a valid file that --resume
// completes, and packs the file into one order when the run finishes. One owner per database and statement
// (tiles/sqlite.hpp), every result checked.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include "tiles/sink.hpp"
#include "tiles/sqlite.hpp"

namespace sahelmap::tiles {

/// MBTiles 1.3 with deduplication: tables metadata, map, images and the `tiles` view.
extern const char* const kMbtilesSchema;

/// A database built under a hidden name beside `out` (".NAME.TAG.<random>"), without a journal:
/// removed with its journal unless committed, which makes it durable and renames it to `out`.
class HiddenTemp {
 public:
  HiddenTemp(const std::filesystem::path& out, const char* tag);
  HiddenTemp(const HiddenTemp&) = delete;
  HiddenTemp& operator=(const HiddenTemp&) = delete;
  ~HiddenTemp();
  const std::filesystem::path& path() const { return path_; }
  /// @throws Error "OUT: cannot move the new file into place: <why>"
  void commit(const std::filesystem::path& out);

 private:
  std::filesystem::path path_;
  bool committed_ = false;
};

/// Rewrites the finished MBTiles file at `path` in one order: metadata by name, tiles by z/x/y,
/// images by id, each index built after its rows. The same tiles give the same bytes in whatever
/// order a run wrote them (threads finish in any order), and pages are full. Built beside the
/// file and renamed over it.
/// @throws Error "<why> (packing the finished file; ...)"; the file is left as it was.
void pack_mbtiles(const std::string& path);

/// Every name/value of the metadata table (rows with a NULL name or value are skipped).
/// @throws Error "PATH: not an MBTiles file (...)" when there is no metadata table.
std::map<std::string, std::string> read_mbtiles_metadata(const sqlite::Db& db);

/// An image id as the file keeps it: the 16 bytes an MD5's 32 hex digits spell (a third of the
/// `map` table's size), any other id as it is.
std::string stored_id(const std::string& id);
/// An id read back from `map` or `images`: hex again when it was kept as bytes.
std::string read_id(const sqlite::Statement& q, int column);

/// Tiles by z/x/y from an MBTiles file, for the server: the query is prepared once.
class MbtilesReader {
 public:
  /// @throws Error when the file cannot be opened or is not an MBTiles file.
  explicit MbtilesReader(const std::string& path);
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  /// The tile, or null when the file has none there. Thread-safe.
  TilePtr tile(geom::TileId t);

 private:
  sqlite::Db db_;
  std::map<std::string, std::string> metadata_;
  std::mutex m_;
  bool plain_table_ = false;  // a `tiles` table only (no map/images): ids are computed
  std::unique_ptr<sqlite::Statement> query_;
};

class MbtilesSink : public TileSink {
 public:
  /// Creates (or, with resume, reopens) the file.
  /// @throws Error when it exists without resume, holds another pyramid, or cannot be written.
  MbtilesSink(std::string path, PyramidInfo info, bool resume, bool overwrite);
  /// The constructor's checks of the path alone, run before the data is read so a run that
  /// cannot write fails fast, and a run that fails on its data leaves nothing behind.
  /// @param resumable whether the command offers --resume (tiles does, tiles merge does not).
  static void check(const std::string& path, bool resume, bool overwrite, bool resumable = true);
  ~MbtilesSink() override;

  std::unordered_set<std::uint64_t> existing() override;
  void put(geom::TileId t, const TilePtr& tile) override;
  void checkpoint() override;
  bool wants_ids() const override { return true; }
  void finish() override;

 private:
  static std::string prepare_path(const std::string& path, bool resume, bool overwrite);
  void begin();
  std::string path_;
  PyramidInfo info_;
  sqlite::Db db_;
  std::unique_ptr<sqlite::Statement> put_map_, put_image_;
  bool in_transaction_ = false;
  std::unordered_set<std::string> stored_;  // image ids written by this run
};

}  // namespace sahelmap::tiles
