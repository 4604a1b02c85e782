#include "render/furniture.hpp"

#include <algorithm>
#include <cmath>

#include "proj/projector.hpp"
#include "proj/scene.hpp"
#include "render/event_layer.hpp"
#include "render/text.hpp"

namespace sahelmap::render {

namespace {
constexpr double kPad = 10, kSwatchW = 22, kSwatchH = 14, kGap = 6;

std::string capital_label(const std::string& lang) {
  return lang == "fr" ? "Capitale" : "Capital";
}
}  // namespace

namespace {
// Event categories share rows: symbol, name, symbol, name... wrapped at the legend's width.
struct Flow {
  std::vector<Rect> slots;  // symbol at the slot's left, name after it
  double height = 0;
};
Flow flow_categories(const std::vector<std::string>& cats, const Style& s, const std::string& lang, double u,
                     double width) {
  Flow f;
  double x = 0, y = 0, row = 0;
  for (const auto& c : cats) {
    const TextBlock t(category_label(c, lang), {s.font, 12 * u});
    const double w = 16 * u + t.width() + 12 * u;
    if (x > 0 && x + w > width) x = 0, y += row + kGap * u, row = 0;
    f.slots.push_back({x, y, w, t.height()});
    x += w;
    row = std::max(row, t.height());
  }
  f.height = cats.empty() ? 0 : y + row;
  return f;
}
}  // namespace

Rect legend_size(const LegendContent& c, const Style& s, const std::string& lang, double u) {
  const Font lf{s.font, 12 * u};
  double w = TextBlock(lang == "fr" ? "Légende" : "Legend", {s.font, 13 * u, true}).width();
  double h = TextBlock("Legend", {s.font, 13 * u, true}).height() + kGap * u;
  auto row = [&](const std::string& text) {
    const TextBlock t(text, lf, 260 * u);
    w = std::max(w, kSwatchW * u + 8 * u + t.width());
    h += std::max(kSwatchH * u, t.height()) + kGap * u;
  };
  for (const auto& e : c.blocs) row(e.label);
  if (c.capitals) row(capital_label(lang));
  if (!c.categories.empty()) h += flow_categories(c.categories, s, lang, u, w).height + kGap * u;
  return {0, 0, w + 2 * kPad * u, h - kGap * u + 2 * kPad * u};
}

void draw_legend(cairo_t* cr, const Rect& r, const LegendContent& c, const Style& s, const std::string& lang,
                 double u) {
  cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  set_source(cr, s.panel);
  cairo_fill_preserve(cr);
  set_source(cr, s.frame);
  cairo_set_line_width(cr, 0.75 * u);
  cairo_stroke(cr);
  const TextBlock head(lang == "fr" ? "Légende" : "Legend", {s.font, 13 * u, true});
  head.draw(cr, r.x + kPad * u, r.y + kPad * u, s.text);
  double y = r.y + kPad * u + head.height() + kGap * u;
  const Font lf{s.font, 12 * u};
  const double sx = r.x + kPad * u, tx = sx + kSwatchW * u + 8 * u;
  auto text_row = [&](const std::string& text, auto&& swatch) {
    const TextBlock t(text, lf, 260 * u);
    const double row = std::max(kSwatchH * u, t.height());
    swatch(y + row / 2);
    t.draw(cr, tx, y + (row - t.height()) / 2, s.text);
    y += row + kGap * u;
  };
  for (const auto& e : c.blocs)
    text_row(e.label, [&](double cy) {
      const Rect sw{sx, cy - kSwatchH * u / 2, kSwatchW * u, kSwatchH * u};
      cairo_rectangle(cr, sw.x, sw.y, sw.w, sw.h);
      set_source(cr, e.fill);
      cairo_fill_preserve(cr);
      if (e.hatch) {
        cairo_save(cr);
        cairo_clip_preserve(cr);
        hatch_clip(cr, *e.hatch, s.hatch_width * u, s.hatch_spacing * u);
        cairo_restore(cr);
        cairo_rectangle(cr, sw.x, sw.y, sw.w, sw.h);
      }
      set_source(cr, s.frame);
      cairo_set_line_width(cr, 0.75 * u);
      cairo_stroke(cr);
    });
  if (c.capitals)
    text_row(capital_label(lang), [&](double cy) {
      cairo_new_path(cr);
      cairo_arc(cr, sx + kSwatchW * u / 2, cy, 2.6 * u, 0, 2 * M_PI);
      set_source(cr, s.text);
      cairo_fill_preserve(cr);
      set_source(cr, s.halo);
      cairo_set_line_width(cr, 1.2 * u);
      cairo_stroke(cr);
    });
  const Flow f = flow_categories(c.categories, s, lang, u, r.w - 2 * kPad * u);
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    const Rect& slot = f.slots[i];
    const TextBlock t(category_label(c.categories[i], lang), lf);
    draw_symbol(cr, c.categories[i], sx + slot.x + 6 * u, y + slot.y + slot.h / 2, 6 * u, s, u);
    t.draw(cr, sx + slot.x + 16 * u, y + slot.y, s.text);
  }
}

