#pragma once
// What has been placed so far, so that nothing placed later overlaps it.
#include <vector>

#include "render/view.hpp"

namespace sahelmap::render {

class Occupancy {
 public:
  void add(const Rect& r) { boxes_.push_back(r); }
  /// True when `r`, grown by `gap` on every side, meets none of the placed boxes.
  bool fits(const Rect& r, double gap = 0) const {
    const Rect g = r.grown(gap);
    for (const auto& b : boxes_)
      if (g.intersects(b)) return false;
    return true;
  }
  const std::vector<Rect>& boxes() const { return boxes_; }

 private:
  std::vector<Rect> boxes_;
};

}  // namespace sahelmap::render
