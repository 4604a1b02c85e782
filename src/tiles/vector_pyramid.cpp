#include "tiles/vector_pyramid.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace sahelmap::tiles {

VectorPyramidStats render_vector_pyramid(const VectorWorld& world, const PyramidSpec& spec, TileSink& sink,
                                         Progress& progress, const std::atomic<bool>& stop) {
  const auto start = std::chrono::steady_clock::now();
  VectorPyramidStats stats;
  std::vector<geom::TileRange> ranges;
  for (int z = spec.minzoom; z <= spec.maxzoom; ++z) ranges.push_back(pyramid_range(spec, z));
  const auto existing = sink.existing();

  // Work in chunks of consecutive tiles of one zoom, handed out in order.
  struct Chunk {
    std::size_t range;
    std::uint64_t first, count;
  };
  std::vector<Chunk> chunks;
  constexpr std::uint64_t kChunk = 256;
  // A shard takes every N-th chunk: every machine computes the same list, so shards are disjoint
  // and together the whole pyramid, each a similar mix of zooms.
  std::uint64_t nth = 0;
  stats.total = 0;
  for (std::size_t r = 0; r < ranges.size(); ++r)
    for (std::uint64_t i = 0; i < ranges[r].count(); i += kChunk, ++nth)
      if (static_cast<int>(nth % static_cast<std::uint64_t>(spec.shard.count)) == spec.shard.index) {
        chunks.push_back({r, i, std::min(kChunk, ranges[r].count() - i)});
        stats.total += chunks.back().count;
      }
  progress.set_total(stats.total);

  const int threads = std::max(1, spec.threads);
  const bool ids = sink.wants_ids();
  std::mutex sink_mutex, failure_mutex;
  std::exception_ptr failure;
  std::atomic<bool> halt{false};
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> done{0}, written{0}, skipped{0}, features{0}, raw{0}, bytes{0}, capped{0};
  auto work = [&] {
    try {
      VectorTileStats ts;
      std::uint64_t local_bytes = 0;
      for (std::size_t k; !halt && !stop && (k = next.fetch_add(1)) < chunks.size();) {
        const Chunk& c = chunks[k];
        const geom::TileRange& r = ranges[c.range];
        const std::uint64_t width = r.x1 - r.x0 + 1;
        std::vector<std::pair<geom::TileId, TilePtr>> batch;
        for (std::uint64_t i = c.first; i < c.first + c.count; ++i) {
          const geom::TileId t{r.z, static_cast<std::uint32_t>(r.x0 + i % width),
                               static_cast<std::uint32_t>(r.y0 + i / width)};
          if (existing.count(tile_key(t))) {
            ++skipped;
            continue;
          }
          std::string mvt = world.tile(t, &ts);
          if (mvt.empty()) continue;
          auto tile = std::make_shared<EncodedTile>();
          tile->png.assign(mvt.begin(), mvt.end());
          if (ids) tile->id = tile_id(tile->png);
          local_bytes += mvt.size();
          batch.emplace_back(t, std::move(tile));
        }
        if (sink.concurrent()) {
          for (const auto& [t, tile] : batch) sink.put(t, tile);
        } else {
          std::lock_guard lock(sink_mutex);
          for (const auto& [t, tile] : batch) sink.put(t, tile);
        }
        written += batch.size();
        done += c.count;
        if (threads == 1 || k % 4 == 0) {
          std::lock_guard lock(sink_mutex);
          progress.update(done.load());
        }
      }
      features += ts.features;
      raw += ts.raw_bytes;
      capped += ts.capped;
      bytes += local_bytes;
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      halt = true;
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);

  stats.written = written;
  stats.skipped = skipped;
  stats.features = features;
  stats.raw_bytes = raw;
  stats.bytes = bytes;
  stats.capped = capped;
  stats.interrupted = stop.load();
  sink.end(stats.interrupted);
  progress.finish(done.load());
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace sahelmap::tiles
