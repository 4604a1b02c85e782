#include "render/placement/labels.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "geom/clip.hpp"
#include "geom/pole.hpp"

namespace sahelmap::render {

namespace {

constexpr double kMinContrast = 4.5;  // WCAG AA for text of this size
constexpr double kDotRadius = 2.6, kDotOutline = 1.2;

// A country's visible parts in canvas pixels, thinned for the geometry queries below.
std::vector<geom::Polygon> pixel_parts(const proj::SceneCountry& c, const ViewTransform& v, std::size_t max_points) {
  geom::RectClipper clipper(v.frame.box());
  std::vector<geom::Polygon> out;
  geom::Polygon px, clipped;
  for (const auto& poly : c.area) {
    px.rings.clear();
    for (const auto& r : poly.rings) {
      auto& o = px.rings.emplace_back();
      const std::size_t step = std::max<std::size_t>(1, r.size() / max_points);
      for (std::size_t i = 0; i + 1 < r.size(); i += step) o.push_back(v.to_px(r[i]));
      o.push_back(o.front());
    }
    clipper.clip(px, clipped);
    if (!clipped.empty()) out.push_back(std::move(clipped));
  }
  return out;
}

bool box_inside(const geom::Polygon& p, const Rect& r) {
  for (int j = 0; j <= 2; ++j)
    for (int i = 0; i <= 2; ++i)
      if (!geom::inside_fill(p, {r.x + r.w * i / 2, r.y + r.h * j / 2})) return false;
  return true;
}

// Text colour and halo with the better contrast against every colour under the label.
void choose_colours(const Style& s, const std::vector<Color>& under, Label& l) {
  auto worst = [&](const Color& c) {
    double m = 21;
    for (const auto& u : under) m = std::min(m, contrast_ratio(c, u));
    return m;
  };
  const double dark = worst(s.text), light = worst(s.halo);
  l.color = dark >= light ? s.text : s.halo;
  l.halo = dark >= light ? s.halo : s.text;
  l.contrast = std::max(dark, light);
}

}  // namespace

Color fill_at(const LabelContext& cx, geom::Point px) {
  const geom::Point m = cx.view->to_map(px);
  for (const auto& c : cx.scene->countries)
    for (const auto& poly : c.area) {
      if (!geom::bounds(poly).contains(m)) continue;
      if (geom::inside_fill(poly, m)) {
        const CountryLook* look = cx.sym->look(c.code);
        return look ? look->fill : cx.style->land;
      }
    }
  return cx.style->background;
}

std::vector<Label> place_country_labels(const LabelContext& cx, const std::vector<std::string>& codes, Occupancy& occ,
                                        bool anywhere) {
  std::vector<Label> out;
  const Style& s = *cx.style;
  for (const std::string& code : codes) {
    const data::Country* country = cx.countries->find(code);
    if (!country) continue;
    const CountryLook* look = cx.sym->look(code);
    // All of the country's parts: the label goes in the largest.
    std::vector<geom::Polygon> parts;
    for (const auto& c : cx.scene->countries)
      if (c.code == code)
        for (auto& p : pixel_parts(c, *cx.view, 400)) parts.push_back(std::move(p));
    if (parts.empty()) continue;
    const auto largest = std::max_element(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
      return std::abs(geom::signed_area(a)) < std::abs(geom::signed_area(b));
    });
    const double area = std::abs(geom::signed_area(*largest));
    if (area < 400 * cx.unit * cx.unit) continue;  // too small to hold a name
    const geom::Point at = geom::pole_of_inaccessibility(*largest);
    const bool member = look != nullptr;
    const double base = (member ? 13.5 : 10.5) * cx.unit;
    const std::string& name = country->name(cx.lang);
    // Over stripes the halo takes the base fill ("knockout"), so the name reads against one colour.
    const std::vector<Color> under{look ? look->fill : s.land};
    bool placed = false;
    // Anywhere: down to a non-member's smallest size before it is left out.
    // A member's name of several words may also go on as many lines, each as wide as its widest
    // word (Burkina Faso's middle is wide enough for "Burkina" over "Faso" where "Burkina Faso"
    // meets Ouagadougou's marker).
    const bool may_stack = member && name.find(' ') != std::string::npos;
    for (int attempt = 0; attempt < 8 && !placed; ++attempt) {
      const double scale = std::array{1.0, 0.85, 0.72, 0.6}[attempt / 2];
      const bool stacked = attempt % 2 == 1;
      if (stacked && !may_stack) continue;
      if (base * scale < cx.min_font || (scale < 0.7 && !(member && anywhere))) break;
      const Font font{.family = s.font, .size = base * scale, .bold = member};
      double wrap = std::max(geom::bounds(*largest).width() * 0.9, 60 * cx.unit);
      if (stacked) {
        wrap = 0;
        for (std::size_t from = 0; from <= name.size();) {
          const std::size_t to = std::min(name.find(' ', from), name.size());
          wrap = std::max(wrap, cx.measure->measure({.text = name.substr(from, to - from), .font = font}).width);
          from = to + 1;
        }
        wrap += 1;  // the widest word on its own line, not broken inside
      }
      const TextSpec spec{.text = name, .font = font, .wrap = wrap, .align = Align::Center};
      const TextMetrics t = cx.measure->measure(spec);
      auto try_at = [&](const Rect& r) {
        // Named anywhere (its middle held a marker), a member's name needs only its middle band
        // inside: its haloed letters may cross the border rather than the member go unnamed.
        const Rect must =
            anywhere ? Rect{r.x + 0.1 * font.size, r.y + r.h * 0.35, r.w - 0.2 * font.size, r.h * 0.3} : r;
        if (!inside(cx.view->frame, r) || !box_inside(*largest, must) || !occ.fits(r, 2 * cx.unit)) return false;
        Label l{.part = Part::Label, .spec = spec, .code = code, .rect = r};
        choose_colours(s, under, l);
        if (l.contrast < kMinContrast) return false;
        if (look && look->hatch) l.halo = look->fill, l.knockout = true;
        l.unknown_glyphs = t.unknown_glyphs;
        occ.add(r);
        out.push_back(std::move(l));
        return true;
      };
      // The pole first, then nudged around it (a marker often sits on a capital near the centre).
      for (const auto& [dx, dy] : {std::pair{0.0, 0.0},
                                   {0.0, -0.6},
                                   {0.0, 0.6},
                                   {-0.35, 0.0},
                                   {0.35, 0.0},
                                   {0.0, -1.2},
                                   {0.0, 1.2},
                                   {-0.35, -0.8},
                                   {0.35, -0.8},
                                   {-0.35, 0.8},
                                   {0.35, 0.8},
                                   {0.0, -1.8},
                                   {0.0, 1.8}}) {
        const Rect r{at.x - t.width / 2 + dx * t.width, at.y - t.height / 2 + dy * t.height, t.width, t.height};
        if ((placed = try_at(r))) break;
      }
      // A bloc member's name anywhere inside it that is free, nearest the pole first (on a small
      // map Burkina Faso's middle holds Ouagadougou's marker and name, which left the AES member
      // unnamed). Asked for once the markers and callouts have their places.
      if (!placed && member && anywhere) {
        const geom::Box b = geom::bounds(*largest);
        const double step = std::max(2.0, t.height / 6);
        std::vector<std::pair<double, Rect>> spots;
        for (double y = b.miny; y + t.height <= b.maxy; y += step)
          for (double x = b.minx; x + t.width <= b.maxx; x += step) {
            const Rect r{x, y, t.width, t.height};
            spots.push_back({std::hypot(x + t.width / 2 - at.x, y + t.height / 2 - at.y), r});
          }
        std::stable_sort(spots.begin(), spots.end(), [](const auto& a, const auto& c) { return a.first < c.first; });
        for (const auto& [d, r] : spots)
          if ((placed = try_at(r))) break;
      }
    }
  }
  return out;
}

