#pragma once
// What has been placed so far, so that nothing placed later overlaps it: boxes (names, markers,
// panels) and lines (leader lines), which a later box may not cross either.
#include <array>
#include <vector>

#include "render/view.hpp"

namespace sahelmap::render {

/// The corners of `r`, clockwise on the page from its top-left.
inline std::array<geom::Point, 4> corners(const Rect& r) {
  return {{{r.x, r.y}, {r.x + r.w, r.y}, {r.x + r.w, r.y + r.h}, {r.x, r.y + r.h}}};
}

/// True when the segment a-b passes through the inside of `r` (touching its edge does not count).
bool segment_meets(geom::Point a, geom::Point b, const Rect& r);
/// True when the segments a-b and c-d cross or touch (shared end points included).
bool segments_meet(geom::Point a, geom::Point b, geom::Point c, geom::Point d);

class Occupancy {
 public:
  struct Segment {
    geom::Point a, b;
  };
  void add(const Rect& r) { boxes_.push_back(r); }
  void add_line(geom::Point a, geom::Point b) { lines_.push_back({a, b}); }
  /// The four sides of `r` (a close-up's or magnifier's outline), which later boxes may not cross.
  void add_outline(const Rect& r) {
    const auto c = corners(r);
    for (int i = 0; i < 4; ++i) add_line(c[i], c[(i + 1) % 4]);
  }
  /// True when `r`, grown by `gap` on every side, meets none of the placed boxes or lines.
  bool fits(const Rect& r, double gap = 0) const {
    const Rect g = r.grown(gap);
    for (const auto& b : boxes_)
      if (g.intersects(b)) return false;
    for (const auto& l : lines_)
      if (segment_meets(l.a, l.b, g)) return false;
    return true;
  }
  /// True when a-b crosses no placed box other than those in `except` (exactly equal boxes) and
  /// no placed line.
  bool line_free(geom::Point a, geom::Point b, const std::vector<Rect>& except) const;
  const std::vector<Rect>& boxes() const { return boxes_; }
  const std::vector<Segment>& lines() const { return lines_; }

 private:
  std::vector<Rect> boxes_;
  std::vector<Segment> lines_;
};

}  // namespace sahelmap::render
