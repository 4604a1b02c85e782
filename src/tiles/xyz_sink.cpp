#include "tiles/xyz_sink.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
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

// Folder descriptors all workers keep open together: at most half the process's limit, so many
// workers under a low limit still leave room for the tiles' own files.
std::atomic<long> kept_open{0};
long keep_limit() {
  static const long n = [] {
    rlimit r{};
    if (::getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return 512L;
    return static_cast<long>(std::min<rlim_t>(r.rlim_cur / 2, 1 << 20));
  }();
  return n;
}

// The column folders a worker writes into, kept open: a tile is then four calls on one-name paths
// (open a hidden temp, write, close, rename over the tile), not seven walks of the whole path.
// Up to 128 are kept, the least recently used closed first: a worker walks its part of the
// pyramid depth first and its parts are spread over the map, so consecutive tiles are seldom in
// one column (reference pyramid, 4,250 tiles in 164 columns: 4,400 folder opens with one kept,
// 1,384 with 32, 197 with 128).
class OpenColumns {
 public:
  OpenColumns() = default;
  OpenColumns(const OpenColumns&) = delete;
  OpenColumns& operator=(const OpenColumns&) = delete;
  ~OpenColumns() { close_all(); }
  /// The folder's descriptor, or -1 when it is not among the open ones (of sink `sink`).
  int find(std::uint64_t sink, std::uint64_t column) {
    if (sink != sink_) {
      close_all();
      sink_ = sink;
    }
    for (Entry& e : entries_)
      if (e.fd >= 0 && e.column == column) {
        e.used = ++clock_;
        return e.fd;
      }
    return -1;
  }
  /// Keeps `fd` open for the column; false when none may be kept (the caller closes it).
  bool add(std::uint64_t column, int fd) {
    Entry *free = nullptr, *oldest = nullptr;
    for (Entry& e : entries_) {
      if (e.fd < 0) {
        if (!free) free = &e;
      } else if (!oldest || e.used < oldest->used) {
        oldest = &e;
      }
    }
    Entry* slot = nullptr;
    if (free && kept_open.fetch_add(1) < keep_limit()) {
      slot = free;
    } else {
      if (free) kept_open.fetch_sub(1);
      if (!oldest) return false;
      ::close(oldest->fd);
      slot = oldest;
    }
    *slot = {.column = column, .fd = fd, .used = ++clock_};
    return true;
  }

 private:
  void close_all() {
    for (Entry& e : entries_)
      if (e.fd >= 0) {
        ::close(e.fd);
        e.fd = -1;
        kept_open.fetch_sub(1);
      }
  }
  struct Entry {
    std::uint64_t column = 0;
    int fd = -1;
    std::uint64_t used = 0;
  };
  std::array<Entry, 128> entries_{};
  std::uint64_t sink_ = 0, clock_ = 0;
};

// Closes a folder descriptor that could not be kept, when the tile is done.
struct CloseUnkept {
  int fd = -1;
  ~CloseUnkept() {
    if (fd >= 0) ::close(fd);
  }
};

std::atomic<std::uint64_t> next_sink_serial{1};

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
    : dir_(std::move(dir)), info_(std::move(info)), resume_(resume), serial_(next_sink_serial++) {
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
  const std::uint64_t column = (std::uint64_t(t.z) << 32) | t.x;
  // Keyed by the sink's serial, not its address: a later sink may live where this one did.
  thread_local OpenColumns open;
  int dirfd = open.find(serial_, column);
  CloseUnkept unkept;
  if (dirfd < 0) {
    const fs::path dir = dir_ / std::to_string(t.z) / std::to_string(t.x);
    std::error_code ec;
    fs::create_directories(dir, ec);  // idempotent
    if (ec) throw Error(dir.string() + ": cannot create folder: " + ec.message());
    dirfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) throw Error(dir.string() + ": cannot open folder: " + std::strerror(errno));
    if (!open.add(column, dirfd)) unkept.fd = dirfd;
  }
  const std::string name = std::to_string(t.y) + (info_.scale == 2 ? "@2x." : ".") + tile_extension(info_);
  int source_dir = -1;
  std::string source;
  if (tile->shared) {
    std::lock_guard lock(written_m_);
    if (auto it = written_.find(tile.get()); it != written_.end())
      source_dir = it->second.dirfd, source = it->second.name;
  }
  // One temp name per tile: no two workers write the same tile, and a temp a killed run left
  // behind is written over when its tile is drawn again (resuming skips hidden files).
  const std::string temp = "." + name + ".tmp";
  // A link is complete the moment it exists; over a name already there (resuming), it is made
  // beside it and renamed. Where links fail (a file system without them, an inode at its link
  // limit) the tile is written, and becomes the next tiles' source.
  if (source_dir >= 0) {
    if (::linkat(source_dir, source.c_str(), dirfd, name.c_str(), 0) == 0) return;
    if (errno == EEXIST) {
      ::unlinkat(dirfd, temp.c_str(), 0);
      if (::linkat(source_dir, source.c_str(), dirfd, temp.c_str(), 0) == 0) {
        if (::renameat(dirfd, temp.c_str(), dirfd, name.c_str()) == 0) return;
        ::unlinkat(dirfd, temp.c_str(), 0);
      }
    }
  }
  write_file_atomically_at(dirfd, name, temp, tile->png, path_of(t));
  if (tile->shared) {
    // The source's folder by a descriptor of its own (the kept ones come and go): a link then
    // walks one name, not the whole path (2% of a pyramid's time).
    const int own = ::openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (own < 0) return;  // the next tile of this look is written, not linked
    std::lock_guard lock(written_m_);
    Source& s = written_[tile.get()];
    if (s.dirfd >= 0) ::close(s.dirfd);
    s = {.tile = tile, .dirfd = own, .name = name};
  }
}

XyzSink::~XyzSink() {
  for (auto& [_, s] : written_)
    if (s.dirfd >= 0) ::close(s.dirfd);
}

void XyzSink::finish() {}

}  // namespace sahelmap::tiles
