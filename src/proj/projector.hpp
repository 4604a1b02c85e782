#pragma once
// Lon/lat geometry to projected geometry without streaks: clip to the window the map can show,
// cut at the projection's antimeridian (lon_0 + 180), or for an azimuthal projection clip to the
// cap it can show (the visible hemisphere of an orthographic), densify, project. Polygons keep their fill
// through the cut (the clipping core preserves winding); outlines are cut as lines, so the cut
// itself is never stroked as a border.
#include <cstddef>
#include <optional>
#include <vector>

#include "geom/clip.hpp"
#include "geom/geometry.hpp"
#include "proj/horizon.hpp"
#include "proj/projection.hpp"

namespace sahelmap::proj {

class Projector {
 public:
  /// @param window lon/lat box of interest; longitudes may run past 180 (a map across the
  ///        antimeridian), latitudes are clamped to the projection's area of use.
  Projector(const Projection& projection, const geom::Box& window);

  geom::MultiPolygon polygons(const geom::MultiPolygon& lonlat);
  geom::MultiLine outlines(const geom::MultiPolygon& lonlat);
  geom::MultiLine lines(const geom::MultiLine& lonlat);
  /// Rings dropped because PROJ could not transform some of their points.
  std::size_t dropped_rings() const { return dropped_; }
  /// The part of the plane the projection fills with the world (the globe's disc for an
  /// orthographic, the window's pieces otherwise), projected: the sea is painted there only.
  geom::Polygon domain() const;

 private:
  struct Piece {
    geom::RectClipper clipper;
    double nudge_min, nudge_max;  // where x == box edge on the cut, move it off the cut
  };
  void finish(std::vector<geom::Point>& pts, const Piece& piece) const;

  const Projection& projection_;
  std::vector<Piece> pieces_;
  std::optional<Horizon> horizon_;  // azimuthal projections: clip on the sphere first
  geom::Point antipode_;            // of their centre, lon/lat
  std::size_t dropped_ = 0;
};

/// Bounds of the projected, densified boundary of a lon/lat box.
/// @throws Error when no part of the box can be projected.
geom::Box projected_extent(const Projection& projection, const geom::Box& lonlat);

/// The lon/lat box that covers a projected extent, with a margin, so data far outside the map
/// is dropped before projecting (which also keeps it away from the projection's singularities).
geom::Box lonlat_window(const Projection& projection, const geom::Box& extent);

}  // namespace sahelmap::proj
