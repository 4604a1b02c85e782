#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "data/blocs.hpp"
#include "test_paths.hpp"
#include "util/error.hpp"

using namespace sahelmap::data;

namespace {
const CountryTable& countries() {
  static const CountryTable t = CountryTable::load(sahelmap::test::countries_csv());
  return t;
}
const BlocTable& blocs() {
  static const BlocTable t = BlocTable::load(sahelmap::test::blocs_csv(), countries());
  return t;
}
std::vector<std::string> in(const std::string& bloc, const char* day) {
  std::vector<std::string> out;
  for (const auto* m : blocs().on(Date::parse(day)))
    if (m->bloc == bloc) out.push_back(m->country);
  std::sort(out.begin(), out.end());
  return out;
}
std::string role(const std::string& bloc, const std::string& country, const char* day) {
  for (const auto* m : blocs().on(Date::parse(day)))
    if (m->bloc == bloc && m->country == country) return m->role;
  return "";
}
std::string write_tmp(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p.string();
}
}  // namespace

TEST(Blocs, AesStartsWithTheLiptakoGourmaCharter) {
  EXPECT_TRUE(in("AES", "2023-09-15").empty());
  EXPECT_EQ(in("AES", "2023-09-16"), (std::vector<std::string>{"BFA", "MLI", "NER"}));
  EXPECT_EQ(role("AES", "NER", "2024-07-05"), "member");
  EXPECT_EQ(role("AES", "NER", "2024-07-06"), "confederation");
}

TEST(Blocs, EcowasFifteenBeforeTheExitTwelveAfter) {
  const auto before = in("ECOWAS", "2023-07-01");
  EXPECT_EQ(before.size(), 15u);
  for (const char* c :
       {"BEN", "BFA", "CPV", "CIV", "GMB", "GHA", "GIN", "GNB", "LBR", "MLI", "NER", "NGA", "SEN", "SLE", "TGO"})
    EXPECT_TRUE(std::count(before.begin(), before.end(), c)) << c;
  EXPECT_EQ(role("ECOWAS", "NER", "2025-01-28"), "withdrawing");  // last day inside
  EXPECT_EQ(role("ECOWAS", "NER", "2025-01-29"), "");             // the exit takes effect
  EXPECT_EQ(in("ECOWAS", "2025-01-29").size(), 12u);
}

TEST(Blocs, NigerBeforeTheCoupIsAPlainMember) {
  EXPECT_EQ(role("ECOWAS", "NER", "2023-07-01"), "member");
  EXPECT_EQ(role("AES", "NER", "2023-07-01"), "");
}

TEST(Blocs, SuspensionsAreRecorded) {
  EXPECT_EQ(role("ECOWAS", "MLI", "2021-06-15"), "suspended");
  EXPECT_EQ(role("ECOWAS", "BFA", "2022-03-01"), "suspended");
  EXPECT_EQ(role("ECOWAS", "GIN", "2022-03-01"), "suspended");
}

TEST(Blocs, PartnersAndTheirRelations) {
  EXPECT_EQ(role("PARTNER", "RUS", "2024-05-02"), "partner");
  EXPECT_EQ(role("PARTNER", "FRA", "2023-12-22"), "partner");  // last troops leave Niger that day
  EXPECT_EQ(role("PARTNER", "FRA", "2023-12-23"), "former");
  EXPECT_EQ(role("PARTNER", "USA", "2024-09-01"), "former");
  EXPECT_EQ(in("EU", "2024-01-01").size(), 27u);
}

TEST(Blocs, EveryRowCitesASource) {
  for (const auto& m : blocs().rows()) EXPECT_EQ(m.source.rfind("http", 0), 0u) << "line " << m.line;
}

TEST(Blocs, UnknownCountryCodeNamesFileAndLine) {
  const auto p =
      write_tmp("blocs-unknown.csv",
                "bloc,country,role,from,to,source\nAES,MLI,member,2023-09-16,,x\nAES,XYZ,member,2023-09-16,,x\n");
  try {
    BlocTable::load(p, countries());
    FAIL();
  } catch (const sahelmap::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("line 3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("XYZ"), std::string::npos) << msg;
  }
}

TEST(Blocs, ReversedAndOverlappingIntervalsAreRejected) {
  EXPECT_THROW(BlocTable::load(write_tmp("blocs-rev.csv",
                                         "bloc,country,role,from,to,source\n"
                                         "AES,MLI,member,2024-01-01,2023-01-01,x\n"),
                               countries()),
               sahelmap::Error);
  EXPECT_THROW(BlocTable::load(write_tmp("blocs-overlap.csv",
                                         "bloc,country,role,from,to,source\n"
                                         "AES,MLI,member,2023-01-01,2024-01-01,x\n"
                                         "AES,MLI,confederation,2024-01-01,,x\n"),
                               countries()),
               sahelmap::Error);
  EXPECT_THROW(BlocTable::load(write_tmp("blocs-date.csv",
                                         "bloc,country,role,from,to,source\n"
                                         "AES,MLI,member,2023-02-30,,x\n"),
                               countries()),
               sahelmap::Error);
}
