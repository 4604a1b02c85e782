#include <gtest/gtest.h>

#include <cmath>

#include "geom/geometry.hpp"

using namespace sahelmap::geom;

TEST(Geometry, SignedAreaIsPositiveForCounterClockwise) {
  const Ring ccw{{0, 0}, {4, 0}, {4, 3}, {0, 3}, {0, 0}};
  EXPECT_DOUBLE_EQ(signed_area(ccw), 12);
  Ring cw(ccw.rbegin(), ccw.rend());
  EXPECT_DOUBLE_EQ(signed_area(cw), -12);
}

TEST(Geometry, BoundsAndBoxPredicates) {
  const Box b = bounds(Ring{{1, 2}, {5, -1}, {3, 7}});
  EXPECT_EQ(b, (Box{1, -1, 5, 7}));
  EXPECT_TRUE(b.contains(Point{5, 7}));
  EXPECT_FALSE(b.contains(Point{5.0001, 7}));
  EXPECT_TRUE(b.intersects(Box{5, 7, 9, 9}));  // closed: touching counts
  EXPECT_FALSE(Box{}.valid());
}

TEST(Geometry, DensifyKeepsEndpointsAndBoundsSteps) {
  std::vector<Point> pts{{0, 0}, {10, 0}, {10, 0.5}};
  densify(pts, 1.0);
  ASSERT_EQ(pts.size(), 12u);
  EXPECT_EQ(pts.front(), (Point{0, 0}));
  EXPECT_EQ(pts.back(), (Point{10, 0.5}));
  for (std::size_t i = 1; i < pts.size(); ++i)
    EXPECT_LE(std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y), 1.0 + 1e-12);
}

TEST(Geometry, LengthOfAPolyline) {
  EXPECT_EQ(length({}), 0);
  EXPECT_EQ(length({{1, 1}}), 0);
  EXPECT_DOUBLE_EQ(length({{0, 0}, {3, 4}}), 5);
  EXPECT_DOUBLE_EQ(length({{0, 0}, {0, 2}, {5, 2}}), 7);  // a leader with one elbow
}
