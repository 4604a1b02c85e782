#pragma once
// PNG encoding from Cairo's premultiplied ARGB32: our container around zlib; libspng decodes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace sahelmap::render {

struct PngOptions {
  double dpi = 0;             // > 0 writes a pHYs chunk
  int compression_level = 6;  // zlib level
  int strategy = -1;          // zlib strategy (-1: default; 3 = Z_RLE, fast on map tiles' long runs)
                              // for indexed rows; encode_png_auto's truecolour rows take the default
  bool rgb24 = false;         // pixels are Cairo RGB24: opaque, the top byte undefined
};

/// @param pixels premultiplied ARGB32 in native byte order, `stride` bytes per row.
/// Opaque images are written as RGB, others as RGBA (un-premultiplied).
/// @throws Error when zlib fails.
std::vector<unsigned char> encode_png(const std::uint32_t* pixels, int width, int height, int stride,
                                      const PngOptions& options = {});

/// Like encode_png, but writes an indexed (palette) PNG when the image has at most 256 distinct
/// colours, which map tiles nearly always do: lossless, a quarter of the raw data to compress.
std::vector<unsigned char> encode_png_auto(const std::uint32_t* pixels, int width, int height, int stride,
                                           const PngOptions& options = {});

/// encode_png's file, its rows deflated in fixed chunks as they become final, so that encoding
/// runs beside drawing: chunk i may be deflated, on any thread and beside other chunks, once rows
/// [0, end_row(i)) are drawn; finish() once all are. The chunks are deflated as RGB; should any
/// pixel be translucent, finish() encodes the RGBA file whole.
class PngRows {
 public:
  PngRows(const std::uint32_t* pixels, int width, int height, int stride, const PngOptions& options);
  ~PngRows();
  PngRows(const PngRows&) = delete;
  PngRows& operator=(const PngRows&) = delete;
  std::size_t chunks() const;
  int end_row(std::size_t chunk) const;
  void deflate(std::size_t chunk);
  std::vector<unsigned char> finish() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Decodes a PNG to straight RGBA8 (tests, the MBTiles reader); width/height set on return.
std::vector<unsigned char> decode_png(const unsigned char* data, std::size_t size, int& width, int& height);

}  // namespace sahelmap::render
