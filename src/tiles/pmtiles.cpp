#include "tiles/pmtiles.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "tiles/mvt.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles::pmtiles {

namespace {

void rotate(std::uint64_t n, std::uint64_t& x, std::uint64_t& y, std::uint64_t rx, std::uint64_t ry) {
  if (ry == 0) {
    if (rx == 1) x = n - 1 - x, y = n - 1 - y;
    std::swap(x, y);
  }
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t get_varint(const std::string& in, std::size_t& at) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (at >= in.size()) throw Error("PMTiles directory: truncated");
    const auto b = static_cast<unsigned char>(in[at++]);
    v |= std::uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  throw Error("PMTiles directory: varint too long");
}

template <class T>
void put_le(std::string& out, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xff));
}

template <class T>
T get_le(const std::string& in, std::size_t at) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= std::uint64_t(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return static_cast<T>(v);
}

std::int32_t e7(double deg) {
  return static_cast<std::int32_t>(std::llround(deg * 1e7));
}

}  // namespace

std::uint64_t tile_id(geom::TileId t) {
  if (t.z > 31) throw Error("PMTiles: zoom " + std::to_string(t.z) + " is beyond 31");
  const std::uint64_t n = std::uint64_t{1} << t.z;
  const std::uint64_t base = ((std::uint64_t{1} << (2 * t.z)) - 1) / 3;  // tiles of the zooms above
  std::uint64_t x = t.x, y = t.y, d = 0;
  for (std::uint64_t s = n / 2; s > 0; s /= 2) {
    const std::uint64_t rx = (x & s) > 0, ry = (y & s) > 0;
    d += s * s * ((3 * rx) ^ ry);
    rotate(n, x, y, rx, ry);
  }
  return base + d;
}

geom::TileId zxy(std::uint64_t id) {
  std::uint64_t base = 0;
  for (int z = 0; z <= 31; ++z) {
    const std::uint64_t count = std::uint64_t{1} << (2 * z);
    if (id - base < count) {
      std::uint64_t t = id - base, x = 0, y = 0;
      for (std::uint64_t s = 1; s < (std::uint64_t{1} << z); s *= 2) {
        const std::uint64_t rx = 1 & (t / 2), ry = 1 & (t ^ rx);
        rotate(s, x, y, rx, ry);
        x += s * rx, y += s * ry;
        t /= 4;
      }
      return {z, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)};
    }
    base += count;
  }
  throw Error("PMTiles: tile id " + std::to_string(id) + " is beyond zoom 31");
}

std::string serialize_directory(const std::vector<Entry>& entries) {
  std::string out;
  put_varint(out, entries.size());
  std::uint64_t last = 0;
  for (const auto& e : entries) put_varint(out, e.tile_id - last), last = e.tile_id;
  for (const auto& e : entries) put_varint(out, e.run_length);
  for (const auto& e : entries) put_varint(out, e.length);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const bool follows = i > 0 && entries[i].offset == entries[i - 1].offset + entries[i - 1].length;
    put_varint(out, follows ? 0 : entries[i].offset + 1);
  }
  return out;
}

std::vector<Entry> parse_directory(const std::string& bytes) {
  std::size_t at = 0;
  const std::uint64_t n = get_varint(bytes, at);
  if (n > bytes.size())
    throw Error("PMTiles directory: " + std::to_string(n) + " entries in " + std::to_string(bytes.size()) + " bytes");
  std::vector<Entry> e(n);
  std::uint64_t last = 0;
  for (auto& x : e) x.tile_id = last += get_varint(bytes, at);
  for (auto& x : e) x.run_length = static_cast<std::uint32_t>(get_varint(bytes, at));
  for (auto& x : e) x.length = static_cast<std::uint32_t>(get_varint(bytes, at));
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t v = get_varint(bytes, at);
    if (v == 0 && i == 0) throw Error("PMTiles directory: the first offset is relative");
    e[i].offset = v == 0 ? e[i - 1].offset + e[i - 1].length : v - 1;
  }
  if (at != bytes.size()) throw Error("PMTiles directory: trailing bytes");
  return e;
}