ScaleBar make_scale_bar(const proj::Projection& projection, const ViewTransform& view, double u) {
  const Rect& f = view.frame;
  const geom::Point c{f.x + f.w / 2, f.y + f.h / 2};
  const double span = std::max(20.0, f.w / 10);
  const geom::Point a = projection.inverse(view.to_map({c.x - span / 2, c.y}));
  const geom::Point b = projection.inverse(view.to_map({c.x + span / 2, c.y}));
  ScaleBar bar;
  bar.metres_per_px = proj::geodesic_distance(a, b) / span;
  const double target_km = 0.2 * f.w * bar.metres_per_px / 1000;
  const double p10 = std::pow(10, std::floor(std::log10(target_km)));
  bar.km = p10;
  for (double m : {2.0, 5.0, 10.0})
    if (m * p10 <= target_km) bar.km = m * p10;
  bar.px = bar.km * 1000 / bar.metres_per_px;
  const TextBlock t("0 km", {"Noto Sans", 10 * u});
  bar.rect = {0, 0, bar.px + 24 * u, 7 * u + 4 * u + t.height() * 2 + 4 * u};
  return bar;
}

void draw_scale_bar(cairo_t* cr, const ScaleBar& b, const Style& s, const std::string& lang, double u) {
  const double x = b.rect.x + 12 * u, y = b.rect.y + 2 * u, h = 7 * u;
  for (int i = 0; i < 4; ++i) {  // alternating quarters
    cairo_rectangle(cr, x + b.px * i / 4, y, b.px / 4, h);
    set_source(cr, i % 2 ? s.halo : s.text);
    cairo_fill(cr);
  }
  cairo_rectangle(cr, x, y, b.px, h);
  set_source(cr, s.text);
  cairo_set_line_width(cr, 0.8 * u);
  cairo_stroke(cr);
  auto num = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, v >= 1 ? "%.0f" : "%.1f", v);
    return std::string(buf);
  };
  const Font f{s.font, 10 * u};
  const TextBlock zero("0", f), half(num(b.km / 2), f), full(num(b.km) + " km", f);
  const double ty = y + h + 3 * u;
  zero.draw_with_halo(cr, x - zero.width() / 2, ty, s.text, s.halo, 1.5 * u);
  half.draw_with_halo(cr, x + b.px / 2 - half.width() / 2, ty, s.text, s.halo, 1.5 * u);
  full.draw_with_halo(cr, x + b.px - full.width() / 2, ty, s.text, s.halo, 1.5 * u);
  const TextBlock note(lang == "fr" ? "échelle au centre de la carte" : "scale at the map centre",
                       {s.font, 8.5 * u, false, true});
  note.draw_with_halo(cr, x, ty + full.height(), s.text_muted, s.halo, 1.5 * u);
}

double north_angle(const proj::Projection& projection, const ViewTransform& view) {
  const Rect& f = view.frame;
  const geom::Point c = projection.inverse(view.to_map({f.x + f.w / 2, f.y + f.h / 2}));
  const geom::Point a = view.to_px(projection.forward(c));
  const geom::Point b = view.to_px(projection.forward({c.x, std::min(c.y + 0.5, 89.9)}));
  return std::atan2(b.x - a.x, a.y - b.y);
}

