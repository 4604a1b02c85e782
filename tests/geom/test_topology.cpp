// Shared borders stay shared: arcs found once, simplified once, rebuilt into both neighbours.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "geom/pole.hpp"
#include "geom/topology.hpp"

using namespace sahelmap::geom;

namespace {

Ring box_ring(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

// Directed edges of a ring, for the "every inner edge twice, once each way" check.
void edges(const Ring& r, std::map<std::pair<std::pair<double, double>, std::pair<double, double>>, int>& out) {
  for (std::size_t i = 0; i + 1 < r.size(); ++i) ++out[{{r[i].x, r[i].y}, {r[i + 1].x, r[i + 1].y}}];
}

}  // namespace

TEST(Topology, TwoSquaresShareOneArc) {
  // A: (0,0)-(2,0)-(2,2)-(0,2), B: (2,0)-(4,0)-(4,2)-(2,2), both counter-clockwise; B's left side
  // has an extra vertex at (2,1) that A also has.
  Polygon a{{{{0, 0}, {2, 0}, {2, 1}, {2, 2}, {0, 2}, {0, 0}}}};
  Polygon b{{{{2, 0}, {4, 0}, {4, 2}, {2, 2}, {2, 1}, {2, 0}}}};
  const Topology t = build_topology({a, b}, {0, 1});
  int shared = 0;
  for (std::size_t i = 0; i < t.arcs.size(); ++i)
    if (t.owners[i].size() == 2) {
      ++shared;
      EXPECT_EQ(t.arcs[i].size(), 3u);  // (2,0) (2,1) (2,2) in one direction or the other
    }
  EXPECT_EQ(shared, 1);
  const Polygon ra = assemble(t, t.arcs, 0), rb = assemble(t, t.arcs, 1);
  ASSERT_EQ(ra.rings.size(), 1u);
  ASSERT_EQ(rb.rings.size(), 1u);
  EXPECT_DOUBLE_EQ(signed_area(ra), 4);  // orientation kept
  EXPECT_DOUBLE_EQ(signed_area(rb), 4);
}

TEST(Topology, AnEnclaveIsOneClosedArcOfBothCountries) {
  // Lesotho in South Africa: the enclave's ring is the hole of its neighbour.
  const Ring inner = box_ring(1, 1, 2, 2);
  Ring hole(inner.rbegin(), inner.rend());
  Polygon outer{{box_ring(0, 0, 3, 3), hole}};
  Polygon enclave{{inner}};
  const Topology t = build_topology({outer, enclave}, {0, 1});
  ASSERT_EQ(t.arcs.size(), 2u);
  int both = 0;
  for (const auto& o : t.owners) both += o.size() == 2;
  EXPECT_EQ(both, 1);
  const Polygon back = assemble(t, t.arcs, 0);
  ASSERT_EQ(back.rings.size(), 2u);
  EXPECT_DOUBLE_EQ(signed_area(back), 9 - 1);
}

TEST(Topology, SimplifiedNeighboursStillTileThePlaneSeeded) {
  // A grid of cells whose sides are jagged polylines (the same polyline for both cells of a side):
  // after simplification every inner edge is used exactly twice, once each way, so there are no
  // gaps and no slivers; and the cells' areas still add up to the whole.
  const unsigned seed = 20261201;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-0.08, 0.08);
  const int n = 6, steps = 40;
  // Corner points jittered; sides are jagged between corners.
  std::vector<std::vector<Point>> corner(n + 1, std::vector<Point>(n + 1));
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j) {
      const bool edge = i == 0 || j == 0 || i == n || j == n;
      corner[i][j] = {i + (edge ? 0 : jitter(rng)), j + (edge ? 0 : jitter(rng))};
    }
  std::map<std::pair<int, int>, Line> hside, vside;  // (i,j) -> side from corner (i,j) to (i+1,j) / (i,j+1)
  auto jagged = [&](Point a, Point b, bool straight) {
    Line l{a};
    for (int k = 1; k < steps; ++k) {
      const double t = static_cast<double>(k) / steps;
      const double dx = straight ? 0 : jitter(rng) * 0.2, dy = straight ? 0 : jitter(rng) * 0.2;
      l.push_back({a.x + (b.x - a.x) * t + dx, a.y + (b.y - a.y) * t + dy});
    }
    l.push_back(b);
    return l;
  };
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j) {
      if (i < n) hside[{i, j}] = jagged(corner[i][j], corner[i + 1][j], j == 0 || j == n);
      if (j < n) vside[{i, j}] = jagged(corner[i][j], corner[i][j + 1], i == 0 || i == n);
    }
  std::vector<Polygon> cells;
  std::vector<std::uint32_t> owner;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      Ring r;
      auto append = [&](const Line& l, bool reverse) {
        for (std::size_t k = 0; k < l.size(); ++k) {
          const Point p = reverse ? l[l.size() - 1 - k] : l[k];
          if (r.empty() || !(r.back() == p)) r.push_back(p);
        }
      };
      append(hside[{i, j}], false);      // bottom, left to right
      append(vside[{i + 1, j}], false);  // right, upwards
      append(hside[{i, j + 1}], true);   // top, right to left
      append(vside[{i, j}], true);       // left, downwards
      cells.push_back({{r}});
      owner.push_back(static_cast<std::uint32_t>(cells.size() - 1));
    }
  const Topology t = build_topology(cells, owner);
  for (const double tol : {0.0, 0.01, 0.05, 0.2}) {
    std::vector<Line> simple;
    for (const auto& a : t.arcs) simple.push_back(simplify(a, tol));
    std::map<std::pair<std::pair<double, double>, std::pair<double, double>>, int> e;
    double total = 0;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const Polygon p = assemble(t, simple, c);
      ASSERT_EQ(p.rings.size(), 1u) << "cell " << c << " tolerance " << tol << " seed " << seed;
      edges(p.rings[0], e);
      total += signed_area(p);
    }
    int unmatched_inner = 0;
    for (const auto& [k, count] : e) {
      const auto& [from, to] = k;
      const bool boundary = (from.first == to.first && (from.first == 0 || from.first == n)) ||
                            (from.second == to.second && (from.second == 0 || from.second == n));
      if (boundary) continue;
      const auto back = e.find({to, from});
      if (count != 1 || back == e.end() || back->second != 1) ++unmatched_inner;
    }
    EXPECT_EQ(unmatched_inner, 0) << "tolerance " << tol << " seed " << seed;
    // The outer boundary is straight between the grid's corners: simplification keeps it.
    EXPECT_NEAR(total, n * n, 1e-9) << "tolerance " << tol;
  }
}

TEST(Topology, SimplifyKeepsEndsAndDropsWhatIsWithinTolerance) {
  const Line l{{0, 0}, {1, 0.05}, {2, -0.05}, {3, 1}, {4, 0}};
  // (3,1) is 1 from the chord; then (2,-0.05) is 0.65 from (0,0)-(3,1), and (1,0.05) 0.075 from
  // (0,0)-(2,-0.05).
  EXPECT_EQ(simplify(l, 0.05), l);
  EXPECT_EQ(simplify(l, 0.1), (Line{{0, 0}, {2, -0.05}, {3, 1}, {4, 0}}));
  EXPECT_EQ(simplify(l, 0.5), (Line{{0, 0}, {2, -0.05}, {3, 1}, {4, 0}}));
  EXPECT_EQ(simplify(l, 1.5), (Line{{0, 0}, {4, 0}}));
  EXPECT_EQ(simplify(l, 0).size(), l.size());
}

TEST(Pole, IsInsideAnUShape) {
  // A U: its centroid is outside; the pole is inside one of the arms or the base.
  Polygon u{{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}};
  const Point p = pole_of_inaccessibility(u);
  EXPECT_TRUE(inside_fill(u, p));
}
