#pragma once
// A magnifier for a crowd of places. Where the places with events lie too close together for their
// markers and numbers (West Africa on a world map: six places within 30 px), one panel shows that
// region enlarged, with its own names, capitals, markers and numbers, joined by a leader line to
// the region's outline on the map. The events' words are in the list strip below the map.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "render/placement/events.hpp"
#include "render/placement/labels.hpp"
#include "render/placement/map_layers.hpp"
#include "render/placement/priority.hpp"

namespace sahelmap::render {

/// The largest set (two or more) of groups each within `spacing` CSS px of another in the set;
/// empty when every place has room for its marker.
std::vector<int> crowded_groups(const std::vector<EventGroup>& groups, double unit, double spacing = 30);

struct Magnifier {
  std::vector<int> groups;  // the main map's groups it shows
  std::string key;          // their places, "Bamako, Gao, ..."
  Rect window;              // the region, on the main map
  Rect rect;                // the panel
  Rect map_rect;            // its map: the window enlarged `zoom` times
  double zoom = 1;
  std::vector<geom::Point> leader;  // from the window's outline to the panel
};

/// The window around the crowd, taking in every other place and every point of `near` (capitals
/// that must be named) close to its outline: in the panel, not squeezed against it; grown until
/// its outline crosses nothing placed. Then the largest panel that finds room, hiding the least
/// (sea first), at least twice the window's size; marks both in `cx`. `keep_clear`: boxes the
/// panel must not cover either (other places' markers, not placed yet). Nothing when no panel
/// fits.
std::optional<Magnifier> place_magnifier(const std::vector<EventGroup>& groups, std::vector<int> crowd,
                                         const std::vector<geom::Point>& near, const std::vector<Rect>& keep_clear,
                                         const CalloutContext& cx);

/// The panel's map: the window's part of the main map's extent, in the panel's map rectangle.
ViewTransform magnifier_view(const Magnifier& m, const ViewTransform& main);

/// What the panel shows, placed inside its map: the bloc members' names and capitals, the crowd's
/// markers beside them and, when their words are in the list strip, their numbers; then the other
/// countries' names and capitals where they fit.
struct MagnifierContent {
  std::vector<Label> labels;
  std::vector<EventGroup> groups;  // the crowd's, in the panel's pixels
  std::vector<NumberTag> tags;     // `group` indexes `groups`
  double marker_unit = 1;          // markers and numbers: smaller where the panel is crowded
};
struct MagnifierInputs {
  const LabelContext* inner = nullptr;  // its scene and view are the panel's
  const ViewTransform* main = nullptr;
  const std::vector<data::Place>* places = nullptr;
  const proj::Projection* projection = nullptr;
  const LabelOrder* order = nullptr;
  // Countries whose capitals are named whatever it takes (the first bloc's, those of the places
  // shown); the other capitals where they fit.
  const std::vector<std::string>* always_named = nullptr;
  bool numbers = true;
};
MagnifierContent place_magnifier_content(const Magnifier& m, const std::vector<EventGroup>& groups,
                                         const MagnifierInputs& in, const CalloutContext& cx);

/// The outline and leader on the main map, then the panel with its map and content (the content's
/// groups are the panel's parts).
void add_magnifier(DisplayList& out, const Magnifier& m, const MagnifierContent& c, const MapLayers& map,
                   const Style& s, double unit, const TextMeasurer& measure, std::uint16_t clip);

}  // namespace sahelmap::render
