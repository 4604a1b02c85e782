#pragma once
// Renders a tile pyramid with worker threads: subtrees of the quadtree are the unit of work, each
// tile's geometry is clipped from its parent's, flat tiles skip drawing (and so do all their
// descendants), and one writer thread feeds the sink.
#include <atomic>
#include <cstdint>

#include "tiles/progress.hpp"
#include "tiles/shard.hpp"
#include "tiles/sink.hpp"
#include "tiles/tile_renderer.hpp"
#include "tiles/tile_world.hpp"

namespace sahelmap::tiles {

struct PyramidSpec {
  geom::Box bbox;  // lon/lat
  int minzoom = 0, maxzoom = 8;
  TileOptions tile;
  int threads = 1;
  const Annotator* annotator = nullptr;  // names and markers, placed per zoom
  Shard shard;                           // render only this part (see shard.hpp)
};

struct PyramidStats {
  std::uint64_t total = 0;    // tiles in the pyramid (in this shard)
  std::uint64_t written = 0;  // put into the sink by this run
  std::uint64_t skipped = 0;  // already there (--resume)
  std::uint64_t flat = 0;     // written without drawing
  std::uint64_t palette = 0;  // written as exact-palette PNGs (at most 256 colours)
  double seconds = 0;
  bool interrupted = false;
};

/// Tiles of the pyramid at one zoom.
geom::TileRange pyramid_range(const PyramidSpec& spec, int z);
/// The units of work of the spec's shard (all of them for an unsharded spec).
PyramidPlan plan_for(const TileWorld& world, const PyramidSpec& spec);

/// @param stop set (by a signal handler) to end early: work in flight is written and
///        checkpointed, and the sink is left resumable.
/// @throws Error from the sink or the drawing, after the workers have stopped.
PyramidStats render_pyramid(const TileWorld& world, const TilePalette& palette, const PyramidSpec& spec, TileSink& sink,
                            Progress& progress, const std::atomic<bool>& stop);
/// The same with the plan already made (plan_for(world, spec)), e.g. to record its tile count.
PyramidStats render_pyramid(const TileWorld& world, const TilePalette& palette, const PyramidSpec& spec,
                            const PyramidPlan& plan, TileSink& sink, Progress& progress, const std::atomic<bool>& stop);

}  // namespace sahelmap::tiles
