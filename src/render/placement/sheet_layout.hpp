#pragma once
// Small multiples: one sheet, one panel per date (PosterRequest::dates), every panel the same
// frame, extent and projection, its date above it; one title, one legend (every bloc, partner
// and event category any panel shows), one numbered list of the events up to the last date
// (each panel numbers its markers the same way: by date), one footnote. The grid is chosen from
// the count and the page: the columns that give each map the most room.
#include "render/placement/poster_layout.hpp"

namespace sahelmap::render {

/// @pre request.dates has two or more dates. @throws UsageError when the page has no room.
PosterLayout layout_sheet(const PosterRequest& request, const TextMeasurer& measure);

/// Columns and rows for `n` panels in `w` x `h` pixels (gap `gap`, each with a caption of
/// `caption` pixels above it) showing maps of aspect `aspect` (width / height): the grid whose
/// maps come out largest.
std::pair<int, int> sheet_grid(int n, double w, double h, double gap, double aspect, double caption = 0);

}  // namespace sahelmap::render
