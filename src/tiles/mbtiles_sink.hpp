#pragma once
// MBTiles 1.3 (SQLite): identical tiles stored once (map + images, with the `tiles` view readers
// expect), TMS rows, writes in transactions so an interrupted run leaves a valid file that
// --resume completes.
#include <map>
#include <memory>
#include <string>

#include "tiles/sink.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sahelmap::tiles {

/// MBTiles 1.3 with deduplication: tables metadata, map, images and the `tiles` view.
extern const char* const kMbtilesSchema;

/// Every name/value of the metadata table (rows with a NULL name or value are skipped).
/// @throws Error "WHERE: not an MBTiles file (...)" when there is no metadata table.
std::map<std::string, std::string> read_mbtiles_metadata(sqlite3* db, const std::string& where);

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
  void exec(const char* sql);
  void begin();
  std::string path_;
  PyramidInfo info_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* put_map_ = nullptr;
  sqlite3_stmt* put_image_ = nullptr;
  bool in_transaction_ = false;
  std::unordered_set<std::string> stored_;  // image ids written by this run
};

}  // namespace sahelmap::tiles
