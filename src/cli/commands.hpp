#pragma once
#include "cli/options.hpp"

namespace sahelmap::cli {

int run_render(const RenderOptions& o);
int run_animation(const RenderOptions& o);
int run_info(const InfoOptions& o);
int run_tiles(const TilesOptions& o);
int run_merge(const MergeOptions& o);
int run_serve(const ServeCliOptions& o);
int run_style(const StyleOptions& o);

}  // namespace sahelmap::cli
