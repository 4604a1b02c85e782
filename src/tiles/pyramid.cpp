#include "tiles/pyramid.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "util/bounded_queue.hpp"

namespace sahelmap::tiles {

namespace {

using Batch = std::vector<std::pair<geom::TileId, TilePtr>>;

// Workers hand batches to the writer; bounded, so a slow disk holds the workers back instead of
// filling memory.
using BatchQueue = BoundedQueue<Batch>;

// IHDR colour type 3: an exact-palette PNG.
bool is_indexed(const EncodedTile& tile) {
  return tile.png.size() > 25 && tile.png[1] == 'P' && tile.png[25] == 3;
}

class Worker {
 public:
  /// @param direct the sink takes tiles from this thread (else batches go to the writer)
  Worker(const TileWorld& world, const TilePalette& palette, const PyramidSpec& spec, int split_zoom,
         const std::vector<geom::TileRange>& ranges, const std::unordered_set<std::uint64_t>& existing,
         BatchQueue& queue, TileSink* direct, std::atomic<std::uint64_t>& written, const std::atomic<bool>& stop)
      : renderer_(world, palette, spec.tile, spec.annotator),
        spec_(spec),
        split_zoom_(split_zoom),
        ranges_(ranges),
        existing_(existing),
        queue_(queue),
        direct_(direct),
        written_(written),
        stop_(stop) {}

  void run(const PyramidUnit& unit) {
    // Below the split zoom, a tile's geometry comes down from its ancestor there, as in any run.
    const geom::TileId t = unit.tile;
    const int top = std::min(t.z, split_zoom_);
    const geom::TileId a{top, t.x >> (t.z - top), t.y >> (t.z - top)};
    Step s{renderer_.root(a), {}};
    s.flat = renderer_.flat(s.g, a);
    for (int z = top + 1; z <= t.z; ++z) s = step(s, {z, t.x >> (t.z - z), t.y >> (t.z - z)});
    if (unit.subtree)
      descend(t, s);
    else
      emit(t, s.g, s.flat);
  }
  void flush() {
    if (!batch_.empty()) queue_.push(std::move(batch_));
    batch_ = {};
  }
  std::uint64_t flat = 0, skipped = 0, indexed = 0;  // indexed: palette PNGs written directly