namespace {
// From the edge of a capital's dot (radius r) to the nearest point of its name's box.
std::vector<geom::Point> tick(geom::Point dot, double r, const Rect& c) {
  const geom::Point to{std::clamp(dot.x, c.x, c.x + c.w), std::clamp(dot.y, c.y, c.y + c.h)};
  const double len = std::max(std::hypot(to.x - dot.x, to.y - dot.y), 1e-9);
  return {{dot.x + (to.x - dot.x) / len * r, dot.y + (to.y - dot.y) / len * r}, to};
}
}  // namespace

std::vector<Label> place_capitals(const LabelContext& cx, const std::vector<data::Place>& places,
                                  const proj::Projection& projection, const std::vector<std::string>& priority,
                                  Occupancy& occ, Capitals which) {
  std::vector<const data::Place*> order;
  for (const auto& p : places) {
    if (p.kind != "capital") continue;
    const bool member = std::find(priority.begin(), priority.end(), p.country) != priority.end();
    if (which == Capitals::All || (which == Capitals::Members) == member) order.push_back(&p);
  }
  auto rank = [&](const data::Place* p) {
    const auto it = std::find(priority.begin(), priority.end(), p->country);
    return it == priority.end() ? priority.size() : static_cast<std::size_t>(it - priority.begin());
  };
  std::stable_sort(order.begin(), order.end(), [&](auto* a, auto* b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a->population > b->population;
  });
  std::vector<Label> out;
  const Style& s = *cx.style;
  const double r = kDotRadius * cx.unit, gap = 3.5 * cx.unit;
  // The members' dots first, so that no member's name covers another member's capital.
  std::vector<Rect> reserved;
  if (which == Capitals::Members)
    for (const data::Place* p : order) {
      const geom::Point m = projection.forward(p->lonlat);
      if (!std::isfinite(m.x)) continue;
      const geom::Point dot = cx.view->to_px(m);
      const Rect dot_box{dot.x - r, dot.y - r, 2 * r, 2 * r};
      const bool mine = std::find(occ.boxes().begin(), occ.boxes().end(), dot_box) != occ.boxes().end();
      if (inside(cx.view->frame, dot_box) && (mine || occ.fits(dot_box))) reserved.push_back(dot_box);
    }
  for (const Rect& b : reserved)
    if (std::find(occ.boxes().begin(), occ.boxes().end(), b) == occ.boxes().end()) occ.add(b);
  for (const data::Place* p : order) {
    const geom::Point m = projection.forward(p->lonlat);
    if (!std::isfinite(m.x)) continue;
    const geom::Point dot = cx.view->to_px(m);
    const Rect dot_box{dot.x - r, dot.y - r, 2 * r, 2 * r};
    if (!inside(cx.view->frame, dot_box)) continue;
    const TextSpec spec{.text = p->name_in(cx.lang), .font = {.family = s.font, .size = 10 * cx.unit, .italic = true}};
    const TextMetrics t = cx.measure->measure(spec);
    const double w = t.width, h = t.height;
    const Rect candidates[] = {{dot.x + r + gap, dot.y - h / 2, w, h},
                               {dot.x - r - gap - w, dot.y - h / 2, w, h},
                               {dot.x - w / 2, dot.y - r - gap - h, w, h},
                               {dot.x - w / 2, dot.y + r + gap, w, h},
                               {dot.x + r, dot.y + r, w, h},
                               {dot.x - r - w, dot.y + r, w, h},
                               {dot.x + r, dot.y - r - h, w, h},
                               {dot.x - r - w, dot.y - r - h, w, h},
                               // A line further off, where a crowd of neighbours leaves no side free.
                               {dot.x - w / 2, dot.y + r + gap + 0.8 * h, w, h},
                               {dot.x - w / 2, dot.y - r - gap - 1.8 * h, w, h},
                               {dot.x + r, dot.y + r + 0.8 * h, w, h},
                               {dot.x - r - w, dot.y + r + 0.8 * h, w, h}};
    // A bloc member's capital is always named: where no side reads against the fills beneath (a
    // name across a coast or a border), the first free side with a wide halo, which the name
    // then reads against.
    bool placed = false;
    for (const bool knockout : {false, true}) {
      if (placed || (knockout && which != Capitals::Members)) break;
      for (std::size_t ci = 0; ci < std::size(candidates); ++ci) {
        const Rect& c = candidates[ci];
        const bool own_dot = std::find(reserved.begin(), reserved.end(), dot_box) != reserved.end();
        if (!inside(cx.view->frame, c) || !occ.fits(c, 1.5 * cx.unit) || (!own_dot && !occ.fits(dot_box))) continue;
        // A name a line further off is joined to its dot: on a crowded coast it sat as near
        // another capital's dot (Freetown's name by Monrovia's, on the social card).
        std::vector<geom::Point> leader;
        if (ci >= 8) {
          leader = tick(dot, r, c);
          if (!occ.line_free(leader[0], leader[1], {dot_box})) continue;
        }
        Label l{.part = Part::Capital, .spec = spec, .rect = c, .dot = dot, .leader = leader};
        if (knockout) {
          l.color = s.text, l.halo = s.halo, l.knockout = true;
          l.contrast = contrast_ratio(s.text, s.halo);
        } else {
          choose_colours(
              s,
              {fill_at(cx, {c.x + c.w / 2, c.y + c.h / 2}), fill_at(cx, {c.x, c.y}),
               fill_at(cx, {c.x + c.w, c.y + c.h}), fill_at(cx, {c.x, c.y + c.h}), fill_at(cx, {c.x + c.w, c.y})},
              l);
          if (l.contrast < kMinContrast) continue;  // across a coast, say: try another side
        }
        l.unknown_glyphs = t.unknown_glyphs;
        occ.add(c);
        occ.add(dot_box);
        if (!leader.empty()) occ.add_line(leader[0], leader[1]);
        out.push_back(std::move(l));
        placed = true;
        break;
      }
    }
    // Still nowhere (capitals a few pixels apart on a world map): further off, joined to the dot by
    // a thin line that crosses nothing.
    if (!placed && which == Capitals::Members)
      for (const double d : {10.0, 18.0, 28.0, 40.0, 55.0, 75.0}) {
        for (int k = 0; k < 24 && !placed; ++k) {
          const double a = M_PI / 2 - k * M_PI / 12, dx = std::cos(a), dy = -std::sin(a);
          const double reach = r + d * cx.unit + std::abs(dx) * w / 2 + std::abs(dy) * h / 2;
          const Rect c{dot.x + dx * reach - w / 2, dot.y + dy * reach - h / 2, w, h};
          if (!inside(cx.view->frame, c) || !occ.fits(c, 1.5 * cx.unit)) continue;
          const std::vector<geom::Point> line = tick(dot, r, c);
          const geom::Point from = line[0], to = line[1];
          if (!occ.line_free(from, to, {dot_box})) continue;
          Label l{.part = Part::Capital, .spec = spec, .rect = c, .dot = dot, .leader = {from, to}};
          l.color = s.text, l.halo = s.halo, l.knockout = true;
          l.contrast = contrast_ratio(s.text, s.halo);
          l.unknown_glyphs = t.unknown_glyphs;
          occ.add(c);
          occ.add(dot_box);
          occ.add_line(from, to);
          out.push_back(std::move(l));
          placed = true;
        }
        if (placed) break;
      }
  }
  return out;
}

