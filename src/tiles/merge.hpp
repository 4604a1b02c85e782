#pragma once
// Merging the parts of a sharded run (tiles --shard I/N) into one MBTiles file or one PMTiles
// archive. Parts are MBTiles files (resumable) or PMTiles archives, into either.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sahelmap::tiles {

struct MergeStats {
  std::size_t shards = 0;
  std::uint64_t tiles = 0;   // map rows
  std::uint64_t images = 0;  // distinct images (identical tiles across shards stored once)
};

/// Merges every shard of one pyramid into `out`, built in a hidden temporary file next to it and
/// renamed into place at the end, so `out` appears whole or not at all. The metadata is the
/// shards' own, less what is about one shard.
/// @param progress called after each shard with (shards merged, shards)
/// @throws Error naming the file and the problem: not an MBTiles file of a sharded run, shards of
///         different pyramids (style, date, bbox, zooms, data: it says which differ), shards of
///         different N, a shard missing, given twice or incomplete, tiles in two shards, `out`
///         already there (without overwrite) or not writable.
MergeStats merge_mbtiles(const std::string& out, const std::vector<std::string>& shards, bool overwrite,
                         const std::function<void(std::size_t, std::size_t)>& progress = {});

/// The same checks, into a PMTiles archive (written whole at the end: see pmtiles::Sink).
MergeStats merge_to_pmtiles(const std::string& out, const std::vector<std::string>& shards, bool overwrite,
                            const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace sahelmap::tiles
