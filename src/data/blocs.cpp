#include "data/blocs.hpp"

#include <algorithm>

#include "data/gdal.hpp"
#include "util/error.hpp"

namespace sahelmap::data {

BlocTable BlocTable::load(const std::string& csv_path, const CountryTable& countries) {
  auto ds = open_vector(csv_path, {"CSV"});
  OGRLayer* layer = ds->GetLayer(0);
  for (const char* col : {"bloc", "country", "role", "from", "to", "source"})
    if (field_index(layer->GetLayerDefn(), col) < 0)
      throw Error(csv_path + ": missing column '" + std::string(col) + "'");
  BlocTable t;
  int line = 1;
  for (auto& f : *layer) {
    ++line;
    const std::string where = csv_path + " line " + std::to_string(line) + ": ";
    Membership m;
    m.bloc = field_string(*f, "bloc");
    m.country = field_string(*f, "country");
    m.role = field_string(*f, "role");
    m.source = field_string(*f, "source");
    m.note = field_string(*f, "note");
    m.line = line;
    if (m.bloc.empty() || m.role.empty()) throw Error(where + "bloc and role are required");
    const Country* c = countries.find(m.country);
    if (!c) throw Error(where + "unknown country code '" + m.country + "' (not in countries.csv)");
    m.country = c->code;
    try {
      m.from = Date::parse(field_string(*f, "from"));
      if (const std::string to = field_string(*f, "to"); !to.empty()) m.to = Date::parse(to);
    } catch (const Error& e) {
      throw Error(where + e.what());
    }
    if (m.to && *m.to < m.from)
      throw Error(where + "interval ends (" + m.to->str() + ") before it starts (" + m.from.str() + ")");
    t.rows_.push_back(std::move(m));
  }
  // One role at a time per bloc and country.
  std::vector<const Membership*> sorted;
  for (const auto& m : t.rows_) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) {
    return std::tie(a->bloc, a->country, a->from) < std::tie(b->bloc, b->country, b->from);
  });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    const Membership &a = *sorted[i - 1], &b = *sorted[i];
    if (a.bloc == b.bloc && a.country == b.country && (!a.to || b.from <= *a.to))
      throw Error(csv_path + " line " + std::to_string(b.line) + ": " + b.bloc + " " + b.country + " overlaps line " +
                  std::to_string(a.line));
  }
  return t;
}

std::vector<const Membership*> BlocTable::on(Date d) const {
  std::vector<const Membership*> out;
  for (const auto& m : rows_)
    if (m.active_on(d)) out.push_back(&m);
  return out;
}

}  // namespace sahelmap::data
