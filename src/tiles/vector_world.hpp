#pragma once
// The world as vector tiles carry it: every layer of `sahelmap tiles --format mvt`, built once
// per run (shared borders found once, simplified once per zoom so neighbours stay shared) and cut
// into any tile on any thread. No date: memberships carry their intervals, so one tileset serves
// every date (the style filters by date).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/blocs.hpp"
#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
#include "geom/clip.hpp"
#include "geom/tile.hpp"
#include "geom/topology.hpp"
#include "tiles/tile_world.hpp"

namespace sahelmap::tiles {

struct VectorRequest {
  const data::Boundaries* boundaries = nullptr;
  const data::CountryTable* countries = nullptr;
  const data::BlocTable* blocs = nullptr;
  const std::vector<data::Place>* places = nullptr;  // capitals; may be null
  const std::vector<data::Event>* events = nullptr;  // all of them, every date; may be null
  int minzoom = 0, maxzoom = 7;
  bool labels = true;                 // the labels and places layers
  std::size_t tile_cap = 500 * 1024;  // gzip'd bytes; a larger tile is remade with coarser borders
  /// Told about every tile over the cap (which one, how big, what was done); may be called from
  /// several threads at once.
  std::function<void(const std::string&)> warn;
};

/// What a tile holds, for the run's report.
struct VectorTileStats {
  std::uint64_t features = 0;
  std::uint64_t raw_bytes = 0;  // before gzip
  std::uint64_t capped = 0;     // tiles remade with coarser borders to fit the cap
};

class VectorWorld {
 public:
  static constexpr std::uint32_t kExtent = 4096;
  static constexpr std::uint32_t kBuffer = 64;  // tile units around the tile that features reach into

  /// Builds the topology and every zoom's simplified geometry.
  explicit VectorWorld(const VectorRequest& rq);

  /// The gzip'd MVT of tile t, empty when nothing is in it. A tile over the cap is remade with
  /// the borders of lower zooms (simplified twice as much per zoom, still shared) until it fits.
  /// Thread-safe.
  std::string tile(geom::TileId t, VectorTileStats* stats = nullptr) const;

  /// TileJSON "vector_layers": the layers, their fields and zooms.
  std::string vector_layers_json() const { return vector_layers_json(minzoom_, maxzoom_); }
  /// The same for a pyramid or server of several worlds (one per source of boundaries) that
  /// together span [minzoom, maxzoom].
  std::string vector_layers_json(int minzoom, int maxzoom) const;

 private:
  struct Shape {
    std::string code, name, name_fr;
    std::vector<const data::Membership*> memberships;
  };
  struct Zoom {
    std::vector<geom::PreparedPolygon> parts;  // EPSG:3857, simplified for the zoom
    std::vector<std::uint32_t> part_shape;
    std::vector<geom::Line> borders;  // land borders (arcs between two countries), simplified
    GridIndex part_index, border_index;
  };
  struct PointFeature {
    geom::Point at;  // EPSG:3857
    std::uint32_t index;
  };

  const Zoom& zoom(int z) const { return zooms_[static_cast<std::size_t>(z - minzoom_)]; }
  // Tile t with the polygons and borders of `geometry` (its own zoom's, or a lower one's).
  std::string encode(geom::TileId t, const Zoom& geometry, VectorTileStats& stats) const;

  VectorRequest rq_;
  int minzoom_, maxzoom_;
  std::vector<Shape> shapes_;
  std::vector<Zoom> zooms_;
  std::vector<PointFeature> labels_, places_, events_;
};

}  // namespace sahelmap::tiles
