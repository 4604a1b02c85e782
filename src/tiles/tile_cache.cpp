#include "tiles/tile_cache.hpp"

namespace sahelmap::tiles {

namespace {
std::size_t cost(const std::string& key, const TilePtr& t) {
  return key.size() + t->png.size() + t->id.size() + 96;
}
}  // namespace

TilePtr TileCache::get(const std::string& key) {
  std::lock_guard lock(m_);
  const auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void TileCache::put(const std::string& key, TilePtr tile) {
  const std::size_t c = cost(key, tile);
  if (c > max_bytes_) return;
  std::lock_guard lock(m_);
  if (const auto it = index_.find(key); it != index_.end()) {
    bytes_ -= cost(it->first, it->second->second);
    order_.erase(it->second);
    index_.erase(it);
  }
  order_.emplace_front(key, std::move(tile));
  index_[key] = order_.begin();
  bytes_ += c;
  while (bytes_ > max_bytes_) {
    const Entry& last = order_.back();
    bytes_ -= cost(last.first, last.second);
    index_.erase(last.first);
    order_.pop_back();
  }
}

std::size_t TileCache::bytes() const {
  std::lock_guard lock(m_);
  return bytes_;
}

std::size_t TileCache::size() const {
  std::lock_guard lock(m_);
  return order_.size();
}

}  // namespace sahelmap::tiles
