#include <malloc.h>

#include <string_view>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  // Each map tile asks for, and gives back, a few hundred KB (Cairo's rasterizer, zlib): by
  // default malloc returns such memory to the system as it is freed and faults it in again on
  // the next tile. Kept instead (the peak is what a run needs anyway); a server, which runs for
  // weeks after its busiest minute, keeps less.
  const bool serving = argc > 1 && std::string_view(argv[1]) == "serve";
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, serving ? 32 << 20 : 256 << 20);
  return sahelmap::cli::run(argc, argv);
}
