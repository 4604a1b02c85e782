#include "render/display_list.hpp"

#include <cmath>

namespace sahelmap::render {

const char* part_name(Part p) {
  switch (p) {
    case Part::Page:
      return "page";
    case Part::Space:
      return "space";
    case Part::Sea:
      return "sea";
    case Part::Country:
      return "country";
    case Part::Borders:
      return "borders";
    case Part::Frame:
      return "frame";
    case Part::Label:
      return "label";
    case Part::Capital:
      return "capital";
    case Part::Callout:
      return "callout";
    case Part::Leader:
      return "leader";
    case Part::Closeup:
      return "closeup";
    case Part::Marker:
      return "marker";
    case Part::EventList:
      return "event_list";
    case Part::Partner:
      return "partner";
    case Part::PartnerArc:
      return "partner_arc";
    case Part::EventNumbers:
      return "event_numbers";
    case Part::Legend:
      return "legend";
    case Part::Inset:
      return "inset";
    case Part::ScaleBar:
      return "scale_bar";
    case Part::NorthArrow:
      return "north_arrow";
    case Part::Title:
      return "title";
    case Part::Subtitle:
      return "subtitle";
    case Part::Footnote:
      return "footnote";
  }
  return "?";
}

namespace {
Rect of_box(const geom::Box& b) {
  return b.valid() ? Rect{b.minx, b.miny, b.maxx - b.minx, b.maxy - b.miny} : Rect{};
}
template <class Points>
void extend(geom::Box& b, const Points& pts) {
  for (const auto& p : pts) b.expand(p);
}
}  // namespace

Rect ink_of(const Shape& shape) {
  return std::visit(
      [](const auto& s) -> Rect {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, FillShape>) {
          geom::Box b;
          for (const auto& p : s.polygons)
            for (const auto& r : p.rings) extend(b, r);
          // A miter join reaches out up to ten times half the width: a generous margin.
          return of_box(b).grown(s.outline ? 5 * s.outline->width : 0);
        } else if constexpr (std::is_same_v<T, StrokeShape>) {
          geom::Box b;
          for (const auto& l : s.lines) extend(b, l);
          return of_box(b).grown(s.round ? s.width / 2 + 1 : 5 * s.width);
        } else if constexpr (std::is_same_v<T, RectShape>) {
          return s.rect.grown(s.outline ? s.outline->width : 0);
        } else if constexpr (std::is_same_v<T, CircleShape>) {
          const double r = s.r + (s.outline ? s.outline->width : 0);
          return {s.centre.x - r, s.centre.y - r, 2 * r, 2 * r};
        } else if constexpr (std::is_same_v<T, SymbolShape>) {
          const double r = s.r + 2 * s.outline.width;
          return {s.at.x - r, s.at.y - r, 2 * r, 2 * r};
        } else {
          // Glyphs may overhang their logical box (italics, accents): a quarter of the size more.
          return s.box.grown((s.halo ? s.halo->width : 0) + 0.25 * s.spec.font.size + 1);
        }
      },
      shape);
}

std::uint16_t DisplayList::add_clip(const Rect& r) {
  for (std::size_t i = 1; i < clips.size(); ++i)
    if (clips[i] == r) return static_cast<std::uint16_t>(i);
  clips.push_back(r);
  return static_cast<std::uint16_t>(clips.size() - 1);
}

Group& DisplayList::add(Group g) {
  Rect ink;
  for (const auto& s : g.shapes) ink = ink.joined(ink_of(s));
  g.ink = g.reach = ink.joined(g.box);
  if (g.clip) g.ink = g.ink.clipped(clips[g.clip]);  // nothing shows outside the clip
  if (g.box.empty()) g.box = g.ink;
  groups.push_back(std::move(g));
  return groups.back();
}

namespace {

Rect moved(Rect r, double dx, double dy) {
  return {r.x + dx, r.y + dy, r.w, r.h};
}
void move(std::vector<geom::Point>& pts, double dx, double dy) {
  for (auto& p : pts) p.x += dx, p.y += dy;
}

struct Mover {
  double dx, dy;
  void operator()(FillShape& s) const {
    for (auto& p : s.polygons)
      for (auto& r : p.rings) move(r, dx, dy);
  }
  void operator()(StrokeShape& s) const {
    for (auto& l : s.lines) move(l, dx, dy);
  }
  void operator()(RectShape& s) const { s.rect = moved(s.rect, dx, dy); }
  void operator()(CircleShape& s) const { s.centre.x += dx, s.centre.y += dy; }
  void operator()(SymbolShape& s) const { s.at.x += dx, s.at.y += dy; }
  void operator()(TextShape& s) const { s.box = moved(s.box, dx, dy); }
};

}  // namespace

void DisplayList::append(const DisplayList& other, double dx, double dy) {
  std::vector<std::uint16_t> clip_of(other.clips.size(), 0);
  for (std::size_t i = 1; i < other.clips.size(); ++i) clip_of[i] = add_clip(moved(other.clips[i], dx, dy));
  const int base = static_cast<int>(groups.size());
  const Mover mover{dx, dy};
  for (const Group& g : other.groups) {
    Group& c = groups.emplace_back(g);
    c.box = moved(g.box, dx, dy), c.ink = moved(g.ink, dx, dy), c.reach = moved(g.reach, dx, dy);
    c.clip = clip_of[g.clip];
    if (g.parent >= 0) c.parent = g.parent + base;
    for (Shape& s : c.shapes) std::visit(mover, s);
  }
}

}  // namespace sahelmap::render
