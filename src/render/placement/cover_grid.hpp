#pragma once
// What lies under each part of the map frame, on a coarse grid of cells: sea, land outside the
// blocs, or a bloc member (and which). Placement asks it what a box would hide: callouts, panels
// and furniture prefer sea, then land outside the blocs, and may hide only a small share of any
// member country.
#include <string>
#include <vector>

#include "proj/scene.hpp"
#include "render/symbolize.hpp"
#include "render/view.hpp"

namespace sahelmap::render {

class CoverGrid {
 public:
  /// `cell` pixels a side; countries with a look in `sym` are members.
  CoverGrid(const proj::Scene& scene, const ViewTransform& view, const Symbolization& sym, double cell);

  /// Cost of hiding `r`: per cell, 0 for sea, 1 for other land, 4 for a member (outside the
  /// frame: 0, the page's margin is free).
  double cost(const Rect& r) const;
  /// The same per cell of `r` inside the frame (0 for none).
  double mean_cost(const Rect& r) const;
  /// The largest share of any member's visible cells that `r`, with what is already covered,
  /// would hide.
  double worst_share(const Rect& r) const;
  /// The largest share of any member's visible cells that `r` alone would hide (cells already
  /// covered left out).
  double own_share(const Rect& r) const;
  struct Shares {
    double worst = 0, own = 0;
  };
  /// worst_share and own_share from one pass over the cells (placement asks both of each box).
  Shares shares(const Rect& r) const;
  /// Counts `r` as hidden from now on.
  void cover(const Rect& r);
  /// Share of member cells under `r` (0..1).
  double member_share(const Rect& r) const;

 private:
  struct Span {
    int i0, i1, j0, j1;  // cells, inclusive; empty when i0 > i1 or j0 > j1
  };
  Span span(const Rect& r) const;
  template <class F>
  void each_cell(const Rect& r, F&& f) const;
  // Summed cost (0, 1, 4 per cell) of the cells above and left of each corner: any box's cost in
  // four reads (placement asks for thousands of boxes per callout).
  std::vector<long> summed_;
  Rect frame_;
  double cell_;
  int cols_ = 0, rows_ = 0;
  std::vector<int> code_;          // per cell: -2 sea, -1 other land, else index into members
  std::vector<int> member_cells_;  // per member: its visible cells
  std::vector<int> hidden_;        // per member: cells already covered
  std::vector<bool> covered_;      // per cell
};

}  // namespace sahelmap::render
