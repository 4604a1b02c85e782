#include "geom/clip.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace sahelmap::geom {

namespace {

enum class Kind { None, Interior, Boundary };

// Value of y where segment a-b meets the vertical line x; the endpoints are put in a canonical
// order first, so every caller that clips the same segment at the same line gets the same bits.
double y_at(Point a, Point b, double x) {
  if (b.x < a.x || (b.x == a.x && b.y < a.y)) std::swap(a, b);
  if (x == a.x) return a.y;
  if (x == b.x) return b.y;
  const double y = a.y + (b.y - a.y) * ((x - a.x) / (b.x - a.x));
  return std::clamp(y, std::min(a.y, b.y), std::max(a.y, b.y));
}

double x_at(Point a, Point b, double y) {
  if (b.y < a.y || (b.y == a.y && b.x < a.x)) std::swap(a, b);
  if (y == a.y) return a.x;
  if (y == b.y) return b.x;
  const double x = a.x + (b.x - a.x) * ((y - a.y) / (b.y - a.y));
  return std::clamp(x, std::min(a.x, b.x), std::max(a.x, b.x));
}

}  // namespace

struct RectClipper::Piece {
  Kind kind = Kind::None;
  Point p, q;  // the part of the segment inside the closed box
};

RectClipper::RectClipper(const Box& box) {
  set_box(box);
}

RectClipper::Piece RectClipper::clip_segment(Point a, Point b) const {
  const Box& B = box_;
  double t0 = 0, t1 = 1;
  int s0 = -1, s1 = -1;  // side that bounds t0 / t1: 0 left, 1 right, 2 bottom, 3 top
  const double dx = b.x - a.x, dy = b.y - a.y;
  auto test = [&](double p, double q, int side) {
    if (p == 0) return q >= 0;
    const double r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r, s0 = side;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r, s1 = side;
    }
    return true;
  };
  if (!test(-dx, a.x - B.minx, 0) || !test(dx, B.maxx - a.x, 1) || !test(-dy, a.y - B.miny, 2) ||
      !test(dy, B.maxy - a.y, 3) || !(t0 < t1))
    return {};
  auto on_side = [&](int side) -> Point {
    switch (side) {
      case 0:
        return {B.minx, std::clamp(y_at(a, b, B.minx), B.miny, B.maxy)};
      case 1:
        return {B.maxx, std::clamp(y_at(a, b, B.maxx), B.miny, B.maxy)};
      case 2:
        return {std::clamp(x_at(a, b, B.miny), B.minx, B.maxx), B.miny};
      default:
        return {std::clamp(x_at(a, b, B.maxy), B.minx, B.maxx), B.maxy};
    }
  };
  Piece pc;
  pc.p = s0 < 0 ? a : on_side(s0);
  pc.q = s1 < 0 ? b : on_side(s1);
  if (pc.p == pc.q) return {};
  const bool along = (pc.p.x == pc.q.x && (pc.p.x == B.minx || pc.p.x == B.maxx)) ||
                     (pc.p.y == pc.q.y && (pc.p.y == B.miny || pc.p.y == B.maxy));
  pc.kind = along ? Kind::Boundary : Kind::Interior;
  return pc;
}

// Signed distance along the boundary from p to q, both on one common edge.
double RectClipper::edge_delta(Point p, Point q) const {
  const Box& B = box_;
  if (p == q) return 0;
  if (p.y == B.miny && q.y == B.miny) return q.x - p.x;
  if (p.x == B.maxx && q.x == B.maxx) return q.y - p.y;
  if (p.y == B.maxy && q.y == B.maxy) return p.x - q.x;
  if (p.x == B.minx && q.x == B.minx) return p.y - q.y;
  // Not on one edge: only from rounding next to a corner, where the short way is the right one.
  auto t = [&](Point r) {
    if (r.y <= B.miny) return r.x - B.minx;
    if (r.x >= B.maxx) return B.width() + (r.y - B.miny);
    if (r.y >= B.maxy) return B.width() + B.height() + (B.maxx - r.x);
    return 2 * B.width() + B.height() + (B.maxy - r.y);
  };
  double d = std::fmod(t(q) - t(p), perimeter_);
  if (d > perimeter_ / 2) d -= perimeter_;
  if (d < -perimeter_ / 2) d += perimeter_;
  return d;
}

