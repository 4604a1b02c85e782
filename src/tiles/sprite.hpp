#pragma once
// The MapLibre sprite for the generated style (tiles/maplibre_style.hpp): the stripes of a second
// bloc as images "sahelmap-hatch-RRGGBB", so that any MapLibre page shows the hatching of double
// membership, not only ours. A sprite is an index (JSON: name -> x, y, width, height, pixelRatio)
// and one PNG holding every image side by side.
#include <string>
#include <vector>

#include "render/style.hpp"

namespace sahelmap::tiles {

/// The image of stripes in colour `c`: "sahelmap-hatch-RRGGBB", as the style's layers name it.
std::string hatch_image_name(const render::Color& c);

struct Sprite {
  std::string index;               // sprite.json
  std::vector<unsigned char> png;  // sprite.png
};

/// The stripes as the poster draws them (the style's hatch width and spacing, at 45 degrees),
/// each image one period square so that it tiles seamlessly. `pixel_ratio` 1 or 2 (the @2x files).
Sprite maplibre_sprite(const render::Style& style, int pixel_ratio);

/// Writes sprite.json, sprite.png, sprite@2x.json and sprite@2x.png into `dir` (created when
/// missing), each atomically. @throws Error when a file cannot be written.
void write_sprite(const render::Style& style, const std::string& dir);

}  // namespace sahelmap::tiles
