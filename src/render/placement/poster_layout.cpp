#include "render/placement/poster_layout.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "proj/projector.hpp"
#include "proj/scene.hpp"
#include "render/placement/alt_text.hpp"
#include "render/placement/cover_grid.hpp"
#include "render/placement/events.hpp"
#include "render/placement/furniture.hpp"
#include "render/placement/labels.hpp"
#include "render/placement/magnifier.hpp"
#include "render/placement/map_layers.hpp"
#include "render/placement/partners.hpp"
#include "render/placement/priority.hpp"
#include "render/placement/sheet_layout.hpp"
#include "render/words.hpp"
#include "util/error.hpp"

namespace sahelmap::render {

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

std::string footnote_text(const PosterRequest& rq, const std::vector<data::Event>& events,
                          const proj::Projection& projection, const std::vector<data::Event>& left_out) {
  const Words& w = words(rq.lang);
  std::string s = std::string(w.boundaries) + rq.data_credit + std::string(w.memberships) +
                  projection_text(projection, rq.lang) + ".";
  // Events without a source (a user's own file) are numbered on the map but not listed here.
  std::string sources;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string who = data::publisher(events[i]);
    if (who.empty()) continue;
    sources +=
        (sources.empty() ? "" : "; ") + std::to_string(i + 1) + ". " + who + ", " + short_date(events[i].date, rq.lang);
  }
  if (!sources.empty()) s += std::string(w.event_sources) + sources + ".";
  // Events with no room for their words are not drawn; the page says so, so that a reader does
  // not take the map for the whole story.
  if (!left_out.empty()) {
    const bool fr = rq.lang == "fr";
    const std::string n = std::to_string(left_out.size());
    const std::string first = short_date(left_out.front().date, rq.lang);
    const std::string last = short_date(left_out.back().date, rq.lang);
    const std::string span = first == last ? first : first + " \u2013 " + last;
    const bool many = left_out.size() > 1;
    s += fr ? " Faute de place \u00e0 cette taille, " + n +
                  (many ? " \u00e9v\u00e9nements ant\u00e9rieurs (" + span + ") ne sont pas montr\u00e9s."
                        : " \u00e9v\u00e9nement ant\u00e9rieur (" + span + ") n\u2019est pas montr\u00e9.")
            : " Not shown for want of room at this size: " + n + (many ? " earlier events (" : " earlier event (") +
                  span + ").";
  }
  return s;
}

namespace {

// A view's scene: from the request's cache when it has one (an animation's frames, the layout's
// passes), else built.
std::shared_ptr<const proj::Scene> scene_for(const PosterRequest& rq, const proj::Projection& p,
                                             const geom::Box& extent) {
  if (rq.scenes) return rq.scenes->get(*rq.boundaries, p, extent);
  return std::make_shared<const proj::Scene>(proj::build_scene(*rq.boundaries, p, extent));
}

// How many orders of the callouts are tried (each a whole greedy placement).
constexpr std::size_t kCalloutOrders = 8;

// A block of text across the page, top-left at (x, y).
Group text_group(Part part, const TextSpec& spec, double x, double y, const Color& color, const TextMeasurer& m) {
  const TextMetrics t = m.measure(spec);
  const Rect box{x, y, t.width, t.height};
  return {.part = part, .key = spec.text, .box = box, .shapes = {TextShape{.spec = spec, .box = box, .color = color}}};
}

}  // namespace

