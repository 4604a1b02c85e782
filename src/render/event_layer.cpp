#include "render/event_layer.hpp"

#include <algorithm>
#include <cmath>

#include "util/xml.hpp"

namespace sahelmap::render {

std::string long_date(const data::Date& d, const std::string& lang) {
  static const char* en[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};
  static const char* fr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                             "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  const std::string s = d.str();
  const int m = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return std::to_string(day) + (lang == "fr" && day == 1 ? "er " : " ") + (lang == "fr" ? fr[m - 1] : en[m - 1]) + " " +
         s.substr(0, 4);
}

std::string short_date(const data::Date& d, const std::string& lang) {
  static const char* en[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const char* fr[] = {"janv.", "févr.", "mars",  "avr.", "mai",  "juin",
                             "juil.", "août",  "sept.", "oct.", "nov.", "déc."};
  const std::string s = d.str();
  const int m = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return std::to_string(day) + " " + (lang == "fr" ? fr[m - 1] : en[m - 1]) + " " + s.substr(0, 4);
}

std::string category_label(const std::string& c, const std::string& lang) {
  const bool f = lang == "fr";
  if (c == "coup") return f ? "Coup d'État" : "Coup";
  if (c == "attack") return f ? "Attaque" : "Attack";
  if (c == "flags") return f ? "Drapeaux" : "Flags";
  if (c == "deployment") return f ? "Déploiement" : "Deployment";
  if (c == "withdrawal") return f ? "Retrait" : "Withdrawal";
  if (c == "cooperation_end") return f ? "Fin de coopération" : "End of cooperation";
  if (c == "treaty") return f ? "Traité" : "Treaty";
  if (c == "diplomacy") return f ? "Diplomatie" : "Diplomacy";
  return c;
}

std::vector<EventGroup> group_events(const std::vector<data::Event>& events, const proj::Projection& projection,
                                     const ViewTransform& view, double radius) {
  std::vector<EventGroup> groups;
  int number = 0;
  for (const auto& e : events) {
    const geom::Point m = projection.forward(e.lonlat);
    if (!std::isfinite(m.x)) continue;
    const geom::Point px = view.to_px(m);
    const Rect& f = view.frame;
    if (px.x < f.x || px.y < f.y || px.x > f.x + f.w || px.y > f.y + f.h) continue;
    ++number;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const EventGroup& g) { return std::hypot(g.px.x - px.x, g.px.y - px.y) <= radius; });
    if (it == groups.end()) {
      groups.push_back({e.place, px, {}, {}});
      it = groups.end() - 1;
    }
    it->events.push_back(&e);
    it->numbers.push_back(number);
  }
  return groups;
}

Rect marker_box(const EventGroup& g, double unit) {
  const double r = (g.events.size() > 1 ? 9 : 7.5) * unit;
  return {g.px.x - r, g.px.y - r, 2 * r, 2 * r};
}

namespace {
// Whether the segment a-b passes through a placed box (other than the marker it starts from).
bool crosses(const Occupancy& occ, geom::Point a, geom::Point b, const Rect& own) {
  for (const auto& box : occ.boxes()) {
    const Rect& r = box.rect;
    if (r.x == own.x && r.y == own.y && r.w == own.w) continue;
    // Sample the segment: boxes are much larger than the step.
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const int n = std::max(2, static_cast<int>(len / 2));
    for (int i = 1; i < n; ++i) {
      const double t = static_cast<double>(i) / n;
      const double x = a.x + t * (b.x - a.x), y = a.y + t * (b.y - a.y);
      if (x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h) return true;
    }
  }
  return false;
}
}  // namespace

namespace {
constexpr double kCalloutPad = 6, kGutter = 16, kItemGap = 2;

// The callout's text blocks: the place, then one per event after a gutter for its symbol.
struct CalloutText {
  TextBlock header;
  std::vector<TextBlock> items;
  double width = 0, height = 0;
};

CalloutText lay_out(const Callout& c, const Style& s, double u) {
  CalloutText t{TextBlock(c.header, {s.font, 11 * u, true}), {}};
  t.width = t.header.width();
  t.height = t.header.height();
  for (const auto& [category, text] : c.items) {
    t.items.emplace_back(text, Font{s.font, 10.5 * u}, c.wrap, Align::Left, true);
    t.width = std::max(t.width, kGutter * u + t.items.back().width());
    t.height += kItemGap * u + t.items.back().height();
  }
  return t;
}
}  // namespace

