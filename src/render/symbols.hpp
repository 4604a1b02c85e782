#pragma once
// The event categories' symbols as geometry, so the raster painter and the SVG writer draw the
// same shapes.
#include <array>
#include <vector>

#include "data/events.hpp"
#include "geom/geometry.hpp"

namespace sahelmap::render {

struct SymbolOutline {
  std::vector<std::vector<geom::Point>> rings;  // closed, first point not repeated; filled nonzero
  double circle = 0;                            // > 0: a circle of this radius about the centre instead
};

SymbolOutline symbol_outline(data::Category c, geom::Point at, double r);

/// The mark of a marker that stands for several events: a disc of radius `r` about `at` with
/// three dots of radius `dot` inside it.
struct SeveralMark {
  std::array<geom::Point, 3> dots;
  double dot = 0;
};
SeveralMark several_mark(geom::Point at, double r);

}  // namespace sahelmap::render
