#include "render/png.hpp"

#include <libdeflate.h>
#include <spng.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "util/error.hpp"

namespace sahelmap::render {

namespace {
struct CtxDeleter {
  void operator()(spng_ctx* c) const { spng_ctx_free(c); }
};
using CtxPtr = std::unique_ptr<spng_ctx, CtxDeleter>;

void check(int err, const char* what) {
  if (err) throw Error(std::string("PNG ") + what + ": " + spng_strerror(err));
}
}  // namespace

namespace {

// The PNG container (signature, IHDR, pHYs, PLTE, tRNS, IDAT, IEND, each chunk's CRC from zlib's
// crc32) is ours; compression stays in zlib. The scanlines (a filter byte, 0 = none, and the
// packed row) are cut into chunks of whole rows of about 256 KB, each deflated on its own core
// and ended with Z_SYNC_FLUSH (the last with Z_FINISH), their Adler-32s joined with
// adler32_combine: the pigz recipe. The cut depends only on the image, so the bytes do not depend
// on the number of cores.
constexpr std::size_t kChunkBytes = 256 * 1024;

void put32(std::vector<unsigned char>& out, std::uint32_t v) {
  out.push_back(static_cast<unsigned char>(v >> 24));
  out.push_back(static_cast<unsigned char>(v >> 16));
  out.push_back(static_cast<unsigned char>(v >> 8));
  out.push_back(static_cast<unsigned char>(v));
}

void put_chunk(std::vector<unsigned char>& out, const char type[4], const unsigned char* data, std::size_t size) {
  put32(out, static_cast<std::uint32_t>(size));
  const std::size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  if (size) out.insert(out.end(), data, data + size);
  put32(out, static_cast<std::uint32_t>(crc32(0, out.data() + start, static_cast<uInt>(size + 4))));
}

struct DeflateEnd {
  void operator()(z_stream* z) const {
    deflateEnd(z);
    delete z;
  }
};

// A raw deflate stream kept by each thread and reset for each piece: a fresh one allocates
// about 270 KB, which malloc hands back to the system and faults in again for every map tile.
z_stream* thread_stream(int level, int strategy) {
  struct Kept {
    std::unique_ptr<z_stream, DeflateEnd> z;
    int level = 0, strategy = 0;
  };
  thread_local Kept kept;
  if (!kept.z || kept.level != level || kept.strategy != strategy) {
    kept.z.reset();
    std::unique_ptr<z_stream, DeflateEnd> z(new z_stream{});
    // Z_RLE never looks in the hash table, which every reset clears: memLevel 4 makes it 4 KB
    // instead of 64 (and blocks of 1,024 symbols): on the reference pyramid's palette tiles 28%
    // fewer instructions in zlib (callgrind), 771 bytes a tile instead of 773.
    const int mem_level = strategy == Z_RLE ? 4 : 8;
    if (deflateInit2(z.get(), level, Z_DEFLATED, -15, mem_level, strategy) != Z_OK)
      throw Error("PNG: cannot start zlib");
    kept = {.z = std::move(z), .level = level, .strategy = strategy};
  }
  return kept.z.get();
}

// One chunk of scanlines deflated as a raw stream piece.
struct Piece {
  std::vector<unsigned char> deflated;
  uLong adler = 1, length = 0;
};

Piece deflate_rows(std::size_t y0, std::size_t y1, std::size_t row_bytes,
                   const std::function<void(std::size_t, unsigned char*)>& pack, bool last, const PngOptions& o) {
  // Scanlines and zlib's output in buffers kept by each thread: fresh ones of a few hundred KB
  // per chunk cost a zero fill and, above malloc's mmap threshold, page faults on every chunk
  // (a third of an A3 poster's encoding time).
  thread_local std::vector<unsigned char> raw, scratch;
  if (raw.size() < (y1 - y0) * (row_bytes + 1)) raw.resize((y1 - y0) * (row_bytes + 1));
  for (std::size_t y = y0; y < y1; ++y) {
    unsigned char* line = raw.data() + (y - y0) * (row_bytes + 1);
    line[0] = 0;  // filter: none (flat maps compress better and faster without; see canvas.cpp)
    pack(y, line + 1);
  }
  z_stream* z = thread_stream(o.compression_level, o.strategy >= 0 ? o.strategy : Z_DEFAULT_STRATEGY);
  if (deflateReset(z) != Z_OK) throw Error("PNG: cannot start zlib");  // whatever a failed piece left
  const std::size_t size = (y1 - y0) * (row_bytes + 1);
  Piece p;
  p.adler = libdeflate_adler32(1, raw.data(), size);
  p.length = size;
  const std::size_t bound = deflateBound(z, size) + 16;
  if (scratch.size() < bound) scratch.resize(bound);
  z->next_in = raw.data();
  z->avail_in = static_cast<uInt>(size);
  z->next_out = scratch.data();
  z->avail_out = static_cast<uInt>(bound);
  const int status = deflate(z, last ? Z_FINISH : Z_SYNC_FLUSH);
  if (status != (last ? Z_STREAM_END : Z_OK) || z->avail_in != 0) throw Error("PNG: zlib failed");
  p.deflated.assign(scratch.data(), scratch.data() + (bound - z->avail_out));
  return p;
}

// The zlib stream of an image's scanlines in fixed chunks of rows, each deflated on whichever
// thread asks (distinct chunks at once), then joined: header, the pieces in order, the Adler-32.
class Scanlines {
 public:
  using Pack = std::function<void(std::size_t, unsigned char*)>;
  Scanlines(std::size_t height, std::size_t row_bytes, Pack pack, const PngOptions& o)
      : height_(height),
        row_bytes_(row_bytes),
        rows_(std::max<std::size_t>(1, kChunkBytes / (row_bytes + 1))),
        pack_(std::move(pack)),
        options_(o),
        pieces_(std::max<std::size_t>(1, (height + rows_ - 1) / rows_)) {}
  std::size_t chunks() const { return pieces_.size(); }
  std::size_t end_row(std::size_t i) const { return std::min(height_, (i + 1) * rows_); }
  void deflate(std::size_t i) {
    pieces_[i] = deflate_rows(i * rows_, end_row(i), row_bytes_, pack_, i + 1 == chunks(), options_);
  }
  std::vector<unsigned char> zlib() const {
    const int level = options_.compression_level < 0 ? 6 : options_.compression_level;
    const unsigned flevel = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
    const unsigned cmf = 0x78, flg0 = flevel << 6;
    const unsigned flg = flg0 + (31 - (cmf * 256 + flg0) % 31) % 31;
    std::vector<unsigned char> out{static_cast<unsigned char>(cmf), static_cast<unsigned char>(flg)};
    uLong adler = 1;
    std::size_t total = 2 + 4;
    for (const auto& p : pieces_) total += p.deflated.size();
    out.reserve(total);
    for (const auto& p : pieces_) {
      out.insert(out.end(), p.deflated.begin(), p.deflated.end());
      adler = adler32_combine(adler, p.adler, static_cast<z_off_t>(p.length));
    }
    put32(out, static_cast<std::uint32_t>(adler));
    return out;
  }

