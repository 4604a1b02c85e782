#pragma once
// Pixel rectangles and the map-to-pixel transform of a view: what placement and painting share.
#include <algorithm>

#include "geom/geometry.hpp"

namespace sahelmap::render {

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  bool intersects(const Rect& o) const { return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h; }
  bool empty() const { return !(w > 0 && h > 0); }
  Rect grown(double d) const { return {x - d, y - d, w + 2 * d, h + 2 * d}; }
  geom::Box box() const { return {x, y, x + w, y + h}; }
  /// The smallest rectangle holding both (an empty one holds nothing).
  Rect joined(const Rect& o) const {
    if (o.empty()) return *this;
    if (empty()) return o;
    const double x0 = std::min(x, o.x), y0 = std::min(y, o.y);
    return {x0, y0, std::max(x + w, o.x + o.w) - x0, std::max(y + h, o.y + o.h) - y0};
  }
  /// The common part (empty when they do not meet).
  Rect clipped(const Rect& o) const {
    const double x0 = std::max(x, o.x), y0 = std::max(y, o.y);
    const double x1 = std::min(x + w, o.x + o.w), y1 = std::min(y + h, o.y + o.h);
    return {x0, y0, std::max(0.0, x1 - x0), std::max(0.0, y1 - y0)};
  }
  friend bool operator==(const Rect&, const Rect&) = default;
};

/// True when `r` lies wholly inside `outer`.
inline bool inside(const Rect& outer, const Rect& r) {
  return r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w && r.y + r.h <= outer.y + outer.h;
}

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

}  // namespace sahelmap::render