void reserve_capital_dots(const LabelContext& cx, const std::vector<data::Place>& places,
                          const proj::Projection& projection, const std::vector<std::string>& members, Occupancy& occ) {
  const double r = kDotRadius * cx.unit;
  for (const auto& p : places) {
    if (p.kind != "capital" || std::find(members.begin(), members.end(), p.country) == members.end()) continue;
    const geom::Point m = projection.forward(p.lonlat);
    if (!std::isfinite(m.x)) continue;
    const geom::Point dot = cx.view->to_px(m);
    const Rect dot_box{dot.x - r, dot.y - r, 2 * r, 2 * r};
    if (inside(cx.view->frame, dot_box) && occ.fits(dot_box)) occ.add(dot_box);
  }
}

void add_label(DisplayList& out, const Label& l, double unit, std::uint16_t clip) {
  Group g{.part = l.part, .key = l.spec.text, .box = l.rect, .clip = clip};
  if (l.part == Part::Capital)
    g.shapes.push_back(CircleShape{.centre = l.dot,
                                   .r = kDotRadius * unit,
                                   .fill = l.color,
                                   .outline = Outline{.color = l.halo, .width = kDotOutline * unit}});
  if (!l.leader.empty()) g.shapes.emplace_back(StrokeShape{.lines = {l.leader}, .color = l.color, .width = 0.8 * unit});
  g.shapes.push_back(TextShape{.spec = l.spec,
                               .box = l.rect,
                               .color = l.color,
                               .halo = Halo{.color = l.halo, .width = (l.knockout ? 3 : 1.6) * unit}});
  out.add(std::move(g));
}

}  // namespace sahelmap::render
