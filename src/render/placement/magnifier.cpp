#include "render/placement/magnifier.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "render/placement/cover_grid.hpp"
#include "render/placement/spot.hpp"

namespace sahelmap::render {

namespace {

double distance(geom::Point a, geom::Point b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

// True when one of the window's edges crosses `b` (a box wholly inside or outside it does not).
bool outline_crosses(const Rect& w, const Rect& b) {
  const auto c = corners(w);
  for (int i = 0; i < 4; ++i)
    if (segment_meets(c[i], c[(i + 1) % 4], b)) return true;
  return false;
}

}  // namespace

std::vector<int> crowded_groups(const std::vector<EventGroup>& groups, double unit, double spacing) {
  // Single linkage: a place joins a crowd when it lies within `spacing` of any of its places.
  const std::size_t n = groups.size();
  std::vector<int> crowd_of(n, -1);
  int crowds = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (crowd_of[i] >= 0) continue;
    crowd_of[i] = crowds;
    std::vector<std::size_t> todo{i};
    while (!todo.empty()) {
      const std::size_t a = todo.back();
      todo.pop_back();
      for (std::size_t b = 0; b < n; ++b)
        if (crowd_of[b] < 0 && distance(groups[a].at, groups[b].at) < spacing * unit) {
          crowd_of[b] = crowds;
          todo.push_back(b);
        }
    }
    ++crowds;
  }
  std::vector<int> best;
  for (int c = 0; c < crowds; ++c) {
    std::vector<int> members;
    for (std::size_t i = 0; i < n; ++i)
      if (crowd_of[i] == c) members.push_back(static_cast<int>(i));
    if (members.size() >= 2 && members.size() > best.size()) best = members;
  }
  return best;
}

std::optional<Magnifier> place_magnifier(const std::vector<EventGroup>& groups, std::vector<int> crowd,
                                         const std::vector<geom::Point>& near, const std::vector<Rect>& keep_clear,
                                         const CalloutContext& cx) {
  if (crowd.empty()) return std::nullopt;
  const double u = cx.unit;
  double closest = std::numeric_limits<double>::infinity();
  for (const int a : crowd)
    for (const int b : crowd)
      if (a != b) closest = std::min(closest, distance(groups[a].at, groups[b].at));
  // Enough to give the closest two places room for their markers, names and numbers between
  // them, and to keep a margin inside the panel for those of the outermost ones; less where the
  // page has no room for that.
  const double wanted = std::clamp(64 * u / std::max(closest, 1e-6), 2.0, 8.0);
  const double margin = 48 * u, pad = 3 * u;
  Occupancy probe = *cx.occ;
  for (const Rect& r : keep_clear) probe.add(r);
  CalloutContext pcx = cx;
  pcx.occ = &probe;
  pcx.reach = 1e9;
  pcx.share_cost = 0;  // what the close-up lies over of a member, it shows again, larger
  // Every enlargement from the wanted one down to twice, each at its best spot; kept: the one
  // that hides least, halving the enlargement weighing as much as moving from sea onto land (a
  // world map's panel over the Indian Ocean rather than over Europe and the Middle East).
  std::optional<Magnifier> best;
  double best_score = 0;
  for (double zoom = wanted; zoom >= 2; zoom = zoom > 2 ? std::max(2.0, zoom * 0.85) : 0) {
    // The crowd's places and the points near them; then every place inside the window joins it
    // (a marker beside the outline would have no room), which may grow it again.
    std::vector<int> shown = crowd;
    Rect core;
    for (const int a : shown) core = core.joined({groups[a].at.x - 0.5, groups[a].at.y - 0.5, 1, 1});
    Rect window;
    for (int round = 0; round < 6; ++round) {
      window = core.grown(margin / zoom).clipped(cx.frame);
      const Rect reach = window.grown(16 * u);
      const auto within = [&](geom::Point p) {
        return p.x >= reach.x && p.x <= reach.x + reach.w && p.y >= reach.y && p.y <= reach.y + reach.h;
      };
      bool joined = false;
      for (const geom::Point p : near)
        if (within(p) && !inside(core, {p.x, p.y, 0, 0}))
          core = core.joined({p.x - 0.5, p.y - 0.5, 1, 1}), joined = true;
      for (std::size_t gi = 0; gi < groups.size(); ++gi)
        if (std::find(shown.begin(), shown.end(), static_cast<int>(gi)) == shown.end() && within(groups[gi].at)) {
          shown.push_back(static_cast<int>(gi));
          core = core.joined({groups[gi].at.x - 0.5, groups[gi].at.y - 0.5, 1, 1});
          joined = true;
        }
      if (!joined) break;
    }
    // Grown around what its outline would cut through (a name half in, half out).
    for (int i = 0; i < 6; ++i) {
      bool grown = false;
      for (const Rect& b : cx.occ->boxes())
        if (outline_crosses(window, b)) window = window.joined(b.grown(2 * u)).clipped(cx.frame), grown = true;
      if (!grown) break;
    }
    if (window.empty()) continue;
    const double w = window.w * zoom, h = window.h * zoom;
    if (w > 0.75 * cx.frame.w || h > 0.8 * cx.frame.h) continue;
    const geom::Point centre{window.x + window.w / 2, window.y + window.h / 2};
    const auto spot = best_spot(centre, 0, window, w + 2 * pad, h + 2 * pad, pcx);
    if (!spot) continue;
    const double score = spot->score + std::log2(wanted / zoom);
    if (best && score >= best_score) continue;
    std::sort(shown.begin(), shown.end());
    std::string key;
    for (const int gi : shown) key += (key.empty() ? "" : ", ") + groups[gi].place;
    best = Magnifier{
        .groups = shown, .key = key, .window = window, .rect = spot->rect, .zoom = zoom, .leader = spot->leader};
    best->map_rect = {best->rect.x + pad, best->rect.y + pad, w, h};
    best_score = score;
  }
  if (best) {
    take(Spot{.rect = best->rect, .leader = best->leader}, cx);
    cx.occ->add_outline(best->window);
  }
  return best;
}

ViewTransform magnifier_view(const Magnifier& m, const ViewTransform& main) {
  const geom::Point a = main.to_map({m.window.x, m.window.y + m.window.h});
  const geom::Point b = main.to_map({m.window.x + m.window.w, m.window.y});
  return ViewTransform({a.x, a.y, b.x, b.y}, m.map_rect);
}

MagnifierContent place_magnifier_content(const Magnifier& m, const std::vector<EventGroup>& groups,
                                         const MagnifierInputs& in, const CalloutContext& cx) {
  const LabelContext& lx = *in.inner;
  const double u = lx.unit;
  const std::vector<std::string>& named = *in.always_named;
  // As on the main map: the members' names, the capitals that must be named, then the markers.
  // Where a marker finds no room, the markers go before the countries' names, then smaller.
  struct Variant {
    bool names_first;
    double marker_scale;
    double reach = 38;  // a marker far from its place in a map this small seems to belong to another
  };
  // The capitals that must be named whose dots are in the panel.
  std::size_t must_name = 0;
  if (in.places)
    for (const auto& p : *in.places)
      if (p.kind == "capital" && std::find(named.begin(), named.end(), p.country) != named.end()) {
        const geom::Point m0 = in.projection->forward(p.lonlat);
        const geom::Point px = lx.view->to_px(m0);
        if (std::isfinite(m0.x) && inside(m.map_rect.grown(-4 * u), {px.x, px.y, 0, 0})) ++must_name;
      }
  MagnifierContent c;
  for (const Variant v : {Variant{true, 1}, {false, 1}, {false, 0.8}, {false, 0.65}, {false, 0.65, 120}}) {
    c = MagnifierContent{.marker_unit = u * v.marker_scale};
    Occupancy occ;
    if (in.places) reserve_capital_dots(lx, *in.places, *in.projection, named, occ);
    if (v.names_first)
      for (auto& l : place_country_labels(lx, in.order->members, occ)) c.labels.push_back(std::move(l));
    std::size_t named_placed = 0;
    if (in.places)
      for (auto& l : place_capitals(lx, *in.places, *in.projection, named, occ, Capitals::Members))
        c.labels.push_back(std::move(l)), ++named_placed;
    const bool last = v.reach > 38;
    if (named_placed < must_name && !last) continue;
    for (const int gi : m.groups) {
      EventGroup g = groups[gi];
      g.at = g.px = lx.view->to_px(in.main->to_map(g.at));
      g.name = {};
      g.magnified = false;
      for (const Label& l : c.labels)
        if (distance(l.dot, g.at) < 3 * u) g.name = l.rect;
      c.groups.push_back(std::move(g));
    }
    if (!place_markers(c.groups, m.map_rect, c.marker_unit, occ, nullptr, v.reach).empty() && !last) continue;
    if (in.numbers) {
      CoverGrid grid(*lx.scene, *lx.view, *lx.sym, 6 * u);
      // All of them or none: where one finds no room, the places' names key the markers to the
      // list (each of its lines names its place) and half a set of numbers would only confuse.
      Occupancy with_tags = occ;
      CalloutContext tx = cx;
      tx.frame = m.map_rect, tx.occ = &with_tags, tx.grid = &grid, tx.unit = c.marker_unit;
      for (std::size_t i = 0; i < c.groups.size(); ++i)
        c.tags.push_back(place_number_tag(c.groups, static_cast<int>(i), tx, c.tags));
      // A number far from its marker, its leader across the panel, keys nothing at a glance.
      const auto astray = [&](const NumberTag& t) { return t.forced || geom::length(t.leader) > 40 * c.marker_unit; };
      if (std::any_of(c.tags.begin(), c.tags.end(), astray))
        c.tags.clear();
      else
        occ = std::move(with_tags);
    }
    if (!v.names_first)
      for (auto& l : place_country_labels(lx, in.order->members, occ)) c.labels.push_back(std::move(l));
    for (auto& l : place_country_labels(lx, in.order->large, occ)) c.labels.push_back(std::move(l));
    if (in.places)
      for (auto& l : place_capitals(lx, *in.places, *in.projection, named, occ, Capitals::Others))
        c.labels.push_back(std::move(l));
    for (auto& l : place_country_labels(lx, in.order->small, occ)) c.labels.push_back(std::move(l));
    break;
  }
  return c;
}

void add_magnifier(DisplayList& out, const Magnifier& m, const MagnifierContent& c, const MapLayers& map,
                   const Style& s, double unit, const TextMeasurer& measure, std::uint16_t clip) {
  const geom::Point from = m.leader.front(), to = m.leader.back();
  Group lead{
      .part = Part::Leader,
      .key = m.key,
      .box = Rect{std::min(from.x, to.x), std::min(from.y, to.y), std::abs(to.x - from.x), std::abs(to.y - from.y)},
      .clip = clip};
  lead.shapes.push_back(StrokeShape{.lines = {m.leader}, .color = s.text, .width = 1 * unit});
  lead.shapes.push_back(RectShape{.rect = m.window, .outline = Outline{.color = s.text, .width = 1.2 * unit}});
  out.add(std::move(lead));
  const int index = static_cast<int>(out.groups.size());
  Group panel{.part = Part::Closeup, .key = m.key, .box = m.rect, .clip = clip};
  panel.shapes.push_back(
      RectShape{.rect = m.rect, .fill = s.panel, .outline = Outline{.color = s.frame, .width = 0.75 * unit}});
  out.add(std::move(panel));
  add_map(out, map);
  const std::uint16_t inner = out.add_clip(m.map_rect);
  for (const Label& l : c.labels) add_label(out, l, unit, inner);
  for (const EventGroup& g : c.groups) add_marker(out, g, s, c.marker_unit, measure, inner);
  for (const NumberTag& t : c.tags) add_number_tag(out, t, s, c.marker_unit, inner);
  for (auto i = static_cast<std::size_t>(index) + 1; i < out.groups.size(); ++i) out.groups[i].parent = index;
}

}  // namespace sahelmap::render
