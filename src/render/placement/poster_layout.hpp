#pragma once
// The poster laid out once for every output format, without a surface: title, the map, names,
// event markers and callouts, legend, scale bar, locator, footnote, as one display list.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "data/blocs.hpp"
#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/date.hpp"
#include "data/events.hpp"
#include "geom/geometry.hpp"
#include "render/display_list.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::proj {
class Projection;
class SceneCache;
}  // namespace sahelmap::proj

namespace sahelmap::render {

struct PosterRequest {
  const data::CountryTable* countries = nullptr;
  const data::BlocTable* blocs = nullptr;
  const data::Boundaries* boundaries = nullptr;
  const Style* style = nullptr;
  data::Date date;
  std::string crs;
  geom::Box bbox;  // lon/lat
  std::string lang = "en";
  int width = 2000, height = 1400;
  double dpi = 150;
  std::string title, subtitle;                       // empty: generated from the date and language
  std::string data_credit;                           // the boundaries used, e.g. "Natural Earth via world-atlas 2.0.2"
  const std::vector<data::Event>* events = nullptr;  // all of them; those up to `date` are drawn
  const std::vector<data::Place>* places = nullptr;
  bool labels = true, inset = true, north_arrow = false;
  // For a web page that writes some of the words itself (render/html_embed.hpp): no title,
  // subtitle or footnote on the page; no legend; the strip's events numbered on the map, their
  // words left to the page; names not shrunk below `min_font` pixels.
  bool page_text = true, legend = true, list_outside = false;
  double min_font = 0;
  double min_list_font = 0;  // px: the list's words are never set smaller (events are left out)
  // Type, lines and margins at this share of `dpi`; 0: chosen by the layout, below 1 on a page too
  // small for the map and the events' words at `dpi`.
  double type_scale = 0;
  bool scale_bar = true, other_capitals = true;  // off: a phone's small map keeps what matters
  bool partner_arrows = true;                    // off: the partners only in the legend (a phone's small multiples)
  bool callouts = true;                          // off: every event numbered, its words listed
  double caption_room = 0;                       // px kept free right of the title for a caption (an animation\'s date)
  proj::SceneCache* scenes = nullptr;            // scenes built once for many layouts (an animation)
  // Two or more: a sheet of small multiples, one panel per date (placement/sheet_layout.hpp).
  std::vector<data::Date> dates;
  std::string region;  // for the alt text; empty: "West Africa and the Sahel"
};

/// What the display list alone does not say: for the document's metadata, --debug-layout and tests.
struct LayoutReport {
  Rect map_frame;
  ViewTransform view;
  std::string crs, title, lang;
  std::string subtitle, footnote;   // as written on the page (or left to a web page to write)
  Rect caption;                     // the room kept for a caption (PosterRequest::caption_room)
  std::vector<LegendEntry> legend;  // in order
  std::vector<std::string> warnings;
  struct Scale {
    double km = 0, px = 0, metres_per_px = 0;
  } scale_bar;
  struct LabelInfo {
    Part part;
    std::string text;
    Rect rect;
    double contrast;
    int unknown_glyphs;
    std::optional<geom::Point> dot;   // a capital's
    std::vector<geom::Point> leader;  // from the dot to a name further off
  };
  std::vector<LabelInfo> labels;
  struct EventInfo {
    int number = 0;
    data::Event event;     // a copy: the report outlives the layout's own lists
    std::string group;     // the heading it is listed under: the place
    std::string shown_as;  // callout, inset (a close-up), list (the strip, keyed by numbers on the
                           // map or in the magnifier), marker (no names drawn)
    Rect in_list;          // its words' place in the strip, when listed
  };
  std::vector<EventInfo> events;  // in footnote order
  int events_left_out = 0;        // no room for their words: not drawn
  double type_scale = 1;          // below 1: type, lines and margins set smaller for the map's room
  struct LeaderInfo {
    std::string place;
    std::vector<geom::Point> points;  // from the marker (or close-up outline) to the box
    std::string within;               // a leader inside the magnifier: its places
  };
  std::vector<LeaderInfo> leaders;
  struct MagnifierInfo {
    std::string places;
    Rect window, rect;  // the region on the map, the panel
    double zoom = 1;
  } magnifier;  // none: empty rect
  struct PartnerInfo {
    std::string code, name, role;
    double bearing = 0, km = 0;
    Rect rect;
  };
  std::vector<PartnerInfo> partners;  // arrows at the frame's edge
  struct PanelInfo {
    data::Date date;
    Rect frame;        // the panel's map, px
    geom::Box extent;  // what it shows, CRS units
  };
  std::vector<PanelInfo> panels;  // small multiples
  std::string alt_text;
  struct Timings {
    double project = 0, place = 0, draw = 0, encode = 0;  // seconds
  } timings;
};

struct PosterLayout {
  DisplayList list;
  LayoutReport report;
  std::size_t base_groups = 0;  // the page and the map: groups [0, base_groups)
  bool first_pass = false;      // laid out by the first pass, whose base went to BaseReady
};

/// Told the page and the map (the display list's first groups) of the layout's first pass as
/// soon as they are decided, so that drawing them can start beside the rest of the layout (names,
/// callouts, furniture). A later pass (a list strip, a magnifier) may change them: drawing must
/// keep what it drew only for a layout with first_pass set. Called on the layout's thread.
using BaseReady = std::function<void(const DisplayList& base)>;

/// @throws Error for an unknown CRS or a bbox the CRS cannot show; UsageError when the size
///         leaves no room for the map.
PosterLayout layout_poster(const PosterRequest& request, const TextMeasurer& measure, const BaseReady& base_ready = {});

/// Events up to the request's date inside `extent` (projected): numbered in date order.
std::vector<data::Event> events_in_view(const PosterRequest& rq, const proj::Projection& p, const geom::Box& extent);
/// The footnote: boundaries, memberships, projection, every event's source by number, and how
/// many earlier events (`left_out`, oldest first) had no room on the page.
std::string footnote_text(const PosterRequest& rq, const std::vector<data::Event>& events,
                          const proj::Projection& projection, const std::vector<data::Event>& left_out = {});

/// --debug-layout: the display list (every group: kind, text, box, ink) and the report, as JSON.
std::string layout_json(const DisplayList& list, const LayoutReport& report);

}  // namespace sahelmap::render
