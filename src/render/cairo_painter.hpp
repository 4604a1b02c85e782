#pragma once
// The one painter: draws a display list with Cairo into any frame (a poster band, a tile, a PDF
// page). The caller sets Cairo's transform so that user space is the list's pixel space.
#include <cairo.h>

#include <cstddef>

#include "render/display_list.hpp"

namespace sahelmap::render {

/// Draws, in order, the groups of `list` whose ink meets `window` (list pixels). Polygons and
/// lines reaching beyond the window are clipped to it first, with a margin wider than any stroke,
/// so Cairo never sees far-away coordinates and each band of a banded canvas does only its part.
/// The pixels inside `window` are what one pass over the whole list would give. Only groups
/// [first, end) are drawn: a list drawn in two sittings, [0, k) then [k, size), gives the pixels
/// of one (no state passes from group to group but the clip, which each sitting sets afresh).
void paint(cairo_t* cr, const DisplayList& list, const Rect& window, std::size_t first = 0,
           std::size_t end = static_cast<std::size_t>(-1));

/// 45-degree stripes over the current clip, anchored to the user-space origin (so neighbouring
/// shapes' stripes line up).
void hatch_clip(cairo_t* cr, const Hatch& hatch);

}  // namespace sahelmap::render
