#pragma once
#include "cli/options.hpp"

namespace sahelmap::cli {

int run_render(const RenderOptions& o);
int run_info(const InfoOptions& o);
int run_tiles(const TilesOptions& o);

}  // namespace sahelmap::cli
