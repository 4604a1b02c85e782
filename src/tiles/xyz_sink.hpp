#pragma once
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "tiles/sink.hpp"

namespace sahelmap::tiles {

/// DIR/z/x/y.png (y@2x.png at scale 2), each written atomically; metadata.json alongside. The
/// tiles of one flat look (open sea, a country's inside: most of a pyramid) are hard links of the
/// first one written, where the file system allows: one call and no new block each.
class XyzSink : public TileSink {
 public:
  /// @throws Error when the folder cannot be created, or holds another pyramid without resume.
  XyzSink(std::filesystem::path dir, PyramidInfo info, bool resume);
  ~XyzSink() override;
  XyzSink(const XyzSink&) = delete;
  XyzSink& operator=(const XyzSink&) = delete;
  /// The path checks alone (see MbtilesSink::check); the fingerprint is compared on opening.
  static void check(const std::filesystem::path& dir, bool resume);
  std::unordered_set<std::uint64_t> existing() override;
  void put(geom::TileId t, const TilePtr& tile) override;
  bool concurrent() const override { return true; }
  void finish() override;

 private:
  std::filesystem::path path_of(geom::TileId t) const;
  std::filesystem::path dir_;
  PyramidInfo info_;
  bool resume_;
  std::uint64_t serial_;  // tells this sink's open column folders from an earlier sink's
  // A flat look's image (kept alive here, so its address names it) and a file that holds it: its
  // folder (a descriptor this sink owns) and name.
  struct Source {
    TilePtr tile;
    int dirfd = -1;
    std::string name;
  };
  std::mutex written_m_;
  std::map<const EncodedTile*, Source> written_;
};

}  // namespace sahelmap::tiles
