#pragma once
// A pyramid made earlier, served as it is: an MBTiles file or a PMTiles archive, raster (png,
// webp) or vector (pbf). One interface, so the routes do not care which.
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tiles/tile_renderer.hpp"

namespace sahelmap::serve {

class TileFile {
 public:
  virtual ~TileFile() = default;
  /// The tile as stored (gzip'd for pbf), or null when the file has none there. Thread-safe.
  virtual tiles::TilePtr tile(geom::TileId t) = 0;
  /// "png", "webp" or "pbf".
  const std::string& format() const { return format_; }
  bool vector() const { return format_ == "pbf"; }
  /// TileJSON fields from the file's metadata: name, description, attribution, minzoom, maxzoom,
  /// bounds, vector_layers.
  const nlohmann::json& tilejson() const { return tilejson_; }
  int minzoom() const { return tilejson_.value("minzoom", 0); }
  int maxzoom() const { return tilejson_.value("maxzoom", 22); }
  /// The MIME type of a tile.
  std::string content_type() const;
  /// A PMTiles archive's path (served whole, with HTTP Range), else empty.
  virtual std::filesystem::path archive() const { return {}; }

 protected:
  std::string format_ = "png";
  nlohmann::json tilejson_;
};

/// Opens FILE.mbtiles or FILE.pmtiles by its extension.
/// @throws Error when it cannot be read, or its metadata does not make sense.
std::unique_ptr<TileFile> open_tile_file(const std::filesystem::path& path);

}  // namespace sahelmap::serve
