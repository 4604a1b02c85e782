#pragma once
// Names and event markers for tiles: each zoom's display list (render/placement/zoom_layout.hpp),
// placed on first use, with the tiles its groups meet; a tile draws the groups that meet it.
#include <cairo.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
#include "geom/tile.hpp"
#include "proj/scene.hpp"
#include "render/display_list.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::tiles {

struct ZoomAnnotations {
  render::DisplayList list;                 // global pixels at this zoom
  std::unordered_set<std::uint64_t> tiles;  // the tiles some group's ink meets

  bool touches(geom::TileId t) const;
};

/// What names and markers are placed from. Everything it points to must outlive the Annotator.
struct AnnotationRequest {
  const data::CountryTable* countries = nullptr;
  const render::Symbolization* sym = nullptr;
  const render::Style* style = nullptr;
  const std::vector<data::Place>* places = nullptr;  // null: no capitals
  const std::vector<data::Event>* events = nullptr;  // null: no markers
  std::string lang = "en";
  geom::Box bbox;  // lon/lat of the pyramid
  int minzoom = 0, maxzoom = 0, tile_size = 256, scale = 1;
  bool labels = true;  // names (markers come with `events`)
};

/// The boundaries in EPSG:3857, as annotators place names over them.
std::shared_ptr<const proj::Scene> mercator_scene(const data::Boundaries& boundaries);

/// Places names and markers one zoom at a time, on first use (thread-safe; a server asks for
/// zooms as tiles are requested, the pyramid asks for all of them first).
class Annotator {
 public:
  /// @param mercator_scene the boundaries in EPSG:3857 (shared: a server uses one for all dates)
  Annotator(const AnnotationRequest& rq, std::shared_ptr<const proj::Scene> mercator_scene);
  /// Everything placed at zoom z; empty outside [minzoom, maxzoom].
  const ZoomAnnotations& zoom(int z) const;
  bool touches(geom::TileId t) const { return zoom(t.z).touches(t); }
  /// Paints what meets tile `t` onto a cairo context whose origin is the tile's top-left corner.
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
