#include "render/placement/events.hpp"

#include <algorithm>
#include <cmath>

#include "render/words.hpp"
#include "util/xml.hpp"

namespace sahelmap::render {

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
      groups.push_back({.place = e.place, .px = px});
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
  for (const Rect& r : occ.boxes()) {
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

constexpr double kCalloutPad = 6, kGutter = 16, kItemGap = 2, kCalloutWrap = 240;

}  // namespace

std::vector<Callout> place_callouts(const std::vector<EventGroup>& groups, const Style& style, const std::string& lang,
                                    const Rect& frame, double unit, const TextMeasurer& measure, Occupancy& occ) {
  std::vector<Callout> out;
  const double pad = kCalloutPad * unit;
  std::vector<bool> done(groups.size());
  // First without leader lines crossing anything, then allowing it, before giving up on a group.
  for (const bool strict : {true, false})
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
      if (done[gi]) continue;
      const EventGroup& g = groups[gi];
      Callout c{.group = static_cast<int>(gi),
                .leader_from = g.px,
                .header = {.text = g.place, .font = {.family = style.font, .size = 11 * unit, .bold = true}}};
      const TextMetrics head = measure.measure(c.header);
      c.header_height = head.height;
      double text_w = head.width, text_h = head.height;
      for (std::size_t i = 0; i < g.events.size(); ++i) {
        const data::Event& e = *g.events[i];
        Callout::Item item{.category = e.category,
                           .text = {.text = "<b>" + std::to_string(g.numbers[i]) + "</b>  " +
                                            xml_escape(short_date(e.date, lang)) + " · " + xml_escape(e.title_in(lang)),
                                    .font = {.family = style.font, .size = 10.5 * unit},
                                    .wrap = kCalloutWrap * unit,
                                    .markup = true}};
        const TextMetrics t = measure.measure(item.text);
        item.height = t.height, item.baseline = t.baseline;
        text_w = std::max(text_w, kGutter * unit + t.width);
        text_h += kItemGap * unit + t.height;
        c.items.push_back(std::move(item));
      }
      const double w = text_w + 2 * pad, h = text_h + 2 * pad;
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
          occ.add(r);
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
                                         const Style& style, const Rect& frame, double unit,
                                         const TextMeasurer& measure, Occupancy& occ) {
  std::vector<NumberTag> out;
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    if (has_callout[gi]) continue;
    const EventGroup& g = groups[gi];
    const TextSpec spec{.text = number_list(g.numbers),
                        .font = {.family = style.font, .size = 10 * unit, .bold = true}};
    const TextMetrics t = measure.measure(spec);
    const Rect m = marker_box(g, unit);
    const double gap = 3 * unit, w = t.width, h = t.height;
    const Rect candidates[] = {{m.x + m.w + gap, g.px.y - h / 2, w, h},
                               {m.x - gap - w, g.px.y - h / 2, w, h},
                               {g.px.x - w / 2, m.y - gap - h, w, h},
                               {g.px.x - w / 2, m.y + m.h + gap, w, h},
                               {m.x + m.w, m.y - h, w, h},
                               {m.x - w, m.y - h, w, h}};
    for (const Rect& r : candidates)
      if (inside(frame, r) && occ.fits(r, unit)) {
        occ.add(r);
        out.push_back({.group = static_cast<int>(gi), .rect = r, .spec = spec});
        break;
      }
  }
  return out;
}

SymbolShape symbol(data::Category c, geom::Point at, double r, const Style& style, double unit) {
  return {.category = c,
          .at = at,
          .r = r,
          .fill = style.text,
          .outline = {.color = style.halo, .width = 1.1 * unit, .round_join = true}};
}

void add_marker(DisplayList& out, const EventGroup& g, const Style& s, double unit, const TextMeasurer& measure,
                std::uint16_t clip) {
  Group grp{.part = Part::Marker, .key = g.place, .box = marker_box(g, unit), .clip = clip};
  if (g.events.size() == 1) {
    grp.shapes.push_back(symbol(g.events[0]->category, g.px, 6.5 * unit, s, unit));
  } else {
    // Several events at one place: a disc with their count.
    grp.shapes.push_back(CircleShape{
        .centre = g.px, .r = 8.5 * unit, .fill = s.text, .outline = Outline{.color = s.halo, .width = 1.4 * unit}});
    const TextSpec count{.text = std::to_string(g.events.size()),
                         .font = {.family = s.font, .size = 10 * unit, .bold = true}};
    const TextMetrics t = measure.measure(count);
    grp.shapes.push_back(TextShape{
        .spec = count, .box = {g.px.x - t.width / 2, g.px.y - t.height / 2, t.width, t.height}, .color = s.halo});
  }
  out.add(std::move(grp));
}

void add_callout(DisplayList& out, const Callout& c, const std::string& place, const Style& s, double unit,
                 std::uint16_t clip) {
  Group g{.part = Part::Callout, .key = place, .box = c.rect, .clip = clip};
  g.shapes.push_back(StrokeShape{.lines = {{c.leader_from, c.leader_to}}, .color = s.text, .width = 1 * unit});
  g.shapes.push_back(
      RectShape{.rect = c.rect, .fill = s.panel, .outline = Outline{.color = s.frame, .width = 0.75 * unit}});
  const double x = c.rect.x + kCalloutPad * unit;
  double y = c.rect.y + kCalloutPad * unit;
  const double inner_w = c.rect.w - 2 * kCalloutPad * unit;
  g.shapes.push_back(TextShape{.spec = c.header, .box = {x, y, inner_w, c.header_height}, .color = s.text});
  y += c.header_height;
  for (const auto& it : c.items) {
    y += kItemGap * unit;
    g.shapes.push_back(symbol(it.category, {x + 5 * unit, y + it.baseline - 3.5 * unit}, 4.5 * unit, s, unit));
    g.shapes.push_back(TextShape{
        .spec = it.text, .box = {x + kGutter * unit, y, inner_w - kGutter * unit, it.height}, .color = s.text});
    y += it.height;
  }
  out.add(std::move(g));
}

void add_number_tag(DisplayList& out, const NumberTag& t, const Style& s, double unit, std::uint16_t clip) {
  out.add({.part = Part::EventNumbers,
           .key = t.spec.text,
           .box = t.rect,
           .clip = clip,
           .shapes = {TextShape{
               .spec = t.spec, .box = t.rect, .color = s.text, .halo = Halo{.color = s.halo, .width = 1.8 * unit}}}});
}

}  // namespace sahelmap::render
