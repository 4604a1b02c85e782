#include "render/symbolize.hpp"

#include <algorithm>
#include <set>

namespace sahelmap::render {

Symbolization symbolize(const data::BlocTable& blocs, data::Date date, const Style& style, std::string_view lang,
                        const std::vector<std::string>& present) {
  Symbolization sym;
  const std::set<std::string> shown(present.begin(), present.end());
  std::unordered_map<std::string, std::vector<Affiliation>> by_country;
  for (const data::Membership* m : blocs.on(date)) {
    const BlocStyle* b = style.bloc(m->bloc);
    if (!b || !b->show) continue;
    by_country[m->country].push_back({b, m->role, b->fill_for(m->role)});
  }
  auto rank = [&](const BlocStyle* b) { return b - style.blocs.data(); };
  // Legend entries in style order: one per (bloc, label), then the combinations.
  struct Key {
    long rank;
    std::string label;
    Color fill;
    std::optional<Color> hatch;
  };
  std::vector<Key> keys;
  auto add_key = [&](Key k) {
    for (const auto& e : keys)
      if (e.label == k.label && e.fill == k.fill && e.hatch == k.hatch) return;
    keys.push_back(std::move(k));
  };
  for (auto& [code, affs] : by_country) {
    std::stable_sort(affs.begin(), affs.end(),
                     [&](const Affiliation& a, const Affiliation& b) { return rank(a.bloc) < rank(b.bloc); });
    CountryLook look{{.fill = affs.front().fill}, affs};
    for (std::size_t i = 1; i < affs.size(); ++i)
      if (!(affs[i].fill == look.fill)) {
        look.hatch = affs[i].fill;
        break;
      }
    if (shown.empty() || shown.count(code)) {
      for (const auto& a : affs)
        add_key({.rank = rank(a.bloc), .label = a.bloc->label_for(a.role, lang), .fill = a.fill});
      if (look.hatch) {
        const Affiliation& second =
            *std::find_if(affs.begin() + 1, affs.end(), [&](const Affiliation& a) { return !(a.fill == look.fill); });
        const std::string both = " + ";
        add_key({.rank = 1000 + rank(affs.front().bloc) * 100 + rank(second.bloc),
                 .label = affs.front().bloc->label_for(affs.front().role, lang) + both +
                          second.bloc->label_for(second.role, lang),
                 .fill = look.fill,
                 .hatch = look.hatch});
      }
    }
    sym.looks.emplace(code, std::move(look));
  }
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.label != b.label ? a.label < b.label : a.fill.hex() < b.fill.hex();
  });
  for (auto& k : keys) sym.legend.push_back({std::move(k.label), k.fill, k.hatch});
  return sym;
}

void name_in_legend(std::vector<LegendEntry>& legend, const std::string& label, const Color& fill,
                    const std::string& name, std::string_view colon) {
  const auto it = std::find_if(legend.begin(), legend.end(),
                               [&](const LegendEntry& e) { return e.fill == fill && e.label.rfind(label, 0) == 0; });
  if (it == legend.end())
    legend.push_back({.label = label + std::string(colon) + name, .fill = fill});
  else
    it->label += (it->label.size() == label.size() ? std::string(colon) : std::string(", ")) + name;
}

}  // namespace sahelmap::render
