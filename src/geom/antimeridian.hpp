#pragma once
// Lon/lat polygons that cross the antimeridian as spherical polygons do (world-atlas stitches
// Natural Earth's cuts away: Russia, Fiji and Antarctica come with edges that jump from +180 to
// -180), turned into planar polygons inside [-180, 180] that fill the same area.
#include "geom/geometry.hpp"

namespace sahelmap::geom {

/// True when some edge of the polygon jumps more than 180 degrees in longitude.
bool crosses_antimeridian(const Polygon& poly);

/// Unwraps each ring's longitudes, closes a ring that encircles a pole along the pole's parallel,
/// and cuts the result at +-180 (pieces shifted back by 360). Fill is preserved: the cuts go
/// through the clipping core. A polygon that does not cross is returned unchanged.
MultiPolygon split_antimeridian(const Polygon& poly);

}  // namespace sahelmap::geom
