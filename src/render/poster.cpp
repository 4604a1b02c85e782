#include "render/poster.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "geom/clip.hpp"
#include "proj/projector.hpp"
#include "proj/scene.hpp"
#include "render/alt_text.hpp"
#include "render/event_layer.hpp"
#include "render/furniture.hpp"
#include "render/labels.hpp"
#include "render/symbolize.hpp"
#include "render/text.hpp"
#include "util/error.hpp"
#include "util/xml.hpp"

namespace sahelmap::render {

namespace {

// Events up to the date inside the bbox's projected extent (always inside the frame, which only
// ever shows more): they are numbered in date order for callouts and the footnote.
std::vector<data::Event> events_in_view(const PosterRequest& rq, const proj::Projection& p, const geom::Box& extent) {
  std::vector<data::Event> out;
  if (!rq.events) return out;
  for (const auto& e : data::events_until(*rq.events, rq.date)) {
    const geom::Point m = p.forward(e.lonlat);
    if (std::isfinite(m.x) && extent.contains(m)) out.push_back(e);
  }
  return out;
}

// "Publisher (Agency): Headline" -> "Publisher (Agency)"; else the web site's name.
std::string publisher(const data::Event& e) {
  const auto colon = e.source_title.find(": ");
  if (!e.source_title.empty()) return colon == std::string::npos ? e.source_title : e.source_title.substr(0, colon);
  std::string host = e.source;
  if (const auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
  host = host.substr(0, host.find('/'));
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

std::string footnote_text(const PosterRequest& rq, const std::vector<data::Event>& events) {
  const bool fr = rq.lang == "fr";
  std::string s = (fr ? "Frontières : " : "Boundaries: ") + rq.data_credit +
                  (fr ? ". Appartenances : shapes/blocs.csv (sources citées). Projection : "
                      : ". Memberships: shapes/blocs.csv (sources cited). Projection: ") +
                  rq.crs + ".";
  if (!events.empty()) {
    s += fr ? " Sources des événements : " : " Event sources: ";
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      s += (i ? "; " : "") + std::to_string(i + 1) + ". " + publisher(e) + ", " + short_date(e.date, rq.lang);
    }
    s += ".";
  }
  return s;
}

std::string provenance_xml(const std::vector<data::Event>& events, const data::Date& date) {
  std::string x = "<sm:provenance xmlns:sm=\"urn:sahelmap:provenance\" date=\"" + date.str() + "\">\n";
  x += "<sm:source role=\"boundaries\">Natural Earth (public domain)</sm:source>\n";
  x += "<sm:source role=\"memberships\">sahelmap shapes/blocs.csv</sm:source>\n";
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    x += "<sm:event number=\"" + std::to_string(i + 1) + "\" id=\"" + xml_escape(e.id) + "\" date=\"" + e.date.str() +
         "\" category=\"" + xml_escape(e.category) + "\" place=\"" + xml_escape(e.place) + "\" source=\"" +
         xml_escape(e.source) + "\">" + xml_escape(e.title) + "</sm:event>\n";
  }
  return x + "</sm:provenance>\n";
}

}  // namespace

PosterResult make_poster(const PosterRequest& rq) {
  const Style& style = *rq.style;
  const bool fr = rq.lang == "fr";
  const double u = rq.dpi / 96.0;  // pixels per CSS pixel
  const double m = 18 * u;         // outer margin
  PosterResult result;
  LayoutReport& L = result.layout;
  L.width = rq.width, L.height = rq.height, L.crs = rq.crs;

  using clock = std::chrono::steady_clock;
  auto seconds_since = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
  const auto t_start = clock::now();
  const proj::Projection projection(rq.crs);
  const geom::Box bbox_extent = proj::projected_extent(projection, rq.bbox);
  const std::vector<data::Event> events = events_in_view(rq, projection, bbox_extent);

  const std::string title = !rq.title.empty() ? rq.title
                            : fr              ? "Le Sahel et ses alliances"
                                              : "Who stands where in the Sahel";
  const std::string subtitle =
      !rq.subtitle.empty() ? rq.subtitle
      : fr ? "Alliance des États du Sahel, CEDEAO et partenaires extérieurs au " + long_date(rq.date, rq.lang)
           : "The Alliance of Sahel States, ECOWAS and outside partners on " + long_date(rq.date, rq.lang);
  const double text_w = rq.width - 2 * m;
  const TextBlock title_t(title, {style.font, 30 * u, true}, text_w);
  const TextBlock sub_t(subtitle, {style.font, 16 * u}, text_w);
  const std::string foot = footnote_text(rq, events);
  const TextBlock foot_t(foot, {style.font, 9.5 * u}, text_w);

  const double title_y = m;
  const double sub_y = title_y + title_t.height() + 4 * u;
  const double map_y = sub_y + sub_t.height() + 12 * u;
  const double foot_y = rq.height - m - foot_t.height();
  const Rect frame{m, map_y, rq.width - 2 * m, foot_y - 8 * u - map_y};
  if (frame.w < 50 || frame.h < 50)
    throw UsageError("size " + std::to_string(rq.width) + "x" + std::to_string(rq.height) + " at " +
                     std::to_string(static_cast<int>(rq.dpi)) + " dpi leaves no room for the map");
  L.map_frame = frame;
  L.boxes.push_back({"title", title, {m, title_y, title_t.width(), title_t.height()}});
  L.boxes.push_back({"subtitle", subtitle, {m, sub_y, sub_t.width(), sub_t.height()}});
  L.boxes.push_back({"footnote", foot, {m, foot_y, foot_t.width(), foot_t.height()}});

  const ViewTransform view(bbox_extent, frame);
  L.view = view;
  const proj::Scene scene = proj::build_scene(*rq.boundaries, projection, view.extent);
  if (scene.dropped_rings)
    L.warnings.push_back(std::to_string(scene.dropped_rings) +
                         " rings outside the projection's valid area were left out");

  // What is visible decides the legend, the labels and the alt text.
  std::vector<std::string> visible;
  std::map<std::string, double> visible_area;
  {
    geom::RectClipper clip_view(view.extent);
    geom::Polygon piece;
    for (const auto& c : scene.countries)
      for (const auto& poly : c.area) {
        clip_view.clip(poly, piece);
        if (piece.empty()) continue;
        if (!visible_area.count(c.code)) visible.push_back(c.code);
        visible_area[c.code] += std::abs(geom::signed_area(piece));
      }
  }
  const Symbolization sym = symbolize(*rq.blocs, rq.date, style, rq.lang, visible);
  L.timings.project = seconds_since(t_start);
  const auto t_draw = clock::now();

  DocumentInfo info;
  info.title = title;
  info.keywords = "Sahel, AES, ECOWAS, map";
  info.date = rq.date.str();
  info.metadata_xml = provenance_xml(events, rq.date);

  Canvas canvas(rq.format, rq.width, rq.height, rq.dpi, info);
  cairo_t* cr = canvas.cr();
  canvas.draw_banded([&](cairo_t* band, double y0, double y1) {
    cairo_set_source_rgb(band, 1, 1, 1);
    if (style.background.luminance() < 0.2) set_source(band, style.background);  // dark themes: dark page
    cairo_paint(band);
    MapPainter(style, u).paint(band, scene, sym, view, y0, y1);
  });

  // Layout, most important first: markers are fixed, then furniture in the corners that cover the
  // least, bloc members' names, callouts, capitals, other names.
  Occupancy occ;
  const LabelContext cx{&scene, &view, &sym, &style, rq.countries, rq.lang, u};
  const std::vector<EventGroup> groups = group_events(events, projection, view, 14 * u);
  for (const auto& g : groups) occ.add("marker", g.place, marker_box(g, u));

  auto cost = [&](const Rect& r) {
    double c = 0;
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 8; ++i) {
        const geom::Point q{r.x + r.w * (i + 0.5) / 8, r.y + r.h * (j + 0.5) / 8};
        const Color f = fill_at(cx, q);
        c += f == style.background ? 0 : f == style.land ? 1 : 4;
      }
    for (const auto& b : occ.boxes())
      if (r.intersects(b.rect)) c += 1000;
    return c;
  };
  std::vector<int> used;
  LegendContent legend{sym.legend, {}, rq.labels && rq.places};
  for (const auto& cat : data::event_categories())
    for (const auto& g : groups)
      for (const auto* e : g.events)
        if (e->category == cat &&
            std::find(legend.categories.begin(), legend.categories.end(), cat) == legend.categories.end())
          legend.categories.push_back(cat);
  const double inner = 12 * u;
  Rect legend_rect;
  if (!legend.blocs.empty() || !legend.categories.empty()) {
    const Rect size = legend_size(legend, style, rq.lang, u);
    legend_rect = pick_corner(frame, size.w, size.h, inner, cost, used);
    occ.add("legend", "", legend_rect);
    L.boxes.push_back({"legend", "", legend_rect});
    for (const auto& e : sym.legend) L.legend.push_back(e.label);
    L.legend_entries = sym.legend;
  }
  Rect inset_rect;
  if (rq.inset) {
    const double w = std::min(frame.w * 0.2, frame.h * 0.35 * inset_aspect());
    inset_rect = pick_corner(frame, w, w / inset_aspect(), inner, cost, used);
    occ.add("inset", "", inset_rect);
    L.boxes.push_back({"inset", "", inset_rect});
  }
  ScaleBar bar = make_scale_bar(projection, view, u);
  {
    const Rect r = pick_corner(frame, bar.rect.w, bar.rect.h, inner, cost, used);
    bar.rect.x = r.x, bar.rect.y = r.y;
    occ.add("scale_bar", "", bar.rect);
    L.boxes.push_back({"scale_bar", "", bar.rect});
    L.scale_bar = {bar.km, bar.px, bar.metres_per_px};
  }
  Rect north_rect;
  double north = 0;
  if (rq.north_arrow) {
    north = north_angle(projection, view);
    north_rect = pick_corner(frame, 30 * u, 42 * u, inner, cost, used);
    occ.add("north_arrow", "", north_rect);
    L.boxes.push_back({"north_arrow", "", north_rect});
  }

