#pragma once
// Prepared boundaries kept on disk: read, joined, cut at the antimeridian and repaired once, then
// loaded in a few milliseconds (world-atlas 1:10m takes seconds to prepare). A versioned binary of
// our own: a header with the key it was made for, the payload, and the payload's SHA-256. The key
// is a hash of the inputs' bytes, so an entry for changed data is never found; a truncated or
// corrupt one fails its checksum and is rebuilt, never trusted.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "data/boundaries.hpp"

namespace sahelmap::data {

/// SHA-256 (hex) of the format version, `extra`, and each file's name and bytes, in order.
/// @throws Error naming a file that cannot be read.
std::string boundaries_key(const std::vector<std::filesystem::path>& files, const std::string& extra);

/// The boundaries kept in `file` for `key`; nothing when the file is missing, was made for another
/// key or format version, is truncated, or fails its checksum.
std::optional<Boundaries> read_cached_boundaries(const std::filesystem::path& file, const std::string& key);

/// Keeps `b` in `file` for `key` (a temporary file renamed over it: never half written).
/// @throws Error when it cannot be written.
void write_cached_boundaries(const std::filesystem::path& file, const std::string& key, const Boundaries& b);

}  // namespace sahelmap::data
