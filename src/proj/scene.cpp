#include "proj/scene.hpp"

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

}  // namespace sahelmap::proj
