#pragma once
// Names and event markers for tiles: placed once per zoom over the pyramid's whole extent, in
// that zoom's global pixel coordinates, then each tile draws what meets it. A name is therefore
// never cut differently on either side of a tile edge, nor drawn twice.
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
#include "geom/tile.hpp"
#include "proj/scene.hpp"
#include "render/event_layer.hpp"
#include "render/labels.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::tiles {

struct ZoomAnnotations {
  std::vector<render::Label> labels;        // global pixels at this zoom
  std::vector<render::EventGroup> markers;  // global pixels at this zoom
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> label_tiles, marker_tiles;  // tile -> indices

  bool touches(geom::TileId t) const;
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
  bool labels = true;  // names (markers come with `events`)
};

/// The boundaries in EPSG:3857, as annotators place names over them.
std::shared_ptr<const proj::Scene> mercator_scene(const data::Boundaries& boundaries);

/// Places names and markers one zoom at a time, on first use (thread-safe; a server asks for
/// zooms as tiles are requested, the pyramid asks for all of them).
class Annotator {
 public:
  explicit Annotator(const AnnotationRequest& rq);
  /// With the boundaries already projected to EPSG:3857 (a server shares one scene across dates).
  Annotator(const AnnotationRequest& rq, std::shared_ptr<const proj::Scene> mercator_scene);
  /// Everything placed at zoom z; empty outside [minzoom, maxzoom].
  const ZoomAnnotations& zoom(int z) const;
  bool touches(geom::TileId t) const { return zoom(t.z).touches(t); }
  /// Draws what meets tile `t` onto a cairo context whose origin is the tile's top-left corner.
  void draw(cairo_t* cr, geom::TileId t) const;
  /// Places every zoom now (the pyramid does, before its threads start).
  void place_all() const;
  int tile_pixels() const { return tile_pixels_; }

 private:
  ZoomAnnotations place(int z) const;
  AnnotationRequest rq_;
  std::shared_ptr<const proj::Scene> scene_;
  int tile_pixels_;
  double unit_;
  static constexpr int kZooms = 23;
  mutable std::once_flag once_[kZooms];
  mutable ZoomAnnotations zooms_[kZooms];
};

}  // namespace sahelmap::tiles
