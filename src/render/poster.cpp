#include "render/poster.hpp"

#include <chrono>

#include "render/cairo_painter.hpp"
#include "render/pango_text.hpp"
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

PosterResult make_poster(const PosterRequest& rq, Format format) {
  using clock = std::chrono::steady_clock;
  auto seconds_since = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
  const PangoMeasurer measure;
  PosterResult result{.layout = layout_poster(rq, measure)};
  LayoutReport& L = result.layout.report;
  const DisplayList& list = result.layout.list;

  const auto t_draw = clock::now();
  Canvas canvas(format, rq.width, rq.height, rq.dpi,
                {.title = L.title,
                 .description = L.alt_text,
                 .keywords = "Sahel, AES, ECOWAS, map",
                 .date = rq.date.str(),
                 .metadata_xml = provenance_xml(rq, L)});
  canvas.draw_banded([&](cairo_t* cr, double y0, double y1) { paint(cr, list, {0, y0, list.width, y1 - y0}); });
  L.timings.draw = seconds_since(t_draw);
  const auto t_encode = clock::now();
  result.bytes = canvas.finish();
  L.timings.encode = seconds_since(t_encode);
  return result;
}

}  // namespace sahelmap::render
