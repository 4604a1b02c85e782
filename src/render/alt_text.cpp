#include "render/alt_text.hpp"

#include <algorithm>
#include <map>

namespace sahelmap::render {

namespace {
std::string join(std::vector<std::string> items, const std::string& lang) {
  std::sort(items.begin(), items.end());
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? (lang == "fr" ? " et " : " and ") : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

std::string alt_text(const AltTextInput& in) {
  const bool fr = in.lang == "fr";
  std::string out =
      (fr ? "Carte de " : "Map of ") + in.region + (fr ? " au " : " on ") + long_date(in.date, in.lang) + ". ";
  // Countries by legend label, those on the map apart from those that are not.
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> by_label;
  std::vector<std::string> order;
  for (const auto& [code, look] : in.sym->looks) {
    const data::Country* c = in.countries->find(code);
    const std::string name = c ? c->name(in.lang) : code;
    const bool shown = std::find(in.visible.begin(), in.visible.end(), code) != in.visible.end();
    for (const auto& a : look.affiliations) {
      const std::string label = a.bloc->label_for(a.role, in.lang);
      if (!by_label.count(label)) order.push_back(label);
      (shown ? by_label[label].first : by_label[label].second).push_back(name);
    }
  }
  // Legend order: the symbolization's legend lists labels in style order.
  std::vector<std::string> sorted;
  for (const auto& e : in.sym->legend)
    if (by_label.count(e.label) && std::find(sorted.begin(), sorted.end(), e.label) == sorted.end())
      sorted.push_back(e.label);
  for (const auto& l : order)
    if (std::find(sorted.begin(), sorted.end(), l) == sorted.end()) sorted.push_back(l);
  for (const auto& label : sorted) {
    const auto& [on, off] = by_label[label];
    if (!on.empty()) out += label + (fr ? " : " : ": ") + join(on, in.lang);
    if (!off.empty())
      out += std::string(on.empty() ? label + (fr ? ", hors de la carte : " : ", not on this map: ")
                                    : (fr ? " ; hors de la carte : " : "; not on this map: ")) +
             join(off, in.lang);
    out += ". ";
  }
  for (const auto& [code, look] : in.sym->looks)
    if (look.hatch && std::find(in.visible.begin(), in.visible.end(), code) != in.visible.end()) {
      const data::Country* c = in.countries->find(code);
      out += (c ? c->name(in.lang) : code) +
             (fr ? " appartient à deux blocs à la fois (hachures). " : " belongs to two blocs at once (stripes). ");
    }
  if (in.events && !in.events->empty()) {
    std::vector<std::pair<int, const data::Event*>> numbered;
    for (const auto& g : *in.events)
      for (std::size_t i = 0; i < g.events.size(); ++i) numbered.push_back({g.numbers[i], g.events[i]});
    std::sort(numbered.begin(), numbered.end());
    out += fr ? "Événements indiqués : " : "Events shown: ";
    for (std::size_t i = 0; i < numbered.size(); ++i) {
      const data::Event& e = *numbered[i].second;
      out += std::string(i ? "; " : "") + std::to_string(numbered[i].first) + ". " + long_date(e.date, in.lang) + ", " +
             e.place + " (" + category_label(e.category, in.lang) + ")" + (fr ? " : " : ": ") + e.title_in(in.lang);
    }
    out += ". ";
  }
  out += fr ? "Sources : Natural Earth ; shapes/blocs.csv et shapes/events.geojson de sahelmap (sources citées)."
            : "Sources: Natural Earth; sahelmap's shapes/blocs.csv and shapes/events.geojson (sources cited).";
  return out;
}

}  // namespace sahelmap::render
