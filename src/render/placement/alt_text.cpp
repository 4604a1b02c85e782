#include "render/placement/alt_text.hpp"

#include <algorithm>
#include <map>

#include "render/words.hpp"

namespace sahelmap::render {

namespace {
std::string join(std::vector<std::string> items, const Words& w) {
  std::sort(items.begin(), items.end());
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? std::string(w.and_) : ", ";
    out += items[i];
  }
  return out;
}
}  // namespace

std::string alt_text(const AltTextInput& in) {
  const Words& w = words(in.lang);
  std::string out = std::string(w.map_of) + in.region + std::string(w.on) + long_date(in.date, in.lang) + ". ";
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
  std::sort(order.begin(), order.end());  // the rest in a fixed order, whatever the hash map's
  for (const auto& l : order)
    if (std::find(sorted.begin(), sorted.end(), l) == sorted.end()) sorted.push_back(l);
  for (const auto& label : sorted) {
    const auto& [on, off] = by_label[label];
    if (!on.empty()) out += label + std::string(w.colon) + join(on, w);
    if (!off.empty())
      out += (on.empty() ? label + std::string(w.not_on_map) : std::string(w.not_on_map_too)) + join(off, w);
    out += ". ";
  }
  std::vector<std::string> striped;
  for (const auto& [code, look] : in.sym->looks)
    if (look.hatch && std::find(in.visible.begin(), in.visible.end(), code) != in.visible.end()) {
      const data::Country* c = in.countries->find(code);
      striped.push_back(c ? c->name(in.lang) : code);
    }
  std::sort(striped.begin(), striped.end());
  for (const auto& name : striped) out += name + std::string(w.two_blocs);
  if (in.events && !in.events->empty()) {
    std::vector<std::pair<int, const data::Event*>> numbered;
    for (const auto& g : *in.events)
      for (std::size_t i = 0; i < g.events.size(); ++i) numbered.push_back({g.numbers[i], g.events[i]});
    std::sort(numbered.begin(), numbered.end());
    out += w.events_shown;
    for (std::size_t i = 0; i < numbered.size(); ++i) {
      const data::Event& e = *numbered[i].second;
      out += std::string(i ? "; " : "") + std::to_string(numbered[i].first) + ". " + long_date(e.date, in.lang) + ", " +
             e.place + " (" + std::string(category_name(e.category, in.lang)) + ")" + std::string(w.colon) +
             e.title_in(in.lang);
    }
    out += ". ";
  }
  out += std::string(w.sources) + in.data_credit + std::string(w.semicolon) + std::string(w.sources_tail);
  return out;
}

}  // namespace sahelmap::render
