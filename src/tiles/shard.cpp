#include "tiles/shard.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <queue>

#include "geom/clip.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles {

namespace {

// Relative costs, measured on the reference pyramid (bench/shard_balance.sh): a drawn tile costs
// about 25 flat ones; clipping and drawing cost about 1/50 of a flat tile per polygon point.
constexpr double kFlat = 1, kDrawn = 25, kPoint = 0.02;

int parse_int(std::string_view s, const std::string& what) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw UsageError("shard: " + what + " '" + std::string(s) + "' is not a whole number");
  return v;
}

// Points of the polygons and border pieces of the world within `box`, and (when `borders`: only
// subtrees' costs use them) the border length inside it in units of the box's side.
struct Inside {
  std::size_t points = 0;
  double border_length = 0;
  std::size_t border_pieces = 0;
};

Inside measure(const TileWorld& world, const geom::Box& box, bool borders, geom::RectClipper& clipper,
               std::vector<std::uint32_t>& found, geom::MultiLine& pieces) {
  Inside in;
  world.part_index.query(box, found);
  for (std::uint32_t i : found)
    for (const auto& r : world.parts[i].polygon.rings) in.points += r.size();
  if (!borders) return in;
  world.border_index.query(box, found);
  clipper.set_box(box);
  for (std::uint32_t i : found) {
    pieces.clear();
    clipper.clip(world.borders[i], pieces);
    in.border_pieces += pieces.size();
    for (const auto& l : pieces)
      for (std::size_t k = 1; k < l.size(); ++k)
        in.border_length += std::hypot(l[k].x - l[k - 1].x, l[k].y - l[k - 1].y);
  }
  in.border_length /= box.width();
  return in;
}

}  // namespace

Shard parse_shard(std::string_view text, const std::function<const char*(const char*)>& getenv) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos)
    throw UsageError("shard '" + std::string(text) + "': use I/N (0 <= I < N) or auto/N");
  Shard s;
  s.count = parse_int(text.substr(slash + 1), "count");
  if (s.count < 1 || s.count > 1000000) throw UsageError("shard '" + std::string(text) + "': N must be 1..1000000");
  const std::string_view first = text.substr(0, slash);
  if (first == "auto") {
    const char* slurm = getenv("SLURM_ARRAY_TASK_ID");
    const char* k8s = getenv("JOB_COMPLETION_INDEX");
    if (slurm && *slurm) {
      s.index = parse_int(slurm, "SLURM_ARRAY_TASK_ID");
      if (const char* min = getenv("SLURM_ARRAY_TASK_MIN"); min && *min)
        s.index -= parse_int(min, "SLURM_ARRAY_TASK_MIN");
      if (const char* n = getenv("SLURM_ARRAY_TASK_COUNT");
          n && *n && parse_int(n, "SLURM_ARRAY_TASK_COUNT") != s.count)
        throw UsageError("shard auto/" + std::to_string(s.count) + ": the Slurm array has " + n +
                         " tasks; make --array and N agree");
    } else if (k8s && *k8s) {
      s.index = parse_int(k8s, "JOB_COMPLETION_INDEX");
    } else {
      throw UsageError("shard auto/" + std::to_string(s.count) +
                       ": neither SLURM_ARRAY_TASK_ID (Slurm job array) nor JOB_COMPLETION_INDEX (Kubernetes "
                       "Indexed Job) is set");
    }
  } else {
    s.index = parse_int(first, "index");
  }
  if (s.index < 0 || s.index >= s.count)
    throw UsageError("shard " + std::to_string(s.index) + "/" + std::to_string(s.count) + ": the index must be 0.." +
                     std::to_string(s.count - 1));
  return s;
}

int split_zoom(const std::vector<geom::TileRange>& ranges, int minzoom, int maxzoom) {
  for (int z = minzoom; z <= maxzoom; ++z)
    if (ranges[z].count() >= 256) return z;
  return maxzoom;
}

