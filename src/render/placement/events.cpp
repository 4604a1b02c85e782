#include "render/placement/events.hpp"

#include <algorithm>
#include <cmath>

#include "geom/sphere.hpp"
#include "render/placement/map_layers.hpp"
#include "render/placement/spot.hpp"
#include "render/symbols.hpp"
#include "render/words.hpp"
#include "util/xml.hpp"

namespace sahelmap::render {

namespace {

constexpr double kPad = 6, kGutter = 16, kItemGap = 2, kWrap = 240;

Tag event_tag(const data::Event& e, int number, std::size_t first, std::size_t count) {
  return {.id = "event-" + e.id,
          .title = e.title,
          .data = {{"number", std::to_string(number)},
                   {"date", e.date.str()},
                   {"category", std::string(data::info(e.category).key)},
                   {"place", e.place},
                   {"source", e.source}},
          .first = first,
          .count = count};
}

}  // namespace

std::vector<EventGroup> group_events(const std::vector<data::Event>& events, const proj::Projection& projection,
                                     const ViewTransform& view, double km) {
  std::vector<EventGroup> groups;
  int number = 0;
  for (const auto& e : events) {
    const geom::Point m = projection.forward(e.lonlat);
    if (!std::isfinite(m.x)) continue;
    const geom::Point px = view.to_px(m);
    const Rect& f = view.frame;
    if (px.x < f.x || px.y < f.y || px.x > f.x + f.w || px.y > f.y + f.h) continue;
    ++number;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const EventGroup& g) {
      const data::Event& first = *g.events.front();
      return (!e.place.empty() && first.place == e.place) || geom::distance_km(first.lonlat, e.lonlat) <= km;
    });
    if (it == groups.end()) {
      groups.push_back({.place = e.place, .at = px, .px = px});
      it = groups.end() - 1;
    }
    it->events.push_back(&e);
    it->numbers.push_back(number);
  }
  return groups;
}

std::vector<std::string> capitals_to_name(std::vector<std::string> first, const std::vector<EventGroup>& groups,
                                          const std::vector<data::Place>& places) {
  for (const auto& g : groups)
    for (const auto& p : places)
      if (p.kind == "capital" && (p.name == g.place || p.name_fr == g.place) &&
          std::find(first.begin(), first.end(), p.country) == first.end())
        first.push_back(p.country);
  return first;
}

double marker_radius(const EventGroup& g, double unit) {
  return (g.events.size() > 1 ? 9 : 7.5) * unit;
}

Rect marker_box(const EventGroup& g, double unit) {
  const double r = marker_radius(g, unit);
  return {g.px.x - r, g.px.y - r, 2 * r, 2 * r};
}

std::vector<int> place_markers(std::vector<EventGroup>& groups, const Rect& frame, double unit, Occupancy& occ,
                               const std::vector<int>* only, double reach) {
  // On the place itself, then beside it (up-right first, as a pin leans), then a little further.
  // Every marker near its place first; only then do those still without room go further, so that
  // one wandering marker does not take a neighbour's only room.
  std::vector<double> near, far;
  for (const double d : {0.0, 5.0, 11.0, 18.0, 27.0}) near.push_back(d);
  for (const double d : {38.0, 50.0, 64.0, 80.0, 100.0, 120.0})
    if (d <= reach) far.push_back(d);
  auto try_place = [&](EventGroup& g, const std::vector<double>& steps) {
    const double r = marker_radius(g, unit);
    auto box_at = [&](geom::Point p) { return Rect{p.x - r, p.y - r, 2 * r, 2 * r}; };
    // The tick starts on the place: the capital's dot there is no obstacle to it.
    std::vector<Rect> at_place;
    for (const Rect& b : occ.boxes())
      if (b.x <= g.at.x && g.at.x <= b.x + b.w && b.y <= g.at.y && g.at.y <= b.y + b.h) at_place.push_back(b);
    for (const double step : steps) {
      const double d = step == 0 ? 0 : r + step * unit;
      const int directions = d == 0 ? 1 : step > 60 ? 32 : step > 30 ? 16 : 8;  // further out, finer
      for (int k = 0; k < directions; ++k) {
        const double a = M_PI / 4 + k * 2 * M_PI / directions;
        const geom::Point p{g.at.x + d * std::cos(a), g.at.y - d * std::sin(a)};
        const Rect b = box_at(p);
        if (!inside(frame, b) || !occ.fits(b, unit)) continue;
        if (d > 0 && !occ.line_free(g.at, exit_point(p, g.at, r, b), at_place)) continue;
        g.px = p;
        return true;
      }
    }
    return false;
  };
  auto take_marker = [&](EventGroup& g) {
    occ.add(marker_box(g, unit));
    if (g.px.x != g.at.x || g.px.y != g.at.y) occ.add_line(g.at, exit_point(g.px, g.at, marker_radius(g, unit), {}));
  };
  std::vector<int> later, hemmed;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].magnified || (only && std::find(only->begin(), only->end(), static_cast<int>(i)) == only->end()))
      continue;
    if (try_place(groups[i], near))
      take_marker(groups[i]);
    else
      later.push_back(static_cast<int>(i));
  }
  for (const int i : later) {
    if (!try_place(groups[i], far)) hemmed.push_back(i);
    take_marker(groups[i]);
  }
  return hemmed;
}

