// The outside partners' arrows on regional maps (issue 12.5), checked against an oracle of their
// own: PROJ's geodesics (GeographicLib's algorithms on the WGS84 ellipsoid; our placement uses a
// sphere). For each partner off the map, the arrow drawn on the frame's edge points along the
// initial geodesic bearing from the map's centre to its capital (the EU: Brussels), as the map's
// own projection shows that direction; its fill is the style's colour for the partner's role
// (partner, former, member); its words name it and give the distance to within rounding; it
// sits at the frame's edge. Over the default view, a view in UTM, the social card and a style
// that shows the EU, with names and events on.
#include <geodesic.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <variant>

#include "cli/cli_run.hpp"
#include "cli/inputs.hpp"
#include "cli/pixel_truth.hpp"
#include "data/events.hpp"
#include "proj/projection.hpp"
#include "render/poster.hpp"
#include "util/paths.hpp"

using namespace sahelmap;
namespace fs = std::filesystem;

namespace {

geom::Point capital(const std::string& code) {
  for (const auto& p : test::default_world().places)
    if (p.country == code && p.kind == "capital") return p.lonlat;
  ADD_FAILURE() << "no capital for " << code;
  return {};
}

// The default style with the EU shown as a group.
std::string eu_style() {
  std::ifstream in(data_paths().root / "styles" / "default.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string from = "show = false   # a style that wants the EU as a group sets this to true";
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "styles/default.toml no longer hides the EU that way";
  if (at != std::string::npos) text.replace(at, from.size(), "show = true");
  const fs::path path = fs::temp_directory_path() / "sahelmap-eu-style.toml";
  std::ofstream(path) << text;
  return path.string();
}

struct Case {
  std::string what;
  cli::MapOptions map;
  int width = 2000, height = 1400;
  double dpi = 150;
  std::set<std::string> partners;  // the codes that must have an arrow
};

double degrees_between(double a, double b) {
  double d = std::fmod(std::abs(a - b), 360.0);
  return d > 180 ? 360 - d : d;
}

void check(const Case& c) {
  const test::DefaultWorld& l = test::default_world();
  const cli::Inputs in = cli::load_inputs(c.map);
  const render::PosterRequest rq =
      test::poster_request(in, l.boundaries, l.events, l.places, c.map.lang, c.width, c.height, c.dpi);
  const render::PosterResult res = render::make_poster(rq, render::Format::Svg);
  const render::LayoutReport& rep = res.layout.report;
  const proj::Projection p(rep.crs);
  const render::Rect& f = rep.map_frame;
  const geom::Point centre = p.inverse(rep.view.to_map({f.x + f.w / 2, f.y + f.h / 2}));
  geod_geodesic wgs84;
  geod_init(&wgs84, 6378137, 1 / 298.257223563);
  std::set<std::string> seen;
  for (const render::Group& g : res.layout.list.groups) {
    if (g.part != render::Part::Partner) continue;
    const std::string code = g.key;
    seen.insert(code);
    const auto* arrow = std::get_if<render::FillShape>(&g.shapes.at(0));
    const auto* words = std::get_if<render::TextShape>(&g.shapes.at(1));
    ASSERT_TRUE(arrow && words) << c.what << ": " << code;
    // The oracle: the geodesic from the centre to the capital, and a step along it, projected.
    const geom::Point to = capital(code == "EU" ? "BEL" : code);
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&wgs84, centre.y, centre.x, to.y, to.x, &s12, &azi1, &azi2);
    double lat = 0, lon = 0;
    geod_direct(&wgs84, centre.y, centre.x, azi1, 50000, &lat, &lon, nullptr);
    const geom::Point a = rep.view.to_px(p.forward(centre)), b = rep.view.to_px(p.forward({lon, lat}));
    const double want = std::atan2(b.y - a.y, b.x - a.x) * 180 / M_PI;
    // The drawn arrow: from the notch at its back (the ring's third point) to its tip (the first).
    const geom::Ring& tri = arrow->polygons.at(0).rings.at(0);
    const double drawn = std::atan2(tri[0].y - tri[2].y, tri[0].x - tri[2].x) * 180 / M_PI;
    EXPECT_LT(degrees_between(drawn, want), 1.0)
        << c.what << ": " << code << "'s arrow points " << drawn << " deg on the page, its geodesic " << want;
    // Its colour is its role's.
    const data::Membership* role = nullptr;
    for (const data::Membership* m : in.blocs.on(in.date))
      if ((code == "EU" && m->bloc == "EU") || (m->bloc == "PARTNER" && m->country == code)) role = m;
    ASSERT_TRUE(role) << c.what << ": " << code << " is no partner on " << in.date.str();
    EXPECT_EQ(arrow->color.hex(), in.style.bloc(role->bloc)->fill_for(role->role).hex()) << c.what << ": " << code;
    // Its words: the name and the distance, rounded to 100 km.
    const std::string name =
        code == "EU" ? in.style.bloc("EU")->label_for("member", c.map.lang) : in.countries.find(code)->name(c.map.lang);
    EXPECT_NE(words->spec.text.find(name), std::string::npos) << c.what << ": " << words->spec.text;
    std::smatch m;
    std::string digits;
    const std::string text = words->spec.text;
    ASSERT_TRUE(std::regex_search(text, m, std::regex(R"(([0-9][0-9,\xe2\x80\xaf]*)\s*(\xc2\xa0)?km)")))
        << c.what << ": " << text;
    for (const char ch : m[1].str())
      if (ch >= '0' && ch <= '9') digits += ch;
    EXPECT_NEAR(std::stod(digits), s12 / 1000, 50 + 0.005 * s12 / 1000) << c.what << ": " << code << ": " << text;
    // At the frame's edge.
    const geom::Point tip = tri[0];
    const double edge = std::min({tip.x - f.x, f.x + f.w - tip.x, tip.y - f.y, f.y + f.h - tip.y});
    EXPECT_GE(edge, 0) << c.what << ": " << code << " outside the frame";
    EXPECT_LT(edge, 20 * c.dpi / 96) << c.what << ": " << code << "'s arrow is not at the edge";
  }
  for (const std::string& code : c.partners) EXPECT_TRUE(seen.count(code)) << c.what << ": no arrow for " << code;
}

}  // namespace

TEST(PartnerTruth, ArrowsPointTheGeodesicBearingInTheirRolesColour) {
  const std::string eu = eu_style();
  const std::vector<Case> cases = {
      {.what = "default 2026-11-22", .map = {.date = "2026-11-22"}, .partners = {"RUS", "FRA", "USA"}},
      {.what = "default 2023-07-01 fr", .map = {.date = "2023-07-01", .lang = "fr"}, .partners = {"RUS", "FRA", "USA"}},
      {.what = "UTM 31", .map = {.date = "2026-11-22", .crs = "EPSG:32631"}, .partners = {"RUS", "FRA", "USA"}},
      {.what = "social 2024-07-06",
       .map = {.date = "2024-07-06"},
       .width = 1080,
       .height = 1080,
       .dpi = 144,
       .partners = {"RUS", "FRA", "USA"}},
      {.what = "the EU shown", .map = {.date = "2026-11-22", .style = eu}, .partners = {"RUS", "FRA", "USA", "EU"}},
      {.what = "the EU shown, a box over the Gulf of Guinea",
       .map = {.date = "2023-07-01", .style = eu, .bbox = "-10,-5,15,12"},
       .partners = {"RUS", "FRA", "USA", "EU"}},
  };
  for (const Case& c : cases) check(c);
  fs::remove(eu);
}
