#include "render/placement/sheet_layout.hpp"

#include <algorithm>
#include <cmath>

#include "data/changes.hpp"
#include "proj/projector.hpp"
#include "proj/scene.hpp"
#include "render/changes_text.hpp"
#include "render/placement/events.hpp"
#include "render/placement/furniture.hpp"
#include "render/words.hpp"
#include "util/error.hpp"

namespace sahelmap::render {

std::pair<int, int> sheet_grid(int n, double w, double h, double gap, double aspect, double caption) {
  // From one row down: more rows only for maps clearly larger (a row of three leaves the band
  // below for the legend and list; a 2 x 2 grid of three wastes a cell).
  std::pair<int, int> best{n, 1};
  double best_area = -1;
  for (int cols = n; cols >= 1; --cols) {
    const int rows = (n + cols - 1) / cols;
    const double cw = (w - (cols - 1) * gap) / cols, ch = (h - (rows - 1) * gap) / rows - caption;
    if (cw <= 0 || ch <= 0) continue;
    const double mw = std::min(cw, ch * aspect), area = mw * mw / aspect;  // the bbox's map inside a cell
    if (area > best_area * 1.1) best = {cols, rows}, best_area = area;
  }
  return best;
}

namespace {

Group text_at(Part part, const TextSpec& spec, double x, double y, const Color& color, const TextMeasurer& m) {
  const TextMetrics t = m.measure(spec);
  const Rect box{x, y, t.width, t.height};
  return {.part = part, .key = spec.text, .box = box, .shapes = {TextShape{.spec = spec, .box = box, .color = color}}};
}

std::string date_list(const std::vector<data::Date>& dates, std::string_view lang) {
  const Words& w = words(lang);
  std::string s;
  for (std::size_t i = 0; i < dates.size(); ++i)
    s += (i == 0 ? "" : i + 1 == dates.size() ? std::string(w.and_) : std::string(", ")) + long_date(dates[i], lang);
  return s;
}

// One legend for all panels: one entry per swatch. Partners' entries under one heading join
// their names ("Security partner of Mali, Burkina Faso or Niger: Russia" and "...: Russia, France"); two
// labels for one swatch (the AES as alliance, then confederation) are given both.
void merge_entry(std::vector<LegendEntry>& legend, const LegendEntry& e, const std::string& colon) {
  const auto it = std::find_if(legend.begin(), legend.end(),
                               [&](const LegendEntry& x) { return x.fill == e.fill && x.hatch == e.hatch; });
  if (it == legend.end()) {
    legend.push_back(e);
    return;
  }
  auto split = [&](const std::string& label) {
    const auto c = label.find(colon);
    return c == std::string::npos ? std::pair{label, std::string()}
                                  : std::pair{label.substr(0, c), label.substr(c + colon.size())};
  };
  auto [base, names] = split(it->label);
  const auto [e_base, e_names] = split(e.label);
  if (base != e_base) {
    if (it->label.find(e.label) == std::string::npos) it->label += " / " + e.label;
    return;
  }
  for (std::size_t at = 0; at < e_names.size();) {
    const std::size_t end = std::min(e_names.find(", ", at), e_names.size());
    const std::string name = e_names.substr(at, end - at);
    if (!name.empty() && (", " + names + ",").find(", " + name + ",") == std::string::npos)
      names += (names.empty() ? "" : ", ") + name;
    at = end + 2;
  }
  it->label = names.empty() ? base : base + colon + names;
}

}  // namespace

PosterLayout layout_sheet(const PosterRequest& rq, const TextMeasurer& measure) {
  const Style& style = *rq.style;
  const Words& w = words(rq.lang);
  const double u = rq.dpi / 96.0, m = 18 * u, gap = 16 * u;
  const int n = static_cast<int>(rq.dates.size());
  const auto [first, last] = std::minmax_element(rq.dates.begin(), rq.dates.end());
  PosterLayout out;
  DisplayList& list = out.list;
  LayoutReport& L = out.report;
  list.width = rq.width, list.height = rq.height;
  L.crs = rq.crs, L.lang = rq.lang;

  // The page: title and dates at the top, the grid, legend and event list, the footnote.
  L.title = !rq.title.empty() ? rq.title : std::string(w.title);
  L.subtitle = !rq.subtitle.empty() ? rq.subtitle : std::string(w.subtitle) + date_list(rq.dates, rq.lang);
  const double text_w = rq.width - 2 * m;
  const TextSpec title_spec{
      .text = L.title, .font = {.family = style.font, .size = 30 * u, .bold = true}, .wrap = text_w};
  const TextSpec sub_spec{.text = L.subtitle, .font = {.family = style.font, .size = 16 * u}, .wrap = text_w};
  // Without page text (the web embed writes the title, legend, list and sources in HTML around
  // the art) the grid takes the whole page.
  const double title_h = measure.measure(title_spec).height, sub_h = measure.measure(sub_spec).height;
  const double grid_top = rq.page_text ? m + title_h + 4 * u + sub_h + 12 * u : m;

  const proj::Projection projection(rq.crs);
  const geom::Box extent = proj::projected_extent(projection, rq.bbox);
  const double aspect = extent.width() / extent.height();
  // The events the panels draw: all, less the oldest when the list has no room for their words
  // (so that every number on a panel is in the list, and numbered alike).
  std::vector<data::Event> pool = rq.events ? *rq.events : std::vector<data::Event>{};
  PosterRequest at_last = rq;
  at_last.date = *last;
  at_last.events = &pool;
  std::vector<data::Event> events =
      rq.labels ? events_in_view(at_last, projection, extent) : std::vector<data::Event>{};
  const TextSpec caption{.text = "0", .font = {.family = style.font, .size = 14 * u, .bold = true}};
  const double caption_h = measure.measure(caption).height + 4 * u;

  // The panels, laid out for a grid in `area`: each a map of the request on its date.
  struct Panels {
    std::vector<PosterLayout> layouts;
    std::vector<Rect> cells;  // one more than the panels: the next free cell (maybe off the grid)
    int cols = 0, rows = 0;
    bool spare() const { return cols * rows > static_cast<int>(layouts.size()); }
  };
  auto lay_panels = [&](const Rect& area) {
    Panels p;
    std::tie(p.cols, p.rows) = sheet_grid(n, area.w, area.h, gap, aspect, caption_h);
    // Each map shows the bbox (its aspect), as large as the cell allows; the grid is centred.
    const double cell_w = (area.w - (p.cols - 1) * gap) / p.cols;
    const double cell_h = (area.h - (p.rows - 1) * gap) / p.rows - caption_h;
    const double cw = std::floor(std::min(cell_w, cell_h * aspect));
    const double ch = std::floor(std::min(cell_h, cell_w / aspect)) + caption_h;
    const double x0 = area.x + std::floor((area.w - p.cols * cw - (p.cols - 1) * gap) / 2);
    if (cw < 60 * u || ch - caption_h < 60 * u)
      throw UsageError("size " + std::to_string(rq.width) + "x" + std::to_string(rq.height) + " leaves no room for " +
                       std::to_string(n) + " maps");
    for (int i = 0; i < n; ++i) {
      PosterRequest r = rq;
      r.dates.clear();
      r.date = rq.dates[static_cast<std::size_t>(i)];
      r.width = static_cast<int>(cw), r.height = static_cast<int>(ch - caption_h);
      r.page_text = false, r.legend = false, r.list_outside = true, r.callouts = false;
      r.events = &pool;
      r.inset = false;
      r.scale_bar = rq.scale_bar && i == n - 1;  // one is enough: every panel has the same scale
      r.north_arrow = rq.north_arrow && i == n - 1;
      p.layouts.push_back(layout_poster(r, measure));
      p.cells.push_back({x0 + (i % p.cols) * (cw + gap), area.y + (i / p.cols) * (ch + gap), cw, ch});
    }
    p.cells.push_back({x0 + (n % p.cols) * (cw + gap), area.y + (n / p.cols) * (ch + gap), cw, ch});
    return p;
  };

  // The footnote, the legend (all that any panel shows) and the list decide the grid's room; the
  // panels decide the legend: laid out once with room guessed, again if the guess was wrong.
  TextSpec foot_spec{.text = footnote_text(at_last, events, projection),
                     .font = {.family = style.font, .size = 9.5 * u},
                     .wrap = text_w};
  const double foot_y = rq.page_text ? rq.height - m - measure.measure(foot_spec).height : rq.height - m + 10 * u;
  auto grid_area = [&](double bottom_h) {
    return Rect{m, grid_top, text_w, foot_y - 10 * u - (bottom_h > 0 ? bottom_h + 12 * u : 0) - grid_top};
  };
  // The band under the grid (legend and list side by side) takes at most a third of the room.
  const double band_max = 0.3 * (foot_y - grid_top);
  double bottom_h = 0.25 * (foot_y - grid_top);
  Panels panels = lay_panels(grid_area(bottom_h));
  LegendContent legend{.capitals = rq.labels && rq.places};
  std::optional<EventList> strip;
  Rect legend_box;
  double legend_u = u;
  bool legend_in_cell = false;  // in the grid's spare cell (3 panels in a 2 x 2 grid)
  for (int pass = 0; pass < 3; ++pass) {
    legend.blocs.clear();
    for (const auto& p : panels.layouts)
      for (const auto& e : p.report.legend) merge_entry(legend.blocs, e, std::string(w.colon));
    legend.categories.clear();
    for (const auto& cat : data::kCategories)
      if (std::any_of(events.begin(), events.end(), [&](const data::Event& e) { return e.category == cat.category; }))
        legend.categories.push_back(cat.category);
    legend.several = any_several(group_events(events, projection, panels.layouts.back().report.view));
    legend_in_cell = false;
    if (!rq.legend) {  // written beside the art (the embed): no room taken
      legend_box = {};
    } else if (panels.spare()) {
      const Rect& cell = panels.cells[static_cast<std::size_t>(n)];
      for (const double scale : {1.0, 0.85, 0.72, 0.6}) {
        legend_u = u * scale;
        legend_box = legend_size(legend, style, rq.lang, legend_u, measure);
        if (legend_box.w <= cell.w && legend_box.h <= cell.h - caption_h) {
          legend_in_cell = true;
          break;
        }
      }
    }
    if (!legend_in_cell && rq.legend)
      for (const double scale : {1.0, 0.85, 0.72, 0.6}) {
        legend_u = u * scale;
        legend_box = legend_size(legend, style, rq.lang, legend_u, measure);
        if (legend_box.h <= band_max) break;
      }
    // Every event's words, numbered as the panels number them (by date), beside the legend.
    const double list_w = legend_in_cell ? text_w : text_w - legend_box.w - 16 * u;
    const ViewTransform& view = panels.layouts.back().report.view;
    strip.reset();
    const int left_before = L.events_left_out;
    while (!events.empty() && rq.labels && !rq.list_outside) {
      strip = make_event_list(group_events(events, projection, view), style, rq.lang, list_w, band_max, u, measure);
      if (strip) break;
      const std::string id = events.front().id;
      events.erase(events.begin());
      pool.erase(std::remove_if(pool.begin(), pool.end(), [&](const data::Event& e) { return e.id == id; }),
                 pool.end());
      ++L.events_left_out;
    }
    const double need = std::max(legend_in_cell || !rq.legend ? 0.0 : legend_box.h, strip ? strip->rect.h : 0.0);
    const bool fewer = L.events_left_out != left_before;
    if (std::abs(need - bottom_h) < 1 && !fewer) break;
    if (pass == 2) {
      // Out of passes: the panels must still draw only the events listed, and leave the list room.
      if (fewer || need > bottom_h + 1) panels = lay_panels(grid_area(std::max(bottom_h, need)));
      legend_in_cell = legend_in_cell && panels.spare();
      break;
    }
    bottom_h = need;
    panels = lay_panels(grid_area(bottom_h));
  }
  foot_spec.text = footnote_text(at_last, events, projection);
  L.footnote = foot_spec.text;
  if (L.events_left_out)
    L.warnings.push_back(std::to_string(L.events_left_out) +
                         " oldest events left out: no room for their words at this size");

  // The display list: page, panels with their dates, legend, list, title, footnote.
  const Rect page{0, 0, static_cast<double>(rq.width), static_cast<double>(rq.height)};
  list.add({.part = Part::Page,
            .box = page,
            .shapes = {RectShape{.rect = page,
                                 .fill = style.background.luminance() < 0.2 ? style.background : Color{1, 1, 1, 1}}}});
  for (int i = 0; i < n; ++i) {
    const PosterLayout& p = panels.layouts[static_cast<std::size_t>(i)];
    const Rect& cell = panels.cells[static_cast<std::size_t>(i)];
    const data::Date d = rq.dates[static_cast<std::size_t>(i)];
    TextSpec date = caption;
    date.text = long_date(d, rq.lang);
    list.add(text_at(Part::Subtitle, date, cell.x, cell.y, style.text, measure));
    list.append(p.list, cell.x, cell.y + caption_h);
    const Rect f = p.report.map_frame;
    const Rect frame{f.x + cell.x, f.y + cell.y + caption_h, f.w, f.h};
    L.panels.push_back({.date = d, .frame = frame, .extent = p.report.view.extent});
    for (auto l : p.report.labels) {
      l.rect.x += cell.x, l.rect.y += cell.y + caption_h;
      L.labels.push_back(l);
    }
    for (const auto& wn : p.report.warnings)
      if (std::find(L.warnings.begin(), L.warnings.end(), wn) == L.warnings.end()) L.warnings.push_back(wn);
    L.timings.project += p.report.timings.project, L.timings.place += p.report.timings.place;
  }
  const Rect& last_cell = panels.cells[static_cast<std::size_t>(n - 1)];
  const double bottom_y = last_cell.y + last_cell.h + 12 * u;
  L.legend = legend.blocs;
  if (rq.legend && (!legend.blocs.empty() || !legend.categories.empty())) {
    const Rect& spare = panels.cells[static_cast<std::size_t>(n)];
    legend_box.x = legend_in_cell ? spare.x : m;
    legend_box.y = legend_in_cell ? spare.y + caption_h : bottom_y;
    add_legend(list, legend_box, legend, style, rq.lang, legend_u, measure, 0);
  }
  if (strip) {
    EventList placed = *strip;
    const double x = legend_in_cell ? m : m + legend_box.w + 16 * u;
    placed.rect = {x, bottom_y, m + text_w - x, strip->rect.h};
    for (auto& s : placed.slots) s.x += placed.rect.x, s.y += placed.rect.y;
    add_event_list(list, placed, style, u);
  }
  if (rq.page_text) {
    list.add(text_at(Part::Title, title_spec, m, m, style.text, measure));
    list.add(text_at(Part::Subtitle, sub_spec, m, m + title_h + 4 * u, style.text_muted, measure));
    list.add(text_at(Part::Footnote, foot_spec, m, rq.height - m - measure.measure(foot_spec).height, style.text_muted,
                     measure));
  }

  // The report: the first panel's map stands for "the map"; the last's events are all of them.
  const LayoutReport& head = panels.layouts.front().report;
  L.map_frame = L.panels.front().frame;
  L.view = ViewTransform(head.view.extent, L.map_frame);
  L.scale_bar = panels.layouts.back().report.scale_bar;
  for (auto e : panels.layouts.back().report.events)
    if (std::any_of(events.begin(), events.end(), [&](const data::Event& x) { return x.id == e.event.id; })) {
      e.shown_as = "list";
      L.events.push_back(std::move(e));
    }
  std::vector<data::Change> changed;
  if (rq.blocs) changed = data::changes(*rq.blocs, events, *first, *last);
  L.alt_text = head.alt_text;
  if (rq.blocs && rq.countries) L.alt_text += " " + changes_text(changed, *first, *last, style, *rq.countries, rq.lang);
  return out;
}

}  // namespace sahelmap::render
