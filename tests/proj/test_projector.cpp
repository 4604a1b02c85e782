#include <gtest/gtest.h>

#include <cmath>

#include "proj/projector.hpp"
#include "util/error.hpp"

using namespace sahelmap::proj;
using namespace sahelmap::geom;

namespace {
double longest_edge(const MultiPolygon& mp) {
  double m = 0;
  for (const auto& p : mp)
    for (const auto& r : p.rings)
      for (std::size_t i = 1; i < r.size(); ++i) m = std::max(m, std::hypot(r[i].x - r[i - 1].x, r[i].y - r[i - 1].y));
  return m;
}
double area(const MultiPolygon& mp) {
  double a = 0;
  for (const auto& p : mp) a += signed_area(p);
  return a;
}
}  // namespace

TEST(Projector, CutsAtTheProjectionsAntimeridianWithoutStreaks) {
  // Centred on 150 E, the map's edge is 30 W: a polygon across it must not span the map.
  const Projection p("+proj=eqearth +lon_0=150 +datum=WGS84");
  Projector projector(p, {-180, -90, 180, 90});
  const MultiPolygon across{Polygon{{{{-40, 60}, {-20, 60}, {-20, 70}, {-40, 70}, {-40, 60}}}}};
  const MultiPolygon out = projector.polygons(across);
  ASSERT_EQ(out.size(), 2u);  // one piece on each side of the map
  const double world_width = 2 * p.forward(Point{-30 + 1e-9, 0}).x;
  EXPECT_LT(longest_edge(out), std::abs(world_width) / 10);
  // Equal-area: the two pieces add up to the whole.
  const MultiPolygon whole =
      Projector(Projection("+proj=eqearth +lon_0=0 +datum=WGS84"), {-180, -90, 180, 90}).polygons(across);
  EXPECT_NEAR(area(out) / area(whole), 1.0, 1e-3);
}

TEST(Projector, OutlinesAreNotStrokedAlongTheCut) {
  const Projection p("+proj=eqearth +lon_0=150 +datum=WGS84");
  Projector projector(p, {-180, -90, 180, 90});
  const MultiLine lines = projector.outlines({Polygon{{{{-40, 60}, {-20, 60}, {-20, 70}, {-40, 70}, {-40, 60}}}}});
  const double cut_x = std::abs(p.forward(Point{-30 + 1e-9, 65}).x);
  for (const auto& l : lines)
    for (std::size_t i = 1; i < l.size(); ++i) {
      // No segment runs along the cut (both ends on the map's edge).
      const bool on_edge = std::abs(std::abs(l[i].x) - cut_x) < 1 && std::abs(std::abs(l[i - 1].x) - cut_x) < 1;
      EXPECT_FALSE(on_edge);
    }
}

TEST(Projector, WebMercatorIsClampedToItsAreaOfUse) {
  const Projection p("EPSG:3857");
  Projector projector(p, {-180, -90, 180, 90});
  const MultiPolygon out = projector.polygons({Polygon{{{{-10, 80}, {10, 80}, {10, 90}, {-10, 90}, {-10, 80}}}}});
  ASSERT_FALSE(out.empty());
  EXPECT_LT(bounds(out).maxy, 20037508.35);
  EXPECT_EQ(projector.dropped_rings(), 0u);
}

TEST(Projector, ExtentAndWindowOfTheDefaultView) {
  const Projection p("+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84");
  const Box extent = projected_extent(p, {-26, 1, 30, 28});
  EXPECT_LT(extent.minx, -2.5e6);
  EXPECT_GT(extent.maxx, 2.5e6);
  const Box window = lonlat_window(p, extent);
  EXPECT_LE(window.minx, -26);
  EXPECT_GE(window.maxx, 30);
  EXPECT_GT(window.minx, -60);  // far-away data is left out before projecting
}

TEST(Projector, BboxTheCrsCannotShowIsAnError) {
  const Projection ortho("+proj=ortho +lon_0=0 +lat_0=0");
  EXPECT_THROW(projected_extent(ortho, {150, -10, 170, 10}), sahelmap::Error);
}
