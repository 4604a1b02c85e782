#include <gtest/gtest.h>

#include "data/date.hpp"
#include "util/error.hpp"

using sahelmap::UsageError;
using sahelmap::data::Date;

TEST(Date, ParsesAndPrintsIsoDays) {
  EXPECT_EQ(Date::parse("2023-07-26").str(), "2023-07-26");
  EXPECT_EQ(Date::parse("2024-02-29").str(), "2024-02-29");
  EXPECT_LT(Date::parse("2025-01-28"), Date::parse("2025-01-29"));
  EXPECT_EQ(Date::parse("2023-09-16").year(), 2023);
}

TEST(Date, RejectsWhatIsNotACalendarDay) {
  for (const char* bad : {"2023-02-29", "2023-13-01", "2023-00-10", "2023-7-26", "26/07/2023", "", "2023-07-26T00:00",
                          "abcd-ef-gh", "2023-06-31"})
    EXPECT_THROW(Date::parse(bad), UsageError) << bad;
}

TEST(Date, TodayIsAValidDay) {
  EXPECT_GE(Date::today().year(), 2024);
}
