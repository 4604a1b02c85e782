// World maps far from Greenwich, the orthographic's visible hemisphere, polar projections and Web
// Mercator's clamp, checked by reading the pixels at known land and ocean points: Russia, Fiji and
// Antarctica draw whole, and nothing streaks across the map.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_run.hpp"
#include "test_paths.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;

namespace {
const std::string kLand = "#d5d8dc", kSea = "#dfe8ee", kSpace = "#ffffff", kPartner = "#7d3c98", kFormer = "#c9a8d8",
                  kAes = "#c0392b";

struct Map {
  Image image;
  Locator where;
  std::string at(double lon, double lat) const {
    const auto p = where.pixel(lon, lat);
    return to_hex(image.at(static_cast<int>(p[0]), static_cast<int>(p[1])));
  }
};

Map render(const std::string& name, const std::string& crs, const char* bbox = "-180,-90,180,90") {
  const fs::path dir = fresh_dir("proj-" + name);
  std::vector<std::string> args{"render",
                                "-o",
                                (dir / "map.png").string(),
                                "--debug-layout",
                                (dir / "l.json").string(),
                                "--bbox",
                                bbox,
                                "--size",
                                "1200x900",
                                "--dpi",
                                "96",
                                "--date",
                                "2026-11-22",
                                "--no-labels",
                                "--no-events",
                                "--no-inset"};
  if (!crs.empty()) args.insert(args.end(), {"--crs", crs});
  const RunResult r = run_sahelmap(args);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;  // nothing left out
  return {read_png(dir / "map.png"), Locator(dir / "l.json")};
}
}  // namespace

TEST(Projections, WorldCentredOn150East) {
  const Map m = render("eqearth150", "+proj=eqearth +lon_0=150 +datum=WGS84");
  EXPECT_EQ(m.at(100, 60), kPartner) << "Russia";
  EXPECT_EQ(m.at(-172, 66), kPartner) << "Chukotka, Russia east of 180";
  EXPECT_EQ(m.at(178.0, -17.8), kLand) << "Viti Levu, Fiji";
  EXPECT_EQ(m.at(30, -80), kLand) << "Antarctica";
  EXPECT_EQ(m.at(-100, -80), kLand) << "Antarctica across the map";
  // Oceans where a polygon jumping across the map would have painted a streak.
  for (const auto& [lon, lat] : {std::pair{-160.0, 72.0},
                                 {-150.0, 0.0},
                                 {-170.0, 45.0},
                                 {170.0, 30.0},
                                 {-120.0, -55.0},
                                 {160.0, -60.0},
                                 {-40.0, 10.0},
                                 {-145.0, 55.0}})
    EXPECT_EQ(m.at(lon, lat), kSea) << lon << "," << lat;
}

TEST(Projections, AcrossTheAntimeridianFijiAndChukotkaAreWhole) {
  // East beyond 180: the bbox runs across the antimeridian (default CRS centred on it).
  const Map fiji = render("fiji", "", "176,-20,184,-14");
  EXPECT_EQ(fiji.at(178.0, -17.8), kLand) << "Viti Levu";
  EXPECT_EQ(fiji.at(179.3, -16.55), kLand) << "Vanua Levu, west of 180";
  EXPECT_EQ(fiji.at(-179.93, -16.83), kLand) << "Taveuni, east of 180";
  EXPECT_EQ(fiji.at(177.0, -15.0), kSea) << "Pacific";
  EXPECT_EQ(fiji.at(-178.5, -19.5), kSea) << "Pacific east of 180";
  const Map chukotka = render("chukotka", "", "160,55,200,72");
  EXPECT_EQ(chukotka.at(175, 66), kPartner) << "Chukotka west of 180";
  EXPECT_EQ(chukotka.at(-175, 66), kPartner) << "Chukotka east of 180";
  EXPECT_EQ(chukotka.at(-170, 58), kSea) << "Bering Sea";
}

