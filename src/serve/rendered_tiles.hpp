#pragma once
// Tiles drawn on demand, through the pyramid's own renderer (TileRenderer::make): per date, names,
// markers and scale, a model (the looks of the date, the names and markers placed per zoom, the
// flat tiles' images) kept in a small LRU, so a served tile is the tile `sahelmap tiles` writes.
#include <memory>
#include <string>
#include <vector>

#include "data/blocs.hpp"
#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
#include "proj/scene.hpp"
#include "render/style.hpp"
#include "serve/tile_url.hpp"
#include "tiles/tile_renderer.hpp"
#include "tiles/tile_world.hpp"
#include "util/lru_cache.hpp"

namespace sahelmap::serve {

/// What tiles are rendered from (not used when serving an MBTiles file). It must outlive the server.
struct ServeData {
  /// Boundaries drawn from a zoom on, up to the next entry's (cli::tile_sources: the default
  /// data's 1:50m from zoom 0, 1:10m from 6); the first from zoom 0.
  struct Source {
    int minzoom = 0;
    const data::Boundaries* boundaries = nullptr;
  };
  std::vector<Source> sources;
  std::string attribution = "Natural Earth";  // the boundaries, for TileJSON
  const data::CountryTable* countries = nullptr;
  const data::BlocTable* blocs = nullptr;
  const render::Style* style = nullptr;
  const std::vector<data::Event>* events = nullptr;
  const std::vector<data::Place>* places = nullptr;
  std::string lang = "en";
  data::Date default_date;
  geom::Box label_bbox{-26, 1, 30, 28};  // names are placed per zoom over this area, as a pyramid of it
};

/// "z/x/y".
std::string tile_path(geom::TileId t);

struct TileQuery {
  TileRequest request;
  data::Date date;
  bool labels = true, events = true;
  /// What decides the look of every tile: date, names, markers, scale ("2024-03-01LE1").
  std::string look() const;
  /// The cache key: what decides the tile's bytes (the look and z/x/y).
  std::string key() const;
};

class RenderedTiles {
 public:
  /// Projects the boundaries once (the tile world and the scene names are placed over).
  RenderedTiles(const ServeData& data, int label_max_zoom);
  ~RenderedTiles();
  tiles::TilePtr tile(const TileQuery& q);

 private:
  struct Model;
  struct ModelCost {
    std::size_t operator()(const std::string&, const std::shared_ptr<Model>&) const { return 1; }
  };
  std::shared_ptr<Model> model(const TileQuery& q);

  // The boundaries of a range of zooms, projected once: the tile world and the scene names are
  // placed over.
  struct Level {
    int minzoom, maxzoom;
    tiles::TileWorld world;
    std::shared_ptr<const proj::Scene> scene;
  };
  std::size_t level_of(int z) const;

  ServeData data_;
  int label_max_zoom_;
  std::vector<Level> levels_;
  // A few dates in use at once; older ones are rebuilt if asked for again.
  LruCache<std::string, std::shared_ptr<Model>, ModelCost> models_{12};
};

}  // namespace sahelmap::serve
