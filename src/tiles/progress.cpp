#include "tiles/progress.hpp"

#include <algorithm>
#include <string>

namespace sahelmap::tiles {

Progress::Progress(std::uint64_t total, bool enabled, std::FILE* out)
    : total_(total), enabled_(enabled), out_(out), start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(std::uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  draw(done);
}

void Progress::draw(std::uint64_t done) {
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - std::min(done, total_)) / rate : 0;
  constexpr int kWidth = 30;
  const int filled = total_ ? static_cast<int>(kWidth * std::min(done, total_) / total_) : kWidth;
  const std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '.');
  std::fprintf(out_, "\r[%s] %llu/%llu tiles  %.0f tiles/s  ETA %.0f s   ", bar.c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), rate, eta);
  std::fflush(out_);
}

void Progress::finish(std::uint64_t done) {
  if (!enabled_) return;
  draw(done);
  std::fputc('\n', out_);
}

}  // namespace sahelmap::tiles
