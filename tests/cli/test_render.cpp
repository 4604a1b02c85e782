// End to end through the CLI: render, read the pixels back, check who is where.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_run.hpp"
#include "cli/inputs.hpp"
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
  EXPECT_NE(svg.find(">Who stands where in the Sahel</title>"), std::string::npos);
}

// The share of pixels whose channels all lie within `tolerance` of the other image's.
static double agreement(const Image& a, const Image& b, int tolerance) {
  if (a.width != b.width || a.height != b.height) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.rgba.size(); i += 4)
    same += std::abs(a.rgba[i] - b.rgba[i]) <= tolerance && std::abs(a.rgba[i + 1] - b.rgba[i + 1]) <= tolerance &&
            std::abs(a.rgba[i + 2] - b.rgba[i + 2]) <= tolerance;
  return static_cast<double>(same) / (a.rgba.size() / 4);
}

// The twin of the test above with what users get: names, capitals, events, callouts and the
// magnifier on. Our SVG writer (live text) drawn by librsvg, and the PDF drawn by poppler, agree
// with the PNG the painter draws (text edges differ by antialiasing, hence the tolerance).
TEST(Render, SvgAndPdfAgreeWithThePngWithNamesAndEvents) {
  const fs::path dir = fresh_dir("vector-agree");
  for (const auto& [name, extra] : {std::pair<std::string, std::vector<std::string>>{"default", {}},
                                    {"world", {"--bbox", "-180,-60,180,85", "--date", "2024-02-01"}},
                                    {"french", {"--lang", "fr", "--date", "2023-10-01"}}}) {
    std::map<std::string, Image> drawn;
    for (const char* ext : {"png", "svg", "pdf"}) {
      const fs::path out = dir / (name + "." + ext);
      auto args = std::vector<std::string>{"render", "-o", out.string()};  // the default size, 2000x1400
      args.insert(args.end(), extra.begin(), extra.end());
      const RunResult r = run_sahelmap(args);
      ASSERT_EQ(r.code, 0) << r.err;
      const fs::path png = dir / (name + "-" + ext + ".png");
      std::string cmd;
      if (std::string(ext) == "svg") cmd = "rsvg-convert -o '" + png.string() + "' '" + out.string() + "'";
      if (std::string(ext) == "pdf")
        cmd = "pdftoppm -r 150 -singlefile -png '" + out.string() + "' '" + (dir / (name + "-pdf")).string() + "'";
      if (!cmd.empty()) ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
      drawn[ext] = read_png(cmd.empty() ? out : png);
    }
    const double svg = agreement(drawn["png"], drawn["svg"], 24), pdf = agreement(drawn["png"], drawn["pdf"], 24);
    std::printf("%s: SVG (rsvg-convert) agrees with the PNG on %.2f%% of pixels, PDF (pdftoppm) on %.2f%%\n",
                name.c_str(), 100 * svg, 100 * pdf);
    EXPECT_GE(svg, 0.95) << name;
    // Poppler rasterizes text and hairlines its own way (FreeType hinting): a looser bound, which
    // still fails for a missing layer, a wrong page size or text drawn elsewhere.
    EXPECT_GE(pdf, 0.92) << name;
  }
}