std::string serialize_header(const Header& h) {
  std::string out = "PMTiles";
  out.push_back(3);
  for (std::uint64_t v :
       {h.root_offset, h.root_length, h.metadata_offset, h.metadata_length, h.leaf_offset, h.leaf_length, h.data_offset,
        h.data_length, h.addressed_tiles, h.tile_entries, h.tile_contents})
    put_le(out, v);
  out.push_back(h.clustered ? 1 : 0);
  out.push_back(static_cast<char>(h.internal));
  out.push_back(static_cast<char>(h.tile_compression));
  out.push_back(static_cast<char>(h.type));
  out.push_back(static_cast<char>(h.minzoom));
  out.push_back(static_cast<char>(h.maxzoom));
  for (double d : {h.min_lon, h.min_lat, h.max_lon, h.max_lat}) put_le(out, e7(d));
  out.push_back(static_cast<char>(h.center_zoom));
  put_le(out, e7(h.center_lon));
  put_le(out, e7(h.center_lat));
  return out;
}

Header parse_header(const std::string& b) {
  if (b.size() < kHeaderSize || b.compare(0, 7, "PMTiles") != 0) throw Error("not a PMTiles archive");
  if (b[7] != 3) throw Error("PMTiles version " + std::to_string(int(b[7])) + " (only version 3 is read)");
  Header h;
  std::uint64_t* fields[] = {&h.root_offset,     &h.root_length,  &h.metadata_offset, &h.metadata_length,
                             &h.leaf_offset,     &h.leaf_length,  &h.data_offset,     &h.data_length,
                             &h.addressed_tiles, &h.tile_entries, &h.tile_contents};
  std::size_t at = 8;
  for (auto* f : fields) *f = get_le<std::uint64_t>(b, at), at += 8;
  h.clustered = b[96] == 1;
  h.internal = static_cast<Compression>(b[97]);
  h.tile_compression = static_cast<Compression>(b[98]);
  h.type = static_cast<TileType>(b[99]);
  h.minzoom = static_cast<unsigned char>(b[100]);
  h.maxzoom = static_cast<unsigned char>(b[101]);
  h.min_lon = get_le<std::int32_t>(b, 102) / 1e7;
  h.min_lat = get_le<std::int32_t>(b, 106) / 1e7;
  h.max_lon = get_le<std::int32_t>(b, 110) / 1e7;
  h.max_lat = get_le<std::int32_t>(b, 114) / 1e7;
  h.center_zoom = static_cast<unsigned char>(b[118]);
  h.center_lon = get_le<std::int32_t>(b, 119) / 1e7;
  h.center_lat = get_le<std::int32_t>(b, 123) / 1e7;
  return h;
}

// --- reader ---

Reader::Reader(const std::filesystem::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw Error(path.string() + ": cannot open: " + std::strerror(errno));
  try {
    header_ = parse_header(read(0, kHeaderSize));
    if (header_.internal != Compression::Gzip && header_.internal != Compression::None)
      throw Error("internal compression " + std::to_string(int(header_.internal)) + " is not read");
    metadata_ = read(header_.metadata_offset, header_.metadata_length);
    if (header_.internal == Compression::Gzip) metadata_ = gunzip(metadata_);
    root_ = directory(header_.root_offset, header_.root_length);
  } catch (const Error& e) {
    ::close(fd_);
    throw Error(path.string() + ": " + e.what());
  }
}

Reader::~Reader() {
  if (fd_ >= 0) ::close(fd_);
}

std::string Reader::read(std::uint64_t offset, std::uint64_t length) const {
  if (length > (std::uint64_t{1} << 31)) throw Error("a section of " + std::to_string(length) + " bytes");
  std::string out(length, '\0');
  std::size_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error("truncated (wanted bytes " + std::to_string(offset) + "+" + std::to_string(length) + ")");
    done += static_cast<std::size_t>(n);
  }
  return out;
}

std::vector<Entry> Reader::directory(std::uint64_t offset, std::uint64_t length) const {
  std::string bytes = read(offset, length);
  if (header_.internal == Compression::Gzip) bytes = gunzip(bytes);
  return parse_directory(bytes);
}

std::string Reader::tile(geom::TileId t) const {
  const std::uint64_t id = tile_id(t);
  std::vector<Entry> dir = root_;
  for (int depth = 0; depth < 4; ++depth) {
    auto it =
        std::upper_bound(dir.begin(), dir.end(), id, [](std::uint64_t v, const Entry& e) { return v < e.tile_id; });
    if (it == dir.begin()) return {};
    const Entry& e = *--it;
    if (e.run_length == 0) {
      dir = directory(header_.leaf_offset + e.offset, e.length);
      continue;
    }
    if (id >= e.tile_id + e.run_length) return {};
    return read(header_.data_offset + e.offset, e.length);
  }
  return {};
}

