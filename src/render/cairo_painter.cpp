#include "render/cairo_painter.hpp"

#include <algorithm>
#include <cmath>

#include "geom/clip.hpp"
#include "render/pango_text.hpp"
#include "render/symbols.hpp"

namespace sahelmap::render {

void hatch_clip(cairo_t* cr, const Hatch& h) {
  double x0, y0, x1, y1;
  cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
  // Stripes run past the clip: a butt end inside it would cut the stripe's corner off (visible
  // where the clip is a band of a banded canvas).
  x0 -= h.width, y0 -= h.width, x1 += h.width, y1 += h.width;
  const double start = std::floor((x0 + y0) / h.spacing) * h.spacing;
  cairo_new_path(cr);
  for (double c = start; c <= x1 + y1 + h.spacing; c += h.spacing) {
    cairo_move_to(cr, c - y0, y0);
    cairo_line_to(cr, c - y1, y1);
  }
  set_source(cr, h.color);
  cairo_set_line_width(cr, h.width);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_stroke(cr);
}

namespace {

void set_line(cairo_t* cr, double width, bool round) {
  cairo_set_line_width(cr, width);
  cairo_set_line_cap(cr, round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join(cr, round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
}

void stroke_outline(cairo_t* cr, const Outline& o) {
  set_source(cr, o.color);
  cairo_set_line_width(cr, o.width);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join(cr, o.round_join ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
  cairo_stroke(cr);
}

void add_ring(cairo_t* cr, const geom::Ring& r) {
  if (r.size() < 2) return;
  cairo_move_to(cr, r[0].x, r[0].y);
  for (std::size_t i = 1; i + 1 < r.size(); ++i) cairo_line_to(cr, r[i].x, r[i].y);
  cairo_close_path(cr);
}

void symbol_path(cairo_t* cr, data::Category c, double x, double y, double r) {
  const SymbolOutline o = symbol_outline(c, {x, y}, r);
  if (o.circle > 0) cairo_arc(cr, x, y, o.circle, 0, 2 * M_PI);
  for (const auto& ring : o.rings) {
    cairo_move_to(cr, ring[0].x, ring[0].y);
    for (std::size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr, ring[i].x, ring[i].y);
    cairo_close_path(cr);
  }
}

class Painter {
 public:
  Painter(cairo_t* cr, const DisplayList& list, const Rect& window) : cr_(cr), list_(list), window_(window) {}

  void run(std::size_t first, std::size_t end) {
    std::uint16_t current = 0;
    cairo_save(cr_);
    end = std::min(end, list_.groups.size());
    for (std::size_t i = first; i < end; ++i) {
      const Group& g = list_.groups[i];
      if (g.shapes.empty() || !g.ink.intersects(window_)) continue;
      if (g.clip != current) {
        cairo_restore(cr_);
        cairo_save(cr_);
        if (g.clip) {
          const Rect& c = list_.clips[g.clip];
          cairo_rectangle(cr_, c.x, c.y, c.w, c.h);
          cairo_clip(cr_);
        }
        current = g.clip;
      }
      area_ = g.clip ? window_.clipped(list_.clips[g.clip]) : window_;
      whole_ = g.reach;
      for (const Shape& s : g.shapes) std::visit([&](const auto& shape) { draw(shape); }, s);
    }
    cairo_restore(cr_);
  }

 private:
  // Where geometry must come out right, with room for strokes (a miter reaches out as far as ink_of
  // allows for it): anything beyond is cut off first.
  geom::Box cut_box(double stroke) const { return area_.grown(std::max(4 + 2 * stroke, 5 * stroke + 1)).box(); }

  void draw(const FillShape& s) {
    const double stroke = std::max(s.outline ? s.outline->width : 0, s.hatch ? s.hatch->width : 0);
    const geom::Box box = cut_box(stroke);
    const bool cut = !box.contains(whole_.box());
    if (cut) clipper_.set_box(box);
    auto add_path = [&] {
      cairo_new_path(cr_);
      for (const auto& p : s.polygons) {
        if (cut) {
          const geom::Box b = geom::bounds(p);
          if (!b.intersects(box)) continue;
          if (!box.contains(b)) {
            clipper_.clip(p, clipped_);
            for (const auto& r : clipped_.rings) add_ring(cr_, r);
            continue;
          }
        }
        for (const auto& r : p.rings) add_ring(cr_, r);
      }
    };
    add_path();
    cairo_set_fill_rule(cr_, s.nonzero ? CAIRO_FILL_RULE_WINDING : CAIRO_FILL_RULE_EVEN_ODD);
    set_source(cr_, s.color);
    if (!s.hatch && !s.outline) {
      cairo_fill(cr_);
      return;
    }
    cairo_fill_preserve(cr_);
    if (s.hatch) {
      cairo_save(cr_);
      cairo_clip(cr_);
      hatch_clip(cr_, *s.hatch);
      cairo_restore(cr_);
      if (s.outline) add_path();
    }
    if (s.outline) stroke_outline(cr_, *s.outline);
    cairo_new_path(cr_);
  }

  void draw(const StrokeShape& s) {
    // Closed lines (the locator's outline) are small: they are cut only when far too large for
    // Cairo's fixed-point coordinates, since a closed line cut and joined up again starts its path
    // elsewhere, which moves the antialiasing of its corners by a level.
    const geom::Box box = s.closed ? area_.grown(1e5).box() : cut_box(s.width);
    const bool cut = !box.contains(whole_.box());
    if (cut) clipper_.set_box(box);
    cairo_new_path(cr_);
    auto add_line = [&](const geom::Line& l, bool close) {
      if (l.empty()) return;
      cairo_move_to(cr_, l[0].x, l[0].y);
      for (std::size_t i = 1; i < l.size(); ++i) cairo_line_to(cr_, l[i].x, l[i].y);
      if (close) cairo_close_path(cr_);
    };
    for (const auto& l : s.lines) {
      if (!cut) {
        add_line(l, s.closed);
        continue;
      }
      const geom::Box b = geom::bounds(l);
      if (!b.intersects(box)) continue;
      if (box.contains(b)) {
        add_line(l, s.closed);
        continue;
      }
      pieces_.clear();
      if (s.closed) {  // cut as a line that comes back to its start
        closed_ = l;
        closed_.push_back(l.front());
        clipper_.clip(closed_, pieces_);
      } else {
        clipper_.clip(l, pieces_);
      }
      for (const auto& piece : pieces_) add_line(piece, false);
    }
    set_source(cr_, s.color);
    set_line(cr_, s.width, s.round);
    cairo_stroke(cr_);
  }

  void draw(const RectShape& s) {
    const Rect& r = s.rect;
    if (s.fill && !s.hatch && !s.outline) {  // the sea of a tile, the page: a plain paint when it covers the surface
      double x0, y0, x1, y1;
      cairo_clip_extents(cr_, &x0, &y0, &x1, &y1);
      if (r.x <= x0 && r.y <= y0 && r.x + r.w >= x1 && r.y + r.h >= y1) {
        set_source(cr_, *s.fill);
        cairo_paint(cr_);
        return;
      }
    }
    cairo_new_path(cr_);
    cairo_rectangle(cr_, r.x, r.y, r.w, r.h);
    if (s.fill) {
      set_source(cr_, *s.fill);
      if (s.hatch || s.outline)
        cairo_fill_preserve(cr_);
      else
        cairo_fill(cr_);
    }
    if (s.hatch) {
      cairo_save(cr_);
      cairo_clip(cr_);
      hatch_clip(cr_, *s.hatch);
      cairo_restore(cr_);
      cairo_rectangle(cr_, r.x, r.y, r.w, r.h);
    }
    if (s.outline)
      stroke_outline(cr_, *s.outline);
    else
      cairo_new_path(cr_);
  }

  void draw(const CircleShape& s) {
    cairo_new_path(cr_);
    cairo_arc(cr_, s.centre.x, s.centre.y, s.r, 0, 2 * M_PI);
    set_source(cr_, s.fill);
    if (!s.outline) {
      cairo_fill(cr_);
      return;
    }
    cairo_fill_preserve(cr_);
    stroke_outline(cr_, *s.outline);
  }

  void draw(const SymbolShape& s) {
    cairo_new_path(cr_);
    symbol_path(cr_, s.category, s.at.x, s.at.y, s.r);
    set_source(cr_, s.fill);
    cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_WINDING);
    cairo_fill_preserve(cr_);
    stroke_outline(cr_, s.outline);
  }

  void draw(const TextShape& s) {
    const TextLayout t(s.spec);
    if (s.halo)
      t.draw(cr_, s.box.x, s.box.y, s.color, &s.halo->color, s.halo->width);
    else
      t.draw(cr_, s.box.x, s.box.y, s.color);
  }

  cairo_t* cr_;
  const DisplayList& list_;
  Rect window_, area_, whole_;
  geom::RectClipper clipper_{geom::Box{0, 0, 1, 1}};
  geom::Polygon clipped_;
  geom::MultiLine pieces_;
  geom::Line closed_;
};

}  // namespace

void paint(cairo_t* cr, const DisplayList& list, const Rect& window, std::size_t first, std::size_t end) {
  Painter(cr, list, window).run(first, end);
}

}  // namespace sahelmap::render
