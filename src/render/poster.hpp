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

}  // namespace sahelmap::render