namespace {

// Which events' words go to the list strip below the map: none, those of some places, or all;
// and which places go into the magnifier whatever their spacing (their markers found no room).
struct EventPlan {
  bool all_listed = false;
  bool side_list = true;            // a banner's list beside the map (off where its legend finds no room there)
  std::vector<std::string> listed;  // places
  std::vector<std::string> magnify;
  bool lists(const std::string& place) const {
    return all_listed || std::find(listed.begin(), listed.end(), place) != listed.end();
  }
  bool magnifies(const std::string& place) const {
    return std::find(magnify.begin(), magnify.end(), place) != magnify.end();
  }
  bool any() const { return all_listed || !listed.empty(); }
};

// Lays the poster out; `failed` gets the places that found no room beside them, `hemmed` those
// whose markers found none.
PosterLayout compose(const PosterRequest& rq, const TextMeasurer& measure, const EventPlan& plan,
                     std::vector<std::string>& failed_places, std::vector<std::string>& hemmed,
                     const BaseReady& base_ready) {
  const Style& style = *rq.style;
  const Words& w = words(rq.lang);
  const double u = rq.dpi / 96.0;                // pixels per CSS pixel
  const double m = (rq.page_text ? 18 : 1) * u;  // outer margin
  PosterLayout out;
  DisplayList& list = out.list;
  LayoutReport& L = out.report;
  list.width = rq.width, list.height = rq.height;
  L.crs = rq.crs;
  L.lang = rq.lang;
  failed_places.clear();
  hemmed.clear();

  using clock = std::chrono::steady_clock;
  auto seconds_since = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
  const auto t_start = clock::now();
  const proj::Projection projection(rq.crs);
  // A box across the chosen CRS's own antimeridian (a Pacific box in Web Mercator) would come out
  // as the whole world or half a map: refused, with the way to draw it (the command line centres
  // a CRS the user gives on such a box, cli/inputs.cpp).
  if (projection.crosses_edge(rq.bbox)) {
    const auto deg = [](double v) {
      char b[32];
      std::snprintf(b, sizeof b, "%g", v);
      return std::string(b);
    };
    throw UsageError("bbox " + deg(rq.bbox.minx) + "," + deg(rq.bbox.miny) + "," + deg(rq.bbox.maxx) + "," +
                     deg(rq.bbox.maxy) + " crosses the edge of " + rq.crs + " (longitude " +
                     deg(std::remainder(projection.central_meridian() + 180, 360.0)) +
                     "); give a CRS centred on it: " + projection.centred_on((rq.bbox.minx + rq.bbox.maxx) / 2));
  }
  const geom::Box bbox_extent = proj::projected_extent(projection, rq.bbox);
  std::vector<data::Event> events = events_in_view(rq, projection, bbox_extent);

  L.title = !rq.title.empty() ? rq.title : std::string(w.title);
  const std::string subtitle =
      !rq.subtitle.empty() ? rq.subtitle : std::string(w.subtitle) + long_date(rq.date, rq.lang);
  const double text_w = rq.width - 2 * m;
  const double head_w = text_w - (rq.caption_room > 0 ? rq.caption_room + 12 * u : 0);
  const TextSpec title_spec{
      .text = L.title, .font = {.family = style.font, .size = 30 * u, .bold = true}, .wrap = head_w};
  const TextSpec sub_spec{.text = subtitle, .font = {.family = style.font, .size = 16 * u}, .wrap = head_w};
  const double title_h = rq.page_text ? measure.measure(title_spec).height : 0;
  const double sub_h = rq.page_text ? measure.measure(sub_spec).height : 0;
  L.subtitle = subtitle;
  const double title_y = m;
  const double sub_y = title_y + title_h + 4 * u;
  const double map_y = rq.page_text ? sub_y + sub_h + 12 * u : m;
  if (rq.caption_room > 0)
    L.caption = {rq.width - m - rq.caption_room, title_y, rq.caption_room, map_y - 8 * u - title_y};
  auto frame_for = [&](double foot_h, double strip_h) {
    const double foot_y = rq.height - m - foot_h;
    return Rect{m, map_y, rq.width - 2 * m, foot_y - 8 * u - map_y - (strip_h > 0 ? strip_h + 10 * u : 0)};
  };

  // The list strip (when the map has no room for the events' words beside them) takes its height
  // below the map; events that do not fit in it even in small type are left out, oldest first,
  // so that no event is drawn without its words.
  std::optional<EventList> strip;
  std::vector<EventGroup> groups;
  std::vector<data::Event> events_left;  // no room for their words, oldest first
  Rect strip_taken;                      // the legend's column where it reaches down beside the list
  // The footnote names the sources of the events kept: measured again as events are left out.
  TextSpec foot_spec{.font = {.family = style.font, .size = 9.5 * u}, .wrap = text_w};
  auto foot_height = [&] {
    foot_spec.text = footnote_text(rq, events, projection, events_left);
    return rq.page_text ? measure.measure(foot_spec).height : 0.0;
  };
  const bool with_list = plan.any() && rq.labels && !rq.list_outside;
  // On a page far wider than the map's room is tall (a banner), the list is a column beside the
  // map instead, as tall as it: below, it would leave the map a sliver. Decided on the page with
  // the events kept at first; kept when the legend's column makes the list leave out more.
  bool side_list = false;
  double list_w = text_w;
  auto fit_strip = [&](bool decide) {
    strip.reset();
    while (!events.empty()) {
      const Rect full = frame_for(foot_height(), 0);
      if (decide) {
        side_list = plan.side_list && full.w > 3.2 * full.h;
        list_w = side_list ? std::min(0.34 * full.w, 640 * u) : text_w;
      }
      const ViewTransform probe(bbox_extent, side_list ? Rect{full.x, full.y, full.w - list_w - 14 * u, full.h} : full);
      groups = group_events(events, projection, probe);
      std::vector<EventGroup> listed;
      for (const auto& g : groups)
        if (plan.lists(g.place)) listed.push_back(g);
      strip = make_event_list(listed, style, rq.lang, list_w, side_list ? full.h : std::max(0.0, full.h * 0.42), u,
                              measure, strip_taken, rq.min_list_font);
      if (strip) break;
      events_left.push_back(events.front());
      events.erase(events.begin());
      ++L.events_left_out;
    }
  };
  if (with_list) fit_strip(true);

  double foot_h = 0, foot_y = 0;
  // The map's frame above the footnote and the strip (beside a side list); its width is kept,
  // as the legend's column takes from it.
  Rect frame{.w = text_w - (strip && side_list ? list_w + 14 * u : 0)};
  auto frame_page = [&] {
    foot_h = foot_height();
    foot_y = rq.height - m - foot_h;
    const double width = frame.w;
    frame = frame_for(foot_h, strip && !side_list ? strip->rect.h : 0);
    frame.w = width;
    if (frame.w < 50 || frame.h < 50)
      throw UsageError("size " + std::to_string(rq.width) + "x" + std::to_string(rq.height) + " at " +
                       std::to_string(static_cast<int>(rq.dpi)) + " dpi leaves no room for the map");
  };
  frame_page();

  // The map in a frame: what is visible decides the legend, the labels and the alt text.
  struct MapInFrame {
    ViewTransform view;
    std::shared_ptr<const proj::Scene> scene;
    std::vector<std::pair<std::string, double>> areas;
    std::vector<std::string> visible;
    Symbolization sym;
  };
  auto map_in = [&](const Rect& f) {
    MapInFrame mf{.view = ViewTransform(bbox_extent, f)};
    mf.scene = scene_for(rq, projection, mf.view.extent);
    mf.areas = visible_areas(*mf.scene, mf.view);
    for (const auto& [code, a] : mf.areas) mf.visible.push_back(code);
    mf.sym = symbolize(*rq.blocs, rq.date, style, rq.lang, mf.visible);
    return mf;
  };
  // The legend: the blocs drawn, every outside partner by name in its status colour, the event
  // categories drawn.
  const std::string colon(w.colon);
  auto partner_context = [&](const ViewTransform& v) {
    return PartnerContext{.blocs = rq.blocs,
                          .countries = rq.countries,
                          .places = rq.places,
                          .style = &style,
                          .date = rq.date,
                          .lang = rq.lang,
                          .projection = &projection,
                          .view = &v};
  };
  auto legend_of = [&](const MapInFrame& mf) {
    LegendContent legend{.blocs = mf.sym.legend, .capitals = rq.labels && rq.places};
    if (rq.labels)
      for (const Partner& p : outside_partners(partner_context(mf.view)))
        name_in_legend(legend.blocs, p.label, p.color, p.name, colon);
    for (const auto& cat : data::kCategories)
      for (const auto& e : events)
        if (e.category == cat.category &&
            std::find(legend.categories.begin(), legend.categories.end(), cat.category) == legend.categories.end())
          legend.categories.push_back(cat.category);
    legend.several = any_several(group_events(events, projection, mf.view));
    return legend;
  };
  MapInFrame mf = map_in(frame);
  LegendContent legend = legend_of(mf);
  const bool has_legend = rq.legend && (!legend.blocs.empty() || !legend.categories.empty());
  // A legend too large to sit inside the map without hiding it (small pages) gets a column of its
  // own beside the map, scaled down until it fits there.
  Rect legend_rect;
  double legend_u = u;
  bool legend_column = false;
  // Whether the legend at its smallest fits in some corner without hiding most of a member.
  auto corner_fits = [&](const MapInFrame& at, const Rect& f) {
    const Rect r = legend_size(legend, style, rq.lang, u * 0.72, measure);
    const CoverGrid g(*at.scene, at.view, at.sym, 6 * u);
    const double in = 12 * u;
    for (const double x : {f.x + in, f.x + f.w - in - r.w})
      for (const double y : {f.y + in, f.y + f.h - in - r.h})
        if (g.worst_share({x, y, r.w, r.h}) <= 0.3) return true;
    return false;
  };
  if (has_legend) {
    const Rect size = legend_size(legend, style, rq.lang, u, measure);
    const bool wide = frame.w > 1.6 * frame.h;  // a side column costs a wide map little
    if (size.h > 0.9 * frame.h || (wide && (size.h > 0.7 * frame.h || size.w * size.h > 0.25 * frame.w * frame.h)) ||
        (frame.w > frame.h && !corner_fits(mf, frame))) {
      legend_column = true;
      // At most about a third of the width (a square card's map would be half of it), and no
      // larger than the text under the map.
      const double widest = 0.32 * frame.w;
      double scale = 1;
      for (; scale > 0.55; scale -= 0.05)
        if (legend_size(legend, style, rq.lang, u * scale, measure).w <= widest) break;
      scale = std::max(scale, 0.55);
      frame.w -= legend_size(legend, style, rq.lang, u * scale, measure).w + 10 * u;
      mf = map_in(frame);
      legend = legend_of(mf);
      auto fit_column = [&](double height) {
        for (double sc = scale; sc >= 0.55 - 1e-9; sc -= 0.05) {
          const Rect r = legend_size(legend, style, rq.lang, u * sc, measure);
          legend_u = u * sc;
          legend_rect = {frame.x + frame.w + 10 * u, frame.y, r.w, r.h};
          if (r.h <= height && r.w <= size.w) return true;
        }
        return false;
      };
      // Taller than the map even at its smallest (a small page with a list): without the symbols'
      // key first (each symbol is drawn beside its words, in the list or a callout); else the
      // column runs down beside the list too, whose columns under it start lower (which may leave
      // out more events).
      if (!fit_column(frame.h) && strip) {
        legend.categories.clear();
        if (side_list && !fit_column(frame.h)) {
          // Beside a list column, the legend heads it instead, and the list's columns under it
          // start below it.
          frame.w = text_w - list_w - 14 * u;
          for (int i = 0; i < 3; ++i) {
            mf = map_in(frame);
            legend = legend_of(mf);
            legend.categories.clear();
            double sc = 1;
            while (sc > 0.55 && legend_size(legend, style, rq.lang, u * sc, measure).w > list_w) sc -= 0.05;
            const Rect r = legend_size(legend, style, rq.lang, u * sc, measure);
            legend_u = u * sc;
            legend_rect = {m + text_w - list_w, frame.y, r.w, r.h};
            if (r.h + 8 * u <= strip_taken.h) break;
            strip_taken = {0, 0, r.w, r.h + 12 * u};
            fit_strip(false);
            frame_page();
          }
          // Taller than the map even there: the list goes below the map after all.
          if (legend_rect.h > frame.h || !strip) {
            EventPlan below = plan;
            below.side_list = false;
            return compose(rq, measure, below, failed_places, hemmed, base_ready);
          }
        }
        // The list's columns under the legend start below it; a taller list makes the map
        // shorter and the legend reach further down: again until they agree.
        for (int i = 0; i < 6 && !side_list && !fit_column(frame.h); ++i) {
          const double below = legend_rect.y + legend_rect.h + 8 * u - (frame.y + frame.h + 10 * u);
          if (below <= strip_taken.h) break;
          strip_taken = {legend_rect.x - 8 * u - m, 0, legend_rect.w + 8 * u, below + 4 * u};
          fit_strip(false);
          frame_page();
          mf = map_in(frame);
          legend = legend_of(mf);
          legend.categories.clear();
        }
      }
      // Beside a list column, the map takes what the legend left between them.
      if (const double gap = m + text_w - list_w - 14 * u - (legend_rect.x + legend_rect.w);
          side_list && strip && gap > 1) {
        const bool key = !legend.categories.empty();
        frame.w += gap;
        mf = map_in(frame);
        legend = legend_of(mf);
        if (!key) legend.categories.clear();
        const Rect r = legend_size(legend, style, rq.lang, legend_u, measure);
        legend_rect = {frame.x + frame.w + 10 * u, frame.y, r.w, r.h};
      }
    }
  }
  L.footnote = foot_spec.text;
  if (L.events_left_out)
    L.warnings.push_back(std::to_string(L.events_left_out) +
                         " oldest events left out: no room for their words at this size");
  L.map_frame = frame;
  const ViewTransform& view = mf.view;
  L.view = view;
  const proj::Scene& scene = *mf.scene;
  if (scene.dropped_rings)
    L.warnings.push_back(std::to_string(scene.dropped_rings) +
                         " rings outside the projection's valid area were left out");
  const auto& areas = mf.areas;
  const std::vector<std::string>& visible = mf.visible;
  const Symbolization& sym = mf.sym;
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
  out.base_groups = list.groups.size();
  if (base_ready) base_ready(list);
  const std::uint16_t clip = list.add_clip(frame);

  // Outside partners: arcs on a world map (under the names), arrows at the edge of a regional one.
  const PartnerContext pcx = partner_context(view);
  const std::vector<Partner> partners = rq.labels && rq.partner_arrows ? outside_partners(pcx) : std::vector<Partner>{};
  add_partner_arcs(list, partners, pcx, u, clip);

  // Layout, most important first: furniture in the corners that hide the least, partners' arrows,
  // bloc members' names and capitals, the markers beside them, the events' words, other names.
  Occupancy occ;
  CoverGrid grid(scene, view, sym, 6 * u);
  const LabelContext cx{.scene = &scene,
                        .view = &view,
                        .sym = &sym,
                        .style = &style,
                        .countries = rq.countries,
                        .lang = rq.lang,
                        .unit = u,
                        .measure = &measure,
                        .min_font = rq.min_font};
  groups = group_events(events, projection, view);
  // The capitals of the drawn blocs' countries: furniture never hides one (the legend of a social
  // card once sat on Praia, which was then left unnamed).
  std::vector<Rect> member_dots;
  if (rq.labels && rq.places)
    for (const auto& p : *rq.places)
      if (p.kind == "capital" && sym.look(p.country)) {
        const geom::Point at = projection.forward(p.lonlat);
        const geom::Point d = view.to_px(at);
        if (std::isfinite(at.x)) member_dots.push_back({d.x - 6 * u, d.y - 6 * u, 12 * u, 12 * u});
      }

  auto cost = [&](const Rect& r) {
    double c = grid.mean_cost(r);
    for (const auto& g : groups)
      if (r.grown(12 * u).intersects(marker_box(g, u))) c += 1000;
    for (const auto& b : occ.boxes())
      if (r.intersects(b)) c += 1000;
    for (const Rect& d : member_dots)
      if (r.intersects(d)) c += 1000;
    return c;
  };
  std::vector<int> used;
  const double inner = 12 * u;
  if (has_legend && !legend_column) {
    // Full size where a corner hides no marker and next to none of the blocs; else smaller; only
    // then one that hides a little of them (a legend over Niger hides what the map is about).
    const std::vector<int> before = used;
    bool placed = false;
    // Every corner at every size: the cheapest that hides no member, a smaller legend costing a
    // little (over the sea at 0.72 beats over the land where the callouts go at full size).
    for (const double limit : {0.03, 0.3}) {
      const auto fits = [&](const Rect& r) {
        return cost(r) < 1000 && grid.member_share(r) <= std::min(limit, 0.15) && grid.worst_share(r) <= limit;
      };
      double best = 1e300;
      for (const double scale : {1.0, 0.85, 0.72}) {
        std::vector<int> tried = before;
        const Rect size = legend_size(legend, style, rq.lang, u * scale, measure);
        const Rect r = pick_corner(frame, size.w, size.h, inner, cost, tried, fits);
        if (r.empty()) continue;
        if (const double c = cost(r) + 1.5 * (1 - scale); c < best - 1e-9)
          best = c, legend_rect = r, legend_u = u * scale, used = tried, placed = true;
      }
      if (placed) break;
    }
    if (!placed) {  // hides more than we like everywhere: the cheapest corner at the smallest size
      std::vector<int> tried = before;
      const Rect size = legend_size(legend, style, rq.lang, u * 0.72, measure);
      legend_rect = pick_corner(frame, size.w, size.h, inner, cost, tried), legend_u = u * 0.72, used = tried;
    }
    occ.add(legend_rect);
    grid.cover(legend_rect);
  }
  if (has_legend || !rq.legend)  // without a legend on the map, the page writes it
    for (const auto& e : legend.blocs) L.legend.push_back(e);
  // The locator only where it adds context: not on a world map, not away from Africa (it would not
  // show where the map is), never over the blocs' land.
  Rect inset_rect;
  if (rq.inset && rq.bbox.width() < 100 && locator_shows(rq.bbox)) {
    const double aspect = inset_aspect();  // projects Africa's extent: once
    const double iw = std::min(frame.w * 0.2, frame.h * 0.35 * aspect);
    std::vector<int> tried = used;
    inset_rect = pick_corner(frame, iw, iw / aspect, inner, cost, tried);
    if (!inset_rect.empty() && grid.member_share(inset_rect) <= 0.02 && cost(inset_rect) < 1000) {
      used = tried;
      occ.add(inset_rect);
      grid.cover(inset_rect);
    } else {
      inset_rect = {};
    }
  }
  // The scale bar and north arrow in corners left free: after the magnifier, which needs more room.
  ScaleBar bar;
  bool bar_placed = false;
  Rect north_rect;
  double north = 0;
  // In a free corner; where none is, along the bottom or top edge; else nowhere (empty).
  auto free_spot = [&](double bw, double bh) {
    std::vector<int> tried = used;
    if (const Rect r = pick_corner(frame, bw, bh, inner, cost, tried); !r.empty() && cost(r) < 1000) {
      used = tried;
      return r;
    }
    for (const double y : {frame.y + frame.h - bh - inner, frame.y + inner})
      for (double x = frame.x + inner; x + bw <= frame.x + frame.w - inner; x += 10 * u)
        if (const Rect c{x, y, bw, bh}; cost(c) < 1000) return c;
    return Rect{};
  };
  auto left_out = [&](const char* what) {
    L.warnings.push_back(std::string(what) + " left out: no free room on the map at this size");
  };
  // A fifth of the map wide; a tenth where that finds no room; left out (said) where nothing is
  // free: a small map's markers and partners matter more.
  auto place_scale_bar = [&] {
    if (!rq.scale_bar) return;
    for (const double share : {0.2, 0.1}) {
      const ScaleBar b = make_scale_bar(projection, view, style, u, measure, rq.lang, share);
      if (const Rect r = free_spot(b.rect.w, b.rect.h); !r.empty()) {
        bar = b, bar.rect.x = r.x, bar.rect.y = r.y, bar_placed = true;
        occ.add(bar.rect);
        L.scale_bar = {bar.km, bar.px, bar.metres_per_px};
        break;
      }
    }
    if (!bar_placed) left_out("scale bar");
    if (rq.north_arrow) {
      north = north_angle(projection, view);
      north_rect = free_spot(30 * u, 42 * u);
      if (!north_rect.empty())
        occ.add(north_rect);
      else
        left_out("north arrow");
    }
  };
  const std::vector<PartnerMark> marks = place_partner_marks(partners, pcx, u, measure, occ);
  for (const auto& pm : marks) grid.cover(pm.rect);

  std::vector<Label> labels;
  std::vector<Callout> callouts;
  std::vector<NumberTag> tags;
  std::vector<std::string> shown_as(groups.size(), "list");
  std::optional<Magnifier> magnifier;
  ViewTransform mag_view;
  std::shared_ptr<const proj::Scene> mag_scene;
  MagnifierContent mag_content;
  if (rq.labels) {
    const std::vector<geom::MultiLine> arcs = partner_arcs(partners, pcx);
    const CalloutContext ccx{.style = &style,
                             .lang = rq.lang,
                             .frame = frame,
                             .unit = u,
                             .measure = &measure,
                             .grid = &grid,
                             .occ = &occ,
                             .arcs = &arcs};
    const LabelOrder order = label_order(areas, sym, style, frame);
    // The bloc the map is about (the style's first: the AES), its members on any date: their
    // capitals are named wherever the map is crowded.
    std::vector<std::string> first_bloc;
    if (rq.blocs && !style.blocs.empty())
      for (const auto& row : rq.blocs->rows())
        if (row.bloc == style.blocs.front().id &&
            std::find(first_bloc.begin(), first_bloc.end(), row.country) == first_bloc.end())
          first_bloc.push_back(row.country);
    // The members' names first (their dots kept free), then their capitals, always named (further
    // off with a line where they must), then the markers, which move beside both.
    // A small map (rq.other_capitals off) names only the first bloc's capitals and those of the
    // places where events happened.
    static const std::vector<data::Place> no_places;
    const std::vector<std::string> capital_codes =
        rq.other_capitals ? order.members : capitals_to_name(first_bloc, groups, rq.places ? *rq.places : no_places);
    if (rq.places) reserve_capital_dots(cx, *rq.places, projection, capital_codes, occ);
    // Places too close together for their markers (West Africa on a world map): one panel shows
    // them enlarged, their words in the strip; names on the map go inside or outside its outline.
    // Other places' markers keep their room.
    {
      std::vector<int> crowd = crowded_groups(groups, u);
      // Places whose markers found no room last time join the crowd, or make one with their
      // neighbours.
      const double near_crowd = (crowd.empty() ? 60 : 100) * u;
      for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        if (!plan.magnifies(groups[gi].place) || std::find(crowd.begin(), crowd.end(), gi) != crowd.end()) continue;
        const bool near_it =
            crowd.empty() || std::any_of(crowd.begin(), crowd.end(), [&](int c) {
              return std::hypot(groups[c].at.x - groups[gi].at.x, groups[c].at.y - groups[gi].at.y) < near_crowd;
            });
        if (near_it) crowd.push_back(static_cast<int>(gi));
      }
      std::vector<Rect> keep_clear;
      for (std::size_t gi = 0; gi < groups.size(); ++gi)
        if (std::find(crowd.begin(), crowd.end(), static_cast<int>(gi)) == crowd.end())
          keep_clear.push_back(marker_box(groups[gi], u).grown(24 * u));
      // The capitals the map must name that are crowded (another such capital, or a place of
      // events, within 16 units) join the window when they lie near it, where the panel has room
      // to name them: on a world map Lomé's dot is 9 px from Accra's, and outside the window one
      // of them went unnamed. A capital on its own (Praia) keeps its name on the main map and
      // does not widen the window.
      std::vector<geom::Point> capitals_px, near;
      if (rq.places)
        for (const auto& p : *rq.places)
          if (p.kind == "capital" &&
              std::find(capital_codes.begin(), capital_codes.end(), p.country) != capital_codes.end())
            capitals_px.push_back(view.to_px(projection.forward(p.lonlat)));
      for (std::size_t i = 0; i < capitals_px.size(); ++i) {
        const geom::Point a = capitals_px[i];
        const auto close = [&](geom::Point b) { return std::hypot(a.x - b.x, a.y - b.y) < 16 * u; };
        bool crowded = std::any_of(groups.begin(), groups.end(), [&](const EventGroup& g) { return close(g.at); });
        for (std::size_t j = 0; j < capitals_px.size() && !crowded; ++j) crowded = j != i && close(capitals_px[j]);
        if (crowded) near.push_back(a);
      }
      magnifier = place_magnifier(groups, crowd, near, keep_clear, ccx);
    }
    place_scale_bar();
    // The capitals inside the magnifier's window are named in the panel, where they have room.
    std::vector<data::Place> places_here;
    if (rq.places)
      for (const auto& p : *rq.places) {
        const geom::Point px = view.to_px(projection.forward(p.lonlat));
        const Rect& win = magnifier ? magnifier->window : Rect{};
        if (!(magnifier && px.x >= win.x && px.x <= win.x + win.w && px.y >= win.y && px.y <= win.y + win.h))
          places_here.push_back(p);
      }
    // Markers that found no room last time and no magnifier to go to: placed before the names,
    // which then move around them.
    std::vector<int> early, rest;
    for (std::size_t gi = 0; gi < groups.size(); ++gi)
      (!magnifier && plan.magnifies(groups[gi].place) ? early : rest).push_back(static_cast<int>(gi));
    if (!early.empty())
      for (const int gi : place_markers(groups, frame, u, occ, &early)) hemmed.push_back(groups[gi].place);
    // Where markers or numbers found no room last time, the numbers go before the members' names,
    // which move around them (a country's name has room anywhere inside it, a number only beside
    // its marker).
    const bool numbers_first = !plan.magnify.empty();
    if (!numbers_first)
      for (auto& l : place_country_labels(cx, order.members, occ)) labels.push_back(std::move(l));
    if (rq.places)
      for (auto& l : place_capitals(cx, places_here, projection, capital_codes, occ, Capitals::Members))
        labels.push_back(std::move(l));
    for (auto& g : groups)
      for (const Label& l : labels)
        if (std::hypot(l.dot.x - g.at.x, l.dot.y - g.at.y) < 3 * u) g.name = l.rect;
    bool magnified_listed = true;
    if (magnifier)
      for (const int gi : magnifier->groups) {
        groups[gi].magnified = true;
        if (!plan.lists(groups[gi].place)) {
          failed_places.push_back(groups[gi].place);  // the next pass lists their words
          magnified_listed = false;
        }
      }
    for (const int gi : place_markers(groups, frame, u, occ, &rest)) hemmed.push_back(groups[gi].place);
    if (magnifier) {
      mag_view = magnifier_view(*magnifier, view);
      mag_scene = scene_for(rq, projection, mag_view.extent);
      // Named whatever it takes in the panel, as on the main map: every drawn bloc's capitals (the
      // first bloc's on a small map) and the places' own.
      std::vector<EventGroup> shown;
      for (const int gi : magnifier->groups) shown.push_back(groups[gi]);
      const std::vector<std::string> named =
          capitals_to_name(rq.other_capitals ? order.members : first_bloc, shown, rq.places ? *rq.places : no_places);
      LabelContext in_panel = cx;
      in_panel.scene = &*mag_scene, in_panel.view = &mag_view;
      mag_content = place_magnifier_content(*magnifier, groups,
                                            {.inner = &in_panel,
                                             .main = &view,
                                             .places = rq.places,
                                             .projection = &projection,
                                             .order = &order,
                                             .always_named = &named,
                                             .numbers = magnified_listed},
                                            ccx);
    }
    // The places whose words are in the strip: their numbers beside their markers, before anything
    // else takes the room there. Numbers with no room: that place goes into the magnifier next time.
    for (std::size_t gi = 0; gi < groups.size(); ++gi)
      if (!groups[gi].magnified && plan.lists(groups[gi].place)) {
        tags.push_back(place_number_tag(groups, static_cast<int>(gi), ccx, tags));
        if (tags.back().forced) hemmed.push_back(groups[gi].place);
      }
    if (numbers_first)
      for (auto& l : place_country_labels(cx, order.members, occ)) labels.push_back(std::move(l));
    {
      // Callouts go one after another, each to the best spot left, so the order decides the
      // layout: the densest places first (they need the most room), then each place in turn
      // put first, and a place left without room first in a further try. Every try starts from
      // the same map; the one with the fewest events left without room, then the least hidden
      // and the shortest leaders in all, is kept.
      std::vector<int> order_g;
      for (std::size_t i = 0; i < groups.size(); ++i)
        if (!plan.lists(groups[i].place) && !groups[i].magnified) order_g.push_back(static_cast<int>(i));
      std::stable_sort(order_g.begin(), order_g.end(),
                       [&](int a, int b) { return groups[a].events.size() > groups[b].events.size(); });
      std::vector<std::vector<int>> orders{order_g};
      for (std::size_t k = 1; k < order_g.size() && orders.size() < kCalloutOrders; ++k) {
        std::vector<int> o = order_g;
        std::rotate(o.begin(), o.begin() + static_cast<std::ptrdiff_t>(k),
                    o.begin() + static_cast<std::ptrdiff_t>(k) + 1);
        orders.push_back(std::move(o));
      }
      const Occupancy occ_before = occ;
      const CoverGrid grid_before = grid;
      struct Try {
        Occupancy occ;
        CoverGrid grid;
        std::vector<Callout> callouts;
        std::vector<std::string> shown_as;
        std::vector<int> failed;
        std::size_t left = 0;
        double score = 0;
      };
      std::optional<Try> best;
      for (std::size_t t = 0; t < orders.size() && !order_g.empty(); ++t) {
        occ = occ_before, grid = grid_before;
        callouts.clear();
        std::fill(shown_as.begin(), shown_as.end(), "list");
        std::vector<int> failed;
        double score = 0;
        for (const int gi : orders[t]) {
          // A callout where one fits, however many events: a close-up of one place magnifies
          // only its own marker and name (a plain patch of its country at a regional scale).
          std::optional<Callout> c = place_callout(groups, gi, ccx);
          if (!c) c = place_closeup(groups, gi, ccx);
          if (!c) {
            failed.push_back(gi);
            continue;
          }
          shown_as[gi] = c->closeup ? "inset" : "callout";
          score += c->score;
          callouts.push_back(std::move(*c));
        }
        std::size_t left = 0;
        for (const int gi : failed) left += groups[gi].events.size();
        if (!best || left < best->left || (left == best->left && score < best->score - 1e-9))
          best = Try{occ, grid, callouts, shown_as, failed, left, score};
        if (failed.empty() || orders.size() >= kCalloutOrders + 3) continue;
        std::vector<int> next = failed;
        for (const int gi : orders[t])
          if (std::find(failed.begin(), failed.end(), gi) == failed.end()) next.push_back(gi);
        if (std::find(orders.begin(), orders.end(), next) == orders.end()) orders.push_back(std::move(next));
      }
      if (best) {
        occ = std::move(best->occ), grid = std::move(best->grid);
        callouts = std::move(best->callouts), shown_as = std::move(best->shown_as);
        for (const int gi : best->failed) failed_places.push_back(groups[gi].place);
      }
    }
    // A member left unnamed where its name was tried (its middle held a marker): anywhere inside
    // it that is still free, now that the markers and the events' words have their places.
    {
      std::vector<std::string> unnamed;
      const auto named = [&](const std::vector<Label>& in, const std::string& code) {
        return std::any_of(in.begin(), in.end(), [&](const Label& l) { return l.code == code; });
      };
      for (const auto& code : order.members)  // (those the magnifier's panel names are named)
        if (!named(labels, code) && !named(mag_content.labels, code)) unnamed.push_back(code);
      // Not inside the magnifier's window, where the panel names them.
      Occupancy free = occ;
      if (magnifier) free.add(magnifier->window);
      for (auto& l : place_country_labels(cx, unnamed, free, true)) {
        occ.add(l.rect);
        labels.push_back(std::move(l));
      }
    }
    // The events' words before the names of countries outside the blocs, which move around them.
    for (auto& l : place_country_labels(cx, order.large, occ)) labels.push_back(std::move(l));
    if (rq.places)
      for (auto& l : rq.other_capitals
                         ? place_capitals(cx, places_here, projection, order.members, occ, Capitals::Others)
                         : std::vector<Label>{})
        labels.push_back(std::move(l));
    for (auto& l : place_country_labels(cx, order.small, occ)) labels.push_back(std::move(l));
  } else {
    place_scale_bar();
    place_markers(groups, frame, u, occ);
  }

