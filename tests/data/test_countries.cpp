#include <gtest/gtest.h>

#include "data/countries.hpp"
#include "test_paths.hpp"
#include "util/error.hpp"

using namespace sahelmap::data;

namespace {
const CountryTable& table() {
  static const CountryTable t = CountryTable::load(sahelmap::test::countries_csv());
  return t;
}
std::string code(const FeatureKeys& k) {
  auto i = table().resolve(k);
  return i ? table()[*i].code : "";
}
}  // namespace

TEST(Countries, NaturalEarthMinus99FallsBackToAdm0) {
  // Natural Earth: France and Norway have ISO_A3 = -99, ADM0_A3 is right.
  EXPECT_EQ(code({{"FRA", "-99"}, {"250"}, {"France"}}), "FRA");
  EXPECT_EQ(code({{"NOR", "-99"}, {"-99"}, {"Norway"}}), "NOR");
  // Without ADM0_A3, the numeric code or the name still finds them.
  EXPECT_EQ(code({{"-99"}, {"250"}, {}}), "FRA");
  EXPECT_EQ(code({{"-99"}, {"-99"}, {"Norway"}}), "NOR");
}

TEST(Countries, WorldAtlasNumericIdsAndNames) {
  EXPECT_EQ(code({{}, {}, {"Niger"}, {"562"}}), "NER");
  EXPECT_EQ(code({{}, {}, {}, {"562"}}), "NER");
  EXPECT_EQ(code({{}, {}, {"eSwatini"}, {"748"}}), "SWZ");
  EXPECT_EQ(code({{}, {}, {"Somaliland"}}), "SOL");  // no ISO code at all
  // 036 is both Australia and Ashmore and Cartier Is.: the name decides.
  EXPECT_EQ(code({{}, {}, {"Ashmore and Cartier Is."}, {"036"}}), "ATC");
  EXPECT_EQ(code({{}, {}, {"Australia"}, {"036"}}), "AUS");
  EXPECT_EQ(code({{}, {"36"}, {"Australia"}}), "AUS");
}

TEST(Countries, NamesInEnglishFrenchAndAliases) {
  EXPECT_EQ(code({{}, {}, {"Côte d'Ivoire"}}), "CIV");
  EXPECT_EQ(code({{}, {}, {"Ivory Coast"}}), "CIV");
  EXPECT_EQ(code({{}, {}, {"TCHAD"}}), "TCD");
  EXPECT_EQ(code({{}, {}, {"Cape Verde"}}), "CPV");
  EXPECT_EQ(code({{}, {}, {"  Burkina Faso "}}), "BFA");
  EXPECT_EQ(code({{}, {}, {"Atlantis"}}), "");
}

TEST(Countries, CodesAreCaseAndPaddingTolerant) {
  EXPECT_EQ(code({{"ner"}}), "NER");
  EXPECT_EQ(code({{"SDS"}}), "SSD");  // Natural Earth's ADM0_A3 for South Sudan
  EXPECT_EQ(code({{"KOS"}}), "KOS");
}

TEST(Countries, FrenchNamesForTheRegion) {
  EXPECT_EQ(table().find("TCD")->name_fr, "Tchad");
  EXPECT_EQ(table().find("CIV")->name("fr"), "Côte d'Ivoire");
  EXPECT_EQ(table().find("BFA")->name("fr"), "Burkina Faso");
  EXPECT_EQ(table().find("NER")->name("en"), "Niger");
}

TEST(Countries, NumericNormalization) {
  EXPECT_EQ(normalize_numeric("36"), "036");
  EXPECT_EQ(normalize_numeric("036"), "036");
  EXPECT_EQ(normalize_numeric("562.0"), "562");
  EXPECT_EQ(normalize_numeric("-99"), "");
  EXPECT_EQ(normalize_numeric("abc"), "");
}

TEST(Countries, MissingFileIsAClearError) {
  try {
    CountryTable::load("/nonexistent/countries.csv");
    FAIL();
  } catch (const sahelmap::Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/countries.csv"), std::string::npos);
  }
}
