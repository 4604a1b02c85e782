#pragma once
// Boundaries projected for one view: the "project" stage between data and drawing.
#include <memory>
#include <string>
#include <vector>

#include "data/boundaries.hpp"
#include "geom/geometry.hpp"
#include "proj/projection.hpp"

namespace sahelmap::proj {

struct SceneCountry {
  std::string code, name;
  geom::MultiPolygon area;  // projected, cut for the view (fill)
  geom::MultiLine outline;  // projected original rings as lines (borders; never the cuts)
};

struct Scene {
  std::string crs;
  geom::Box extent;  // projected extent the view shows
  std::vector<SceneCountry> countries;
  geom::Polygon domain;  // where the projection shows the world: the sea is painted there
  std::size_t dropped_rings = 0;
};

/// Lon/lat geometry of boundaries in any CRS (converted with PROJ when the source is projected).
class LonLatView {
 public:
  explicit LonLatView(const data::Boundaries& boundaries);
  /// The shape's geometry in lon/lat; valid until the next call.
  const geom::MultiPolygon& operator()(const data::CountryShape& shape);

 private:
  std::unique_ptr<Projection> to_lonlat_;
  geom::MultiPolygon buffer_;
};

/// Projects every boundary that can appear in `extent` (target CRS units).
/// @throws Error when the boundaries' CRS cannot be transformed.
Scene build_scene(const data::Boundaries& boundaries, const Projection& projection, const geom::Box& extent);

}  // namespace sahelmap::proj
