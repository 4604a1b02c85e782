#pragma once
// What one client may take from the server: connections (per address and in all) and requests per
// second (a token bucket per address). Pure bookkeeping, thread-safe, no sockets: unit-tested with
// a clock of the test's making.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sahelmap::serve {

class ConnectionLimits {
 public:
  ConnectionLimits(std::size_t total, std::size_t per_address) : total_(total), per_address_(per_address) {}
  enum class Admit { Yes, Full, AddressFull };
  /// Counts a new connection from `address` when there is room for it.
  Admit admit(const std::string& address);
  /// A connection that admit() counted has closed.
  void release(const std::string& address);
  std::size_t open() const;

 private:
  mutable std::mutex m_;
  std::unordered_map<std::string, std::size_t> by_address_;
  std::size_t open_ = 0, total_, per_address_;
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  /// `per_second` requests per second per address on average, `burst` at once; 0 per second: no limit.
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  /// Takes a token of `address`'s bucket. @returns false (answer 429) when it is empty.
  bool allow(const std::string& address, Clock::time_point now = Clock::now());
  /// Seconds until `address` has a token again, rounded up (the 429's Retry-After).
  int retry_after() const { return rate_ > 0 && rate_ < 1 ? static_cast<int>(1 / rate_ + 0.999) : 1; }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  std::mutex m_;
  std::unordered_map<std::string, Bucket> buckets_;
  double rate_, burst_;
  std::size_t sweep_at_ = 8192;  // forget idle addresses when the table grows past this
};

}  // namespace sahelmap::serve
