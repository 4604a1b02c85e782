#include "serve/tilejson.hpp"

#include <charconv>
#include <cstdio>

#include "render/words.hpp"
#include "util/error.hpp"

namespace sahelmap::serve {

nlohmann::json mbtiles_tilejson(const std::map<std::string, std::string>& meta, const std::string& where) {
  nlohmann::json j;
  for (const char* k : {"name", "description", "attribution"})
    if (meta.count(k)) j[k] = meta.at(k);
  for (const char* k : {"minzoom", "maxzoom"})
    if (meta.count(k)) {
      const std::string& v = meta.at(k);
      int z = -1;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), z);
      if (ec != std::errc() || end != v.data() + v.size() || z < 0 || z > 30)
        throw Error(where + ": metadata " + k + " '" + v + "' is not a zoom level");
      j[k] = z;
    }
  if (meta.count("bounds")) {
    double v[4];
    char extra = 0;
    if (std::sscanf(meta.at("bounds").c_str(), "%lf,%lf,%lf,%lf %c", &v[0], &v[1], &v[2], &v[3], &extra) != 4)
      throw Error(where + ": metadata bounds '" + meta.at("bounds") + "' is not W,S,E,N");
    j["bounds"] = {v[0], v[1], v[2], v[3]};
  }
  return j;
}

nlohmann::json tilejson(const TileJsonInput& in) {
  const geom::Box& b = in.bounds;
  nlohmann::json j = {{"tilejson", "3.0.0"},
                      {"name", "sahelmap"},
                      {"description", "The Sahel's alliances: AES, ECOWAS and outside partners"},
                      {"attribution", in.attribution + "; sahelmap"},
                      {"scheme", "xyz"},
                      {"tiles", {in.base_url + "/tiles/{z}/{x}/{y}.png"}},
                      {"minzoom", 0},
                      {"maxzoom", in.max_zoom},
                      {"bounds", {b.minx, b.miny, b.maxx, b.maxy}},
                      {"center", {(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2, 4}}};
  if (in.mbtiles) {
    j.update(*in.mbtiles);
    j.erase("sahelmap:events");  // the page asks /events.json for them
    j["sahelmap"] = {{"dates", false}};
    // Raster tiles show one day, written into their metadata: the preview page shows it.
    if (const auto it = in.mbtiles->find("sahelmap:date"); it != in.mbtiles->end() && it->is_string())
      j["sahelmap"]["date"] = *it;
  } else {
    j["sahelmap"] = {{"dates", in.dates}, {"date", in.default_date}};
  }
  return j;
}

nlohmann::json legend_json(const std::vector<render::LegendEntry>& legend) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : legend)
    out.push_back({{"label", e.label}, {"fill", e.fill.hex()}, {"hatch", e.hatch ? e.hatch->hex() : ""}});
  return out;
}

nlohmann::json legend_of_date(const data::BlocTable& blocs, const data::CountryTable& countries, data::Date date,
                              const render::Style& style, const std::string& lang) {
  std::vector<render::LegendEntry> legend = render::symbolize(blocs, date, style, lang).legend;
  const std::string_view colon = render::words(lang).colon;
  for (const data::Membership* m : blocs.on(date)) {
    const render::BlocStyle* b = style.bloc(m->bloc);
    const data::Country* c = countries.find(m->country);
    if (m->bloc != "PARTNER" || !b || !b->show || !c) continue;
    render::name_in_legend(legend, b->label_for(m->role, lang), b->fill_for(m->role), c->name(lang), colon);
  }
  return legend_json(legend);
}

nlohmann::json events_json(const std::vector<data::Event>& events, const std::string& lang) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : events)
    out.push_back({{"id", e.id},
                   {"date", e.date.str()},
                   {"title", e.title_in(lang)},
                   {"place", e.place},
                   {"category", std::string(data::info(e.category).key)},
                   {"category_name", std::string(render::category_name(e.category, lang))},
                   {"source", data::publisher(e)},
                   {"source_title", e.source_title},
                   {"url", e.source},
                   {"lon", e.lonlat.x},
                   {"lat", e.lonlat.y}});
  return out;
}

}  // namespace sahelmap::serve
