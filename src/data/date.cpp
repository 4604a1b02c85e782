#include "data/date.hpp"

#include <charconv>
#include <cstdio>

#include "util/error.hpp"

namespace sahelmap::data {

Date Date::parse(std::string_view text) {
  auto bad = [&](const char* why) {
    return UsageError("date '" + std::string(text) + "' " + why + " (expected YYYY-MM-DD)");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw bad("is not a date");
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    const char* first = text.data() + pos;
    for (std::size_t i = 0; i < len; ++i)
      if (first[i] < '0' || first[i] > '9') throw bad("is not a date");
    std::from_chars(first, first + len, v);
    return v;
  };
  const std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                        std::chrono::day{static_cast<unsigned>(num(8, 2))}};
  if (!ymd.ok()) throw bad("is not a calendar day");
  return Date(ymd);
}

Date Date::today() {
  return Date(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())});
}

std::string Date::str() const {
  const std::chrono::year_month_day ymd{days_};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

int Date::year() const {
  return static_cast<int>(std::chrono::year_month_day{days_}.year());
}

}  // namespace sahelmap::data
