#include "render/animation.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "data/changes.hpp"
#include "proj/scene.hpp"
#include "render/anim_encode.hpp"
#include "render/cairo_painter.hpp"
#include "render/canvas.hpp"
#include "render/changes_text.hpp"
#include "render/pango_text.hpp"
#include "render/png.hpp"
#include "render/words.hpp"
#include "util/error.hpp"

namespace sahelmap::render {

void parse_step(const std::string& text, AnimationSpec& spec) {
  std::size_t used = 0;
  int n = 0;
  try {
    n = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used + 1 != text.size() || n < 1 || n > 1000 ||
      (text.back() != 'd' && text.back() != 'w' && text.back() != 'm'))
    throw UsageError("--step " + text + ": expected a count and d, w or m (1d, 1w, 1m, 3m)");
  spec.step = n;
  spec.unit = text.back();
}

namespace {

data::Date plus(data::Date d, int n, char unit) {
  using namespace std::chrono;
  if (unit == 'd') return data::Date(year_month_day(d.days() + days(n)));
  if (unit == 'w') return data::Date(year_month_day(d.days() + days(7 * n)));
  year_month_day ymd(d.days());
  ymd += months(n);
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;  // 31 January + 1 month: 28 February
  return data::Date(ymd);
}

// What the map shows on a date, apart from the date itself: the memberships in force and how
// many events have happened (events are drawn up to the date).
// Rows of blocs the style does not draw and events outside the bbox change nothing.
std::string state_key(const PosterRequest& rq, data::Date d) {
  std::string key;
  if (rq.blocs)
    for (const auto& row : rq.blocs->rows()) {
      const BlocStyle* b = rq.style->bloc(row.bloc);
      if (b && b->show) key += row.active_on(d) ? '1' : '0';
    }
  if (rq.events) {
    const geom::Box& box = rq.bbox;
    key += ":" + std::to_string(std::count_if(rq.events->begin(), rq.events->end(), [&](const data::Event& e) {
             const double lon = e.lonlat.x < box.minx ? e.lonlat.x + 360 : e.lonlat.x;  // boxes across 180
             return e.date <= d && lon <= box.maxx && e.lonlat.y >= box.miny && e.lonlat.y <= box.maxy;
           }));
  }
  return key;
}

}  // namespace

std::vector<data::Date> frame_dates(const AnimationSpec& spec) {
  std::vector<data::Date> out;
  for (int k = 0;; ++k) {
    const data::Date d = plus(spec.from, k * spec.step, spec.unit);  // from FROM: no drift over months
    if (!(d < spec.to)) break;
    out.push_back(d);
    if (out.size() > 1000) break;
  }
  out.push_back(spec.to);
  return out;
}

AnimationResult make_animation(const PosterRequest& rq, const AnimationSpec& spec) {
  AnimationResult result;
  result.dates = frame_dates(spec);
  const std::size_t n = result.dates.size();
  if (n > 1000) throw UsageError("--animate: more than 1000 frames; use a longer --step");
  const Style& style = *rq.style;
  const PangoMeasurer measure;

  // The caption: the date, bold, right of the title; room for the longest.
  double u = rq.dpi / 96.0;
  auto caption_spec = [&](data::Date d) {
    return TextSpec{.text = long_date(d, rq.lang), .font = {.family = style.font, .size = 24 * u, .bold = true}};
  };
  auto caption_room = [&] {
    double w = 0;
    for (const auto& d : result.dates) w = std::max(w, measure.measure(caption_spec(d)).width);
    return std::ceil(w + 2 * u);
  };
  PosterRequest base = rq;
  if (base.subtitle.empty()) base.subtitle = std::string(words(rq.lang).subtitle_plain);
  base.caption_room = caption_room();
  proj::SceneCache scenes;  // states whose frame comes out the same size share their projected scene
  if (!base.scenes) base.scenes = &scenes;

  // Each distinct state once, on worker threads, in the order the frames need them; meanwhile
  // this thread makes the frames in order (the state's picture, the caption redrawn over the
  // caption's room) and encodes them as they come.
  std::vector<std::size_t> state_of(n);
  std::vector<data::Date> state_dates;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const auto [it, added] = seen.try_emplace(state_key(rq, result.dates[i]), state_dates.size());
    if (added) state_dates.push_back(result.dates[i]);
    state_of[i] = it->second;
  }
  // One type size for every frame (a title that changed size between frames would jump): the
  // one the last state, with the most events, needs. Its layout is that state's.
  const std::size_t last_state = state_of[n - 1];
  std::optional<PosterLayout> last_layout;
  if (base.type_scale <= 0 && base.page_text) {
    PosterRequest last = base;
    last.date = state_dates[last_state];
    last_layout = layout_poster(last, measure);
    base.type_scale = last_layout->report.type_scale;  // each frame's layout sets it
    u *= base.type_scale;                              // the caption's type with the rest
  }
  const std::size_t states = state_dates.size();
  result.states = static_cast<int>(states);
  std::vector<PosterLayout> layouts(states);
  std::vector<std::shared_ptr<const std::vector<std::uint32_t>>> pictures(states);
  std::mutex mutex;
  std::condition_variable done;
  std::vector<char> ready(states, 0);
  std::exception_ptr error;
  std::atomic<std::size_t> next{0};
  auto draw_states = [&] {
    for (std::size_t s = next++; s < states; s = next++) {
      try {
        PosterRequest r = base;
        r.date = state_dates[s];
        const PangoMeasurer m;
        layouts[s] = s == last_state && last_layout ? std::move(*last_layout) : layout_poster(r, m);
        Canvas canvas(Format::Png, rq.width, rq.height, rq.dpi, {});
        const DisplayList& list = layouts[s].list;
        canvas.draw_banded([&](cairo_t* cr, double y0, double y1) { paint(cr, list, {0, y0, list.width, y1 - y0}); });
        pictures[s] = std::make_shared<const std::vector<std::uint32_t>>(canvas.argb());
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        next = states;  // no more
      }
      {
        const std::lock_guard lock(mutex);
        ready[s] = 1;
      }
      done.notify_all();
    }
  };
  const Color page = style.background.luminance() < 0.2 ? style.background : Color{1, 1, 1, 1};
  std::unique_ptr<WebpAnimWriter> webp;
  if (spec.format == AnimFormat::Webp) webp = std::make_unique<WebpAnimWriter>(rq.width, rq.height);
  std::vector<AnimFrame> held;  // the frames as encoded: identical neighbours held as one
  if (spec.png_frames) result.pngs.resize(n);
  int timestamp = 0;
  {
    std::vector<std::jthread> pool;
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    for (unsigned t = 0; t < threads && t < states; ++t) pool.emplace_back(draw_states);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t s = state_of[i];
      {
        std::unique_lock lock(mutex);
        done.wait(lock, [&] { return ready[s] != 0 || error; });
        if (error) break;
      }
      const Rect box = layouts[s].report.caption;
      auto pixels = std::make_shared<std::vector<std::uint32_t>>(*pictures[s]);
      DisplayList caption{.width = static_cast<double>(rq.width), .height = static_cast<double>(rq.height)};
      TextSpec spec_i = caption_spec(result.dates[i]);
      spec_i.wrap = box.w, spec_i.align = Align::Right;
      caption.add({.part = Part::Subtitle,
                   .key = spec_i.text,
                   .box = box,
                   .shapes = {RectShape{.rect = box, .fill = page},
                              TextShape{.spec = spec_i, .box = box, .color = style.text}}});
      SurfacePtr surface(cairo_image_surface_create_for_data(reinterpret_cast<unsigned char*>(pixels->data()),
                                                             CAIRO_FORMAT_ARGB32, rq.width, rq.height, rq.width * 4));
      {
        CairoPtr cr(cairo_create(surface.get()));
        paint(cr.get(), caption, box.grown(2));
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) throw Error("drawing a caption failed");
      }
      cairo_surface_flush(surface.get());
      surface.reset();
      if (spec.png_frames)
        result.pngs[i] =
            encode_png(pixels->data(), rq.width, rq.height, rq.width * 4, {.dpi = rq.dpi, .compression_level = 1});
      const int ms = i + 1 == n ? spec.last_ms : spec.frame_ms;
      if (!held.empty() && *held.back().pixels == *pixels) {
        held.back().ms += ms;
      } else {
        if (webp) webp->add(pixels->data(), timestamp);
        if (webp && !held.empty()) held.back().pixels.reset();  // encoded: only the last is compared
        held.push_back({.pixels = std::move(pixels), .ms = ms});
      }
      timestamp += ms;
    }
  }
  if (error) std::rethrow_exception(error);
  result.encoded = static_cast<int>(held.size());
  if (webp) result.bytes = webp->finish(timestamp);
  if (spec.format == AnimFormat::Gif) {
    GifStats stats;
    result.bytes = encode_gif_animation(rq.width, rq.height, held, &stats);
    result.gif_colours = stats.colours, result.gif_exact = stats.exact;
  }

  // In words: the first state, then every change up to TO.
  std::vector<data::Event> shown;
  for (const auto& e : layouts.back().report.events) shown.push_back(e.event);
  result.alt_text = layouts.front().report.alt_text;
  if (rq.blocs && rq.countries)
    result.alt_text += " " + changes_text(data::changes(*rq.blocs, shown, spec.from, spec.to), spec.from, spec.to,
                                          style, *rq.countries, rq.lang);
  result.layout = std::move(layouts.back());
  return result;
}

}  // namespace sahelmap::render
