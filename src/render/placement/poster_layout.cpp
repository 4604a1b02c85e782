#include "render/placement/poster_layout.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "proj/projector.hpp"
#include "proj/scene.hpp"
#include "render/placement/alt_text.hpp"
#include "render/placement/events.hpp"
#include "render/placement/furniture.hpp"
#include "render/placement/labels.hpp"
#include "render/placement/map_layers.hpp"
#include "render/placement/priority.hpp"
#include "render/words.hpp"
#include "util/error.hpp"

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
  const Words& w = words(rq.lang);
  std::string s = std::string(w.boundaries) + rq.data_credit + std::string(w.memberships) + rq.crs + ".";
  if (!events.empty()) {
    s += w.event_sources;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      s += (i ? "; " : "") + std::to_string(i + 1) + ". " + publisher(e) + ", " + short_date(e.date, rq.lang);
    }
    s += ".";
  }
  return s;
}

// A block of text across the page, top-left at (x, y).
Group text_group(Part part, const TextSpec& spec, double x, double y, const Color& color, const TextMeasurer& m) {
  const TextMetrics t = m.measure(spec);
  const Rect box{x, y, t.width, t.height};
  return {.part = part, .key = spec.text, .box = box, .shapes = {TextShape{.spec = spec, .box = box, .color = color}}};
}

}  // namespace

