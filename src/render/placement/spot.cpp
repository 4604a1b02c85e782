#include "render/placement/spot.hpp"

#include <algorithm>
#include <cmath>

namespace sahelmap::render {

namespace {
constexpr double kGap = 3;  // CSS px between a box and what is already placed

// What a leader of `css` CSS px costs: in proportion up to the reach, then growing with its
// square, since a box far across the map seems to belong to whatever lies beside it (300 px past
// the reach weigh as much as hiding a bloc member).
double leader_cost(double css, const CalloutContext& cx) {
  const double beyond = std::max(0.0, css - cx.reach);
  return cx.per_px * css + 4.5e-5 * beyond * beyond;
}

// A partner's arc hidden under a box weighs as much as moving the box from sea onto land.
constexpr double kHiddenArcCost = 1.0;

// How many of `arcs` pass under `r`.
int hidden_arcs(const Rect& r, const std::vector<geom::MultiLine>* arcs) {
  if (!arcs) return 0;
  int n = 0;
  for (const geom::MultiLine& arc : *arcs) {
    bool under = false;
    for (const geom::Line& line : arc) {
      for (std::size_t i = 0; i + 1 < line.size() && !under; ++i) under = segment_meets(line[i], line[i + 1], r);
      if (under) break;
    }
    n += under;
  }
  return n;
}

}  // namespace

geom::Point exit_point(geom::Point centre, geom::Point to, double r, const Rect& own) {
  const double dx = to.x - centre.x, dy = to.y - centre.y, len = std::hypot(dx, dy);
  if (len == 0) return centre;
  if (r > 0) return {centre.x + dx / len * r, centre.y + dy / len * r};
  const double tx = dx != 0 ? (own.w / 2) / std::abs(dx) : 1e300, ty = dy != 0 ? (own.h / 2) / std::abs(dy) : 1e300;
  const double t = std::min({tx, ty, 1.0});
  return {centre.x + dx * t, centre.y + dy * t};
}

geom::Point nearest_on(const Rect& r, geom::Point p) {
  return {std::clamp(p.x, r.x, r.x + r.w), std::clamp(p.y, r.y, r.y + r.h)};
}

namespace {
// Leader candidates from a marker (circle of radius r at `centre`) or a close-up's window to the box
// `r`: straight, then one elbow either way. The first whose segments cross nothing.
std::optional<std::vector<geom::Point>> leader_to(geom::Point centre, double radius, const Rect& own, const Rect& r,
                                                  const Occupancy& occ, double unit) {
  const std::vector<Rect> except{own};
  auto free = [&](const std::vector<geom::Point>& pts) {
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      if (!occ.line_free(pts[i], pts[i + 1], except) || segment_meets(pts[i], pts[i + 1], r)) return false;
      if (std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y) < 1) return false;  // no stub
    }
    return true;
  };
  const geom::Point to = nearest_on(r, centre);
  std::vector<geom::Point> straight{exit_point(centre, to, radius, own), to};
  if (free(straight)) return straight;
  const double inset = std::min({6 * unit, r.w / 2, r.h / 2});
  // Vertical first, then across to the box's near side (the box beside the place).
  if (centre.x < r.x || centre.x > r.x + r.w) {
    const double y = std::clamp(centre.y, r.y + inset, r.y + r.h - inset);
    const geom::Point corner{centre.x, y}, end{centre.x < r.x ? r.x : r.x + r.w, y};
    std::vector<geom::Point> elbow{exit_point(centre, corner, radius, own), corner, end};
    if (free(elbow)) return elbow;
  }
  // Across first, then up or down to the box's near edge (the box above or below).
  if (centre.y < r.y || centre.y > r.y + r.h) {
    const double x = std::clamp(centre.x, r.x + inset, r.x + r.w - inset);
    const geom::Point corner{x, centre.y}, end{x, centre.y < r.y ? r.y : r.y + r.h};
    std::vector<geom::Point> elbow{exit_point(centre, corner, radius, own), corner, end};
    if (free(elbow)) return elbow;
  }
  // A short diagonal out of the place, then straight on to the box: the elbow a cartographer
  // draws when the straight ways are blocked by the place's own name.
  for (const double sy : {-1.0, 1.0})
    if (centre.x < r.x || centre.x > r.x + r.w) {
      const double side = centre.x < r.x ? 1 : -1;
      for (const double y : {r.y + inset, r.y + r.h / 2, r.y + r.h - inset}) {
        const double dy = y - centre.y;
        if (dy * sy <= 0) continue;
        const geom::Point corner{centre.x + side * std::abs(dy), y};
        if (side > 0 ? corner.x >= r.x : corner.x <= r.x + r.w) continue;
        std::vector<geom::Point> elbow{
            exit_point(centre, corner, radius, own), corner, {side > 0 ? r.x : r.x + r.w, y}};
        if (free(elbow)) return elbow;
      }
    }
  return std::nullopt;
}

}  // namespace

std::optional<Spot> best_spot(geom::Point centre, double radius, const Rect& own, double w, double h,
                              const CalloutContext& cx) {
  const double u = cx.unit;
  std::optional<Spot> best;
  // Every position on a grid over the frame (a ray search misses the free spots of large boxes).
  const double step = 10 * u;
  for (double y = cx.frame.y; y + h <= cx.frame.y + cx.frame.h; y += step)
    for (double x = cx.frame.x; x + w <= cx.frame.x + cx.frame.w; x += step) {
      const Rect r{x, y, w, h};
      // The cheap bounds first (the cover grid answers in four reads), the occupancy after.
      const geom::Point near = nearest_on(r, centre);
      const double d = std::hypot(near.x - centre.x, near.y - centre.y);
      if (cx.max_leader > 0 && d > cx.max_leader) continue;
      const double hide = cx.grid->mean_cost(r);
      if (best && hide + leader_cost(d / u, cx) >= best->score) continue;
      if (!cx.occ->fits(r, kGap * u) || r.grown(kGap * u).intersects(own)) continue;
      const CoverGrid::Shares shares = cx.grid->shares(r);
      if (shares.worst > cx.max_share) continue;
      auto leader = leader_to(centre, radius, own, r, *cx.occ, u);
      if (!leader || (cx.max_leader > 0 && geom::length(*leader) > cx.max_leader)) continue;
      const double score = hide + leader_cost(geom::length(*leader) / u, cx) + (leader->size() > 2 ? 0.2 : 0) +
                           kHiddenArcCost * hidden_arcs(r, cx.arcs) + cx.share_cost * shares.own;
      if (best && score >= best->score) continue;
      best = Spot{.rect = r, .leader = std::move(*leader), .score = score};
    }
  return best;
}

void take(const Spot& s, const CalloutContext& cx) {
  cx.occ->add(s.rect);
  for (std::size_t i = 0; i + 1 < s.leader.size(); ++i) cx.occ->add_line(s.leader[i], s.leader[i + 1]);
  cx.grid->cover(s.rect);
}

}  // namespace sahelmap::render
