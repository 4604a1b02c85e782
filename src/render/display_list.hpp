#pragma once
// The display list: what goes where, decided once by placement (render/placement/) without a
// surface, in pixels, and drawn by any back-end (render/cairo_painter.hpp for PNG and PDF) into
// any frame: a poster band, a tile, a panel. Groups are drawn in order; each says what it stands
// for (a country, a name, a callout), where it was placed (`box`, what --debug-layout reports)
// and everything its shapes may touch (`ink`, what a band or a tile uses to skip it).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "data/events.hpp"
#include "geom/geometry.hpp"
#include "render/color.hpp"
#include "render/text_spec.hpp"
#include "render/view.hpp"

namespace sahelmap::render {

/// 45-degree stripes over a shape, anchored to the surface's origin so neighbours' stripes line up.
struct Hatch {
  Color color;
  double width = 3, spacing = 9;
};
struct Outline {
  Color color;
  double width = 1;
  bool round_join = false;
};
struct Halo {
  Color color;
  double width = 1.5;  // beyond the glyphs' edges
};

/// Filled polygons (closed rings): countries, the sea, the north arrow.
struct FillShape {
  std::vector<geom::Polygon> polygons;
  Color color;
  std::optional<Hatch> hatch;
  std::optional<Outline> outline;
  bool nonzero = false;  // winding rule (the sea's pieces may touch); else even-odd
};
/// Open (or closed) lines: borders, leader lines, the locator's outline.
struct StrokeShape {
  geom::MultiLine lines;
  Color color;
  double width = 1;
  bool round = false;   // round caps and joins (borders), else butt caps and miter joins
  bool closed = false;  // each line is closed back to its start
};
struct RectShape {
  Rect rect;
  std::optional<Color> fill;
  std::optional<Hatch> hatch;
  std::optional<Outline> outline;
};
struct CircleShape {
  geom::Point centre;
  double r = 1;
  Color fill;
  std::optional<Outline> outline;
};
/// An event category's symbol centred on `at`.
struct SymbolShape {
  data::Category category;
  geom::Point at;
  double r = 1;
  Color fill;
  Outline outline;
};
/// Laid-out text; `box` is its logical box as measured (top-left is where it is drawn).
struct TextShape {
  TextSpec spec;
  Rect box;
  Color color;
  std::optional<Halo> halo;
};
using Shape = std::variant<FillShape, StrokeShape, RectShape, CircleShape, SymbolShape, TextShape>;

/// What a group stands for; its layer in layered outputs, its kind in --debug-layout.
enum class Part : std::uint8_t {
  Page,
  Space,  // outside the projection's world
  Sea,
  Country,
  Borders,
  Frame,
  Label,  // a country's name
  Capital,
  Callout,
  Leader,   // a callout's or a close-up's line to its place
  Closeup,  // a dense place magnified, with its events
  Marker,
  EventNumbers,
  EventList,   // every event's words below the map, keyed to the markers' numbers
  Partner,     // an outside partner off the map: an arrow on the frame's edge
  PartnerArc,  // on a world map: great-circle arcs from a partner to the AES capitals
  Legend,
  Inset,
  ScaleBar,
  NorthArrow,
  Title,
  Subtitle,
  Footnote,
};
/// "country", "label", "scale_bar", ...
const char* part_name(Part p);

/// What layered outputs (SVG, the web embed) say about a group or about a run of its shapes (one
/// event in a callout): a tooltip and data-* attributes. The raster painter ignores it.
struct Tag {
  std::string id;                                         // what it is, for the element's id: an event's id
  std::string title;                                      // a tooltip
  std::vector<std::pair<std::string, std::string>> data;  // data-<name>="value"
  std::size_t first = 0, count = 0;                       // items: the shapes it covers
};

struct Group {
  Part part = Part::Page;
  std::string key;         // country code, the text of a name, the place of an event group, ...
  Rect box;                // as placed
  Rect ink;                // all its shapes may touch within its clip: box, halos, strokes, dots
  Rect reach;              // the same before the clip: geometry reaching beyond a painted window is cut first
  std::uint16_t clip = 0;  // index into DisplayList::clips; 0: none
  std::vector<Shape> shapes;
  int parent = -1;         // index of the group this one is part of (the locator's map is part of the inset)
  Tag tag;                 // the group's own (a country's bloc and role; an event marker's events)
  std::vector<Tag> items;  // runs of shapes that stand for one thing each (an event in a list)
};

/// What a shape may touch, in pixels.
Rect ink_of(const Shape& s);

struct DisplayList {
  double width = 0, height = 0;     // the surface it was made for
  std::vector<Rect> clips{Rect{}};  // clips[0] is "no clip"
  std::vector<Group> groups;

  /// A clip rectangle for groups to refer to.
  std::uint16_t add_clip(const Rect& r);
  /// Appends `g`, its ink computed from its shapes (and its box, when it has none, the ink).
  /// @returns the group, until the next add.
  Group& add(Group g);
  /// Appends every group of `other` moved by (dx, dy), with its clips (a panel of a sheet).
  void append(const DisplayList& other, double dx, double dy);
};

}  // namespace sahelmap::render
