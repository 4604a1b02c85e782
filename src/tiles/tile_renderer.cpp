#include "tiles/tile_renderer.hpp"

#include <glib.h>
#include <webp/encode.h>

#include <cmath>
#include <variant>

#include "render/cairo_painter.hpp"
#include "render/placement/map_layers.hpp"
#include "render/png.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles {

std::string tile_id(const std::vector<unsigned char>& bytes) {
  gchar* hex = g_compute_checksum_for_data(G_CHECKSUM_MD5, bytes.data(), bytes.size());
  std::string id(hex);
  g_free(hex);
  return id;
}

TileRenderer::TileRenderer(const TileWorld& world, const TilePalette& palette, const TileOptions& options,
                           const Annotator* annotator, FlatTiles* flat, TileScratch* scratch)
    : world_(world),
      palette_(palette),
      options_(options),
      annotator_(annotator),
      flat_(flat ? flat : &own_flat_),
      scratch_(scratch ? *scratch : own_scratch_) {
  // Half the border plus a pixel and a half of antialiasing: what can reach into the tile.
  margin_px_ = world.border_width * options.scale / 2 + 1.5;
  if (scratch_.pixels != options.pixels()) {
    scratch_.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, options.pixels(), options.pixels()));
    render::check_cairo(scratch_.surface.get(), "tile surface");
    scratch_.pixels = options.pixels();
  }
}

geom::Box TileRenderer::clip_box(geom::TileId t) const {
  return geom::tile_bounds(t).buffered(margin_px_ * geom::tile_span(t.z) / options_.pixels());
}

TileGeometry TileRenderer::root(geom::TileId t) {
  const geom::Box box = clip_box(t);
  clipper_.set_box(box);
  TileGeometry g;
  geom::Polygon out;
  world_.part_index.query(box, candidates_);
  for (std::uint32_t i : candidates_) {
    clipper_.clip(world_.parts[i], out);
    if (out.empty()) continue;
    g.looks.push_back(palette_.look_of_part(world_, i));
    g.parts.push_back(std::move(out));
    out = {};
  }
  world_.border_index.query(box, candidates_);
  for (std::uint32_t i : candidates_) clipper_.clip(world_.borders[i], g.lines);
  return g;
}

TileGeometry TileRenderer::child(const TileGeometry& parent, geom::TileId t) {
  clipper_.set_box(clip_box(t));
  TileGeometry g;
  geom::Polygon out;
  for (std::size_t i = 0; i < parent.parts.size(); ++i) {
    clipper_.clip(parent.parts[i], out);
    if (out.empty()) continue;
    g.looks.push_back(parent.looks[i]);
    g.parts.push_back(std::move(out));
    out = {};
  }
  for (const auto& l : parent.lines) clipper_.clip(l, g.lines);
  return g;
}

bool TileRenderer::annotated(geom::TileId t) const {
  return annotator_ && annotator_->touches(t);
}

TileGeometry TileRenderer::synthetic(FlatLook f, geom::TileId t) const {
  TileGeometry g;
  if (f.look == FlatLook::kBackground) return g;
  const geom::Box b = clip_box(t);
  g.looks.push_back(f.look);
  g.parts.push_back(
      geom::Polygon{{{{b.minx, b.miny}, {b.maxx, b.miny}, {b.maxx, b.maxy}, {b.minx, b.maxy}, {b.minx, b.miny}}}});
  return g;
}

std::optional<FlatLook> TileRenderer::flat(const TileGeometry& g, geom::TileId t) const {
  if (!g.lines.empty() || annotated(t)) return std::nullopt;
  if (g.parts.empty()) return FlatLook{FlatLook::kBackground};
  if (g.parts.size() == 1 && geom::is_full_box(g.parts[0], clip_box(t))) return FlatLook{g.looks[0]};
  return std::nullopt;
}

namespace {
// Stripes in tiles repeat with the tile: the spacing becomes the nearest divisor of the tile size.
double tile_hatch_spacing(double wanted, int pixels) {
  double best = wanted;
  double err = 1e9;
  for (int d = 2; d <= pixels; ++d)
    if (pixels % d == 0 && std::abs(d - wanted) < err) best = d, err = std::abs(d - wanted);
  return best;
}
}  // namespace

TilePtr TileRenderer::make(const TileGeometry& g, geom::TileId t, std::optional<FlatLook> f) {
  return f ? flat_tile(*f) : paint(g, t, annotated(t));
}

