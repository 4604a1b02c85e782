#pragma once
// Finding room for a box near what it belongs to (a callout near its marker, a panel near the
// window it magnifies): every free spot on a grid over the frame, scored by what it would hide
// and by the length of a leader line that crosses nothing.
#include <optional>
#include <vector>

#include "render/placement/events.hpp"

namespace sahelmap::render {

/// Where a line from `centre` towards `to` leaves a circle of radius r (r > 0) or the box `own`.
geom::Point exit_point(geom::Point centre, geom::Point to, double r, const Rect& own);
/// The point of `r` nearest to `p`.
geom::Point nearest_on(const Rect& r, geom::Point p);

struct Spot {
  Rect rect;
  std::vector<geom::Point> leader;
  double score = 1e300;
};

/// The best free w x h spot for something at `centre` (a circle of `radius`, or the box `own`):
/// it must fit, hide at most the allowed share of any bloc member and be reachable by a leader
/// line (straight or one elbow) that crosses nothing; among those, the one that hides least (sea
/// before land, land before members) with the shortest leader.
std::optional<Spot> best_spot(geom::Point centre, double radius, const Rect& own, double w, double h,
                              const CalloutContext& cx);
/// Marks the spot and its leader as taken.
void take(const Spot& s, const CalloutContext& cx);

}  // namespace sahelmap::render
