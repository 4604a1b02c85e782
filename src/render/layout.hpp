#pragma once
// What has been placed on the poster so far, so nothing placed later overlaps it.
#include <string>
#include <vector>

#include "render/map_painter.hpp"

namespace sahelmap::render {

struct Placed {
  std::string kind;  // title, legend, inset, scale_bar, marker, callout, label, capital, ...
  std::string text;
  Rect rect;
};

class Occupancy {
 public:
  void add(std::string kind, std::string text, const Rect& r) {
    boxes_.push_back({std::move(kind), std::move(text), r});
  }
  /// True when `r`, grown by `gap` on every side, meets none of the placed boxes.
  bool fits(const Rect& r, double gap = 0) const {
    const Rect g{r.x - gap, r.y - gap, r.w + 2 * gap, r.h + 2 * gap};
    for (const auto& b : boxes_)
      if (g.intersects(b.rect)) return false;
    return true;
  }
  const std::vector<Placed>& boxes() const { return boxes_; }

 private:
  std::vector<Placed> boxes_;
};

inline bool inside(const Rect& outer, const Rect& r) {
  return r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w && r.y + r.h <= outer.y + outer.h;
}

}  // namespace sahelmap::render