EventBlock event_block(const EventGroup& g, const Style& style, const std::string& lang, double unit, double wrap,
                       const TextMeasurer& measure) {
  EventBlock b{.header = {.text = g.place, .font = {.family = style.font, .size = 11 * unit, .bold = true}}};
  const TextMetrics head = measure.measure(b.header);
  b.header_height = head.height;
  b.width = head.width, b.height = head.height;
  for (std::size_t i = 0; i < g.events.size(); ++i) {
    const data::Event& e = *g.events[i];
    EventItem item{.event = &e,
                   .number = g.numbers[i],
                   .category = e.category,
                   .text = {.text = "<b>" + std::to_string(g.numbers[i]) + "</b>  " +
                                    xml_escape(short_date(e.date, lang)) + " · " + xml_escape(e.title_in(lang)),
                            .font = {.family = style.font, .size = 10.5 * unit},
                            .wrap = wrap,
                            .markup = true}};
    const TextMetrics t = measure.measure(item.text);
    item.height = t.height, item.baseline = t.baseline, item.width = t.width;
    b.width = std::max(b.width, kGutter * unit + t.width);
    b.height += kItemGap * unit + t.height;
    b.items.push_back(std::move(item));
  }
  return b;
}

namespace {
// A box a quarter of the map away from its place reads as another place's: those go to the list.
CalloutContext near_enough(CalloutContext cx) {
  cx.max_leader = 0.25 * std::max(cx.frame.w, cx.frame.h);
  return cx;
}
}  // namespace

std::optional<Callout> place_callout(const std::vector<EventGroup>& groups, int gi, const CalloutContext& outer) {
  const CalloutContext cx = near_enough(outer);
  const EventGroup& g = groups[gi];
  const double u = cx.unit, pad = kPad * u;
  // Wide and short first, then narrower and taller: whichever finds room.
  for (const double wrap : {kWrap, 190.0, 150.0}) {
    Callout c{.group = gi, .block = event_block(g, *cx.style, cx.lang, u, wrap * u, *cx.measure)};
    const double w = c.block.width + 2 * pad, h = c.block.height + 2 * pad;
    const auto spot = best_spot(g.px, marker_radius(g, u), marker_box(g, u), w, h, cx);
    if (!spot) continue;
    take(*spot, cx);
    c.rect = spot->rect;
    c.leader = spot->leader;
    c.score = spot->score;
    return c;
  }
  return std::nullopt;
}