PosterLayout layout_poster(const PosterRequest& rq, const TextMeasurer& measure) {
  const Style& style = *rq.style;
  const Words& w = words(rq.lang);
  const double u = rq.dpi / 96.0;  // pixels per CSS pixel
  const double m = 18 * u;         // outer margin
  PosterLayout out;
  DisplayList& list = out.list;
  LayoutReport& L = out.report;
  list.width = rq.width, list.height = rq.height;
  L.crs = rq.crs;
  L.lang = rq.lang;

  using clock = std::chrono::steady_clock;
  auto seconds_since = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
  const auto t_start = clock::now();
  const proj::Projection projection(rq.crs);
  const geom::Box bbox_extent = proj::projected_extent(projection, rq.bbox);
  const std::vector<data::Event> events = events_in_view(rq, projection, bbox_extent);

  L.title = !rq.title.empty() ? rq.title : std::string(w.title);
  const std::string subtitle =
      !rq.subtitle.empty() ? rq.subtitle : std::string(w.subtitle) + long_date(rq.date, rq.lang);
  const double text_w = rq.width - 2 * m;
  const TextSpec title_spec{
      .text = L.title, .font = {.family = style.font, .size = 30 * u, .bold = true}, .wrap = text_w};
  const TextSpec sub_spec{.text = subtitle, .font = {.family = style.font, .size = 16 * u}, .wrap = text_w};
  const TextSpec foot_spec{
      .text = footnote_text(rq, events), .font = {.family = style.font, .size = 9.5 * u}, .wrap = text_w};
  const double title_h = measure.measure(title_spec).height, sub_h = measure.measure(sub_spec).height,
               foot_h = measure.measure(foot_spec).height;
  const double title_y = m;
  const double sub_y = title_y + title_h + 4 * u;
  const double map_y = sub_y + sub_h + 12 * u;
  const double foot_y = rq.height - m - foot_h;
  const Rect frame{m, map_y, rq.width - 2 * m, foot_y - 8 * u - map_y};
  if (frame.w < 50 || frame.h < 50)
    throw UsageError("size " + std::to_string(rq.width) + "x" + std::to_string(rq.height) + " at " +
                     std::to_string(static_cast<int>(rq.dpi)) + " dpi leaves no room for the map");
  L.map_frame = frame;

  const ViewTransform view(bbox_extent, frame);
  L.view = view;
  const proj::Scene scene = proj::build_scene(*rq.boundaries, projection, view.extent);
  if (scene.dropped_rings)
    L.warnings.push_back(std::to_string(scene.dropped_rings) +
                         " rings outside the projection's valid area were left out");

  // What is visible decides the legend, the labels and the alt text.
  const auto areas = visible_areas(scene, view);
  std::vector<std::string> visible;
  for (const auto& [code, a] : areas) visible.push_back(code);
  const Symbolization sym = symbolize(*rq.blocs, rq.date, style, rq.lang, visible);
  L.timings.project = seconds_since(t_start);
  const auto t_place = clock::now();

  // The page and the map.
  const Rect page{0, 0, static_cast<double>(rq.width), static_cast<double>(rq.height)};
  list.add(
      {.part = Part::Page,
       .box = page,
       .shapes = {RectShape{.rect = page,
                            .fill = style.background.luminance() < 0.2 ? style.background  // dark themes: dark page
                                                                       : Color{1, 1, 1, 1}}}});
  add_map(list, {.scene = &scene, .sym = &sym, .style = &style, .view = view, .unit = u});
  const std::uint16_t clip = list.add_clip(frame);

  // Layout, most important first: markers are fixed, then furniture in the corners that cover the
  // least, bloc members' names, callouts, capitals, other names.
  Occupancy occ;
  const LabelContext cx{.scene = &scene,
                        .view = &view,
                        .sym = &sym,
                        .style = &style,
                        .countries = rq.countries,
                        .lang = rq.lang,
                        .unit = u,
                        .measure = &measure};
  const std::vector<EventGroup> groups = group_events(events, projection, view, 14 * u);
  for (const auto& g : groups) occ.add(marker_box(g, u));

  auto cost = [&](const Rect& r) {
    double c = 0;
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 8; ++i) {
        const geom::Point q{r.x + r.w * (i + 0.5) / 8, r.y + r.h * (j + 0.5) / 8};
        const Color f = fill_at(cx, q);
        c += f == style.background ? 0 : f == style.land ? 1 : 4;
      }
    for (const auto& b : occ.boxes())
      if (r.intersects(b)) c += 1000;
    return c;
  };
  std::vector<int> used;
  LegendContent legend{.blocs = sym.legend, .capitals = rq.labels && rq.places};
  for (const auto& cat : data::kCategories)
    for (const auto& g : groups)
      for (const auto* e : g.events)
        if (e->category == cat.category &&
            std::find(legend.categories.begin(), legend.categories.end(), cat.category) == legend.categories.end())
          legend.categories.push_back(cat.category);
  const double inner = 12 * u;
  Rect legend_rect;
  if (!legend.blocs.empty() || !legend.categories.empty()) {
    const Rect size = legend_size(legend, style, rq.lang, u, measure);
    legend_rect = pick_corner(frame, size.w, size.h, inner, cost, used);
    occ.add(legend_rect);
    L.legend = sym.legend;
  }
  Rect inset_rect;
  if (rq.inset) {
    const double aspect = inset_aspect();  // projects Africa's extent: once
    const double iw = std::min(frame.w * 0.2, frame.h * 0.35 * aspect);
    inset_rect = pick_corner(frame, iw, iw / aspect, inner, cost, used);
    occ.add(inset_rect);
  }
  ScaleBar bar = make_scale_bar(projection, view, style, u, measure);
  {
    const Rect r = pick_corner(frame, bar.rect.w, bar.rect.h, inner, cost, used);
    bar.rect.x = r.x, bar.rect.y = r.y;
    occ.add(bar.rect);
    L.scale_bar = {bar.km, bar.px, bar.metres_per_px};
  }
  Rect north_rect;
  double north = 0;
  if (rq.north_arrow) {
    north = north_angle(projection, view);
    north_rect = pick_corner(frame, 30 * u, 42 * u, inner, cost, used);
    occ.add(north_rect);
  }

  std::vector<Label> labels;
  std::vector<Callout> callouts;
  std::vector<NumberTag> tags;
  if (rq.labels) {
    const LabelOrder order = label_order(areas, sym, style, frame);
    labels = place_country_labels(cx, order.members, occ);
    for (auto& l : place_country_labels(cx, order.large, occ)) labels.push_back(std::move(l));
    callouts = place_callouts(groups, style, rq.lang, frame, u, measure, occ);
    std::vector<bool> placed(groups.size());
    for (const auto& c : callouts) placed[c.group] = true;
    tags = place_number_tags(groups, placed, style, frame, u, measure, occ);
    if (rq.places)
      for (auto& l : place_capitals(cx, *rq.places, projection, order.members, occ)) labels.push_back(std::move(l));
    for (auto& l : place_country_labels(cx, order.small, occ)) labels.push_back(std::move(l));
  }

  // The display list, in painter's order.
  for (const auto& l : labels) {
    add_label(list, l, u, clip);
    L.labels.push_back({.part = l.part,
                        .text = l.spec.text,
                        .rect = l.rect,
                        .contrast = l.contrast,
                        .unknown_glyphs = l.unknown_glyphs});
  }
  std::vector<bool> has_callout(groups.size());
  for (const auto& c : callouts) {
    add_callout(list, c, groups[c.group].place, style, u, clip);
    has_callout[c.group] = true;
  }
  for (const auto& g : groups) add_marker(list, g, style, u, measure, clip);
  for (const auto& t : tags) add_number_tag(list, t, style, u, clip);
  if (!legend_rect.empty()) add_legend(list, legend_rect, legend, style, rq.lang, u, measure, clip);
  if (rq.inset)
    add_inset(
        list, inset_rect,
        {.boundaries = rq.boundaries, .sym = &sym, .style = &style, .main_projection = &projection, .main_view = &view},
        u);
  add_scale_bar(list, bar, style, rq.lang, u, measure, clip);
  if (rq.north_arrow) add_north_arrow(list, north_rect, north, style, u, measure, clip);
  list.add(text_group(Part::Title, title_spec, m, title_y, style.text, measure));
  list.add(text_group(Part::Subtitle, sub_spec, m, sub_y, style.text_muted, measure));
  list.add(text_group(Part::Footnote, foot_spec, m, foot_y, style.text_muted, measure));

  for (std::size_t gi = 0; gi < groups.size(); ++gi)
    for (std::size_t i = 0; i < groups[gi].events.size(); ++i)
      L.events.push_back({groups[gi].numbers[i], *groups[gi].events[i], has_callout[gi]});
  std::stable_sort(L.events.begin(), L.events.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
  L.alt_text = alt_text({.sym = &sym,
                         .countries = rq.countries,
                         .date = rq.date,
                         .lang = rq.lang,
                         .region = !rq.region.empty() ? rq.region : std::string(w.region),
                         .visible = visible,
                         .events = &groups,
                         .data_credit = rq.data_credit});
  L.timings.place = seconds_since(t_place);
  return out;
}

