#pragma once
// A progress line for long runs: done/total, tiles/s, ETA. Only on a terminal; silent otherwise.
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace sahelmap::tiles {

class Progress {
 public:
  /// @param enabled usually isatty(stderr)
  Progress(std::uint64_t total, bool enabled, std::FILE* out = stderr);
  /// When the total is known only once the work is planned.
  void set_total(std::uint64_t total) { total_ = total; }
  /// Redraws at most ten times a second.
  void update(std::uint64_t done);
  /// The final line (and a newline), when enabled.
  void finish(std::uint64_t done);

 private:
  void draw(std::uint64_t done);
  std::uint64_t total_;
  bool enabled_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace sahelmap::tiles