// How far the nearest-point projection onto the box boundary travels while a straight path from u
// to v stays outside the box. Between crossings of the box's extended edge lines the path stays in
// one outside region, whose projection is one edge or one corner.
double RectClipper::sweep(Point u, Point v) const {
  if (u == v) return 0;
  const Box& B = box_;
  auto clamp = [&](Point r) { return Point{std::clamp(r.x, B.minx, B.maxx), std::clamp(r.y, B.miny, B.maxy)}; };
  struct Cross {
    double t;
    Point c;
  } xs[4];
  int n = 0;
  const double dx = v.x - u.x, dy = v.y - u.y;
  for (double X : {B.minx, B.maxx})
    if ((u.x - X) * (v.x - X) < 0) {
      const double t = (X - u.x) / dx;
      xs[n++] = {t, clamp({X, u.y + t * dy})};
    }
  for (double Y : {B.miny, B.maxy})
    if ((u.y - Y) * (v.y - Y) < 0) {
      const double t = (Y - u.y) / dy;
      xs[n++] = {t, clamp({u.x + t * dx, Y})};
    }
  for (int i = 1; i < n; ++i)  // at most four: insertion sort
    for (int j = i; j > 0 && xs[j].t < xs[j - 1].t; --j) std::swap(xs[j], xs[j - 1]);
  Point prev = clamp(u);
  double d = 0;
  for (int i = 0; i < n; ++i) {
    d += edge_delta(prev, xs[i].c);
    prev = xs[i].c;
  }
  return d + edge_delta(prev, clamp(v));
}

unsigned RectClipper::outcode(Point p) const {
  return (p.x < box_.minx ? 1u : 0u) | (p.x > box_.maxx ? 2u : 0u) | (p.y < box_.miny ? 4u : 0u) |
         (p.y > box_.maxy ? 8u : 0u);
}

// Walks a ring from ring[k], a vertex strictly outside the box, so no chain is in progress at the
// start or the end. Chains (runs inside) go to points_/chains_, the runs outside in between to
// gaps_ as distances travelled around the boundary.
void RectClipper::walk_ring(const Ring& ring, std::size_t k) {
  const Box& B = box_;
  const std::size_t n = ring.size() - 1;  // segments
  auto clamp = [&](Point r) { return Point{std::clamp(r.x, B.minx, B.maxx), std::clamp(r.y, B.miny, B.maxy)}; };
  bool in_chain = false, have_gap = false, any_chain = false;
  Point first_start{}, gap_from{};
  double gap = 0, lead = 0;
  auto start_chain = [&](Point p, double before) {
    if (have_gap) {
      gaps_.push_back({gap_from, p, gap + before});
    } else {
      first_start = p;
      lead = gap + before;
    }
    chains_.push_back({points_.size(), 0, 0, 0, -1, false});
    points_.push_back(p);
    in_chain = any_chain = true;
  };
  auto end_chain = [&](Point at) {
    chains_.back().end = points_.size();
    in_chain = false;
    gap_from = at;
    gap = 0;
    have_gap = true;
  };
  // Runs of segments beyond one common side telescope: only their ends matter.
  bool run = false;
  unsigned run_mask = 0;
  Point run_a{}, run_b{};
  auto flush = [&] {
    if (run) gap += edge_delta(clamp(run_a), clamp(run_b));
    run = false;
  };
  unsigned oc_a = outcode(ring[k]);
  for (std::size_t step = 0; step < n; ++step) {
    const std::size_t i = (k + step) % n;
    const Point a = ring[i], b = ring[i + 1];
    const unsigned oc_b = outcode(b);
    if (a == b) continue;
    if (oc_a & oc_b) {
      if (run && (run_mask & oc_b)) {
        run_mask &= oc_b;
      } else {
        flush();
        run = true, run_mask = oc_a & oc_b, run_a = a;
      }
      run_b = b;
      oc_a = oc_b;
      continue;
    }
    flush();
    if ((oc_a | oc_b) == 0) {
      // Wholly inside the closed box: along an edge line it is a boundary run, else interior.
      const bool along =
          (a.x == b.x && (a.x == B.minx || a.x == B.maxx)) || (a.y == b.y && (a.y == B.miny || a.y == B.maxy));
      if (along) {
        if (in_chain) end_chain(a);
        gap += edge_delta(a, b);
      } else {
        if (!in_chain) start_chain(a, 0);
        points_.push_back(b);
      }
    } else {
      const Piece pc = clip_segment(a, b);
      if (pc.kind == Kind::Interior) {
        if (!in_chain) start_chain(pc.p, sweep(a, pc.p));
        points_.push_back(pc.q);
        if (!(pc.q == b)) {
          end_chain(pc.q);
          gap = sweep(pc.q, b);
        }
      } else {
        if (in_chain) end_chain(a);
        gap += pc.kind == Kind::None ? sweep(a, b) : sweep(a, pc.p) + edge_delta(pc.p, pc.q) + sweep(pc.q, b);
      }
    }
    oc_a = oc_b;
  }
  flush();
  if (!any_chain) {  // never inside: only full turns around the box count
    loops_ += std::lround(gap / perimeter_);
    return;
  }
  if (in_chain) end_chain(points_.back());  // cannot happen: ring[k] is outside
  gaps_.push_back({gap_from, first_start, gap + lead});
}

