// The pyramid job of issue 3: Natural Earth 1:50m countries in EPSG:3857 clipped to every z8 tile
// their bounding box touches (about 102,500 clips), and to every tile of the z0-8 pyramid, by our
// clipping core and by GEOSClipByRect, in the same run. Prints microseconds per clip and the ratio.
//
//   build/bench/clip_vs_geos [--data ne_50m_admin_0_countries.json] [benchmark flags]
#define GEOS_USE_ONLY_R_API
#include <benchmark/benchmark.h>
#include <geos_c.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "data/boundaries.hpp"
#include "geom/clip.hpp"
#include "geom/tile.hpp"

using namespace sahelmap;
using namespace sahelmap::geom;

namespace {

std::string g_data = SAHELMAP_SHARED_DATA "/naturalearth/ne_50m_admin_0_countries.json";

struct Country {
  MultiPolygon merc;
  std::vector<PreparedPolygon> prepared;  // ring bounds once, as GEOS caches envelopes
  Box box;
  GEOSGeometry* geos = nullptr;
};

struct Dataset {
  GEOSContextHandle_t ctx = GEOS_init_r();
  std::vector<Country> countries;
  long single_clips = 0, pyramid_clips = 0;

  Dataset() {
    const auto table = data::CountryTable::load(SAHELMAP_SOURCE_DIR "/shapes/countries.csv");
    const auto b = data::load_boundaries(g_data, table);
    const Box world{-180, -kMercatorMaxLat, 180, kMercatorMaxLat};
    for (const auto& s : b.shapes) {
      Country c;
      for (auto& p : clip(s.geometry, world)) {
        for (auto& r : p.rings)
          for (auto& q : r) q = lonlat_to_mercator(q);
        c.merc.push_back(std::move(p));
      }
      if (c.merc.empty()) continue;
      c.box = bounds(c.merc);
      for (const auto& p : c.merc) c.prepared.emplace_back(p);
      std::vector<GEOSGeometry*> polys;
      for (const auto& p : organize(c.merc)) {
        std::vector<GEOSGeometry*> holes;
        auto ring = [&](const Ring& r) {
          return GEOSGeom_createLinearRing_r(
              ctx, GEOSCoordSeq_copyFromBuffer_r(ctx, &r[0].x, static_cast<unsigned>(r.size()), 0, 0));
        };
        for (std::size_t i = 1; i < p.rings.size(); ++i) holes.push_back(ring(p.rings[i]));
        polys.push_back(
            GEOSGeom_createPolygon_r(ctx, ring(p.rings[0]), holes.data(), static_cast<unsigned>(holes.size())));
      }
      c.geos = GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size()));
      single_clips += static_cast<long>(tiles_covering_mercator(c.box, 8).count());
      for (int z = 0; z <= 8; ++z) pyramid_clips += static_cast<long>(tiles_covering_mercator(c.box, z).count());
      countries.push_back(std::move(c));
    }
  }
  static MultiPolygon organize(const MultiPolygon& mp) {
    MultiPolygon out;
    for (const auto& p : mp)
      for (auto& q : organize_rings(p)) out.push_back(std::move(q));
    return out;
  }
  ~Dataset() {
    for (auto& c : countries) GEOSGeom_destroy_r(ctx, c.geos);
    GEOS_finish_r(ctx);
  }
};

Dataset& dataset() {
  static Dataset d;
  return d;
}

std::map<std::string, double> g_us_per_clip;

template <class Fn>
void for_each_tile(const Box& box, int z, Fn&& fn) {
  const TileRange r = tiles_covering_mercator(box, z);
  for (std::uint32_t y = r.y0; y <= r.y1; ++y)
    for (std::uint32_t x = r.x0; x <= r.x1; ++x) fn(TileId{z, x, y});
}

