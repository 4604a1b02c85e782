#include "render/anim_encode.hpp"

#include <gif_lib.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <unordered_map>

#include "util/error.hpp"

namespace sahelmap::render {

namespace {

struct AnimEncoderDeleter {
  void operator()(WebPAnimEncoder* e) const { WebPAnimEncoderDelete(e); }
};
struct WebPDataOwner {
  WebPData data;
  WebPDataOwner() { WebPDataInit(&data); }
  ~WebPDataOwner() { WebPDataClear(&data); }
  WebPDataOwner(const WebPDataOwner&) = delete;
  WebPDataOwner& operator=(const WebPDataOwner&) = delete;
};

// The smallest rectangle holding every pixel that differs between two frames (x, y, w, h);
// w == 0 when none does.
std::array<int, 4> changed_rect(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b, int w,
                                int h) {
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y) {
    const std::uint32_t* ra = a.data() + static_cast<std::size_t>(y) * w;
    const std::uint32_t* rb = b.data() + static_cast<std::size_t>(y) * w;
    if (std::memcmp(ra, rb, static_cast<std::size_t>(w) * 4) == 0) continue;
    y0 = std::min(y0, y), y1 = y;
    for (int x = 0; x < w; ++x)
      if (ra[x] != rb[x]) x0 = std::min(x0, x), x1 = std::max(x1, x);
  }
  if (x1 < 0) return {0, 0, 0, 0};
  return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

struct GifCloser {
  void operator()(GifFileType* g) const {
    int err = 0;
    EGifCloseFile(g, &err);
  }
};

int append_bytes(GifFileType* g, const GifByteType* data, int n) {
  auto* out = static_cast<std::vector<unsigned char>*>(g->UserData);
  out->insert(out->end(), data, data + n);
  return n;
}

void gif_check(int status, GifFileType* g, const char* what) {
  if (status != GIF_OK) throw Error(std::string("GIF: ") + what + ": " + GifErrorString(g ? g->Error : 0));
}

}  // namespace

struct WebpAnimWriter::Impl {
  std::unique_ptr<WebPAnimEncoder, AnimEncoderDeleter> enc;
  WebPConfig config;
  int width, height;
};

WebpAnimWriter::WebpAnimWriter(int width, int height) : impl_(std::make_unique<Impl>()) {
  WebPAnimEncoderOptions opts;
  if (!WebPAnimEncoderOptionsInit(&opts)) throw Error("WebP: library version mismatch");
  opts.anim_params.loop_count = 0;  // forever
  opts.allow_mixed = 0;
  impl_->enc.reset(WebPAnimEncoderNew(width, height, &opts));
  if (!impl_->enc)
    throw Error("WebP: cannot create an animation encoder for " + std::to_string(width) + "x" + std::to_string(height));
  if (!WebPConfigInit(&impl_->config) || !WebPConfigLosslessPreset(&impl_->config, 1))
    throw Error("WebP: bad configuration");
  impl_->config.thread_level = 0;  // the same bytes on any machine
  impl_->width = width, impl_->height = height;
}

WebpAnimWriter::~WebpAnimWriter() = default;

void WebpAnimWriter::add(const std::uint32_t* pixels, int timestamp_ms) {
  WebPPicture pic;
  if (!WebPPictureInit(&pic)) throw Error("WebP: library version mismatch");
  pic.use_argb = 1;
  pic.width = impl_->width, pic.height = impl_->height;
  // Borrowed, not owned (never WebPPictureFree'd): the encoder copies what it keeps.
  pic.argb = const_cast<std::uint32_t*>(pixels);
  pic.argb_stride = impl_->width;
  if (!WebPAnimEncoderAdd(impl_->enc.get(), &pic, timestamp_ms, &impl_->config))
    throw Error(std::string("WebP: ") + WebPAnimEncoderGetError(impl_->enc.get()));
}

std::vector<unsigned char> WebpAnimWriter::finish(int end_ms) {
  if (!WebPAnimEncoderAdd(impl_->enc.get(), nullptr, end_ms, nullptr))
    throw Error(std::string("WebP: ") + WebPAnimEncoderGetError(impl_->enc.get()));
  WebPDataOwner out;
  if (!WebPAnimEncoderAssemble(impl_->enc.get(), &out.data))
    throw Error(std::string("WebP: ") + WebPAnimEncoderGetError(impl_->enc.get()));
  return {out.data.bytes, out.data.bytes + out.data.size};
}

std::vector<unsigned char> encode_webp_animation(int width, int height, const std::vector<AnimFrame>& frames) {
  WebpAnimWriter w(width, height);
  int timestamp = 0;
  for (const AnimFrame& f : frames) {
    w.add(f.pixels->data(), timestamp);
    timestamp += f.ms;
  }
  return w.finish(timestamp);
}

std::vector<unsigned char> encode_gif_animation(int width, int height, const std::vector<AnimFrame>& frames,
                                                GifStats* stats) {
  // One palette for all frames: the commonest colours, ties broken by value (same bytes always).
  std::unordered_map<std::uint32_t, std::size_t> count;
  for (const AnimFrame& f : frames)
    for (const std::uint32_t c : *f.pixels) ++count[c & 0xffffffu];
  std::vector<std::pair<std::uint32_t, std::size_t>> by_count(count.begin(), count.end());
  std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (by_count.size() > 256) by_count.resize(256);
  std::sort(by_count.begin(), by_count.end());  // palette in colour order
  std::unordered_map<std::uint32_t, GifByteType> index;
  std::vector<GifColorType> colours;
  for (const auto& [c, n] : by_count) {
    index[c] = static_cast<GifByteType>(colours.size());
    colours.push_back(
        {static_cast<GifByteType>(c >> 16), static_cast<GifByteType>(c >> 8), static_cast<GifByteType>(c)});
  }
  if (stats) *stats = {.colours = count.size(), .exact = count.size() <= 256};
  auto nearest = [&](std::uint32_t c) {
    if (const auto it = index.find(c); it != index.end()) return it->second;
    const int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
    int best = 0, best_d = 1 << 30;
    for (std::size_t i = 0; i < colours.size(); ++i) {
      const int dr = r - colours[i].Red, dg = g - colours[i].Green, db = b - colours[i].Blue;
      if (const int d = 2 * dr * dr + 4 * dg * dg + 3 * db * db; d < best_d) best = static_cast<int>(i), best_d = d;
    }
    return index.emplace(c, static_cast<GifByteType>(best)).first->second;
  };
  // GIF palettes have 2^k entries.
  int bits = 1;
  while ((1 << bits) < static_cast<int>(colours.size())) ++bits;
  colours.resize(static_cast<std::size_t>(1) << bits, GifColorType{0, 0, 0});
  std::unique_ptr<ColorMapObject, decltype(&GifFreeMapObject)> map(
      GifMakeMapObject(static_cast<int>(colours.size()), colours.data()), GifFreeMapObject);
  if (!map) throw Error("GIF: cannot make a palette");

  std::vector<unsigned char> out;
  int err = 0;
  std::unique_ptr<GifFileType, GifCloser> gif(EGifOpen(&out, append_bytes, &err));
  if (!gif) throw Error(std::string("GIF: ") + GifErrorString(err));
  EGifSetGifVersion(gif.get(), true);
  gif_check(EGifPutScreenDesc(gif.get(), width, height, bits, 0, map.get()), gif.get(), "screen");
  // Loop forever (the NETSCAPE2.0 application extension).
  static const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
  static const GifByteType loop[] = {1, 0, 0};
  gif_check(EGifPutExtensionLeader(gif.get(), APPLICATION_EXT_FUNC_CODE), gif.get(), "loop");
  gif_check(EGifPutExtensionBlock(gif.get(), sizeof app, app), gif.get(), "loop");
  gif_check(EGifPutExtensionBlock(gif.get(), sizeof loop, loop), gif.get(), "loop");
  gif_check(EGifPutExtensionTrailer(gif.get()), gif.get(), "loop");
  std::vector<GifByteType> row(static_cast<std::size_t>(width));
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto& px = *frames[i].pixels;
    // Later frames: only what changed (the earlier frame stays under it).
    std::array<int, 4> r{0, 0, width, height};
    if (i > 0) {
      r = changed_rect(*frames[i - 1].pixels, px, width, height);
      if (r[2] == 0) r = {0, 0, 1, 1};  // nothing changed: one pixel, as it was
    }
    GraphicsControlBlock gcb{.DisposalMode = DISPOSE_DO_NOT,
                             .UserInputFlag = false,
                             .DelayTime = std::max(1, frames[i].ms / 10),
                             .TransparentColor = NO_TRANSPARENT_COLOR};
    GifByteType ext[4];
    EGifGCBToExtension(&gcb, ext);
    gif_check(EGifPutExtension(gif.get(), GRAPHICS_EXT_FUNC_CODE, 4, ext), gif.get(), "frame delay");
    gif_check(EGifPutImageDesc(gif.get(), r[0], r[1], r[2], r[3], false, nullptr), gif.get(), "frame");
    for (int y = r[1]; y < r[1] + r[3]; ++y) {
      const std::uint32_t* src = px.data() + static_cast<std::size_t>(y) * width + r[0];
      for (int x = 0; x < r[2]; ++x) row[static_cast<std::size_t>(x)] = nearest(src[x] & 0xffffffu);
      gif_check(EGifPutLine(gif.get(), row.data(), r[2]), gif.get(), "pixels");
    }
  }
  GifFileType* g = gif.release();
  if (EGifCloseFile(g, &err) != GIF_OK) throw Error(std::string("GIF: ") + GifErrorString(err));
  return out;
}

}  // namespace sahelmap::render
