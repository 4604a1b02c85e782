#include "render/changes_text.hpp"

#include "render/words.hpp"

namespace sahelmap::render {

namespace {
std::string role_label(const Style& style, const std::string& bloc, const std::string& role, std::string_view lang) {
  if (const BlocStyle* b = style.bloc(bloc)) return b->label_for(role, lang);
  return bloc + " " + role;  // a bloc the style does not know: its table name
}
}  // namespace

std::string describe(const data::Change& c, const Style& style, const data::CountryTable& countries,
                     std::string_view lang) {
  const Words& w = words(lang);
  if (c.kind == data::Change::Kind::Event) return c.event->place + std::string(w.colon) + c.event->title_in(lang);
  const data::Country* country = countries.find(c.country);
  std::string s = (country ? country->name(lang) : c.country) + std::string(w.colon);
  switch (c.kind) {
    case data::Change::Kind::Joins:
      return s + std::string(w.now) + role_label(style, c.bloc, c.role, lang);
    case data::Change::Kind::Leaves:
      return s + role_label(style, c.bloc, c.role, lang) + " → " + std::string(w.out_of_bloc);
    case data::Change::Kind::RoleChange:
      return s + role_label(style, c.bloc, c.old_role, lang) + " → " + role_label(style, c.bloc, c.role, lang);
    case data::Change::Kind::Event:
      break;
  }
  return s;
}

std::string changes_text(const std::vector<data::Change>& changes, data::Date from, data::Date to, const Style& style,
                         const data::CountryTable& countries, std::string_view lang) {
  const Words& w = words(lang);
  std::string s = std::string(w.changes_from) + long_date(from, lang) + std::string(w.to_date) + long_date(to, lang) +
                  std::string(w.colon);
  if (changes.empty()) return s + std::string(w.no_changes);
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (i) s += w.semicolon;
    s += long_date(changes[i].date, lang) + ", " + describe(changes[i], style, countries, lang);
  }
  return s + ".";
}

}  // namespace sahelmap::render