namespace {
// Tiles of the subtree under `t` at zoom z (>= t.z) that lie in the range of that zoom.
std::uint64_t level_tiles(geom::TileId t, const geom::TileRange& r, int z) {
  const int d = z - t.z;
  const std::uint64_t x0 = std::max<std::uint64_t>(std::uint64_t(t.x) << d, r.x0);
  const std::uint64_t x1 = std::min<std::uint64_t>(((std::uint64_t(t.x) + 1) << d) - 1, r.x1);
  const std::uint64_t y0 = std::max<std::uint64_t>(std::uint64_t(t.y) << d, r.y0);
  const std::uint64_t y1 = std::min<std::uint64_t>(((std::uint64_t(t.y) + 1) << d) - 1, r.y1);
  return x0 > x1 || y0 > y1 ? 0 : (x1 - x0 + 1) * (y1 - y0 + 1);
}
}  // namespace

std::uint64_t subtree_tiles(geom::TileId t, const std::vector<geom::TileRange>& ranges, int maxzoom) {
  std::uint64_t n = 0;
  for (int z = t.z; z <= maxzoom; ++z) n += level_tiles(t, ranges[z], z);
  return n;
}

PyramidPlan plan_pyramid(const TileWorld& world, const std::vector<geom::TileRange>& ranges, int minzoom, int maxzoom,
                         Shard shard) {
  PyramidPlan plan;
  plan.split_zoom = split_zoom(ranges, minzoom, maxzoom);
  // Enough subtrees that every shard gets many: the largest-first assignment then balances well.
  plan.unit_zoom = maxzoom;
  for (int z = plan.split_zoom; z <= maxzoom; ++z)
    if (ranges[z].count() >= 32u * static_cast<std::uint64_t>(shard.count)) {
      plan.unit_zoom = z;
      break;
    }

  std::vector<PyramidUnit> all;
  geom::RectClipper clipper{geom::Box{0, 0, 1, 1}};
  std::vector<std::uint32_t> found;
  geom::MultiLine pieces;
  for (int z = minzoom; z <= plan.unit_zoom; ++z) {
    const geom::TileRange& r = ranges[z];
    for (std::uint32_t y = r.y0; y <= r.y1; ++y)
      for (std::uint32_t x = r.x0; x <= r.x1; ++x) {
        const geom::TileId t{z, x, y};
        PyramidUnit u{t, z == plan.unit_zoom, 0};
        const Inside in = measure(world, geom::tile_bounds(t), u.subtree, clipper, found, pieces);
        if (!u.subtree) {
          u.cost = kDrawn + kPoint * static_cast<double>(in.points);
        } else {
          // Drawn tiles at each depth: those the borders cross, at most all of them.
          u.cost = 2 * kPoint * static_cast<double>(in.points);
          for (int d = 0; z + d <= maxzoom; ++d) {
            const double level = static_cast<double>(level_tiles(t, ranges[z + d], z + d));
            const double drawn =
                std::min(level, in.border_length * std::ldexp(1.0, d) + static_cast<double>(in.border_pieces));
            u.cost += kFlat * level + (kDrawn - kFlat) * drawn;
          }
        }
        all.push_back(u);
      }
  }
  // Largest first, ties in tile order: the same everywhere.
  std::stable_sort(all.begin(), all.end(), [](const PyramidUnit& a, const PyramidUnit& b) { return a.cost > b.cost; });
  plan.loads.assign(static_cast<std::size_t>(shard.count), 0.0);
  // Least loaded shard first, ties to the lowest index.
  using Slot = std::pair<double, int>;
  std::priority_queue<Slot, std::vector<Slot>, std::greater<Slot>> least;
  for (int i = 0; i < shard.count; ++i) least.push({0.0, i});
  for (const PyramidUnit& u : all) {
    auto [load, i] = least.top();
    least.pop();
    least.push({load + u.cost, i});
    plan.loads[static_cast<std::size_t>(i)] += u.cost;
    if (i == shard.index) {
      plan.units.push_back(u);
      plan.tiles += u.subtree ? subtree_tiles(u.tile, ranges, maxzoom) : 1;
    }
  }
  return plan;
}

}  // namespace sahelmap::tiles
