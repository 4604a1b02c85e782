#include "render/map_painter.hpp"

#include <algorithm>
#include <cmath>

#include "geom/clip.hpp"
#include "render/text.hpp"

namespace sahelmap::render {

ViewTransform::ViewTransform(const geom::Box& e, const Rect& f) : extent(e), frame(f) {
  scale = std::min(f.w / e.width(), f.h / e.height());
  const double w = f.w / scale, h = f.h / scale;
  const double cx = (e.minx + e.maxx) / 2, cy = (e.miny + e.maxy) / 2;
  extent = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

namespace {

void add_rings(cairo_t* cr, const geom::Polygon& p) {
  for (const auto& r : p.rings) {
    cairo_move_to(cr, r[0].x, r[0].y);
    for (std::size_t i = 1; i + 1 < r.size(); ++i) cairo_line_to(cr, r[i].x, r[i].y);
    cairo_close_path(cr);
  }
}

}  // namespace

void hatch_clip(cairo_t* cr, const Color& color, double width, double spacing) {
  double x0, y0, x1, y1;
  cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
  // Stripes run past the clip: a butt end inside it would cut the stripe's corner off (visible
  // where the clip is a band of a banded canvas).
  x0 -= width, y0 -= width, x1 += width, y1 += width;
  // 45-degree stripes anchored to the canvas origin, so neighbours' stripes line up.
  const double start = std::floor((x0 + y0) / spacing) * spacing;
  for (double c = start; c <= x1 + y1 + spacing; c += spacing) {
    cairo_move_to(cr, c - y0, y0);
    cairo_line_to(cr, c - y1, y1);
  }
  set_source(cr, color);
  cairo_set_line_width(cr, width);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_stroke(cr);
}

void MapPainter::paint(cairo_t* cr, const proj::Scene& scene, const Symbolization& sym, const ViewTransform& view,
                       double y0, double y1) const {
  const Rect& f = view.frame;
  cairo_save(cr);
  cairo_rectangle(cr, f.x, f.y, f.w, f.h);
  cairo_clip(cr);
  // Clip in pixels with a margin wider than any stroke: Cairo never sees far-away coordinates.
  const double margin = 4 * style_.border_width * unit_ + 4;
  const double top = std::max(f.y, y0), bottom = std::max(top, std::min(f.y + f.h, y1));
  geom::RectClipper clipper(geom::Box{f.x, top, f.x + f.w, bottom}.buffered(margin));
  geom::Polygon px, clipped;
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);  // the domain's pieces may touch
  // Space around the world, then the sea where the projection shows the world.
  set_source(cr, style_.space);
  cairo_paint(cr);
  if (scene.domain.empty()) {
    set_source(cr, style_.background);
    cairo_paint(cr);
  } else {
    px.rings.clear();
    for (const auto& ring : scene.domain.rings) {
      auto& out = px.rings.emplace_back();
      for (const auto& p : ring) out.push_back(view.to_px(p));
      if (geom::signed_area(out) < 0) std::reverse(out.begin(), out.end());
    }
    clipper.clip(px, clipped);
    cairo_new_path(cr);
    add_rings(cr, clipped);
    set_source(cr, style_.background);
    cairo_fill(cr);
  }
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (const auto& c : scene.countries) {
    const CountryLook* look = sym.look(c.code);
    cairo_new_path(cr);
    for (const auto& poly : c.area) {
      px.rings.clear();
      for (const auto& ring : poly.rings) {
        auto& out = px.rings.emplace_back();
        out.reserve(ring.size());
        for (const auto& p : ring) out.push_back(view.to_px(p));
      }
      clipper.clip(px, clipped);
      add_rings(cr, clipped);
    }
    set_source(cr, look ? look->fill : style_.land);
    if (look && look->hatch) {
      cairo_fill_preserve(cr);
      cairo_save(cr);
      cairo_clip(cr);
      hatch_clip(cr, *look->hatch, style_.hatch_width * unit_, style_.hatch_spacing * unit_);
      cairo_restore(cr);
    } else {
      cairo_fill(cr);
    }
  }

  // Borders from the original rings, drawn once over all fills.
  cairo_new_path(cr);
  geom::MultiLine pieces;
  for (const auto& c : scene.countries)
    for (const auto& line : c.outline) {
      geom::Line l;
      l.reserve(line.size());
      for (const auto& p : line) l.push_back(view.to_px(p));
      pieces.clear();
      clipper.clip(l, pieces);
      for (const auto& piece : pieces) {
        cairo_move_to(cr, piece[0].x, piece[0].y);
        for (std::size_t i = 1; i < piece.size(); ++i) cairo_line_to(cr, piece[i].x, piece[i].y);
      }
    }
  set_source(cr, style_.border);
  cairo_set_line_width(cr, style_.border_width * unit_);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke(cr);
  cairo_restore(cr);

  cairo_rectangle(cr, f.x, f.y, f.w, f.h);
  set_source(cr, style_.frame);
  cairo_set_line_width(cr, 1 * unit_);
  cairo_stroke(cr);
}

}  // namespace sahelmap::render