TilePtr TileRenderer::draw(const TileGeometry& g, geom::TileId t) {
  return make(g, t, std::nullopt);
}

TilePtr TileRenderer::paint(const TileGeometry& g, geom::TileId t, bool annotate) {
  const int px = options_.pixels();
  const geom::Box b = geom::tile_bounds(t);
  const render::PixelMapping to_px{.minx = b.minx, .maxy = b.maxy, .k = px / geom::tile_span(t.z)};
  const render::Rect tile{0, 0, static_cast<double>(px), static_cast<double>(px)};
  // The tile's own display list: the sea, one fill per part, the borders, rebuilt in place for
  // every tile, [sea][fills...][borders], keeping its memory from tile to tile: fills, rings and
  // lines this tile does not need wait in the scratch's spares (a z0 tile has hundreds of
  // parts, a z9 tile a few). Parts and lines were clipped to the tile and its margin: that is all
  // they reach.
  const render::Rect reach = tile.grown(margin_px_ + 1);
  render::DisplayList& list = scratch_.list;
  std::vector<render::Group>& spare = scratch_.spare;
  std::vector<std::vector<geom::Point>>& spare_points = scratch_.spare_points;
  list.width = list.height = px;
  if (list.groups.empty()) {
    list.groups.push_back({.part = render::Part::Sea, .shapes = {render::RectShape{}}});
    list.groups.push_back({.part = render::Part::Borders, .shapes = {render::StrokeShape{.round = true}}});
  }
  if (list.groups.size() != g.parts.size() + 2) {
    render::Group borders = std::move(list.groups.back());
    list.groups.pop_back();
    while (list.groups.size() > g.parts.size() + 1) {
      spare.push_back(std::move(list.groups.back()));
      list.groups.pop_back();
    }
    while (list.groups.size() < g.parts.size() + 1) {
      if (spare.empty()) {
        list.groups.push_back({.part = render::Part::Country, .shapes = {render::FillShape{}}});
      } else {
        list.groups.push_back(std::move(spare.back()));
        spare.pop_back();
      }
    }
    list.groups.push_back(std::move(borders));
  }
  // `in` in tile pixels into `out`, which takes point vectors from, and gives them back to, the
  // spare ones (with their memory): a z0 tile has thousands of border lines, a z9 tile a few.
  auto fill_in = [&](const auto& in, std::vector<std::vector<geom::Point>>& out, double min_step) {
    while (out.size() > in.size()) {
      spare_points.push_back(std::move(out.back()));
      out.pop_back();
    }
    while (out.size() < in.size()) {
      if (spare_points.empty()) {
        out.emplace_back();
      } else {
        out.push_back(std::move(spare_points.back()));
        spare_points.pop_back();
      }
    }
    for (std::size_t i = 0; i < in.size(); ++i) {
      out[i].clear();
      render::append_px(in[i], to_px, out[i], min_step);
    }
  };
  render::Group& sea = list.groups.front();
  sea.box = sea.ink = sea.reach = tile;
  std::get<render::RectShape>(sea.shapes[0]) = {.rect = tile, .fill = world_.background};
  const double spacing = tile_hatch_spacing(world_.hatch_spacing * options_.scale, px);
  for (std::size_t part = 0; part < g.parts.size(); ++part) {
    render::Group& group = list.groups[part + 1];
    group.box = group.ink = group.reach = reach;
    const Look& look = palette_.looks[g.looks[part]];
    auto& fill = std::get<render::FillShape>(group.shapes[0]);
    fill.color = look.fill;
    fill.hatch.reset();
    if (look.hatch) fill.hatch = render::Hatch{*look.hatch, world_.hatch_width * options_.scale, spacing};
    if (fill.polygons.empty()) fill.polygons.emplace_back();
    fill_in(g.parts[part].rings, fill.polygons[0].rings, render::kMinStepPx);
  }
  render::Group& borders = list.groups.back();
  borders.box = borders.ink = borders.reach = g.lines.empty() ? render::Rect{} : reach;
  auto& lines = std::get<render::StrokeShape>(borders.shapes[0]);
  lines.color = world_.border;
  lines.width = world_.border_width * options_.scale;
  // Cairo strokes every point of a border with a round join: points closer than half the line's
  // width add nothing a reader sees (reference pyramid: 8,400 -> 10,000 tiles/s on one thread; 7
  // pixels in 100,000 changed, 7 in 10 million by more than 24 of 255). The whole width was tried
  // (4.4% fewer instructions, callgrind): 1.2 pixels in 10,000 changed, in tiles at every zoom,
  // and the reference MBTiles a 16 KB page larger, over the size goal; not taken.
  fill_in(g.lines, lines.lines, std::max(render::kMinStepPx, lines.width / 2));
  render::CairoPtr cr(cairo_create(scratch_.surface.get()));
  cairo_t* c = cr.get();
  // 4x4 coverage (16 levels): half the drawing time of the default, and few enough colours that
  // nearly every tile fits a 256-colour palette; within a few levels of Mapnik's AGG coverage.
  cairo_set_antialias(c, CAIRO_ANTIALIAS_FAST);
  render::paint(c, list, tile);
  if (annotate) annotator_->draw(c, t);
  render::check_cairo(c, "tile drawing");
  cr.reset();
  return encode();
}

