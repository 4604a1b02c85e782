#include "render/placement/zoom_layout.hpp"

#include <algorithm>
#include <cmath>

#include "geom/tile.hpp"
#include "proj/projection.hpp"
#include "render/placement/events.hpp"
#include "render/placement/labels.hpp"
#include "render/placement/priority.hpp"

namespace sahelmap::render {

DisplayList layout_zoom(const ZoomRequest& rq, const TextMeasurer& measure) {
  const proj::Projection mercator("EPSG:3857");
  const int z = rq.zoom;
  const double u = rq.unit;
  // The pyramid's tiles at this zoom, in global pixels: the frame everything is placed in.
  geom::Box b = rq.bbox;
  b.miny = std::max(b.miny, -geom::kMercatorMaxLat), b.maxy = std::min(b.maxy, geom::kMercatorMaxLat);
  const geom::TileRange r = geom::tiles_covering(b, z);
  const geom::Box merc{geom::tile_bounds({z, r.x0, r.y1}).minx, geom::tile_bounds({z, r.x0, r.y1}).miny,
                       geom::tile_bounds({z, r.x1, r.y0}).maxx, geom::tile_bounds({z, r.x1, r.y0}).maxy};
  const double tp = rq.tile_pixels;
  const Rect frame{r.x0 * tp, r.y0 * tp, (r.x1 - r.x0 + 1) * tp, (r.y1 - r.y0 + 1) * tp};
  const ViewTransform view(merc, frame);

  DisplayList list;
  list.width = list.height = tp * static_cast<double>(1u << z);
  static const std::vector<data::Event> no_events;
  Occupancy occ;
  std::vector<EventGroup> markers = group_events(rq.events ? *rq.events : no_events, mercator, view);
  if (rq.labels) {
    const LabelContext cx{.scene = rq.scene,
                          .view = &view,
                          .sym = rq.sym,
                          .style = rq.style,
                          .countries = rq.countries,
                          .lang = rq.lang,
                          .unit = u,
                          .measure = &measure};
    const LabelOrder order = label_order(visible_areas(*rq.scene, view), *rq.sym, *rq.style, frame);
    // As on the poster: the members' names and capitals first (their capitals always named), then
    // the markers beside them with a tick to their place, then the other names around both.
    // On a web map the capitals named whatever it takes are the first bloc's (the AES) and those
    // where events happened: at low zooms every ECOWAS capital with a leader line would bury West
    // Africa in names.
    std::vector<std::string> named;
    for (const auto& code : order.members)
      if (rq.style && !rq.style->blocs.empty() &&
          rq.sym->look(code)->affiliations.front().bloc == &rq.style->blocs.front())
        named.push_back(code);
    if (rq.places) named = capitals_to_name(std::move(named), markers, *rq.places);
    if (rq.places) reserve_capital_dots(cx, *rq.places, mercator, named, occ);
    std::vector<Label> labels = place_country_labels(cx, order.members, occ);
    if (rq.places)
      for (auto& l : place_capitals(cx, *rq.places, mercator, named, occ, Capitals::Members))
        labels.push_back(std::move(l));
    for (auto& g : markers)
      for (const Label& l : labels)
        if (std::hypot(l.dot.x - g.at.x, l.dot.y - g.at.y) < 3 * u) g.name = l.rect;
    place_markers(markers, frame, u, occ);
    for (auto& l : place_country_labels(cx, order.large, occ)) labels.push_back(std::move(l));
    if (rq.places)
      for (auto& l : place_capitals(cx, *rq.places, mercator, named, occ, Capitals::Others))
        labels.push_back(std::move(l));
    for (auto& l : place_country_labels(cx, order.small, occ)) labels.push_back(std::move(l));
    for (const auto& l : labels) add_label(list, l, u, 0);
  } else {
    for (const auto& g : markers) occ.add(marker_box(g, u));
  }
  for (const auto& g : markers) add_marker(list, g, *rq.style, u, measure, 0, /*count=*/true);
  return list;
}

}  // namespace sahelmap::render