// PDF for print: every font embedded and subset, the words still text, the page from the preset.
TEST(Render, PdfKeepsTextInEmbeddedSubsetFontsOnThePresetsPage) {
  const fs::path dir = fresh_dir("pdf-print");
  const fs::path pdf = dir / "a3.pdf";
  ASSERT_EQ(run_sahelmap({"render", "--preset", "a3", "-o", pdf.string()}).code, 0);
  auto output = [](const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
      pclose(p);
    }
    return out;
  };
  const std::string fonts = output("pdffonts '" + pdf.string() + "'");
  std::istringstream lines(fonts);
  int listed = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
    ++listed;
    EXPECT_NE(line.find(" yes yes "), std::string::npos) << "not embedded and subset: " << line;
    EXPECT_NE(line.find('+'), std::string::npos) << "no subset tag: " << line;
  }
  EXPECT_GE(listed, 2) << fonts;
  const std::string text = output("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
  EXPECT_NE(text.find("Who stands where in the Sahel"), std::string::npos);
  EXPECT_NE(text.find("Niamey"), std::string::npos);
  EXPECT_NE(output("pdfinfo '" + pdf.string() + "'").find("(A3)"), std::string::npos) << "page is not A3";
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

// Prepared boundaries are kept between runs; a changed input, a changed country table and a
// corrupted cache file each make the next run prepare them again (and say the same).
TEST(BoundaryCache, ChangedInputChangedTableAndCorruptFileRebuild) {
  const fs::path dir = fresh_dir("boundary-cache");
  const fs::path cache = dir / "cache";
  ::setenv("SAHELMAP_BOUNDARY_CACHE", cache.c_str(), 1);
  const fs::path data = dir / "countries.json", table = dir / "countries.csv";
  fs::copy_file(world_atlas("countries-110m.json"), data);
  fs::copy_file(countries_csv(), table);
  auto info = [&] {
    const RunResult r = run_sahelmap({"info", "--json", "--boundaries", data.string(), "--countries", table.string()});
    EXPECT_EQ(r.code, 0) << r.err;
    return r.out;
  };
  auto entries = [&] {
    std::vector<fs::path> e;
    for (const auto& f : fs::directory_iterator(cache)) e.push_back(f.path());
    return e;
  };
  const std::string first = info();
  ASSERT_EQ(entries().size(), 1u);
  const fs::path entry = entries()[0];
  const std::string kept = slurp(entry);
  EXPECT_EQ(info(), first) << "from the cache";
  EXPECT_EQ(entries().size(), 1u);
  // A flipped byte: not trusted, prepared again and written back whole.
  std::string bad = kept;
  bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 1);
  std::ofstream(entry, std::ios::binary | std::ios::trunc) << bad;
  EXPECT_EQ(info(), first) << "after corruption";
  EXPECT_EQ(slurp(entry), kept) << "the damaged entry is rebuilt";
  // Changed data, changed table: entries of their own.
  std::ofstream(data, std::ios::app) << "\n";
  EXPECT_EQ(info(), first);
  EXPECT_EQ(entries().size(), 2u) << "changed input";
  std::ofstream(table, std::ios::app) << "\n";
  EXPECT_EQ(info(), first);
  EXPECT_EQ(entries().size(), 3u) << "changed table";
  ::unsetenv("SAHELMAP_BOUNDARY_CACHE");
}

// The default boundaries follow the map's scale: 1:10m for print presets and zoomed-in views,
// 1:50m for regional and world screen maps; the footnote says which.
TEST(DefaultData, ScaleFollowsThePage) {
  using sahelmap::cli::natural_earth_scale;
  const sahelmap::geom::Box sahel{-26, 1, 30, 28}, world{-180, -60, 180, 85}, niamey{1.5, 13, 2.6, 14};
  EXPECT_EQ(natural_earth_scale(sahel, 2000, 1400, 150), "50m");  // the default poster
  EXPECT_EQ(natural_earth_scale(sahel, 1080, 1080, 108), "50m");  // social
  EXPECT_EQ(natural_earth_scale(sahel, 4961, 3508, 300), "10m");  // A3 print
  EXPECT_EQ(natural_earth_scale(world, 1200, 840, 96), "50m");    // world on a screen
  EXPECT_EQ(natural_earth_scale(world, 1200, 840, 300), "50m");   // a small world in print
  EXPECT_EQ(natural_earth_scale(world, 7016, 4961, 300), "10m");  // world in print, A2
  EXPECT_EQ(natural_earth_scale(niamey, 800, 600, 96), "10m");    // zoomed in
  const fs::path dir = fresh_dir("scale");
  const RunResult r = run_sahelmap({"render", "--bbox", "1.5,13,2.6,14", "--size", "800x600", "--dpi", "96", "-o",
                                    (dir / "n.png").string(), "--debug-layout", (dir / "n.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(slurp(dir / "n.json"));
  std::string footnote;
  for (const auto& g : j["groups"])
    if (g["kind"] == "footnote") footnote = g["text"];
  EXPECT_NE(footnote.find("Natural Earth 1:10m"), std::string::npos) << footnote;
}
