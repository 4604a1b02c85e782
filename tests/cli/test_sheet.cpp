// Small multiples (render --dates): one sheet, a panel per date with the same frame and extent,
// Niger's colour read from each panel changing from ECOWAS to the AES, every event's words listed,
// every format, same bytes twice, and the refusals. Names and events on: what users get.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "cli/cli_run.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {
const Rgb kAes = hex("#c0392b"), kEcowas = hex("#2874a6");

// The commonest colour at a few points inside Niger, away from its name and markers.
std::string niger_colour(const Image& img, const Locator& at) {
  std::map<std::string, int> seen;
  for (const auto& [lon, lat] : {std::pair{9.5, 18.5}, {12.0, 15.5}, {5.0, 19.0}, {13.0, 20.5}, {7.0, 15.0}}) {
    const auto p = at.pixel(lon, lat);
    ++seen[to_hex(img.at(static_cast<int>(p[0]), static_cast<int>(p[1])))];
  }
  return std::max_element(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}
}  // namespace

TEST(Sheet, OnePanelPerDateNigerChangesFromEcowasToTheAes) {
  const fs::path dir = fresh_dir("sheet");
  const fs::path png = dir / "sheet.png", layout = dir / "sheet.json";
  const RunResult r = run_sahelmap(
      {"render", "--dates", "2023-07-01,2024-06-01,2025-06-01", "-o", png.string(), "--debug-layout", layout.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(slurp(layout));
  ASSERT_EQ(j["panels"].size(), 3u);
  for (const auto& p : j["panels"]) {
    EXPECT_EQ(p["extent"], j["panels"][0]["extent"]) << "identical framing";
    EXPECT_EQ(p["frame"][2], j["panels"][0]["frame"][2]);
    EXPECT_EQ(p["frame"][3], j["panels"][0]["frame"][3]);
    EXPECT_EQ(p["crs"], j["crs"]);
  }
  const Image img = read_png(png);
  EXPECT_EQ(niger_colour(img, Locator(layout, 0)), to_hex(kEcowas)) << "Niger on 2023-07-01";
  EXPECT_EQ(niger_colour(img, Locator(layout, 2)), to_hex(kAes)) << "Niger on 2025-06-01";
  // Each panel's date above it, one title, every event up to the last date listed with its words.
  std::vector<std::string> captions;
  for (const auto& b : j["boxes"])
    if (b["kind"] == "subtitle") captions.push_back(b["text"]);
  for (const char* d : {"1 July 2023", "1 June 2024", "1 June 2025"})
    EXPECT_NE(std::find(captions.begin(), captions.end(), d), captions.end()) << d;
  EXPECT_GE(j["events"].size(), 20u);
  for (const auto& e : j["events"]) EXPECT_EQ(e["shown_as"], "list") << e["title"];
  EXPECT_NE(j["alt_text"].get<std::string>().find("Niger: ECOWAS member → ECOWAS member, suspended"),
            std::string::npos);
}

TEST(Sheet, EveryFormatSameBytesTwice) {
  const fs::path dir = fresh_dir("sheet-formats");
  for (const char* ext : {"png", "svg", "pdf", "html"}) {
    std::string first;
    for (int i = 0; i < 2; ++i) {
      const fs::path out = dir / (std::to_string(i) + "." + ext);
      const RunResult r = run_sahelmap(
          {"render", "--dates", "2023-07-01,2025-06-01", "--preset", "social", "--lang", "fr", "-o", out.string()});
      ASSERT_EQ(r.code, 0) << r.err;
      if (i == 0)
        first = slurp(out);
      else
        EXPECT_TRUE(first == slurp(out)) << ext;
    }
  }
  const std::string svg = slurp(dir / "0.svg");
  EXPECT_NE(svg.find("id=\"country-NER\""), std::string::npos);
  EXPECT_NE(svg.find("id=\"country-NER-2\""), std::string::npos) << "one Niger per panel";
}

TEST(Sheet, RefusesWhatItCannotDraw) {
  const fs::path dir = fresh_dir("sheet-bad");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--dates", "2023-07-01"},
                                             {"--dates", "2023-07-01,2025-13-01"},
                                             {"--date", "2024-01-01", "--dates", "2023-07-01,2025-06-01"},
                                             {"--dates", "2023-07-01,2025-06-01", "--size", "300x200"}}) {
    std::vector<std::string> a{"render", "-o", (dir / "x.png").string()};
    a.insert(a.end(), args.begin(), args.end());
    const RunResult r = run_sahelmap(a);
    EXPECT_EQ(r.code, 2) << args[1];
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_TRUE(files_in(dir).empty());
}

// The sheet as a web embed (issue 14: "any format"): a phone's, a tablet's and a desktop's board,
// light and dark, each with every panel and its date; the title, legend, every event's words
// and the sources in HTML once, around the art; no script. The desktop board has the partners'
// arrows, the smaller ones name the partners in the legend only.
TEST(Sheet, AsAWebEmbedEveryBoardHoldsEveryPanel) {
  const fs::path dir = fresh_dir("sheet-html");
  const RunResult r = run_sahelmap({"render", "--dates", "2023-07-01,2024-06-01,2025-06-01", "-o",
                                    (dir / "s.html").string(), "--debug-layout", (dir / "l.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = slurp(dir / "s.html");
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<section class=\"ab "), 6u);  // phone, tablet, desktop; light and dark
  for (const char* date : {">1 July 2023<", ">1 June 2024<", ">1 June 2025<"}) EXPECT_EQ(count(date), 6u) << date;
  EXPECT_EQ(count("<h1"), 1u);
  EXPECT_EQ(count("<script"), 0u);
  EXPECT_NE(html.find("Confederation of Sahel States (AES)"), std::string::npos);
  EXPECT_NE(html.find("Presidential guard detains Niger"), std::string::npos);
  EXPECT_NE(html.find("Event sources: 1."), std::string::npos);
  EXPECT_NE(html.find("Niger: ECOWAS member"), std::string::npos) << "the changes in the description";
  const json j = json::parse(slurp(dir / "l.json"));
  ASSERT_EQ(j["panels"].size(), 3u);
  for (const auto& p : j["panels"]) EXPECT_GT(p["frame"][2].get<double>(), 300) << "the desktop's panels";
  // Partners' arrows on the desktop's boards only (light and dark, three panels each): their
  // words, with the distance, are HTML text.
  EXPECT_EQ(count("8,000 km"), 6u) << "the United States' arrow";
}
