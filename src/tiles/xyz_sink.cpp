#include "tiles/xyz_sink.hpp"

#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/atomic_file.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles {
namespace fs = std::filesystem;

namespace {
std::string metadata_json(const PyramidInfo& i) {
  nlohmann::json j = {{"name", i.name},
                      {"description", i.description},
                      {"attribution", i.attribution},
                      {"bounds", {i.bbox.minx, i.bbox.miny, i.bbox.maxx, i.bbox.maxy}},
                      {"minzoom", i.minzoom},
                      {"maxzoom", i.maxzoom},
                      {"format", i.format},
                      {"tile_size", i.tile_size},
                      {"scale", i.scale},
                      {"scheme", "xyz"},
                      {"fingerprint", i.fingerprint}};
  // GDAL's MVT driver reads the layers and their fields from here (as it writes them).
  if (!i.vector_layers.empty())
    j["json"] = nlohmann::json{{"vector_layers", nlohmann::json::parse(i.vector_layers)}}.dump();
  if (!i.legend.empty()) j["sahelmap:legend"] = nlohmann::json::parse(i.legend);
  if (!i.date.empty()) j["sahelmap:date"] = i.date;
  if (!i.events.empty()) j["sahelmap:events"] = nlohmann::json::parse(i.events);
  if (!i.shard.empty()) j["shard"] = i.shard, j["shard_tiles"] = i.shard_tiles;
  return j.dump(2) + "\n";
}
}  // namespace

void XyzSink::check(const fs::path& dir, bool resume) {
  std::error_code ec;
  const bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec)) throw Error(dir.string() + ": exists and is not a folder");
  if (exists && fs::exists(dir / "metadata.json", ec) && !resume)
    throw Error(dir.string() + ": already holds a pyramid (use --resume to finish it, or another folder)");
  // Only the last folder is made: a typo in a parent should not grow a tree somewhere else.
  const fs::path clean = dir.lexically_normal();
  const fs::path parent = (clean.has_filename() ? clean : clean.parent_path()).parent_path();
  if (!exists && !parent.empty() && !fs::is_directory(parent, ec))
    throw Error(dir.string() + ": folder " + parent.string() + " does not exist");
  const fs::path target = exists ? dir : (parent.empty() ? fs::path(".") : parent);
  if (::access(target.c_str(), W_OK) != 0)
    throw Error(dir.string() + ": folder " + target.string() + " is not writable");
}

XyzSink::XyzSink(fs::path dir, PyramidInfo info, bool resume)
    : dir_(std::move(dir)), info_(std::move(info)), resume_(resume) {
  check(dir_, resume_);
  std::error_code ec;
  const fs::path meta = dir_ / "metadata.json";
  if (fs::exists(meta, ec)) {
    std::ifstream in(meta);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string previous, shard;
    try {
      const auto j = nlohmann::json::parse(ss.str());
      previous = j.value("fingerprint", "");
      shard = j.value("shard", "");
    } catch (const nlohmann::json::exception&) {
    }
    if (!resume_)
      throw Error(dir_.string() + ": already holds a pyramid (use --resume to finish it, or another folder)");
    check_resumable(dir_.string(), previous, shard, info_);  // metadata.json is written before any tile
  }
  fs::create_directories(dir_, ec);
  if (ec) throw Error(dir_.string() + ": cannot create folder: " + ec.message());
  const std::string m = metadata_json(info_);
  write_file_atomically(meta, {reinterpret_cast<const unsigned char*>(m.data()), m.size()});
}

fs::path XyzSink::path_of(geom::TileId t) const {
  const std::string name = std::to_string(t.y) + (info_.scale == 2 ? "@2x." : ".") + tile_extension(info_);
  return dir_ / std::to_string(t.z) / std::to_string(t.x) / name;
}

std::unordered_set<std::uint64_t> XyzSink::existing() {
  std::unordered_set<std::uint64_t> have;
  if (!resume_) return have;
  std::error_code ec;
  for (int z = info_.minzoom; z <= info_.maxzoom; ++z) {
    const fs::path zd = dir_ / std::to_string(z);
    if (!fs::is_directory(zd, ec)) continue;
    for (const auto& xd : fs::directory_iterator(zd, ec))
      for (const auto& f : fs::directory_iterator(xd.path(), ec)) {
        const std::string n = f.path().filename().string();
        if (n.empty() || n[0] == '.') continue;  // a temp file is not a tile
        have.insert(tile_key({z, static_cast<std::uint32_t>(std::stoul(xd.path().filename().string())),
                              static_cast<std::uint32_t>(std::stoul(n))}));
      }
  }
  return have;
}

void XyzSink::put(geom::TileId t, const TilePtr& tile) {
  const fs::path p = path_of(t);
  // Each worker remembers the column folders it has made (create_directories is idempotent).
  thread_local std::unordered_set<std::uint64_t> made;
  const std::uint64_t column = (std::uint64_t(t.z) << 32) | t.x;
  if (made.insert(column).second) {
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) throw Error(p.parent_path().string() + ": cannot create folder: " + ec.message());
  }
  write_file_atomically(p, tile->png, false);
}

void XyzSink::finish() {}

}  // namespace sahelmap::tiles
