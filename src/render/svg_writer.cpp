#include "render/svg_writer.hpp"

#include <glib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "geom/clip.hpp"
#include "render/pango_text.hpp"
#include "render/symbols.hpp"
#include "util/xml.hpp"

namespace sahelmap::render {

const char* layer_id(Layer l) {
  switch (l) {
    case Layer::Page:
      return "page";
    case Layer::Sea:
      return "sea";
    case Layer::Land:
      return "land";
    case Layer::Countries:
      return "countries";
    case Layer::Hatching:
      return "hatching";
    case Layer::Borders:
      return "borders";
    case Layer::Frame:
      return "frame";
    case Layer::Partners:
      return "partners";
    case Layer::Labels:
      return "labels";
    case Layer::Capitals:
      return "capitals";
    case Layer::Events:
      return "events";
    case Layer::Callouts:
      return "callouts";
    case Layer::EventList:
      return "events-list";
    case Layer::Legend:
      return "legend";
    case Layer::Inset:
      return "inset";
    case Layer::ScaleBar:
      return "scale-bar";
    case Layer::NorthArrow:
      return "north-arrow";
    case Layer::Title:
      return "title";
    case Layer::Footnote:
      return "footnote";
  }
  return "layer";
}

Layer layer_of(const Group& g) {
  switch (g.part) {
    case Part::Page:
      return Layer::Page;
    case Part::Space:
    case Part::Sea:
      return Layer::Sea;
    case Part::Country:
      return g.tag.data.empty() ? Layer::Land : Layer::Countries;
    case Part::Borders:
      return Layer::Borders;
    case Part::Frame:
      return Layer::Frame;
    case Part::Partner:
    case Part::PartnerArc:
      return Layer::Partners;
    case Part::Label:
      return Layer::Labels;
    case Part::Capital:
      return Layer::Capitals;
    case Part::Marker:
    case Part::EventNumbers:
      return Layer::Events;
    case Part::Callout:
    case Part::Leader:
    case Part::Closeup:
      return Layer::Callouts;
    case Part::EventList:
      return Layer::EventList;
    case Part::Legend:
      return Layer::Legend;
    case Part::Inset:
      return Layer::Inset;
    case Part::ScaleBar:
      return Layer::ScaleBar;
    case Part::NorthArrow:
      return Layer::NorthArrow;
    case Part::Title:
    case Part::Subtitle:
      return Layer::Title;
    case Part::Footnote:
      return Layer::Footnote;
  }
  return Layer::Page;
}

namespace {

// "Scale bar" from "scale-bar": Inkscape's layer names.
std::string layer_label(Layer l) {
  std::string s = layer_id(l);
  std::replace(s.begin(), s.end(), '-', ' ');
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// A coordinate in tenths of a pixel: what a screen or a 300 dpi print can show.
long tenths(double v) {
  return std::lround(v * 10);
}
void put_tenths(std::string& out, long t) {
  if (t < 0) out += '-', t = -t;
  out += std::to_string(t / 10);
  if (t % 10) out += '.', out += static_cast<char>('0' + t % 10);
}
std::string num(double v) {
  std::string s;
  put_tenths(s, tenths(v));
  return s == "-0" ? "0" : s;
}

// Sizes that repeat or scale (pattern tiles, font sizes) to a thousandth, so they do not drift.
std::string fine(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string rgb(const Color& c) {
  return c.hex().substr(0, 7);
}
std::string paint(const char* what, const Color& c) {
  std::string s = std::string(what) + ":" + rgb(c);
  if (c.a < 1) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3g", c.a);
    s += std::string(";") + what + "-opacity:" + buf;
  }
  return s;
}
std::string outline_css(const Outline& o) {
  return ";" + paint("stroke", o.color) + ";stroke-width:" + num(o.width) +
         (o.round_join ? ";stroke-linejoin:round" : ";stroke-miterlimit:10");
}

// XML 1.0's NameChar beyond ASCII: letters stay in ids ("Sénégal"); spaces (no-break ones
// too), degree signs and other symbols do not.
bool xml_name_char(gunichar c) {
  return c == 0xB7 || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || c == 0x200C || c == 0x200D || c == 0x203F || c == 0x2040 ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

// Keeps only what is an XML name character in an id; others become '-'. UTF-8 letters stay.
std::string id_part(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x80) {
      out += std::isalnum(u) || u == '-' || u == '_' || u == '.' ? static_cast<char>(u) : '-';
      ++i;
      continue;
    }
    const gunichar c = g_utf8_get_char_validated(s.data() + i, static_cast<gssize>(s.size() - i));
    if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) {  // not UTF-8: a byte at a time
      out += '-';
      ++i;
      continue;
    }
    const std::size_t n = static_cast<std::size_t>(g_utf8_skip[u]);
    out += xml_name_char(c) ? std::string(s.substr(i, n)) : "-";
    i += n;
  }
  return out;
}

class Writer {
 public:
  Writer(const DisplayList& list, const SvgDocument& doc) : list_(list), doc_(doc), children_(list.groups.size()) {
    for (std::size_t i = 0; i < list.groups.size(); ++i)
      if (const int p = list.groups[i].parent; p >= 0) children_[static_cast<std::size_t>(p)].push_back(i);
    for (int l = 0; l <= static_cast<int>(Layer::Footnote); ++l)
      used_.insert(doc.inline_prefix + layer_id(static_cast<Layer>(l)));
  }

