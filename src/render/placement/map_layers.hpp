#pragma once
// A projected scene as display-list groups: space around the world, the sea, one fill per
// country (striped where it is in two blocs at once), the borders stroked once, the frame.
#include <cstdint>

#include "proj/scene.hpp"
#include "render/display_list.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

/// Projected coordinates to pixels, `frame` + (x - minx, maxy - y) * k.
struct PixelMapping {
  double minx = 0, maxy = 0, k = 1;
  double fx = 0, fy = 0;
  static PixelMapping of(const ViewTransform& v) {
    return {v.extent.minx, v.extent.maxy, v.scale, v.frame.x, v.frame.y};
  }
  geom::Point operator()(geom::Point p) const { return {fx + (p.x - minx) * k, fy + (maxy - p.y) * k}; }
};

/// Appends `in` in pixels to `out`, leaving out points within `min_step` pixels (Manhattan) of the
/// last one kept (whole continents at low zooms need not reach the rasterizer point by point). The
/// last point is always kept, so a closed ring stays closed.
constexpr double kMinStepPx = 0.125;
void append_px(const std::vector<geom::Point>& in, const PixelMapping& m, std::vector<geom::Point>& out,
               double min_step = kMinStepPx);

struct MapLayers {
  const proj::Scene* scene = nullptr;
  const Symbolization* sym = nullptr;
  const Style* style = nullptr;
  ViewTransform view;
  double unit = 1;          // pixels per CSS pixel
  double border_width = 0;  // CSS px; 0: the style's
};

/// Adds the map groups (Space, Sea, Country..., Borders, clipped to the view's frame, and the
/// Frame's outline outside the clip).
void add_map(DisplayList& out, const MapLayers& m);

}  // namespace sahelmap::render
