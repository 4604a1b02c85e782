#pragma once
// Output files appear whole or not at all (non-negotiable 4). The data goes to an anonymous
// O_TMPFILE in the target folder, which the kernel discards if the process dies; commit() links it
// under a hidden name and renames it over the target. Filesystems without O_TMPFILE fall back to a
// named hidden temp file that the destructor removes.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

namespace sahelmap {

class AtomicFile {
 public:
  /// Opens the temporary file next to `path`.
  /// @throws Error naming `path` when the folder is missing or not writable, or `path` is a folder.
  /// @param durable fsync before the rename (posters); tile pyramids skip it: a killed process
  ///        still never leaves a partial file, only a power cut could.
  explicit AtomicFile(std::filesystem::path path, bool durable = true);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// @throws Error on a short write (disk full).
  void write(const void* data, std::size_t size);
  void write(std::span<const unsigned char> bytes) { write(bytes.data(), bytes.size()); }
  /// Flushes, fsyncs and renames over the target. Nothing is visible at `path` before this.
  void commit();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path named_tmp_;  // only for the fallback
  int fd_ = -1;
  bool durable_ = true;
  bool committed_ = false;
};

/// ".NAME.TAG.<random>" in the folder of `path`: a temporary name no other process (or node of
/// a shared filesystem) picks too.
std::filesystem::path hidden_sibling(const std::filesystem::path& path, const char* tag);

/// All `size` bytes to `fd`, whatever short writes the kernel makes.
/// @throws Error "SHOWN: write failed: <why>" (a full disk).
void write_all(int fd, const void* data, std::size_t size, const std::filesystem::path& shown);

/// `name` in the folder open as `dirfd`, whole or not at all: the bytes go to `temp` (a hidden name
/// in that folder), renamed over `name`. No fsync and no random name: for the many small files of
/// a tile folder, where each name has one writer and a temp a killed run left is written over.
/// @throws Error "SHOWN: cannot write: <why>", with the temp removed.
void write_file_atomically_at(int dirfd, const std::string& name, const std::string& temp,
                              std::span<const unsigned char> bytes, const std::filesystem::path& shown);

/// Writes `bytes` to `path` through an AtomicFile.
void write_file_atomically(const std::filesystem::path& path, std::span<const unsigned char> bytes,
                           bool durable = true);

}  // namespace sahelmap