std::string layout_json(const DisplayList& list, const LayoutReport& r) {
  using nlohmann::json;
  auto rect = [](const Rect& x) { return json::array({x.x, x.y, x.w, x.h}); };
  json j;
  j["width"] = list.width;
  j["height"] = list.height;
  j["crs"] = r.crs;
  j["map"] = {{"frame", rect(r.map_frame)},
              {"extent", json::array({r.view.extent.minx, r.view.extent.miny, r.view.extent.maxx, r.view.extent.maxy})},
              {"scale", r.view.scale}};
  // The display list: every group, what it is and where; "boxes" are the top-level ones.
  j["groups"] = json::array();
  j["boxes"] = json::array();
  for (const auto& g : list.groups) {
    json e{{"kind", part_name(g.part)}, {"text", g.key}, {"rect", rect(g.box)}, {"ink", rect(g.ink)}};
    if (g.parent >= 0) e["parent"] = g.parent;
    if (g.clip) e["clip"] = rect(list.clips[g.clip]);
    e["shapes"] = g.shapes.size();
    if (g.parent < 0) j["boxes"].push_back({{"kind", e["kind"]}, {"text", g.key}, {"rect", e["rect"]}});
    j["groups"].push_back(std::move(e));
  }
  j["legend"] = json::array();
  j["legend_entries"] = json::array();
  for (const auto& e : r.legend) {
    j["legend"].push_back(e.label);
    j["legend_entries"].push_back(
        {{"label", e.label}, {"fill", e.fill.hex()}, {"hatch", e.hatch ? e.hatch->hex() : ""}});
  }
  j["scale_bar"] = {{"km", r.scale_bar.km}, {"px", r.scale_bar.px}, {"metres_per_px", r.scale_bar.metres_per_px}};
  j["labels"] = json::array();
  double min_contrast = 21;
  int unknown = 0;
  for (const auto& l : r.labels) {
    j["labels"].push_back({{"kind", part_name(l.part)},
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
                           {"id", e.event.id},
                           {"date", e.event.date.str()},
                           {"title", e.event.title_in(r.lang)},
                           {"category", std::string(data::info(e.event.category).key)},
                           {"place", e.event.place},
                           {"source", e.event.source},
                           {"callout", e.callout}});
  j["alt_text"] = r.alt_text;
  j["timings"] = {{"project", r.timings.project},
                  {"place", r.timings.place},
                  {"draw", r.timings.draw},
                  {"encode", r.timings.encode}};
  j["warnings"] = r.warnings;
  return j.dump(2) + "\n";
}

}  // namespace sahelmap::render
