#include "render/placement/furniture.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "proj/projector.hpp"
#include "proj/scene.hpp"
#include "render/placement/events.hpp"
#include "render/placement/map_layers.hpp"
#include "render/words.hpp"

namespace sahelmap::render {

namespace {

constexpr double kPad = 10, kSwatchW = 22, kSwatchH = 14, kGap = 6, kRowWrap = 260;

Font legend_font(const Style& s, double u) {
  return {.family = s.font, .size = 12 * u};
}
TextSpec legend_head(const Style& s, const std::string& lang, double u) {
  return {.text = std::string(words(lang).legend), .font = {.family = s.font, .size = 13 * u, .bold = true}};
}

// The names of the event symbols: the categories, then "several events" where a marker has more.
std::vector<std::string> symbol_names(const LegendContent& c, const std::string& lang) {
  std::vector<std::string> names;
  for (const auto cat : c.categories) names.emplace_back(category_name(cat, lang));
  if (c.several) names.emplace_back(words(lang).several);
  return names;
}

// Event symbols share rows: symbol, name, symbol, name... wrapped at the legend's width.
struct Flow {
  std::vector<Rect> slots;  // symbol at the slot's left, name after it
  double height = 0;
};
Flow flow_symbols(const std::vector<std::string>& names, const Style& s, double u, double width,
                  const TextMeasurer& measure) {
  Flow f;
  double x = 0, y = 0, row = 0;
  for (const auto& name : names) {
    const TextMetrics t = measure.measure({.text = name, .font = legend_font(s, u)});
    const double w = 16 * u + t.width + 12 * u;
    if (x > 0 && x + w > width) x = 0, y += row + kGap * u, row = 0;
    f.slots.push_back({x, y, w, t.height});
    x += w;
    row = std::max(row, t.height);
  }
  f.height = names.empty() ? 0 : y + row;
  return f;
}

}  // namespace

Rect legend_size(const LegendContent& c, const Style& s, const std::string& lang, double u,
                 const TextMeasurer& measure) {
  const TextMetrics head = measure.measure(legend_head(s, lang, u));
  double w = head.width;
  double h = head.height + kGap * u;
  auto row = [&](const std::string& text) {
    const TextMetrics t = measure.measure({.text = text, .font = legend_font(s, u), .wrap = kRowWrap * u});
    w = std::max(w, kSwatchW * u + 8 * u + t.width);
    h += std::max(kSwatchH * u, t.height) + kGap * u;
  };
  for (const auto& e : c.blocs) row(e.label);
  if (c.capitals) row(std::string(words(lang).capital));
  const std::vector<std::string> names = symbol_names(c, lang);
  if (!names.empty()) h += flow_symbols(names, s, u, w, measure).height + kGap * u;
  return {0, 0, w + 2 * kPad * u, h - kGap * u + 2 * kPad * u};
}

void add_legend(DisplayList& out, const Rect& r, const LegendContent& c, const Style& s, const std::string& lang,
                double u, const TextMeasurer& measure, std::uint16_t clip) {
  Group g{.part = Part::Legend, .box = r, .clip = clip};
  g.shapes.push_back(RectShape{.rect = r, .fill = s.panel, .outline = Outline{.color = s.frame, .width = 0.75 * u}});
  const TextSpec head = legend_head(s, lang, u);
  const TextMetrics hm = measure.measure(head);
  g.shapes.push_back(
      TextShape{.spec = head, .box = {r.x + kPad * u, r.y + kPad * u, hm.width, hm.height}, .color = s.text});
  double y = r.y + kPad * u + hm.height + kGap * u;
  const double sx = r.x + kPad * u, tx = sx + kSwatchW * u + 8 * u;
  auto text_row = [&](const std::string& text, auto&& swatch) {
    const TextSpec spec{.text = text, .font = legend_font(s, u), .wrap = kRowWrap * u};
    const TextMetrics t = measure.measure(spec);
    const double row = std::max(kSwatchH * u, t.height);
    swatch(y + row / 2);
    g.shapes.push_back(
        TextShape{.spec = spec, .box = {tx, y + (row - t.height) / 2, t.width, t.height}, .color = s.text});
    y += row + kGap * u;
  };
  for (const auto& e : c.blocs)
    text_row(e.label, [&](double cy) {
      RectShape sw{.rect = {sx, cy - kSwatchH * u / 2, kSwatchW * u, kSwatchH * u},
                   .fill = e.fill,
                   .outline = Outline{.color = s.frame, .width = 0.75 * u}};
      if (e.hatch) sw.hatch = Hatch{*e.hatch, s.hatch_width * u, s.hatch_spacing * u};
      g.shapes.push_back(sw);
    });
  if (c.capitals)
    text_row(std::string(words(lang).capital), [&](double cy) {
      g.shapes.push_back(CircleShape{.centre = {sx + kSwatchW * u / 2, cy},
                                     .r = 2.6 * u,
                                     .fill = s.text,
                                     .outline = Outline{.color = s.halo, .width = 1.2 * u}});
    });
  const std::vector<std::string> names = symbol_names(c, lang);
  const Flow f = flow_symbols(names, s, u, r.w - 2 * kPad * u, measure);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Rect& slot = f.slots[i];
    const TextSpec name{.text = names[i], .font = legend_font(s, u)};
    const geom::Point at{sx + slot.x + 6 * u, y + slot.y + slot.h / 2};
    if (i < c.categories.size())
      g.shapes.push_back(symbol(c.categories[i], at, 6 * u, s, u));
    else
      add_several_mark(g.shapes, at, 6.5 * u, s, u);
    g.shapes.push_back(
        TextShape{.spec = name, .box = {sx + slot.x + 16 * u, y + slot.y, slot.w - 28 * u, slot.h}, .color = s.text});
  }
  out.add(std::move(g));
}

