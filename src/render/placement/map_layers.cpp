#include "render/placement/map_layers.hpp"

#include <algorithm>
#include <cmath>

namespace sahelmap::render {

void append_px(const std::vector<geom::Point>& in, const PixelMapping& m, std::vector<geom::Point>& out,
               double min_step) {
  if (in.empty()) return;
  geom::Point last = m(in[0]);
  out.push_back(last);
  for (std::size_t j = 1; j < in.size(); ++j) {
    const geom::Point p = m(in[j]);
    if (std::abs(p.x - last.x) + std::abs(p.y - last.y) < min_step && j + 1 < in.size()) continue;
    out.push_back(p);
    last = p;
  }
}

void add_map(DisplayList& out, const MapLayers& m) {
  const Style& s = *m.style;
  const Rect& f = m.view.frame;
  const std::uint16_t clip = out.add_clip(f);
  const PixelMapping px = PixelMapping::of(m.view);
  // What can show: the view's extent, with room for strokes beyond the frame.
  const geom::Box visible = m.view.extent.buffered(8 * m.unit / m.view.scale);
  out.add({.part = Part::Space, .box = f, .clip = clip, .shapes = {RectShape{.rect = f, .fill = s.space}}});
  if (m.scene->domain.empty()) {
    out.add({.part = Part::Sea, .box = f, .clip = clip, .shapes = {RectShape{.rect = f, .fill = s.background}}});
  } else {
    FillShape sea{.color = s.background, .nonzero = true};
    auto& poly = sea.polygons.emplace_back();
    for (const auto& ring : m.scene->domain.rings) {
      auto& r = poly.rings.emplace_back();
      append_px(ring, px, r);
      if (geom::signed_area(r) < 0) std::reverse(r.begin(), r.end());
    }
    out.add({.part = Part::Sea, .box = f, .clip = clip, .shapes = {std::move(sea)}});
  }
  for (const auto& c : m.scene->countries) {
    const CountryLook* look = m.sym->look(c.code);
    FillShape fill{.color = look ? look->fill : s.land};
    if (look && look->hatch) fill.hatch = Hatch{*look->hatch, s.hatch_width * m.unit, s.hatch_spacing * m.unit};
    for (const auto& poly : c.area) {
      if (!geom::bounds(poly).intersects(visible)) continue;
      auto& p = fill.polygons.emplace_back();
      for (const auto& ring : poly.rings) append_px(ring, px, p.rings.emplace_back());
    }
    if (fill.polygons.empty()) continue;
    Group g{.part = Part::Country, .key = c.code, .clip = clip};
    g.tag.title = c.name;
    if (look && !look->affiliations.empty())  // the first in style priority: what its colour says
      g.tag.data = {{"bloc", look->affiliations.front().bloc->id}, {"role", look->affiliations.front().role}};
    g.shapes.push_back(std::move(fill));
    out.add(std::move(g));  // its box: its ink within the frame
  }
  // Borders from the original rings (never the cuts), stroked once over all fills.
  StrokeShape borders{
      .color = s.border, .width = (m.border_width > 0 ? m.border_width : s.border_width) * m.unit, .round = true};
  for (const auto& c : m.scene->countries)
    for (const auto& line : c.outline) {
      if (!geom::bounds(line).intersects(visible)) continue;
      append_px(line, px, borders.lines.emplace_back());
    }
  out.add({.part = Part::Borders, .box = f, .clip = clip, .shapes = {std::move(borders)}});
  out.add({.part = Part::Frame,
           .box = f,
           .shapes = {RectShape{.rect = f, .outline = Outline{.color = s.frame, .width = 1 * m.unit}}}});
}

}  // namespace sahelmap::render