  // A number forced where the scale bar or north arrow stood (no room left anywhere else) keeps
  // its place: they give way, said in a warning.
  for (const auto& t : tags) {
    if (t.forced && bar_placed && t.rect.intersects(bar.rect)) {
      bar_placed = false;
      L.scale_bar = {};
      left_out("scale bar");
    }
    if (t.forced && !north_rect.empty() && t.rect.intersects(north_rect)) {
      north_rect = {};
      left_out("north arrow");
    }
  }

  // The display list, in painter's order. The magnifier's names are on the page too.
  const std::size_t main_labels = labels.size();
  for (const auto& l : mag_content.labels) labels.push_back(l);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const Label& l = labels[i];
    if (i < main_labels) add_label(list, l, u, clip);
    L.labels.push_back({.part = l.part,
                        .text = l.spec.text,
                        .rect = l.rect,
                        .contrast = l.contrast,
                        .unknown_glyphs = l.unknown_glyphs,
                        .dot = l.part == Part::Capital ? std::optional(l.dot) : std::nullopt,
                        .leader = l.leader});
  }
  for (const auto& c : callouts) add_leader(list, c, groups[c.group].place, style, u, clip);
  for (const auto& g : groups)
    if (!g.magnified) add_marker(list, g, style, u, measure, clip);
  for (const auto& c : callouts) {
    if (!c.closeup) {
      add_callout(list, c, groups[c.group], style, u, measure, clip);
      continue;
    }
    // The close-up's own map: the window of the main map, magnified.
    const geom::Box window{
        view.to_map({c.window.x, c.window.y + c.window.h}).x, view.to_map({c.window.x, c.window.y + c.window.h}).y,
        view.to_map({c.window.x + c.window.w, c.window.y}).x, view.to_map({c.window.x + c.window.w, c.window.y}).y};
    const ViewTransform cview(window, c.map_rect);
    const auto cscene = scene_for(rq, projection, cview.extent);
    add_callout(list, c, groups[c.group], style, u, measure, clip, cscene.get(), &sym, &cview);
  }
  for (const auto& t : tags) add_number_tag(list, t, style, u, clip);
  if (magnifier)
    add_magnifier(list, *magnifier, mag_content,
                  {.scene = &*mag_scene, .sym = &sym, .style = &style, .view = mag_view, .unit = u}, style, u, measure,
                  clip);
  for (const auto& pm : marks) add_partner_mark(list, pm, style, u, clip);
  if (!legend_rect.empty())
    add_legend(list, legend_rect, legend, style, rq.lang, legend_u, measure, legend_column ? 0 : clip);
  if (!inset_rect.empty())
    add_inset(list, inset_rect,
              {.boundaries = rq.boundaries,
               .sym = &sym,
               .style = &style,
               .main_projection = &projection,
               .main_view = &view,
               .scenes = rq.scenes},
              u);
  if (bar_placed) add_scale_bar(list, bar, style, rq.lang, u, measure, clip);
  if (!north_rect.empty()) add_north_arrow(list, north_rect, north, style, u, measure, clip);
  std::map<int, Rect> in_list;  // by number
  if (strip) {
    EventList placed = *strip;
    placed.rect = side_list ? Rect{m + text_w - list_w, frame.y, list_w, strip->rect.h}
                            : Rect{m, frame.y + frame.h + 10 * u, text_w, strip->rect.h};
    for (std::size_t i = 0; i < placed.slots.size(); ++i) {
      Rect& s = placed.slots[i];
      s.x += placed.rect.x, s.y += placed.rect.y;
      in_list[placed.items[i].number] = s;
    }
    add_event_list(list, placed, style, u);
  }
  if (rq.page_text) {
    list.add(text_group(Part::Title, title_spec, m, title_y, style.text, measure));
    list.add(text_group(Part::Subtitle, sub_spec, m, sub_y, style.text_muted, measure));
    list.add(text_group(Part::Footnote, foot_spec, m, foot_y, style.text_muted, measure));
  }

  for (std::size_t gi = 0; gi < groups.size(); ++gi)
    for (std::size_t i = 0; i < groups[gi].events.size(); ++i)
      L.events.push_back(
          {.number = groups[gi].numbers[i],
           .event = *groups[gi].events[i],
           .group = groups[gi].place,
           .shown_as = rq.labels ? shown_as[gi] : "marker",
           .in_list = in_list.contains(groups[gi].numbers[i]) ? in_list.at(groups[gi].numbers[i]) : Rect{}});
  std::stable_sort(L.events.begin(), L.events.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
  for (const auto& c : callouts) L.leaders.push_back({.place = groups[c.group].place, .points = c.leader});
  for (const auto& t : tags)
    if (!t.leader.empty()) L.leaders.push_back({.place = groups[t.group].place, .points = t.leader});
  if (magnifier) {
    L.leaders.push_back({.place = magnifier->key, .points = magnifier->leader});
    for (const auto& t : mag_content.tags)
      if (!t.leader.empty())
        L.leaders.push_back({.place = mag_content.groups[t.group].place, .points = t.leader, .within = magnifier->key});
    L.magnifier = {
        .places = magnifier->key, .window = magnifier->window, .rect = magnifier->rect, .zoom = magnifier->zoom};
  }
  for (const auto& pm : marks)
    L.partners.push_back({.code = pm.partner.code,
                          .name = pm.partner.name,
                          .role = pm.partner.role,
                          .bearing = pm.bearing,
                          .km = pm.km,
                          .rect = pm.rect});
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

}  // namespace

