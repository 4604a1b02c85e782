#pragma once
// Event markers and their words. Events are grouped by the place where they happened; each group
// gets a marker (moved off its capital's dot and name when they would collide) and its events'
// text in one of three ways, decided here and reported as `shown_as`:
//   - a callout beside it, where one fits without hiding much of a bloc member, with a leader
//     line (straight or one elbow) that crosses nothing;
//   - a close-up: the place magnified in a panel with its events, linked to an outline on the map,
//     for a place with many events or no room for a callout;
//   - a list strip below the map keyed to numbers beside the markers, when the map has no room.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/events.hpp"
#include "proj/projection.hpp"
#include "proj/scene.hpp"
#include "render/display_list.hpp"
#include "render/placement/cover_grid.hpp"
#include "render/placement/occupancy.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct EventGroup {
  std::string place;                       // the heading: where they happened
  geom::Point at;                          // that place on the canvas
  geom::Point px;                          // the marker's centre: `at`, or moved off a capital's name
  Rect name;                               // the place's own name on the map, when it has one
  std::vector<const data::Event*> events;  // oldest first
  std::vector<int> numbers;                // footnote numbers, parallel to events
  bool magnified = false;                  // shown in a magnifier panel, not on this map
};

/// Groups events that share a place name or lie within `km` of each other (great-circle), and
/// numbers them in date order from 1. Events outside the frame or the projection are left out.
std::vector<EventGroup> group_events(const std::vector<data::Event>& events, const proj::Projection& projection,
                                     const ViewTransform& view, double km = 25);

/// The countries whose capitals are named whatever it takes where the map is crowded: `first`
/// (the bloc the map is about) and those whose capital is where events happened (Abuja), so that
/// no marker hides a capital's dot and name.
std::vector<std::string> capitals_to_name(std::vector<std::string> first, const std::vector<EventGroup>& groups,
                                          const std::vector<data::Place>& places);

double marker_radius(const EventGroup& g, double unit);
/// The marker's box (for occupancy).
Rect marker_box(const EventGroup& g, double unit);

/// Puts each marker on its place when nothing is there, else just beside it (a capital's dot and
/// name stay visible), joined to the place by a short tick; marks them in `occ`. Magnified groups
/// have no marker here.
/// `only`: just these groups; `reach`: how far (CSS px beyond its radius) a marker may go.
/// @returns the groups whose marker found no free spot (left on their place, over what is there).
std::vector<int> place_markers(std::vector<EventGroup>& groups, const Rect& frame, double unit, Occupancy& occ,
                               const std::vector<int>* only = nullptr, double reach = 120);

/// One event's line: "n  date · title" (Pango markup), measured.
struct EventItem {
  const data::Event* event = nullptr;
  int number = 0;
  data::Category category{};
  TextSpec text;
  double height = 0, baseline = 0, width = 0;
};
/// A place's heading and its events, as a callout or a close-up shows them.
struct EventBlock {
  TextSpec header;
  double header_height = 0;
  std::vector<EventItem> items;
  double width = 0, height = 0;  // the text's
};
EventBlock event_block(const EventGroup& g, const Style& style, const std::string& lang, double unit, double wrap,
                       const TextMeasurer& measure);

struct CalloutContext {
  const Style* style = nullptr;
  std::string lang;
  Rect frame;
  double unit = 1;
  const TextMeasurer* measure = nullptr;
  CoverGrid* grid = nullptr;
  Occupancy* occ = nullptr;
  double max_share = 0.1;  // of any bloc member's visible area hidden by callouts and panels
  // Lines a box should leave in view (a world map's partner arcs, one MultiLine per partner):
  // each one a box hides costs it as much as moving from sea onto land.
  const std::vector<geom::MultiLine>* arcs = nullptr;
  // A spot's score: the mean cost of what it hides (0 sea .. 4 a member) plus this per CSS px of
  // leader line (125 px of line weigh as much as moving from sea onto land).
  double per_px = 0.008;
  // Beyond this many CSS px a leader's cost grows with its square (a callout far from its place
  // seems to belong to another); a magnifier, framed and outlined, is not mistaken so.
  double reach = 100;
  double max_leader = 0;  // px; 0: any length
  // Below the cap, each share of a bloc member one box hides costs this much more (a tenth of a
  // member: 1.0 at 10): the mean cost alone lets a box of ten events lie a sixth over Nigeria for
  // a shorter leader, since a large box's mean barely moves.
  double share_cost = 10;
};

