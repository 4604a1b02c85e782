#include "serve/rendered_tiles.hpp"

#include "render/symbolize.hpp"
#include "tiles/annotations.hpp"

namespace sahelmap::serve {

std::string tile_path(geom::TileId t) {
  return std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y);
}

std::string TileQuery::look() const {
  return date.str() + (labels ? "L" : "-") + (events ? "E" : "-") + std::to_string(request.scale);
}

std::string TileQuery::key() const {
  return look() + "/" + tile_path(request.tile);
}

// Everything drawn for one (date, names, events, scale).
struct RenderedTiles::Model {
  render::Symbolization sym;
  tiles::TilePalette palette;
  std::vector<data::Event> events;
  std::unique_ptr<tiles::Annotator> annotator;
  tiles::TileOptions options;
  // One encoded tile per flat look (the sea, a country's inside): most tiles at high zooms, and
  // each request makes its own renderer, whose own store would not survive it.
  tiles::FlatTiles flat;
};

RenderedTiles::RenderedTiles(const ServeData& data, int label_max_zoom)
    : data_(data),
      label_max_zoom_(label_max_zoom),
      world_(tiles::build_tile_world(*data.boundaries, *data.style)),
      scene_(tiles::mercator_scene(*data.boundaries)) {}

RenderedTiles::~RenderedTiles() = default;

std::shared_ptr<RenderedTiles::Model> RenderedTiles::model(const TileQuery& q) {
  return models_.get_or_make(q.look(), [&] {
    auto m = std::make_shared<Model>();
    m->sym = render::symbolize(*data_.blocs, q.date, *data_.style, data_.lang);
    m->palette = tiles::make_palette(world_, m->sym, *data_.style);
    m->options = {.tile_size = 256, .scale = q.request.scale, .ids = true};
    if (q.events && data_.events) m->events = data::events_until(*data_.events, q.date);
    if (q.labels || q.events)
      m->annotator =
          std::make_unique<tiles::Annotator>(tiles::AnnotationRequest{.countries = data_.countries,
                                                                      .sym = &m->sym,
                                                                      .style = data_.style,
                                                                      .places = data_.places,
                                                                      .events = q.events ? &m->events : nullptr,
                                                                      .lang = data_.lang,
                                                                      .bbox = data_.label_bbox,
                                                                      .minzoom = 0,
                                                                      .maxzoom = label_max_zoom_,
                                                                      .tile_size = 256,
                                                                      .scale = q.request.scale,
                                                                      .labels = q.labels},
                                             scene_);
    return m;
  });
}

tiles::TilePtr RenderedTiles::tile(const TileQuery& q) {
  const auto m = model(q);
  // Each worker thread draws with its own surface and display list, kept across requests.
  thread_local tiles::TileScratch scratch;
  tiles::TileRenderer renderer(world_, m->palette, m->options, m->annotator.get(), &m->flat, &scratch);
  return renderer.make(renderer.root(q.request.tile), q.request.tile);
}

}  // namespace sahelmap::serve