void RectClipper::set_box(const Box& box) {
  box_ = box;
  empty_box_ = !(box.width() > 0 && box.height() > 0);
  perimeter_ = 2 * (box.width() + box.height());
}

void RectClipper::begin() {
  used_ = 0;
  points_.clear();
  chains_.clear();
  gaps_.clear();
  loops_ = 0;
}

namespace {
// False when all points lie on one line (or coincide): such a ring fills nothing. Usually
// answered by the third point.
bool spans_area(const Ring& r) {
  std::size_t j = 1;
  while (j < r.size() && r[j] == r[0]) ++j;
  if (j == r.size()) return false;
  const Point o = r[0], d{r[j].x - o.x, r[j].y - o.y};
  for (std::size_t i = j + 1; i < r.size(); ++i)
    if ((r[i].x - o.x) * d.y - (r[i].y - o.y) * d.x != 0) return true;
  return false;
}
}  // namespace

void RectClipper::add_ring(const Ring& ring, Polygon& out) {
  if (ring.size() < 4) return;
  // One pass of outcodes: wholly inside, wholly beyond one side, or where to start walking.
  unsigned all = ~0u, any = 0;
  std::size_t k = 0;
  for (std::size_t i = ring.size() - 1; i-- > 0;) {
    const unsigned oc = outcode(ring[i]);
    all &= oc;
    any |= oc;
    if (oc) k = i;
  }
  if (any == 0) {
    if (spans_area(ring)) next_ring(out).assign(ring.begin(), ring.end());
  } else if (all == 0)
    walk_ring(ring, k);  // (beyond one side it cannot wind around the box)
}

void RectClipper::finish(Polygon& out) {
  if (!chains_.empty() || loops_ != 0) assemble(out);
  out.rings.resize(used_);
}

void RectClipper::clip(const Polygon& in, Polygon& out) {
  begin();
  if (!empty_box_)
    for (const Ring& ring : in.rings) add_ring(ring, out);
  finish(out);
}

void RectClipper::clip(const PreparedPolygon& in, Polygon& out) {
  begin();
  if (!empty_box_ && box_.intersects(in.bounds)) {
    for (std::size_t r = 0; r < in.polygon.rings.size(); ++r) {
      const Box& rb = in.ring_bounds[r];
      if (!rb.intersects(box_)) continue;
      if (box_.contains(rb)) {
        if (spans_area(in.polygon.rings[r]))
          next_ring(out).assign(in.polygon.rings[r].begin(), in.polygon.rings[r].end());
        continue;
      }
      const Ring& ring = in.polygon.rings[r];
      std::size_t k = 0;
      while (k + 1 < ring.size() && outcode(ring[k]) == 0) ++k;
      walk_ring(ring, k);
    }
  }
  finish(out);
}

PreparedPolygon::PreparedPolygon(Polygon p) : polygon(std::move(p)) {
  ring_bounds.reserve(polygon.rings.size());
  for (const auto& r : polygon.rings) {
    ring_bounds.push_back(r.size() >= 4 ? geom::bounds(r) : Box{});
    bounds.expand(ring_bounds.back());
  }
}

Ring& RectClipper::next_ring(Polygon& out) {
  if (used_ == out.rings.size()) out.rings.emplace_back();
  Ring& r = out.rings[used_++];
  r.clear();
  return r;
}

