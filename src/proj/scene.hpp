#pragma once
// Boundaries projected for one view: the "project" stage between data and drawing.
#include <memory>
#include <mutex>
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

/// Scenes already built, by boundaries, CRS and extent (exactly): the layout's passes and an
/// animation's frames ask for the same views again (the locator's Africa on every frame, the map
/// whenever the frame is the same size). Thread-safe; keeps the 32 most recently used.
class SceneCache {
 public:
  std::shared_ptr<const Scene> get(const data::Boundaries& boundaries, const Projection& projection,
                                   const geom::Box& extent);
  std::size_t hits() const;

 private:
  struct Entry {
    const data::Boundaries* boundaries;
    std::string crs;
    geom::Box extent;
    std::shared_ptr<const Scene> scene;
  };
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;  // least recently used first
  std::size_t hits_ = 0;
};

}  // namespace sahelmap::proj
