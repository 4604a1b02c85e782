#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "data/changes.hpp"
#include "data/events.hpp"
#include "render/changes_text.hpp"
#include "render/symbolize.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace sahelmap::cli {

namespace {

// info --changes FROM:TO: the record of data/changes.hpp, in words or as JSON.
int print_changes(const InfoOptions& o, const Inputs& in) {
  const auto colon = o.changes.find(':');
  if (colon == std::string::npos)
    throw UsageError("--changes " + o.changes + ": expected FROM:TO (YYYY-MM-DD:YYYY-MM-DD)");
  const data::Date from = data::Date::parse(o.changes.substr(0, colon));
  const data::Date to = data::Date::parse(o.changes.substr(colon + 1));
  if (to < from) throw UsageError("--changes " + o.changes + ": TO is before FROM");
  std::vector<data::Event> events;
  if (!o.no_events)
    events =
        data::load_events(o.events.empty() ? (data_paths().root / "shapes" / "events.geojson").string() : o.events);
  const std::vector<data::Change> list = data::changes(in.blocs, events, from, to);
  const std::string& lang = o.map.lang;
  if (!o.json) {
    for (const auto& c : list)
      std::cout << c.date.str() << "  " << data::kind_name(c.kind) << "  "
                << render::describe(c, in.style, in.countries, lang) << "\n";
    if (list.empty()) std::cout << render::changes_text(list, from, to, in.style, in.countries, lang) << "\n";
    return 0;
  }
  nlohmann::json j{{"from", from.str()}, {"to", to.str()}, {"lang", lang}, {"changes", nlohmann::json::array()}};
  for (const auto& c : list) {
    nlohmann::json e{{"date", c.date.str()},
                     {"kind", data::kind_name(c.kind)},
                     {"text", render::describe(c, in.style, in.countries, lang)}};
    if (c.kind == data::Change::Kind::Event) {
      e["event"] = {{"id", c.event->id},
                    {"date", c.event->date.str()},
                    {"title", c.event->title},
                    {"title_fr", c.event->title_fr},
                    {"category", std::string(data::info(c.event->category).key)},
                    {"place", c.event->place},
                    {"source", c.event->source}};
    } else {
      e["country"] = c.country;
      e["bloc"] = c.bloc;
      e["role"] = c.role;
      if (!c.old_role.empty()) e["old_role"] = c.old_role;
      e["source"] = c.row->source;
    }
    j["changes"].push_back(std::move(e));
  }
  j["text"] = render::changes_text(list, from, to, in.style, in.countries, lang);
  std::cout << j.dump(2) << "\n";
  return 0;
}

}  // namespace