  std::string run() {
    std::map<Layer, std::vector<std::size_t>> layers;
    for (std::size_t i = 0; i < list_.groups.size(); ++i)
      if (list_.groups[i].parent < 0) layers[layer_of(list_.groups[i])].push_back(i);
    for (std::size_t i = 0; i < list_.groups.size(); ++i)
      if (list_.groups[i].parent < 0 && list_.groups[i].part == Part::Country && hatched(list_.groups[i]))
        layers[Layer::Hatching].push_back(i);
    for (const auto& [layer, groups] : layers) {
      std::string body;
      for (const std::size_t i : groups) group(body, i, "", layer == Layer::Hatching);
      if (body.empty()) continue;
      body_ += "<g id=\"" + doc_.inline_prefix + layer_id(layer) + "\" inkscape:groupmode=\"layer\" inkscape:label=\"" +
               layer_label(layer) + "\">\n" + body + "</g>\n";
    }
    return document();
  }

 private:
  static bool hatched(const Group& g) {
    for (const Shape& s : g.shapes)
      if (const auto* f = std::get_if<FillShape>(&s); f && f->hatch) return true;
    return false;
  }

  std::string unique(std::string id) {
    if (id.rfind(doc_.inline_prefix, 0) != 0) id = doc_.inline_prefix + id;
    if (used_.insert(id).second) return id;
    for (int n = 2;; ++n)
      if (std::string next = id + "-" + std::to_string(n); used_.insert(next).second) return next;
  }

  std::string css(char kind, const std::string& decl) {
    const auto [it, added] =
        classes_.try_emplace(decl, doc_.inline_prefix + std::string(1, kind) + std::to_string(classes_.size()));
    return it->second;
  }

  std::string attrs(const Tag& t) const {
    std::string s;
    for (const auto& [k, v] : t.data) s += " data-" + id_part(k) + "=\"" + xml_escape(v) + "\"";
    return s;
  }
  static std::string title(const Tag& t) { return t.title.empty() ? "" : "<title>" + xml_escape(t.title) + "</title>"; }

  std::string clip_attr(std::uint16_t clip) {
    if (!clip) return "";
    clips_.insert(clip);
    return " clip-path=\"url(#" + doc_.inline_prefix + "clip-" + std::to_string(clip) + ")\"";
  }

