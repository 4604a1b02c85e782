#include <gtest/gtest.h>

#include "geom/tile.hpp"

using namespace sahelmap::geom;

TEST(Tile, KnownTilesForNiamey) {
  EXPECT_EQ(tile_at(2.1167, 13.5167, 0), (TileId{0, 0, 0}));
  EXPECT_EQ(tile_at(2.1167, 13.5167, 10), (TileId{10, 518, 473}));
  EXPECT_EQ(tms_row(TileId{10, 518, 473}), 550u);
  EXPECT_EQ(tile_at(-180, 85.0511287798066, 4), (TileId{4, 0, 0}));
  EXPECT_EQ(tile_at(179.9999, -85.0511287798066, 4), (TileId{4, 15, 15}));
  EXPECT_EQ(tile_at(0, 90, 3), (TileId{3, 4, 0}));  // clamped to the top row
}

TEST(Tile, BoundsOfTheWorldAndItsQuarters) {
  EXPECT_EQ(tile_bounds({0, 0, 0}), (Box{-kMercatorHalf, -kMercatorHalf, kMercatorHalf, kMercatorHalf}));
  EXPECT_EQ(tile_bounds({1, 1, 0}), (Box{0, 0, kMercatorHalf, kMercatorHalf}));
  EXPECT_DOUBLE_EQ(tile_span(8), 2 * kMercatorHalf / 256);
}

TEST(Tile, NeighboursAndChildrenShareEdgesExactly) {
  for (int z = 1; z <= 20; ++z) {
    const std::uint32_t n = 1u << z;
    for (std::uint32_t x : {0u, 1u, n / 3, n / 2, n - 2}) {
      const Box a = tile_bounds({z, x, x}), right = tile_bounds({z, x + 1, x}), below = tile_bounds({z, x, x + 1});
      EXPECT_EQ(a.maxx, right.minx);
      EXPECT_EQ(a.miny, below.maxy);
      const Box tl = tile_bounds({z + 1, 2 * x, 2 * x}), br = tile_bounds({z + 1, 2 * x + 1, 2 * x + 1});
      EXPECT_EQ(a.minx, tl.minx);
      EXPECT_EQ(a.maxy, tl.maxy);
      EXPECT_EQ(a.maxx, br.maxx);
      EXPECT_EQ(a.miny, br.miny);
    }
  }
}

TEST(Tile, CoveringRanges) {
  const TileRange r = tiles_covering({-20, 0, 30, 28}, 9);  // the reference pyramid's box
  EXPECT_EQ(r.z, 9);
  EXPECT_EQ(r.x0, 227u);
  EXPECT_EQ(r.x1, 298u);
  EXPECT_EQ(r.y0, 214u);
  EXPECT_EQ(r.y1, 256u);
  EXPECT_EQ(tiles_covering({-180, -85.0511287798066, 180, 85.0511287798066}, 2).count(), 16u);
}

TEST(Tile, MercatorRoundTrip) {
  const Point m = lonlat_to_mercator({180, 0});
  EXPECT_NEAR(m.x, kMercatorHalf, 1e-6);
  const Point top = lonlat_to_mercator({0, kMercatorMaxLat});
  EXPECT_NEAR(top.y, kMercatorHalf, 1e-3);
  const Point back = mercator_to_lonlat(lonlat_to_mercator({2.1167, 13.5167}));
  EXPECT_NEAR(back.x, 2.1167, 1e-12);
  EXPECT_NEAR(back.y, 13.5167, 1e-12);
}
