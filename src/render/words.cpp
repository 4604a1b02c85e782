#include "render/words.hpp"

#include <cmath>

namespace sahelmap::render {

namespace {

constexpr Words kEnglish{
    .title = "Who stands where in the Sahel",
    .subtitle = "The Alliance of Sahel States, ECOWAS and outside partners on ",
    .subtitle_plain = "The Alliance of Sahel States, ECOWAS and outside partners",
    .region = "West Africa and the Sahel",
    .legend = "Legend",
    .capital = "Capital",
    .scale_note = "scale at the map centre",
    .several = "Several events",
    .boundaries = "Boundaries: ",
    .memberships = ". Memberships: shapes/blocs.csv (sources cited). Projection: ",
    .event_sources = " Event sources: ",
    .public_domain = "public domain",
    .for_zooms = "for zooms",
    .map_of = "Map of ",
    .on = " on ",
    .and_ = " and ",
    .colon = ": ",
    .semicolon = "; ",
    .not_on_map = ", not on this map: ",
    .not_on_map_too = "; not on this map: ",
    .two_blocs = " belongs to two blocs at once (stripes). ",
    .events_shown = "Events shown: ",
    .sources = "Sources: ",
    .sources_tail = "sahelmap's shapes/blocs.csv and shapes/events.geojson (sources cited).",
    .months = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"},
    .months_short = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    .first_day = "",
    .events = "Events",
    .about = "About this map",
    .now = "now ",
    .out_of_bloc = "out of the bloc",
    .changes_from = "What changed from ",
    .to_date = " to ",
    .no_changes = "Nothing changed.",
};

constexpr Words kFrench{
    .title = "Le Sahel et ses alliances",
    .subtitle = "Alliance des États du Sahel, CEDEAO et partenaires extérieurs au ",
    .subtitle_plain = "Alliance des États du Sahel, CEDEAO et partenaires extérieurs",
    .region = "l'Afrique de l'Ouest et du Sahel",
    .legend = "Légende",
    .capital = "Capitale",
    .scale_note = "échelle au centre de la carte",
    .several = "Plusieurs événements",
    .boundaries = "Frontières : ",
    .memberships = ". Appartenances : shapes/blocs.csv (sources citées). Projection : ",
    .event_sources = " Sources des événements : ",
    .public_domain = "domaine public",
    .for_zooms = "aux zooms",
    .map_of = "Carte de ",
    .on = " au ",
    .and_ = " et ",
    .colon = " : ",
    .semicolon = " ; ",
    .not_on_map = ", hors de la carte : ",
    .not_on_map_too = " ; hors de la carte : ",
    .two_blocs = " appartient à deux blocs à la fois (hachures). ",
    .events_shown = "Événements indiqués : ",
    .sources = "Sources : ",
    .sources_tail = "shapes/blocs.csv et shapes/events.geojson de sahelmap (sources citées).",
    .months = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
               "novembre", "décembre"},
    .months_short = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
    .first_day = "er",
    .events = "Événements",
    .about = "À propos de cette carte",
    .now = "désormais ",
    .out_of_bloc = "hors du bloc",
    .changes_from = "Ce qui a changé du ",
    .to_date = " au ",
    .no_changes = "Rien n'a changé.",
};

struct Ymd {
  int day;
  std::string_view month;
  std::string year;
};
Ymd split(const data::Date& d, const std::array<std::string_view, 12>& months) {
  const std::string s = d.str();  // YYYY-MM-DD
  return {std::stoi(s.substr(8, 2)), months[static_cast<std::size_t>(std::stoi(s.substr(5, 2)) - 1)], s.substr(0, 4)};
}

}  // namespace

const Words& words(std::string_view lang) {
  return lang == "fr" ? kFrench : kEnglish;
}

std::string long_date(const data::Date& d, std::string_view lang) {
  const Words& w = words(lang);
  const Ymd x = split(d, w.months);
  return std::to_string(x.day) + std::string(x.day == 1 ? w.first_day : "") + " " + std::string(x.month) + " " + x.year;
}

std::string short_date(const data::Date& d, std::string_view lang) {
  const Ymd x = split(d, words(lang).months_short);
  return std::to_string(x.day) + " " + std::string(x.month) + " " + x.year;
}

std::string_view category_name(data::Category c, std::string_view lang) {
  const data::CategoryInfo& i = data::info(c);
  return lang == "fr" ? i.fr : i.en;
}

namespace {

// "14.5°N" / "14,5° N": at most one decimal, none when whole.
std::string degrees(double v, bool latitude, std::string_view lang) {
  const double a = std::round(std::abs(v) * 10) / 10;
  std::string n = std::to_string(a);
  n.erase(n.find_last_not_of('0') + 1);
  if (n.back() == '.') n.pop_back();
  const bool fr = lang == "fr";
  if (fr)
    for (char& c : n)
      if (c == '.') c = ',';
  const char* hemi = a == 0 ? "" : latitude ? (v > 0 ? "N" : "S") : (v > 0 ? "E" : (fr ? "O" : "W"));
  return n + "°" + (fr && *hemi ? "\u00a0" : "") + hemi;
}

}  // namespace

std::string projection_text(const proj::Projection& p, std::string_view lang) {
  if (std::string name = p.name(); !name.empty()) return name;
  const std::string& m = p.method();
  const bool fr = lang == "fr";
  struct Known {
    std::string_view proj, en, fr;
  };
  static constexpr Known kKnown[] = {
      {"Lambert Azimuthal Equal Area", "Lambert azimuthal equal-area", "azimutale équivalente de Lambert"},
      {"Equal Earth", "Equal Earth", "Equal Earth"},
      {"Orthographic", "orthographic", "orthographique"},
      {"Azimuthal Equidistant", "azimuthal equidistant", "azimutale équidistante"},
      {"Popular Visualisation Pseudo Mercator", "Web Mercator", "Web Mercator"},
      {"Mercator", "Mercator", "Mercator"},
      {"Equidistant Cylindrical", "plate carrée", "plate carrée"},
      {"Lambert Conic Conformal", "Lambert conformal conic", "conique conforme de Lambert"},
      {"Albers Equal Area", "Albers equal-area conic", "conique équivalente d'Albers"},
      {"Stereographic", "stereographic", "stéréographique"},
      {"Robinson", "Robinson", "Robinson"},
      {"Mollweide", "Mollweide", "Mollweide"},
  };
  std::string what = m;
  for (const Known& k : kKnown)
    if (m.rfind(k.proj, 0) == 0) {
      what = std::string(fr ? k.fr : k.en);
      break;
    }
  if (what.empty()) return p.target();  // PROJ gave neither a name nor a method
  const geom::Point c = p.centre();
  if (p.azimuthal_radius() > 0)
    return what + (fr ? " centrée sur " : " centred at ") + degrees(c.y, true, lang) + ", " + degrees(c.x, false, lang);
  if (std::abs(c.x) > 1e-9)
    return what + (fr ? ", méridien central " : ", central meridian ") + degrees(c.x, false, lang);
  return what;
}

}  // namespace sahelmap::render
