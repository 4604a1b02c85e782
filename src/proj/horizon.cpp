#include "proj/horizon.hpp"

#include <cmath>

namespace sahelmap::proj {

namespace {
constexpr double kDeg = M_PI / 180;
constexpr double kArcStep = 2 * kDeg;  // along the horizon, short enough to look round once projected

double wrap(double a) {  // to (-pi, pi]
  while (a > M_PI) a -= 2 * M_PI;
  while (a <= -M_PI) a += 2 * M_PI;
  return a;
}
}  // namespace

Horizon::V3 Horizon::to_v3(geom::Point ll) {
  const double lon = ll.x * kDeg, lat = ll.y * kDeg;
  return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

geom::Point Horizon::to_ll(V3 v) {
  return {std::atan2(v.y, v.x) / kDeg, std::atan2(v.z, std::hypot(v.x, v.y)) / kDeg};
}

Horizon::Horizon(geom::Point centre, double radius) : c_(to_v3(centre)) {
  cos_r_ = std::cos(radius * kDeg), sin_r_ = std::sin(radius * kDeg);
  // A frame around the centre: e1 towards the north pole (east when the centre is a pole).
  const V3 north{0, 0, 1};
  V3 e1{north.x - c_.z * c_.x, north.y - c_.z * c_.y, north.z - c_.z * c_.z};
  double n = std::sqrt(e1.x * e1.x + e1.y * e1.y + e1.z * e1.z);
  if (n < 1e-9) e1 = {0, 1, 0}, n = 1;
  e1_ = {e1.x / n, e1.y / n, e1.z / n};
  e2_ = {c_.y * e1_.z - c_.z * e1_.y, c_.z * e1_.x - c_.x * e1_.z, c_.x * e1_.y - c_.y * e1_.x};
}

bool Horizon::visible(geom::Point ll) const {
  return dot_centre(to_v3(ll)) >= cos_r_;
}

double Horizon::azimuth(const V3& v) const {
  return std::atan2(v.x * e2_.x + v.y * e2_.y + v.z * e2_.z, v.x * e1_.x + v.y * e1_.y + v.z * e1_.z);
}

geom::Point Horizon::on_horizon(double a) const {
  const double ca = std::cos(a), sa = std::sin(a);
  return to_ll({c_.x * cos_r_ + sin_r_ * (e1_.x * ca + e2_.x * sa), c_.y * cos_r_ + sin_r_ * (e1_.y * ca + e2_.y * sa),
                c_.z * cos_r_ + sin_r_ * (e1_.z * ca + e2_.z * sa)});
}

// Where the great circle from a visible point to an invisible one crosses the horizon (bisection
// on the chord, normalised: plenty for points half a degree apart).
Horizon::V3 Horizon::crossing(const V3& in, const V3& out) const {
  double lo = 0, hi = 1;
  V3 p = in;
  for (int i = 0; i < 40; ++i) {
    const double t = (lo + hi) / 2;
    V3 q{in.x + t * (out.x - in.x), in.y + t * (out.y - in.y), in.z + t * (out.z - in.z)};
    const double n = std::sqrt(q.x * q.x + q.y * q.y + q.z * q.z);
    q = {q.x / n, q.y / n, q.z / n};
    if (dot_centre(q) >= cos_r_)
      lo = t, p = q;
    else
      hi = t;
  }
  return p;
}

void Horizon::arc(double from, double to, geom::Ring& out) const {
  const double d = wrap(to - from);
  const int steps = static_cast<int>(std::ceil(std::abs(d) / kArcStep));
  for (int i = 1; i <= steps; ++i) out.push_back(on_horizon(from + d * i / steps));
}

geom::Ring Horizon::clip_ring(const geom::Ring& ring) const {
  geom::Ring out;
  if (ring.size() < 4) return out;
  const std::size_t n = ring.size() - 1;
  std::vector<V3> v(n);
  std::size_t start = n;
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = to_v3(ring[i]);
    if (start == n && dot_centre(v[i]) >= cos_r_) start = i;
  }
  if (start == n) {
    // Nothing visible: the ring either winds around the cap (then it covers all of it) or not.
    double turn = 0, prev = azimuth(v[0]);
    for (std::size_t i = 1; i <= n; ++i) {
      const double next = azimuth(v[i % n]);
      turn += wrap(next - prev);
      prev = next;
    }
    if (std::abs(turn) < M_PI) return out;
    for (int i = 0; i <= 360; ++i) out.push_back(on_horizon((turn > 0 ? 1 : -1) * i * M_PI / 180));
    return out;
  }
  // Start from a visible vertex, so that every excursion beyond the horizon is whole.
  double last = 0;  // azimuth where the ring now is on the horizon
  bool in = true;
  out.push_back(ring[start]);
  for (std::size_t k = 1; k <= n; ++k) {
    const V3& a = v[(start + k - 1) % n];
    const V3& b = v[(start + k) % n];
    const geom::Point& pb = ring[(start + k) % n];  // visible vertices keep their own coordinates
    const bool bin = dot_centre(b) >= cos_r_;
    if (in && bin) {
      out.push_back(pb);
    } else if (in && !bin) {
      const V3 x = crossing(a, b);
      out.push_back(to_ll(x));
      const double ab = azimuth(b);
      arc(azimuth(x), ab, out);
      last = ab;
    } else if (!in && !bin) {
      const double ab = azimuth(b);
      arc(last, ab, out);
      last = ab;
    } else {
      const V3 x = crossing(b, a);
      arc(last, azimuth(x), out);
      out.push_back(to_ll(x));
      out.push_back(pb);
    }
    in = bin;
  }
  out.back() = out.front();  // exactly closed (the last point is the start vertex again)
  return out;
}

geom::MultiLine Horizon::clip_line(const geom::Line& line) const {
  geom::MultiLine out;
  geom::Line cur;
  V3 a{};
  bool ain = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const V3 b = to_v3(line[i]);
    const bool bin = dot_centre(b) >= cos_r_;
    if (i > 0) {
      if (ain && !bin) {
        cur.push_back(to_ll(crossing(a, b)));
        if (cur.size() >= 2) out.push_back(std::move(cur));
        cur.clear();
      } else if (!ain && bin) {
        cur.push_back(to_ll(crossing(b, a)));
      }
    }
    if (bin) cur.push_back(line[i]);
    a = b, ain = bin;
  }
  if (cur.size() >= 2) out.push_back(std::move(cur));
  return out;
}

geom::Ring Horizon::circle(int points) const {
  geom::Ring r;
  for (int i = 0; i < points; ++i) r.push_back(on_horizon(2 * M_PI * i / points));
  r.push_back(r.front());
  return r;
}

}  // namespace sahelmap::proj
