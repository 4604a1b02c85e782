#pragma once
// Where a name goes inside a shape: the point deepest inside it (its pole of inaccessibility).
// Standard library only.
#include "geom/geometry.hpp"

namespace sahelmap::geom {

/// Inside the fill of all rings together (even-odd).
bool inside_fill(const Polygon& p, Point q);

/// The point deepest inside the polygon, by a coarse grid and one refinement on a copy with at
/// most ~120 points (a label's anchor needs no more), checked against the full outline.
Point pole_of_inaccessibility(const Polygon& p);

}  // namespace sahelmap::geom