int run_info(const InfoOptions& o) {
  const Inputs in = load_inputs(o.map);
  if (!o.changes.empty()) return print_changes(o, in);
  const data::Boundaries b = load_boundaries(in);
  const render::Symbolization sym = render::symbolize(in.blocs, in.date, in.style, o.map.lang);
  std::size_t joined = 0;
  for (const auto& s : b.shapes) joined += !s.code.empty();

  // bloc -> role -> country names, in the style's order, then blocs the style does not show.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> members;
  for (const auto* m : in.blocs.on(in.date)) {
    const auto* c = in.countries.find(m->country);
    members[m->bloc][m->role].push_back(c ? c->name(o.map.lang) : m->country);
  }
  if (o.json) {
    nlohmann::json j;
    j["boundaries"] = {{"source", b.source},         {"layer", b.layer},       {"driver", b.driver},
                       {"geographic", b.geographic}, {"features", b.features}, {"joined", joined},
                       {"repaired", b.repaired},     {"skipped", b.skipped},   {"unmatched", b.unmatched}};
    j["date"] = in.date.str();
    j["crs"] = in.crs;
    j["style"] = {{"name", in.style.name},
                  {"background", in.style.background.hex()},
                  {"land", in.style.land.hex()},
                  {"border", in.style.border.hex()},
                  {"border_width", in.style.border_width}};
    j["bbox"] = {in.bbox.minx, in.bbox.miny, in.bbox.maxx, in.bbox.maxy};
    j["lang"] = o.map.lang;
    j["blocs"] = members;
    // Every row of the membership table, so that a script can rebuild any date.
    auto to_json = [](const data::Membership& m) {
      return nlohmann::json{{"bloc", m.bloc},
                            {"country", m.country},
                            {"role", m.role},
                            {"from", m.from.str()},
                            {"to", m.to ? nlohmann::json(m.to->str()) : nlohmann::json(nullptr)},
                            {"source", m.source},
                            {"note", m.note}};
    };
    j["memberships"] = nlohmann::json::array();
    for (const auto& m : in.blocs.rows()) j["memberships"].push_back(to_json(m));
    // Every country of the table: its names, its memberships on the date and, when a bloc the
    // style draws holds it, its look.
    nlohmann::json countries = nlohmann::json::object();
    for (const auto& c : in.countries.countries()) {
      nlohmann::json e{{"name", c.name_en}, {"name_fr", c.name_fr}, {"memberships", nlohmann::json::array()}};
      if (const render::CountryLook* look = sym.look(c.code)) {
        e["fill"] = look->fill.hex();
        if (look->hatch) e["hatch"] = look->hatch->hex();
        for (const auto& a : look->affiliations) e["blocs"].push_back({{"bloc", a.bloc->id}, {"role", a.role}});
      }
      countries[c.code] = std::move(e);
    }
    for (const auto* m : in.blocs.on(in.date))
      if (countries.contains(m->country)) countries[m->country]["memberships"].push_back(to_json(*m));
    j["countries"] = countries;
    // The events up to the date inside the bbox, every field.
    j["events"] = nlohmann::json::array();
    if (!o.no_events) {
      const auto all =
          data::load_events(o.events.empty() ? (data_paths().root / "shapes" / "events.geojson").string() : o.events);
      for (const auto& e : data::events_until(all, in.date)) {
        const double lon = e.lonlat.x < in.bbox.minx ? e.lonlat.x + 360 : e.lonlat.x;  // boxes across 180
        if (lon < in.bbox.minx || lon > in.bbox.maxx || e.lonlat.y < in.bbox.miny || e.lonlat.y > in.bbox.maxy)
          continue;
        j["events"].push_back({{"id", e.id},
                               {"date", e.date.str()},
                               {"title", e.title},
                               {"title_fr", e.title_fr},
                               {"description", e.description},
                               {"category", std::string(data::info(e.category).key)},
                               {"place", e.place},
                               {"lon", e.lonlat.x},
                               {"lat", e.lonlat.y},
                               {"source", e.source},
                               {"source_title", e.source_title}});
      }
    }
    // The style's colours per bloc and role, as the legend would name them.
    nlohmann::json blocs = nlohmann::json::array();
    for (const auto& bs : in.style.blocs) {
      nlohmann::json roles = nlohmann::json::object();
      for (const auto& [role, rs] : bs.roles)
        roles[role] = {{"fill", bs.fill_for(role).hex()},
                       {"label", bs.label_for(role, "en")},
                       {"label_fr", bs.label_for(role, "fr")}};
      blocs.push_back({{"id", bs.id},
                       {"label", bs.label},
                       {"label_fr", bs.label_for("", "fr")},
                       {"fill", bs.fill.hex()},
                       {"show", bs.show},
                       {"roles", roles}});
    }
    j["style"]["blocs"] = blocs;
    nlohmann::json legend = nlohmann::json::array();
    for (const auto& e : sym.legend) legend.push_back({{"label", e.label}, {"fill", e.fill.hex()}});
    j["legend"] = legend;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "boundaries  " << b.source << " (layer " << b.layer << ", " << b.driver << ")\n"
            << "features    " << b.features << " read, " << joined << " joined to shapes/countries.csv, "
            << b.unmatched.size() << " unmatched, " << b.repaired << " repaired, " << b.skipped
            << " without polygons\n";
  if (!b.unmatched.empty()) {
    std::cout << "unmatched  ";
    for (const auto& n : b.unmatched) std::cout << " " << n << ";";
    std::cout << "\n";
  }
  std::cout << "date        " << in.date.str() << "\n"
            << "crs         " << in.crs << "\n"
            << "style       " << in.style.name << "\n\n";
  for (const auto& [bloc, roles] : members) {
    const auto* bs = in.style.bloc(bloc);
    std::cout << bloc;
    if (bs) std::cout << ": " << bs->label_for("", o.map.lang);
    if (!bs || !bs->show) std::cout << " [not drawn by this style]";
    std::cout << "\n";
    for (const auto& [role, names] : roles) {
      std::cout << "  " << role << ": ";
      for (std::size_t i = 0; i < names.size(); ++i) std::cout << (i ? ", " : "") << names[i];
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace sahelmap::cli
