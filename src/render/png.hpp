#pragma once
// PNG encoding with libspng, from Cairo's premultiplied ARGB32.
#include <cstdint>
#include <vector>

namespace sahelmap::render {

struct PngOptions {
  double dpi = 0;             // > 0 writes a pHYs chunk
  int compression_level = 6;  // zlib level
  bool fast_filters = false;  // tiles: no filtering, a large win in speed for flat images
  int strategy = -1;          // zlib strategy (-1: default; 3 = Z_RLE, fast on map tiles' long runs)
  bool rgb24 = false;         // pixels are Cairo RGB24: opaque, the top byte undefined
};

/// @param pixels premultiplied ARGB32 in native byte order, `stride` bytes per row.
/// Opaque images are written as RGB, others as RGBA (un-premultiplied).
/// @throws Error when libspng fails.
std::vector<unsigned char> encode_png(const std::uint32_t* pixels, int width, int height, int stride,
                                      const PngOptions& options = {});

/// Like encode_png, but writes an indexed (palette) PNG when the image has at most 256 distinct
/// colours, which map tiles nearly always do: lossless, a quarter of the raw data to compress.
std::vector<unsigned char> encode_png_auto(const std::uint32_t* pixels, int width, int height, int stride,
                                           const PngOptions& options = {});

/// Decodes a PNG to straight RGBA8 (tests, the MBTiles reader); width/height set on return.
std::vector<unsigned char> decode_png(const unsigned char* data, std::size_t size, int& width, int& height);

}  // namespace sahelmap::render
