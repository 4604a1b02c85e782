#include "render/placement/partners.hpp"

#include <algorithm>
#include <cmath>

#include "geom/sphere.hpp"
#include "render/words.hpp"
#include "util/xml.hpp"

namespace sahelmap::render {

namespace {

const data::Place* capital_of(const std::vector<data::Place>& places, const std::string& code) {
  for (const auto& p : places)
    if (p.country == code && p.kind == "capital") return &p;
  return nullptr;
}

bool in_frame(const PartnerContext& cx, geom::Point lonlat) {
  const geom::Point m = cx.projection->forward(lonlat);
  if (!std::isfinite(m.x)) return false;
  const geom::Point p = cx.view->to_px(m);
  const Rect& f = cx.view->frame;
  return p.x >= f.x && p.y >= f.y && p.x <= f.x + f.w && p.y <= f.y + f.h;
}

}  // namespace

std::string distance_text(double km, const std::string& lang) {
  const long n = std::lround(km / 100) * 100;
  std::string digits = std::to_string(n), out;
  const std::string sep = lang == "fr" ? "\u202f" : ",";  // French: narrow no-break space
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out + (lang == "fr" ? "\u00a0km" : " km");
}

std::vector<Partner> outside_partners(const PartnerContext& cx) {
  std::vector<Partner> out;
  if (!cx.places) return out;
  bool eu_done = false;
  for (const data::Membership* m : cx.blocs->on(cx.date)) {
    const BlocStyle* b = cx.style->bloc(m->bloc);
    if (!b || !b->show) continue;
    // A partner country at its capital; the EU as one, at its seat (Brussels).
    const bool country = m->bloc == "PARTNER";
    if (!country && (m->bloc != "EU" || eu_done)) continue;
    const data::Place* at = capital_of(*cx.places, country ? m->country : "BEL");
    const data::Country* c = country ? cx.countries->find(m->country) : nullptr;
    if (!at || (country && !c)) continue;
    eu_done = eu_done || !country;
    Partner p{.code = country ? m->country : m->bloc,
              .name = country ? c->name(cx.lang) : b->label_for(m->role, cx.lang),
              .role = m->role,
              .label = b->label_for(m->role, cx.lang),
              .color = b->fill_for(m->role),
              .lonlat = at->lonlat};
    p.on_map = in_frame(cx, p.lonlat);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<PartnerMark> place_partner_marks(const std::vector<Partner>& partners, const PartnerContext& cx, double u,
                                             const TextMeasurer& measure, Occupancy& occ) {
  std::vector<PartnerMark> out;
  const Rect& f = cx.view->frame;
  const geom::Point c_px{f.x + f.w / 2, f.y + f.h / 2};
  const geom::Point centre = cx.projection->inverse(cx.view->to_map(c_px));
  if (!std::isfinite(centre.x)) return out;
  const Style& s = *cx.style;
  for (const Partner& p : partners) {
    if (p.on_map) continue;
    PartnerMark m{
        .partner = p, .bearing = geom::initial_bearing(centre, p.lonlat), .km = geom::distance_km(centre, p.lonlat)};
    // The bearing's direction on the canvas: a short step along the great circle, projected.
    const geom::Point a = cx.projection->forward(centre);
    const geom::Point b = cx.projection->forward(geom::destination(centre, m.bearing, 50));
    if (!std::isfinite(a.x) || !std::isfinite(b.x)) continue;
    const geom::Point pa = cx.view->to_px(a), pb = cx.view->to_px(b);
    const double dx = pb.x - pa.x, dy = pb.y - pa.y, len = std::hypot(dx, dy);
    if (len == 0) continue;
    const double vx = dx / len, vy = dy / len;
    m.angle = std::atan2(vy, vx);
    m.spec = {.text = "<b>" + xml_escape(p.name) + "</b> " + distance_text(m.km, cx.lang),
              .font = {.family = s.font, .size = 10.5 * u},
              .markup = true};
    const TextMetrics t = measure.measure(m.spec);
    const double ar = 8 * u, gap = 4 * u, margin = 5 * u;
    // Where the ray from the centre leaves the frame (less a margin).
    const double hx = f.w / 2 - margin - ar, hy = f.h / 2 - margin - ar;
    const bool vertical_edge = std::abs(vx) * hy >= std::abs(vy) * hx;  // left or right side
    // Slide along the edge, nearest first, off what is placed there; near a corner where that edge
    // has no room (a long name beside another partner's), round the corner onto the other edge.
    auto slide = [&](bool vertical) {
      const double kv = vertical ? (vx != 0 ? hx / std::abs(vx) : 1e300) : (vy != 0 ? hy / std::abs(vy) : 1e300);
      if (kv > 1e299) return false;
      const geom::Point tip{std::clamp(c_px.x + vx * kv, c_px.x - hx, c_px.x + hx),
                            std::clamp(c_px.y + vy * kv, c_px.y - hy, c_px.y + hy)};
      // Nearest first, then as far along the edge as it takes (a legend or locator in the corner):
      // the arrow still points the true way, and a partner left off says nothing at all.
      const int steps = 2 * static_cast<int>(std::ceil((vertical ? f.h : f.w) / (12 * u))) + 1;
      for (int step = 0; step < steps; ++step) {
        const double shift = (step % 2 ? 1 : -1) * ((step + 1) / 2) * 12 * u;
        geom::Point arrow = vertical ? geom::Point{tip.x, tip.y + shift} : geom::Point{tip.x + shift, tip.y};
        arrow.x = std::clamp(arrow.x, f.x + margin + ar, f.x + f.w - margin - ar);
        arrow.y = std::clamp(arrow.y, f.y + margin + ar, f.y + f.h - margin - ar);
        // The text inward of the arrow: beside it on a side edge, above or below it on the top or bottom.
        Rect text;
        if (vertical)
          text = {vx > 0 ? arrow.x - ar - gap - t.width : arrow.x + ar + gap, arrow.y - t.height / 2, t.width,
                  t.height};
        else
          text = {std::clamp(arrow.x - t.width / 2, f.x + margin, f.x + f.w - margin - t.width),
                  vy > 0 ? arrow.y - ar - gap - t.height : arrow.y + ar + gap, t.width, t.height};
        const Rect box = text.joined({arrow.x - ar, arrow.y - ar, 2 * ar, 2 * ar});
        if (!inside(f, box) || !occ.fits(box, 2 * u)) continue;
        // Two partners' words a space apart on one line read as one ("8,000 km France 3,700 km");
        // one above the other they read apart, and a phone's map has no room to spare.
        if (std::any_of(out.begin(), out.end(), [&](const PartnerMark& o) {
              return Rect{o.text.x - 12 * u, o.text.y, o.text.w + 24 * u, o.text.h}.intersects(text);
            }))
          continue;
        m.arrow = arrow, m.text = text, m.rect = box;
        occ.add(box);
        return true;
      }
      return false;
    };
    const bool placed = slide(vertical_edge) || slide(!vertical_edge);
    if (placed) out.push_back(std::move(m));
  }
  return out;
}

void add_partner_mark(DisplayList& out, const PartnerMark& m, const Style& s, double u, std::uint16_t clip) {
  const double ar = 8 * u, ca = std::cos(m.angle), sa = std::sin(m.angle);
  auto turn = [&](double x, double y) { return geom::Point{m.arrow.x + x * ca - y * sa, m.arrow.y + x * sa + y * ca}; };
  geom::Ring tri{turn(ar, 0), turn(-ar * 0.8, ar * 0.75), turn(-ar * 0.35, 0), turn(-ar * 0.8, -ar * 0.75)};
  tri.push_back(tri.front());
  Group g{.part = Part::Partner, .key = m.partner.code, .box = m.rect, .clip = clip};
  FillShape arrow{.color = m.partner.color};
  arrow.polygons.push_back(geom::Polygon{{std::move(tri)}});
  arrow.outline = Outline{.color = s.text, .width = 1 * u, .round_join = true};
  g.shapes.emplace_back(std::move(arrow));
  g.shapes.push_back(
      TextShape{.spec = m.spec, .box = m.text, .color = s.text, .halo = Halo{.color = s.halo, .width = 2 * u}});
  out.add(std::move(g));
}

namespace {
geom::MultiLine arcs_of(const Partner& p, const std::vector<geom::Point>& aes, const PartnerContext& cx) {
  const double jump = std::max(cx.view->frame.w, cx.view->frame.h) / 4;
  geom::MultiLine lines;
  for (const geom::Point& to : aes) {
    geom::Line line;
    constexpr int kSteps = 64;
    for (int i = 0; i <= kSteps; ++i) {
      const geom::Point m = cx.projection->forward(geom::along(p.lonlat, to, double(i) / kSteps));
      const geom::Point q = std::isfinite(m.x) ? cx.view->to_px(m) : geom::Point{NAN, NAN};
      // Cut where the arc leaves the projection or jumps across the map (the antimeridian).
      if (!std::isfinite(q.x) || (!line.empty() && std::hypot(q.x - line.back().x, q.y - line.back().y) > jump)) {
        if (line.size() > 1) lines.push_back(std::move(line));
        line.clear();
        if (!std::isfinite(q.x)) continue;
      }
      line.push_back(q);
    }
    if (line.size() > 1) lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<geom::Point> aes_capitals(const PartnerContext& cx) {
  std::vector<geom::Point> aes;
  for (const data::Membership* m : cx.blocs->on(cx.date))
    if (m->bloc == "AES")
      if (const data::Place* p = capital_of(*cx.places, m->country)) aes.push_back(p->lonlat);
  return aes;
}
}  // namespace

std::vector<geom::MultiLine> partner_arcs(const std::vector<Partner>& partners, const PartnerContext& cx) {
  const std::vector<geom::Point> aes = aes_capitals(cx);
  std::vector<geom::MultiLine> out;
  for (const Partner& p : partners)
    if (p.on_map)
      if (auto lines = arcs_of(p, aes, cx); !lines.empty()) out.push_back(std::move(lines));
  return out;
}

void add_partner_arcs(DisplayList& out, const std::vector<Partner>& partners, const PartnerContext& cx, double u,
                      std::uint16_t clip) {
  const std::vector<geom::Point> aes = aes_capitals(cx);
  for (const Partner& p : partners) {
    if (!p.on_map) continue;
    Group g{.part = Part::PartnerArc, .key = p.code, .clip = clip};
    geom::MultiLine lines = arcs_of(p, aes, cx);
    if (lines.empty()) continue;
    g.shapes.push_back(StrokeShape{.lines = lines, .color = cx.style->halo, .width = 3.5 * u, .round = true});
    g.shapes.push_back(StrokeShape{.lines = std::move(lines), .color = p.color, .width = 1.5 * u, .round = true});
    out.add(std::move(g));
  }
}

}  // namespace sahelmap::render