std::optional<Callout> place_closeup(const std::vector<EventGroup>& groups, int gi, const CalloutContext& outer) {
  const CalloutContext cx = near_enough(outer);
  const EventGroup& g = groups[gi];
  const double u = cx.unit, pad = kPad * u;
  // The window: the place, its marker and a margin around them, square.
  const Rect m = marker_box(g, u);
  // The window: the place, its marker and its name with a margin, square; grown until its outline
  // crosses nothing placed outside it.
  Rect core = m.joined(g.name).joined({g.at.x - 4 * u, g.at.y - 4 * u, 8 * u, 8 * u});
  Rect window;
  bool free = false;
  for (const double margin : {10.0, 4.0, 16.0, 24.0, 32.0}) {
    // Square when it can be, else just around what it frames.
    const double half = std::max({24 * u, g.at.x - core.x + margin * u, core.x + core.w - g.at.x + margin * u,
                                  g.at.y - core.y + margin * u, core.y + core.h - g.at.y + margin * u});
    window = Rect{g.at.x - half, g.at.y - half, 2 * half, 2 * half}.clipped(cx.frame);
    if (margin == 4.0) window = core.grown(margin * u).clipped(cx.frame);
    std::vector<Rect> within;
    for (const Rect& b : cx.occ->boxes())
      if (inside(window, b)) within.push_back(b);
    const auto c = corners(window);
    if (cx.occ->line_free(c[0], c[1], within) && cx.occ->line_free(c[1], c[2], within) &&
        cx.occ->line_free(c[2], c[3], within) && cx.occ->line_free(c[3], c[0], within)) {
      free = true;
      break;
    }
  }
  if (!free) return std::nullopt;
  if (window.empty()) return std::nullopt;
  const geom::Point centre{window.x + window.w / 2, window.y + window.h / 2};
  const double largest = std::clamp(std::min(cx.frame.w, cx.frame.h) * 0.22, 90 * u, 170 * u);
  // The largest panel that finds room: the map beside the list, then above it (narrower), the map
  // shrinking, then the text column narrowing.
  struct Variant {
    double map_side, wrap;
    bool above;
  };
  for (const Variant v : {Variant{largest, kWrap, false},
                          {largest * 0.75, kWrap, false},
                          {largest, kWrap, true},
                          {largest * 0.75, 200, true},
                          {largest * 0.6, 170, true}}) {
    Callout c{.group = gi, .block = event_block(g, *cx.style, cx.lang, u, v.wrap * u, *cx.measure), .closeup = true};
    const double map_w = v.above ? std::max(c.block.width, v.map_side) : v.map_side;
    const double map_h = std::min(map_w * window.h / window.w, 1.2 * v.map_side);
    const double head = c.block.header_height + kItemGap * u;
    const double w = v.above ? map_w + 2 * pad : map_w + pad + c.block.width + 2 * pad;
    const double h = v.above ? head + map_h + c.block.height - c.block.header_height + 2 * pad
                             : std::max(map_h + head, c.block.height) + 2 * pad;
    const auto spot = best_spot(centre, 0, window, w, h, cx);
    if (!spot) continue;
    take(*spot, cx);
    c.rect = spot->rect;
    c.leader = spot->leader;
    c.score = spot->score;
    c.window = window;
    c.map_rect = {c.rect.x + pad, c.rect.y + pad + head, map_w, map_h};
    c.list_at = v.above ? geom::Point{c.rect.x + pad, c.map_rect.y + map_h}
                        : geom::Point{c.map_rect.x + map_w + pad, c.rect.y + pad + c.block.header_height};

    // The outline on the map: nothing later may cross it.
    cx.occ->add_outline(window);
    return c;
  }
  return std::nullopt;
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

NumberTag place_number_tag(const std::vector<EventGroup>& groups, int gi, const CalloutContext& cx,
                           const std::vector<NumberTag>& placed) {
  const EventGroup& g = groups[gi];
  const double unit = cx.unit;
  const Rect m = marker_box(g, unit);
  const double gap = 3 * unit;
  // A tag hides little and means little far from its marker: the leader's length counts most;
  // and where the callouts' share of a member is used up (small countries on a world map), it may
  // take more.
  CalloutContext near = cx;
  near.per_px = 0.05;
  CalloutContext relaxed = near;
  relaxed.max_share = 1;
  // Beside the marker, else further off with a leader; in smaller type where neither has room.
  Rect first;
  TextSpec first_spec;
  for (const double size : {10.0, 8.5, 7.5}) {
    const TextSpec spec{.text = number_list(g.numbers),
                        .font = {.family = cx.style->font, .size = size * unit, .bold = true}};
    const TextMetrics t = cx.measure->measure(spec);
    const double w = t.width, h = t.height;
    const Rect candidates[] = {{m.x + m.w + gap, g.px.y - h / 2, w, h},
                               {m.x - gap - w, g.px.y - h / 2, w, h},
                               {g.px.x - w / 2, m.y - gap - h, w, h},
                               {g.px.x - w / 2, m.y + m.h + gap, w, h},
                               {m.x + m.w, m.y - h, w, h},
                               {m.x - w, m.y - h, w, h},
                               {m.x + m.w, m.y + m.h, w, h},
                               {m.x - w, m.y + m.h, w, h}};
    if (first.empty()) first = inside(cx.frame, candidates[0]) ? candidates[0] : candidates[1], first_spec = spec;
    // Two tags with less than a digit's width between them read as one list.
    const auto apart = [&](const Rect& r) {
      const Rect room{r.x - 0.6 * spec.font.size, r.y - 0.15 * spec.font.size, r.w + 1.2 * spec.font.size,
                      r.h + 0.3 * spec.font.size};
      return std::none_of(placed.begin(), placed.end(), [&](const NumberTag& p) { return p.rect.intersects(room); });
    };
    for (const Rect& r : candidates)
      if (inside(cx.frame, r) && cx.occ->fits(r, unit) && apart(r)) {
        cx.occ->add(r);
        return {.group = gi, .rect = r, .spec = spec};
      }
    for (const CalloutContext* c : std::initializer_list<const CalloutContext*>{&near, &relaxed})
      if (const auto spot = best_spot(g.px, marker_radius(g, unit), m, w, h, *c)) {
        take(*spot, cx);
        return {.group = gi, .rect = spot->rect, .spec = spec, .leader = spot->leader};
      }
  }
  // Nowhere at all: beside the marker over whatever is there, since the list means nothing without it.
  cx.occ->add(first);
  return {.group = gi, .rect = first, .spec = first_spec, .forced = true};
}

std::optional<EventList> make_event_list(const std::vector<EventGroup>& groups, const Style& style,
                                         const std::string& lang, double width, double max_height, double unit,
                                         const TextMeasurer& measure, const Rect& taken, double min_px) {
  struct Entry {
    int number;
    const data::Event* event;
    const std::string* place;
  };
  std::vector<Entry> entries;
  for (const auto& g : groups)
    for (std::size_t i = 0; i < g.events.size(); ++i) entries.push_back({g.numbers[i], g.events[i], &g.place});
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.number < b.number; });
  if (entries.empty()) return std::nullopt;
  for (const double size : {10.0, 9.0, 8.0, 7.0, 6.5}) {
    if (size * unit < min_px - 1e-9 && size < 10) break;  // smaller is unreadable: too little room
    const double scale = size / 10;
    const double gutter = kGutter * unit * scale, col_gap = 14 * unit;
    const int columns = std::clamp(static_cast<int>((width + col_gap) / (300 * unit * scale + col_gap)), 1, 4);
    const double col_w = (width - (columns - 1) * col_gap) / columns;
    EventList l;
    std::vector<double> heights;
    for (const auto& e : entries) {
      EventItem item{
          .event = e.event,
          .number = e.number,
          .category = e.event->category,
          .text = {.text = "<b>" + std::to_string(e.number) + "</b>  " + xml_escape(short_date(e.event->date, lang)) +
                           " · <i>" + xml_escape(*e.place) + "</i> · " + xml_escape(e.event->title_in(lang)),
                   .font = {.family = style.font, .size = size * unit},
                   .wrap = col_w - gutter,
                   .markup = true}};
      const TextMetrics t = measure.measure(item.text);
      item.height = t.height, item.baseline = t.baseline, item.width = t.width;
      heights.push_back(t.height + kItemGap * unit * scale);
      l.items.push_back(std::move(item));
    }
    // Where each column starts: below `taken` where they share an x.
    auto top = [&](int col) {
      const double x = col * (col_w + col_gap);
      return !taken.empty() && x < taken.x + taken.w && taken.x < x + col_w ? taken.y + taken.h : 0.0;
    };
    // Column-major, balanced: the shortest height that takes every item in `columns` columns.
    double total = 0;
    for (int c = 0; c < columns; ++c) total += top(c);
    for (const double h : heights) total += h;
    double target = total / columns;
    for (;;) {
      int col = 0;
      double y = top(0), tallest = 0;
      l.slots.clear();
      for (std::size_t i = 0; i < heights.size(); ++i) {
        if (y > top(col) && y + heights[i] > target + 0.5) ++col, y = top(col);
        l.slots.push_back({col * (col_w + col_gap) + gutter, y, col_w - gutter, l.items[i].height});
        y += heights[i];
        tallest = std::max(tallest, y);
      }
      if (col < columns) {
        if (tallest > max_height) break;
        l.rect = {0, 0, width, tallest};
        return l;
      }
      target += heights.front() / 2;
    }
  }
  return std::nullopt;
}

