#include "geom/topology.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace sahelmap::geom {

namespace {

struct PointHash {
  std::size_t operator()(const Point& p) const {
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, &p.x, sizeof a);
    std::memcpy(&b, &p.y, sizeof b);
    return static_cast<std::size_t>((a * 0x9E3779B97F4A7C15ull) ^ (b + 0x7F4A7C15ull + (a << 6) + (a >> 2)));
  }
};

struct VecHash {
  std::size_t operator()(const std::vector<std::uint32_t>& v) const {
    std::uint64_t h = 1469598103934665603ull;
    for (std::uint32_t x : v) h = (h ^ x) * 1099511628211ull;
    return static_cast<std::size_t>(h);
  }
};

bool less(const Point& a, const Point& b) {
  return a.x < b.x || (a.x == b.x && a.y < b.y);
}

constexpr std::uint32_t kNone = 0xffffffffu;

}  // namespace

Topology build_topology(const std::vector<Polygon>& polygons, const std::vector<std::uint32_t>& owner) {
  // Vertices: one id per distinct point; a vertex is a junction when it has more than two
  // distinct neighbours over all rings (where a shared border ends, or three countries meet).
  std::unordered_map<Point, std::uint32_t, PointHash> id_of;
  std::vector<Point> points;
  std::vector<std::uint32_t> n0, n1;
  std::vector<bool> junction;
  std::vector<std::vector<std::vector<std::uint32_t>>> seqs(polygons.size());
  auto neighbour = [&](std::uint32_t v, std::uint32_t n) {
    if (n0[v] == n || n1[v] == n) return;
    if (n0[v] == kNone)
      n0[v] = n;
    else if (n1[v] == kNone)
      n1[v] = n;
    else
      junction[v] = true;
  };
  for (std::size_t i = 0; i < polygons.size(); ++i)
    for (const Ring& ring : polygons[i].rings) {
      std::vector<std::uint32_t>& s = seqs[i].emplace_back();
      for (std::size_t k = 0; k + 1 < ring.size(); ++k) {  // the closing point repeats the first
        const auto [it, added] = id_of.try_emplace(ring[k], static_cast<std::uint32_t>(points.size()));
        if (added) {
          points.push_back(ring[k]);
          n0.push_back(kNone), n1.push_back(kNone), junction.push_back(false);
        }
        if (s.empty() || s.back() != it->second) s.push_back(it->second);
      }
      while (s.size() > 1 && s.back() == s.front()) s.pop_back();
      if (s.size() < 3) {
        s.clear();
        continue;
      }
      for (std::size_t k = 0; k < s.size(); ++k) {
        const std::uint32_t v = s[k], next = s[(k + 1) % s.size()];
        neighbour(v, next);
        neighbour(next, v);
      }
    }

  Topology topo;
  topo.rings.resize(polygons.size());
  std::unordered_map<std::vector<std::uint32_t>, std::uint32_t, VecHash> arc_of;
  std::vector<std::uint32_t> arc;
  auto add_arc = [&](std::uint32_t who) {
    // Canonical direction: from the smaller end; a closed arc by its second and last-but-one points.
    const Point& a = points[arc.front()];
    const Point& b = points[arc.back()];
    bool reverse = arc.front() != arc.back() ? less(b, a) : less(points[arc[arc.size() - 2]], points[arc[1]]);
    if (reverse) std::reverse(arc.begin(), arc.end());
    const auto [it, added] = arc_of.try_emplace(arc, static_cast<std::uint32_t>(topo.arcs.size()));
    if (added) {
      Line& l = topo.arcs.emplace_back();
      l.reserve(arc.size());
      for (std::uint32_t v : arc) l.push_back(points[v]);
      topo.owners.emplace_back();
    }
    auto& o = topo.owners[it->second];
    if (std::find(o.begin(), o.end(), who) == o.end()) {
      o.push_back(who);
      std::sort(o.begin(), o.end());
    }
    return ArcRef{it->second, reverse};
  };
  for (std::size_t i = 0; i < polygons.size(); ++i)
    for (const auto& s : seqs[i]) {
      std::vector<ArcRef>& refs = topo.rings[i].emplace_back();
      if (s.empty()) continue;
      const std::size_t n = s.size();
      std::size_t start = n;
      for (std::size_t k = 0; k < n && start == n; ++k)
        if (junction[s[k]]) start = k;
      if (start == n) {  // no junction: one closed arc from the ring's smallest point
        std::size_t m = 0;
        for (std::size_t k = 1; k < n; ++k)
          if (less(points[s[k]], points[s[m]])) m = k;
        arc.clear();
        for (std::size_t k = 0; k <= n; ++k) arc.push_back(s[(m + k) % n]);
        refs.push_back(add_arc(owner[i]));
        continue;
      }
      arc.assign(1, s[start]);
      for (std::size_t k = 1; k <= n; ++k) {
        const std::uint32_t v = s[(start + k) % n];
        arc.push_back(v);
        if (junction[v]) {
          refs.push_back(add_arc(owner[i]));
          arc.assign(1, v);
        }
      }
    }
  return topo;
}

Line simplify(const Line& arc, double tolerance) {
  const std::size_t n = arc.size();
  if (n <= 2 || !(tolerance > 0)) return arc;
  std::vector<bool> keep(n, false);
  keep.front() = keep.back() = true;
  const double tol2 = tolerance * tolerance;
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, n - 1}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    if (b <= a + 1) continue;
    const Point p = arc[a], q = arc[b];
    const double dx = q.x - p.x, dy = q.y - p.y, len2 = dx * dx + dy * dy;
    double best = -1;
    std::size_t at = a;
    for (std::size_t k = a + 1; k < b; ++k) {
      const Point r = arc[k];
      double d2;
      if (len2 > 0) {
        const double t = std::clamp(((r.x - p.x) * dx + (r.y - p.y) * dy) / len2, 0.0, 1.0);
        const double ex = p.x + t * dx - r.x, ey = p.y + t * dy - r.y;
        d2 = ex * ex + ey * ey;
      } else {
        d2 = (r.x - p.x) * (r.x - p.x) + (r.y - p.y) * (r.y - p.y);
      }
      if (d2 > best) best = d2, at = k;
    }
    if (best > tol2) {
      keep[at] = true;
      stack.push_back({a, at});
      stack.push_back({at, b});
    }
  }
  Line out;
  for (std::size_t k = 0; k < n; ++k)
    if (keep[k]) out.push_back(arc[k]);
  return out;
}

Polygon assemble(const Topology& topo, const std::vector<Line>& arcs, std::size_t i) {
  Polygon out;
  bool first = true;
  for (const auto& refs : topo.rings[i]) {
    const bool outer = first;
    first = false;
    Ring ring;
    for (const ArcRef& r : refs) {
      const Line& l = arcs[r.arc];
      if (l.empty()) continue;
      const std::size_t m = l.size();
      for (std::size_t k = 0; k < m; ++k) {
        const Point& p = l[r.reversed ? m - 1 - k : k];
        if (ring.empty() || !(ring.back() == p)) ring.push_back(p);
      }
    }
    if (!ring.empty() && !(ring.back() == ring.front())) ring.push_back(ring.front());
    const bool ok = ring.size() >= 4 && signed_area(ring) != 0;
    if (!ok) {
      if (outer) return {};
      continue;
    }
    out.rings.push_back(std::move(ring));
  }
  return out;
}

}  // namespace sahelmap::geom