  // The group as an element: a country as one path, anything else as a <g> of its shapes (its
  // items' shapes in a <g> each), its children inside it.
  void group(std::string& out, std::size_t index, const std::string& parent_id, bool hatching) {
    const Group& g = list_.groups[index];
    if (!doc_.text && only_text(g) && children_[index].empty()) return;
    // A part's name, "-" for "_"; the event list's "events-list", since "event-" begins one event.
    std::string id = g.part == Part::EventList ? "events-list" : part_name(g.part);
    std::replace(id.begin(), id.end(), '_', '-');
    if (!g.key.empty()) id += "-" + id_part(g.key);
    if (hatching) id = "hatching-" + id_part(g.key);
    if (!parent_id.empty()) id = parent_id + "-" + id;
    const bool keyed = !g.key.empty() || !parent_id.empty();
    id = keyed ? unique(id) : "";
    window_ = g.clip ? list_.clips[g.clip] : Rect{0, 0, list_.width, list_.height};
    const std::string id_attr = id.empty() ? "" : " id=\"" + id + "\"";
    if (g.part == Part::Country && children_[index].empty() && g.shapes.size() == 1 &&
        std::holds_alternative<FillShape>(g.shapes[0])) {
      const auto& f = std::get<FillShape>(g.shapes[0]);
      const std::string d = path_data(f.polygons, f.hatch ? f.hatch->width : f.outline ? f.outline->width : 0);
      if (d.empty()) return;
      if (hatching) {
        out += "<path" + id_attr + " fill=\"url(#" + pattern(*f.hatch) + ")\"" + clip_attr(g.clip) + " d=\"" + d +
               "\"/>\n";
        return;
      }
      std::string decl = paint("fill", f.color) + (f.nonzero ? "" : ";fill-rule:evenodd");
      if (f.outline) decl += outline_css(*f.outline);
      out += "<path" + id_attr + " class=\"" + css('f', decl) + "\"" + attrs(g.tag) + clip_attr(g.clip) + " d=\"" + d +
             "\">" + title(g.tag) + "</path>\n";
      if (f.hatch && parent_id.size())  // nested maps keep their stripes with their fill
        out += "<path fill=\"url(#" + pattern(*f.hatch) + ")\"" + clip_attr(g.clip) + " d=\"" + d + "\"/>\n";
      return;
    }
    out += "<g" + id_attr + attrs(g.tag) + ">" + title(g.tag) + "\n";
    std::string inner;
    std::size_t item = 0;
    for (std::size_t s = 0; s < g.shapes.size(); ++s) {
      while (item < g.items.size() && g.items[item].first + g.items[item].count <= s) ++item;
      const bool opens = item < g.items.size() && g.items[item].first == s && g.items[item].count > 0;
      if (opens) {
        const Tag& t = g.items[item];
        inner += "<g id=\"" + unique(id_part(t.id)) + "\"" + attrs(t) + ">" + title(t) + "\n";
      }
      std::visit([&](const auto& shape) { draw(inner, shape); }, g.shapes[s]);
      if (item < g.items.size() && g.items[item].count > 0 && s + 1 == g.items[item].first + g.items[item].count)
        inner += "</g>\n";
    }
    if (!inner.empty()) out += g.clip ? "<g" + clip_attr(g.clip) + ">\n" + inner + "</g>\n" : inner;
    for (const std::size_t c : children_[index]) group(out, c, id.empty() ? part_name(g.part) : id, false);
    out += "</g>\n";
  }

  static bool only_text(const Group& g) {
    return std::all_of(g.shapes.begin(), g.shapes.end(),
                       [](const Shape& s) { return std::holds_alternative<TextShape>(s); });
  }

  // Rings in tenths of a pixel, each point after the first relative to the last (exact: the
  // rounding happens before the differences). Geometry far outside the group's clip is cut first,
  // as the painter does, with a margin wider than any stroke.
  void ring_data(std::string& d, const std::vector<geom::Point>& pts, bool close) {
    std::size_t n = pts.size();
    if (close && n > 1 && pts.front().x == pts.back().x && pts.front().y == pts.back().y) --n;
    if (n < 2) return;
    long px = tenths(pts[0].x), py = tenths(pts[0].y);
    d += 'M';
    put_tenths(d, px);
    d += ' ';
    put_tenths(d, py);
    bool first = true;
    for (std::size_t i = 1; i < n; ++i) {
      const long x = tenths(pts[i].x), y = tenths(pts[i].y);
      if (x == px && y == py) continue;
      if (first)
        d += 'l';
      else if (x - px >= 0)  // a minus sign separates by itself
        d += ' ';
      first = false;
      put_tenths(d, x - px);
      if (y - py >= 0) d += ' ';
      put_tenths(d, y - py);
      px = x, py = y;
    }
    if (close) d += 'z';
  }

  geom::Box cut_box(double stroke) const { return window_.grown(std::max(4 + 2 * stroke, 5 * stroke + 1)).box(); }

  std::string path_data(const std::vector<geom::Polygon>& polygons, double stroke) {
    std::string d;
    const geom::Box box = cut_box(stroke);
    clipper_.set_box(box);
    for (const auto& p : polygons) {
      const geom::Box b = geom::bounds(p);
      if (!b.intersects(box)) continue;
      if (box.contains(b)) {
        for (const auto& r : p.rings) ring_data(d, r, true);
        continue;
      }
      clipper_.clip(p, clipped_);
      for (const auto& r : clipped_.rings) ring_data(d, r, true);
    }
    return d;
  }