SymbolShape symbol(data::Category c, geom::Point at, double r, const Style& style, double unit) {
  return {.category = c,
          .at = at,
          .r = r,
          .fill = style.text,
          .outline = {.color = style.halo, .width = 1.1 * unit, .round_join = true}};
}

bool any_several(const std::vector<EventGroup>& groups) {
  return std::any_of(groups.begin(), groups.end(), [](const EventGroup& g) { return g.events.size() > 1; });
}

void add_several_mark(std::vector<Shape>& out, geom::Point at, double r, const Style& s, double unit) {
  out.push_back(
      CircleShape{.centre = at, .r = r, .fill = s.text, .outline = Outline{.color = s.halo, .width = 1.4 * unit}});
  const SeveralMark m = several_mark(at, r);
  for (const geom::Point& d : m.dots) out.push_back(CircleShape{.centre = d, .r = m.dot, .fill = s.halo});
}

void add_marker(DisplayList& out, const EventGroup& g, const Style& s, double unit, const TextMeasurer& measure,
                std::uint16_t clip, bool count) {
  Group grp{.part = Part::Marker, .key = g.place, .box = marker_box(g, unit), .clip = clip};
  // Its tooltip: every event it stands for; one event's marker is that event.
  if (g.events.size() == 1) {
    grp.tag = event_tag(*g.events[0], g.numbers[0], 0, 0);
  } else {
    grp.tag = {.id = g.place, .data = {{"place", g.place}, {"events", std::to_string(g.events.size())}}};
    for (std::size_t i = 0; i < g.events.size(); ++i)
      grp.tag.title +=
          (i ? "\n" : "") + std::to_string(g.numbers[i]) + ". " + g.events[i]->date.str() + " " + g.events[i]->title;
  }
  if (g.px.x != g.at.x || g.px.y != g.at.y) {
    // Moved off the place: a tick to it (the capital's own dot marks the spot).
    const geom::Point edge = exit_point(g.px, g.at, marker_radius(g, unit), {});
    grp.shapes.push_back(StrokeShape{.lines = {{g.at, edge}}, .color = s.text, .width = 1.2 * unit});
  }
  if (g.events.size() == 1) {
    grp.shapes.push_back(symbol(g.events[0]->category, g.px, 6.5 * unit, s, unit));
  } else if (!count) {
    add_several_mark(grp.shapes, g.px, 8.5 * unit, s, unit);
  } else {
    grp.shapes.push_back(CircleShape{
        .centre = g.px, .r = 8.5 * unit, .fill = s.text, .outline = Outline{.color = s.halo, .width = 1.4 * unit}});
    const TextSpec n{.text = std::to_string(g.events.size()),
                     .font = {.family = s.font, .size = 10 * unit, .bold = true}};
    const TextMetrics t = measure.measure(n);
    grp.shapes.push_back(
        TextShape{.spec = n, .box = {g.px.x - t.width / 2, g.px.y - t.height / 2, t.width, t.height}, .color = s.halo});
  }
  out.add(std::move(grp));
}

