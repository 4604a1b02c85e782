#pragma once
// Great circles on a sphere of the Earth's mean radius, in degrees (lon, lat) and kilometres:
// distances between places, the bearing an arrow points along, arcs to draw. Standard library only.
#include "geom/geometry.hpp"

namespace sahelmap::geom {

/// Mean Earth radius (IUGG), km.
inline constexpr double kEarthRadiusKm = 6371.0088;

/// Great-circle distance, km (haversine).
double distance_km(Point a, Point b);
/// Initial bearing from a towards b, degrees clockwise from north in [0, 360).
double initial_bearing(Point a, Point b);
/// The point `km` from a along the great circle leaving it at `bearing` degrees.
Point destination(Point a, double bearing, double km);
/// The point a fraction f (0..1) of the way from a to b along the great circle.
Point along(Point a, Point b, double f);

}  // namespace sahelmap::geom
