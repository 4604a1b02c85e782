#include <gtest/gtest.h>

#include "cli/options.hpp"
#include "util/error.hpp"

using namespace sahelmap::cli;
using sahelmap::UsageError;

TEST(Options, BboxParses) {
  EXPECT_EQ(parse_bbox("-26,1,30,28"), (sahelmap::geom::Box{-26, 1, 30, 28}));
  EXPECT_EQ(parse_bbox(" -20.5, 0 ,30,28.25"), (sahelmap::geom::Box{-20.5, 0, 30, 28.25}));
  EXPECT_EQ(parse_bbox("150,-50,210,10").maxx, 210);  // across the antimeridian
}

TEST(Options, BadBboxesAreUsageErrors) {
  for (const char* bad : {"", "1,2,3", "1,2,3,4,5", "a,b,c,d", "10,0,10,5", "180,0,-180,5", "0,10,5,5", "0,5,5,5",
                          "nan,0,1,1", "0,0,inf,1", "0,-95,10,10", "-200,0,10,10", "-180,0,200,10"})
    EXPECT_THROW(parse_bbox(bad), UsageError) << bad;
}

// West greater than east is how GeoJSON writes a box across the antimeridian; east + 360 is ours.
TEST(Options, BoxesAcrossTheAntimeridianInEitherForm) {
  const auto geojson = parse_bbox("170,-20,-170,10");
  EXPECT_EQ(geojson.minx, 170);
  EXPECT_EQ(geojson.maxx, 190);
  const auto ours = parse_bbox("170,-20,190,10");
  EXPECT_EQ(ours.minx, geojson.minx);
  EXPECT_EQ(ours.maxx, geojson.maxx);
  EXPECT_EQ(parse_bbox("10,0,-10,5").maxx, 350) << "all but 20 degrees of longitude";
}

TEST(Options, Sizes) {
  EXPECT_EQ(parse_size("2000x1400"), (std::pair<int, int>{2000, 1400}));
  for (const char* bad : {"2000", "x", "0x100", "100x", "-5x5", "100000x10", "20x20x20", "1e3x100"})
    EXPECT_THROW(parse_size(bad), UsageError) << bad;
}

TEST(Options, DefaultCrsIsEqualAreaCentredOnTheView) {
  EXPECT_EQ(default_crs({-26, 1, 30, 28}), "+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84 +units=m +no_defs");
  EXPECT_EQ(default_crs({-180, -90, 180, 90}).rfind("+proj=eqearth +lon_0=0", 0), 0u);
  EXPECT_NE(default_crs({150, -50, 210, 10}).find("+lon_0=180"), std::string::npos);
}
