#pragma once
// Event markers (a symbol per category; events at one place grouped under one numbered marker)
// and their callouts, placed around the marker where nothing else is, with a leader line.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "data/events.hpp"
#include "proj/projection.hpp"
#include "render/display_list.hpp"
#include "render/placement/occupancy.hpp"
#include "render/style.hpp"

namespace sahelmap::render {

struct EventGroup {
  std::string place;
  geom::Point px;                          // marker position on the canvas
  std::vector<const data::Event*> events;  // oldest first
  std::vector<int> numbers;                // footnote numbers, parallel to events
};

/// Groups events within `radius` pixels of each other; numbers events in date order from 1.
/// Events outside the frame or the projection are left out.
std::vector<EventGroup> group_events(const std::vector<data::Event>& events, const proj::Projection& projection,
                                     const ViewTransform& view, double radius);

/// The marker's box (for occupancy).
Rect marker_box(const EventGroup& g, double unit);

struct Callout {
  int group = -1;
  Rect rect;
  geom::Point leader_from, leader_to;
  TextSpec header;  // the place
  double header_height = 0;
  struct Item {
    data::Category category;
    TextSpec text;  // "n  date · title", Pango markup
    double height = 0, baseline = 0;
  };
  std::vector<Item> items;
};

/// Places one callout per group; a group that cannot be placed without overlap is left to the
/// footnote (its marker shows its numbers).
std::vector<Callout> place_callouts(const std::vector<EventGroup>& groups, const Style& style, const std::string& lang,
                                    const Rect& frame, double unit, const TextMeasurer& measure, Occupancy& occ);

/// A group with no room for a callout gets its event numbers next to its marker ("7, 9, 11-18"),
/// so the footnote still says what it is.
struct NumberTag {
  int group = -1;
  Rect rect;
  TextSpec spec;
};
std::vector<NumberTag> place_number_tags(const std::vector<EventGroup>& groups, const std::vector<bool>& has_callout,
                                         const Style& style, const Rect& frame, double unit,
                                         const TextMeasurer& measure, Occupancy& occ);
/// "7, 9, 11–18"
std::string number_list(const std::vector<int>& numbers);

/// A marker: the category's symbol, or for several events a disc with their count.
void add_marker(DisplayList& out, const EventGroup& g, const Style& style, double unit, const TextMeasurer& measure,
                std::uint16_t clip);
void add_callout(DisplayList& out, const Callout& c, const std::string& place, const Style& style, double unit,
                 std::uint16_t clip);
void add_number_tag(DisplayList& out, const NumberTag& t, const Style& style, double unit, std::uint16_t clip);
/// A category's symbol shape (markers, callouts and the legend draw the same one).
SymbolShape symbol(data::Category c, geom::Point at, double r, const Style& style, double unit);

}  // namespace sahelmap::render