namespace {
// Lossless WebP of a Cairo RGB24 surface (BGRX in memory), at libwebp's fastest lossless method:
// tiles are flat colours, which method 0 already packs well.
std::vector<unsigned char> encode_webp(const std::uint32_t* data, int px, int stride) {
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(px) * px * 3);
  for (int y = 0; y < px; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(reinterpret_cast<const unsigned char*>(data) + y * stride);
    for (int x = 0; x < px; ++x) {
      const std::uint32_t v = row[x];
      std::uint8_t* o = &rgb[(static_cast<std::size_t>(y) * px + x) * 3];
      o[0] = (v >> 16) & 0xff, o[1] = (v >> 8) & 0xff, o[2] = v & 0xff;
    }
  }
  WebPConfig config;
  WebPPicture pic;
  if (!WebPConfigInit(&config) || !WebPPictureInit(&pic)) throw Error("WebP: library version mismatch");
  config.lossless = 1;
  config.method = 0;
  config.quality = 25;
  pic.use_argb = 1;
  pic.width = px;
  pic.height = px;
  WebPMemoryWriter w;
  WebPMemoryWriterInit(&w);
  pic.writer = WebPMemoryWrite;
  pic.custom_ptr = &w;
  const bool ok = WebPPictureImportRGB(&pic, rgb.data(), px * 3) && WebPEncode(&config, &pic);
  WebPPictureFree(&pic);
  std::vector<unsigned char> out(w.mem, w.mem + w.size);
  WebPMemoryWriterClear(&w);
  if (!ok) throw Error("WebP: cannot encode a tile");
  return out;
}
}  // namespace

TilePtr TileRenderer::encode() {
  cairo_surface_flush(scratch_.surface.get());
  const int px = options_.pixels();
  auto* data = reinterpret_cast<std::uint32_t*>(cairo_image_surface_get_data(scratch_.surface.get()));
  const int stride = cairo_image_surface_get_stride(scratch_.surface.get());
  auto tile = std::make_shared<EncodedTile>();
  // zlib level 2 with Z_RLE: map tiles are long runs of few colours; measured against level 6
  // (default strategy) on the reference pyramid: 45% faster, 5% larger.
  if (options_.webp)
    tile->png = encode_webp(data, px, stride);
  else
    tile->png = render::encode_png_auto(data, px, px, stride, {.compression_level = 2, .strategy = 3, .rgb24 = true});
  if (options_.ids) tile->id = tile_id(tile->png);
  return tile;
}

TilePtr TileRenderer::flat_tile(FlatLook f) {
  return flat_->get(f, [&] {
    TileGeometry g;
    if (f.look != FlatLook::kBackground) {
      // A box ring covering the whole tile in tile 0/0/0 units: drawn like any part.
      const geom::Box b = geom::tile_bounds({0, 0, 0});
      g.looks.push_back(f.look);
      g.parts.push_back(
          geom::Polygon{{{{b.minx, b.miny}, {b.maxx, b.miny}, {b.maxx, b.maxy}, {b.minx, b.maxy}, {b.minx, b.miny}}}});
    }
    // Drawn as tile 0/0/0 for its units only: a flat tile has no names or markers (else it would
    // not be flat), so zoom 0's must not be drawn on it.
    auto shared = std::make_shared<EncodedTile>(*paint(g, {0, 0, 0}, false));
    shared->shared = true;
    return TilePtr(std::move(shared));
  });
}

}  // namespace sahelmap::tiles
