#pragma once
// Names and event markers for tiles: placed once per zoom over the pyramid's whole extent, in
// that zoom's global pixel coordinates, then each tile draws what meets it. A name is therefore
// never cut differently on either side of a tile edge, nor drawn twice.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
#include "geom/tile.hpp"
#include "render/event_layer.hpp"
#include "render/labels.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::tiles {

struct ZoomAnnotations {
  std::vector<render::Label> labels;       // global pixels at this zoom
  std::vector<render::EventGroup> markers;  // global pixels at this zoom
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> label_tiles, marker_tiles;  // tile -> indices

  bool touches(geom::TileId t) const;
};

struct Annotations {
  int minzoom = 0, tile_pixels = 256;
  double unit = 1;  // pixels per CSS pixel (the tile scale)
  std::vector<ZoomAnnotations> zooms;  // index z - minzoom
  const ZoomAnnotations* at(int z) const {
    return z >= minzoom && z - minzoom < static_cast<int>(zooms.size()) ? &zooms[z - minzoom] : nullptr;
  }
};

struct AnnotationRequest {
  const data::Boundaries* boundaries;
  const data::CountryTable* countries;
  const render::Symbolization* sym;
  const render::Style* style;
  const std::vector<data::Place>* places;  // null: no capitals
  const std::vector<data::Event>* events;  // null: no markers; must outlive the Annotations
  std::string lang;
  geom::Box bbox;  // lon/lat of the pyramid
  int minzoom = 0, maxzoom = 0, tile_size = 256, scale = 1;
};

Annotations place_annotations(const AnnotationRequest& rq);

/// Draws what meets tile `t` onto a cairo context whose origin is the tile's top-left corner.
void draw_annotations(cairo_t* cr, const Annotations& a, geom::TileId t, const render::Style& style);

}  // namespace sahelmap::tiles