struct Callout {
  int group = -1;
  Rect rect;                        // the box
  std::vector<geom::Point> leader;  // from the marker (or the close-up's outline) to the box
  EventBlock block;
  // A close-up: the window of the main map magnified into `map_rect`, inside `rect`.
  bool closeup = false;
  Rect window, map_rect;
  geom::Point list_at;  // where its list of events starts
  double score = 0;     // its spot's: what it hides and how long its leader is
};

/// A callout for group `gi` at the best free spot near its marker, or nothing.
std::optional<Callout> place_callout(const std::vector<EventGroup>& groups, int gi, const CalloutContext& cx);
/// A close-up panel for group `gi`, or nothing when there is no room.
std::optional<Callout> place_closeup(const std::vector<EventGroup>& groups, int gi, const CalloutContext& cx);

/// Numbers beside a marker ("7, 9, 11–18") keying it to the list strip; where no side of the
/// marker is free, further off with a leader line; forced beside it only when there is no room at
/// all, since the list means nothing without them. A side that would set them just after the
/// tags placed before (`placed`) is passed over: "5 21" reads as one list.
struct NumberTag {
  int group = -1;
  Rect rect;
  TextSpec spec;
  std::vector<geom::Point> leader;  // empty: beside the marker
  bool forced = false;              // over whatever was there: no room at all
};
NumberTag place_number_tag(const std::vector<EventGroup>& groups, int gi, const CalloutContext& cx,
                           const std::vector<NumberTag>& placed = {});
/// "7, 9, 11–18"
std::string number_list(const std::vector<int>& numbers);

/// Every event's words in columns below the map, keyed to the markers' numbers.
struct EventList {
  Rect rect;
  std::vector<EventItem> items;
  std::vector<Rect> slots;  // where each item's text goes (its symbol to the left)
};
/// The list laid out `width` wide at the largest size that keeps it within `max_height`; nothing
/// when it does not fit even at the smallest. Columns under `taken` (from the list's top left: the
/// legend's column reaching down beside it) start below it.
std::optional<EventList> make_event_list(const std::vector<EventGroup>& groups, const Style& style,
                                         const std::string& lang, double width, double max_height, double unit,
                                         const TextMeasurer& measure, const Rect& taken = {}, double min_px = 0);

/// A marker: the category's symbol; for several events a disc with three dots ("several"), or
/// with `count`, their count: only where no event is numbered (tiles), since beside callouts and
/// lists keyed by numbers a count reads as an event's number (Bamako's four events under "4", the
/// number of Ouagadougou's coup).
void add_marker(DisplayList& out, const EventGroup& g, const Style& style, double unit, const TextMeasurer& measure,
                std::uint16_t clip, bool count = false);
/// Whether any marker stands for several events (the legend then names its mark).
bool any_several(const std::vector<EventGroup>& groups);
/// The "several events" mark of markers and the legend: a disc of radius `r` with three dots.
void add_several_mark(std::vector<Shape>& out, geom::Point at, double r, const Style& style, double unit);
void add_leader(DisplayList& out, const Callout& c, const std::string& place, const Style& style, double unit,
                std::uint16_t clip);
/// A callout's box and text; a close-up's also its map (`scene` projected for `c.window`).
void add_callout(DisplayList& out, const Callout& c, const EventGroup& g, const Style& style, double unit,
                 const TextMeasurer& measure, std::uint16_t clip, const proj::Scene* scene = nullptr,
                 const Symbolization* sym = nullptr, const ViewTransform* closeup_view = nullptr);
void add_number_tag(DisplayList& out, const NumberTag& t, const Style& style, double unit, std::uint16_t clip);
void add_event_list(DisplayList& out, const EventList& l, const Style& style, double unit);
/// A category's symbol shape (markers, callouts and the legend draw the same one).
SymbolShape symbol(data::Category c, geom::Point at, double r, const Style& style, double unit);

}  // namespace sahelmap::render
