#pragma once
// Names and event markers for the tiles of one zoom, placed once over the pyramid's whole extent
// in that zoom's global pixels (tile x, y covers [x, x + 1) * tile pixels by [y, y + 1) * tile
// pixels), with the posters' priority: each tile then draws the groups that meet it, so a name is
// never cut differently on either side of a tile edge, nor drawn twice.
#include <string>
#include <vector>

#include "data/countries.hpp"
#include "data/events.hpp"
#include "proj/scene.hpp"
#include "render/display_list.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct ZoomRequest {
  const proj::Scene* scene = nullptr;  // the boundaries in EPSG:3857
  const Symbolization* sym = nullptr;
  const Style* style = nullptr;
  const data::CountryTable* countries = nullptr;
  const std::vector<data::Place>* places = nullptr;  // null: no capitals
  const std::vector<data::Event>* events = nullptr;  // null: no markers
  std::string lang = "en";
  geom::Box bbox;  // lon/lat of the pyramid
  int zoom = 0;
  int tile_pixels = 256;
  double unit = 1;     // pixels per CSS pixel
  bool labels = true;  // names (markers come with `events`)
};

DisplayList layout_zoom(const ZoomRequest& rq, const TextMeasurer& measure);

}  // namespace sahelmap::render