namespace {
std::string scale_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 1 ? "%.0f" : "%.1f", v);
  return buf;
}
}  // namespace

ScaleBar make_scale_bar(const proj::Projection& projection, const ViewTransform& view, const Style& s, double u,
                        const TextMeasurer& measure, const std::string& lang, double share) {
  const Rect& f = view.frame;
  const geom::Point c{f.x + f.w / 2, f.y + f.h / 2};
  const double span = std::max(20.0, f.w / 10);
  const geom::Point a = projection.inverse(view.to_map({c.x - span / 2, c.y}));
  const geom::Point b = projection.inverse(view.to_map({c.x + span / 2, c.y}));
  ScaleBar bar;
  bar.metres_per_px = proj::geodesic_distance(a, b) / span;
  const double target_km = share * f.w * bar.metres_per_px / 1000;
  const double p10 = std::pow(10, std::floor(std::log10(target_km)));
  bar.km = p10;
  for (double m : {2.0, 5.0, 10.0})
    if (m * p10 <= target_km) bar.km = m * p10;
  bar.px = bar.km * 1000 / bar.metres_per_px;
  const double text_h = measure.measure({.text = "0 km", .font = {.family = s.font, .size = 10 * u}}).height;
  // The note under the bar is wider than a short bar, and the length's label overhangs its end.
  const double note_w = measure
                            .measure({.text = std::string(words(lang).scale_note),
                                      .font = {.family = s.font, .size = 8.5 * u, .italic = true}})
                            .width;
  const double end_w =
      measure.measure({.text = scale_number(bar.km) + " km", .font = {.family = s.font, .size = 10 * u}}).width;
  const double w = std::max({bar.px + 24 * u, 12 * u + note_w + 4 * u, 12 * u + bar.px + end_w / 2 + 4 * u});
  bar.rect = {0, 0, w, 7 * u + 4 * u + text_h * 2 + 4 * u};
  return bar;
}

void add_scale_bar(DisplayList& out, const ScaleBar& b, const Style& s, const std::string& lang, double u,
                   const TextMeasurer& measure, std::uint16_t clip) {
  Group g{.part = Part::ScaleBar, .box = b.rect, .clip = clip};
  const double x = b.rect.x + 12 * u, y = b.rect.y + 2 * u, h = 7 * u;
  for (int i = 0; i < 4; ++i)  // alternating quarters
    g.shapes.push_back(RectShape{.rect = {x + b.px * i / 4, y, b.px / 4, h}, .fill = i % 2 ? s.halo : s.text});
  g.shapes.push_back(RectShape{.rect = {x, y, b.px, h}, .outline = Outline{.color = s.text, .width = 0.8 * u}});
  const auto num = scale_number;
  const Font f{.family = s.font, .size = 10 * u};
  const double ty = y + h + 3 * u;
  double full_h = 0;
  // 0, the half, the whole length: each centred under its tick; the half only where it leaves
  // room between its neighbours (a short bar at a small size).
  const double end_w = measure.measure({.text = num(b.km) + " km", .font = f}).width;
  for (const auto& [text, at] :
       {std::pair{std::string("0"), x}, {num(b.km / 2), x + b.px / 2}, {num(b.km) + " km", x + b.px}}) {
    const TextSpec spec{.text = text, .font = f};
    const TextMetrics t = measure.measure(spec);
    if (at == x + b.px / 2 && at + t.width / 2 + 4 * u > x + b.px - end_w / 2) continue;
    g.shapes.push_back(TextShape{.spec = spec,
                                 .box = {at - t.width / 2, ty, t.width, t.height},
                                 .color = s.text,
                                 .halo = Halo{.color = s.halo, .width = 1.5 * u}});
    full_h = t.height;
  }
  const TextSpec note{.text = std::string(words(lang).scale_note),
                      .font = {.family = s.font, .size = 8.5 * u, .italic = true}};
  const TextMetrics nm = measure.measure(note);
  g.shapes.push_back(TextShape{.spec = note,
                               .box = {x, ty + full_h, nm.width, nm.height},
                               .color = s.text_muted,
                               .halo = Halo{.color = s.halo, .width = 1.5 * u}});
  out.add(std::move(g));
}

