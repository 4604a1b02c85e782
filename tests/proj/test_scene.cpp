// A large scene is projected on two cores (each half of the shapes with PROJ objects of its own):
// it must be the scene one core makes, country for country, in the same order.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "proj/projection.hpp"
#include "proj/scene.hpp"

using namespace sahelmap;

namespace {

// `n` wobbly discs across West Africa and beyond the view, `k` vertices each.
data::Boundaries discs(int n, int k) {
  data::Boundaries b;
  for (int i = 0; i < n; ++i) {
    geom::Ring ring;
    const double cx = -30 + (i % 12) * 7.5, cy = -10 + (i / 12) * 9.0;
    for (int j = 0; j <= k; ++j) {
      const double a = (j % k) * 2 * M_PI / k, r = 3 + 0.4 * std::sin(9 * a);
      ring.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
    }
    b.shapes.push_back({.code = "C" + std::to_string(i), .name = "disc " + std::to_string(i), .geometry = {{{ring}}}});
  }
  return b;
}

bool same(const geom::MultiPolygon& a, const geom::MultiPolygon& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].rings != b[i].rings) return false;
  return true;
}

}  // namespace

TEST(Scene, TwoCoresMakeTheSceneOneCoreMakes) {
  const data::Boundaries all = discs(60, 1500);  // 90,000 vertices: over the two-core threshold
  const proj::Projection p("+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84 +units=m +no_defs");
  const geom::Box extent{-2.5e6, -2.0e6, 2.5e6, 2.0e6};
  const proj::Scene whole = proj::build_scene(all, p, extent);
  // One shape at a time: far under the threshold, on one core.
  std::vector<proj::SceneCountry> one_by_one;
  for (const auto& shape : all.shapes) {
    data::Boundaries single;
    single.shapes = {shape};
    for (auto& c : proj::build_scene(single, p, extent).countries) one_by_one.push_back(std::move(c));
  }
  ASSERT_GT(whole.countries.size(), 10u);
  ASSERT_LT(whole.countries.size(), all.shapes.size());  // some lie outside the view
  ASSERT_EQ(whole.countries.size(), one_by_one.size());
  for (std::size_t i = 0; i < whole.countries.size(); ++i) {
    EXPECT_EQ(whole.countries[i].code, one_by_one[i].code);
    EXPECT_TRUE(same(whole.countries[i].area, one_by_one[i].area)) << whole.countries[i].code;
    EXPECT_TRUE(whole.countries[i].outline == one_by_one[i].outline) << whole.countries[i].code;
  }
}
