#pragma once
// The part of the sphere an azimuthal projection can show: a cap around its centre (a hemisphere
// for the orthographic). Rings are clipped to it on the sphere, before projecting: what lies
// beyond the horizon is pulled onto it along the horizon's own circle, so the fill inside stays
// exactly what it was (as the clipping core does for rectangles) and nothing is dropped or
// streaked across the globe.
#include <vector>

#include "geom/geometry.hpp"

namespace sahelmap::proj {

class Horizon {
 public:
  /// @param centre lon/lat of the projection's centre, degrees
  /// @param radius angular radius of the visible cap, degrees (< 180)
  Horizon(geom::Point centre, double radius);

  bool visible(geom::Point lonlat) const;
  /// The ring with every part beyond the horizon replaced by the arc of the horizon it sweeps;
  /// empty when nothing of it is visible and it does not wind around the cap.
  geom::Ring clip_ring(const geom::Ring& lonlat) const;
  /// The visible pieces of a line, ending exactly on the horizon.
  geom::MultiLine clip_line(const geom::Line& lonlat) const;
  /// The horizon itself as a lon/lat ring (counter-clockwise seen from above the centre).
  geom::Ring circle(int points = 720) const;

 private:
  struct V3 {
    double x, y, z;
  };
  static V3 to_v3(geom::Point ll);
  static geom::Point to_ll(V3 v);
  double dot_centre(const V3& v) const { return v.x * c_.x + v.y * c_.y + v.z * c_.z; }
  double azimuth(const V3& v) const;
  geom::Point on_horizon(double azimuth) const;
  V3 crossing(const V3& inside, const V3& outside) const;
  void arc(double from, double to, geom::Ring& out) const;

  V3 c_, e1_, e2_;
  double cos_r_, sin_r_;
};

}  // namespace sahelmap::proj
