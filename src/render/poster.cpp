#include "render/poster.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "render/cairo_painter.hpp"
#include "render/html_embed.hpp"
#include "render/pango_text.hpp"
#include "render/svg_writer.hpp"
#include "util/xml.hpp"

namespace sahelmap::render {

namespace {

// The sources of what is drawn, for the SVG's <metadata>: the boundaries actually used, the
// membership table, and every event with its number, date and source.
std::string provenance_xml(const PosterRequest& rq, const LayoutReport& r) {
  std::string x = "<sm:provenance xmlns:sm=\"urn:sahelmap:provenance\" date=\"" + rq.date.str() + "\">\n";
  x += "<sm:source role=\"boundaries\">" + xml_escape(rq.data_credit) + "</sm:source>\n";
  x += "<sm:source role=\"memberships\">sahelmap shapes/blocs.csv</sm:source>\n";
  for (const auto& info : r.events) {
    const data::Event& e = info.event;
    x += "<sm:event number=\"" + std::to_string(info.number) + "\" id=\"" + xml_escape(e.id) + "\" date=\"" +
         e.date.str() + "\" category=\"" + std::string(data::info(e.category).key) + "\" place=\"" +
         xml_escape(e.place) + "\" source=\"" + xml_escape(e.source) + "\">" + xml_escape(e.title) + "</sm:event>\n";
  }
  return x + "</sm:provenance>\n";
}

}  // namespace

namespace {

// A PNG poster: the page and the map are drawn on the spare cores while the rest is laid out
// (the layout's thread joins in when it is done), the rest on top of each band once it is (all
// again, on a fresh canvas, if a later pass of the layout changed the map), each band's rows
// encoded as soon as it has both. The pixels of one sitting.
PosterResult png_poster(const PosterRequest& rq, const TextMeasurer& measure) {
  using clock = std::chrono::steady_clock;
  const auto seconds = [](clock::duration d) { return std::chrono::duration<double>(d).count(); };
  std::unique_ptr<Canvas> canvas;
  std::optional<DisplayList> base;
  clock::time_point t_start;
  std::optional<Canvas::Sitting> sitting;  // after what it draws with: abandoned (joined) first
  const BaseReady base_ready = [&](const DisplayList& list) {
    if (std::thread::hardware_concurrency() < 2) return;  // nothing to draw beside
    canvas = std::make_unique<Canvas>(Format::Png, rq.width, rq.height, rq.dpi, DocumentInfo{});
    base = list;
    t_start = clock::now();
    sitting.emplace(
        *canvas,
        [&](cairo_t* cr, double y0, double y1) {
          paint(cr, *base, {0, y0, base->width, y1 - y0});
        },
        Canvas::Sitting::Options{.encode = true, .second_layer = true});
    sitting->help();
  };
  PosterResult result{.layout = layout_poster(rq, measure, base_ready)};
  const auto t_draw = clock::now();
  const DisplayList& list = result.layout.list;
  LayoutReport& L = result.layout.report;
  if (sitting && result.layout.first_pass) {
    const std::size_t from = result.layout.base_groups;
    sitting->then([&](cairo_t* cr, double y0, double y1) { paint(cr, list, {0, y0, list.width, y1 - y0}, from); });
    const double drawn = sitting->finish();
    result.bytes = sitting->bytes();
    // "draw": from the end of the layout to the last band drawn; "encode": what is left after it.
    // What was drawn beside the layout is in neither.
    L.timings.draw = std::max(0.0, seconds(t_start - t_draw) + drawn);
    L.timings.encode = seconds(clock::now() - t_draw) - L.timings.draw;
    return result;
  }
  sitting.reset();  // a later pass changed the map: all again on a fresh canvas
  canvas = std::make_unique<Canvas>(Format::Png, rq.width, rq.height, rq.dpi, DocumentInfo{});
  double drawn = 0;
  result.bytes = canvas->draw_and_finish(
      [&](cairo_t* cr, double y0, double y1) {
        paint(cr, list, {0, y0, list.width, y1 - y0});
      },
      &drawn);
  L.timings.draw = drawn;
  L.timings.encode = seconds(clock::now() - t_draw) - drawn;
  return result;
}

}  // namespace

PosterResult make_poster(const PosterRequest& rq, Format format) {
  using clock = std::chrono::steady_clock;
  auto seconds_since = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
  const PangoMeasurer measure;
  if (format == Format::Png && rq.dates.size() < 2) return png_poster(rq, measure);
  PosterResult result{.layout = layout_poster(rq, measure)};
  LayoutReport& L = result.layout.report;
  const DisplayList& list = result.layout.list;

  const auto t_draw = clock::now();
  if (format == Format::Svg) {  // our own writer: live text, layers, ids (render/svg_writer.hpp)
    const std::string svg = write_svg(
        list, {.title = L.title, .description = L.alt_text, .metadata_xml = provenance_xml(rq, L), .lang = rq.lang});
    L.timings.draw = seconds_since(t_draw);
    result.bytes.assign(svg.begin(), svg.end());
    return result;
  }
  Canvas canvas(format, rq.width, rq.height, rq.dpi,
                {.title = L.title,
                 .description = L.alt_text,
                 .keywords = "Sahel, AES, ECOWAS, map",
                 .date = rq.date.str(),
                 .metadata_xml = provenance_xml(rq, L)});
  // A PNG's rows are encoded as their band is drawn: "encode" is the time after the last band.
  double drawn = 0;
  result.bytes = canvas.draw_and_finish(
      [&](cairo_t* cr, double y0, double y1) {
        paint(cr, list, {0, y0, list.width, y1 - y0});
      },
      &drawn);
  L.timings.draw = drawn;
  L.timings.encode = seconds_since(t_draw) - drawn;
  return result;
}

// A phone's map of the whole bbox was mostly sea and desert around markers too big for it, their
// leaders crossing and Abuja named beside Niamey's marker.
geom::Box focus_box(const PosterRequest& rq) {
  const geom::Box& all = rq.bbox;
  if (!rq.boundaries || !rq.boundaries->geographic || !rq.blocs || !rq.style || rq.style->blocs.empty() ||
      all.maxx > 180)
    return all;
  const std::string& first = rq.style->blocs.front().id;
  geom::Box box;
  for (const auto& row : rq.blocs->rows()) {
    if (row.bloc != first || !row.active_on(rq.date)) continue;
    for (const auto& shape : rq.boundaries->shapes) {
      if (shape.code != row.country || shape.geometry.empty()) continue;
      const auto area = [](const geom::Polygon& p) {
        return p.rings.empty() ? 0 : std::abs(geom::signed_area(p.rings[0]));
      };
      const auto largest = std::max_element(shape.geometry.begin(), shape.geometry.end(),
                                            [&](const auto& a, const auto& b) { return area(a) < area(b); });
      if (const geom::Box b = geom::bounds(*largest); b.intersects(all)) box.expand(b);
    }
  }
  if (!box.valid()) return all;  // the bloc is not in view: nothing to focus on
  if (rq.events)
    for (const auto& e : *rq.events)
      if (e.date <= rq.date && all.contains(e.lonlat)) box.expand(e.lonlat);
  const double gx = box.width() / 4, gy = box.height() / 4;
  const geom::Box grown{.minx = std::max(all.minx, box.minx - gx),
                        .miny = std::max(all.miny, box.miny - gy),
                        .maxx = std::min(all.maxx, box.maxx + gx),
                        .maxy = std::min(all.maxy, box.maxy + gy)};
  if (!grown.valid() || grown.width() > 0.85 * all.width()) return all;
  return grown;
}

PosterResult make_embed(const PosterRequest& rq, const Style& dark) {
  // One layout pixel is one CSS pixel; type at 1.42 times the poster's, so that the smallest
  // (the scale bar's note, 8.5) is 12 CSS px, and names are not shrunk below that. Each artboard
  // is made for the narrowest page it shows on (less the page's 12 px margins): it only grows.
  // The smaller boards have no scale bar (its note is the smallest type, 8.5) and 1.2 suffices;
  // a phone names only the capitals that matter.
  struct Board {
    const char* name;
    int width, height;
    double from, to, unit;
  };
  constexpr std::array<Board, 3> kBoards{{{"phone", 296, 300, 0, 600, 1.2},
                                          {"tablet", 576, 420, 600, 1000, 1.2},
                                          {"desktop", 976, 640, 1000, 0, 12.0 / 8.5}}};
  std::array<PosterLayout, 6> layouts;
  std::array<std::exception_ptr, 6> errors;
  auto lay = [&](std::size_t i) {
    try {
      const Board& b = kBoards[i / 2];
      PosterRequest r = rq;
      r.width = b.width, r.height = b.height, r.dpi = 96 * b.unit;
      if (rq.dates.size() >= 2) {
        // Small multiples: a board as tall as its panels need, one column below a desktop's
        // width, two on it (three in a row left each map too small for its names); type at the
        // smaller boards' size, the panels being small maps.
        const int n = static_cast<int>(rq.dates.size()), cols = b.width < 900 ? 1 : 2;
        r.dpi = 96 * 1.2;
        // A phone's or tablet's panels are too small for three partners' arrows and names beside
        // the markers: the legend names the partners.
        r.partner_arrows = b.width >= 900;
        r.height = static_cast<int>(std::lround((b.width / cols) * 0.62 + 40)) * ((n + cols - 1) / cols) + 24;
      }
      r.page_text = false, r.legend = false, r.list_outside = true, r.min_font = 12;
      r.inset = rq.inset && b.width >= 500;
      r.scale_bar = b.width >= 900;
      r.other_capitals = b.width >= 500;
      if (b.width < 500) r.bbox = focus_box(rq);
      if (i % 2) r.style = &dark;
      const PangoMeasurer measure;
      layouts[i] = layout_poster(r, measure);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> pool;
    for (std::size_t i = 1; i < layouts.size(); ++i) pool.emplace_back(lay, i);
    lay(0);
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<Artboard> boards;
  for (std::size_t b = 0; b < kBoards.size(); ++b)
    boards.push_back({.name = kBoards[b].name,
                      .min_width = kBoards[b].from,
                      .max_width = kBoards[b].to,
                      .light = &layouts[2 * b],
                      .dark = &layouts[2 * b + 1],
                      .light_style = rq.style,
                      .dark_style = &dark});
  // A sheet's board ends below its last panel (its height was a guess made before the grid).
  if (rq.dates.size() >= 2)
    for (PosterLayout& l : layouts) {
      double bottom = 0;
      for (const Group& g : l.list.groups)
        if (g.part != Part::Page) bottom = std::max(bottom, g.ink.y + g.ink.h);
      l.list.height = std::min(l.list.height, std::ceil(bottom + 12));
    }
  const LayoutReport& desk = layouts[4].report;
  const std::string html = write_html(boards, {.lang = rq.lang,
                                               .title = desk.title,
                                               .subtitle = desk.subtitle,
                                               .description = desk.alt_text,
                                               .sources = desk.footnote});
  PosterResult result{.bytes = {html.begin(), html.end()}, .layout = std::move(layouts[4])};
  return result;
}

}  // namespace sahelmap::render
