#include "tiles/pmtiles_verify.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "tiles/mvt.hpp"
#include "tiles/pmtiles.hpp"

namespace pm = sahelmap::tiles::pmtiles;

std::vector<std::string> verify_pmtiles(const std::filesystem::path& path) {
  std::vector<std::string> problems;
  auto fail = [&](const std::string& s) { problems.push_back(s); };
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string file = ss.str();
  pm::Header h;
  try {
    h = pm::parse_header(file);
  } catch (const std::exception& e) {
    return {e.what()};
  }
  if (h.root_offset == 0 || h.metadata_offset == 0 || h.leaf_offset == 0 || h.data_offset == 0)
    fail("a section offset is 0");
  for (std::uint64_t len : {h.root_length, h.metadata_length, h.leaf_length, h.data_length})
    if (len > file.size()) fail("a section is longer than the file");
  if (file.size() != pm::kHeaderSize + h.root_length + h.metadata_length + h.leaf_length + h.data_length)
    fail("file size " + std::to_string(file.size()) + " is not the sum of the header and the sections");
  if (h.root_offset + h.root_length > 16384) fail("the root directory ends beyond the first 16 KiB");
  if (h.root_offset != pm::kHeaderSize || h.metadata_offset != h.root_offset + h.root_length ||
      h.leaf_offset != h.metadata_offset + h.metadata_length || h.data_offset != h.leaf_offset + h.leaf_length)
    fail("sections are not in the order header, root, metadata, leaves, tiles");
  if (!problems.empty()) return problems;

  auto dir = [&](std::uint64_t off, std::uint64_t len) {
    std::string b = file.substr(off, len);
    if (h.internal == pm::Compression::Gzip) b = sahelmap::tiles::gunzip(b);
    return pm::parse_directory(b);
  };
  std::uint64_t addressed = 0, entries = 0, min_id = ~0ull, max_id = 0, next = 0, last_id = 0;
  bool first = true;
  std::set<std::uint64_t> offsets;
  try {
    for (const pm::Entry& r : dir(h.root_offset, h.root_length)) {
      std::vector<pm::Entry> list{r};
      if (r.run_length == 0) list = dir(h.leaf_offset + r.offset, r.length);
      for (const pm::Entry& e : list) {
        if (e.run_length == 0) {
          fail("a leaf directory points to another leaf (one level is written)");
          continue;
        }
        if (!first && e.tile_id < last_id) fail("tile ids are not sorted at " + std::to_string(e.tile_id));
        first = false;
        last_id = e.tile_id;
        if (e.offset + e.length > h.data_length)
          fail("tile " + std::to_string(e.tile_id) + " is outside the tile data");
        if (h.clustered && !offsets.count(e.offset)) {
          if (e.offset != next)
            fail("not clustered: tile " + std::to_string(e.tile_id) + " at " + std::to_string(e.offset) +
                 ", expected " + std::to_string(next));
          next += e.length;
        }
        offsets.insert(e.offset);
        addressed += e.run_length;
        ++entries;
        min_id = std::min(min_id, e.tile_id);
        max_id = std::max(max_id, e.tile_id);
      }
    }
  } catch (const std::exception& e) {
    return {std::string("directory: ") + e.what()};
  }
  if (addressed != h.addressed_tiles)
    fail("addressed tiles " + std::to_string(addressed) + " != header's " + std::to_string(h.addressed_tiles));
  if (entries != h.tile_entries)
    fail("tile entries " + std::to_string(entries) + " != header's " + std::to_string(h.tile_entries));
  if (offsets.size() != h.tile_contents)
    fail("tile contents " + std::to_string(offsets.size()) + " != header's " + std::to_string(h.tile_contents));
  if (entries == 0) return problems;
  if (pm::zxy(min_id).z != h.minzoom) fail("min zoom differs from the first tile's");
  if (pm::zxy(max_id).z != h.maxzoom) fail("max zoom differs from the last tile's");
  if (h.center_zoom < h.minzoom || h.center_zoom > h.maxzoom) fail("center zoom outside the zooms");
  if (!(h.min_lon < h.max_lon) || !(h.min_lat < h.max_lat)) fail("bounds have no area");
  return problems;
}