namespace {

PosterLayout layout_at(const PosterRequest& rq, const TextMeasurer& measure, const BaseReady& base_ready) {
  // Every event's words beside it when the map has room; else the places without room go to a
  // list strip below the map (which makes the map smaller: placed again); else every event does.
  // Places whose markers found no room go into the magnifier.
  std::vector<std::string> failed, hemmed;
  EventPlan plan{.all_listed = !rq.callouts};  // no callouts: every event's words in the list
  PosterLayout out = compose(rq, measure, plan, failed, hemmed, base_ready);
  out.first_pass = true;
  double project = 0, place = 0;
  auto add = [](std::vector<std::string>& to, const std::vector<std::string>& from) {
    bool grew = false;
    for (const auto& p : from)
      if (std::find(to.begin(), to.end(), p) == to.end()) to.push_back(p), grew = true;
    return grew;
  };
  for (int pass = 1, listings = 0; pass <= 4; ++pass) {
    const bool more_magnified = add(plan.magnify, hemmed);
    if (failed.empty() && !more_magnified) break;
    if (!failed.empty() && listings++ == 0)
      add(plan.listed, failed);
    else if (!failed.empty())
      plan.all_listed = true;
    project += out.report.timings.project, place += out.report.timings.place;
    out = compose(rq, measure, plan, failed, hemmed, {});
  }
  out.report.timings.project += project;
  out.report.timings.place += place;
  return out;
}

// Below this share of the page the map is a strip beside and under its own words (a small page at
// print resolution: 800x600 at 150 dpi left it 15%, the social card 31%).
constexpr double kMapShare = 0.45;
// Type is never set smaller than at 96 dpi, a screen's CSS pixels (0.64 of the default 150).
constexpr double kSmallestDpi = 96;

// The request with its type, lines and margins at `scale` of its resolution.
PosterRequest at_type_scale(const PosterRequest& rq, double scale) {
  PosterRequest r = rq;
  r.dpi = rq.dpi * scale;
  // Names and the list's words are not set below the list's smallest type at the requested
  // resolution: a name that would be is left out, an event that would be is left out.
  const double floor = 6.5 * rq.dpi / 96;
  r.min_font = std::max(rq.min_font, floor);
  r.min_list_font = std::max(rq.min_list_font, floor);
  r.type_scale = scale;
  return r;
}

}  // namespace