double north_angle(const proj::Projection& projection, const ViewTransform& view) {
  const Rect& f = view.frame;
  const geom::Point c = projection.inverse(view.to_map({f.x + f.w / 2, f.y + f.h / 2}));
  const geom::Point a = view.to_px(projection.forward(c));
  const geom::Point b = view.to_px(projection.forward({c.x, std::min(c.y + 0.5, 89.9)}));
  return std::atan2(b.x - a.x, a.y - b.y);
}

void add_north_arrow(DisplayList& out, const Rect& r, double angle, const Style& s, double u,
                     const TextMeasurer& measure, std::uint16_t clip) {
  const double cx = r.x + r.w / 2, cy = r.y + r.h / 2 + 4 * u, len = 14 * u;
  const double ca = std::cos(angle), sa = std::sin(angle);
  auto turn = [&](double x, double y) { return geom::Point{cx + x * ca - y * sa, cy + x * sa + y * ca}; };
  geom::Ring arrow{turn(0, -len), turn(6 * u, len * 0.6), turn(0, len * 0.25), turn(-6 * u, len * 0.6)};
  arrow.push_back(arrow.front());
  Group g{.part = Part::NorthArrow, .box = r, .clip = clip};
  g.shapes.push_back(FillShape{
      .polygons = {geom::Polygon{{arrow}}}, .color = s.text, .outline = Outline{.color = s.halo, .width = 1 * u}});
  const TextSpec n{.text = "N", .font = {.family = s.font, .size = 10 * u, .bold = true}};
  const TextMetrics t = measure.measure(n);
  g.shapes.push_back(TextShape{.spec = n,
                               .box = {cx - t.width / 2, r.y - 2 * u, t.width, t.height},
                               .color = s.text,
                               .halo = Halo{.color = s.halo, .width = 1.5 * u}});
  out.add(std::move(g));
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

bool locator_shows(const geom::Box& bbox) {
  const double lon = std::remainder((bbox.minx + bbox.maxx) / 2, 360.0), lat = (bbox.miny + bbox.maxy) / 2;
  return lon >= kAfrica.minx && lon <= kAfrica.maxx && lat >= kAfrica.miny && lat <= kAfrica.maxy;
}

void add_inset(DisplayList& out, const Rect& r, const InsetRequest& rq, double u) {
  const proj::Projection p(kInsetCrs);
  const ViewTransform view(proj::projected_extent(p, kAfrica), r);
  const std::shared_ptr<const proj::Scene> owned =
      rq.scenes ? rq.scenes->get(*rq.boundaries, p, view.extent)
                : std::make_shared<const proj::Scene>(proj::build_scene(*rq.boundaries, p, view.extent));
  const proj::Scene& scene = *owned;
  const int inset = static_cast<int>(out.groups.size());
  out.add({.part = Part::Inset, .key = "locator", .box = r});
  add_map(out, {.scene = &scene, .sym = rq.sym, .style = rq.style, .view = view, .unit = u, .border_width = 0.25});
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
  geom::Line line;
  for (const auto& q : outline)
    if (std::isfinite(q.x)) line.push_back(view.to_px(q));
  if (!line.empty())
    out.add({.part = Part::Frame,
             .key = "extent",
             .clip = out.add_clip(r),
             .shapes = {StrokeShape{.lines = {line}, .color = rq.style->text, .width = 1.6 * u, .closed = true}}});
  for (auto i = static_cast<std::size_t>(inset) + 1; i < out.groups.size(); ++i) out.groups[i].parent = inset;
}

Rect pick_corner(const Rect& frame, double w, double h, double margin, const std::function<double(const Rect&)>& cost,
                 std::vector<int>& used, const std::function<bool(const Rect&)>& accept) {
  const Rect corners[] = {{frame.x + margin, frame.y + frame.h - h - margin, w, h},
                          {frame.x + frame.w - w - margin, frame.y + frame.h - h - margin, w, h},
                          {frame.x + margin, frame.y + margin, w, h},
                          {frame.x + frame.w - w - margin, frame.y + margin, w, h}};
  int best = -1;
  double best_cost = 1e300;
  for (int i = 0; i < 4; ++i) {
    if (std::find(used.begin(), used.end(), i) != used.end()) continue;
    if (accept && !accept(corners[i])) continue;
    const double c = cost(corners[i]) + i * 1e-9;  // ties go to the earlier corner
    if (c < best_cost) best_cost = c, best = i;
  }
  if (best < 0) return {};
  used.push_back(best);
  return corners[best];
}

}  // namespace sahelmap::render
