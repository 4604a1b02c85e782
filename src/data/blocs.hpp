#pragma once
// Bloc membership as dated intervals (shapes/blocs.csv): who belongs where on a given day.
#include <optional>
#include <string>
#include <vector>

#include "data/countries.hpp"
#include "data/date.hpp"

namespace sahelmap::data {

struct Membership {
  std::string bloc;     // AES, ECOWAS, PARTNER, EU, ...
  std::string country;  // a code of the country table
  std::string role;     // member, confederation, suspended, withdrawing, partner, former, ...
  Date from;
  std::optional<Date> to;  // inclusive; none = ongoing
  std::string source, note;
  int line = 0;

  bool active_on(Date d) const { return from <= d && (!to || d <= *to); }
};

class BlocTable {
 public:
  /// Reads the table through GDAL's CSV driver and checks it against the country table.
  /// @throws Error "PATH line N: ..." for unknown country codes, bad dates, reversed or
  ///         overlapping intervals of one bloc and country.
  static BlocTable load(const std::string& csv_path, const CountryTable& countries);

  /// Rows active on `d`, in file order.
  std::vector<const Membership*> on(Date d) const;
  const std::vector<Membership>& rows() const { return rows_; }

 private:
  std::vector<Membership> rows_;
};

}  // namespace sahelmap::data
