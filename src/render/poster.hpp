#pragma once
// The poster: title, map, legend and credits laid out once for every output format.
#include <string>
#include <vector>

#include "data/blocs.hpp"
#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/date.hpp"
#include "data/events.hpp"
#include "geom/geometry.hpp"
#include "render/canvas.hpp"
#include "render/map_painter.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

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
  Format format = Format::Png;
  std::string title, subtitle;                       // empty: generated from the date and language
  std::string data_credit;                           // e.g. "Natural Earth via world-atlas 2.0.2"
  const std::vector<data::Event>* events = nullptr;  // all of them; those up to `date` are drawn
  const std::vector<data::Place>* places = nullptr;
  bool labels = true, inset = true, north_arrow = false;
  std::string region;  // for the alt text; empty: "West Africa and the Sahel"
};

/// Where everything landed, in canvas pixels: for tests and --debug-layout.
struct LayoutReport {
  int width = 0, height = 0;
  Rect map_frame;
  ViewTransform view;
  std::string crs;
  struct Box {
    std::string kind, text;
    Rect rect;
  };
  std::vector<Box> boxes;  // title, subtitle, footnote, legend, inset, scale_bar, marker, callout, label, capital
  std::vector<std::string> legend;  // labels, in order
  std::vector<LegendEntry> legend_entries;
  std::vector<std::string> warnings;
  struct Scale {
    double km = 0, px = 0, metres_per_px = 0;
  } scale_bar;
  struct LabelInfo {
    std::string kind, text;
    Rect rect;
    double contrast;
    int unknown_glyphs;
  };
  std::vector<LabelInfo> labels;
  struct EventInfo {
    int number;
    std::string id, date, title, category, place, source;
    bool callout;
  };
  std::vector<EventInfo> events;
  std::string alt_text;
  struct Timings {
    double project = 0, draw = 0, encode = 0;  // seconds
  } timings;
};

struct PosterResult {
  std::vector<unsigned char> bytes;
  LayoutReport layout;
};

/// @throws Error for an unknown CRS, a bbox the CRS cannot show, or drawing failures.
PosterResult make_poster(const PosterRequest& request);

/// JSON for --debug-layout.
std::string layout_json(const LayoutReport& report);

}  // namespace sahelmap::render
