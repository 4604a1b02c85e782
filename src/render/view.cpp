#include "render/view.hpp"

namespace sahelmap::render {

ViewTransform::ViewTransform(const geom::Box& e, const Rect& f) : extent(e), frame(f) {
  scale = std::min(f.w / e.width(), f.h / e.height());
  const double w = f.w / scale, h = f.h / scale;
  const double cx = (e.minx + e.maxx) / 2, cy = (e.miny + e.maxy) / 2;
  extent = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

}  // namespace sahelmap::render
