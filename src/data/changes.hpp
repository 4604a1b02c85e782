#pragma once
// What changed between two dates: memberships that began, ended or changed role, and events, in
// date order. The words for them are the render layer's (render/words.hpp); this is the record.
#include <optional>
#include <string>
#include <vector>

#include "data/blocs.hpp"
#include "data/date.hpp"
#include "data/events.hpp"

namespace sahelmap::data {

struct Change {
  enum class Kind { Joins, Leaves, RoleChange, Event };
  Date date;  // the first day the new state holds (a membership ending on D changes on D + 1)
  Kind kind = Kind::Event;
  std::string country, bloc;  // memberships
  std::string role, old_role;
  const Membership* row = nullptr;  // the row that began (or ended, for Leaves)
  const Event* event = nullptr;
};

/// Changes after `from` up to and including `to` (a state on `from` is the starting point), in
/// date order; on one day, membership changes before events, then by country and bloc.
std::vector<Change> changes(const BlocTable& blocs, const std::vector<Event>& events, Date from, Date to);

/// The day after `d`.
Date next_day(Date d);

/// "joins", "leaves", "role", "event".
const char* kind_name(Change::Kind k);

}  // namespace sahelmap::data
