#include "pixel_truth.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "geom/geos_oracle.hpp"
#include "util/paths.hpp"

namespace sahelmap::test {

namespace {

struct Shape {
  std::string code;
  geom::Box box;
  Geos::Ptr geometry;
};

double box_distance(const geom::Box& b, geom::Point p) {
  const double dx = std::max({b.minx - p.x, 0.0, p.x - b.maxx});
  const double dy = std::max({b.miny - p.y, 0.0, p.y - b.maxy});
  return std::hypot(dx, dy);
}

geom::Box box_of(const geom::MultiPolygon& mp) {
  geom::Box b{1e300, 1e300, -1e300, -1e300};
  for (const auto& poly : mp)
    for (const auto& p : poly.rings.at(0)) {
      b.minx = std::min(b.minx, p.x), b.maxx = std::max(b.maxx, p.x);
      b.miny = std::min(b.miny, p.y), b.maxy = std::max(b.maxy, p.y);
    }
  return b;
}

// Distance in degrees from `p` to the nearest shape whose code is not `keep` (all shapes when
// `keep` is empty), and whether a shape of code `keep` holds it.
struct Nearest {
  double other = 1e300;
  bool inside_keep = false;
};

Nearest nearest(const Geos& geos, const std::vector<Shape>& shapes, geom::Point p, const std::string& keep) {
  Nearest n;
  Geos::Ptr pt = geos.own(GEOSGeom_createPointFromXY_r(geos.ctx(), p.x, p.y));
  for (const Shape& s : shapes) {
    const bool same = !keep.empty() && s.code == keep;
    if (!same && box_distance(s.box, p) >= n.other) continue;
    if (same) {
      if (!n.inside_keep && box_distance(s.box, p) == 0 && GEOSContains_r(geos.ctx(), s.geometry.get(), pt.get()) == 1)
        n.inside_keep = true;
      continue;
    }
    double d = 0;
    GEOSDistance_r(geos.ctx(), s.geometry.get(), pt.get(), &d);
    n.other = std::min(n.other, d);
  }
  return n;
}

}  // namespace

std::vector<Sample> truth_samples(const data::Boundaries& b, unsigned seed) {
  Geos geos;
  std::vector<Shape> shapes;
  for (const auto& s : b.shapes) shapes.push_back({s.code, box_of(s.geometry), geos.polygons(s.geometry)});
  std::mt19937 rng(seed);
  std::vector<Sample> out;
  auto keep_land = [&](const std::string& code, geom::Point at, double r) {
    r = std::min({r, 89.5 - std::abs(at.y), 180 - std::abs(at.x)});
    if (r < 0.25) return;
    const Nearest n = nearest(geos, shapes, at, code);
    if (!n.inside_keep) return;
    r = std::min(r, n.other);  // another country's part (data may overlap) bounds the disc too
    if (r >= 0.25) out.push_back({code, at, r});
  };
  for (const auto& s : b.shapes) {
    if (s.code.empty()) continue;
    for (const auto& poly : s.geometry) {
      Geos::Ptr part = geos.polygons({poly});
      const double area = geos.area(part.get());
      if (area < 0.5) continue;
      // The most inside point, then random ones far enough from the part's edge.
      Geos::Ptr mic = geos.own(GEOSMaximumInscribedCircle_r(geos.ctx(), part.get(), 0.02));
      double cx = 0, cy = 0, r = 0;
      if (mic) {
        Geos::Ptr start = geos.own(GEOSGeomGetStartPoint_r(geos.ctx(), mic.get()));
        GEOSGeomGetX_r(geos.ctx(), start.get(), &cx);
        GEOSGeomGetY_r(geos.ctx(), start.get(), &cy);
        GEOSGeomGetLength_r(geos.ctx(), mic.get(), &r);
      }
      keep_land(s.code, {cx, cy}, r * 0.95);
      const geom::Box bb = box_of({poly});
      Geos::Ptr edge = geos.own(GEOSBoundary_r(geos.ctx(), part.get()));
      const int want = std::clamp(static_cast<int>(area / 6), 1, 40);
      std::uniform_real_distribution<double> ux(bb.minx, bb.maxx), uy(bb.miny, bb.maxy);
      for (int k = 0, tries = 0; k < want && tries < 40 * want; ++tries) {
        const geom::Point p{ux(rng), uy(rng)};
        Geos::Ptr pt = geos.own(GEOSGeom_createPointFromXY_r(geos.ctx(), p.x, p.y));
        if (GEOSContains_r(geos.ctx(), part.get(), pt.get()) != 1) continue;
        double d = 0;
        GEOSDistance_r(geos.ctx(), edge.get(), pt.get(), &d);
        if (d < 0.3) continue;
        keep_land(s.code, p, d * 0.95);
        ++k;
      }
    }
  }
  // Sea: uniform on the sphere, kept when far from every coast.
  std::uniform_real_distribution<double> ulon(-180, 180), uz(std::sin(-75 * M_PI / 180), std::sin(80 * M_PI / 180));
  for (int k = 0, tries = 0; k < 900 && tries < 20000; ++tries) {
    const geom::Point p{ulon(rng), std::asin(uz(rng)) * 180 / M_PI};
    const double d = nearest(geos, shapes, p, "").other;
    const double r = std::min({d * 0.95, 8.0, 89.5 - std::abs(p.y), 180 - std::abs(p.x)});
    if (r < 0.75) continue;
    out.push_back({"", p, r});
    ++k;
  }
  return out;
}

Expected expected_fill(const data::BlocTable& blocs, const render::Style& style, const std::string& code,
                       data::Date date) {
  std::vector<std::pair<std::size_t, render::Color>> fills;  // style rank, fill
  for (const data::Membership* m : blocs.on(date)) {
    if (m->country != code) continue;
    for (std::size_t i = 0; i < style.blocs.size(); ++i)
      if (style.blocs[i].id == m->bloc && style.blocs[i].show) fills.push_back({i, style.blocs[i].fill_for(m->role)});
  }
  if (fills.empty()) return {style.land, {}};
  std::stable_sort(fills.begin(), fills.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Expected e{fills.front().second, {}};
  for (std::size_t i = 1; i < fills.size(); ++i)
    if (!(fills[i].second == e.fill)) e.stripes.push_back(fills[i].second);
  return e;
}

bool matches(const Expected& e, int r, int g, int b, double tolerance) {
  const double c[3] = {double(r), double(g), double(b)};
  auto near = [&](const render::Color& a, const render::Color& z) {
    const double A[3] = {a.r * 255, a.g * 255, a.b * 255}, Z[3] = {z.r * 255, z.g * 255, z.b * 255};
    double num = 0, den = 0;
    for (int i = 0; i < 3; ++i) num += (c[i] - A[i]) * (Z[i] - A[i]), den += (Z[i] - A[i]) * (Z[i] - A[i]);
    const double t = den > 0 ? std::clamp(num / den, 0.0, 1.0) : 0;
    for (int i = 0; i < 3; ++i)
      if (std::abs(c[i] - (A[i] + t * (Z[i] - A[i]))) > tolerance) return false;
    return true;
  };
  if (near(e.fill, e.fill)) return true;
  for (const auto& s : e.stripes)
    if (near(e.fill, s)) return true;
  return false;
}

struct Cover::Impl {
  Geos geos;
  std::vector<Shape> shapes;
};

Cover::Cover(const data::Boundaries& b) : impl_(std::make_unique<Impl>()) {
  for (const auto& s : b.shapes)
    impl_->shapes.push_back({s.code, box_of(s.geometry), impl_->geos.polygons(s.geometry)});
}
Cover::~Cover() = default;

Cover::Result Cover::of(const geom::Box& lonlat) const {
  const Geos& geos = impl_->geos;
  Geos::Ptr rect = geos.rect(lonlat);
  Result r{Kind::Sea, {}};
  for (const Shape& s : impl_->shapes) {
    if (s.box.maxx < lonlat.minx || s.box.minx > lonlat.maxx || s.box.maxy < lonlat.miny || s.box.miny > lonlat.maxy)
      continue;
    if (GEOSIntersects_r(geos.ctx(), s.geometry.get(), rect.get()) != 1) continue;
    if (r.kind != Kind::Sea || s.code.empty() || GEOSContains_r(geos.ctx(), s.geometry.get(), rect.get()) != 1)
      return {Kind::Mixed, {}};
    r = {Kind::One, s.code};
  }
  return r;
}

namespace {

double segment_distance(geom::Point p, geom::Point a, geom::Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0;
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

bool covers(const render::Rect& r, geom::Point p) {
  return p.x >= r.x && p.y >= r.y && p.x <= r.x + r.w && p.y <= r.y + r.h;
}

}  // namespace

bool over_the_map(render::Part part) {
  using render::Part;
  switch (part) {
    case Part::Page:
    case Part::Space:
    case Part::Sea:
    case Part::Country:
    case Part::Borders:
    case Part::Frame:
      return false;
    default:
      return true;
  }
}

bool clear_of_overlays(const render::DisplayList& list, geom::Point p, double margin, double dx, double dy) {
  using render::Part;
  const geom::Point q{p.x - dx, p.y - dy};
  for (const render::Group& g : list.groups) {
    if (!over_the_map(g.part) || !covers(g.ink.grown(margin), q)) continue;
    if (g.part != Part::Leader && g.part != Part::PartnerArc) return false;
    // Lines: their own width, not their bounding box.
    for (const render::Shape& s : g.shapes) {
      if (const auto* line = std::get_if<render::StrokeShape>(&s)) {
        for (const auto& l : line->lines)
          for (std::size_t i = 1; i < l.size(); ++i)
            if (segment_distance(q, l[i - 1], l[i]) <= line->width / 2 + margin) return false;
      } else if (covers(render::ink_of(s).grown(margin), q)) {
        return false;
      }
    }
  }
  return true;
}

render::PosterRequest poster_request(const cli::Inputs& in, const data::Boundaries& boundaries,
                                     const std::vector<data::Event>& events, const std::vector<data::Place>& places,
                                     const std::string& lang, int width, int height, double dpi) {
  return {.countries = &in.countries,
          .blocs = &in.blocs,
          .boundaries = &boundaries,
          .style = &in.style,
          .date = in.date,
          .crs = in.crs,
          .bbox = in.bbox,
          .lang = lang,
          .width = width,
          .height = height,
          .dpi = dpi,
          .data_credit = in.data_credit,
          .events = &events,
          .places = &places};
}

const DefaultWorld& default_world() {
  static const DefaultWorld w = [] {
    DefaultWorld w{.in = cli::load_inputs(cli::MapOptions{})};
    w.boundaries = cli::load_boundaries(w.in);
    w.events = data::load_events((data_paths().root / "shapes" / "events.geojson").string());
    w.places = data::load_places((data_paths().root / "shapes" / "places.csv").string());
    return w;
  }();
  return w;
}

}  // namespace sahelmap::test
