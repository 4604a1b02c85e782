// Hand-made cases for the clipping core; the GEOS differential tests live in test_clip_geos.cpp.
#include <gtest/gtest.h>

#include "geom/clip.hpp"

using namespace sahelmap::geom;

namespace {
const Box kBox{0, 0, 10, 10};

Polygon poly(std::initializer_list<Ring> rings) {
  return Polygon{std::vector<Ring>(rings)};
}

void expect_inside(const Polygon& p, const Box& b) {
  for (const auto& r : p.rings) {
    ASSERT_GE(r.size(), 4u);
    EXPECT_EQ(r.front(), r.back());
    for (const auto& q : r) EXPECT_TRUE(b.contains(q)) << q.x << "," << q.y;
  }
}
}  // namespace

TEST(Clip, RingInsideIsKeptAsIs) {
  const Polygon p = poly({{{1, 1}, {2, 1}, {2, 2}, {1, 1}}});
  EXPECT_EQ(clip(p, kBox).rings, p.rings);
}

// Found by fuzz/fuzz_clip: a ring inside the box that fills nothing (one repeated point, or all
// points on a line) is dropped like the degenerate rings clipping makes; a bow-tie fills and stays.
TEST(Clip, DegenerateRingInsideIsDroppedABowTieKept) {
  const Polygon point = poly({{{2, 2}, {2, 2}, {2, 2}, {2, 2}}});
  const Polygon line = poly({{{1, 1}, {3, 3}, {5, 5}, {1, 1}}});
  const Polygon bowtie = poly({{{1, 1}, {3, 3}, {3, 1}, {1, 3}, {1, 1}}});
  EXPECT_TRUE(clip(point, kBox).empty());
  EXPECT_TRUE(clip(line, kBox).empty());
  EXPECT_EQ(clip(bowtie, kBox).rings, bowtie.rings);
  Polygon out;
  RectClipper c(kBox);
  c.clip(PreparedPolygon(point), out);
  EXPECT_TRUE(out.empty());
}

TEST(Clip, RingOutsideIsDropped) {
  EXPECT_TRUE(clip(poly({{{11, 11}, {12, 11}, {12, 12}, {11, 11}}}), kBox).empty());
}

TEST(Clip, PolygonContainingTheBoxReturnsTheBox) {
  const Polygon out = clip(poly({{{-5, -5}, {15, -5}, {15, 15}, {-5, 15}, {-5, -5}}}), kBox);
  ASSERT_EQ(out.rings.size(), 1u);
  EXPECT_DOUBLE_EQ(signed_area(out), 100);
  EXPECT_EQ(out.rings[0].size(), 5u);
}

TEST(Clip, BoxInsideAHoleReturnsNothing) {
  const Polygon p =
      poly({{{-5, -5}, {15, -5}, {15, 15}, {-5, 15}, {-5, -5}}, {{-3, -3}, {-3, 13}, {13, 13}, {13, -3}, {-3, -3}}});
  EXPECT_TRUE(clip(p, kBox).empty());
}

TEST(Clip, ClockwiseOrientationIsKept) {
  const Polygon out = clip(poly({{{-5, -5}, {-5, 15}, {15, 15}, {15, -5}, {-5, -5}}}), kBox);
  EXPECT_DOUBLE_EQ(signed_area(out), -100);
}

TEST(Clip, ConcaveRingLeavingTwiceStaysOneRingWithoutSlivers) {
  // A U whose arms leave through the top edge.
  const Polygon out = clip(poly({{{2, 2}, {8, 2}, {8, 15}, {6, 15}, {6, 5}, {4, 5}, {4, 15}, {2, 15}, {2, 2}}}), kBox);
  expect_inside(out, kBox);
  ASSERT_EQ(out.rings.size(), 1u);
  EXPECT_DOUBLE_EQ(signed_area(out), 38);
  EXPECT_EQ(out.rings[0].size(), 9u);
}

TEST(Clip, CrossingTheBoxSplitsIntoSeparateRings) {
  // A C shape whose middle lies outside: the two arms become two rings, not one joined by a
  // zero-width run along the edge (the sliver naive Sutherland-Hodgman leaves).
  const Polygon out = clip(poly({{{5, 2}, {15, 2}, {15, 8}, {5, 8}, {5, 6}, {12, 6}, {12, 4}, {5, 4}, {5, 2}}}), kBox);
  expect_inside(out, kBox);
  ASSERT_EQ(out.rings.size(), 2u);
  EXPECT_DOUBLE_EQ(signed_area(out), 20);
  for (const auto& r : out.rings) EXPECT_DOUBLE_EQ(signed_area(r), 10);
}

TEST(Clip, RingWindingTwiceGivesTwoBoxes) {
  const Polygon out =
      clip(poly({{{-1, -1}, {11, -1}, {11, 11}, {-1, 11}, {-1, -2}, {12, -2}, {12, 12}, {-2, 12}, {-2, -1}, {-1, -1}}}),
           kBox);
  EXPECT_EQ(out.rings.size(), 2u);
  EXPECT_DOUBLE_EQ(signed_area(out), 200);
}

TEST(Clip, BowtieKeepsBothLobes) {
  const Polygon out = clip(poly({{{-5, -5}, {15, 15}, {15, -5}, {-5, 15}, {-5, -5}}}), kBox);
  ASSERT_EQ(out.rings.size(), 1u);
  expect_inside(out, kBox);
  EXPECT_DOUBLE_EQ(signed_area(out), 0);  // +25 and -25: the lobes wind opposite ways
}

TEST(Clip, EdgesCollinearWithTheBoxAddNothing) {
  const Polygon out = clip(poly({{{0, 0}, {5, 0}, {5, -5}, {20, -5}, {20, 5}, {10, 5}, {10, 0}, {0, 0}}}), kBox);
  EXPECT_TRUE(out.empty());
}

TEST(Clip, ZeroWidthBoxClipsEverythingAway) {
  EXPECT_TRUE(clip(poly({{{-5, -5}, {15, -5}, {15, 15}, {-5, 15}, {-5, -5}}}), Box{3, 0, 3, 10}).empty());
}

TEST(Clip, NeighbouringBoxesShareBitIdenticalSeamPoints) {
  const Polygon p = poly({{{-3.3, 1.1}, {23.7, 4.9}, {17.1, 9.7}, {-3.3, 1.1}}});
  const Polygon left = clip(p, Box{0, 0, 10, 10}), right = clip(p, Box{10, 0, 20, 10});
  std::vector<Point> a, b;
  for (const auto& r : left.rings)
    for (const auto& q : r)
      if (q.x == 10) a.push_back(q);
  for (const auto& r : right.rings)
    for (const auto& q : r)
      if (q.x == 10) b.push_back(q);
  ASSERT_FALSE(a.empty());
  std::sort(a.begin(), a.end(), [](Point u, Point v) { return u.y < v.y; });
  std::sort(b.begin(), b.end(), [](Point u, Point v) { return u.y < v.y; });
  a.erase(std::unique(a.begin(), a.end()), a.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  EXPECT_EQ(a, b);
  EXPECT_NEAR(signed_area(left) + signed_area(right), signed_area(clip(p, Box{0, 0, 20, 10})), 1e-9);
}

TEST(ClipLine, KeepsInsidePiecesInOrder) {
  const MultiLine out = clip(Line{{-5, 5}, {5, 5}, {5, 15}, {7, 15}, {7, 5}, {15, 5}}, kBox);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (Line{{0, 5}, {5, 5}, {5, 10}}));
  EXPECT_EQ(out[1], (Line{{7, 10}, {7, 5}, {10, 5}}));
}
