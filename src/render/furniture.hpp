#pragma once
// Map furniture: legend, scale bar, north arrow and the locator inset.
#include <functional>
#include <string>
#include <vector>

#include "data/boundaries.hpp"
#include "proj/projection.hpp"
#include "render/layout.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct LegendContent {
  std::vector<LegendEntry> blocs;
  std::vector<std::string> categories;  // event categories shown
  bool capitals = false;
};

/// Size of the legend box in pixels.
Rect legend_size(const LegendContent& c, const Style& s, const std::string& lang, double unit);
void draw_legend(cairo_t* cr, const Rect& r, const LegendContent& c, const Style& s, const std::string& lang,
                 double unit);

struct ScaleBar {
  double km = 0;             // length it stands for
  double px = 0;             // its length on the canvas
  double metres_per_px = 0;  // at the map centre, along the parallel
  Rect rect;                 // where it is drawn (bar and text)
};

/// A round length (1, 2 or 5 x 10^n km) about a fifth of the frame wide, true at the map centre.
ScaleBar make_scale_bar(const proj::Projection& projection, const ViewTransform& view, double unit);
void draw_scale_bar(cairo_t* cr, const ScaleBar& b, const Style& s, const std::string& lang, double unit);

/// Direction of true north at the map centre, radians clockwise from straight up.
double north_angle(const proj::Projection& projection, const ViewTransform& view);
void draw_north_arrow(cairo_t* cr, const Rect& r, double angle, const Style& s, double unit);

/// A small map of Africa with the main map's extent outlined.
struct InsetRequest {
  const data::Boundaries* boundaries;
  const Symbolization* sym;
  const Style* style;
  const proj::Projection* main_projection;
  const ViewTransform* main_view;
};
/// Width/height ratio of the locator.
double inset_aspect();
void draw_inset(cairo_t* cr, const Rect& r, const InsetRequest& rq, double unit);

/// The free corner of the frame (bottom-left, bottom-right, top-left, top-right) where a w x h box
/// covers the least of what matters, by `cost`; corners already used are skipped.
Rect pick_corner(const Rect& frame, double w, double h, double margin, const std::function<double(const Rect&)>& cost,
                 std::vector<int>& used);

}  // namespace sahelmap::render
