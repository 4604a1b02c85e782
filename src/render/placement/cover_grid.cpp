#include "render/placement/cover_grid.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace sahelmap::render {

CoverGrid::CoverGrid(const proj::Scene& scene, const ViewTransform& view, const Symbolization& sym, double cell)
    : frame_(view.frame), cell_(std::max(cell, 1.0)) {
  cols_ = std::max(1, static_cast<int>(std::ceil(frame_.w / cell_)));
  rows_ = std::max(1, static_cast<int>(std::ceil(frame_.h / cell_)));
  code_.assign(static_cast<std::size_t>(cols_) * rows_, -2);
  covered_.assign(code_.size(), false);
  std::map<std::string, int> index;
  // The cells' centres in map units, as geom::inside would test them.
  std::vector<double> centre_x(static_cast<std::size_t>(cols_)), centre_y(static_cast<std::size_t>(rows_));
  for (int i = 0; i < cols_; ++i) centre_x[i] = view.to_map({frame_.x + (i + 0.5) * cell_, frame_.y}).x;
  for (int j = 0; j < rows_; ++j) centre_y[j] = view.to_map({frame_.x, frame_.y + (j + 0.5) * cell_}).y;
  std::vector<std::vector<double>> crossings;  // per row of the polygon's cells
  for (const auto& c : scene.countries) {
    int value = -1;
    if (sym.look(c.code)) {
      auto [it, fresh] = index.try_emplace(c.code, static_cast<int>(member_cells_.size()));
      if (fresh) member_cells_.push_back(0);
      value = it->second;
    }
    for (const auto& poly : c.area) {
      const geom::Box b = geom::bounds(poly);
      const geom::Point p0 = view.to_px({b.minx, b.maxy}), p1 = view.to_px({b.maxx, b.miny});
      const int i0 = std::max(0, static_cast<int>((p0.x - frame_.x) / cell_));
      const int i1 = std::min(cols_ - 1, static_cast<int>((p1.x - frame_.x) / cell_));
      const int j0 = std::max(0, static_cast<int>((p0.y - frame_.y) / cell_));
      const int j1 = std::min(rows_ - 1, static_cast<int>((p1.y - frame_.y) / cell_));
      if (i0 > i1 || j0 > j1) continue;
      // Scanlines through the cells' centres: each edge's crossing goes to the rows it spans, and
      // a centre is inside where an odd number of crossings lie to its right (geom::inside's
      // test and arithmetic, so the same cells; one pass over the edges, not one per cell).
      crossings.assign(static_cast<std::size_t>(j1 - j0 + 1), {});
      for (const auto& ring : poly.rings)
        for (std::size_t k = 0, l = ring.size() - 1; k < ring.size(); l = k++) {
          const geom::Point a = ring[k], e = ring[l];
          if (a.y == e.y) continue;
          // Rows whose centre y lies in [min, max) of the edge: found from the pixel rows, then
          // checked exactly.
          const double ya = view.to_px(a).y, ye = view.to_px(e).y;
          int r0 = static_cast<int>(std::floor((std::min(ya, ye) - frame_.y) / cell_ - 0.5)) - 1;
          int r1 = static_cast<int>(std::ceil((std::max(ya, ye) - frame_.y) / cell_ - 0.5)) + 1;
          r0 = std::max(r0, j0), r1 = std::min(r1, j1);
          for (int j = r0; j <= r1; ++j) {
            const double y = centre_y[j];
            if ((a.y > y) != (e.y > y)) crossings[j - j0].push_back((e.x - a.x) * (y - a.y) / (e.y - a.y) + a.x);
          }
        }
      bool hit = false;  // a centre inside this part
      for (int j = j0; j <= j1; ++j) {
        auto& xs = crossings[j - j0];
        std::sort(xs.begin(), xs.end());
        for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
          // Centres with xs[k] <= x < xs[k + 1] (x < xs[k] would have crossings k.. to its right: even).
          const auto from = std::lower_bound(centre_x.begin() + i0, centre_x.begin() + i1 + 1, xs[k]);
          const auto to = std::lower_bound(from, centre_x.begin() + i1 + 1, xs[k + 1]);
          hit |= from != to;
          for (auto it = from; it != to; ++it) {
            int& slot = code_[static_cast<std::size_t>(j) * cols_ + (it - centre_x.begin())];
            if (slot >= 0 || (slot == -1 && value == -1)) continue;
            slot = value;
          }
        }
      }
      // An island smaller than a cell holds no cell's centre: it takes the cell its middle is in,
      // or a box over all of Cabo Verde's islands would hide "nothing".
      if (!hit) {
        const geom::Point m = view.to_px({(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2});
        const int i = static_cast<int>(std::floor((m.x - frame_.x) / cell_));
        const int j = static_cast<int>(std::floor((m.y - frame_.y) / cell_));
        if (i >= 0 && i < cols_ && j >= 0 && j < rows_) {
          int& slot = code_[static_cast<std::size_t>(j) * cols_ + i];
          if (slot == -2 || (slot == -1 && value >= 0)) slot = value;
        }
      }
    }
  }
  for (const int c : code_)
    if (c >= 0) ++member_cells_[c];
  hidden_.assign(member_cells_.size(), 0);
  const auto w = static_cast<std::size_t>(cols_) + 1;
  summed_.assign(w * (static_cast<std::size_t>(rows_) + 1), 0);
  for (int j = 0; j < rows_; ++j)
    for (int i = 0; i < cols_; ++i) {
      const int c = code_[static_cast<std::size_t>(j) * cols_ + i];
      summed_[(j + 1) * w + i + 1] = (c == -2   ? 0
                                      : c == -1 ? 1
                                                : 4) +
                                     summed_[j * w + i + 1] + summed_[(j + 1) * w + i] - summed_[j * w + i];
    }
}