std::string Reader::data(const Entry& e) const {
  return read(header_.data_offset + e.offset, e.length);
}

std::vector<Entry> Reader::entries() const {
  std::vector<Entry> out;
  for (const Entry& e : root_) {
    if (e.run_length > 0) {
      out.push_back(e);
      continue;
    }
    for (const Entry& l : directory(header_.leaf_offset + e.offset, e.length)) out.push_back(l);
  }
  return out;
}

// --- writer ---

void Sink::check(const std::filesystem::path& path, bool overwrite) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error(path.string() + ": is a folder");
  if (std::filesystem::exists(path, ec) && !overwrite)
    throw Error(path.string() + ": exists (use --overwrite to replace it)");
  const auto parent = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  if (!std::filesystem::is_directory(parent, ec))
    throw Error(path.string() + ": folder " + parent.string() + " does not exist");
  if (::access(parent.c_str(), W_OK) != 0)
    throw Error(path.string() + ": folder " + parent.string() + " is not writable");
}

Sink::Sink(std::filesystem::path path, PyramidInfo info, TileType type, Compression tile_compression)
    : path_(std::move(path)), info_(std::move(info)), type_(type), compression_(tile_compression) {
  const auto tmp = hidden_sibling(path_, "tiles");
  fd_ = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd_ < 0) throw Error(path_.string() + ": cannot create a temporary file: " + std::strerror(errno));
  ::unlink(tmp.c_str());  // nothing is left behind, whatever happens to the run
}

Sink::~Sink() {
  if (fd_ >= 0) ::close(fd_);
}

