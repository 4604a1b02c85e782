#pragma once
// The event categories' symbols as geometry, so the raster painter and the SVG writer draw the
// same shapes.
#include <vector>

#include "data/events.hpp"
#include "geom/geometry.hpp"

namespace sahelmap::render {

struct SymbolOutline {
  std::vector<std::vector<geom::Point>> rings;  // closed, first point not repeated; filled nonzero
  double circle = 0;                            // > 0: a circle of this radius about the centre instead
};

SymbolOutline symbol_outline(data::Category c, geom::Point at, double r);

}  // namespace sahelmap::render
