#pragma once
// PMTiles v3 (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): Hilbert tile ids,
// varint directories (gzip), leaf directories when the root would not fit in the first 16 KiB,
// identical tiles stored once and runs of them as one entry, tile data clustered in id order.
// A writer (a container around zlib), and the reader the server and the tests use.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "tiles/sink.hpp"

namespace sahelmap::tiles::pmtiles {

/// Hilbert tile id: all tiles of lower zooms first, then the Hilbert curve index at zoom z.
std::uint64_t tile_id(geom::TileId t);
/// @throws Error for an id beyond zoom 31
geom::TileId zxy(std::uint64_t id);

struct Entry {
  std::uint64_t tile_id = 0, offset = 0;
  std::uint32_t length = 0, run_length = 0;  // run_length 0: a leaf directory
  friend bool operator==(const Entry&, const Entry&) = default;
};

/// The directory's bytes before compression.
std::string serialize_directory(const std::vector<Entry>& entries);
/// @throws Error on truncated or malformed bytes
std::vector<Entry> parse_directory(const std::string& bytes);

enum class TileType : std::uint8_t { Unknown = 0, Mvt = 1, Png = 2, Jpeg = 3, Webp = 4 };
enum class Compression : std::uint8_t { Unknown = 0, None = 1, Gzip = 2 };

struct Header {
  std::uint64_t root_offset = 0, root_length = 0, metadata_offset = 0, metadata_length = 0;
  std::uint64_t leaf_offset = 0, leaf_length = 0, data_offset = 0, data_length = 0;
  std::uint64_t addressed_tiles = 0, tile_entries = 0, tile_contents = 0;
  bool clustered = true;
  Compression internal = Compression::Gzip, tile_compression = Compression::None;
  TileType type = TileType::Unknown;
  int minzoom = 0, maxzoom = 0, center_zoom = 0;
  double min_lon = -180, min_lat = -85, max_lon = 180, max_lat = 85, center_lon = 0, center_lat = 0;
};
constexpr std::size_t kHeaderSize = 127;
std::string serialize_header(const Header& h);
/// @throws Error when the bytes are not a PMTiles v3 header
Header parse_header(const std::string& bytes);

/// Reads tiles by z/x/y (the server's --pmtiles, the tests). Thread-safe.
class Reader {
 public:
  /// @throws Error when the file cannot be read or is not a PMTiles v3 archive
  explicit Reader(const std::filesystem::path& path);
  const Header& header() const { return header_; }
  /// The metadata JSON, decompressed.
  const std::string& metadata() const { return metadata_; }
  /// The tile's bytes as stored (gzip'd for MVT), or empty when the archive has none there.
  std::string tile(geom::TileId t) const;
  /// Every tile entry, leaves followed (the merge, the checks of the tests).
  std::vector<Entry> entries() const;
  /// The bytes of an entry of entries(), as stored.
  std::string data(const Entry& e) const;

 private:
  std::string read(std::uint64_t offset, std::uint64_t length) const;
  std::vector<Entry> directory(std::uint64_t offset, std::uint64_t length) const;
  std::filesystem::path path_;
  int fd_ = -1;
  Header header_;
  std::string metadata_;
  std::vector<Entry> root_;

 public:
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
};

/// A whole archive, written at finish(): tiles go to an unnamed temporary file as they come, then
/// are laid out in tile-id order, so the bytes do not depend on the order they arrived in. An
/// interrupted run leaves nothing (an archive is not resumable).
class Sink : public TileSink {
 public:
  /// @throws Error when the folder is missing or not writable, or the file exists without overwrite
  Sink(std::filesystem::path path, PyramidInfo info, TileType type, Compression tile_compression);
  ~Sink() override;
  static void check(const std::filesystem::path& path, bool overwrite);
  void put(geom::TileId t, const TilePtr& tile) override;
  bool wants_ids() const override { return true; }
  void finish() override;

 private:
  std::filesystem::path path_;
  PyramidInfo info_;
  TileType type_;
  Compression compression_;
  int fd_ = -1;  // the tiles as they came, unlinked at once
  std::uint64_t size_ = 0;
  struct Stored {
    std::uint64_t offset;
    std::uint32_t length;
  };
  std::vector<Stored> contents_;                          // where each distinct tile is in the temporary file
  std::unordered_map<std::string, std::uint32_t> by_id_;  // content id -> index in contents_
  struct Put {
    std::uint64_t tile_id;
    std::uint32_t content;
    int z;
  };
  std::vector<Put> puts_;
  std::mutex m_;
};

}  // namespace sahelmap::tiles::pmtiles
