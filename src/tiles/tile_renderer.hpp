#pragma once
// One tile: its geometry (clipped from its parent's, never from the world again), whether it is a
// single flat look (then it is never rasterized), and its image: the tile's display list (sea,
// fills, borders) and the names and markers that meet it, drawn by the one painter, then PNG.
// A TileRenderer belongs to one thread.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "geom/tile.hpp"
#include "render/cairo_ptr.hpp"
#include "render/display_list.hpp"
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
  std::vector<unsigned char> png;  // the encoded tile: PNG, WebP, or gzip'd MVT
  std::string id;                  // MD5 of the bytes (hex): identical tiles share one image
  bool shared = false;             // a flat look's image, which many tiles are: a folder links them
};
using TilePtr = std::shared_ptr<const EncodedTile>;

struct TileOptions {
  int tile_size = 256;  // pixels of a tile at scale 1
  int scale = 1;        // 2 for HiDPI (@2x): more pixels, same area, lines twice as wide
  bool ids = true;      // compute EncodedTile::id (only deduplicating sinks need it)
  bool webp = false;    // lossless WebP instead of PNG
  int pixels() const { return tile_size * scale; }
};

/// One encoded image per flat look, shared by renderers on several threads (a server's requests).
class FlatTiles {
 public:
  /// The image of look `f`, made by `make` the first time.
  template <class Make>
  TilePtr get(FlatLook f, Make&& make) {
    std::lock_guard lock(m_);
    TilePtr& t = tiles_[f.look];
    if (!t) t = make();
    return t;
  }

 private:
  std::mutex m_;
  std::map<std::uint32_t, TilePtr> tiles_;
};

/// What a renderer draws with, kept from tile to tile: the surface, and the tile's display list
/// with the fills, rings and lines it does not need at the moment (a z0 tile has hundreds of parts
/// and thousands of border lines, a z9 tile a few). One thread's: a server's workers keep one each
/// across requests, whose renderers last one request.
struct TileScratch {
  render::SurfacePtr surface;
  int pixels = 0;
  render::DisplayList list;
  std::vector<render::Group> spare;
  std::vector<std::vector<geom::Point>> spare_points;
};

class TileRenderer {
 public:
  /// @param annotator names and markers to draw over the map (may be null)
  /// @param flat where flat tiles' images are kept (null: this renderer's own)
  /// @param scratch what it draws with (null: its own)
  TileRenderer(const TileWorld& world, const TilePalette& palette, const TileOptions& options,
               const Annotator* annotator = nullptr, FlatTiles* flat = nullptr, TileScratch* scratch = nullptr);

  /// The geometry of a tile straight from the world (through the grid index).
  TileGeometry root(geom::TileId t);
  /// The geometry of `child` from its parent's.
  TileGeometry child(const TileGeometry& parent, geom::TileId child);
  /// A tile is flat when one look fills it and no border, name or marker meets it.
  std::optional<FlatLook> flat(const TileGeometry& g, geom::TileId t) const;
  /// The geometry of a tile inside a flat parent (which kept none): its look over the whole tile.
  TileGeometry synthetic(FlatLook f, geom::TileId t) const;
  bool annotated(geom::TileId t) const;

  /// The tile's image: the flat look's shared one, or drawn. The one way the pyramid and the
  /// server make tiles; `f` is flat(g, t), when the caller knows it already.
  TilePtr make(const TileGeometry& g, geom::TileId t, std::optional<FlatLook> f);
  TilePtr make(const TileGeometry& g, geom::TileId t) { return make(g, t, flat(g, t)); }
  /// Draws the tile (even a flat one): its map, then the names and markers that meet it.
  TilePtr draw(const TileGeometry& g, geom::TileId t);

  /// The clipping box of a tile: its bounds plus a margin for strokes and antialiasing.
  geom::Box clip_box(geom::TileId t) const;

 private:
  TilePtr flat_tile(FlatLook f);
  TilePtr paint(const TileGeometry& g, geom::TileId t, bool annotate);
  TilePtr encode();

  const TileWorld& world_;
  const TilePalette& palette_;
  TileOptions options_;
  const Annotator* annotator_;
  FlatTiles own_flat_;
  FlatTiles* flat_;
  double margin_px_;
  geom::RectClipper clipper_{geom::Box{}};
  std::vector<std::uint32_t> candidates_;
  TileScratch own_scratch_;
  TileScratch& scratch_;
};

/// MD5 of the bytes as 32 hex digits (GLib).
std::string tile_id(const std::vector<unsigned char>& bytes);

}  // namespace sahelmap::tiles
