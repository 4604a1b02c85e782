#include "geom/sphere.hpp"

#include <algorithm>
#include <cmath>

namespace sahelmap::geom {

namespace {
constexpr double kRad = M_PI / 180;
}

double distance_km(Point a, Point b) {
  const double h = std::pow(std::sin((b.y - a.y) * kRad / 2), 2) +
                   std::cos(a.y * kRad) * std::cos(b.y * kRad) * std::pow(std::sin((b.x - a.x) * kRad / 2), 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

double initial_bearing(Point a, Point b) {
  const double la1 = a.y * kRad, la2 = b.y * kRad, dl = (b.x - a.x) * kRad;
  const double t = std::atan2(std::sin(dl) * std::cos(la2),
                              std::cos(la1) * std::sin(la2) - std::sin(la1) * std::cos(la2) * std::cos(dl));
  return std::fmod(t / kRad + 360, 360);
}

Point destination(Point a, double bearing, double km) {
  const double d = km / kEarthRadiusKm, t = bearing * kRad, lat1 = a.y * kRad, lon1 = a.x * kRad;
  const double lat2 = std::asin(std::sin(lat1) * std::cos(d) + std::cos(lat1) * std::sin(d) * std::cos(t));
  const double lon2 =
      lon1 + std::atan2(std::sin(t) * std::sin(d) * std::cos(lat1), std::cos(d) - std::sin(lat1) * std::sin(lat2));
  return {lon2 / kRad, lat2 / kRad};
}

Point along(Point a, Point b, double f) {
  const double d = distance_km(a, b) / kEarthRadiusKm;
  if (d == 0) return a;
  const double la1 = a.y * kRad, lo1 = a.x * kRad, la2 = b.y * kRad, lo2 = b.x * kRad;
  const double A = std::sin((1 - f) * d) / std::sin(d), B = std::sin(f * d) / std::sin(d);
  const double x = A * std::cos(la1) * std::cos(lo1) + B * std::cos(la2) * std::cos(lo2);
  const double y = A * std::cos(la1) * std::sin(lo1) + B * std::cos(la2) * std::sin(lo2);
  const double z = A * std::sin(la1) + B * std::sin(la2);
  return {std::atan2(y, x) / kRad, std::atan2(z, std::hypot(x, y)) / kRad};
}

}  // namespace sahelmap::geom
