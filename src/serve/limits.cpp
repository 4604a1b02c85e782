#include "serve/limits.hpp"

#include <algorithm>

namespace sahelmap::serve {

ConnectionLimits::Admit ConnectionLimits::admit(const std::string& address) {
  std::lock_guard lock(m_);
  if (open_ >= total_) return Admit::Full;
  std::size_t& mine = by_address_[address];
  if (mine >= per_address_) {
    if (mine == 0) by_address_.erase(address);
    return Admit::AddressFull;
  }
  ++mine;
  ++open_;
  return Admit::Yes;
}

void ConnectionLimits::release(const std::string& address) {
  std::lock_guard lock(m_);
  const auto it = by_address_.find(address);
  if (it == by_address_.end()) return;
  if (--it->second == 0) by_address_.erase(it);
  --open_;
}

std::size_t ConnectionLimits::open() const {
  std::lock_guard lock(m_);
  return open_;
}

bool RateLimiter::allow(const std::string& address, Clock::time_point now) {
  if (rate_ <= 0) return true;
  std::lock_guard lock(m_);
  // Forget addresses whose buckets have filled up again, so a scan of many addresses costs
  // nothing lasting.
  if (buckets_.size() > sweep_at_) {  // not on every request: only when the table has doubled since
    std::erase_if(buckets_, [&](const auto& kv) {
      return kv.second.tokens + std::chrono::duration<double>(now - kv.second.at).count() * rate_ >= burst_;
    });
    sweep_at_ = std::max<std::size_t>(8192, 2 * buckets_.size());
  }
  auto [it, fresh] = buckets_.try_emplace(address, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh && now > b.at) {
    b.tokens = std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.at).count() * rate_);
    b.at = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace sahelmap::serve
