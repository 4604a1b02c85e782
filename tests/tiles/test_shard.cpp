// Shards: how the index comes from the command line or the scheduler's environment, and the plan
// (every tile in exactly one shard, loads balanced by estimated work).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "tiles/pyramid.hpp"
#include "tiles/shard.hpp"
#include "tiles/tile_fixture.hpp"
#include "util/error.hpp"

using namespace sahelmap;
using namespace sahelmap::tiles;

namespace {

std::function<const char*(const char*)> env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* k) -> const char* {
    const auto it = vars.find(k);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

std::string usage_error(const std::string& text, const std::map<std::string, std::string>& vars = {}) {
  try {
    parse_shard(text, env(vars));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

PyramidSpec west_africa(int maxzoom, Shard shard) {
  PyramidSpec s;
  s.bbox = {-20, 0, 30, 28};
  s.maxzoom = maxzoom;
  s.shard = shard;
  return s;
}

// Every tile the units of a plan hold.
std::vector<std::uint64_t> tiles_of(const PyramidPlan& plan, const PyramidSpec& spec) {
  std::vector<std::uint64_t> out;
  for (const auto& u : plan.units) {
    const int last = u.subtree ? spec.maxzoom : u.tile.z;
    for (int z = u.tile.z; z <= last; ++z) {
      const int d = z - u.tile.z;
      const geom::TileRange r = pyramid_range(spec, z);
      for (std::uint64_t y = std::uint64_t(u.tile.y) << d; y < (std::uint64_t(u.tile.y) + 1) << d; ++y)
        for (std::uint64_t x = std::uint64_t(u.tile.x) << d; x < (std::uint64_t(u.tile.x) + 1) << d; ++x)
          if (x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1) out.push_back((std::uint64_t(z) << 58) | (x << 29) | y);
    }
  }
  return out;
}

}  // namespace

TEST(Shard, ParsesAnIndexOrTakesItFromTheScheduler) {
  EXPECT_EQ(parse_shard("2/4", env({})), (Shard{2, 4}));
  EXPECT_EQ(parse_shard("0/1", env({})), (Shard{0, 1}));
  EXPECT_EQ(parse_shard("auto/4", env({{"SLURM_ARRAY_TASK_ID", "3"}})), (Shard{3, 4}));
  EXPECT_EQ(
      parse_shard("auto/4",
                  env({{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})),
      (Shard{3, 4}));
  EXPECT_EQ(parse_shard("auto/16", env({{"JOB_COMPLETION_INDEX", "15"}})), (Shard{15, 16}));
  // Slurm wins when both are set (a Slurm job started from a pod).
  EXPECT_EQ(parse_shard("auto/4", env({{"SLURM_ARRAY_TASK_ID", "1"}, {"JOB_COMPLETION_INDEX", "2"}})), (Shard{1, 4}));

  EXPECT_NE(usage_error("4/4").find("the index must be 0..3"), std::string::npos);
  EXPECT_NE(usage_error("-1/4").find("the index must be 0..3"), std::string::npos);
  EXPECT_NE(usage_error("2").find("use I/N"), std::string::npos);
  EXPECT_NE(usage_error("a/4").find("index 'a' is not a whole number"), std::string::npos);
  EXPECT_NE(usage_error("1/0").find("N must be"), std::string::npos);
  EXPECT_NE(usage_error("auto/4").find("neither SLURM_ARRAY_TASK_ID"), std::string::npos);
  EXPECT_NE(usage_error("auto/4", {{"JOB_COMPLETION_INDEX", "4"}}).find("the index must be 0..3"), std::string::npos);
  EXPECT_NE(usage_error("auto/4", {{"SLURM_ARRAY_TASK_ID", "1"}, {"SLURM_ARRAY_TASK_COUNT", "8"}})
                .find("the Slurm array has 8 tasks"),
            std::string::npos);
}

TEST(Shard, ShardsAreDisjointAndCoverThePyramid) {
  for (const int maxzoom : {3, 9}) {
    const PyramidSpec whole = west_africa(maxzoom, {});
    std::vector<std::uint64_t> all = tiles_of(plan_for(world(), whole), whole);
    std::sort(all.begin(), all.end());
    std::uint64_t expected = 0;
    for (int z = 0; z <= maxzoom; ++z) expected += pyramid_range(whole, z).count();
    ASSERT_EQ(all.size(), expected);
    ASSERT_TRUE(std::adjacent_find(all.begin(), all.end()) == all.end());
    for (const int n : {2, 3, 7, 64}) {
      std::vector<std::uint64_t> union_of;
      std::uint64_t counted = 0;
      for (int i = 0; i < n; ++i) {
        const PyramidSpec s = west_africa(maxzoom, {i, n});
        const PyramidPlan plan = plan_for(world(), s);
        const auto mine = tiles_of(plan, s);
        EXPECT_EQ(mine.size(), plan.tiles);
        counted += plan.tiles;
        union_of.insert(union_of.end(), mine.begin(), mine.end());
      }
      std::sort(union_of.begin(), union_of.end());
      EXPECT_EQ(counted, expected) << "z0-" << maxzoom << " in " << n;
      EXPECT_TRUE(std::adjacent_find(union_of.begin(), union_of.end()) == union_of.end()) << "overlap, " << n;
      EXPECT_EQ(union_of, all) << "z0-" << maxzoom << " in " << n;
    }
  }
}

TEST(Shard, LoadsAreBalancedByWorkNotTileCount) {
  const int n = 8;
  const PyramidSpec spec = west_africa(12, {0, n});
  const PyramidPlan plan = plan_for(world(), spec);
  ASSERT_EQ(plan.loads.size(), static_cast<std::size_t>(n));
  const double mean = std::accumulate(plan.loads.begin(), plan.loads.end(), 0.0) / n;
  EXPECT_LT(*std::max_element(plan.loads.begin(), plan.loads.end()) / mean, 1.05);
  // A subtree's cost is not its tile count: where borders run, tiles are drawn and cost more.
  std::vector<geom::TileRange> ranges(spec.maxzoom + 1);
  for (int z = 0; z <= spec.maxzoom; ++z) ranges[z] = pyramid_range(spec, z);
  double lo = 1e300, hi = 0;
  for (const auto& u : plan.units)
    if (u.subtree) {
      const double per_tile = u.cost / static_cast<double>(subtree_tiles(u.tile, ranges, spec.maxzoom));
      lo = std::min(lo, per_tile), hi = std::max(hi, per_tile);
    }
  EXPECT_GT(hi, 3 * lo);
}

TEST(Shard, EveryMachineMakesTheSamePlan) {
  const PyramidSpec s = west_africa(10, {3, 5});
  const PyramidPlan a = plan_for(world(), s), b = plan_for(world(), s);
  ASSERT_EQ(a.units.size(), b.units.size());
  for (std::size_t i = 0; i < a.units.size(); ++i) {
    EXPECT_EQ(a.units[i].tile, b.units[i].tile);
    EXPECT_EQ(a.units[i].cost, b.units[i].cost);
  }
  EXPECT_EQ(a.loads, b.loads);
}