CoverGrid::Span CoverGrid::span(const Rect& r) const {
  return {.i0 = std::max(0, static_cast<int>(std::floor((r.x - frame_.x) / cell_ + 0.5))),
          .i1 = std::min(cols_ - 1, static_cast<int>(std::floor((r.x + r.w - frame_.x) / cell_ - 0.5))),
          .j0 = std::max(0, static_cast<int>(std::floor((r.y - frame_.y) / cell_ + 0.5))),
          .j1 = std::min(rows_ - 1, static_cast<int>(std::floor((r.y + r.h - frame_.y) / cell_ - 0.5)))};
}

template <class F>
void CoverGrid::each_cell(const Rect& r, F&& f) const {
  const Span s = span(r);
  for (int j = s.j0; j <= s.j1; ++j)
    for (int i = s.i0; i <= s.i1; ++i) f(static_cast<std::size_t>(j) * cols_ + i);
}

double CoverGrid::cost(const Rect& r) const {
  const Span s = span(r);
  if (s.i0 > s.i1 || s.j0 > s.j1) return 0;
  const auto w = static_cast<std::size_t>(cols_) + 1;
  const auto at = [&](int i, int j) { return summed_[static_cast<std::size_t>(j) * w + i]; };
  return static_cast<double>(at(s.i1 + 1, s.j1 + 1) - at(s.i0, s.j1 + 1) - at(s.i1 + 1, s.j0) + at(s.i0, s.j0));
}

double CoverGrid::mean_cost(const Rect& r) const {
  const Span s = span(r);
  if (s.i0 > s.i1 || s.j0 > s.j1) return 0;
  return cost(r) / (double(s.i1 - s.i0 + 1) * (s.j1 - s.j0 + 1));
}

CoverGrid::Shares CoverGrid::shares(const Rect& r) const {
  thread_local std::vector<int> extra;  // asked thousands of times per callout: no allocation
  extra.assign(member_cells_.size(), 0);
  each_cell(r, [&](std::size_t k) {
    if (code_[k] >= 0 && !covered_[k]) ++extra[code_[k]];
  });
  Shares out;
  for (std::size_t m = 0; m < member_cells_.size(); ++m)
    if (extra[m] && member_cells_[m]) {
      out.worst = std::max(out.worst, double(hidden_[m] + extra[m]) / member_cells_[m]);
      out.own = std::max(out.own, double(extra[m]) / member_cells_[m]);
    }
  return out;
}

double CoverGrid::worst_share(const Rect& r) const {
  return shares(r).worst;
}

double CoverGrid::own_share(const Rect& r) const {
  return shares(r).own;
}

void CoverGrid::cover(const Rect& r) {
  each_cell(r, [&](std::size_t k) {
    if (covered_[k]) return;
    covered_[k] = true;
    if (code_[k] >= 0) ++hidden_[code_[k]];
  });
}

double CoverGrid::member_share(const Rect& r) const {
  int all = 0, members = 0;
  each_cell(r, [&](std::size_t k) {
    ++all;
    members += code_[k] >= 0;
  });
  return all ? double(members) / all : 0;
}

}  // namespace sahelmap::render
