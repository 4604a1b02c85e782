// The editorial poster read back: goldens, layout without overlaps, legend = what is drawn,
// scale bar true at the centre, accents, alt text and provenance, event inputs.
#include <gdal_utils.h>
#include <gtest/gtest.h>
#include <proj.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "cli/cli_run.hpp"
#include "test_paths.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Poster {
  RunResult run;
  fs::path file, layout_path;
  json layout;
};

Poster render(const std::string& name, const std::string& ext, std::vector<std::string> extra) {
  const fs::path dir = fresh_dir("poster-" + name);
  Poster p;
  p.file = dir / ("poster." + ext);
  p.layout_path = dir / "layout.json";
  std::vector<std::string> args{"render", "-o", p.file.string(), "--debug-layout", p.layout_path.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  p.run = run_sahelmap(args);
  EXPECT_EQ(p.run.code, 0) << p.run.err;
  if (p.run.code == 0) p.layout = json::parse(slurp(p.layout_path));
  return p;
}

// The three goldens of the poster, each at a fixed date.
const std::vector<std::string> kDefault{"--date", "2026-11-22", "--size", "1200x840", "--dpi", "96"};
const std::vector<std::string> kFrench{
    "--date",   "2023-10-01", "--lang", "fr",           "--size",
    "1000x700", "--dpi",      "96",     "--boundaries", world_atlas("countries-110m.json")};
const std::vector<std::string> kDarkSocial{"--date", "2026-11-22", "--preset", "social", "--style", "dark"};

// SVG compared as text with numbers rounded to a tenth: what matters, not float noise.
std::string normalize_svg(const std::string& svg) {
  static const std::regex number(R"((-?\d+\.\d+))");
  std::string out;
  std::sregex_iterator it(svg.begin(), svg.end(), number), end;
  std::size_t last = 0;
  for (; it != end; ++it) {
    out.append(svg, last, it->position() - last);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", std::stod(it->str()));
    out += std::string(buf) == "-0.0" ? "0.0" : buf;
    last = it->position() + it->length();
  }
  out.append(svg, last);
  return out;
}

std::vector<std::pair<std::string, json>> boxes_of(const json& layout, const std::set<std::string>& kinds) {
  std::vector<std::pair<std::string, json>> out;
  for (const auto& b : layout["boxes"])
    if (kinds.count(b["kind"]))
      out.push_back({b["kind"].get<std::string>() + " " + b["text"].get<std::string>(), b["rect"]});
  return out;
}

bool overlap(const json& a, const json& b) {
  const double ax = a[0], ay = a[1], aw = a[2], ah = a[3], bx = b[0], by = b[1], bw = b[2], bh = b[3];
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

}  // namespace

TEST(PosterGolden, DefaultPoster) {
  const Poster p = render("golden-default", "png", kDefault);
  expect_png_golden(p.file, "default-poster.png");
}

TEST(PosterGolden, FrenchPosterSvg) {
  const Poster p = render("golden-french", "svg", kFrench);
  const fs::path golden = fs::path(SAHELMAP_SOURCE_DIR) / "tests" / "golden" / "french-poster.svg";
  const std::string got = normalize_svg(slurp(p.file));
  if (updating_goldens()) {
    std::ofstream(golden, std::ios::binary) << got;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << "run scripts/update-goldens.sh";
  EXPECT_TRUE(got == slurp(golden)) << "normalized SVG differs from " << golden
                                    << " (if the change is intended: scripts/update-goldens.sh)";
}

TEST(PosterGolden, DarkSocialCard) {
  const Poster p = render("golden-dark", "png", kDarkSocial);
  const Image img = read_png(p.file);
  EXPECT_EQ(img.width, 1080);
  EXPECT_EQ(img.height, 1080);
  expect_png_golden(p.file, "dark-social-card.png");
}

TEST(PosterGolden, WorldPoster) {
  const Poster p = render("golden-world", "png",
                          {"--date", "2026-11-22", "--size", "1200x840", "--dpi", "96", "--bbox", "-180,-60,180,85"});
  expect_png_golden(p.file, "world-poster.png");
}

TEST(PosterLayout, NothingPlacedOverlaps) {
  const std::set<std::string> kinds{"label",  "capital", "callout",   "closeup",     "marker", "event_numbers",
                                    "legend", "inset",   "scale_bar", "north_arrow", "partner"};
  for (const auto& [name, args] : {std::pair{"default", kDefault}, {"french", kFrench}, {"dark", kDarkSocial}}) {
    auto a = args;
    a.push_back("--north-arrow");
    const Poster p = render(std::string("overlap-") + name, "png", a);
    const auto boxes = boxes_of(p.layout, kinds);
    EXPECT_GT(boxes.size(), 10u) << name;
    for (std::size_t i = 0; i < boxes.size(); ++i)
      for (std::size_t j = i + 1; j < boxes.size(); ++j)
        EXPECT_FALSE(overlap(boxes[i].second, boxes[j].second))
            << name << ": " << boxes[i].first << " / " << boxes[j].first;
    // Everything inside the map frame stays inside it.
    const json& f = p.layout["map"]["frame"];
    for (const auto& [what, r] : boxes) {
      // A legend too large for the map has a column of its own beside it.
      if (what.rfind("legend", 0) == 0 && double(r[0]) >= double(f[0]) + double(f[2])) continue;
      EXPECT_GE(double(r[0]), double(f[0]) - 0.5) << what;
      EXPECT_LE(double(r[0]) + double(r[2]), double(f[0]) + double(f[2]) + 0.5) << what;
    }
    EXPECT_GE(p.layout["min_label_contrast"].get<double>(), 4.5) << name;
  }
}

// A view around the antipode of Mali: the default Lambert azimuthal (centred at 175 E, 20 S), the
// azimuthal equidistant, with names and events on. Mali encloses the projection's antipode; it used
// to come out inside out and fill the whole Pacific, labelled "Mali", the legend saying AES.
TEST(PosterLayout, TheAntipodeOfTheCentreIsNotTurnedInsideOut) {
  for (const char* crs : {"", "+proj=aeqd +lat_0=-20 +lon_0=175 +datum=WGS84 +units=m +no_defs"}) {
    std::vector<std::string> args{"--bbox", "150,-50,200,10", "--size", "1200x840", "--dpi", "96"};
    if (*crs) args.insert(args.end(), {"--crs", crs});
    const Poster p = render(std::string("antipode-") + (*crs ? "aeqd" : "laea"), "png", args);
    const Image img = read_png(p.file);
    const json& f = p.layout["map"]["frame"];
    std::map<std::string, long> seen;
    long all = 0;
    for (int y = int(f[1]) + 2; y < int(double(f[1]) + double(f[3])) - 2; ++y)
      for (int x = int(f[0]) + 2; x < int(double(f[0]) + double(f[2])) - 2; ++x) ++seen[to_hex(img.at(x, y))], ++all;
    EXPECT_EQ(seen["#c0392b"], 0) << crs << ": AES red in the Pacific";
    EXPECT_GT(seen["#dfe8ee"], all / 2) << crs << ": the Pacific is sea";
    for (const auto& e : p.layout["legend_entries"])
      EXPECT_EQ(e["fill"].get<std::string>(), e["fill"] == "#c0392b" ? "none" : e["fill"].get<std::string>())
          << crs << ": the legend lists " << e["label"];
    for (const auto& l : p.layout["labels"]) EXPECT_NE(l["text"], "Mali") << crs;
  }
}

TEST(PosterLayout, LegendListsExactlyTheBlocsDrawn) {
  for (const char* date : {"2026-11-22", "2023-10-01", "2023-07-01"}) {
    const Poster p = render(std::string("legend-") + date, "png",
                            {"--date", date, "--size", "1200x840", "--dpi", "96", "--no-labels", "--no-events"});
    const Image img = read_png(p.file);
    const json& f = p.layout["map"]["frame"];
    std::map<std::string, long> seen;
    for (int y = int(f[1]) + 2; y < int(double(f[1]) + double(f[3])) - 2; ++y)
      for (int x = int(f[0]) + 2; x < int(double(f[0]) + double(f[2])) - 2; ++x) ++seen[to_hex(img.at(x, y))];
    std::set<std::string> legend_fills;
    for (const auto& e : p.layout["legend_entries"]) {
      legend_fills.insert(e["fill"]);
      EXPECT_GT(seen[e["fill"]], 200) << date << ": legend shows " << e["label"] << " but the map does not";
    }
    // Every bloc colour of the style that the map shows is in the legend.
    for (const char* c : {"#c0392b", "#2874a6", "#9cc8e6", "#7d3c98", "#c9a8d8"})
      if (seen[c] > 2000) EXPECT_TRUE(legend_fills.count(c)) << date << ": " << c << " drawn but not in the legend";
  }
}

TEST(PosterLayout, ScaleBarIsTrueAtTheMapCentre) {
  const Poster p = render("scale", "png", kDefault);
  const json& f = p.layout["map"]["frame"];
  const json& e = p.layout["map"]["extent"];
  const double scale = p.layout["map"]["scale"];
  const double cx = double(f[0]) + double(f[2]) / 2;
  // Independently of the product: map centre +-50 px, back to lon/lat with PROJ, geodesic length.
  PJ_CONTEXT* ctx = proj_context_create();
  const std::string crs = p.layout["crs"].get<std::string>() + " +type=crs";
  PJ* op = proj_create_crs_to_crs(ctx, "OGC:CRS84", crs.c_str(), nullptr);
  PJ* norm = proj_normalize_for_visualization(ctx, op);
  const double mx = double(e[0]) + (cx - double(f[0])) / scale;
  const double my = (double(e[1]) + double(e[3])) / 2;
  PJ_COORD a = proj_trans(norm, PJ_INV, proj_coord(mx - 50 / scale, my, 0, 0));
  PJ_COORD b = proj_trans(norm, PJ_INV, proj_coord(mx + 50 / scale, my, 0, 0));
  PJ* geod = proj_create(ctx, "+proj=longlat +datum=WGS84");
  a = proj_coord(proj_torad(a.lp.lam), proj_torad(a.lp.phi), 0, 0);
  b = proj_coord(proj_torad(b.lp.lam), proj_torad(b.lp.phi), 0, 0);
  const double metres_per_px = proj_lp_dist(geod, a, b) / 100;
  proj_destroy(geod);
  proj_destroy(norm);
  proj_destroy(op);
  proj_context_destroy(ctx);
  const json& bar = p.layout["scale_bar"];
  EXPECT_NEAR(bar["metres_per_px"].get<double>() / metres_per_px, 1.0, 0.01);
  EXPECT_NEAR(bar["px"].get<double>() / (bar["km"].get<double>() * 1000 / metres_per_px), 1.0, 0.01);
  const double km = bar["km"];
  const double mantissa = km / std::pow(10, std::floor(std::log10(km)));
  EXPECT_TRUE(mantissa == 1 || mantissa == 2 || mantissa == 5) << km;
}

// In UTM zone 31 the legend takes the top-left corner, where the United States' bearing meets
// the frame: its arrow goes further along the edge rather than being left off.
TEST(PosterLayout, EveryPartnerHasItsArrowWhereverTheLegendIs) {
  const Poster p = render("utm-partners", "png", {"--date", "2026-11-22", "--crs", "EPSG:32631"});
  std::set<std::string> arrows;
  for (const auto& m : p.layout["partners"]) arrows.insert(m["name"]);
  for (const char* n : {"Russia", "France", "United States of America"}) EXPECT_TRUE(arrows.count(n)) << n;
}

// A bloc member whose middle holds a capital's marker and name is named wherever inside it is
// still free once the markers and words have their places: on the social card Benin and Côte
// d'Ivoire were left unnamed, then Burkina Faso (its middle is Ouagadougou's marker and name: it
// goes on two lines above them).
TEST(PosterLayout, MembersNamedAroundTheMarkers) {
  const Poster p = render("members-named", "png", kDarkSocial);
  std::set<std::string> names;
  for (const auto& l : p.layout["labels"]) names.insert(l["text"]);
  for (const char* n :
       {"Mali", "Niger", "Burkina Faso", "Nigeria", "Ghana", "Benin", "Côte d'Ivoire", "Guinea", "Senegal"})
    EXPECT_TRUE(names.count(n)) << n;
}

// A capital's name sits beside its dot, or further off joined to it by a line from the dot to the
// name's box: on the social card's crowded coast Freetown's name sat nearer Monrovia's dot.
TEST(PosterLayout, CapitalsNamesBesideTheirDotsOrJoinedToThem) {
  for (const auto& args : {kDarkSocial, kDefault}) {
    const Poster p = render("capital-ticks", "png", args);
    int joined = 0;
    for (const auto& l : p.layout["labels"]) {
      if (l["kind"] != "capital" || !l.contains("dot")) continue;
      const double x = l["rect"][0], y = l["rect"][1], w = l["rect"][2], h = l["rect"][3];
      const double dx = l["dot"][0], dy = l["dot"][1];
      const double gap = std::hypot(std::max({x - dx, 0.0, dx - x - w}), std::max({y - dy, 0.0, dy - y - h}));
      if (gap <= 0.6 * h) continue;
      ASSERT_TRUE(l.contains("leader")) << l["text"] << " is " << gap << " px from its dot with no line";
      const double ex = l["leader"][1][0], ey = l["leader"][1][1];
      EXPECT_TRUE(ex >= x - 0.5 && ex <= x + w + 0.5 && ey >= y - 0.5 && ey <= y + h + 0.5) << l["text"];
      EXPECT_LT(std::hypot(double(l["leader"][0][0]) - dx, double(l["leader"][0][1]) - dy), 0.6 * h) << l["text"];
      ++joined;
    }
    if (args == kDarkSocial) EXPECT_GE(joined, 2);  // Freetown and Monrovia at least
  }
}

// A world map's magnifier panel names West Africa's members: the main map does not name them again
// (a small "Mali" at the window's edge did, over the partners' arcs).
TEST(PosterLayout, NamesOnceBesideTheMagnifier) {
  const Poster p = render("world-once", "png", {"--date", "2026-11-22", "--bbox", "-180,-60,180,85"});
  std::map<std::string, int> times;
  for (const auto& l : p.layout["labels"]) ++times[l["text"].get<std::string>()];
  for (const char* n : {"Mali", "Niger", "Burkina Faso"}) EXPECT_EQ(times[n], 1) << n;
  for (const auto& [n, k] : times) EXPECT_EQ(k, 1) << n;
}

TEST(PosterLayout, FrenchNamesWithAccentsRender) {
  const Poster p = render("accents", "png", kFrench);
  std::set<std::string> names;
  for (const auto& l : p.layout["labels"]) names.insert(l["text"]);
  // (At this small size the legend sits over Chad and the Gao callout over Algeria.)
  for (const char* n : {"Guinée", "Égypte", "Sénégal", "Bénin", "Côte d'Ivoire"}) EXPECT_TRUE(names.count(n)) << n;
  EXPECT_EQ(p.layout["unknown_glyphs"].get<int>(), 0);  // every accent has a glyph
  std::vector<std::string> legend = p.layout["legend"];
  EXPECT_TRUE(std::find(legend.begin(), legend.end(), "Membre de la CEDEAO") != legend.end());
}

TEST(PosterLayout, SameInputsSameBytes) {
  for (const char* ext : {"png", "svg", "pdf"}) {
    const Poster a = render(std::string("det-a-") + ext, ext, kDefault);
    const Poster b = render(std::string("det-b-") + ext, ext, kDefault);
    EXPECT_TRUE(slurp(a.file) == slurp(b.file)) << ext;
  }
}

TEST(PosterContent, AltTextAndProvenance) {
  const fs::path dir = fresh_dir("alt");
  const fs::path svg = dir / "map.svg", alt = dir / "map.txt";
  auto args = std::vector<std::string>{"render", "-o", svg.string(), "--alt-text", alt.string()};
  args.insert(args.end(), kDefault.begin(), kDefault.end());
  ASSERT_EQ(run_sahelmap(args).code, 0);
  const std::string text = slurp(alt), doc = slurp(svg);
  EXPECT_NE(text.find("Confederation of Sahel States (AES): Burkina Faso, Mali and Niger."), std::string::npos) << text;
  EXPECT_NE(text.find("ECOWAS member, suspended: Guinea-Bissau."), std::string::npos) << text;
  EXPECT_NE(text.find("not on this map: Russia"), std::string::npos) << text;
  EXPECT_NE(text.find("Russian flags raised on 15 Niamey roundabouts"), std::string::npos) << text;
  EXPECT_NE(doc.find("<desc id=\"map-desc\">Map of West Africa and the Sahel on 22 November 2026."), std::string::npos);
  // Every event's source and date travel with the SVG.
  const json events = json::parse(slurp(source("shapes/events.geojson")));  // outlives the loop
  for (const auto& f : events["features"]) {
    const std::string place = f["properties"]["place"];
    if (place == "Paris" || place == "Brussels" || place == "Washington" || place == "Moscow") continue;
    EXPECT_NE(doc.find("date=\"" + f["properties"]["date"].get<std::string>() + "\""), std::string::npos);
    std::string src = f["properties"]["source"];
    src = std::regex_replace(src, std::regex("&"), "&amp;");
    EXPECT_NE(doc.find("source=\"" + src + "\""), std::string::npos) << src;
  }
}

TEST(PosterContent, EventsUpToTheDateOnly) {
  const Poster before = render("events-2023", "png", {"--date", "2023-07-31", "--size", "1200x840", "--dpi", "96"});
  for (const auto& e : before.layout["events"]) EXPECT_LE(e["date"].get<std::string>(), "2023-07-31");
  EXPECT_EQ(before.layout["events"].size(), 9u);  // up to the embassy attack (Paris is off the map)
  const Poster none = render("events-none", "png", {"--date", "2023-07-31", "--no-events"});
  EXPECT_TRUE(none.layout["events"].empty());
}

TEST(PosterContent, EventsFromCsvAndGeoPackage) {
  const fs::path dir = fresh_dir("events-in");
  std::ofstream(dir / "events.csv") << "title,date,category,place,lon,lat,source\n"
                                       "Test summit,2024-03-01,diplomacy,Niamey,2.1167,13.5167,https://example.org/a\n"
                                       "Test flags,2024-04-01,flags,Bamako,-8.0,12.65,https://example.org/b\n";
  const Poster csv = render("events-csv", "png", {"--events", (dir / "events.csv").string(), "--date", "2024-12-31"});
  ASSERT_EQ(csv.layout["events"].size(), 2u);
  EXPECT_EQ(csv.layout["events"][0]["title"], "Test summit");
  // The shipped events as a GeoPackage, converted with GDAL.
  GDALAllRegister();
  GDALDatasetH src = GDALOpenEx(source("shapes/events.geojson").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  const char* argv[] = {"-f", "GPKG", nullptr};
  GDALVectorTranslateOptions* o = GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
  GDALClose(GDALVectorTranslate((dir / "events.gpkg").c_str(), nullptr, 1, &src, o, nullptr));
  GDALVectorTranslateOptionsFree(o);
  GDALClose(src);
  const Poster gpkg =
      render("events-gpkg", "png", {"--events", (dir / "events.gpkg").string(), "--date", "2026-11-22"});
  const Poster geojson = render("events-geojson", "png", {"--date", "2026-11-22"});
  EXPECT_EQ(gpkg.layout["events"], geojson.layout["events"]);
}

TEST(PosterContent, BadEventsAndPresets) {
  const fs::path dir = fresh_dir("events-bad");
  std::ofstream(dir / "nodate.csv") << "title,date,category,place,lon,lat\nNo date,,coup,Niamey,2.1,13.5\n";
  std::ofstream(dir / "badcat.csv") << "title,date,category,place,lon,lat\nOdd,2024-01-01,party,Niamey,2.1,13.5\n";
  const fs::path out = dir / "map.png";
  RunResult r = run_sahelmap({"render", "-o", out.string(), "--events", (dir / "nodate.csv").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("nodate.csv: feature 1 (No date): no date"), std::string::npos) << r.err;
  r = run_sahelmap({"render", "-o", out.string(), "--events", (dir / "badcat.csv").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("unknown category 'party'"), std::string::npos) << r.err;
  r = run_sahelmap({"render", "-o", out.string(), "--preset", "billboard"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("preset 'billboard'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  const Poster wide = render("preset-wide", "png", {"--preset", "social-wide"});
  EXPECT_EQ(wide.layout["width"], 1200);
  EXPECT_EQ(wide.layout["height"], 675);
}
