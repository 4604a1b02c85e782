#pragma once
// The server's JSON documents: TileJSON 3.0.0 (from the options, or from an MBTiles file's
// metadata) and the legend of a date.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "geom/geometry.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::serve {

/// TileJSON fields from an MBTiles file's metadata (name, description, attribution, zooms, bounds).
/// @throws Error "WHERE: metadata KEY 'VALUE' is not ..." for zooms or bounds that do not parse.
nlohmann::json mbtiles_tilejson(const std::map<std::string, std::string>& meta, const std::string& where);

struct TileJsonInput {
  std::string base_url;  // "http://host:port"
  int max_zoom = 16;
  geom::Box bounds;   // lon/lat
  bool dates = true;  // tiles take ?date= (rendered), or not (an MBTiles file)
  std::string default_date;
  const nlohmann::json* mbtiles = nullptr;  // the file's own fields, which win
};
nlohmann::json tilejson(const TileJsonInput& in);

/// [{"label", "fill", "hatch"}...] in legend order.
nlohmann::json legend_json(const std::vector<render::LegendEntry>& legend);

}  // namespace sahelmap::serve
