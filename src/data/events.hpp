#pragma once
// Dated, sourced events (shapes/events.geojson or any OGR point source: GeoJSON, CSV with
// lon/lat columns, GeoPackage).
#include <string>
#include <string_view>
#include <vector>

#include "data/date.hpp"
#include "geom/geometry.hpp"

namespace sahelmap::data {

struct Event {
  std::string id, title, title_fr, category, description, source, source_title, place;
  Date date;
  geom::Point lonlat;
  const std::string& title_in(std::string_view lang) const {
    return lang == "fr" && !title_fr.empty() ? title_fr : title;
  }
};

/// The categories markers know, in legend order.
const std::vector<std::string>& event_categories();

/// @throws Error "PATH: feature N (title): <problem>" for a missing or malformed date, a missing
///         title, an unknown category, or a location that is not a lon/lat point.
std::vector<Event> load_events(const std::string& path);

/// Events on or before `d`, oldest first.
std::vector<Event> events_until(const std::vector<Event>& events, Date d);

struct Place {
  std::string name, name_fr, country, kind;  // kind: capital or seat (of government)
  long population = 0;
  geom::Point lonlat;
  const std::string& name_in(std::string_view lang) const { return lang == "fr" ? name_fr : name; }
};

/// shapes/places.csv (national capitals, from Natural Earth).
std::vector<Place> load_places(const std::string& path);

}  // namespace sahelmap::data
