#pragma once
// Shared borders as arcs. Rings are cut wherever three or more edges meet, so a border two
// countries share is one arc, stored once: simplified once, it stays shared at every zoom (no
// gaps, no slivers between neighbours), and drawn once it is stroked once.
// Standard library only.
#include <cstdint>
#include <vector>

#include "geom/geometry.hpp"

namespace sahelmap::geom {

struct ArcRef {
  std::uint32_t arc = 0;
  bool reversed = false;
};

struct Topology {
  /// Each arc's points in a canonical direction (the same whichever ring met it first). Rings with
  /// no junction are one closed arc starting at their smallest point.
  std::vector<Line> arcs;
  /// The distinct owners of the rings that use each arc, ascending: two owners make a land border.
  std::vector<std::vector<std::uint32_t>> owners;
  /// Per input polygon, per ring, its arcs in order. Rings of fewer than three distinct points
  /// have no arcs.
  std::vector<std::vector<std::vector<ArcRef>>> rings;
};

/// @param polygons closed rings (outer first, then holes); exactly equal points are one vertex
/// @param owner who each polygon belongs to (a country), parallel to polygons
Topology build_topology(const std::vector<Polygon>& polygons, const std::vector<std::uint32_t>& owner);

/// Douglas-Peucker with `tolerance` (same units as the points), endpoints kept: the same arc gives
/// the same result on whichever side of a border it is used.
Line simplify(const Line& arc, double tolerance);

/// Polygon `i` rebuilt from `arcs` (the topology's, simplified or transformed point by point):
/// rings that collapsed (fewer than three distinct points or no area) are left out, and so is the
/// whole polygon when its outer ring did.
Polygon assemble(const Topology& topo, const std::vector<Line>& arcs, std::size_t i);

}  // namespace sahelmap::geom
