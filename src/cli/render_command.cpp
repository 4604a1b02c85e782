#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "data/date.hpp"
#include "data/events.hpp"
#include "render/poster.hpp"
#include "render/style.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace sahelmap::cli {

int run_render(const RenderOptions& o) {
  const render::Format format = render::format_for(o.output);
  const Preset* preset = o.preset.empty() ? nullptr : &find_preset(o.preset);
  const auto [width, height] =
      parse_size(!o.size.empty() ? o.size
                 : preset        ? std::to_string(preset->width) + "x" + std::to_string(preset->height)
                                 : "2000x1400");
  const double dpi = o.dpi > 0 ? o.dpi : preset ? preset->dpi : 150;
  if (!(dpi >= 24 && dpi <= 1200)) throw UsageError("dpi must be between 24 and 1200");
  std::vector<data::Date> dates;
  if (!o.dates.empty()) {
    if (!o.map.date.empty()) throw UsageError("--date and --dates: give one (--dates draws one panel per date)");
    if (format == render::Format::Html) throw UsageError("--dates: a sheet of small multiples is .png, .svg or .pdf");
    for (std::size_t at = 0; at <= o.dates.size();) {
      const std::size_t comma = std::min(o.dates.find(',', at), o.dates.size());
      dates.push_back(data::Date::parse(o.dates.substr(at, comma - at)));
      at = comma + 1;
    }
    if (dates.size() < 2 || dates.size() > 12)
      throw UsageError("--dates: " + std::to_string(dates.size()) + " dates; a sheet has 2 to 12");
  }
  const Inputs in = load_inputs(o.map);
  AtomicFile out(o.output);  // fails now, not after the work, if the path cannot be written
  std::unique_ptr<AtomicFile> layout_out, alt_out;
  if (!o.debug_layout.empty()) layout_out = std::make_unique<AtomicFile>(o.debug_layout);
  if (!o.alt_text.empty()) alt_out = std::make_unique<AtomicFile>(o.alt_text);
  std::vector<data::Event> events;
  if (!o.no_events)
    events =
        data::load_events(o.events.empty() ? (data_paths().root / "shapes" / "events.geojson").string() : o.events);
  const std::vector<data::Place> places = data::load_places((data_paths().root / "shapes" / "places.csv").string());
  const data::Boundaries boundaries = load_boundaries(in);

  const render::PosterRequest rq{.countries = &in.countries,
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
                                 .north_arrow = o.north_arrow,
                                 .dates = dates};
  std::optional<render::Style> dark;
  if (format == render::Format::Html)  // the embed's dark theme, for prefers-color-scheme: dark
    dark = render::Style::load(render::resolve_style("dark", data_paths().root / "styles"));
  const render::PosterResult poster =
      format == render::Format::Html ? render::make_embed(rq, *dark) : render::make_poster(rq, format);
  const render::LayoutReport& report = poster.layout.report;
  for (const auto& w : report.warnings) std::cerr << "warning: " << w << "\n";

  out.write(poster.bytes);
  out.commit();
  if (alt_out) {
    const std::string text = report.alt_text + "\n";
    alt_out->write(text.data(), text.size());
    alt_out->commit();
  }
  if (layout_out) {
    const std::string json = render::layout_json(poster.layout.list, report);
    layout_out->write(json.data(), json.size());
    layout_out->commit();
  }
  return 0;
}

}  // namespace sahelmap::cli
