#pragma once
// Map furniture: legend, scale bar, north arrow and the locator inset, sized and laid out here,
// drawn by whichever back-end draws the display list.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/boundaries.hpp"
#include "proj/projection.hpp"
#include "proj/scene.hpp"
#include "render/display_list.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct LegendContent {
  std::vector<LegendEntry> blocs;
  std::vector<data::Category> categories;  // event categories shown
  bool capitals = false;
  bool several = false;  // a marker stands for several events (after the categories)
};

/// Size of the legend box in pixels (at 0, 0).
Rect legend_size(const LegendContent& c, const Style& s, const std::string& lang, double unit,
                 const TextMeasurer& measure);
void add_legend(DisplayList& out, const Rect& r, const LegendContent& c, const Style& s, const std::string& lang,
                double unit, const TextMeasurer& measure, std::uint16_t clip);

struct ScaleBar {
  double km = 0;             // length it stands for
  double px = 0;             // its length on the canvas
  double metres_per_px = 0;  // at the map centre, along the parallel
  Rect rect;                 // where it is drawn (bar and text)
};

/// A round length (1, 2 or 5 x 10^n km) about `share` of the frame wide, true at the map centre;
/// its rect holds the bar and every word under it (the note in `lang`).
ScaleBar make_scale_bar(const proj::Projection& projection, const ViewTransform& view, const Style& s, double unit,
                        const TextMeasurer& measure, const std::string& lang = "en", double share = 0.2);
void add_scale_bar(DisplayList& out, const ScaleBar& b, const Style& s, const std::string& lang, double unit,
                   const TextMeasurer& measure, std::uint16_t clip);

/// Direction of true north at the map centre, radians clockwise from straight up.
double north_angle(const proj::Projection& projection, const ViewTransform& view);
void add_north_arrow(DisplayList& out, const Rect& r, double angle, const Style& s, double unit,
                     const TextMeasurer& measure, std::uint16_t clip);

/// A small map of Africa with the main map's extent outlined.
struct InsetRequest {
  const data::Boundaries* boundaries = nullptr;
  const Symbolization* sym = nullptr;
  const Style* style = nullptr;
  const proj::Projection* main_projection = nullptr;
  const ViewTransform* main_view = nullptr;
  proj::SceneCache* scenes = nullptr;  // optional
};
/// Width/height ratio of the locator.
double inset_aspect();
/// True when the locator (Africa) shows where the map is: the view's centre, lon/lat, inside it.
bool locator_shows(const geom::Box& bbox);
void add_inset(DisplayList& out, const Rect& r, const InsetRequest& rq, double unit);

/// The free corner of the frame (bottom-left, bottom-right, top-left, top-right) where a w x h box
/// covers the least of what matters, by `cost`; corners already used are skipped, and so are those
/// `accept` (when given) turns down.
Rect pick_corner(const Rect& frame, double w, double h, double margin, const std::function<double(const Rect&)>& cost,
                 std::vector<int>& used, const std::function<bool(const Rect&)>& accept = {});

}  // namespace sahelmap::render
