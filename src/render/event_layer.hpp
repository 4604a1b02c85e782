#pragma once
// Event markers (a symbol per category; events at one place grouped under one numbered marker)
// and their callouts, placed around the marker where nothing else is, with a leader line.
#include <string>
#include <vector>

#include "data/events.hpp"
#include "proj/projection.hpp"
#include "render/layout.hpp"
#include "render/style.hpp"
#include "render/text.hpp"

namespace sahelmap::render {

struct EventGroup {
  std::string place;
  geom::Point px;                          // marker position on the canvas
  std::vector<const data::Event*> events;  // oldest first
  std::vector<int> numbers;                // footnote numbers, parallel to events
};

struct Callout {
  int group = -1;
  Rect rect;
  geom::Point leader_from, leader_to;
  std::string header;                                      // the place
  std::vector<std::pair<std::string, std::string>> items;  // category, "n  date · title"
  double wrap = 0;                                         // of the item text
};

/// Groups events within `radius` pixels of each other; numbers events in date order from 1.
/// Events outside the frame or the projection are left out.
std::vector<EventGroup> group_events(const std::vector<data::Event>& events, const proj::Projection& projection,
                                     const ViewTransform& view, double radius);

/// The marker's box (for occupancy).
Rect marker_box(const EventGroup& g, double unit);

/// Places one callout per group; a group that cannot be placed without overlap is left to the
/// footnote (its marker shows its numbers).
std::vector<Callout> place_callouts(const std::vector<EventGroup>& groups, const Style& style, const std::string& lang,
                                    const Rect& frame, double unit, Occupancy& occ);

/// A group with no room for a callout gets its event numbers next to its marker ("7, 9, 11-18"),
/// so the footnote still says what it is.
struct NumberTag {
  int group = -1;
  Rect rect;
  std::string text;
};
std::vector<NumberTag> place_number_tags(const std::vector<EventGroup>& groups, const std::vector<bool>& has_callout,
                                         const Style& style, const Rect& frame, double unit, Occupancy& occ);
void draw_number_tag(cairo_t* cr, const NumberTag& t, const Style& style, double unit);
/// "7, 9, 11–18"
std::string number_list(const std::vector<int>& numbers);

void draw_marker(cairo_t* cr, const EventGroup& g, const Style& style, double unit);
void draw_callout(cairo_t* cr, const Callout& c, const Style& style, double unit);
/// A category's symbol centred at (x, y), for markers and the legend.
void draw_symbol(cairo_t* cr, const std::string& category, double x, double y, double r, const Style& style,
                 double unit);

/// "26 Jul 2023" / "26 juil. 2023".
std::string short_date(const data::Date& d, const std::string& lang);
/// "5 August 2024", "1er août 2024".
std::string long_date(const data::Date& d, const std::string& lang);
/// Category names for the legend.
std::string category_label(const std::string& category, const std::string& lang);

}  // namespace sahelmap::render
