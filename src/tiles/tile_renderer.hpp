#pragma once
// One tile: its geometry (clipped from its parent's, never from the world again), whether it is a
// single flat look (then it is never rasterized), its pixels (Cairo) and PNG bytes.
// A TileRenderer belongs to one thread.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geom/tile.hpp"
#include "render/cairo_ptr.hpp"
#include "tiles/annotations.hpp"
#include "tiles/tile_world.hpp"

namespace sahelmap::tiles {

struct TileGeometry {
  std::vector<std::uint32_t> looks;  // parallel to parts
  std::vector<geom::Polygon> parts;
  geom::MultiLine lines;
  bool empty() const { return parts.empty() && lines.empty(); }
};

/// A tile that is one look everywhere (sea, or inside one country): found without drawing.
struct FlatLook {
  std::uint32_t look;  // index into TilePalette::looks; kBackground for the sea
  static constexpr std::uint32_t kBackground = 0xffffffffu;
  friend bool operator==(const FlatLook&, const FlatLook&) = default;
};

struct EncodedTile {
  std::vector<unsigned char> png;
  std::string id;  // MD5 of the bytes (hex): identical tiles share one image
};
using TilePtr = std::shared_ptr<const EncodedTile>;

struct TileOptions {
  int tile_size = 256;  // pixels of a tile at scale 1
  int scale = 1;        // 2 for HiDPI (@2x): more pixels, same area, lines twice as wide
  bool ids = true;      // compute EncodedTile::id (only deduplicating sinks need it)
  int pixels() const { return tile_size * scale; }
};

class TileRenderer {
 public:
  /// @param annotator names and markers to draw over the map (may be null)
  TileRenderer(const TileWorld& world, const TilePalette& palette, const TileOptions& options,
               const Annotator* annotator = nullptr);

  /// The geometry of a tile straight from the world (through the grid index).
  TileGeometry root(geom::TileId t);
  /// The geometry of `child` from its parent's.
  TileGeometry child(const TileGeometry& parent, geom::TileId child);
  /// A tile is flat when one look fills it and no border, name or marker meets it.
  std::optional<FlatLook> flat(const TileGeometry& g, geom::TileId t) const;
  /// The geometry of a tile inside a flat parent (which kept none): its look over the whole tile.
  TileGeometry synthetic(FlatLook f, geom::TileId t) const;
  bool annotated(geom::TileId t) const;

  TilePtr draw(const TileGeometry& g, geom::TileId t);
  /// Encoded once per look and thread.
  TilePtr flat_tile(FlatLook f);

  /// The clipping box of a tile: its bounds plus a margin for strokes and antialiasing.
  geom::Box clip_box(geom::TileId t) const;

 private:
  TilePtr paint(const TileGeometry& g, geom::TileId t, bool annotate);
  TilePtr encode();

  const TileWorld& world_;
  const TilePalette& palette_;
  TileOptions options_;
  const Annotator* annotator_;
  double margin_px_;
  geom::RectClipper clipper_{geom::Box{}};
  std::vector<std::uint32_t> candidates_;
  render::SurfacePtr surface_;
  std::map<std::uint32_t, TilePtr> flat_cache_;
};

/// MD5 of the bytes as 32 hex digits (GLib).
std::string tile_id(const std::vector<unsigned char>& bytes);

}  // namespace sahelmap::tiles
