#pragma once
// GEOS at the edge: validity repair (MakeValid) on our own geometry types.
// GEOS types never leave this file pair (STYLE.md 4); only the reentrant _r API is used.
#include <memory>
#include <string>

#include "geom/geometry.hpp"

namespace sahelmap::data {

class Geos {
 public:
  Geos();
  ~Geos();
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;

  /// Repairs `mp` in place when GEOS finds it invalid, keeping only polygonal parts.
  /// @returns true when it was invalid (and repaired).
  bool make_valid(geom::MultiPolygon& mp);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Outer rings counter-clockwise, holes clockwise (y up).
void normalize_orientation(geom::MultiPolygon& mp);

/// "GEOS 3.11.1" (the library linked, for --version).
std::string geos_version();

}  // namespace sahelmap::data
