#pragma once
// The server's JSON documents: TileJSON 3.0.0 (from the options, or from an MBTiles file's
// metadata) and the legend of a date.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/blocs.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
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
  std::string attribution = "Natural Earth";  // the boundaries the tiles are drawn from
  const nlohmann::json* mbtiles = nullptr;    // the file's own fields, which win
};
nlohmann::json tilejson(const TileJsonInput& in);

/// [{"label", "fill", "hatch"}...] in legend order.
nlohmann::json legend_json(const std::vector<render::LegendEntry>& legend);

/// The legend of a date as the preview page shows it: the blocs drawn, each outside partner's
/// entry naming them ("Security partner of Mali, Burkina Faso or Niger: Russia"), as the poster's does.
nlohmann::json legend_of_date(const data::BlocTable& blocs, const data::CountryTable& countries, data::Date date,
                              const render::Style& style, const std::string& lang);

/// The events drawn on a date, oldest first: [{"id", "date", "title", "place", "category",
/// "category_name", "source", "url", "lon", "lat"}...], titles and names in `lang`.
nlohmann::json events_json(const std::vector<data::Event>& events, const std::string& lang);

}  // namespace sahelmap::serve
