#pragma once
// Draws a projected scene into a rectangle of the canvas: sea, fills, hatching, borders.
#include <cairo.h>

#include <cmath>

#include "geom/geometry.hpp"
#include "proj/scene.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  bool intersects(const Rect& o) const { return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h; }
};

/// Maps projected coordinates to canvas pixels (y down).
struct ViewTransform {
  geom::Box extent;
  Rect frame;
  double scale = 1;  // pixels per projected unit

  ViewTransform() = default;
  /// `extent` is widened on one axis to the frame's aspect ratio, keeping its centre.
  ViewTransform(const geom::Box& extent, const Rect& frame);
  geom::Point to_px(geom::Point p) const {
    return {frame.x + (p.x - extent.minx) * scale, frame.y + (extent.maxy - p.y) * scale};
  }
  geom::Point to_map(geom::Point px) const {
    return {extent.minx + (px.x - frame.x) / scale, extent.maxy - (px.y - frame.y) / scale};
  }
};

/// Strokes 45-degree stripes over the current clip (anchored to the canvas origin, so that
/// neighbouring shapes' stripes line up).
void hatch_clip(cairo_t* cr, const Color& color, double width, double spacing);

class MapPainter {
 public:
  /// @param unit pixels per CSS pixel (dpi / 96): line widths in the style are CSS pixels.
  MapPainter(const Style& style, double unit) : style_(style), unit_(unit) {}

  /// Only rows [y0, y1) of the canvas need to come out right (a band of Canvas::draw_banded):
  /// geometry is clipped to them, so each band's thread handles only its part.
  void paint(cairo_t* cr, const proj::Scene& scene, const Symbolization& sym, const ViewTransform& view,
             double y0 = -HUGE_VAL, double y1 = HUGE_VAL) const;

 private:
  const Style& style_;
  double unit_;
};

}  // namespace sahelmap::render
