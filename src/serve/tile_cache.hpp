#pragma once
// The encoded tiles the server answered recently: an LRU bounded in bytes, shared by its workers.
#include <cstddef>
#include <string>

#include "tiles/tile_renderer.hpp"
#include "util/lru_cache.hpp"

namespace sahelmap::serve {

struct TileCost {
  std::size_t operator()(const std::string& key, const tiles::TilePtr& t) const {
    return key.size() + t->png.size() + t->id.size() + 96;
  }
};
using TileCache = LruCache<std::string, tiles::TilePtr, TileCost>;

}  // namespace sahelmap::serve
