#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::cli {

int run_info(const InfoOptions& o) {
  const Inputs in = load_inputs(o.map);
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
    j["blocs"] = members;
    nlohmann::json looks = nlohmann::json::object();
    for (const auto& [code, look] : sym.looks) {
      nlohmann::json l = {{"fill", look.fill.hex()}};
      if (look.hatch) l["hatch"] = look.hatch->hex();
      for (const auto& a : look.affiliations) l["blocs"].push_back({{"bloc", a.bloc->id}, {"role", a.role}});
      looks[code] = l;
    }
    j["countries"] = looks;
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
