// The clipping core on random polygons: whatever the input (spikes, self-intersections, rings
// running along or through the box's edges and corners), the clipped rings lie in the box, are
// closed and non-degenerate, and give every point inside the box the winding number the input
// gives it, which is what keeps nonzero and even-odd fills unchanged. Prepared and plain input,
// and clipping twice, agree.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"
#include "geom/clip.hpp"

using namespace sahelmap;
using geom::Point;

namespace {

// Coordinates on a coarse grid, so that vertices often land exactly on the box's edges and
// corners and segments often run along them: the hard cases.
double coord(FuzzedDataProvider& in) {
  return in.ConsumeIntegralInRange<int>(-12, 12) * 0.5;
}

int winding(const geom::Ring& r, Point p) {
  int w = 0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    const Point a = r[i], b = r[i + 1];
    const double cross = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y);
    if (a.y <= p.y && b.y > p.y && cross > 0) ++w;
    if (a.y > p.y && b.y <= p.y && cross < 0) --w;
  }
  return w;
}

int winding(const geom::Polygon& poly, Point p) {
  int w = 0;
  for (const auto& r : poly.rings) w += winding(r, p);
  return w;
}

// Points closer than this to a segment of either polygon have no well-defined winding number.
bool near_an_edge(const geom::Polygon& poly, Point p) {
  for (const auto& r : poly.rings)
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      const Point a = r[i], b = r[i + 1];
      const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
      t = std::clamp(t, 0.0, 1.0);
      if (std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y) < 1e-7) return true;
    }
  return false;
}

void check_rings(const geom::Polygon& out, const geom::Box& box) {
  for (const auto& r : out.rings) {
    if (r.size() < 4) fuzz::fail("a ring with fewer than 3 distinct points");
    if (!(r.front() == r.back())) fuzz::fail("an open ring");
    bool spans = false;
    for (std::size_t i = 1; i < r.size() && !spans; ++i)
      for (std::size_t j = i + 1; j < r.size() && !spans; ++j)
        spans = (r[i].x - r[0].x) * (r[j].y - r[0].y) - (r[i].y - r[0].y) * (r[j].x - r[0].x) != 0;
    if (!spans) fuzz::fail("a ring whose points are all on one line");
    for (const Point& p : r)
      if (!std::isfinite(p.x) || !std::isfinite(p.y) || !box.contains(p)) fuzz::fail("a vertex outside the box");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  double x0 = coord(in), y0 = coord(in), x1 = coord(in), y1 = coord(in);
  if (x0 > x1) std::swap(x0, x1);
  if (y0 > y1) std::swap(y0, y1);
  const geom::Box box{x0, y0, x1, y1};

  geom::Polygon poly;
  const int rings = in.ConsumeIntegralInRange<int>(1, 4);
  for (int k = 0; k < rings && in.remaining_bytes() > 0; ++k) {
    geom::Ring r;
    const int n = in.ConsumeIntegralInRange<int>(3, 40);
    for (int i = 0; i < n; ++i) r.push_back({coord(in), coord(in)});
    r.push_back(r.front());
    poly.rings.push_back(std::move(r));
  }

  if (poly.rings.empty()) return 0;
  geom::RectClipper clipper(box);
  geom::Polygon out, prepared_out, twice;
  clipper.clip(poly, out);
  check_rings(out, box);

  clipper.clip(geom::PreparedPolygon(poly), prepared_out);
  if (prepared_out.rings != out.rings) fuzz::fail("prepared and plain input clip differently");

  // Sample points strictly inside the box, off the grid the vertices live on.
  if (box.width() > 0 && box.height() > 0) {
    for (int i = 0; i < 7; ++i)
      for (int j = 0; j < 7; ++j) {
        const Point p{box.minx + box.width() * (i + 0.5 + 0.0123 * j) / 7.0,
                      box.miny + box.height() * (j + 0.5 + 0.0371 * i) / 7.0};
        if (near_an_edge(poly, p) || near_an_edge(out, p)) continue;
        if (winding(out, p) != winding(poly, p)) fuzz::fail("winding number changed inside the box");
      }
  } else if (!out.rings.empty()) {
    fuzz::fail("a box without area kept rings");
  }

  clipper.clip(out, twice);
  check_rings(twice, box);
  double a = 0, b = 0;
  for (const auto& r : out.rings) a += geom::signed_area(r);
  for (const auto& r : twice.rings) b += geom::signed_area(r);
  if (std::abs(a - b) > 1e-9 * (1 + std::abs(a))) fuzz::fail("clipping the clipped rings changed their area");

  // Lines: every piece inside the box.
  geom::MultiLine pieces;
  clipper.clip(geom::Line(poly.rings.front().begin(), poly.rings.front().end()), pieces);
  for (const auto& l : pieces)
    for (const Point& p : l)
      if (!box.contains(p)) fuzz::fail("a line piece outside the box");
  return 0;
}
