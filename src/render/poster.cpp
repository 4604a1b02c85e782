#include "render/poster.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "geom/clip.hpp"
#include "proj/projector.hpp"
#include "proj/scene.hpp"
#include "render/symbolize.hpp"
#include "render/text.hpp"
#include "util/error.hpp"

namespace sahelmap::render {

namespace {

const char* kMonthsEn[] = {"January", "February", "March",     "April",   "May",      "June",
                           "July",    "August",   "September", "October", "November", "December"};
const char* kMonthsFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                           "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

std::string long_date(const data::Date& d, const std::string& lang) {
  const std::string s = d.str();
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  if (lang == "fr") return std::to_string(day) + (day == 1 ? "er " : " ") + kMonthsFr[month - 1] + " " + s.substr(0, 4);
  return std::to_string(day) + " " + kMonthsEn[month - 1] + " " + s.substr(0, 4);
}

void draw_swatch(cairo_t* cr, const Rect& r, const LegendEntry& e, const Style& style, double unit) {
  cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  set_source(cr, e.fill);
  cairo_fill_preserve(cr);
  if (e.hatch) {
    cairo_save(cr);
    cairo_clip_preserve(cr);
    hatch_clip(cr, *e.hatch, style.hatch_width * unit, style.hatch_spacing * unit);
    cairo_restore(cr);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
  }
  set_source(cr, style.frame);
  cairo_set_line_width(cr, 0.75 * unit);
  cairo_stroke(cr);
}

}  // namespace

PosterResult make_poster(const PosterRequest& rq) {
  const Style& style = *rq.style;
  const bool fr = rq.lang == "fr";
  const double u = rq.dpi / 96.0;  // pixels per CSS pixel
  const double m = 18 * u;          // outer margin
  PosterResult result;
  LayoutReport& L = result.layout;
  L.width = rq.width, L.height = rq.height, L.crs = rq.crs;

  const std::string title = !rq.title.empty() ? rq.title
                            : fr ? "Le Sahel et ses alliances"
                                 : "Who stands where in the Sahel";
  const std::string subtitle =
      !rq.subtitle.empty() ? rq.subtitle
      : fr ? "Alliance des États du Sahel, CEDEAO et partenaires extérieurs au " + long_date(rq.date, rq.lang)
           : "The Alliance of Sahel States, ECOWAS and outside partners on " + long_date(rq.date, rq.lang);
  const double text_w = rq.width - 2 * m;
  const TextBlock title_t(title, {style.font, 30 * u, true}, text_w);
  const TextBlock sub_t(subtitle, {style.font, 16 * u}, text_w);
  const std::string credit =
      (fr ? "Frontières : " : "Boundaries: ") + rq.data_credit +
      (fr ? " · Appartenances : shapes/blocs.csv (sources citées) · Projection : "
          : " · Memberships: shapes/blocs.csv (sources cited) · Projection: ") + rq.crs;
  const TextBlock credit_t(credit, {style.font, 10.5 * u}, text_w);

  const double title_y = m;
  const double sub_y = title_y + title_t.height() + 4 * u;
  const double map_y = sub_y + sub_t.height() + 12 * u;
  const double credit_y = rq.height - m - credit_t.height();
  const Rect frame{m, map_y, rq.width - 2 * m, credit_y - 8 * u - map_y};
  if (frame.w < 50 || frame.h < 50)
    throw UsageError("size " + std::to_string(rq.width) + "x" + std::to_string(rq.height) +
                     " at " + std::to_string(static_cast<int>(rq.dpi)) + " dpi leaves no room for the map");
  L.map_frame = frame;
  L.boxes.push_back({"title", title, {m, title_y, title_t.width(), title_t.height()}});
  L.boxes.push_back({"subtitle", subtitle, {m, sub_y, sub_t.width(), sub_t.height()}});
  L.boxes.push_back({"credit", credit, {m, credit_y, credit_t.width(), credit_t.height()}});

  // Project for the frame's extent.
  const proj::Projection projection(rq.crs);
  const ViewTransform view(proj::projected_extent(projection, rq.bbox), frame);
  L.view = view;
  const proj::Scene scene = proj::build_scene(*rq.boundaries, projection, view.extent);
  if (scene.dropped_rings)
    L.warnings.push_back(std::to_string(scene.dropped_rings) +
                         " rings outside the projection's valid area were left out");

  // The legend lists what is visible, not what the projection window happened to keep.
  std::vector<std::string> present;
  geom::RectClipper visible(view.extent);
  geom::Polygon piece;
  for (const auto& c : scene.countries)
    for (const auto& poly : c.area) {
      visible.clip(poly, piece);
      if (!piece.empty()) {
        present.push_back(c.code);
        break;
      }
    }
  const Symbolization sym = symbolize(*rq.blocs, rq.date, style, rq.lang, present);

  DocumentInfo info;
  info.title = title;
  info.description = subtitle;
  info.keywords = "Sahel, AES, ECOWAS, map";
  info.date = rq.date.str();
  Canvas canvas(rq.format, rq.width, rq.height, rq.dpi, info);
  cairo_t* cr = canvas.cr();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  MapPainter(style, u).paint(cr, scene, sym, view);

  title_t.draw(cr, m, title_y, style.text);
  sub_t.draw(cr, m, sub_y, style.text_muted);
  credit_t.draw(cr, m, credit_y, style.text_muted);

  // Legend: bottom-left inside the frame (the Atlantic on the default view).
  if (!sym.legend.empty()) {
    const double pad = 10 * u, sw = 22 * u, sh = 14 * u, gap = 6 * u;
    const Font lf{style.font, 12.5 * u};
    std::vector<TextBlock> labels;
    double lw = 0, lh = 0;
    const TextBlock head(fr ? "Légende" : "Legend", {style.font, 13 * u, true});
    for (const auto& e : sym.legend) {
      labels.emplace_back(e.label, lf, frame.w * 0.4);
      lw = std::max(lw, labels.back().width());
      lh += std::max(sh, labels.back().height()) + gap;
      L.legend.push_back(e.label);
    }
    const double bw = pad * 2 + sw + 8 * u + std::max(lw, head.width());
    const double bh = pad * 2 + head.height() + gap + lh - gap;
    const Rect box{frame.x + 12 * u, frame.y + frame.h - bh - 12 * u, bw, bh};
    L.boxes.push_back({"legend", "", box});
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    set_source(cr, style.panel);
    cairo_fill_preserve(cr);
    set_source(cr, style.frame);
    cairo_set_line_width(cr, 0.75 * u);
    cairo_stroke(cr);
    head.draw(cr, box.x + pad, box.y + pad, style.text);
    double y = box.y + pad + head.height() + gap;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const double row = std::max(sh, labels[i].height());
      draw_swatch(cr, {box.x + pad, y + (row - sh) / 2, sw, sh}, sym.legend[i], style, u);
      labels[i].draw(cr, box.x + pad + sw + 8 * u, y + (row - labels[i].height()) / 2, style.text);
      y += row + gap;
    }
  }
  result.bytes = canvas.finish();
  return result;
}

std::string layout_json(const LayoutReport& r) {
  using nlohmann::json;
  auto rect = [](const Rect& x) { return json::array({x.x, x.y, x.w, x.h}); };
  json j;
  j["width"] = r.width;
  j["height"] = r.height;
  j["crs"] = r.crs;
  j["map"] = {{"frame", rect(r.map_frame)},
              {"extent", json::array({r.view.extent.minx, r.view.extent.miny, r.view.extent.maxx, r.view.extent.maxy})},
              {"scale", r.view.scale}};
  j["boxes"] = json::array();
  for (const auto& b : r.boxes) j["boxes"].push_back({{"kind", b.kind}, {"text", b.text}, {"rect", rect(b.rect)}});
  j["legend"] = r.legend;
  j["warnings"] = r.warnings;
  return j.dump(2) + "\n";
}

}  // namespace sahelmap::render
