#include <gtest/gtest.h>

#include <cmath>

#include "proj/projection.hpp"
#include "util/error.hpp"

using namespace sahelmap::proj;
using sahelmap::geom::Point;

TEST(Projection, Epsg4326IsNormalizedToLonLat) {
  const Projection p("EPSG:4326");
  const Point q = p.forward(Point{2.1167, 13.5167});  // Niamey
  EXPECT_NEAR(q.x, 2.1167, 1e-9);
  EXPECT_NEAR(q.y, 13.5167, 1e-9);
  EXPECT_TRUE(p.target_geographic());
}

TEST(Projection, WebMercatorKnownValues) {
  const Projection p("EPSG:3857");
  const Point q = p.forward(Point{180, 0});
  EXPECT_NEAR(q.x, 20037508.342789244, 1e-6);
  EXPECT_NEAR(q.y, 0, 1e-6);
  const Point back = p.inverse(Point{20037508.342789244 / 2, 0});
  EXPECT_NEAR(back.x, 90, 1e-9);
  EXPECT_NEAR(p.area_of_use().maxy, 85.06, 0.01);
  EXPECT_DOUBLE_EQ(p.central_meridian(), 0);
}

TEST(Projection, BareProjStringsAreTakenAsCrs) {
  const Projection p("+proj=laea +lat_0=14 +lon_0=2 +datum=WGS84");
  const Point c = p.forward(Point{2, 14});
  EXPECT_NEAR(c.x, 0, 1e-6);
  EXPECT_NEAR(c.y, 0, 1e-6);
  EXPECT_NEAR(Projection("+proj=ortho +lon_0=150 +lat_0=20").central_meridian(), 150, 1e-9);
  EXPECT_NEAR(Projection("ESRI:54030").central_meridian(), 0, 1e-9);  // Robinson
}

TEST(Projection, UnknownCrsIsAClearError) {
  for (const char* bad : {"EPSG:999999", "+proj=nonsense", "not a crs", ""}) {
    try {
      Projection p(bad);
      FAIL() << bad;
    } catch (const sahelmap::Error& e) {
      EXPECT_NE(std::string(e.what()).find("CRS"), std::string::npos) << e.what();
    }
  }
}

TEST(Projection, PointsOffTheProjectionBecomeNonFinite) {
  const Projection ortho("+proj=ortho +lon_0=0 +lat_0=0");
  const Point far = ortho.forward(Point{170, 0});  // the hidden hemisphere
  EXPECT_FALSE(std::isfinite(far.x));
}

#include "geom/tile.hpp"

TEST(Projection, SphericalMercatorFormulaMatchesProjEpsg3857) {
  const Projection p("EPSG:3857");
  for (double lon : {-179.9, -20.0, 0.0, 2.1167, 30.0, 179.9})
    for (double lat : {-85.0, -33.3, 0.0, 13.5167, 28.0, 85.0}) {
      const Point a = p.forward(Point{lon, lat});
      const Point b = sahelmap::geom::lonlat_to_mercator({lon, lat});
      EXPECT_NEAR(a.x, b.x, 1e-6);
      EXPECT_NEAR(a.y, b.y, 1e-6);
    }
}
