#pragma once
// Encoders for animations: animated WebP through libwebp's animation encoder (lossless, so the
// map's colours stay exact; it stores only the rectangle that changed between frames) and GIF
// through giflib (one global palette, exact when the frames have at most 256 colours; otherwise
// the 256 commonest colours exactly, so every flat fill and text colour stays true, and the rare
// antialiased edge colours mapped to their nearest; later frames as the rectangle that changed).
#include <cstdint>
#include <memory>
#include <vector>

namespace sahelmap::render {

/// A frame: opaque ARGB32 pixels (Cairo's 0xAARRGGBB), width * height, shown `ms` milliseconds.
struct AnimFrame {
  std::shared_ptr<const std::vector<std::uint32_t>> pixels;
  int ms = 500;
};

/// Animated WebP, frame by frame as they are made (an animation's frames need not all be in
/// memory, and encoding overlaps drawing). @throws Error when libwebp reports one.
class WebpAnimWriter {
 public:
  WebpAnimWriter(int width, int height);
  ~WebpAnimWriter();
  WebpAnimWriter(const WebpAnimWriter&) = delete;
  WebpAnimWriter& operator=(const WebpAnimWriter&) = delete;
  /// A frame shown from `timestamp_ms` until the next one's (or the end).
  void add(const std::uint32_t* pixels, int timestamp_ms);
  std::vector<unsigned char> finish(int end_ms);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// @throws Error when libwebp reports one.
std::vector<unsigned char> encode_webp_animation(int width, int height, const std::vector<AnimFrame>& frames);

struct GifStats {
  std::size_t colours = 0;  // distinct colours over all frames
  bool exact = true;        // all of them in the palette
};
/// @throws Error when giflib reports one.
std::vector<unsigned char> encode_gif_animation(int width, int height, const std::vector<AnimFrame>& frames,
                                                GifStats* stats = nullptr);

}  // namespace sahelmap::render
