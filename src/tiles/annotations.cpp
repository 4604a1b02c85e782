#include "tiles/annotations.hpp"

#include <algorithm>
#include <cmath>

#include "proj/projection.hpp"
#include "proj/scene.hpp"
#include "render/layout.hpp"

namespace sahelmap::tiles {

namespace {
std::uint64_t key(std::uint32_t x, std::uint32_t y) {
  return (std::uint64_t(x) << 32) | y;
}

void index_rect(const render::Rect& r, int tile_px, std::uint32_t i,
                std::unordered_map<std::uint64_t, std::vector<std::uint32_t>>& out) {
  const auto x0 = static_cast<std::uint32_t>(std::max(0.0, std::floor(r.x / tile_px)));
  const auto y0 = static_cast<std::uint32_t>(std::max(0.0, std::floor(r.y / tile_px)));
  const auto x1 = static_cast<std::uint32_t>(std::max(0.0, std::floor((r.x + r.w) / tile_px)));
  const auto y1 = static_cast<std::uint32_t>(std::max(0.0, std::floor((r.y + r.h) / tile_px)));
  for (std::uint32_t y = y0; y <= y1; ++y)
    for (std::uint32_t x = x0; x <= x1; ++x) out[key(x, y)].push_back(i);
}
}  // namespace

bool ZoomAnnotations::touches(geom::TileId t) const {
  return label_tiles.count(key(t.x, t.y)) || marker_tiles.count(key(t.x, t.y));
}

std::shared_ptr<const proj::Scene> mercator_scene(const data::Boundaries& b) {
  const proj::Projection mercator("EPSG:3857");
  const geom::Box world{-geom::kMercatorHalf, -geom::kMercatorHalf, geom::kMercatorHalf, geom::kMercatorHalf};
  return std::make_shared<const proj::Scene>(proj::build_scene(b, mercator, world));
}

Annotator::Annotator(const AnnotationRequest& rq) : Annotator(rq, mercator_scene(*rq.boundaries)) {}

Annotator::Annotator(const AnnotationRequest& rq, std::shared_ptr<const proj::Scene> scene)
    : rq_(rq),
      scene_(std::move(scene)),
      tile_pixels_(rq.tile_size * rq.scale),
      unit_(rq.scale * (rq.tile_size / 256.0)) {}

const ZoomAnnotations& Annotator::zoom(int z) const {
  static const ZoomAnnotations none;
  if (z < rq_.minzoom || z > rq_.maxzoom || z < 0 || z >= kZooms) return none;
  std::call_once(once_[z], [&] { zooms_[z] = place(z); });
  return zooms_[z];
}

void Annotator::place_all() const {
  for (int z = rq_.minzoom; z <= rq_.maxzoom; ++z) zoom(z);
}

ZoomAnnotations Annotator::place(int z) const {
  const proj::Projection mercator("EPSG:3857");
  static const std::vector<data::Event> no_events;
  const std::vector<data::Event>& events = rq_.events ? *rq_.events : no_events;  // markers point into it
  const double unit = unit_;
  ZoomAnnotations za;
  // The pyramid's tiles at this zoom, in global pixels: the frame everything is placed in.
  geom::Box b = rq_.bbox;
  b.miny = std::max(b.miny, -geom::kMercatorMaxLat), b.maxy = std::min(b.maxy, geom::kMercatorMaxLat);
  const geom::TileRange r = geom::tiles_covering(b, z);
  const geom::Box merc{geom::tile_bounds({z, r.x0, r.y1}).minx, geom::tile_bounds({z, r.x0, r.y1}).miny,
                       geom::tile_bounds({z, r.x1, r.y0}).maxx, geom::tile_bounds({z, r.x1, r.y0}).maxy};
  const double tp = tile_pixels_;
  const render::Rect frame{r.x0 * tp, r.y0 * tp, (r.x1 - r.x0 + 1) * tp, (r.y1 - r.y0 + 1) * tp};
  const render::ViewTransform view(merc, frame);
  render::Occupancy occ;
  za.markers = render::group_events(events, mercator, view, 14 * unit);
  for (const auto& g : za.markers) occ.add("marker", g.place, render::marker_box(g, unit));
  if (rq_.labels) {
    const render::LabelContext cx{scene_.get(), &view, rq_.sym, rq_.style, rq_.countries, rq_.lang, unit};
    std::vector<std::string> members, others;
    for (const auto& blc : rq_.style->blocs)
      for (const auto& c : scene_->countries) {
        const render::CountryLook* look = rq_.sym->look(c.code);
        if (look && look->affiliations.front().bloc == &blc &&
            std::find(members.begin(), members.end(), c.code) == members.end())
          members.push_back(c.code);
      }
    for (const auto& c : scene_->countries)
      if (!rq_.sym->look(c.code) && std::find(others.begin(), others.end(), c.code) == others.end())
        others.push_back(c.code);
    za.labels = render::place_country_labels(cx, members, occ);
    if (rq_.places)
      for (auto& l : render::place_capitals(cx, *rq_.places, mercator, members, occ)) za.labels.push_back(std::move(l));
    for (auto& l : render::place_country_labels(cx, others, occ)) za.labels.push_back(std::move(l));
  }
  for (std::uint32_t i = 0; i < za.labels.size(); ++i) {
    render::Rect box = za.labels[i].rect;
    if (za.labels[i].kind == "capital") {  // the dot too
      const double d = 4 * unit;
      const double x0 = std::min(box.x, za.labels[i].dot.x - d), y0 = std::min(box.y, za.labels[i].dot.y - d);
      const double x1 = std::max(box.x + box.w, za.labels[i].dot.x + d),
                   y1 = std::max(box.y + box.h, za.labels[i].dot.y + d);
      box = {x0, y0, x1 - x0, y1 - y0};
    }
    index_rect({box.x - 3 * unit, box.y - 3 * unit, box.w + 6 * unit, box.h + 6 * unit}, tile_pixels_, i,
               za.label_tiles);
  }
  for (std::uint32_t i = 0; i < za.markers.size(); ++i) {
    const render::Rect m = render::marker_box(za.markers[i], unit);
    index_rect({m.x - 2 * unit, m.y - 2 * unit, m.w + 4 * unit, m.h + 4 * unit}, tile_pixels_, i, za.marker_tiles);
  }
  return za;
}

void Annotator::draw(cairo_t* cr, geom::TileId t) const {
  const ZoomAnnotations& za = zoom(t.z);
  const auto k = key(t.x, t.y);
  cairo_save(cr);
  cairo_translate(cr, -static_cast<double>(t.x) * tile_pixels_, -static_cast<double>(t.y) * tile_pixels_);
  if (auto it = za.label_tiles.find(k); it != za.label_tiles.end())
    for (std::uint32_t i : it->second) render::draw_label(cr, za.labels[i], unit_);
  if (auto it = za.marker_tiles.find(k); it != za.marker_tiles.end())
    for (std::uint32_t i : it->second) render::draw_marker(cr, za.markers[i], *rq_.style, unit_);
  cairo_restore(cr);
}

}  // namespace sahelmap::tiles
