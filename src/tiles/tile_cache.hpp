#pragma once
// An LRU cache of encoded tiles, bounded in bytes, shared by the server's workers.
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "tiles/tile_renderer.hpp"

namespace sahelmap::tiles {

class TileCache {
 public:
  explicit TileCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  /// The tile, now the most recently used; null when absent.
  TilePtr get(const std::string& key);
  /// Adds (or refreshes) a tile, dropping the least recently used ones beyond the budget.
  /// A tile larger than the whole budget is not kept.
  void put(const std::string& key, TilePtr tile);
  std::size_t bytes() const;
  std::size_t size() const;
  std::size_t hits() const { return hits_; }
  std::size_t misses() const { return misses_; }

 private:
  using Entry = std::pair<std::string, TilePtr>;
  mutable std::mutex m_;
  std::list<Entry> order_;  // front: most recent
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0, max_bytes_, hits_ = 0, misses_ = 0;
};

}  // namespace sahelmap::tiles
