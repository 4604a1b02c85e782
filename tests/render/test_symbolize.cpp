#include <gtest/gtest.h>

#include "render/symbolize.hpp"
#include "test_paths.hpp"

using namespace sahelmap;
using namespace sahelmap::render;

namespace {
struct Fixture {
  data::CountryTable countries = data::CountryTable::load(test::countries_csv());
  data::BlocTable blocs = data::BlocTable::load(test::blocs_csv(), countries);
  Style style = Style::load(test::source("styles/default.toml"));
};
const Fixture& fx() {
  static const Fixture f;
  return f;
}
Symbolization on(const char* day, std::vector<std::string> present = {}) {
  return symbolize(fx().blocs, data::Date::parse(day), fx().style, "en", present);
}
}  // namespace

TEST(Symbolize, NigerIsEcowasOnlyBeforeTheCoup) {
  const auto s = on("2023-07-01");
  ASSERT_TRUE(s.look("NER"));
  EXPECT_EQ(s.look("NER")->fill.hex(), "#2874a6");
  EXPECT_FALSE(s.look("NER")->hatch);
}

TEST(Symbolize, DoubleMembershipIsHatchedAndInTheLegend) {
  const auto s = on("2023-10-01", {"NER", "NGA"});
  const CountryLook* ner = s.look("NER");
  ASSERT_TRUE(ner);
  EXPECT_EQ(ner->fill.hex(), "#c0392b");  // AES first
  ASSERT_TRUE(ner->hatch);
  EXPECT_EQ(ner->hatch->hex(), "#2874a6");  // ECOWAS member (suspended only from 2023-12-10)
  bool combined = false;
  for (const auto& e : s.legend) combined |= e.hatch.has_value() && e.label.find(" + ") != std::string::npos;
  EXPECT_TRUE(combined);
}

TEST(Symbolize, TodayAesAndEcowasAndPartners) {
  const auto s = on("2026-11-22");
  EXPECT_EQ(s.look("MLI")->fill.hex(), "#c0392b");
  EXPECT_FALSE(s.look("MLI")->hatch);
  EXPECT_EQ(s.look("NGA")->fill.hex(), "#2874a6");
  EXPECT_EQ(s.look("RUS")->fill.hex(), "#7d3c98");
  EXPECT_EQ(s.look("FRA")->fill, fx().style.bloc("PARTNER")->fill_for("former"));
  EXPECT_FALSE(s.look("DEU"));  // the EU is hidden by the default style
}

TEST(Symbolize, LegendListsOnlyBlocsPresent) {
  const auto s = on("2026-11-22", {"NGA", "GHA"});
  ASSERT_EQ(s.legend.size(), 1u);
  EXPECT_EQ(s.legend[0].label, "ECOWAS member");
}