void Sink::put(geom::TileId t, const TilePtr& tile) {
  std::lock_guard lock(m_);
  const auto [it, added] = by_id_.try_emplace(tile->id, static_cast<std::uint32_t>(contents_.size()));
  if (added) {
    const auto& b = tile->png;
    std::size_t done = 0;
    while (done < b.size()) {
      const ssize_t n = ::pwrite(fd_, b.data() + done, b.size() - done, static_cast<off_t>(size_ + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw Error(path_.string() + ": cannot write tiles: " + std::strerror(errno));
      done += static_cast<std::size_t>(n);
    }
    contents_.push_back({size_, static_cast<std::uint32_t>(b.size())});
    size_ += b.size();
  }
  puts_.push_back({tile_id(t), it->second, t.z});
}

void Sink::finish() {
  std::lock_guard lock(m_);
  std::sort(puts_.begin(), puts_.end(), [](const Put& a, const Put& b) { return a.tile_id < b.tile_id; });
  puts_.erase(
      std::unique(puts_.begin(), puts_.end(), [](const Put& a, const Put& b) { return a.tile_id == b.tile_id; }),
      puts_.end());
  // A shard's part may hold nothing (open sea, or more parts than the plan has work for): it is
  // still written, so that the merge finds every part.
  if (puts_.empty() && info_.shard.empty())
    throw Error(path_.string() + ": no tiles to write (nothing is in the bbox at these zooms)");

  // Clustered: each distinct tile at its first use, in tile-id order; runs of one tile as one entry.
  constexpr std::uint64_t kUnset = ~std::uint64_t{0};
  std::vector<std::uint64_t> final_offset(contents_.size(), kUnset);
  std::vector<std::uint32_t> order;
  std::uint64_t data_length = 0;
  std::vector<Entry> entries;
  int run_zoom = -1;  // runs stay within one zoom, so the last entry's id gives the maximum zoom
  for (const Put& p : puts_) {
    if (final_offset[p.content] == kUnset) {
      final_offset[p.content] = data_length;
      data_length += contents_[p.content].length;
      order.push_back(p.content);
    }
    const std::uint64_t off = final_offset[p.content];
    if (!entries.empty() && entries.back().offset == off && run_zoom == p.z &&
        entries.back().tile_id + entries.back().run_length == p.tile_id) {
      ++entries.back().run_length;
    } else {
      entries.push_back({p.tile_id, off, contents_[p.content].length, 1});
      run_zoom = p.z;
    }
  }

  // The root in the first 16 KiB with the header; leaves (one level) when it would not fit, as
  // large as it takes.
  constexpr std::size_t kRootMax = 16384 - kHeaderSize;
  std::string root = gzip(serialize_directory(entries)), leaves;
  if (entries.size() >= 16384 || root.size() > kRootMax) {
    double leaf_size = std::max(4096.0, static_cast<double>(entries.size()) / 3500);
    for (;;) {
      const auto chunk = static_cast<std::size_t>(leaf_size);
      std::vector<Entry> root_entries;
      leaves.clear();
      for (std::size_t i = 0; i < entries.size(); i += chunk) {
        const std::vector<Entry> part(
            entries.begin() + static_cast<std::ptrdiff_t>(i),
            entries.begin() + static_cast<std::ptrdiff_t>(std::min(entries.size(), i + chunk)));
        const std::string leaf = gzip(serialize_directory(part));
        root_entries.push_back({part.front().tile_id, leaves.size(), static_cast<std::uint32_t>(leaf.size()), 0});
        leaves += leaf;
      }
      root = gzip(serialize_directory(root_entries));
      if (root.size() <= kRootMax) break;
      leaf_size *= 1.2;
    }
  }

  nlohmann::json meta = {{"name", info_.name},
                         {"description", info_.description},
                         {"attribution", info_.attribution},
                         {"format", info_.format},
                         {"minzoom", info_.minzoom},
                         {"maxzoom", info_.maxzoom},
                         {"sahelmap:fingerprint", info_.fingerprint}};
  if (!info_.vector_layers.empty()) meta["vector_layers"] = nlohmann::json::parse(info_.vector_layers);
  if (!info_.legend.empty()) meta["sahelmap:legend"] = nlohmann::json::parse(info_.legend);
  if (!info_.date.empty()) meta["sahelmap:date"] = info_.date;
  if (!info_.events.empty()) meta["sahelmap:events"] = nlohmann::json::parse(info_.events);
  if (!info_.shard.empty()) {
    // A part of a sharded run (tiles merge joins them). Written whole or not at all, it holds
    // every tile it was given: its count is what it has.
    char b[128];
    std::snprintf(b, sizeof b, "%.17g,%.17g,%.17g,%.17g", info_.bbox.minx, info_.bbox.miny, info_.bbox.maxx,
                  info_.bbox.maxy);
    meta["sahelmap:shard"] = info_.shard;
    meta["sahelmap:shard_tiles"] = std::to_string(puts_.size());
    meta["sahelmap:bounds"] = b;
    meta["sahelmap:tilesize"] = std::to_string(info_.tile_size * info_.scale);
    meta["sahelmap:scale"] = std::to_string(info_.scale);
  }
  const std::string metadata = gzip(meta.dump());

  Header h;
  h.root_offset = kHeaderSize;
  h.root_length = root.size();
  h.metadata_offset = h.root_offset + h.root_length;
  h.metadata_length = metadata.size();
  h.leaf_offset = h.metadata_offset + h.metadata_length;
  h.leaf_length = leaves.size();
  h.data_offset = h.leaf_offset + h.leaf_length;
  h.data_length = data_length;
  h.addressed_tiles = puts_.size();
  h.tile_entries = entries.size();
  h.tile_contents = order.size();
  h.clustered = true;
  h.internal = Compression::Gzip;
  h.tile_compression = compression_;
  h.type = type_;
  h.minzoom = entries.empty() ? info_.minzoom : zxy(entries.front().tile_id).z;
  h.maxzoom = entries.empty() ? info_.maxzoom : zxy(entries.back().tile_id).z;
  h.min_lon = std::max(info_.bbox.minx, -180.0);
  h.max_lon = std::min(info_.bbox.maxx, 180.0);
  h.min_lat = std::max(info_.bbox.miny, -geom::kMercatorMaxLat);
  h.max_lat = std::min(info_.bbox.maxy, geom::kMercatorMaxLat);
  h.center_zoom = h.minzoom;
  h.center_lon = (h.min_lon + h.max_lon) / 2;
  h.center_lat = (h.min_lat + h.max_lat) / 2;

  AtomicFile out(path_, false);
  const std::string head = serialize_header(h);
  out.write(head.data(), head.size());
  out.write(root.data(), root.size());
  out.write(metadata.data(), metadata.size());
  out.write(leaves.data(), leaves.size());
  std::string buf;
  for (const std::uint32_t c : order) {
    buf.resize(contents_[c].length);
    std::size_t done = 0;
    while (done < buf.size()) {
      const ssize_t n =
          ::pread(fd_, buf.data() + done, buf.size() - done, static_cast<off_t>(contents_[c].offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw Error(path_.string() + ": cannot read back the tiles: " + std::strerror(errno));
      done += static_cast<std::size_t>(n);
    }
    out.write(buf.data(), buf.size());
  }
  out.commit();
}

}  // namespace sahelmap::tiles::pmtiles