std::vector<Callout> place_callouts(const std::vector<EventGroup>& groups, const Style& style, const std::string& lang,
                                    const Rect& frame, double unit, Occupancy& occ) {
  std::vector<Callout> out;
  const double pad = kCalloutPad * unit;
  std::vector<bool> done(groups.size());
  // First without leader lines crossing anything, then allowing it, before giving up on a group.
  for (const bool strict : {true, false})
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
      if (done[gi]) continue;
      const EventGroup& g = groups[gi];
      Callout c{static_cast<int>(gi), {}, g.px, {}, g.place, {}, 240 * unit};
      for (std::size_t i = 0; i < g.events.size(); ++i)
        c.items.push_back({g.events[i]->category, "<b>" + std::to_string(g.numbers[i]) + "</b>  " +
                                                      xml_escape(short_date(g.events[i]->date, lang)) + " · " +
                                                      xml_escape(g.events[i]->title_in(lang))});
      const CalloutText t = lay_out(c, style, unit);
      const double w = t.width + 2 * pad, h = t.height + 2 * pad;
      for (double d = 20; d <= 520 && !done[gi]; d += 25) {
        for (int k = 0; k < 24 && !done[gi]; ++k) {
          const double a = -M_PI / 4 + k * M_PI / 12;  // start up-right, go round
          const double dx = std::cos(a), dy = -std::sin(a);
          const double reach = d * unit + std::abs(dx) * w / 2 + std::abs(dy) * h / 2;
          const Rect r{g.px.x + dx * reach - w / 2, g.px.y + dy * reach - h / 2, w, h};
          if (!inside(frame, r) || !occ.fits(r, 3 * unit)) continue;
          c.rect = r;
          c.leader_to = {std::clamp(g.px.x, r.x, r.x + r.w), std::clamp(g.px.y, r.y, r.y + r.h)};
          if (strict && crosses(occ, c.leader_from, c.leader_to, marker_box(g, unit))) continue;
          occ.add("callout", g.place, r);
          out.push_back(c);
          done[gi] = true;
        }
      }
    }
  return out;
}

std::string number_list(const std::vector<int>& numbers) {
  std::string out;
  for (std::size_t i = 0; i < numbers.size();) {
    std::size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    out += (out.empty() ? "" : ", ") + std::to_string(numbers[i]);
    if (j > i + 1)
      out += "–" + std::to_string(numbers[j]);
    else if (j == i + 1)
      out += ", " + std::to_string(numbers[j]);
    i = j + 1;
  }
  return out;
}

std::vector<NumberTag> place_number_tags(const std::vector<EventGroup>& groups, const std::vector<bool>& has_callout,
                                         const Style& style, const Rect& frame, double unit, Occupancy& occ) {
  std::vector<NumberTag> out;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    if (has_callout[gi]) continue;
    const EventGroup& g = groups[gi];
    const std::string text = number_list(g.numbers);
    const TextBlock t(text, {style.font, 10 * unit, true});
    const Rect m = marker_box(g, unit);
    const double gap = 3 * unit, w = t.width(), h = t.height();
    const Rect candidates[] = {{m.x + m.w + gap, g.px.y - h / 2, w, h},
                               {m.x - gap - w, g.px.y - h / 2, w, h},
                               {g.px.x - w / 2, m.y - gap - h, w, h},
                               {g.px.x - w / 2, m.y + m.h + gap, w, h},
                               {m.x + m.w, m.y - h, w, h},
                               {m.x - w, m.y - h, w, h}};
    for (const Rect& r : candidates)
      if (inside(frame, r) && occ.fits(r, unit)) {
        occ.add("event_numbers", text, r);
        out.push_back({static_cast<int>(gi), r, text});
        break;
      }
  }
  return out;
}

void draw_number_tag(cairo_t* cr, const NumberTag& tag, const Style& s, double unit) {
  const TextBlock t(tag.text, {s.font, 10 * unit, true});
  t.draw_with_halo(cr, tag.rect.x, tag.rect.y, s.text, s.halo, 1.8 * unit);
}

