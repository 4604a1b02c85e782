#include <gtest/gtest.h>

#include "geom/antimeridian.hpp"

using namespace sahelmap::geom;

namespace {
double area(const MultiPolygon& mp) {
  double a = 0;
  for (const auto& p : mp) a += signed_area(p);
  return a;
}
}  // namespace

TEST(Antimeridian, PolygonsThatDoNotCrossAreUntouched) {
  const Polygon p{{{{10, 10}, {20, 10}, {20, 20}, {10, 10}}}};
  EXPECT_FALSE(crosses_antimeridian(p));
  ASSERT_EQ(split_antimeridian(p).size(), 1u);
  EXPECT_EQ(split_antimeridian(p)[0].rings, p.rings);
}

TEST(Antimeridian, AStitchedIslandIsCutIntoTwoHalves) {
  // 170 E to 170 W, as a spherical polygon with edges that jump across 180.
  const Polygon p{{{{170, -20}, {-170, -20}, {-170, -10}, {170, -10}, {170, -20}}}};
  ASSERT_TRUE(crosses_antimeridian(p));
  const MultiPolygon parts = split_antimeridian(p);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_NEAR(area(parts), 200, 1e-9);
  for (const auto& part : parts) {
    const Box b = bounds(part);
    EXPECT_GE(b.minx, -180);
    EXPECT_LE(b.maxx, 180);
    EXPECT_LE(b.width(), 10 + 1e-9);
  }
}

TEST(Antimeridian, ARingAroundThePoleIsClosedThroughThePole) {
  // A coastline all the way round at -70, whichever way it runs.
  Ring coast;
  for (int lon = -180; lon <= 180; lon += 30) coast.push_back({static_cast<double>(lon == 180 ? -180 : lon), -70});
  coast.back() = coast.front();
  // As a source would write it: the last step jumps from 150 back to -180.
  const Polygon p{{coast}};
  ASSERT_TRUE(crosses_antimeridian(p));
  const MultiPolygon parts = split_antimeridian(p);
  EXPECT_NEAR(area(parts), 360.0 * 20, 1e-6);  // everything south of -70, counter-clockwise
  const Box b = bounds(parts);
  EXPECT_DOUBLE_EQ(b.miny, -90);
  EXPECT_DOUBLE_EQ(b.maxy, -70);
}