void add_leader(DisplayList& out, const Callout& c, const std::string& place, const Style& s, double unit,
                std::uint16_t clip) {
  const geom::Point from = c.leader.front(), to = c.leader.back();
  Group g{.part = Part::Leader,
          .key = place,
          .box = Rect{std::min(from.x, to.x), std::min(from.y, to.y), std::abs(to.x - from.x), std::abs(to.y - from.y)},
          .clip = clip};
  g.shapes.push_back(StrokeShape{.lines = {c.leader}, .color = s.text, .width = 1 * unit});
  if (c.closeup)
    g.shapes.push_back(RectShape{.rect = c.window, .outline = Outline{.color = s.text, .width = 1.2 * unit}});
  out.add(std::move(g));
}

namespace {
void add_items(Group& g, const EventBlock& b, double x, double y, double w, const Style& s, double unit) {
  for (const auto& it : b.items) {
    y += kItemGap * unit;
    if (it.event) g.items.push_back(event_tag(*it.event, it.number, g.shapes.size(), 2));
    g.shapes.emplace_back(symbol(it.category, {x + 5 * unit, y + it.baseline - 3.5 * unit}, 4.5 * unit, s, unit));
    g.shapes.emplace_back(
        TextShape{.spec = it.text, .box = {x + kGutter * unit, y, w - kGutter * unit, it.height}, .color = s.text});
    y += it.height;
  }
}
}  // namespace