RectClipper::Node RectClipper::make_node(Point p) const {
  const Box& B = box_;
  Node nd{p, 3, -p.y, 2 * B.width() + B.height() + B.maxy - p.y, false};
  if (p.y == B.miny && p.x < B.maxx)
    nd = {p, 0, p.x, p.x - B.minx, false};
  else if (p.x == B.maxx && p.y < B.maxy)
    nd = {p, 1, p.y, B.width() + p.y - B.miny, false};
  else if (p.y == B.maxy && p.x > B.minx)
    nd = {p, 2, -p.x, B.width() + B.height() + B.maxx - p.x, false};
  nd.corner = (p.x == B.minx || p.x == B.maxx) && (p.y == B.miny || p.y == B.maxy);
  return nd;
}

namespace {
bool node_less(const RectClipper::Node& l, const RectClipper::Node& r) {
  return l.edge != r.edge ? l.edge < r.edge : l.s < r.s;
}
}  // namespace

std::size_t RectClipper::node_index(Point p) const {
  return static_cast<std::size_t>(std::lower_bound(nodes_.begin(), nodes_.end(), make_node(p), node_less) -
                                  nodes_.begin());
}

void RectClipper::assemble(Polygon& out) {
  const Box& B = box_;
  nodes_.clear();
  for (Point c : {Point{B.minx, B.miny}, Point{B.maxx, B.miny}, Point{B.maxx, B.maxy}, Point{B.minx, B.maxy}})
    nodes_.push_back(make_node(c));
  for (const Chain& c : chains_) {
    nodes_.push_back(make_node(points_[c.begin]));
    nodes_.push_back(make_node(points_[c.end - 1]));
  }
  std::sort(nodes_.begin(), nodes_.end(), node_less);
  nodes_.erase(std::unique(nodes_.begin(), nodes_.end(), [](const Node& l, const Node& r) { return l.p == r.p; }),
               nodes_.end());
  const std::size_t N = nodes_.size();

  // Net number of times the rings run along each boundary interval (node j to node j+1).
  std::vector<long>& m = multiplicity_;
  m.assign(N + 1, 0);
  long loops = loops_;
  for (const Gap& g : gaps_) {
    const std::size_t iq = node_index(g.from), ip = node_index(g.to);
    const double arc = iq <= ip ? nodes_[ip].t - nodes_[iq].t : perimeter_ - (nodes_[iq].t - nodes_[ip].t);
    loops += std::lround((g.delta - arc) / perimeter_);
    if (iq == ip) continue;
    ++m[iq];
    --m[ip];
    if (iq > ip) ++m[0], --m[N];
  }
  long run = loops;
  for (std::size_t j = 0; j < N; ++j) {
    run += m[j];
    m[j] = run;
  }

  first_start_.assign(N, -1);
  for (std::size_t c = chains_.size(); c-- > 0;) {
    Chain& ch = chains_[c];
    ch.start_node = node_index(points_[ch.begin]);
    ch.end_node = node_index(points_[ch.end - 1]);
    ch.next_same_start = first_start_[ch.start_node];
    first_start_[ch.start_node] = static_cast<int>(c);
  }
  auto take_chain_at = [&](std::size_t node) {
    for (int c = first_start_[node]; c >= 0; c = chains_[c].next_same_start)
      if (!chains_[c].used) return c;
    return -1;
  };

  const std::size_t first_new = used_;
  for (std::size_t c0 = 0; c0 < chains_.size(); ++c0) {
    if (chains_[c0].used) continue;
    Ring& ring = next_ring(out);
    int cur = static_cast<int>(c0);
    const std::size_t home = chains_[c0].start_node;
    while (cur >= 0) {
      Chain& ch = chains_[cur];
      ch.used = true;
      for (std::size_t i = ch.begin; i < ch.end; ++i)
        if (ring.empty() || !(ring.back() == points_[i])) ring.push_back(points_[i]);
      std::size_t node = ch.end_node;
      cur = -1;
      for (std::size_t guard = 0; guard <= 2 * N * (chains_.size() + 1); ++guard) {
        if (node == home) break;  // closing the ring comes before joining another chain
        if ((cur = take_chain_at(node)) >= 0) break;
        if (m[node] > 0) {
          --m[node];
          node = (node + 1) % N;
        } else if (m[(node + N - 1) % N] < 0) {
          ++m[(node + N - 1) % N];
          node = (node + N - 1) % N;
        } else {
          break;  // inconsistent only through rounding: close the ring where we are
        }
        if (nodes_[node].corner && node != home) ring.push_back(nodes_[node].p);
      }
    }
    ring.push_back(ring.front());
  }
  // What is left is the same count on every interval: whole turns around the box.
  const long turns = N ? m[0] : loops;
  for (long t = 0; t < std::labs(turns); ++t) {
    Ring& box = next_ring(out);
    box.assign({{B.minx, B.miny}, {B.maxx, B.miny}, {B.maxx, B.maxy}, {B.minx, B.maxy}, {B.minx, B.miny}});
    if (turns < 0) std::reverse(box.begin(), box.end());
  }

  // Tidy: no repeated points, no collinear runs along box edges, no degenerate rings.
  auto on_edge_line = [&](Point a, Point b, Point c) {
    return (a.x == b.x && b.x == c.x && (b.x == B.minx || b.x == B.maxx)) ||
           (a.y == b.y && b.y == c.y && (b.y == B.miny || b.y == B.maxy));
  };
  auto tidy = [&](Ring& r) {
    r.pop_back();
    std::size_t w = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const Point p = r[i];
      if (w > 0 && r[w - 1] == p) continue;
      while (w >= 2 && on_edge_line(r[w - 2], r[w - 1], p)) --w;
      if (w > 0 && r[w - 1] == p) continue;
      r[w++] = p;
    }
    r.resize(w);
    for (bool changed = true; changed && r.size() >= 3;) {
      changed = false;
      if (r.back() == r.front())
        r.pop_back(), changed = true;
      else if (on_edge_line(r[r.size() - 2], r.back(), r.front()))
        r.pop_back(), changed = true;
      else if (on_edge_line(r.back(), r[0], r[1]))
        r.erase(r.begin()), changed = true;
    }
    if (r.size() < 3) return false;
    r.push_back(r.front());
    // Degenerate means all points on one line; a bowtie has zero signed area but is kept.
    const Point o = r[0], d{r[1].x - o.x, r[1].y - o.y};
    for (std::size_t i = 2; i + 1 < r.size(); ++i)
      if ((r[i].x - o.x) * d.y - (r[i].y - o.y) * d.x != 0) return true;
    return false;
  };
  std::size_t keep = first_new;
  for (std::size_t i = first_new; i < used_; ++i)
    if (tidy(out.rings[i])) {
      if (keep != i) std::swap(out.rings[keep], out.rings[i]);
      ++keep;
    }
  used_ = keep;
}