  std::vector<Label> labels;
  std::vector<Callout> callouts;
  std::vector<NumberTag> tags;
  if (rq.labels) {
    // Bloc members in style order, the largest first within a bloc.
    std::vector<std::string> members, others;
    for (const auto& b : style.blocs)
      for (const auto& [code, look] : sym.looks)
        if (look.affiliations.front().bloc == &b && visible_area.count(code)) members.push_back(code);
    auto by_area = [&](const std::string& a, const std::string& b) { return visible_area[a] > visible_area[b]; };
    std::stable_sort(members.begin(), members.end(), [&](const std::string& a, const std::string& b) {
      const auto ra = sym.look(a)->affiliations.front().bloc, rb = sym.look(b)->affiliations.front().bloc;
      return ra != rb ? ra < rb : by_area(a, b);
    });
    for (const auto& code : visible)
      if (!sym.look(code)) others.push_back(code);
    std::stable_sort(others.begin(), others.end(), by_area);
    // Large neighbours (Algeria, Chad) are named before callouts take space; small ones after.
    std::vector<std::string> big, small;
    for (const auto& code : others)
      (visible_area[code] * view.scale * view.scale > 0.02 * frame.w * frame.h ? big : small).push_back(code);
    labels = place_country_labels(cx, members, occ);
    for (auto& l : place_country_labels(cx, big, occ)) labels.push_back(std::move(l));
    callouts = place_callouts(groups, style, rq.lang, frame, u, occ);
    std::vector<bool> placed(groups.size());
    for (const auto& c : callouts) placed[c.group] = true;
    tags = place_number_tags(groups, placed, style, frame, u, occ);
    if (rq.places) {
      auto caps = place_capitals(cx, *rq.places, projection, members, occ);
      labels.insert(labels.end(), caps.begin(), caps.end());
    }
    auto rest = place_country_labels(cx, small, occ);
    labels.insert(labels.end(), rest.begin(), rest.end());
  }

