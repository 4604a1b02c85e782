#include "proj/scene.hpp"

#include <algorithm>

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

Scene build_scene(const data::Boundaries& boundaries, const Projection& projection, const geom::Box& extent) {
  Scene scene;
  scene.crs = projection.target();
  scene.extent = extent;
  LonLatView lonlat_of(boundaries);
  Projector projector(projection, lonlat_window(projection, extent));
  for (const auto& shape : boundaries.shapes) {
    const geom::MultiPolygon& lonlat = lonlat_of(shape);
    SceneCountry c{shape.code, shape.name, projector.polygons(lonlat), projector.outlines(lonlat)};
    if (c.area.empty() && c.outline.empty()) continue;
    scene.countries.push_back(std::move(c));
  }
  scene.dropped_rings = projector.dropped_rings();
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
