#include "serve/tile_file.hpp"

#include "serve/tilejson.hpp"
#include "tiles/mbtiles.hpp"
#include "tiles/pmtiles.hpp"
#include "util/error.hpp"

namespace sahelmap::serve {

namespace {

class Mbtiles : public TileFile {
 public:
  explicit Mbtiles(const std::filesystem::path& p) : reader_(p.string()) {
    const auto& meta = reader_.metadata();
    tilejson_ = mbtiles_tilejson(meta, p.string());
    format_ = meta.count("format") ? meta.at("format") : "png";
    if (format_ != "png" && format_ != "webp" && format_ != "pbf")
      throw Error(p.string() + ": tiles of format '" + format_ + "' are not served (png, webp or pbf)");
    if (meta.count("json")) {
      try {
        const auto j = nlohmann::json::parse(meta.at("json"));
        if (format_ == "pbf" && j.contains("vector_layers")) tilejson_["vector_layers"] = j["vector_layers"];
        if (j.contains("sahelmap:legend")) tilejson_["sahelmap:legend"] = j["sahelmap:legend"];
        if (j.contains("sahelmap:date")) tilejson_["sahelmap:date"] = j["sahelmap:date"];
        if (j.contains("sahelmap:events")) tilejson_["sahelmap:events"] = j["sahelmap:events"];
      } catch (const nlohmann::json::exception&) {
        throw Error(p.string() + ": metadata json is not JSON");
      }
    }
  }
  tiles::TilePtr tile(geom::TileId t) override { return reader_.tile(t); }

 private:
  tiles::MbtilesReader reader_;
};

class Pmtiles : public TileFile {
 public:
  explicit Pmtiles(const std::filesystem::path& p) : path_(p), reader_(p) {
    const auto& h = reader_.header();
    using tiles::pmtiles::TileType;
    if (h.type == TileType::Mvt)
      format_ = "pbf";
    else if (h.type == TileType::Png)
      format_ = "png";
    else if (h.type == TileType::Webp)
      format_ = "webp";
    else
      throw Error(p.string() + ": tile type " + std::to_string(int(h.type)) + " is not served (png, webp or mvt)");
    try {
      const auto meta = nlohmann::json::parse(reader_.metadata());
      for (const char* k : {"name", "description", "attribution", "vector_layers", "sahelmap:legend", "sahelmap:date",
                            "sahelmap:events"})
        if (meta.contains(k)) tilejson_[k] = meta[k];
    } catch (const nlohmann::json::exception&) {
      throw Error(p.string() + ": its metadata is not JSON");
    }
    tilejson_["minzoom"] = h.minzoom;
    tilejson_["maxzoom"] = h.maxzoom;
    tilejson_["bounds"] = {h.min_lon, h.min_lat, h.max_lon, h.max_lat};
  }
  tiles::TilePtr tile(geom::TileId t) override {
    std::string bytes = reader_.tile(t);
    if (bytes.empty()) return nullptr;
    auto tile = std::make_shared<tiles::EncodedTile>();
    tile->png.assign(bytes.begin(), bytes.end());
    tile->id = tiles::tile_id(tile->png);
    return tile;
  }
  std::filesystem::path archive() const override { return path_; }

 private:
  std::filesystem::path path_;
  tiles::pmtiles::Reader reader_;
};

}  // namespace

std::string TileFile::content_type() const {
  if (format_ == "pbf") return "application/vnd.mapbox-vector-tile";
  return "image/" + format_;
}

std::unique_ptr<TileFile> open_tile_file(const std::filesystem::path& path) {
  if (path.extension() == ".pmtiles") return std::make_unique<Pmtiles>(path);
  return std::make_unique<Mbtiles>(path);
}

}  // namespace sahelmap::serve
