#include "tiles/annotations.hpp"

#include <algorithm>
#include <cmath>

#include "proj/projection.hpp"
#include "render/cairo_painter.hpp"
#include "render/pango_text.hpp"
#include "render/placement/zoom_layout.hpp"

namespace sahelmap::tiles {

namespace {
std::uint64_t key(std::uint32_t x, std::uint32_t y) {
  return (std::uint64_t(x) << 32) | y;
}
}  // namespace

bool ZoomAnnotations::touches(geom::TileId t) const {
  return tiles.count(key(t.x, t.y)) != 0;
}

std::shared_ptr<const proj::Scene> mercator_scene(const data::Boundaries& b) {
  const proj::Projection mercator("EPSG:3857");
  const geom::Box world{-geom::kMercatorHalf, -geom::kMercatorHalf, geom::kMercatorHalf, geom::kMercatorHalf};
  return std::make_shared<const proj::Scene>(proj::build_scene(b, mercator, world));
}

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
  const render::PangoMeasurer measure;
  ZoomAnnotations za;
  za.list = render::layout_zoom({.scene = scene_.get(),
                                 .sym = rq_.sym,
                                 .style = rq_.style,
                                 .countries = rq_.countries,
                                 .places = rq_.places,
                                 .events = rq_.events,
                                 .lang = rq_.lang,
                                 .bbox = rq_.bbox,
                                 .zoom = z,
                                 .tile_pixels = tile_pixels_,
                                 .unit = unit_,
                                 .labels = rq_.labels},
                                measure);
  const double tp = tile_pixels_;
  const double last = std::ldexp(1.0, z) - 1;
  for (const auto& g : za.list.groups) {
    const render::Rect& r = g.ink;
    const double x0 = std::clamp(std::floor(r.x / tp), 0.0, last),
                 x1 = std::clamp(std::floor((r.x + r.w) / tp), 0.0, last);
    const double y0 = std::clamp(std::floor(r.y / tp), 0.0, last),
                 y1 = std::clamp(std::floor((r.y + r.h) / tp), 0.0, last);
    for (double y = y0; y <= y1; ++y)
      for (double x = x0; x <= x1; ++x)
        za.tiles.insert(key(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)));
  }
  return za;
}

void Annotator::draw(cairo_t* cr, geom::TileId t) const {
  const ZoomAnnotations& za = zoom(t.z);
  const double tp = tile_pixels_, x = t.x * tp, y = t.y * tp;
  cairo_save(cr);
  cairo_translate(cr, -x, -y);
  render::paint(cr, za.list, {x, y, tp, tp});
  cairo_restore(cr);
}

}  // namespace sahelmap::tiles
