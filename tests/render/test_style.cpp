#include <gtest/gtest.h>

#include <filesystem>

#include "render/style.hpp"
#include "test_paths.hpp"
#include "util/error.hpp"

using namespace sahelmap::render;

namespace {
const char* kMinimal = R"(
[map]
background = "#dfe8ee"
land = "#d5d8dc"
border = "#ffffff"
[[bloc]]
id = "AES"
fill = "#c0392b"
)";

std::string error_of(const std::string& text) {
  try {
    Style::parse(text, "test.toml");
  } catch (const sahelmap::Error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Style, ShippedThemesAllLoad) {
  for (const char* name : {"default", "print", "dark", "colourblind"}) {
    const Style s = Style::load(resolve_style(name, sahelmap::test::source("styles")));
    EXPECT_EQ(s.name, name);
    ASSERT_TRUE(s.bloc("AES")) << name;
    ASSERT_TRUE(s.bloc("ECOWAS")) << name;
    ASSERT_TRUE(s.bloc("PARTNER")) << name;
    EXPECT_FALSE(s.bloc("AES")->fill == s.bloc("ECOWAS")->fill);
  }
}

TEST(Style, DefaultColoursAndRoles) {
  const Style s = Style::load(sahelmap::test::source("styles/default.toml"));
  EXPECT_EQ(s.bloc("AES")->fill.hex(), "#c0392b");
  EXPECT_EQ(s.bloc("ECOWAS")->fill_for("member").hex(), "#2874a6");
  EXPECT_NE(s.bloc("ECOWAS")->fill_for("suspended").hex(), "#2874a6");
  EXPECT_EQ(s.bloc("AES")->label_for("confederation", "fr"), "Confédération des États du Sahel (AES)");
  EXPECT_FALSE(s.bloc("EU")->show);
}

TEST(Style, MinimalStyleGetsDefaults) {
  const Style s = Style::parse(kMinimal, "test.toml");
  EXPECT_DOUBLE_EQ(s.border_width, 0.75);
  EXPECT_EQ(s.blocs.size(), 1u);
}

TEST(Style, ErrorsNameTheFileLineAndKey) {
  std::string e = error_of(std::string(kMinimal) + "\n[map2]\nx = 1\n");
  EXPECT_NE(e.find("map2: unknown key"), std::string::npos) << e;
  e = error_of(R"([map]
background = "#dfe8ee"
land = "blue"
border = "#fff"
[[bloc]]
id = "AES"
fill = "#c0392b")");
  EXPECT_NE(e.find("test.toml line 3: map.land: 'blue' is not a colour"), std::string::npos) << e;
  e = error_of(R"([map]
background = "#dfe8ee"
border = "#fff"
[[bloc]]
id = "AES"
fill = "#c0392b")");
  EXPECT_NE(e.find("map.land: missing key"), std::string::npos) << e;
  e = error_of(R"([map]
background = "#dfe8ee"
land = "#ddd"
border = "#fff"
border_width = "thick"
[[bloc]]
id = "AES"
fill = "#c0392b")");
  EXPECT_NE(e.find("map.border_width: must be a number"), std::string::npos) << e;
  e = error_of("[map\nbackground=");
  EXPECT_NE(e.find("test.toml line 1"), std::string::npos) << e;
  e = error_of(R"([map]
background = "#dfe8ee"
land = "#ddd"
border = "#fff")");
  EXPECT_NE(e.find("bloc: missing"), std::string::npos) << e;
}

TEST(Style, TwoLegendEntriesNeverShareASwatch) {
  const std::string base = R"([map]
background = "#dfe8ee"
land = "#ddd"
border = "#fff"
[[bloc]]
id = "ECOWAS"
label = "ECOWAS member"
fill = "#2874a6"
[bloc.roles.suspended]
fill = "#9cc8e6"
label = "ECOWAS member, suspended"
)";
  // Suspended and leaving in one light blue, as the default style had them: refused.
  std::string e = error_of(base + "[bloc.roles.withdrawing]\nfill = \"#9cc8e6\"\nlabel = \"Leaving ECOWAS\"\n");
  EXPECT_NE(e.find("bloc[0].roles.withdrawing.fill: #9cc8e6 is also the fill of 'ECOWAS member, suspended'"),
            std::string::npos)
      << e;
  // Across blocs too; a hidden bloc never shows in the legend, and a role without a fill of its
  // own is its bloc's colour under another name.
  e = error_of(base + "[[bloc]]\nid = \"AES\"\nfill = \"#2874A6\"\n");
  EXPECT_NE(e.find("bloc[1].fill: #2874a6 is also the fill of 'ECOWAS member'"), std::string::npos) << e;
  EXPECT_EQ(error_of(base + "[[bloc]]\nid = \"EU\"\nshow = false\nfill = \"#2874a6\"\n"), "");
  EXPECT_EQ(error_of(base + "[bloc.roles.member]\nlabel = \"ECOWAS state\"\n"), "");
}

TEST(Style, UnknownStyleNameListsTheThemes) {
  try {
    resolve_style("neon", sahelmap::test::source("styles"));
    FAIL();
  } catch (const sahelmap::Error& e) {
    EXPECT_NE(std::string(e.what()).find("default"), std::string::npos);
  }
  EXPECT_THROW(Style::load("/nonexistent/style.toml"), sahelmap::Error);
}

TEST(Color, ParseAndPrint) {
  EXPECT_EQ(Color::parse("#C0392B").hex(), "#c0392b");
  EXPECT_EQ(Color::parse("#fff").hex(), "#ffffff");
  EXPECT_EQ(Color::parse("#ffffff80").hex(), "#ffffff80");
  for (const char* bad : {"red", "#12345", "#gggggg", "", "#"}) EXPECT_THROW(Color::parse(bad), sahelmap::Error);
  EXPECT_NEAR(contrast_ratio(Color::parse("#000000"), Color::parse("#ffffff")), 21, 1e-9);
}
