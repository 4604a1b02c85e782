#include "data/changes.hpp"

#include <algorithm>
#include <tuple>

namespace sahelmap::data {

Date next_day(Date d) {
  return Date(std::chrono::year_month_day(d.days() + std::chrono::days(1)));
}

const char* kind_name(Change::Kind k) {
  switch (k) {
    case Change::Kind::Joins:
      return "joins";
    case Change::Kind::Leaves:
      return "leaves";
    case Change::Kind::RoleChange:
      return "role";
    case Change::Kind::Event:
      return "event";
  }
  return "event";
}

std::vector<Change> changes(const BlocTable& blocs, const std::vector<Event>& events, Date from, Date to) {
  std::vector<Change> out;
  auto in_range = [&](Date d) { return from < d && d <= to; };
  const auto& rows = blocs.rows();
  for (const auto& m : rows) {
    if (in_range(m.from)) {
      // A row that begins the day after another of the same country and bloc ends: a new role.
      const auto before = std::find_if(rows.begin(), rows.end(), [&](const Membership& o) {
        return &o != &m && o.country == m.country && o.bloc == m.bloc && o.to && next_day(*o.to) == m.from;
      });
      out.push_back({.date = m.from,
                     .kind = before == rows.end() ? Change::Kind::Joins : Change::Kind::RoleChange,
                     .country = m.country,
                     .bloc = m.bloc,
                     .role = m.role,
                     .old_role = before == rows.end() ? "" : before->role,
                     .row = &m});
    }
    if (m.to && in_range(next_day(*m.to))) {
      const Date end = next_day(*m.to);
      const bool continued = std::any_of(rows.begin(), rows.end(), [&](const Membership& o) {
        return &o != &m && o.country == m.country && o.bloc == m.bloc && o.from == end;
      });
      if (!continued)
        out.push_back({.date = end,
                       .kind = Change::Kind::Leaves,
                       .country = m.country,
                       .bloc = m.bloc,
                       .role = m.role,
                       .row = &m});
    }
  }
  for (const auto& e : events)
    if (in_range(e.date)) out.push_back({.date = e.date, .kind = Change::Kind::Event, .event = &e});
  std::stable_sort(out.begin(), out.end(), [](const Change& a, const Change& b) {
    const bool ea = a.kind == Change::Kind::Event, eb = b.kind == Change::Kind::Event;
    return std::tie(a.date, ea, a.country, a.bloc) < std::tie(b.date, eb, b.country, b.bloc);
  });
  return out;
}

}  // namespace sahelmap::data
