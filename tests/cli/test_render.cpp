// End to end through the CLI: render, read the pixels back, check who is where.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_run.hpp"
#include "test_paths.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;

namespace {
const Rgb kAes = hex("#c0392b"), kEcowas = hex("#2874a6"), kFormerPartner = hex("#c9a8d8");

struct Rendered {
  Image image;
  Locator where;
  nlohmann::json layout;
};

Rendered render(const std::string& name, std::vector<std::string> extra) {
  const fs::path dir = fresh_dir(name);
  const fs::path png = dir / "map.png", layout = dir / "layout.json";
  // Fills are what these tests read: no markers or names over the cities they sample.
  std::vector<std::string> args{"render",   "-o",    png.string(), "--debug-layout", layout.string(), "--size",
                                "1000x700", "--dpi", "96",         "--no-events",    "--no-labels"};
  args.insert(args.end(), extra.begin(), extra.end());
  const RunResult r = run_sahelmap(args);
  EXPECT_EQ(r.code, 0) << r.err;
  std::ifstream in(layout);
  return {read_png(png), Locator(layout), nlohmann::json::parse(in)};
}

Rgb at(const Rendered& r, double lon, double lat) {
  const auto p = r.where.pixel(lon, lat);
  return r.image.at(static_cast<int>(p[0]), static_cast<int>(p[1]));
}
}  // namespace

TEST(Render, TodayTheAesStatesAreAesAndTheCoastIsEcowas) {
  const Rendered r = render("today", {"--date", "2026-11-22"});
  EXPECT_EQ(to_hex(at(r, 2.1167, 13.5167)), to_hex(kAes)) << "Niamey";
  EXPECT_EQ(to_hex(at(r, -8.0, 12.65)), to_hex(kAes)) << "Bamako";
  EXPECT_EQ(to_hex(at(r, -1.53, 12.37)), to_hex(kAes)) << "Ouagadougou";
  EXPECT_EQ(to_hex(at(r, 7.49, 9.06)), to_hex(kEcowas)) << "Abuja";
  EXPECT_EQ(to_hex(at(r, -16.07, 14.15)), to_hex(kEcowas)) << "Kaolack, Senegal";
  EXPECT_EQ(to_hex(at(r, -1.62, 6.69)), to_hex(kEcowas)) << "Kumasi, Ghana";
  EXPECT_EQ(to_hex(at(r, -20.0, 10.0)), "#dfe8ee") << "Atlantic";
  std::vector<std::string> legend = r.layout["legend"];
  EXPECT_EQ(legend, (std::vector<std::string>{"Confederation of Sahel States (AES)", "ECOWAS member",
                                              "ECOWAS member, suspended"}));
}

TEST(Render, BeforeTheCoupNiameyIsEcowasOnly) {
  const Rendered r = render("before-coup", {"--date", "2023-07-01"});
  EXPECT_EQ(to_hex(at(r, 2.1167, 13.5167)), to_hex(kEcowas));
  std::vector<std::string> legend = r.layout["legend"];
  for (const auto& l : legend) EXPECT_EQ(l.find("Sahel States"), std::string::npos) << l;
}

TEST(Render, DoubleMembershipShowsBothColours) {
  const Rendered r = render("double", {"--date", "2023-10-01"});
  // Around Agadez, Niger: stripes of ECOWAS over the AES fill.
  const auto c = r.where.pixel(8.0, 17.0);
  std::map<std::string, int> seen;
  for (int dy = -15; dy <= 15; ++dy)
    for (int dx = -15; dx <= 15; ++dx)
      ++seen[to_hex(r.image.at(static_cast<int>(c[0]) + dx, static_cast<int>(c[1]) + dy))];
  EXPECT_GT(seen[to_hex(kAes)], 100);
  EXPECT_GT(seen[to_hex(kEcowas)], 100);
}

TEST(Render, ParisIsAFormerPartnerWithNaturalEarthsMinus99France) {
  const Rendered r = render("europe", {"--boundaries", shared("naturalearth/ne_50m_admin_0_countries.json"), "--bbox",
                                       "-20,0,30,55", "--date", "2026-11-22"});
  EXPECT_EQ(to_hex(at(r, 2.35, 48.86)), to_hex(kFormerPartner)) << "Paris";
  EXPECT_EQ(to_hex(at(r, 2.1167, 13.5167)), to_hex(kAes)) << "Niamey";
}

TEST(Render, SvgAndPdfAreProducedAndRender) {
  const fs::path dir = fresh_dir("vector");
  for (const char* ext : {"svg", "pdf"}) {
    const fs::path out = dir / (std::string("map.") + ext), layout = dir / (std::string(ext) + ".json");
    const RunResult r = run_sahelmap({"render", "-o", out.string(), "--size", "1000x700", "--dpi", "96", "--date",
                                      "2026-11-22", "--debug-layout", layout.string(), "--no-events", "--no-labels"});
    ASSERT_EQ(r.code, 0) << r.err;
    const fs::path png = dir / (std::string(ext) + ".png");
    const std::string cmd = std::string(ext) == "svg" ? "rsvg-convert -o '" + png.string() + "' '" + out.string() + "'"
                                                      : "pdftoppm -r 96 -singlefile -png '" + out.string() + "' '" +
                                                            (dir / "pdf").string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const Image img = read_png(png);
    EXPECT_EQ(img.width, 1000) << ext;
    const auto p = Locator(layout).pixel(2.1167, 13.5167);
    const Rgb c = img.at(static_cast<int>(p[0]), static_cast<int>(p[1]));
    EXPECT_NEAR(c.r, kAes.r, 3) << ext;
    EXPECT_NEAR(c.g, kAes.g, 3) << ext;
    EXPECT_NEAR(c.b, kAes.b, 3) << ext;
  }
  const std::string svg = slurp(dir / "map.svg");
  EXPECT_NE(svg.find("<title>Who stands where in the Sahel</title>"), std::string::npos);
}

TEST(Render, SameInputsGiveTheSameBytes) {
  const fs::path dir = fresh_dir("determinism");
  for (const char* ext : {"png", "svg", "pdf"}) {
    std::string first;
    for (int i = 0; i < 2; ++i) {
      const fs::path out = dir / (std::to_string(i) + "." + ext);
      const RunResult r =
          run_sahelmap({"render", "-o", out.string(), "--size", "600x420", "--dpi", "96", "--date", "2024-08-06"});
      ASSERT_EQ(r.code, 0) << r.err;
      if (i == 0)
        first = slurp(out);
      else
        EXPECT_TRUE(first == slurp(out)) << ext << " differs between two runs";
    }
  }
}

TEST(Render, InfoListsBlocsOnTheDate) {
  const RunResult r = run_sahelmap({"info", "--date", "2023-07-01"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("241 read, 241 joined"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\nAES"), std::string::npos) << "no AES before 2023-09-16";
  EXPECT_NE(r.out.find("\nECOWAS"), std::string::npos);
  const RunResult j = run_sahelmap({"info", "--json", "--date", "2024-01-01"});
  ASSERT_EQ(j.code, 0) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["countries"]["NER"]["fill"], "#c0392b");
  EXPECT_EQ(doc["countries"]["NER"]["hatch"], "#9cc8e6");  // ECOWAS, suspended since 2023-12-10
}

TEST(Render, HelpHasExamplesAndExitsZero) {
  const RunResult r = run_sahelmap({"--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos);
  EXPECT_NE(run_sahelmap({"render", "--help"}).out.find("--bbox"), std::string::npos);
}
