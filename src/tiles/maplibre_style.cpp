#include "tiles/maplibre_style.hpp"

#include <nlohmann/json.hpp>

#include "tiles/sprite.hpp"

namespace sahelmap::tiles {

namespace {
using nlohmann::json;

json on_date(const std::string& d) {
  // from <= d and (to is empty, or d <= to): dates as YYYY-MM-DD strings compare as dates.
  return json::array({"all", json::array({"<=", json::array({"get", "from"}), d}),
                      json::array({"any", json::array({"==", json::array({"get", "to"}), ""}),
                                   json::array({">=", json::array({"get", "to"}), d})})});
}
}  // namespace

std::string maplibre_fontstack(const render::Style& style) {
  return style.font + " Regular";
}

std::string maplibre_style(const render::Style& style, const MaplibreStyleOptions& o) {
  const std::string d = o.date.str();
  json source = {{"type", "vector"}, {"attribution", o.attribution + "; sahelmap"}};
  if (o.source.find("{z}") != std::string::npos)
    source["tiles"] = json::array({o.source}), source["maxzoom"] = o.maxzoom;
  else
    source["url"] = o.source;

  json layers = json::array();
  layers.push_back({{"id", "sea"}, {"type", "background"}, {"paint", {{"background-color", style.background.hex()}}}});
  layers.push_back({{"id", "land"},
                    {"type", "fill"},
                    {"source", "sahelmap"},
                    {"source-layer", "countries"},
                    {"paint", {{"fill-color", style.land.hex()}, {"fill-antialias", false}}}});
  // Fills: lowest priority first, so the first bloc a country is in ends on top.
  std::vector<const render::BlocStyle*> shown;
  for (const auto& b : style.blocs)
    if (b.show) shown.push_back(&b);
  auto colour_by_role = [](const render::BlocStyle& b, bool hatch) {
    json m = json::array({"match", json::array({"get", "role"})});
    for (const auto& [role, rs] : b.roles)
      if (rs.fill) m.push_back(role), m.push_back(hatch ? hatch_image_name(*rs.fill) : rs.fill->hex());
    m.push_back(hatch ? hatch_image_name(b.fill) : b.fill.hex());
    return m.size() > 3 ? m : m.back();
  };
  auto bloc_filter = [&](const render::BlocStyle& b) {
    json f = on_date(d);
    f.insert(f.begin() + 1, json::array({"==", json::array({"get", "bloc"}), b.id}));
    return f;
  };
  for (auto it = shown.rbegin(); it != shown.rend(); ++it)
    layers.push_back({{"id", "bloc-" + (*it)->id},
                      {"type", "fill"},
                      {"source", "sahelmap"},
                      {"source-layer", "memberships"},
                      {"filter", bloc_filter(**it)},
                      {"metadata", {{"sahelmap:dated", true}}},
                      {"paint", {{"fill-color", colour_by_role(**it, false)}, {"fill-antialias", false}}}});
  // Stripes of every bloc but the first over the fills: over its own colour they vanish, over a
  // bloc of higher priority they are the double membership's hatching.
  for (std::size_t i = 1; i < shown.size(); ++i)
    layers.push_back({{"id", "hatch-" + shown[i]->id},
                      {"type", "fill"},
                      {"source", "sahelmap"},
                      {"source-layer", "memberships"},
                      {"filter", bloc_filter(*shown[i])},
                      {"metadata", {{"sahelmap:dated", true}}},
                      {"paint", {{"fill-pattern", colour_by_role(*shown[i], true)}}}});
  layers.push_back({{"id", "borders"},
                    {"type", "line"},
                    {"source", "sahelmap"},
                    {"source-layer", "boundaries"},
                    {"paint", {{"line-color", style.border.hex()}, {"line-width", style.border_width}}}});
  layers.push_back({{"id", "coasts"},
                    {"type", "line"},
                    {"source", "sahelmap"},
                    {"source-layer", "countries"},
                    {"paint", {{"line-color", style.frame.hex()}, {"line-width", 0.4}, {"line-opacity", 0.5}}}});
  layers.push_back({{"id", "events"},
                    {"type", "circle"},
                    {"source", "sahelmap"},
                    {"source-layer", "events"},
                    {"filter", json::array({"<=", json::array({"get", "date"}), d})},
                    {"metadata", {{"sahelmap:dated", true}}},
                    {"paint",
                     {{"circle-radius", 5},
                      {"circle-color", style.text.hex()},
                      {"circle-stroke-color", style.halo.hex()},
                      {"circle-stroke-width", 1.5}}}});
  layers.push_back({{"id", "capitals"},
                    {"type", "circle"},
                    {"source", "sahelmap"},
                    {"source-layer", "places"},
                    {"minzoom", 3},
                    {"paint",
                     {{"circle-radius", 2.5},
                      {"circle-color", style.text.hex()},
                      {"circle-stroke-color", style.halo.hex()},
                      {"circle-stroke-width", 1}}}});
  if (!o.glyphs.empty()) {
    const std::string name = o.lang == "fr" ? "name_fr" : "name";
    const json font = json::array({maplibre_fontstack(style)});
    const json halo = {
        {"text-color", style.text.hex()}, {"text-halo-color", style.halo.hex()}, {"text-halo-width", 1.5}};
    layers.push_back({{"id", "capital-names"},
                      {"type", "symbol"},
                      {"source", "sahelmap"},
                      {"source-layer", "places"},
                      {"minzoom", 4},
                      {"layout",
                       {{"text-field", json::array({"get", name})},
                        {"text-font", font},
                        {"text-size", 11},
                        {"text-anchor", "left"},
                        {"text-offset", json::array({0.5, 0})},
                        {"symbol-sort-key", json::array({"-", json::array({"get", "population"})})}}},
                      {"paint", halo}});
    layers.push_back(
        {{"id", "country-names"},
         {"type", "symbol"},
         {"source", "sahelmap"},
         {"source-layer", "labels"},
         {"layout",
          {{"text-field", json::array({"get", name})}, {"text-font", font}, {"text-size", 12}, {"text-max-width", 8}}},
         {"paint", halo}});
  }
  json s = {{"version", 8},
            {"name", "sahelmap " + style.name + " " + d},
            {"metadata", {{"sahelmap:date", d}, {"sahelmap:style", style.name}}},
            {"sources", {{"sahelmap", source}}},
            {"layers", layers}};
  if (!o.glyphs.empty()) s["glyphs"] = o.glyphs;
  if (!o.sprite.empty()) s["sprite"] = o.sprite;
  return s.dump(2) + "\n";
}

}  // namespace sahelmap::tiles
