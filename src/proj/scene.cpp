#include "proj/scene.hpp"

#include <memory>

#include "proj/projector.hpp"

namespace sahelmap::proj {

Scene build_scene(const data::Boundaries& boundaries, const Projection& projection, const geom::Box& extent) {
  Scene scene;
  scene.crs = projection.target();
  scene.extent = extent;
  // Sources in a projected CRS go to lon/lat first: the cuts happen in lon/lat.
  std::unique_ptr<Projection> to_lonlat;
  if (!boundaries.geographic) to_lonlat = std::make_unique<Projection>("OGC:CRS84", boundaries.crs);

  Projector projector(projection, lonlat_window(projection, extent));
  for (const auto& shape : boundaries.shapes) {
    const geom::MultiPolygon* lonlat = &shape.geometry;
    geom::MultiPolygon converted;
    if (to_lonlat) {
      converted = shape.geometry;
      for (auto& poly : converted)
        for (auto& ring : poly.rings) to_lonlat->forward(ring);
      lonlat = &converted;
    }
    SceneCountry c{shape.code, shape.name, projector.polygons(*lonlat), projector.outlines(*lonlat)};
    if (c.area.empty() && c.outline.empty()) continue;
    scene.countries.push_back(std::move(c));
  }
  scene.dropped_rings = projector.dropped_rings();
  return scene;
}

}  // namespace sahelmap::proj