  // Drawing, in painter's order.
  cairo_save(cr);
  cairo_rectangle(cr, frame.x, frame.y, frame.w, frame.h);
  cairo_clip(cr);
  for (const auto& l : labels) draw_label(cr, l, u);
  for (const auto& c : callouts) draw_callout(cr, c, style, u);
  for (const auto& g : groups) draw_marker(cr, g, style, u);
  for (const auto& t : tags) draw_number_tag(cr, t, style, u);
  if (legend_rect.w > 0) draw_legend(cr, legend_rect, legend, style, rq.lang, u);
  if (rq.inset) {
    InsetRequest ir{rq.boundaries, &sym, &style, &projection, &view};
    draw_inset(cr, inset_rect, ir, u);
  }
  draw_scale_bar(cr, bar, style, rq.lang, u);
  if (rq.north_arrow) draw_north_arrow(cr, north_rect, north, style, u);
  cairo_restore(cr);
  title_t.draw(cr, m, title_y, style.text);
  sub_t.draw(cr, m, sub_y, style.text_muted);
  foot_t.draw(cr, m, foot_y, style.text_muted);

  for (const auto& l : labels) {
    L.boxes.push_back({l.kind, l.text, l.rect});
    L.labels.push_back({l.kind, l.text, l.rect, l.contrast, l.unknown_glyphs});
  }
  for (const auto& t : tags) L.boxes.push_back({"event_numbers", t.text, t.rect});
  std::vector<bool> has_callout(groups.size());
  for (const auto& c : callouts) {
    L.boxes.push_back({"callout", groups[c.group].place, c.rect});
    has_callout[c.group] = true;
  }
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    L.boxes.push_back({"marker", groups[gi].place, marker_box(groups[gi], u)});
    for (std::size_t i = 0; i < groups[gi].events.size(); ++i) {
      const data::Event& e = *groups[gi].events[i];
      L.events.push_back({groups[gi].numbers[i], e.id, e.date.str(), e.title_in(rq.lang), e.category, e.place, e.source,
                          has_callout[gi]});
    }
  }
  AltTextInput alt{&sym,
                   rq.countries,
                   rq.date,
                   rq.lang,
                   !rq.region.empty() ? rq.region
                   : fr               ? "l'Afrique de l'Ouest et du Sahel"
                                      : "West Africa and the Sahel",
                   visible,
                   &groups};
  L.alt_text = alt_text(alt);
  canvas.set_description(L.alt_text);
  L.timings.draw = seconds_since(t_draw);
  const auto t_encode = clock::now();
  result.bytes = canvas.finish();
  L.timings.encode = seconds_since(t_encode);
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
  j["legend_entries"] = json::array();
  for (const auto& e : r.legend_entries)
    j["legend_entries"].push_back(
        {{"label", e.label}, {"fill", e.fill.hex()}, {"hatch", e.hatch ? e.hatch->hex() : ""}});
  j["scale_bar"] = {{"km", r.scale_bar.km}, {"px", r.scale_bar.px}, {"metres_per_px", r.scale_bar.metres_per_px}};
  j["labels"] = json::array();
  double min_contrast = 21;
  int unknown = 0;
  for (const auto& l : r.labels) {
    j["labels"].push_back({{"kind", l.kind},
                           {"text", l.text},
                           {"rect", rect(l.rect)},
                           {"contrast", l.contrast},
                           {"unknown_glyphs", l.unknown_glyphs}});
    min_contrast = std::min(min_contrast, l.contrast);
    unknown += l.unknown_glyphs;
  }
  j["min_label_contrast"] = min_contrast;
  j["unknown_glyphs"] = unknown;
  j["events"] = json::array();
  for (const auto& e : r.events)
    j["events"].push_back({{"number", e.number},
                           {"id", e.id},
                           {"date", e.date},
                           {"title", e.title},
                           {"category", e.category},
                           {"place", e.place},
                           {"source", e.source},
                           {"callout", e.callout}});
  j["alt_text"] = r.alt_text;
  j["timings"] = {{"project", r.timings.project}, {"draw", r.timings.draw}, {"encode", r.timings.encode}};
  j["warnings"] = r.warnings;
  return j.dump(2) + "\n";
}

}  // namespace sahelmap::render
