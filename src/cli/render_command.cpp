#include <iostream>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "proj/projection.hpp"
#include "render/poster.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"

namespace sahelmap::cli {

int run_render(const RenderOptions& o) {
  const render::Format format = render::format_for(o.output);
  const auto [width, height] = parse_size(o.size);
  if (!(o.dpi >= 24 && o.dpi <= 1200)) throw UsageError("dpi must be between 24 and 1200");
  const Inputs in = load_inputs(o.map);
  proj::Projection check_crs(in.crs);  // an unknown CRS fails before the data is read
  AtomicFile out(o.output);  // fails now, not after the work, if the path cannot be written
  std::unique_ptr<AtomicFile> layout_out;
  if (!o.debug_layout.empty()) layout_out = std::make_unique<AtomicFile>(o.debug_layout);
  const data::Boundaries boundaries = load_boundaries(in);

  render::PosterRequest rq;
  rq.countries = &in.countries;
  rq.blocs = &in.blocs;
  rq.boundaries = &boundaries;
  rq.style = &in.style;
  rq.date = in.date;
  rq.crs = in.crs;
  rq.bbox = in.bbox;
  rq.lang = o.map.lang;
  rq.width = width;
  rq.height = height;
  rq.dpi = o.dpi;
  rq.format = format;
  rq.title = o.title;
  rq.subtitle = o.subtitle;
  rq.data_credit = in.data_credit;
  const render::PosterResult poster = render::make_poster(rq);
  for (const auto& w : poster.layout.warnings) std::cerr << "warning: " << w << "\n";

  out.write(poster.bytes);
  out.commit();
  if (layout_out) {
    const std::string json = render::layout_json(poster.layout);
    layout_out->write(json.data(), json.size());
    layout_out->commit();
  }
  return 0;
}

}  // namespace sahelmap::cli
