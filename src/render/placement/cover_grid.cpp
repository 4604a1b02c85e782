#include "render/placement/cover_grid.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace sahelmap::render {

CoverGrid::CoverGrid(const proj::Scene& scene, const ViewTransform& view, const Symbolization& sym, double cell)
    : frame_(view.frame), cell_(std::max(cell, 1.0)) {
  cols_ = std::max(1, static_cast<int>(std::ceil(frame_.w / cell_)));
  rows_ = std::max(1, static_cast<int>(std::ceil(frame_.h / cell_)));
  code_.assign(static_cast<std::size_t>(cols_) * rows_, -2);
  covered_.assign(code_.size(), false);
  std::map<std::string, int> index;
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
      for (int j = j0; j <= j1; ++j)
        for (int i = i0; i <= i1; ++i) {
          int& slot = code_[static_cast<std::size_t>(j) * cols_ + i];
          if (slot >= 0 || (slot == -1 && value == -1)) continue;
          const geom::Point m = view.to_map({frame_.x + (i + 0.5) * cell_, frame_.y + (j + 0.5) * cell_});
          if (!b.contains(m)) continue;
          bool in = false;
          for (const auto& ring : poly.rings) in ^= geom::inside(ring, m);
          if (in) slot = value;
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

double CoverGrid::worst_share(const Rect& r) const {
  thread_local std::vector<int> extra;  // asked thousands of times per callout: no allocation
  extra.assign(member_cells_.size(), 0);
  each_cell(r, [&](std::size_t k) {
    if (code_[k] >= 0 && !covered_[k]) ++extra[code_[k]];
  });
  double worst = 0;
  for (std::size_t m = 0; m < member_cells_.size(); ++m)
    if (extra[m] && member_cells_[m]) worst = std::max(worst, double(hidden_[m] + extra[m]) / member_cells_[m]);
  return worst;
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