// A Pacific box in a CRS the user gives, Web Mercator or plate carrée: the same projection centred
// on the box, both sides of 180 drawn (it used to draw the whole world or half a map, then was
// refused). The plate carrée run gives the box as GeoJSON does, west > east (it used to be refused).
TEST(Projections, PacificBoxInWebMercatorAndPlateCarreeIsCentredOnTheBox) {
  for (const auto& [crs, box] : {std::pair{"EPSG:3857", "150,-50,200,10"}, std::pair{"EPSG:4326", "150,-50,-160,10"}}) {
    const fs::path dir = fresh_dir(std::string("pacific-") + (crs[5] == '3' ? "merc" : "lonlat"));
    const RunResult r =
        run_sahelmap({"render", "-o", (dir / "map.png").string(), "--debug-layout", (dir / "l.json").string(), "--bbox",
                      box, "--crs", crs, "--size", "1000x700", "--dpi", "96", "--date", "2026-11-22", "--no-labels",
                      "--no-events", "--no-inset"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("centred on the box"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(std::string("no longer ") + crs), std::string::npos) << r.err;
    const Map m{read_png(dir / "map.png"), Locator(dir / "l.json")};
    EXPECT_NE(m.where.crs().find("+lon_0=175"), std::string::npos) << m.where.crs();
    EXPECT_EQ(m.at(135, -25), kLand) << crs << ": Australia";
    EXPECT_EQ(m.at(176, -38.6), kLand) << crs << ": New Zealand's North Island";
    EXPECT_EQ(m.at(160, -30), kSea) << crs << ": Tasman Sea";
    EXPECT_EQ(m.at(-165, -20), kSea) << crs << ": Pacific east of 180";
    EXPECT_EQ(m.at(-155, 5), kSea) << crs << ": Pacific at the box's north-east corner";
  }
}

TEST(Projections, OrthographicShowsTheVisibleHemisphereOnly) {
  const Map m = render("ortho", "+proj=ortho +lon_0=10 +lat_0=20 +datum=WGS84");
  EXPECT_EQ(m.at(40, 55), kPartner) << "Russia, near the horizon";
  EXPECT_EQ(m.at(8, 17), kAes) << "Niger";
  EXPECT_EQ(m.at(-20, 0), kSea) << "Atlantic";
  EXPECT_EQ(m.at(40, -50), kSea) << "Southern Ocean towards the horizon";
  EXPECT_EQ(to_hex(m.image.at(2, m.image.height / 2 - 60)), kSpace) << "outside the globe: space, not sea";
}

TEST(Projections, SouthPoleOrthographic) {
  const Map m = render("ortho-south", "+proj=ortho +lat_0=-90 +lon_0=0 +datum=WGS84");
  EXPECT_EQ(m.at(0, -80), kLand) << "Antarctica";
  EXPECT_EQ(m.at(120, -85), kLand) << "Antarctica";
  EXPECT_EQ(m.at(0, -60), kSea) << "Southern Ocean";
  EXPECT_EQ(m.at(135, -25), kLand) << "Australia, at the horizon's side";
}

TEST(Projections, PolarStereographics) {
  const Map north = render("stere-north", "+proj=stere +lat_0=90 +lat_ts=70 +lon_0=0 +datum=WGS84");
  EXPECT_EQ(north.at(100, 65), kPartner) << "Russia";
  EXPECT_EQ(north.at(-40, 72), kLand) << "Greenland";
  EXPECT_EQ(north.at(0, 88), kSea) << "Arctic Ocean";
  EXPECT_EQ(north.at(-150, 64), kFormer) << "Alaska";
  const Map south = render("stere-south", "EPSG:3031");
  EXPECT_EQ(south.at(0, -80), kLand) << "Antarctica";
  EXPECT_EQ(south.at(-65, -30), kLand) << "Argentina, far from the pole";
  EXPECT_EQ(south.at(0, -55), kSea) << "Southern Ocean";
}

TEST(Projections, WebMercatorStopsAt85) {
  const Map m = render("mercator", "EPSG:3857");
  const auto top = m.where.pixel(0, 85.0511);
  const auto beyond = m.where.pixel(0, 86);
  EXPECT_NEAR(top[1], 0.0 + m.where.pixel(0, 85.05)[1], 1.0);
  EXPECT_EQ(to_hex(m.image.at(static_cast<int>(top[0]), static_cast<int>(top[1]) + 2)), kSea)
      << "Arctic under the edge";
  EXPECT_NE(to_hex(m.image.at(static_cast<int>(beyond[0]), static_cast<int>(beyond[1]) - 2)), kSea)
      << "no sea above 85.05";
  EXPECT_EQ(m.at(0, -80), kLand) << "Antarctica";
  EXPECT_EQ(m.at(100, 60), kPartner) << "Russia";
}
