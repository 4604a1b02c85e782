#include "render/png.hpp"

#include <spng.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

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

CtxPtr new_encoder(int width, int height, std::uint8_t colour_type, const PngOptions& options) {
  CtxPtr ctx(spng_ctx_new(SPNG_CTX_ENCODER));
  if (!ctx) throw Error("PNG: cannot create encoder");
  check(spng_set_option(ctx.get(), SPNG_ENCODE_TO_BUFFER, 1), "encoder");
  spng_ihdr ihdr{};
  ihdr.width = static_cast<std::uint32_t>(width);
  ihdr.height = static_cast<std::uint32_t>(height);
  ihdr.bit_depth = 8;
  ihdr.color_type = colour_type;
  check(spng_set_ihdr(ctx.get(), &ihdr), "header");
  check(spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_LEVEL, options.compression_level), "level");
  if (options.strategy >= 0)
    check(spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_STRATEGY, options.strategy), "strategy");
  if (options.fast_filters || colour_type == SPNG_COLOR_TYPE_INDEXED)
    check(spng_set_option(ctx.get(), SPNG_FILTER_CHOICE, SPNG_FILTER_CHOICE_NONE), "filter");
  if (options.dpi > 0) {
    spng_phys phys{};
    phys.ppu_x = phys.ppu_y = static_cast<std::uint32_t>(std::lround(options.dpi / 0.0254));
    phys.unit_specifier = 1;  // metre
    check(spng_set_phys(ctx.get(), &phys), "pHYs");
  }
  return ctx;
}

std::vector<unsigned char> take_buffer(spng_ctx* ctx) {
  std::size_t size = 0;
  int err = 0;
  void* buf = spng_get_png_buffer(ctx, &size, &err);
  check(err, "buffer");
  std::vector<unsigned char> png(static_cast<unsigned char*>(buf), static_cast<unsigned char*>(buf) + size);
  std::free(buf);
  return png;
}

std::vector<unsigned char> encode(spng_ctx* ctx, std::vector<unsigned char>& raw) {
  check(spng_encode_image(ctx, raw.data(), raw.size(), SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE), "encode");
  return take_buffer(ctx);
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

bool is_opaque(const std::uint32_t* pixels, std::size_t w, std::size_t h, int stride, std::uint32_t force_alpha) {
  for (std::size_t y = 0; y < h; ++y) {
    const std::uint32_t* row = row_of(pixels, stride, y);
    std::uint32_t all = 0xffffffffu;
    for (std::size_t x = 0; x < w; ++x) all &= row[x];  // no early exit: this loop vectorizes
    if (((all | force_alpha) >> 24) != 0xff) return false;
  }
  return true;
}

}  // namespace

std::vector<unsigned char> encode_png(const std::uint32_t* pixels, int width, int height, int stride,
                                      const PngOptions& options) {
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  const std::uint32_t force_alpha = options.rgb24 ? 0xff000000u : 0u;
  const bool opaque = is_opaque(pixels, w, h, stride, force_alpha);
  // Row by row into libspng: no whole raw copy of the image (52 MB for an A3 poster) to fault
  // in and zero, and the packed row is still in cache when zlib reads it.
  CtxPtr ctx =
      new_encoder(width, height, opaque ? SPNG_COLOR_TYPE_TRUECOLOR : SPNG_COLOR_TYPE_TRUECOLOR_ALPHA, options);
  check(spng_encode_image(ctx.get(), nullptr, 0, SPNG_FMT_PNG, SPNG_ENCODE_PROGRESSIVE | SPNG_ENCODE_FINALIZE),
        "encode");
  std::vector<unsigned char> row(w * (opaque ? 3 : 4));
  for (std::size_t y = 0; y < h; ++y) {
    pack_row(row_of(pixels, stride, y), w, force_alpha, opaque, row.data());
    const int err = spng_encode_row(ctx.get(), row.data(), row.size());
    if (err != SPNG_EOI) check(err, "encode");
  }
  return take_buffer(ctx.get());
}

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
    for (std::size_t x = 0; x < w; ++x) {
      const std::uint32_t px = row[x] | force_alpha;
      if (px == last && last_index >= 0) {  // runs are the common case
        out[x] = static_cast<unsigned char>(last_index);
        continue;
      }
      std::size_t slot = (px * 2654435761u) >> 22;
      while (index[slot] >= 0 && keys[slot] != px) slot = (slot + 1) & (kSlots - 1);
      if (index[slot] < 0) {
        if (colours == 256) return encode_png(pixels, width, height, stride, options);
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
  CtxPtr ctx = new_encoder(width, height, SPNG_COLOR_TYPE_INDEXED, options);
  spng_plte plte{};
  spng_trns trns{};
  plte.n_entries = static_cast<std::uint32_t>(colours);
  for (int i = 0; i < colours; ++i) {
    unsigned r, g, b, a;
    unpremultiply(palette[i], r, g, b, a);
    plte.entries[i] = {static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g), static_cast<std::uint8_t>(b), 0};
    trns.type3_alpha[i] = static_cast<std::uint8_t>(a);
  }
  check(spng_set_plte(ctx.get(), &plte), "palette");
  if (!opaque) {
    trns.n_type3_entries = static_cast<std::uint32_t>(colours);
    check(spng_set_trns(ctx.get(), &trns), "transparency");
  }
  return encode(ctx.get(), raw);
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
  check(spng_decode_image(ctx.get(), out.data(), out.size(), SPNG_FMT_RGBA8, 0), "decode");
  width = static_cast<int>(ihdr.width);
  height = static_cast<int>(ihdr.height);
  return out;
}

}  // namespace sahelmap::render
