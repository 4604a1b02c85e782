#pragma once
// Calendar dates for bloc membership intervals (both ends inclusive).
#include <chrono>
#include <compare>
#include <string>
#include <string_view>

namespace sahelmap::data {

class Date {
 public:
  Date() = default;
  explicit Date(std::chrono::year_month_day ymd) : days_(std::chrono::sys_days(ymd)) {}

  /// Parses exactly YYYY-MM-DD (a real calendar day).
  /// @throws UsageError naming the text when it is not one.
  static Date parse(std::string_view text);
  /// Today in UTC.
  static Date today();

  std::string str() const;
  int year() const;
  std::chrono::sys_days days() const { return days_; }
  friend auto operator<=>(const Date&, const Date&) = default;

 private:
  std::chrono::sys_days days_{};
};

}  // namespace sahelmap::data
