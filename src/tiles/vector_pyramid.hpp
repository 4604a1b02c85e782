#pragma once
// Cuts a VectorWorld into every tile of a pyramid on worker threads and hands the non-empty ones
// to a sink (tiles in the open sea carry nothing and are not written).
#include <atomic>
#include <cstdint>

#include "tiles/progress.hpp"
#include "tiles/pyramid.hpp"
#include "tiles/sink.hpp"
#include "tiles/vector_world.hpp"

namespace sahelmap::tiles {

struct VectorPyramidStats {
  std::uint64_t total = 0;    // tiles in the pyramid (in this shard)
  std::uint64_t written = 0;  // non-empty tiles put into the sink
  std::uint64_t skipped = 0;  // already there (--resume)
  std::uint64_t features = 0, raw_bytes = 0, bytes = 0;
  std::uint64_t capped = 0;  // remade with coarser borders to fit the tile-size cap
  double seconds = 0;
  bool interrupted = false;
};

/// Uses spec.bbox, zooms, threads and shard (spec.tile and annotator are for raster pyramids).
/// @throws Error from the sink, after the workers have stopped.
VectorPyramidStats render_vector_pyramid(const VectorWorld& world, const PyramidSpec& spec, TileSink& sink,
                                         Progress& progress, const std::atomic<bool>& stop);

}  // namespace sahelmap::tiles