void add_callout(DisplayList& out, const Callout& c, const EventGroup& eg, const Style& s, double unit,
                 const TextMeasurer& measure, std::uint16_t clip, const proj::Scene* scene, const Symbolization* sym,
                 const ViewTransform* closeup_view) {
  const int index = static_cast<int>(out.groups.size());
  Group g{.part = c.closeup ? Part::Closeup : Part::Callout, .key = eg.place, .box = c.rect, .clip = clip};
  g.shapes.push_back(
      RectShape{.rect = c.rect, .fill = s.panel, .outline = Outline{.color = s.frame, .width = 0.75 * unit}});
  const double pad = kPad * unit;
  const double x = c.rect.x + pad, inner_w = c.rect.w - 2 * pad;
  g.shapes.push_back(
      TextShape{.spec = c.block.header, .box = {x, c.rect.y + pad, inner_w, c.block.header_height}, .color = s.text});
  if (!c.closeup) {
    add_items(g, c.block, x, c.rect.y + pad + c.block.header_height, inner_w, s, unit);
    out.add(std::move(g));
    return;
  }
  add_items(g, c.block, c.list_at.x, c.list_at.y, c.rect.x + c.rect.w - pad - c.list_at.x, s, unit);
  out.add(std::move(g));
  // The magnified map, its place and marker drawn at their own size.
  if (scene && sym && closeup_view) {
    add_map(out, {.scene = scene, .sym = sym, .style = &s, .view = *closeup_view, .unit = unit});
    const std::uint16_t inner = out.add_clip(c.map_rect);
    const double k = c.map_rect.w / c.window.w;
    const geom::Point at{c.map_rect.x + (eg.at.x - c.window.x) * k, c.map_rect.y + (eg.at.y - c.window.y) * k};
    EventGroup shown = eg;
    shown.at = at;
    shown.px = at;
    Group place{.part = Part::Capital, .key = eg.place, .clip = inner};
    place.shapes.push_back(CircleShape{
        .centre = at, .r = 3.2 * unit, .fill = s.text, .outline = Outline{.color = s.halo, .width = 1.2 * unit}});
    const TextSpec name{.text = eg.place, .font = {.family = s.font, .size = 10.5 * unit, .bold = true}};
    const TextMetrics t = measure.measure(name);
    const double r = marker_radius(eg, unit);
    shown.px = {at.x, at.y - r - 8 * unit};  // the marker above the place, the name below
    place.shapes.push_back(TextShape{.spec = name,
                                     .box = {at.x - t.width / 2, at.y + 6 * unit, t.width, t.height},
                                     .color = s.text,
                                     .halo = Halo{.color = s.halo, .width = 1.6 * unit}});
    place.box = Rect{at.x - t.width / 2, at.y + 6 * unit, t.width, t.height}.joined(
        {at.x - 3.2 * unit, at.y - 3.2 * unit, 6.4 * unit, 6.4 * unit});
    out.add(std::move(place));
    add_marker(out, shown, s, unit, measure, inner);
    for (auto i = static_cast<std::size_t>(index) + 1; i < out.groups.size(); ++i) out.groups[i].parent = index;
  }
}

void add_number_tag(DisplayList& out, const NumberTag& t, const Style& s, double unit, std::uint16_t clip) {
  Group g{.part = Part::EventNumbers, .key = t.spec.text, .box = t.rect, .clip = clip};
  if (!t.leader.empty()) g.shapes.emplace_back(StrokeShape{.lines = {t.leader}, .color = s.text, .width = 1 * unit});
  g.shapes.emplace_back(
      TextShape{.spec = t.spec, .box = t.rect, .color = s.text, .halo = Halo{.color = s.halo, .width = 1.8 * unit}});
  out.add(std::move(g));
}

void add_event_list(DisplayList& out, const EventList& l, const Style& s, double unit) {
  Group g{.part = Part::EventList, .key = "events", .box = l.rect};
  for (std::size_t i = 0; i < l.items.size(); ++i) {
    const EventItem& it = l.items[i];
    const Rect& slot = l.slots[i];
    if (it.event) g.items.push_back(event_tag(*it.event, it.number, g.shapes.size(), 2));
    const double scale = it.text.font.size / (10 * unit);
    g.shapes.push_back(symbol(
        it.category, {slot.x - kGutter * unit * scale + 5 * unit * scale, slot.y + it.baseline - 3.5 * unit * scale},
        4.5 * unit * scale, s, unit));
    g.shapes.push_back(TextShape{.spec = it.text, .box = slot, .color = s.text});
  }
  out.add(std::move(g));
}

}  // namespace sahelmap::render