void record(benchmark::State& state, const char* name, long clips, std::size_t sink) {
  state.counters["clips"] = static_cast<double>(clips);
  state.counters["us_per_clip"] = benchmark::Counter(
      static_cast<double>(clips) * 1e-6, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  benchmark::DoNotOptimize(sink);
  (void)name;
}

// --- z8, every tile each country's bbox touches -------------------------------------------------

void BM_Z8_Ours(benchmark::State& state) {
  Dataset& d = dataset();
  std::size_t sink = 0;
  Polygon out;
  RectClipper clipper(Box{});
  for (auto _ : state)
    for (const auto& c : d.countries)
      for_each_tile(c.box, 8, [&](TileId t) {
        clipper.set_box(tile_bounds(t));
        for (const auto& p : c.prepared) {
          clipper.clip(p, out);
          sink += out.rings.size();
        }
      });
  record(state, "z8 ours", d.single_clips, sink);
}

void BM_Z8_GeosClipByRect(benchmark::State& state) {
  Dataset& d = dataset();
  std::size_t sink = 0;
  for (auto _ : state)
    for (const auto& c : d.countries)
      for_each_tile(c.box, 8, [&](TileId t) {
        const Box b = tile_bounds(t);
        GEOSGeometry* g = GEOSClipByRect_r(d.ctx, c.geos, b.minx, b.miny, b.maxx, b.maxy);
        sink += GEOSGetNumGeometries_r(d.ctx, g);
        GEOSGeom_destroy_r(d.ctx, g);
      });
  record(state, "z8 geos", d.single_clips, sink);
}

// --- the z0-8 pyramid ------------------------------------------------------------------------------

// Ours: each tile clips its parent's result (quadtree descent), never the whole country again.
void descend(const Country& c, TileId t, const MultiPolygon& parent, std::size_t& sink, long& clips) {
  const Box b = tile_bounds(t);
  RectClipper clipper(b);
  MultiPolygon here;
  Polygon out;
  for (const auto& p : parent) {
    clipper.clip(p, out);
    if (!out.empty()) here.push_back(std::move(out));
  }
  ++clips;
  sink += here.size();
  if (t.z == 8) return;
  const TileRange next = tiles_covering_mercator(c.box, t.z + 1);
  for (std::uint32_t i = 0; i < 4; ++i) {
    const TileId k{t.z + 1, 2 * t.x + (i & 1), 2 * t.y + (i >> 1)};
    if (k.x < next.x0 || k.x > next.x1 || k.y < next.y0 || k.y > next.y1) continue;
    descend(c, k, here, sink, clips);
  }
}

void BM_Pyramid_OursDescent(benchmark::State& state) {
  Dataset& d = dataset();
  std::size_t sink = 0;
  long clips = 0;
  for (auto _ : state) {
    clips = 0;
    for (const auto& c : d.countries) descend(c, {0, 0, 0}, c.merc, sink, clips);
  }
  if (clips != d.pyramid_clips) state.SkipWithError("descent visited a different tile set");
  record(state, "pyramid ours", d.pyramid_clips, sink);
}

void BM_Pyramid_GeosClipByRect(benchmark::State& state) {
  Dataset& d = dataset();
  std::size_t sink = 0;
  for (auto _ : state)
    for (const auto& c : d.countries)
      for (int z = 0; z <= 8; ++z)
        for_each_tile(c.box, z, [&](TileId t) {
          const Box b = tile_bounds(t);
          GEOSGeometry* g = GEOSClipByRect_r(d.ctx, c.geos, b.minx, b.miny, b.maxx, b.maxy);
          sink += GEOSGetNumGeometries_r(d.ctx, g);
          GEOSGeom_destroy_r(d.ctx, g);
        });
  record(state, "pyramid geos", d.pyramid_clips, sink);
}

// GEOS given the same advantage: each tile clips its parent's GEOSClipByRect result.
void descend_geos(GEOSContextHandle_t ctx, const Country& c, TileId t, const GEOSGeometry* parent, std::size_t& sink) {
  const Box b = tile_bounds(t);
  GEOSGeometry* here = GEOSClipByRect_r(ctx, parent, b.minx, b.miny, b.maxx, b.maxy);
  sink += GEOSGetNumGeometries_r(ctx, here);
  if (t.z < 8) {
    const TileRange next = tiles_covering_mercator(c.box, t.z + 1);
    for (std::uint32_t i = 0; i < 4; ++i) {
      const TileId k{t.z + 1, 2 * t.x + (i & 1), 2 * t.y + (i >> 1)};
      if (k.x < next.x0 || k.x > next.x1 || k.y < next.y0 || k.y > next.y1) continue;
      descend_geos(ctx, c, k, here, sink);
    }
  }
  GEOSGeom_destroy_r(ctx, here);
}

void BM_Pyramid_GeosDescent(benchmark::State& state) {
  Dataset& d = dataset();
  std::size_t sink = 0;
  for (auto _ : state)
    for (const auto& c : d.countries) descend_geos(d.ctx, c, {0, 0, 0}, c.geos, sink);
  record(state, "pyramid geos descent", d.pyramid_clips, sink);
}

// Reporter that keeps us/clip per benchmark for the ratio lines at the end.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      auto it = r.counters.find("us_per_clip");
      if (it != r.counters.end()) g_us_per_clip[r.benchmark_name()] = it->second.value;
    }
  }
};

}  // namespace

BENCHMARK(BM_Z8_Ours)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Z8_GeosClipByRect)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Pyramid_OursDescent)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Pyramid_GeosClipByRect)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Pyramid_GeosDescent)->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--data") == 0) g_data = argv[i + 1];
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--data") == 0) {
      ++i;
      continue;
    }
    args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  std::printf("data: %s\n%zu countries, %ld z8 clips, %ld z0-8 pyramid clips\n", g_data.c_str(),
              dataset().countries.size(), dataset().single_clips, dataset().pyramid_clips);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  auto get = [](const char* k) {
    for (const auto& [name, v] : g_us_per_clip)
      if (name.rfind(k, 0) == 0) return v;
    return 0.0;
  };
  const double z8o = get("BM_Z8_Ours"), z8g = get("BM_Z8_GeosClipByRect");
  const double po = get("BM_Pyramid_OursDescent"), pg = get("BM_Pyramid_GeosClipByRect");
  const double pgd = get("BM_Pyramid_GeosDescent");
  if (z8o > 0 && z8g > 0)
    std::printf("single clips (z8):  ours %.3f us/clip, GEOSClipByRect %.3f us/clip, ratio %.1fx (goal >= 3x)\n", z8o,
                z8g, z8g / z8o);
  if (po > 0 && pg > 0)
    std::printf("pyramid (z0-8):     ours %.3f us/clip, GEOSClipByRect %.3f us/clip, ratio %.1fx (goal >= 10x)\n", po,
                pg, pg / po);
  if (po > 0 && pgd > 0)
    std::printf("pyramid, both descending: GEOSClipByRect of the parent's result %.3f us/clip, ratio %.1fx\n", pgd,
                pgd / po);
  benchmark::Shutdown();
  return 0;
}
