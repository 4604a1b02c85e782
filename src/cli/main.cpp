#include <malloc.h>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  // Each map tile asks for, and gives back, a few hundred KB (Cairo's rasterizer, zlib): by
  // default malloc returns such memory to the system as it is freed and faults it in again on
  // the next tile. Kept instead (the peak is what a run needs anyway).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  return sahelmap::cli::run(argc, argv);
}
