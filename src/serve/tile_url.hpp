#pragma once
// Parsing what a web map asks for: /tiles/{z}/{x}/{y}.png, /tiles/{z}/{x}/{y}@2x.png and the
// query's date. Strict, allocation-light and total: anything else is an error status, never an
// exception (this is the server's attack surface, and a fuzz target).
#include <optional>
#include <string_view>

#include "geom/tile.hpp"

namespace sahelmap::serve {

struct TileRequest {
  geom::TileId tile;
  int scale = 1;  // 2 for @2x
};

/// @param path the part after "/tiles/", e.g. "7/67/57.png" (or "/vector/": "7/67/57.pbf")
/// @param extension "png" (which also has "@2x.png") or another, e.g. "pbf"
/// @returns the request, or the HTTP status to answer: 400 for something that is not a tile
///          path, 404 for a tile that does not exist (zoom above `max_zoom`, x or y >= 2^z).
std::optional<TileRequest> parse_tile_path(std::string_view path, int max_zoom, int& status,
                                           std::string_view extension = "png");

}  // namespace sahelmap::serve