  std::string pattern(const Hatch& h) {
    const std::string key = rgb(h.color) + num(h.width) + num(h.spacing) + num(h.color.a);
    const auto [it, added] =
        patterns_.try_emplace(key, doc_.inline_prefix + "hatch-" + std::to_string(patterns_.size()));
    if (added) {
      // Stripes along x + y = c, c a multiple of the spacing, anchored at the origin like the
      // painter's; each tile carries the three that cross it.
      const std::string s = fine(h.spacing), w = fine(h.width), s2 = fine(2 * h.spacing);
      defs_ += "<pattern id=\"" + it->second + "\" patternUnits=\"userSpaceOnUse\" width=\"" + s + "\" height=\"" + s +
               "\"><path style=\"fill:none;" + paint("stroke", h.color) + ";stroke-width:" + w + "\" d=\"M-" + s + " " +
               s + "L" + s + " -" + s + "M0 " + s2 + "L" + s2 + " 0M-" + s + " " + s2 + "L" + s2 + " -" + s +
               "\"/></pattern>\n";
    }
    return it->second;
  }

  void draw(std::string& out, const FillShape& f) {
    const double stroke = std::max(f.outline ? f.outline->width : 0, f.hatch ? f.hatch->width : 0);
    const std::string d = path_data(f.polygons, stroke);
    if (d.empty()) return;
    const std::string rule = f.nonzero ? "" : ";fill-rule:evenodd";
    if (!f.hatch) {
      out += "<path class=\"" + css('f', paint("fill", f.color) + rule + (f.outline ? outline_css(*f.outline) : "")) +
             "\" d=\"" + d + "\"/>\n";
      return;
    }
    out += "<path class=\"" + css('f', paint("fill", f.color) + rule) + "\" d=\"" + d + "\"/>\n";
    out += "<path fill=\"url(#" + pattern(*f.hatch) + ")\" d=\"" + d + "\"/>\n";
    if (f.outline) out += "<path class=\"" + css('l', "fill:none" + outline_css(*f.outline)) + "\" d=\"" + d + "\"/>\n";
  }

  void draw(std::string& out, const StrokeShape& s) {
    const geom::Box box = s.closed ? window_.grown(1e5).box() : cut_box(s.width);
    clipper_.set_box(box);
    std::string d;
    for (const auto& l : s.lines) {
      const geom::Box b = geom::bounds(l);
      if (l.empty() || !b.intersects(box)) continue;
      if (box.contains(b)) {
        ring_data(d, l, s.closed);
        continue;
      }
      pieces_.clear();
      geom::Line line = l;
      if (s.closed) line.push_back(l.front());
      clipper_.clip(line, pieces_);
      for (const auto& piece : pieces_) ring_data(d, piece, false);
    }
    if (d.empty()) return;
    const std::string decl = "fill:none;" + paint("stroke", s.color) + ";stroke-width:" + num(s.width) +
                             (s.round ? ";stroke-linecap:round;stroke-linejoin:round" : ";stroke-miterlimit:10");
    out += "<path class=\"" + css('l', decl) + "\" d=\"" + d + "\"/>\n";
  }

  std::string rect_attrs(const Rect& r) const {
    return " x=\"" + num(r.x) + "\" y=\"" + num(r.y) + "\" width=\"" + num(r.w) + "\" height=\"" + num(r.h) + "\"";
  }

  void draw(std::string& out, const RectShape& s) {
    if (s.fill) {
      std::string decl = paint("fill", *s.fill);
      if (s.outline && !s.hatch) decl += outline_css(*s.outline);
      out += "<rect class=\"" + css('f', decl) + "\"" + rect_attrs(s.rect) + "/>\n";
    }
    if (s.hatch) out += "<rect fill=\"url(#" + pattern(*s.hatch) + ")\"" + rect_attrs(s.rect) + "/>\n";
    if (s.outline && (!s.fill || s.hatch))
      out += "<rect class=\"" + css('l', "fill:none" + outline_css(*s.outline)) + "\"" + rect_attrs(s.rect) + "/>\n";
  }

  void draw(std::string& out, const CircleShape& s) {
    out += "<circle class=\"" + css('f', paint("fill", s.fill) + (s.outline ? outline_css(*s.outline) : "")) +
           "\" cx=\"" + num(s.centre.x) + "\" cy=\"" + num(s.centre.y) + "\" r=\"" + num(s.r) + "\"/>\n";
  }

  void draw(std::string& out, const SymbolShape& s) {
    const SymbolOutline o = symbol_outline(s.category, s.at, s.r);
    const std::string cls = css('f', paint("fill", s.fill) + outline_css(s.outline));
    if (o.circle > 0) {
      out += "<circle class=\"" + cls + "\" cx=\"" + num(s.at.x) + "\" cy=\"" + num(s.at.y) + "\" r=\"" +
             num(o.circle) + "\"/>\n";
      return;
    }
    std::string d;
    for (const auto& r : o.rings) ring_data(d, r, true);
    out += "<path class=\"" + cls + "\" d=\"" + d + "\"/>\n";
  }

