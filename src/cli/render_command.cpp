#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "data/date.hpp"
#include "data/events.hpp"
#include "proj/projection.hpp"
#include "render/animation.hpp"
#include "render/pango_text.hpp"
#include "render/poster.hpp"
#include "render/style.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace sahelmap::cli {

namespace {

std::string lower_extension(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

// Width, height and dpi: --size and --dpi, else the preset's, else the defaults given.
std::tuple<int, int, double> page_of(const RenderOptions& o, const std::string& size, double dpi) {
  const Preset* preset = o.preset.empty() ? nullptr : &find_preset(o.preset);
  const auto [width, height] =
      parse_size(!o.size.empty() ? o.size
                 : preset        ? std::to_string(preset->width) + "x" + std::to_string(preset->height)
                                 : size);
  const double d = o.dpi > 0 ? o.dpi : preset ? preset->dpi : dpi;
  if (!(d >= 24 && d <= 1200)) throw UsageError("dpi must be between 24 and 1200");
  return {width, height, d};
}

// What a render reads and the files it writes, opened before the work so that a path that cannot
// be written fails at once; the request every output starts from.
struct Job {
  Inputs in;
  AtomicFile out;  // before the slow loading: a path that cannot be written fails first
  std::vector<data::Event> events;
  std::vector<data::Place> places;
  data::Boundaries boundaries;
  std::unique_ptr<AtomicFile> layout_out, alt_out;

  Job(const RenderOptions& o, const MapOptions& map, int width, int height, double dpi)
      : in(load_inputs_for_page(map, width, height, dpi)),
        out(o.output),
        events(o.no_events
                   ? std::vector<data::Event>{}
                   : data::load_events(o.events.empty() ? (data_paths().root / "shapes" / "events.geojson").string()
                                                        : o.events)),
        places(data::load_places((data_paths().root / "shapes" / "places.csv").string())),
        boundaries(load_boundaries(in)) {
    if (!o.debug_layout.empty()) layout_out = std::make_unique<AtomicFile>(o.debug_layout);
    if (!o.alt_text.empty()) alt_out = std::make_unique<AtomicFile>(o.alt_text);
  }

  render::PosterRequest request(const RenderOptions& o, int width, int height, double dpi) const {
    return {.countries = &in.countries,
            .blocs = &in.blocs,
            .boundaries = &boundaries,
            .style = &in.style,
            .date = in.date,
            .crs = in.crs,
            .bbox = in.bbox,
            .lang = o.map.lang,
            .width = width,
            .height = height,
            .dpi = dpi,
            .title = o.title,
            .subtitle = o.subtitle,
            .data_credit = in.data_credit,
            .events = &events,
            .places = &places,
            .labels = !o.no_labels,
            .inset = !o.no_inset,
            .north_arrow = o.north_arrow};
  }

  void write_alt_text(const std::string& alt) {
    if (!alt_out) return;
    const std::string text = alt + "\n";
    alt_out->write(text.data(), text.size());
    alt_out->commit();
  }
};

}  // namespace

int run_render(const RenderOptions& o) {
  const std::string ext = lower_extension(o.output);
  const bool animated_file = ext == ".webp" || ext == ".gif";
  if (!o.animate.empty() || animated_file) return run_animation(o);
  const render::Format format = render::format_for(o.output);
  const auto [width, height, dpi] = page_of(o, "2000x1400", 150);
  std::vector<data::Date> dates;
  if (!o.dates.empty()) {
    if (!o.map.date.empty()) throw UsageError("--date and --dates: give one (--dates draws one panel per date)");
    for (std::size_t at = 0; at <= o.dates.size();) {
      const std::size_t comma = std::min(o.dates.find(',', at), o.dates.size());
      dates.push_back(data::Date::parse(o.dates.substr(at, comma - at)));
      at = comma + 1;
    }
    if (dates.size() < 2 || dates.size() > 12)
      throw UsageError("--dates: " + std::to_string(dates.size()) + " dates; a sheet has 2 to 12");
  }
  // On the other core while the data loads: fontconfig's setup and the default style's fonts, and
  // PROJ's (its database opened and read once per process: 20 ms for the first CRS, 1 ms after).
  std::jthread warm_up([] {
    render::warm_up_fonts(render::Style{}.font);
    try {
      const proj::Projection any("+proj=merc +datum=WGS84");
    } catch (const std::exception&) {
      // PROJ's own errors are reported when the map's CRS is made.
    }
  });
  Job job(o, o.map, width, height, dpi);
  warm_up.join();
  render::PosterRequest rq = job.request(o, width, height, dpi);
  rq.dates = dates;
  std::optional<render::Style> dark;
  if (format == render::Format::Html)  // the embed's dark theme, for prefers-color-scheme: dark
    dark = render::Style::load(render::resolve_style("dark", data_paths().root / "styles"));
  const render::PosterResult poster =
      format == render::Format::Html ? render::make_embed(rq, *dark) : render::make_poster(rq, format);
  const render::LayoutReport& report = poster.layout.report;
  for (const auto& w : report.warnings) std::cerr << "warning: " << w << "\n";

  job.out.write(poster.bytes);
  job.out.commit();
  job.write_alt_text(report.alt_text);
  if (job.layout_out) {
    const std::string json = render::layout_json(poster.layout.list, report);
    job.layout_out->write(json.data(), json.size());
    job.layout_out->commit();
  }
  return 0;
}

// render --animate FROM:TO -o map.webp|map.gif [--step 1m] [--frames DIR]
int run_animation(const RenderOptions& o) {
  const std::string ext = lower_extension(o.output);
  if (o.animate.empty()) throw UsageError(o.output + ": an animation; give --animate FROM:TO");
  if (ext != ".webp" && ext != ".gif")
    throw UsageError("--animate: the output is an animated .webp or .gif (" + o.output + ")");
  if (!o.map.date.empty() || !o.dates.empty()) throw UsageError("--animate FROM:TO: no --date or --dates with it");
  const auto colon = o.animate.find(':');
  if (colon == std::string::npos) throw UsageError("--animate " + o.animate + ": expected FROM:TO");
  render::AnimationSpec spec{.from = data::Date::parse(o.animate.substr(0, colon)),
                             .to = data::Date::parse(o.animate.substr(colon + 1)),
                             .frame_ms = o.frame_ms,
                             .format = ext == ".gif" ? render::AnimFormat::Gif : render::AnimFormat::Webp,
                             .png_frames = !o.frames.empty()};
  if (!(spec.from < spec.to)) throw UsageError("--animate " + o.animate + ": FROM must be before TO");
  render::parse_step(o.step, spec);
  if (render::frame_dates(spec).size() > 1000)
    throw UsageError("--animate " + o.animate + " --step " + o.step + ": more than 1000 frames");
  const auto [width, height, dpi] = page_of(o, "1080x1080", 108);
  MapOptions as_map = o.map;
  as_map.date = spec.to.str();  // the inputs (CRS, bbox) as for the last day
  Job job(o, as_map, width, height, dpi);
  const render::PosterRequest rq = job.request(o, width, height, dpi);
  const render::AnimationResult a = render::make_animation(rq, spec);
  if (spec.format == render::AnimFormat::Gif && !a.gif_exact)
    std::cerr << "warning: GIF: " << a.gif_colours
              << " colours; the 256 commonest kept exact (every fill and text colour), antialiased edges mapped to "
                 "the nearest (use .webp for exact colours)\n";
  for (const auto& w : a.layout.report.warnings) std::cerr << "warning: " << w << "\n";
  if (!o.frames.empty()) {
    std::filesystem::create_directories(o.frames);
    for (std::size_t i = 0; i < a.pngs.size(); ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "frame-%04zu.png", i + 1);
      AtomicFile f(std::filesystem::path(o.frames) / name);
      f.write(a.pngs[i]);
      f.commit();
    }
  }
  job.out.write(a.bytes);
  job.out.commit();
  job.write_alt_text(a.alt_text);
  if (job.layout_out) {
    // The last state's layout, and the animation's own facts beside it.
    nlohmann::json j = nlohmann::json::parse(render::layout_json(a.layout.list, a.layout.report));
    j["animation"] = {{"frames", a.dates.size()}, {"states", a.states}, {"encoded", a.encoded}};
    j["animation"]["dates"] = nlohmann::json::array();
    for (const auto& d : a.dates) j["animation"]["dates"].push_back(d.str());
    const std::string json = j.dump(2) + "\n";
    job.layout_out->write(json.data(), json.size());
    job.layout_out->commit();
  }
  return 0;
}

}  // namespace sahelmap::cli
