#include "data/boundary_cache.hpp"

#include <glib.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>

#include "util/atomic_file.hpp"
#include "util/error.hpp"

namespace sahelmap::data {

namespace {

constexpr char kMagic[] = "SAHELMAP PREPARED BOUNDARIES\n";
constexpr std::uint32_t kVersion = 1;             // bump when the payload or the preparation changes
constexpr std::uint32_t kByteOrder = 0x01020304;  // written natively: another byte order is another file

class Sha256 {
 public:
  Sha256() : sum_(g_checksum_new(G_CHECKSUM_SHA256)) {}
  ~Sha256() { g_checksum_free(sum_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void add(const void* data, std::size_t n) {
    g_checksum_update(sum_, static_cast<const guchar*>(data), static_cast<gssize>(n));
  }
  std::string hex() { return g_checksum_get_string(sum_); }
  std::string raw() {
    guint8 d[32];
    gsize n = sizeof d;
    g_checksum_get_digest(sum_, d, &n);
    return std::string(reinterpret_cast<const char*>(d), n);
  }

 private:
  GChecksum* sum_;
};

struct Writer {
  std::string out;
  template <class T>
  void pod(T v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    out += s;
  }
};

// Reads with bounds checks: a short or inconsistent payload throws, and is taken for corrupt.
struct Reader {
  const char* p;
  const char* end;
  struct Short {};
  void need(std::size_t n) const {
    if (static_cast<std::size_t>(end - p) < n) throw Short{};
  }
  template <class T>
  T pod() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p, sizeof v);
    p += sizeof v;
    return v;
  }
  std::size_t count(std::size_t each) {
    const auto n = pod<std::uint64_t>();
    if (each && n > static_cast<std::uint64_t>(end - p) / each) throw Short{};
    return static_cast<std::size_t>(n);
  }
  std::string str() {
    const std::size_t n = count(1);
    std::string s(p, n);
    p += n;
    return s;
  }
};

std::string payload_of(const Boundaries& b) {
  Writer w;
  for (const std::string* s : {&b.source, &b.layer, &b.driver, &b.crs}) w.str(*s);
  w.pod<std::uint8_t>(b.geographic);
  for (std::size_t v : {b.features, b.skipped, b.repaired, b.closed}) w.pod<std::uint64_t>(v);
  w.pod<std::uint64_t>(b.unmatched.size());
  for (const auto& s : b.unmatched) w.str(s);
  w.pod<std::uint64_t>(b.shapes.size());
  for (const auto& s : b.shapes) {
    w.str(s.code);
    w.str(s.name);
    w.pod<std::uint64_t>(s.geometry.size());
    for (const auto& poly : s.geometry) {
      w.pod<std::uint64_t>(poly.rings.size());
      for (const auto& ring : poly.rings) {
        w.pod<std::uint64_t>(ring.size());
        w.out.append(reinterpret_cast<const char*>(ring.data()), ring.size() * sizeof(geom::Point));
      }
    }
  }
  return std::move(w.out);
}

Boundaries boundaries_of(Reader r) {
  Boundaries b;
  for (std::string* s : {&b.source, &b.layer, &b.driver, &b.crs}) *s = r.str();
  b.geographic = r.pod<std::uint8_t>() != 0;
  for (std::size_t* v : {&b.features, &b.skipped, &b.repaired, &b.closed})
    *v = static_cast<std::size_t>(r.pod<std::uint64_t>());
  b.unmatched.resize(r.count(8));
  for (auto& s : b.unmatched) s = r.str();
  b.shapes.resize(r.count(24));
  for (auto& s : b.shapes) {
    s.code = r.str();
    s.name = r.str();
    s.geometry.resize(r.count(8));
    for (auto& poly : s.geometry) {
      poly.rings.resize(r.count(8));
      for (auto& ring : poly.rings) {
        ring.resize(r.count(sizeof(geom::Point)));
        std::memcpy(ring.data(), r.p, ring.size() * sizeof(geom::Point));
        r.p += ring.size() * sizeof(geom::Point);
      }
    }
  }
  if (r.p != r.end) throw Reader::Short{};
  return b;
}

}  // namespace

std::string boundaries_key(const std::vector<std::filesystem::path>& files, const std::string& extra) {
  Sha256 sum;
  const std::string head = std::string(kMagic) + std::to_string(kVersion) + "\n" + extra + "\n";
  sum.add(head.data(), head.size());
  std::vector<char> buf(1 << 20);
  for (const auto& f : files) {
    const std::string name = f.filename().string() + "\n";
    sum.add(name.data(), name.size());
    std::ifstream in(f, std::ios::binary);
    if (!in) throw Error(f.string() + ": cannot read");
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      sum.add(buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw Error(f.string() + ": read error");
  }
  return sum.hex();
}

std::optional<Boundaries> read_cached_boundaries(const std::filesystem::path& file, const std::string& key) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  // Sized once, not zeroed, read in one call: a stream iterator copies 9 MB (1:10m) a byte at a
  // time, a string clears it first.
  const std::streamoff size = in.tellg();
  if (size <= 0) return std::nullopt;
  try {
    const auto bytes = std::make_unique_for_overwrite<char[]>(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(bytes.get(), size)) return std::nullopt;
    Reader r{bytes.get(), bytes.get() + size};
    r.need(sizeof kMagic - 1);
    if (std::memcmp(r.p, kMagic, sizeof kMagic - 1) != 0) return std::nullopt;
    r.p += sizeof kMagic - 1;
    if (r.pod<std::uint32_t>() != kVersion || r.pod<std::uint32_t>() != kByteOrder) return std::nullopt;
    if (r.str() != key) return std::nullopt;
    const std::size_t n = r.count(1);
    const char* payload = r.p;
    r.p += n;
    r.need(32);
    Sha256 sum;
    sum.add(payload, n);
    if (sum.raw() != std::string(r.p, 32)) return std::nullopt;
    if (r.p + 32 != r.end) return std::nullopt;
    return boundaries_of(Reader{payload, payload + n});
  } catch (const Reader::Short&) {
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    return std::nullopt;
  }
}

void write_cached_boundaries(const std::filesystem::path& file, const std::string& key, const Boundaries& b) {
  const std::string payload = payload_of(b);
  Writer w;
  w.out = std::string(kMagic, sizeof kMagic - 1);
  w.pod<std::uint32_t>(kVersion);
  w.pod<std::uint32_t>(kByteOrder);
  w.str(key);
  w.str(payload);
  Sha256 sum;
  sum.add(payload.data(), payload.size());
  w.out += sum.raw();
  AtomicFile out(file, false);
  out.write(w.out.data(), w.out.size());
  out.commit();
}

}  // namespace sahelmap::data