 private:
  std::size_t height_, row_bytes_, rows_;
  Pack pack_;
  PngOptions options_;
  std::vector<Piece> pieces_;
};

// Every chunk of `s` deflated on the available cores.
void deflate_all(Scanlines& s) {
  const std::size_t n = s.chunks();
  std::vector<std::exception_ptr> errors(n);
  auto run = [&](std::size_t i) {
    try {
      s.deflate(i);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  // Asked only for images of more than one chunk: glibc reads /sys for the count, three system
  // calls that a map tile (one chunk) would pay every time.
  const std::size_t threads = n <= 1 ? 1 : std::min<std::size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) run(i);
  } else {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t i = next++; i < n; i = next++) run(i);
    };
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

enum ColourType : unsigned char { kTruecolour = 2, kIndexed = 3, kTruecolourAlpha = 6 };

std::vector<unsigned char> write_png(int width, int height, ColourType type, const std::vector<unsigned char>& z,
                                     const PngOptions& o, const std::vector<unsigned char>& plte = {},
                                     const std::vector<unsigned char>& trns = {}) {
  if (width <= 0 || height <= 0) throw Error("PNG: empty image");
  std::vector<unsigned char> out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<unsigned char> ihdr;
  put32(ihdr, static_cast<std::uint32_t>(width));
  put32(ihdr, static_cast<std::uint32_t>(height));
  ihdr.insert(ihdr.end(), {8, type, 0, 0, 0});  // 8 bits, deflate, adaptive filters, no interlace
  put_chunk(out, "IHDR", ihdr.data(), ihdr.size());
  if (o.dpi > 0) {
    std::vector<unsigned char> phys;
    const auto ppm = static_cast<std::uint32_t>(std::lround(o.dpi / 0.0254));
    put32(phys, ppm);
    put32(phys, ppm);
    phys.push_back(1);  // metre
    put_chunk(out, "pHYs", phys.data(), phys.size());
  }
  if (!plte.empty()) put_chunk(out, "PLTE", plte.data(), plte.size());
  if (!trns.empty()) put_chunk(out, "tRNS", trns.data(), trns.size());
  constexpr std::size_t kIdat = 1 << 20;  // IDAT chunks of 1 MB
  for (std::size_t at = 0; at < z.size(); at += kIdat)
    put_chunk(out, "IDAT", z.data() + at, std::min(kIdat, z.size() - at));
  put_chunk(out, "IEND", nullptr, 0);
  return out;
}

// The whole file, every chunk of scanlines deflated on the available cores.
std::vector<unsigned char> write_png(int width, int height, ColourType type, std::size_t row_bytes,
                                     const Scanlines::Pack& pack, const PngOptions& o,
                                     const std::vector<unsigned char>& plte = {},
                                     const std::vector<unsigned char>& trns = {}) {
  if (width <= 0 || height <= 0) throw Error("PNG: empty image");
  Scanlines s(static_cast<std::size_t>(height), row_bytes, pack, o);
  deflate_all(s);
  return write_png(width, height, type, s.zlib(), o, plte, trns);
}

// Cairo's premultiplied ARGB32 to straight RGB(A), rounding.
void unpremultiply(std::uint32_t px, unsigned& r, unsigned& g, unsigned& b, unsigned& a) {
  a = px >> 24;
  r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
  if (a != 0xff && a != 0) r = (r * 255 + a / 2) / a, g = (g * 255 + a / 2) / a, b = (b * 255 + a / 2) / a;
}

const std::uint32_t* row_of(const std::uint32_t* pixels, int stride, std::size_t y) {
  return reinterpret_cast<const std::uint32_t*>(reinterpret_cast<const unsigned char*>(pixels) + y * stride);
}

}  // namespace

namespace {

// One row to straight RGB (opaque) or RGBA.
void pack_row(const std::uint32_t* row, std::size_t w, std::uint32_t force_alpha, bool opaque, unsigned char* out) {
  if (opaque) {  // nothing to un-premultiply
    for (std::size_t x = 0; x < w; ++x, out += 3) {
      const std::uint32_t px = row[x];
      out[0] = static_cast<unsigned char>(px >> 16), out[1] = static_cast<unsigned char>(px >> 8),
      out[2] = static_cast<unsigned char>(px);
    }
    return;
  }
  for (std::size_t x = 0; x < w; ++x) {
    unsigned r, g, b, a;
    unpremultiply(row[x] | force_alpha, r, g, b, a);
    *out++ = static_cast<unsigned char>(r);
    *out++ = static_cast<unsigned char>(g);
    *out++ = static_cast<unsigned char>(b);
    *out++ = static_cast<unsigned char>(a);
  }
}

bool row_opaque(const std::uint32_t* row, std::size_t w, std::uint32_t force_alpha) {
  std::uint32_t all = 0xffffffffu;
  for (std::size_t x = 0; x < w; ++x) all &= row[x];  // no early exit: this loop vectorizes
  return ((all | force_alpha) >> 24) == 0xff;
}

bool is_opaque(const std::uint32_t* pixels, std::size_t w, std::size_t h, int stride, std::uint32_t force_alpha) {
  for (std::size_t y = 0; y < h; ++y)
    if (!row_opaque(row_of(pixels, stride, y), w, force_alpha)) return false;
  return true;
}

}  // namespace

std::vector<unsigned char> encode_png(const std::uint32_t* pixels, int width, int height, int stride,
                                      const PngOptions& options) {
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  const std::uint32_t force_alpha = options.rgb24 ? 0xff000000u : 0u;
  const bool opaque = options.rgb24 || is_opaque(pixels, w, h, stride, force_alpha);
  return write_png(
      width, height, opaque ? kTruecolour : kTruecolourAlpha, w * (opaque ? 3 : 4),
      [&](std::size_t y, unsigned char* out) { pack_row(row_of(pixels, stride, y), w, force_alpha, opaque, out); },
      options);
}

struct PngRows::Impl {
  const std::uint32_t* pixels;
  int width, height, stride;
  PngOptions options;
  std::atomic<bool> translucent{false};  // some pixel not opaque: finish() writes RGBA instead
  std::optional<Scanlines> lines;
};

PngRows::PngRows(const std::uint32_t* pixels, int width, int height, int stride, const PngOptions& options)
    : impl_(std::make_unique<Impl>()) {
  if (width <= 0 || height <= 0) throw Error("PNG: empty image");
  Impl& m = *impl_;
  m.pixels = pixels, m.width = width, m.height = height, m.stride = stride, m.options = options;
  const auto w = static_cast<std::size_t>(width);
  const std::uint32_t force_alpha = options.rgb24 ? 0xff000000u : 0u;
  m.lines.emplace(
      static_cast<std::size_t>(height), w * 3,
      [&m, w, force_alpha](std::size_t y, unsigned char* out) {
        const std::uint32_t* row = row_of(m.pixels, m.stride, y);
        if (!row_opaque(row, w, force_alpha)) m.translucent = true;
        pack_row(row, w, force_alpha, true, out);
      },
      options);
}
PngRows::~PngRows() = default;
std::size_t PngRows::chunks() const {
  return impl_->lines->chunks();
}
int PngRows::end_row(std::size_t chunk) const {
  return static_cast<int>(impl_->lines->end_row(chunk));
}
void PngRows::deflate(std::size_t chunk) {
  if (!impl_->translucent) impl_->lines->deflate(chunk);
}
std::vector<unsigned char> PngRows::finish() const {
  const Impl& m = *impl_;
  // Rare (a style with a translucent page): the RGBA file, encoded now that all rows are known.
  if (m.translucent) return encode_png(m.pixels, m.width, m.height, m.stride, m.options);
  return write_png(m.width, m.height, kTruecolour, m.lines->zlib(), m.options);
}

namespace {
// Z_RLE only matches the byte just before, and a run of RGB pixels repeats every 3 bytes: on the
// reference pyramid's 66 tiles with names (more than 256 colours), 4.6 MB with it, 0.7 MB without.
PngOptions truecolour_options(PngOptions o) {
  if (o.strategy == Z_RLE) o.strategy = -1;
  return o;
}
}  // namespace

std::vector<unsigned char> encode_png_auto(const std::uint32_t* pixels, int width, int height, int stride,
                                           const PngOptions& options) {
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  // Open-addressing table of up to 256 colours (premultiplied ARGB32 values).
  constexpr std::size_t kSlots = 1024;
  std::uint32_t keys[kSlots];
  std::int16_t index[kSlots];
  std::fill(std::begin(index), std::end(index), std::int16_t(-1));
  std::uint32_t palette[256];
  int colours = 0;
  bool opaque = true;
  thread_local std::vector<unsigned char> raw;  // reused: tiles come by the thousand
  raw.resize(w * h);
  const std::uint32_t force_alpha = options.rgb24 ? 0xff000000u : 0u;
  std::uint32_t last = 0;
  int last_index = -1;
  for (std::size_t y = 0; y < h; ++y) {
    const std::uint32_t* row = row_of(pixels, stride, y);
    unsigned char* out = raw.data() + y * w;
    // A row like the one above (open sea, a country's inside, a meridian border) has its indices.
    if (y > 0 && std::memcmp(row, row_of(pixels, stride, y - 1), w * 4) == 0) {
      std::memcpy(out, out - w, w);
      continue;
    }
    for (std::size_t x = 0; x < w; ++x) {
      const std::uint32_t px = row[x] | force_alpha;
      if (px == last && last_index >= 0) {  // runs are the common case: eight pixels at a time
        out[x] = static_cast<unsigned char>(last_index);
        while (x + 9 <= w) {
          std::uint32_t differ = 0;
          for (std::size_t k = 1; k <= 8; ++k) differ |= (row[x + k] | force_alpha) ^ last;
          if (differ) break;
          std::memset(out + x + 1, last_index, 8);
          x += 8;
        }
        continue;
      }
      std::size_t slot = (px * 2654435761u) >> 22;
      while (index[slot] >= 0 && keys[slot] != px) slot = (slot + 1) & (kSlots - 1);
      if (index[slot] < 0) {
        if (colours == 256) return encode_png(pixels, width, height, stride, truecolour_options(options));
        keys[slot] = px;
        index[slot] = static_cast<std::int16_t>(colours);
        palette[colours++] = px;
        opaque = opaque && (px >> 24) == 0xff;
      }
      last = px;
      last_index = index[slot];
      out[x] = static_cast<unsigned char>(last_index);
    }
  }
  std::vector<unsigned char> plte, trns;
  for (int i = 0; i < colours; ++i) {
    unsigned r, g, b, a;
    unpremultiply(palette[i], r, g, b, a);
    plte.insert(plte.end(),
                {static_cast<unsigned char>(r), static_cast<unsigned char>(g), static_cast<unsigned char>(b)});
    trns.push_back(static_cast<unsigned char>(a));
  }
  if (opaque) trns.clear();
  const unsigned char* indices = raw.data();
  return write_png(
      width, height, kIndexed, w, [&](std::size_t y, unsigned char* out) { std::memcpy(out, indices + y * w, w); },
      options, plte, trns);
}

std::vector<unsigned char> decode_png(const unsigned char* data, std::size_t size, int& width, int& height) {
  CtxPtr ctx(spng_ctx_new(0));
  if (!ctx) throw Error("PNG: cannot create decoder");
  check(spng_set_png_buffer(ctx.get(), data, size), "input");
  spng_ihdr ihdr{};
  check(spng_get_ihdr(ctx.get(), &ihdr), "header");
  std::size_t out_size = 0;
  check(spng_decoded_image_size(ctx.get(), SPNG_FMT_RGBA8, &out_size), "size");
  std::vector<unsigned char> out(out_size);
  check(spng_decode_image(ctx.get(), out.data(), out.size(), SPNG_FMT_RGBA8, SPNG_DECODE_TRNS), "decode");
  width = static_cast<int>(ihdr.width);
  height = static_cast<int>(ihdr.height);
  return out;
}

}  // namespace sahelmap::render
