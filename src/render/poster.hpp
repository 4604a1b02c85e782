#pragma once
// A poster file: laid out once (placement/poster_layout.hpp), painted by the one painter onto a
// PNG (in parallel bands), SVG or PDF surface, with the document's metadata.
#include <vector>

#include "render/canvas.hpp"
#include "render/placement/poster_layout.hpp"

namespace sahelmap::render {

struct PosterResult {
  std::vector<unsigned char> bytes;
  PosterLayout layout;
};

/// @throws Error for an unknown CRS, a bbox the CRS cannot show, or drawing failures.
PosterResult make_poster(const PosterRequest& request, Format format);

/// The web embed (render/html_embed.hpp): the request laid out for a phone, a tablet and a
/// desktop page, each in `request.style` and in `dark`. The result's layout is the desktop's.
PosterResult make_embed(const PosterRequest& request, const Style& dark);

/// What a phone's small map shows of `request.bbox`: the style's first bloc's members (their
/// largest parts) and the places of the events drawn, with a quarter of that around them, within
/// the bbox; the bbox itself where that is not much smaller, the data is not lon/lat, or the bbox
/// crosses the antimeridian.
geom::Box focus_box(const PosterRequest& request);

}  // namespace sahelmap::render
