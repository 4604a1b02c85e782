#pragma once
// Every phrase the map writes, once per language: a table, not ternaries spread over the code.
#include <array>
#include <string>
#include <string_view>

#include "data/date.hpp"
#include "data/events.hpp"
#include "proj/projection.hpp"

namespace sahelmap::render {

struct Words {
  std::string_view title;           // the poster's default title
  std::string_view subtitle;        // followed by the long date
  std::string_view subtitle_plain;  // without it (an animation\'s caption shows the date)
  std::string_view region;          // what the default view shows, for the alt text
  std::string_view legend, capital, scale_note;
  std::string_view several;  // the legend's name for a marker of several events
  // Footnote: "Boundaries: <credit>. Memberships: ... Projection: <crs>. Event sources: 1. ..."
  std::string_view boundaries, memberships, event_sources;
  std::string_view public_domain;  // the licence of Natural Earth, in the credit
  std::string_view for_zooms;      // "for zooms" 0-5: which data drew which tiles, in the credit
  // Alt text.
  std::string_view map_of, on, and_, colon, semicolon, not_on_map, not_on_map_too, two_blocs, events_shown, sources,
      sources_tail;
  std::array<std::string_view, 12> months, months_short;
  std::string_view first_day;  // after the 1st of a month: "1er août"
  // The web embed's headings.
  std::string_view events, about;
  // Changes over time: "Mali: now <role>", "Niger: <role> → out of the bloc", "<old> → <new>".
  std::string_view now, out_of_bloc, changes_from, to_date, no_changes;
};

/// The words of "en" or "fr" (anything else: English).
const Words& words(std::string_view lang);

/// "5 August 2024", "1er août 2024".
std::string long_date(const data::Date& d, std::string_view lang);
/// "26 Jul 2023", "26 juil. 2023".
std::string short_date(const data::Date& d, std::string_view lang);
/// A category's name for the legend and the alt text.
std::string_view category_name(data::Category c, std::string_view lang);
/// The projection in words for the footnote: its name where PROJ has one ("WGS 84 / UTM zone
/// 31N (EPSG:32631)"), else its method and centre ("Lambert azimuthal equal-area centred at
/// 14.5°N, 2°E"), not a PROJ string a reader cannot read.
std::string projection_text(const proj::Projection& p, std::string_view lang);

}  // namespace sahelmap::render
