#pragma once
// How a pyramid is cut into units of work, and those units into N shards for separate machines
// (Slurm array tasks, Kubernetes Indexed Job pods).
//
// Every tile's geometry is clipped from its ancestor at one split zoom (see split_zoom), whatever
// the threads or shards, so a tile's bytes never depend on how the work was cut. Units are single
// tiles above a unit zoom and whole subtrees below it. A unit's cost is estimated from the
// geometry: the tiles it holds, and how many of those the borders cross (those are drawn; the rest
// are one flat colour and cheap), so low zooms, where every tile is drawn, weigh what they cost.
// Units go to shards largest first, each to the least loaded one. The plan depends only on the
// world and the pyramid, so every machine computes the same one: shards are disjoint and together
// are the whole pyramid.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "geom/tile.hpp"
#include "tiles/tile_world.hpp"

namespace sahelmap::tiles {

struct Shard {
  int index = 0, count = 1;
  std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
  friend bool operator==(const Shard&, const Shard&) = default;
};

/// "I/N" with 0 <= I < N, or "auto/N" with I from SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN,
/// so --array=1-8 works too) or else JOB_COMPLETION_INDEX (a Kubernetes Indexed Job).
/// @throws UsageError naming the problem (malformed, out of range, no index in the environment,
///         an array whose size is not N).
Shard parse_shard(std::string_view text, const std::function<const char*(const char*)>& getenv);

struct PyramidUnit {
  geom::TileId tile;
  bool subtree = false;  // the tile and everything below it down to the maximum zoom
  double cost = 0;       // estimated, relative
};

struct PyramidPlan {
  int split_zoom = 0;              // geometry is clipped from tiles of this zoom down
  int unit_zoom = 0;               // subtrees are rooted here; tiles above are units alone
  std::vector<PyramidUnit> units;  // this shard's, largest first
  std::uint64_t tiles = 0;         // tiles in this shard's units
  std::vector<double> loads;       // the estimated cost of every shard
};

/// The first zoom with at least 256 tiles (or the maximum zoom): enough subtrees for any number
/// of threads, few enough single tiles above.
int split_zoom(const std::vector<geom::TileRange>& ranges, int minzoom, int maxzoom);

/// @param ranges the tiles of each zoom, indexed by zoom (entries below minzoom unused)
PyramidPlan plan_pyramid(const TileWorld& world, const std::vector<geom::TileRange>& ranges, int minzoom, int maxzoom,
                         Shard shard);

/// Tiles of the subtree under `t` (t included) that lie in `ranges`, down to `maxzoom`.
std::uint64_t subtree_tiles(geom::TileId t, const std::vector<geom::TileRange>& ranges, int maxzoom);

}  // namespace sahelmap::tiles
