#include "proj/scene.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <thread>

#include "proj/projector.hpp"

namespace sahelmap::proj {

LonLatView::LonLatView(const data::Boundaries& boundaries) {
  // Sources in a projected CRS go to lon/lat first: the cuts happen in lon/lat.
  if (!boundaries.geographic) to_lonlat_ = std::make_unique<Projection>("OGC:CRS84", boundaries.crs);
}

const geom::MultiPolygon& LonLatView::operator()(const data::CountryShape& shape) {
  if (!to_lonlat_) return shape.geometry;
  buffer_ = shape.geometry;
  for (auto& poly : buffer_)
    for (auto& ring : poly.rings) to_lonlat_->forward(ring);
  return buffer_;
}

namespace {

// Shapes [from, to) projected in order; the countries left with nothing dropped.
void project_shapes(const data::Boundaries& boundaries, Projector& projector, std::size_t from, std::size_t to,
                    std::vector<SceneCountry>& out) {
  LonLatView lonlat_of(boundaries);
  for (std::size_t i = from; i < to; ++i) {
    const data::CountryShape& shape = boundaries.shapes[i];
    const geom::MultiPolygon& lonlat = lonlat_of(shape);
    SceneCountry c{shape.code, shape.name, projector.polygons(lonlat), projector.outlines(lonlat)};
    if (c.area.empty() && c.outline.empty()) continue;
    out.push_back(std::move(c));
  }
}

}  // namespace

Scene build_scene(const data::Boundaries& boundaries, const Projection& projection, const geom::Box& extent) {
  Scene scene;
  scene.crs = projection.target();
  scene.extent = extent;
  const geom::Box window = lonlat_window(projection, extent);
  Projector projector(projection, window);
  const std::size_t n = boundaries.shapes.size();
  // Large data (1:50m, 100,000 vertices, and finer: an A3 poster's 20 ms) on two cores: the second half of the
  // shapes, cut by vertex count, with PROJ objects of its own (they are not thread-safe). The
  // countries keep their order, so the scene is the same.
  std::size_t vertices = 0;
  for (const auto& shape : boundaries.shapes)
    for (const auto& poly : shape.geometry)
      for (const auto& ring : poly.rings) vertices += ring.size();
  constexpr std::size_t kTwoCores = 50000;
  std::size_t half = n;
  if (vertices >= kTwoCores && std::thread::hardware_concurrency() >= 2) {
    std::size_t seen = 0;
    for (half = 0; half < n && seen < vertices / 2; ++half)
      for (const auto& poly : boundaries.shapes[half].geometry)
        for (const auto& ring : poly.rings) seen += ring.size();
  }
  std::vector<SceneCountry> second;
  std::size_t second_dropped = 0;
  std::exception_ptr error;
  {
    std::jthread helper;
    if (half < n)
      helper = std::jthread([&] {
        try {
          const Projection own(projection.target());
          Projector p(own, window);
          project_shapes(boundaries, p, half, n, second);
          second_dropped = p.dropped_rings();
        } catch (...) {
          error = std::current_exception();
        }
      });
    project_shapes(boundaries, projector, 0, half, scene.countries);
  }
  if (error) std::rethrow_exception(error);
  std::move(second.begin(), second.end(), std::back_inserter(scene.countries));
  scene.dropped_rings = projector.dropped_rings() + second_dropped;
  scene.domain = projector.domain();
  return scene;
}

std::shared_ptr<const Scene> SceneCache::get(const data::Boundaries& boundaries, const Projection& projection,
                                             const geom::Box& extent) {
  auto same = [&](const Entry& e) {
    return e.boundaries == &boundaries && e.crs == projection.target() && e.extent.minx == extent.minx &&
           e.extent.miny == extent.miny && e.extent.maxx == extent.maxx && e.extent.maxy == extent.maxy;
  };
  {
    const std::lock_guard lock(mutex_);
    if (const auto it = std::find_if(entries_.begin(), entries_.end(), same); it != entries_.end()) {
      std::rotate(it, it + 1, entries_.end());  // most recently used last
      ++hits_;
      return entries_.back().scene;
    }
  }
  auto scene = std::make_shared<const Scene>(build_scene(boundaries, projection, extent));  // unlocked: in parallel
  const std::lock_guard lock(mutex_);
  if (std::none_of(entries_.begin(), entries_.end(), same)) {
    if (entries_.size() >= 32) entries_.erase(entries_.begin());
    entries_.push_back({&boundaries, projection.target(), extent, scene});
  }
  return scene;
}

std::size_t SceneCache::hits() const {
  const std::lock_guard lock(mutex_);
  return hits_;
}

}  // namespace sahelmap::proj