  void draw(std::string& out, const TextShape& t) {
    if (!doc_.text) return;
    const Font& f = t.spec.font;
    std::string decl = "font-family:'" + f.family + "',sans-serif;font-size:" + fine(f.size) + "px";
    if (f.bold) decl += ";font-weight:bold";
    if (f.italic) decl += ";font-style:italic";
    decl += ";" + paint("fill", t.color);
    if (t.halo)
      decl += ";" + paint("stroke", t.halo->color) + ";stroke-width:" + num(2 * t.halo->width) +
              ";stroke-linejoin:round;paint-order:stroke";
    const std::vector<TextLine> lines = TextLayout(t.spec).lines();
    if (lines.empty()) return;
    std::string body;
    bool spaces = false;
    for (const TextLine& l : lines) {
      const std::string pos = " x=\"" + num(t.box.x + l.x) + "\" y=\"" + num(t.box.y + l.baseline) + "\"";
      std::string runs;
      for (const TextRun& r : l.runs) {
        spaces = spaces || r.text.find("  ") != std::string::npos || r.text.front() == ' ' || r.text.back() == ' ';
        std::string a;
        if (r.bold != f.bold) a += r.bold ? " font-weight=\"bold\"" : " font-weight=\"normal\"";
        if (r.italic != f.italic) a += r.italic ? " font-style=\"italic\"" : " font-style=\"normal\"";
        if (!r.family.empty() && r.family != f.family) a += " font-family=\"" + xml_escape(r.family) + "\"";
        runs += a.empty() ? xml_escape(r.text) : "<tspan" + a + ">" + xml_escape(r.text) + "</tspan>";
      }
      body += lines.size() == 1 ? "" : "<tspan" + pos + ">";
      body += runs;
      body += lines.size() == 1 ? "" : "</tspan>";
      if (lines.size() == 1) body = pos + ">" + body;
    }
    out += "<text class=\"" + css('t', decl) + "\"" + (spaces ? " xml:space=\"preserve\"" : "");
    out += lines.size() == 1 ? body : ">" + body;
    out += "</text>\n";
  }

  std::string document() const {
    std::string w = num(list_.width), h = num(list_.height);
    const bool inline_svg = !doc_.inline_prefix.empty();
    std::string s = inline_svg ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\"";
    s += " width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h + "\"";
    if (inline_svg) {
      s += " aria-hidden=\"true\" focusable=\"false\">\n";
    } else {
      s += " xml:lang=\"" + xml_escape(doc_.lang) + "\" role=\"img\" aria-labelledby=\"map-title map-desc\">\n";
      s += "<title id=\"map-title\">" + xml_escape(doc_.title) + "</title>\n";
      s += "<desc id=\"map-desc\">" + xml_escape(doc_.description) + "</desc>\n";
      if (!doc_.metadata_xml.empty()) s += "<metadata>\n" + doc_.metadata_xml + "</metadata>\n";
    }
    s += "<defs>\n<style>\n";
    std::vector<std::pair<std::string, std::string>> by_name;
    for (const auto& [decl, name] : classes_) by_name.emplace_back(name, decl);
    const std::size_t k = doc_.inline_prefix.size();  // the kind letter, then the number
    std::sort(by_name.begin(), by_name.end(), [k](const auto& a, const auto& b) {
      return a.first[k] != b.first[k] ? a.first[k] < b.first[k]
                                      : std::stoi(a.first.substr(k + 1)) < std::stoi(b.first.substr(k + 1));
    });
    for (const auto& [name, decl] : by_name) s += "." + name + "{" + decl + "}\n";
    s += "</style>\n" + defs_;
    for (const std::uint16_t c : clips_)
      s += "<clipPath id=\"" + doc_.inline_prefix + "clip-" + std::to_string(c) + "\"><rect" +
           rect_attrs(list_.clips[c]) + "/></clipPath>\n";
    s += "</defs>\n" + body_ + "</svg>\n";
    return s;
  }

  const DisplayList& list_;
  const SvgDocument& doc_;
  std::vector<std::vector<std::size_t>> children_;
  std::set<std::string> used_;
  std::map<std::string, std::string> classes_, patterns_;  // declarations to class names; hatches to ids
  std::set<std::uint16_t> clips_;
  std::string defs_, body_;
  Rect window_;
  geom::RectClipper clipper_{geom::Box{0, 0, 1, 1}};
  geom::Polygon clipped_;
  geom::MultiLine pieces_;
};

}  // namespace

std::string write_svg(const DisplayList& list, const SvgDocument& doc) {
  return Writer(list, doc).run();
}

}  // namespace sahelmap::render
