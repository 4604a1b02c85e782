#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "util/error.hpp"

namespace sahelmap {
namespace fs = std::filesystem;

namespace {
std::string errno_text() {
  return std::strerror(errno);
}

fs::path folder_of(const fs::path& p) {
  auto dir = p.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

}  // namespace

fs::path hidden_sibling(const fs::path& p, const char* tag) {
  thread_local std::mt19937_64 rng{std::random_device{}()};  // sinks commit from worker threads
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".%s.%016llx", tag, static_cast<unsigned long long>(rng()));
  return folder_of(p) / ("." + p.filename().string() + suffix);
}

AtomicFile::AtomicFile(fs::path path, bool durable) : path_(std::move(path)), durable_(durable) {
  if (path_.empty()) throw Error("output path is empty");
  std::error_code ec;
  if (fs::is_directory(path_, ec)) throw Error(path_.string() + ": is a directory, not a file");
  const fs::path dir = folder_of(path_);
  if (!fs::is_directory(dir, ec)) throw Error(path_.string() + ": folder " + dir.string() + " does not exist");
  fd_ = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    named_tmp_ = hidden_sibling(path_, "tmp");
    fd_ = ::open(named_tmp_.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  }
  if (fd_ < 0) throw Error(path_.string() + ": cannot write in " + dir.string() + ": " + errno_text());
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !named_tmp_.empty()) ::unlink(named_tmp_.c_str());
}

void write_all(int fd, const void* data, std::size_t size, const fs::path& shown) {
  const auto* p = static_cast<const unsigned char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(shown.string() + ": write failed: " + errno_text());
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

void write_file_atomically_at(int dirfd, const std::string& name, const std::string& temp,
                              std::span<const unsigned char> bytes, const fs::path& shown) {
  const int fd = ::openat(dirfd, temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(shown.string() + ": cannot write: " + errno_text());
  try {
    write_all(fd, bytes.data(), bytes.size(), shown);
  } catch (...) {
    ::close(fd);
    ::unlinkat(dirfd, temp.c_str(), 0);
    throw;
  }
  if (::close(fd) != 0 || ::renameat(dirfd, temp.c_str(), dirfd, name.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlinkat(dirfd, temp.c_str(), 0);
    throw Error(shown.string() + ": cannot write: " + why);
  }
}

void AtomicFile::write(const void* data, std::size_t size) {
  write_all(fd_, data, size, path_);
}

void AtomicFile::commit() {
  if (durable_ && ::fsync(fd_) != 0) throw Error(path_.string() + ": fsync failed: " + errno_text());
  fs::path from = named_tmp_;
  if (from.empty()) {
    // Give the anonymous file a hidden name, then rename: linkat cannot replace an existing file.
    from = hidden_sibling(path_, "new");
    const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, from.c_str(), AT_SYMLINK_FOLLOW) != 0)
      throw Error(path_.string() + ": cannot create file: " + errno_text());
  }
  if (::rename(from.c_str(), path_.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlink(from.c_str());
    throw Error(path_.string() + ": cannot replace file: " + why);
  }
  committed_ = true;
  ::close(fd_);
  fd_ = -1;
}

void write_file_atomically(const fs::path& path, std::span<const unsigned char> bytes, bool durable) {
  AtomicFile f(path, durable);
  f.write(bytes);
  f.commit();
}

}  // namespace sahelmap