void RectClipper::clip(const Line& in, MultiLine& out) {
  if (in.size() < 2 || !box_.valid()) return;
  const Box lb = bounds(in);
  if (!lb.intersects(box_)) return;
  if (box_.contains(lb)) {
    out.push_back(in);
    return;
  }
  bool open = false;  // whether out.back() can be continued
  for (std::size_t i = 0; i + 1 < in.size(); ++i) {
    const Point a = in[i], b = in[i + 1];
    if (a == b) continue;
    const Piece pc = clip_segment(a, b);
    if (pc.kind == Kind::None) {
      open = false;
      continue;
    }
    if (open && out.back().back() == pc.p)
      out.back().push_back(pc.q);
    else
      out.push_back({pc.p, pc.q});
    open = pc.q == b;
  }
}

bool is_full_box(const Polygon& p, const Box& box) {
  if (p.rings.size() != 1 || p.rings[0].size() != 5) return false;
  for (const Point& q : p.rings[0])
    if ((q.x != box.minx && q.x != box.maxx) || (q.y != box.miny && q.y != box.maxy)) return false;
  return bounds(p.rings[0]) == box && signed_area(p.rings[0]) > 0;
}

Polygon clip(const Polygon& poly, const Box& box) {
  Polygon out;
  RectClipper(box).clip(poly, out);
  return out;
}

MultiPolygon clip(const MultiPolygon& mp, const Box& box) {
  RectClipper clipper(box);
  MultiPolygon out;
  Polygon part;
  for (const Polygon& p : mp) {
    clipper.clip(p, part);
    if (!part.empty()) out.push_back(std::move(part));
  }
  return out;
}

MultiLine clip(const Line& line, const Box& box) {
  MultiLine out;
  RectClipper(box).clip(line, out);
  return out;
}

}  // namespace sahelmap::geom
