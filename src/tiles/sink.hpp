#pragma once
// Where tiles go.
#include <cstdint>
#include <string>
#include <unordered_set>

#include "geom/tile.hpp"
#include "tiles/tile_renderer.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles {

inline std::uint64_t tile_key(geom::TileId t) {
  return (std::uint64_t(t.z) << 58) | (std::uint64_t(t.x) << 29) | t.y;
}

/// What describes a pyramid, kept with it so a resumed run can check it continues the same one.
struct PyramidInfo {
  std::string name, description, attribution = "Natural Earth";
  geom::Box bbox;  // lon/lat
  int minzoom = 0, maxzoom = 0;
  int tile_size = 256, scale = 1;
  std::string format = "png";  // png, webp or pbf (gzip'd Mapbox Vector Tiles)
  std::string vector_layers;   // pbf: TileJSON's "vector_layers", as JSON
  std::string legend;          // png, webp: the legend of the map the tiles show, as JSON (the server's /legend.json)
  std::string date;            // png, webp: the day that map shows (YYYY-MM-DD)
  std::string events;          // png, webp: the events drawn, as JSON (the server's /events.json)
  std::string fingerprint;     // data, style, date, bbox, zooms: must match to resume (and to merge)
  std::string shard;           // "I/N" when this is one shard of N (tiles --shard), else empty
  std::uint64_t shard_tiles = 0;  // the tiles of that shard, for the merge to check it is whole
};

/// The file name extension of a tile: "png", "webp" or "pbf".
inline const std::string& tile_extension(const PyramidInfo& i) {
  return i.format;
}

/// A resumed run continues the same pyramid, and the same shard of it, as the one it finds.
/// @throws Error "WHERE: holds ...; cannot resume it" otherwise.
inline void check_resumable(const std::string& where, const std::string& fingerprint, const std::string& shard,
                            const PyramidInfo& info) {
  if (fingerprint != info.fingerprint)
    throw Error(where + ": holds a pyramid made with other data, style, date, bbox or zooms; cannot resume it");
  if (shard != info.shard)
    throw Error(where + ": holds " + (shard.empty() ? "a whole pyramid" : "shard " + shard) + ", not " +
                (info.shard.empty() ? "the whole pyramid" : "shard " + info.shard) + "; cannot resume it");
}

/// Sinks are fed either from one writer thread or, when concurrent(), from the workers.
class TileSink {
 public:
  virtual ~TileSink() = default;
  /// Tiles already there (for --resume); read before rendering starts.
  virtual std::unordered_set<std::uint64_t> existing() { return {}; }
  virtual void put(geom::TileId t, const TilePtr& tile) = 0;
  /// True when put() may be called from several threads at once (the workers then write
  /// directly, with no writer thread in between).
  virtual bool concurrent() const { return false; }
  /// True when the sink uses EncodedTile::id (deduplication).
  virtual bool wants_ids() const { return false; }
  /// Makes everything put so far durable (called regularly and at the end).
  virtual void checkpoint() {}
  /// The run is complete.
  virtual void finish() {}
  /// How every pyramid ends: a stopped run keeps what it made (to resume), a whole one finishes.
  void end(bool interrupted) { interrupted ? checkpoint() : finish(); }
};

/// One of several pyramids written into one sink (a zoom range each, from its own boundaries):
/// everything is passed on but the end, which only checkpoints; the run ends the sink itself
/// after its last part (an MBTiles sink packs its file and stops taking tiles when finished).
class SinkPart : public TileSink {
 public:
  explicit SinkPart(TileSink& whole) : whole_(whole) {}
  std::unordered_set<std::uint64_t> existing() override { return whole_.existing(); }
  void put(geom::TileId t, const TilePtr& tile) override { whole_.put(t, tile); }
  bool concurrent() const override { return whole_.concurrent(); }
  bool wants_ids() const override { return whole_.wants_ids(); }
  void checkpoint() override { whole_.checkpoint(); }
  void finish() override { whole_.checkpoint(); }

 private:
  TileSink& whole_;
};

}  // namespace sahelmap::tiles