void draw_north_arrow(cairo_t* cr, const Rect& r, double angle, const Style& s, double u) {
  const double cx = r.x + r.w / 2, cy = r.y + r.h / 2 + 4 * u, len = 14 * u;
  cairo_save(cr);
  cairo_translate(cr, cx, cy);
  cairo_rotate(cr, angle);
  cairo_move_to(cr, 0, -len);
  cairo_line_to(cr, 6 * u, len * 0.6);
  cairo_line_to(cr, 0, len * 0.25);
  cairo_line_to(cr, -6 * u, len * 0.6);
  cairo_close_path(cr);
  set_source(cr, s.text);
  cairo_fill_preserve(cr);
  set_source(cr, s.halo);
  cairo_set_line_width(cr, 1 * u);
  cairo_stroke(cr);
  cairo_restore(cr);
  const TextBlock n("N", {s.font, 10 * u, true});
  n.draw_with_halo(cr, cx - n.width() / 2, r.y - 2 * u, s.text, s.halo, 1.5 * u);
}

namespace {
const char* kInsetCrs = "+proj=laea +lat_0=4 +lon_0=17 +datum=WGS84 +units=m +no_defs";
const geom::Box kAfrica{-19, -36, 53, 38};
}  // namespace

double inset_aspect() {
  const proj::Projection p(kInsetCrs);
  const geom::Box e = proj::projected_extent(p, kAfrica);
  return e.width() / e.height();
}

void draw_inset(cairo_t* cr, const Rect& r, const InsetRequest& rq, double u) {
  const Style& s = *rq.style;
  const proj::Projection p(kInsetCrs);
  const ViewTransform view(proj::projected_extent(p, kAfrica), r);
  const proj::Scene scene = proj::build_scene(*rq.boundaries, p, view.extent);
  Style plain = s;
  plain.border_width = 0.25;
  MapPainter(plain, u).paint(cr, scene, *rq.sym, view);
  // The main map's frame, carried through lon/lat into the inset's projection.
  const Rect& f = rq.main_view->frame;
  std::vector<geom::Point> outline;
  constexpr int kSteps = 24;
  for (int side = 0; side < 4; ++side)
    for (int i = 0; i < kSteps; ++i) {
      const double t = static_cast<double>(i) / kSteps;
      const geom::Point px = side == 0   ? geom::Point{f.x + t * f.w, f.y}
                             : side == 1 ? geom::Point{f.x + f.w, f.y + t * f.h}
                             : side == 2 ? geom::Point{f.x + f.w - t * f.w, f.y + f.h}
                                         : geom::Point{f.x, f.y + f.h - t * f.h};
      outline.push_back(rq.main_projection->inverse(rq.main_view->to_map(px)));
    }
  p.forward(outline);
  cairo_save(cr);
  cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  cairo_clip(cr);
  bool first = true;
  for (const auto& q : outline) {
    if (!std::isfinite(q.x)) continue;
    const geom::Point px = view.to_px(q);
    first ? cairo_move_to(cr, px.x, px.y) : cairo_line_to(cr, px.x, px.y);
    first = false;
  }
  cairo_close_path(cr);
  set_source(cr, s.text);
  cairo_set_line_width(cr, 1.6 * u);
  cairo_stroke(cr);
  cairo_restore(cr);
}

Rect pick_corner(const Rect& frame, double w, double h, double margin, const std::function<double(const Rect&)>& cost,
                 std::vector<int>& used) {
  const Rect corners[] = {{frame.x + margin, frame.y + frame.h - h - margin, w, h},
                          {frame.x + frame.w - w - margin, frame.y + frame.h - h - margin, w, h},
                          {frame.x + margin, frame.y + margin, w, h},
                          {frame.x + frame.w - w - margin, frame.y + margin, w, h}};
  int best = -1;
  double best_cost = 1e300;
  for (int i = 0; i < 4; ++i) {
    if (std::find(used.begin(), used.end(), i) != used.end()) continue;
    const double c = cost(corners[i]) + i * 1e-9;  // ties go to the earlier corner
    if (c < best_cost) best_cost = c, best = i;
  }
  if (best < 0) return {};
  used.push_back(best);
  return corners[best];
}

}  // namespace sahelmap::render
