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

// Everything drawn for one (date, names, events, scale), per level of boundaries.
struct RenderedTiles::Model {
  render::Symbolization sym;
  std::vector<data::Event> events;
  tiles::TileOptions options;
  struct PerLevel {
    tiles::TilePalette palette;
    std::unique_ptr<tiles::Annotator> annotator;
    // One encoded tile per flat look (the sea, a country's inside): most tiles at high zooms, and
    // each request makes its own renderer, whose own store would not survive it.
    tiles::FlatTiles flat;
  };
  std::vector<std::unique_ptr<PerLevel>> levels;
};

RenderedTiles::RenderedTiles(const ServeData& data, int label_max_zoom) : data_(data), label_max_zoom_(label_max_zoom) {
  for (std::size_t i = 0; i < data.sources.size(); ++i) {
    const ServeData::Source& s = data.sources[i];
    levels_.push_back({.minzoom = s.minzoom,
                       .maxzoom = i + 1 < data.sources.size() ? data.sources[i + 1].minzoom - 1 : 99,
                       .world = tiles::build_tile_world(*s.boundaries, *data.style),
                       .scene = tiles::mercator_scene(*s.boundaries)});
  }
}

std::size_t RenderedTiles::level_of(int z) const {
  std::size_t i = 0;
  while (i + 1 < levels_.size() && z >= levels_[i + 1].minzoom) ++i;
  return i;
}

RenderedTiles::~RenderedTiles() = default;

std::shared_ptr<RenderedTiles::Model> RenderedTiles::model(const TileQuery& q) {
  return models_.get_or_make(q.look(), [&] {
    auto m = std::make_shared<Model>();
    m->sym = render::symbolize(*data_.blocs, q.date, *data_.style, data_.lang);
    m->options = {.tile_size = 256, .scale = q.request.scale, .ids = true};
    if (q.events && data_.events) m->events = data::events_until(*data_.events, q.date);
    for (const Level& level : levels_) {
      auto& l = *m->levels.emplace_back(std::make_unique<Model::PerLevel>());
      l.palette = tiles::make_palette(level.world, m->sym, *data_.style);
      if ((q.labels || q.events) && level.minzoom <= label_max_zoom_)
        l.annotator = std::make_unique<tiles::Annotator>(
            tiles::AnnotationRequest{.countries = data_.countries,
                                     .sym = &m->sym,
                                     .style = data_.style,
                                     .places = data_.places,
                                     .events = q.events ? &m->events : nullptr,
                                     .lang = data_.lang,
                                     .bbox = data_.label_bbox,
                                     .minzoom = level.minzoom,
                                     .maxzoom = std::min(level.maxzoom, label_max_zoom_),
                                     .tile_size = 256,
                                     .scale = q.request.scale,
                                     .labels = q.labels},
            level.scene);
    }
    return m;
  });
}

tiles::TilePtr RenderedTiles::tile(const TileQuery& q) {
  const auto m = model(q);
  const std::size_t i = level_of(q.request.tile.z);
  Model::PerLevel& l = *m->levels[i];
  // Each worker thread draws with its own surface and display list, kept across requests.
  thread_local tiles::TileScratch scratch;
  tiles::TileRenderer renderer(levels_[i].world, l.palette, m->options, l.annotator.get(), &l.flat, &scratch);
  return renderer.make(renderer.root(q.request.tile), q.request.tile);
}

}  // namespace sahelmap::serve