 private:
  void emit(geom::TileId t, const TileGeometry& g, std::optional<FlatLook> f) {
    if (existing_.count(tile_key(t))) {
      ++skipped;
      return;
    }
    if (f) ++flat;
    TilePtr tile = renderer_.make(g, t, f);
    if (direct_) {
      indexed += is_indexed(*tile);
      direct_->put(t, tile);
      written_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    batch_.emplace_back(t, std::move(tile));
    if (batch_.size() >= 128) flush();
  }

  struct Step {
    TileGeometry g;
    std::optional<FlatLook> flat;
  };
  // From a tile to its child `c`: the one way every run computes a child's geometry.
  Step step(const Step& parent, geom::TileId c) {
    if (parent.flat && !renderer_.annotated(c)) return parent;  // a flat tile's children are the same flat look
    Step s{parent.flat ? renderer_.synthetic(*parent.flat, c)   // flat, but a name or marker is on it
                       : renderer_.child(parent.g, c),
           {}};
    s.flat = renderer_.flat(s.g, c);
    return s;
  }

  void descend(geom::TileId t, const Step& s) {
    if (stop_.load(std::memory_order_relaxed)) return;
    emit(t, s.g, s.flat);
    if (t.z >= spec_.maxzoom) return;
    const geom::TileRange& r = ranges_[t.z + 1];
    for (std::uint32_t i = 0; i < 4; ++i) {
      const geom::TileId c{t.z + 1, 2 * t.x + (i & 1), 2 * t.y + (i >> 1)};
      if (c.x < r.x0 || c.x > r.x1 || c.y < r.y0 || c.y > r.y1) continue;
      if (s.flat && !renderer_.annotated(c))
        descend(c, s);  // no copy of a flat tile's geometry
      else
        descend(c, step(s, c));
    }
  }

  TileRenderer renderer_;
  const PyramidSpec& spec_;
  int split_zoom_;
  const std::vector<geom::TileRange>& ranges_;
  const std::unordered_set<std::uint64_t>& existing_;
  BatchQueue& queue_;
  TileSink* direct_;
  std::atomic<std::uint64_t>& written_;
  const std::atomic<bool>& stop_;
  Batch batch_;
};

}  // namespace

geom::TileRange pyramid_range(const PyramidSpec& spec, int z) {
  geom::Box b = spec.bbox;
  b.miny = std::max(b.miny, -geom::kMercatorMaxLat);
  b.maxy = std::min(b.maxy, geom::kMercatorMaxLat);
  b.maxx = std::min(b.maxx, 180.0);
  return geom::tiles_covering(b, z);
}

namespace {
std::vector<geom::TileRange> pyramid_ranges(const PyramidSpec& spec) {
  std::vector<geom::TileRange> ranges(spec.maxzoom + 1);
  for (int z = spec.minzoom; z <= spec.maxzoom; ++z) ranges[z] = pyramid_range(spec, z);
  return ranges;
}
}  // namespace

PyramidPlan plan_for(const TileWorld& world, const PyramidSpec& spec) {
  return plan_pyramid(world, pyramid_ranges(spec), spec.minzoom, spec.maxzoom, spec.shard);
}

PyramidStats render_pyramid(const TileWorld& world, const TilePalette& palette, const PyramidSpec& spec, TileSink& sink,
                            Progress& progress, const std::atomic<bool>& stop) {
  return render_pyramid(world, palette, spec, plan_for(world, spec), sink, progress, stop);
}

PyramidStats render_pyramid(const TileWorld& world, const TilePalette& palette, const PyramidSpec& spec,
                            const PyramidPlan& plan, TileSink& sink, Progress& progress,
                            const std::atomic<bool>& stop) {
  const auto start = std::chrono::steady_clock::now();
  PyramidStats stats;
  const std::vector<geom::TileRange> ranges = pyramid_ranges(spec);
  const std::vector<PyramidUnit>& tasks = plan.units;  // largest first: no thread ends on a big one
  stats.total = plan.tiles;
  progress.set_total(plan.tiles);
  const auto existing = sink.existing();
  if (spec.annotator) spec.annotator->place_all();  // before the threads: placement is per zoom
  const int threads = std::max(1, spec.threads);

  BatchQueue queue(4 * static_cast<std::size_t>(threads) + 4);
  TileSink* direct = sink.concurrent() ? &sink : nullptr;
  std::atomic<std::uint64_t> written{0};
  PyramidSpec worker_spec = spec;
  worker_spec.tile.ids = sink.wants_ids();
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> flat{0}, skipped{0}, indexed_direct{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::atomic<bool> abort{false};
  std::atomic<bool> halt{false};  // stop || abort, seen by the workers
  std::vector<std::thread> pool;
  std::atomic<int> running{threads};
  for (int i = 0; i < threads; ++i)
    pool.emplace_back([&] {
      try {
        Worker w(world, palette, worker_spec, plan.split_zoom, ranges, existing, queue, direct, written, halt);
        for (std::size_t k; !halt && (k = next.fetch_add(1)) < tasks.size();) {
          w.run(tasks[k]);
          w.flush();
        }
        flat += w.flat;
        skipped += w.skipped;
        indexed_direct += w.indexed;
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        abort = halt = true;
      }
      if (--running == 0) queue.close();
    });

  // The writer: this thread.
  Batch batch;
  auto last_checkpoint = std::chrono::steady_clock::now();
  std::uint64_t since_checkpoint = 0, indexed = 0;
  try {
    // Wakes up at least every 200 ms to checkpoint, and to see a stop request.
    for (BatchQueue::Pop got; (got = queue.pop(batch, std::chrono::milliseconds(200))) != BatchQueue::Pop::Closed;) {
      if (stop) halt = true;
      if (got == BatchQueue::Pop::Timeout) batch.clear();
      for (const auto& [t, tile] : batch) {
        sink.put(t, tile);
        indexed += is_indexed(*tile);
      }
      written += batch.size();
      since_checkpoint += batch.size();
      const auto now = std::chrono::steady_clock::now();
      if (since_checkpoint >= 20000 || now - last_checkpoint > std::chrono::seconds(2)) {
        sink.checkpoint();
        since_checkpoint = 0;
        last_checkpoint = now;
      }
      progress.update(written.load() + skipped.load());
    }
  } catch (...) {
    halt = true;
    queue.close();
    for (auto& t : pool) t.join();
    throw;
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  stats.written = written;
  stats.flat = flat;
  stats.palette = indexed + indexed_direct;
  stats.skipped = skipped;
  stats.interrupted = stop.load();
  sink.end(stats.interrupted);
  progress.finish(stats.written + stats.skipped);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace sahelmap::tiles