void draw_symbol(cairo_t* cr, const std::string& c, double x, double y, double r, const Style& s, double unit) {
  cairo_save(cr);
  cairo_new_path(cr);
  if (c == "coup") {  // five-pointed star
    for (int i = 0; i < 10; ++i) {
      const double a = -M_PI / 2 + i * M_PI / 5, rr = i % 2 ? r * 0.45 : r;
      i ? cairo_line_to(cr, x + rr * std::cos(a), y + rr * std::sin(a))
        : cairo_move_to(cr, x + rr * std::cos(a), y + rr * std::sin(a));
    }
    cairo_close_path(cr);
  } else if (c == "attack") {  // triangle
    cairo_move_to(cr, x, y - r);
    cairo_line_to(cr, x + r * 0.95, y + r * 0.75);
    cairo_line_to(cr, x - r * 0.95, y + r * 0.75);
    cairo_close_path(cr);
  } else if (c == "flags") {  // flag on a pole
    cairo_rectangle(cr, x - r * 0.7, y - r, r * 0.22, r * 2);
    cairo_rectangle(cr, x - r * 0.5, y - r, r * 1.3, r * 0.95);
  } else if (c == "deployment") {  // square
    cairo_rectangle(cr, x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6);
  } else if (c == "withdrawal") {  // arrow leaving
    cairo_move_to(cr, x - r, y - r * 0.35);
    cairo_line_to(cr, x + r * 0.1, y - r * 0.35);
    cairo_line_to(cr, x + r * 0.1, y - r * 0.85);
    cairo_line_to(cr, x + r, y);
    cairo_line_to(cr, x + r * 0.1, y + r * 0.85);
    cairo_line_to(cr, x + r * 0.1, y + r * 0.35);
    cairo_line_to(cr, x - r, y + r * 0.35);
    cairo_close_path(cr);
  } else if (c == "cooperation_end") {  // broken link: an X
    const double k = r * 0.3;
    cairo_move_to(cr, x - r, y - r + k);
    cairo_line_to(cr, x - r + k, y - r);
    cairo_line_to(cr, x, y - k);
    cairo_line_to(cr, x + r - k, y - r);
    cairo_line_to(cr, x + r, y - r + k);
    cairo_line_to(cr, x + k, y);
    cairo_line_to(cr, x + r, y + r - k);
    cairo_line_to(cr, x + r - k, y + r);
    cairo_line_to(cr, x, y + k);
    cairo_line_to(cr, x - r + k, y + r);
    cairo_line_to(cr, x - r, y + r - k);
    cairo_line_to(cr, x - k, y);
    cairo_close_path(cr);
  } else if (c == "treaty") {  // circle
    cairo_arc(cr, x, y, r * 0.85, 0, 2 * M_PI);
  } else {  // diplomacy: diamond
    cairo_move_to(cr, x, y - r);
    cairo_line_to(cr, x + r, y);
    cairo_line_to(cr, x, y + r);
    cairo_line_to(cr, x - r, y);
    cairo_close_path(cr);
  }
  set_source(cr, s.text);
  cairo_fill_preserve(cr);
  set_source(cr, s.halo);
  cairo_set_line_width(cr, 1.1 * unit);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void draw_marker(cairo_t* cr, const EventGroup& g, const Style& s, double unit) {
  if (g.events.size() == 1) {
    draw_symbol(cr, g.events[0]->category, g.px.x, g.px.y, 6.5 * unit, s, unit);
    return;
  }
  // Several events at one place: a disc with their count.
  const double r = 8.5 * unit;
  cairo_new_path(cr);
  cairo_arc(cr, g.px.x, g.px.y, r, 0, 2 * M_PI);
  set_source(cr, s.text);
  cairo_fill_preserve(cr);
  set_source(cr, s.halo);
  cairo_set_line_width(cr, 1.4 * unit);
  cairo_stroke(cr);
  const TextBlock t(std::to_string(g.events.size()), {s.font, 10 * unit, true});
  t.draw(cr, g.px.x - t.width() / 2, g.px.y - t.height() / 2, s.halo);
}

void draw_callout(cairo_t* cr, const Callout& c, const Style& s, double unit) {
  cairo_new_path(cr);
  cairo_move_to(cr, c.leader_from.x, c.leader_from.y);
  cairo_line_to(cr, c.leader_to.x, c.leader_to.y);
  set_source(cr, s.text);
  cairo_set_line_width(cr, 1 * unit);
  cairo_stroke(cr);
  cairo_rectangle(cr, c.rect.x, c.rect.y, c.rect.w, c.rect.h);
  set_source(cr, s.panel);
  cairo_fill_preserve(cr);
  set_source(cr, s.frame);
  cairo_set_line_width(cr, 0.75 * unit);
  cairo_stroke(cr);
  const CalloutText t = lay_out(c, s, unit);
  const double x = c.rect.x + kCalloutPad * unit;
  double y = c.rect.y + kCalloutPad * unit;
  t.header.draw(cr, x, y, s.text);
  y += t.header.height();
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    y += kItemGap * unit;
    draw_symbol(cr, c.items[i].first, x + 5 * unit, y + t.items[i].baseline() - 3.5 * unit, 4.5 * unit, s, unit);
    t.items[i].draw(cr, x + kGutter * unit, y, s.text);
    y += t.items[i].height();
  }
}

}  // namespace sahelmap::render