PosterLayout layout_poster(const PosterRequest& rq, const TextMeasurer& measure, const BaseReady& base_ready) {
  if (rq.dates.size() >= 2) return layout_sheet(rq, measure);
  auto smaller = [&](double scale) {
    PosterLayout next = layout_at(at_type_scale(rq, scale), measure, {});
    next.report.type_scale = scale;
    next.first_pass = false;  // a base drawn beside the first layout is not this one's
    return next;
  };
  if (rq.type_scale > 0 && rq.type_scale != 1) return smaller(rq.type_scale);
  PosterLayout out = layout_at(rq, measure, base_ready);
  // A web page's map (its words are the page's) and a scale fixed by the caller stay as asked.
  if (!rq.page_text || rq.type_scale > 0) return out;
  // A small page set at the requested resolution leaves the map a sliver, or events out for want
  // of room for their words: the type, lines and margins are set smaller, step by step, until the
  // map has its share of the page and every event its words.
  // The first that does both is kept; when none does, the one with the fewest events left out,
  // then the largest map.
  const auto share = [&](const PosterLayout& l) {
    return l.report.map_frame.w * l.report.map_frame.h / (double(rq.width) * rq.height);
  };
  const auto roomy = [&](const PosterLayout& l) { return share(l) >= kMapShare && l.report.events_left_out == 0; };
  const auto better = [&](const PosterLayout& a, const PosterLayout& b) {
    return a.report.events_left_out != b.report.events_left_out ? a.report.events_left_out < b.report.events_left_out
                                                                : share(a) > share(b);
  };
  if (roomy(out)) return out;
  LayoutReport::Timings spent = out.report.timings;
  PosterLayout best = std::move(out);
  const double smallest = kSmallestDpi / rq.dpi;
  for (double scale = 1; scale > smallest + 1e-9;) {
    scale = std::max(smallest, scale - 0.12);
    PosterLayout next = smaller(scale);
    spent.project += next.report.timings.project, spent.place += next.report.timings.place;
    const bool done = roomy(next);
    if (done || better(next, best)) best = std::move(next);
    if (done) break;
  }
  best.report.timings = spent;
  return best;
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
    if (g.parent < 0 && g.part != Part::Leader)
      j["boxes"].push_back({{"kind", e["kind"]}, {"text", g.key}, {"rect", e["rect"]}});
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
    if (l.dot) j["labels"].back()["dot"] = json::array({l.dot->x, l.dot->y});
    if (l.leader.size() == 2)
      j["labels"].back()["leader"] =
          json::array({json::array({l.leader[0].x, l.leader[0].y}), json::array({l.leader[1].x, l.leader[1].y})});
    min_contrast = std::min(min_contrast, l.contrast);
    unknown += l.unknown_glyphs;
  }
  j["min_label_contrast"] = min_contrast;
  j["unknown_glyphs"] = unknown;
  j["events"] = json::array();
  for (const auto& e : r.events) {
    j["events"].push_back({{"number", e.number},
                           {"id", e.event.id},
                           {"date", e.event.date.str()},
                           {"title", e.event.title_in(r.lang)},
                           {"category", std::string(data::info(e.event.category).key)},
                           {"place", e.event.place},
                           {"source", e.event.source},
                           {"group", e.group},
                           {"shown_as", e.shown_as},
                           {"callout", e.shown_as == "callout"}});
    if (!e.in_list.empty()) j["events"].back()["in_list"] = rect(e.in_list);
  }
  j["events_left_out"] = r.events_left_out;
  j["type_scale"] = r.type_scale;
  // Leader lines as boxes of their own, with their ends (and elbow) in pixels.
  for (const auto& l : r.leaders) {
    json pts = json::array();
    for (const auto& p : l.points) pts.push_back(json::array({p.x, p.y}));
    const geom::Point a = l.points.front(), b = l.points.back();
    json box{{"kind", "leader"},
             {"text", l.place},
             {"from", json::array({a.x, a.y})},
             {"to", json::array({b.x, b.y})},
             {"points", pts}};
    if (!l.within.empty()) box["within"] = l.within;
    j["boxes"].push_back(std::move(box));
  }
  if (!r.magnifier.rect.empty())
    j["magnifier"] = {{"places", r.magnifier.places},
                      {"window", rect(r.magnifier.window)},
                      {"rect", rect(r.magnifier.rect)},
                      {"zoom", r.magnifier.zoom}};
  j["partners"] = json::array();
  for (const auto& p : r.partners)
    j["partners"].push_back({{"code", p.code},
                             {"name", p.name},
                             {"role", p.role},
                             {"bearing", p.bearing},
                             {"km", p.km},
                             {"rect", rect(p.rect)}});
  if (!r.panels.empty()) {
    j["panels"] = json::array();
    for (const auto& p : r.panels)
      j["panels"].push_back({{"date", p.date.str()},
                             {"frame", rect(p.frame)},
                             {"extent", {p.extent.minx, p.extent.miny, p.extent.maxx, p.extent.maxy}},
                             {"crs", r.crs}});
  }
  j["alt_text"] = r.alt_text;
  j["timings"] = {{"project", r.timings.project},
                  {"place", r.timings.place},
                  {"draw", r.timings.draw},
                  {"encode", r.timings.encode}};
  j["warnings"] = r.warnings;
  return j.dump(2) + "\n";
}

}  // namespace sahelmap::render
