#include "render/png.hpp"

#include <spng.h>

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

std::vector<unsigned char> encode_png(const std::uint32_t* pixels, int width, int height, int stride,
                                      const PngOptions& options) {
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  bool opaque = true;
  for (std::size_t y = 0; y < h && opaque; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(reinterpret_cast<const unsigned char*>(pixels) + y * stride);
    for (std::size_t x = 0; x < w; ++x)
      if ((row[x] >> 24) != 0xff) {
        opaque = false;
        break;
      }
  }
  const std::size_t channels = opaque ? 3 : 4;
  std::vector<unsigned char> raw(w * h * channels);
  for (std::size_t y = 0; y < h; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(reinterpret_cast<const unsigned char*>(pixels) + y * stride);
    unsigned char* out = raw.data() + y * w * channels;
    for (std::size_t x = 0; x < w; ++x) {
      const std::uint32_t px = row[x];
      const unsigned a = px >> 24;
      unsigned r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
      if (a != 0xff && a != 0) {  // un-premultiply, rounding
        r = (r * 255 + a / 2) / a, g = (g * 255 + a / 2) / a, b = (b * 255 + a / 2) / a;
      }
      *out++ = static_cast<unsigned char>(r);
      *out++ = static_cast<unsigned char>(g);
      *out++ = static_cast<unsigned char>(b);
      if (!opaque) *out++ = static_cast<unsigned char>(a);
    }
  }
  CtxPtr ctx(spng_ctx_new(SPNG_CTX_ENCODER));
  if (!ctx) throw Error("PNG: cannot create encoder");
  check(spng_set_option(ctx.get(), SPNG_ENCODE_TO_BUFFER, 1), "encoder");
  spng_ihdr ihdr{};
  ihdr.width = static_cast<std::uint32_t>(width);
  ihdr.height = static_cast<std::uint32_t>(height);
  ihdr.bit_depth = 8;
  ihdr.color_type = opaque ? SPNG_COLOR_TYPE_TRUECOLOR : SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
  check(spng_set_ihdr(ctx.get(), &ihdr), "header");
  check(spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_LEVEL, options.compression_level), "level");
  if (options.fast_filters) check(spng_set_option(ctx.get(), SPNG_FILTER_CHOICE, SPNG_FILTER_CHOICE_NONE), "filter");
  if (options.dpi > 0) {
    spng_phys phys{};
    phys.ppu_x = phys.ppu_y = static_cast<std::uint32_t>(std::lround(options.dpi / 0.0254));
    phys.unit_specifier = 1;  // metre
    check(spng_set_phys(ctx.get(), &phys), "pHYs");
  }
  check(spng_encode_image(ctx.get(), raw.data(), raw.size(), SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE), "encode");
  std::size_t size = 0;
  int err = 0;
  void* buf = spng_get_png_buffer(ctx.get(), &size, &err);
  check(err, "buffer");
  std::vector<unsigned char> png(static_cast<unsigned char*>(buf), static_cast<unsigned char*>(buf) + size);
  std::free(buf);
  return png;
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
