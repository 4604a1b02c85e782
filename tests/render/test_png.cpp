#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "render/png.hpp"

using namespace sahelmap::render;

TEST(Png, OpaqueRoundTrip) {
  std::vector<std::uint32_t> px(8 * 4, 0xffc0392bu);
  px[5] = 0xff2e86c1u;
  const auto png = encode_png(px.data(), 8, 4, 8 * 4, {96});
  int w = 0, h = 0;
  const auto rgba = decode_png(png.data(), png.size(), w, h);
  ASSERT_EQ(w, 8);
  ASSERT_EQ(h, 4);
  EXPECT_EQ(rgba[0], 0xc0);
  EXPECT_EQ(rgba[1], 0x39);
  EXPECT_EQ(rgba[2], 0x2b);
  EXPECT_EQ(rgba[3], 0xff);
  EXPECT_EQ(rgba[5 * 4 + 2], 0xc1);
}

TEST(Png, TranslucentPixelsAreUnpremultiplied) {
  std::vector<std::uint32_t> px(4, 0x80400000u);  // 50% alpha, premultiplied red 0x40
  const auto png = encode_png(px.data(), 2, 2, 8);
  int w = 0, h = 0;
  const auto rgba = decode_png(png.data(), png.size(), w, h);
  EXPECT_EQ(rgba[3], 0x80);
  EXPECT_NEAR(rgba[0], 0x80, 1);
}

TEST(Png, SameInputSameBytes) {
  std::vector<std::uint32_t> px(64 * 64, 0xffdfe8eeu);
  EXPECT_EQ(encode_png(px.data(), 64, 64, 256), encode_png(px.data(), 64, 64, 256));
}

TEST(Png, PaddedRowsAndOneTranslucentPixelInTheLastRow) {
  constexpr int kW = 5, kH = 300, kStride = 8 * 4;  // rows padded to 8 pixels
  std::vector<std::uint32_t> px(kStride / 4 * kH, 0xff102030u);
  for (int y = 0; y < kH; ++y) px[y * 8 + 5] = 0x00000000u;  // padding: must not leak in
  px[(kH - 1) * 8 + 4] = 0x80400000u;
  const auto png = encode_png(px.data(), kW, kH, kStride);
  int w = 0, h = 0;
  const auto rgba = decode_png(png.data(), png.size(), w, h);
  ASSERT_EQ(w, kW);
  ASSERT_EQ(h, kH);
  EXPECT_EQ(rgba[((kH - 1) * kW + 3) * 4 + 3], 0xff);  // the padding did not make it translucent
  EXPECT_EQ(rgba[((kH - 1) * kW + 4) * 4 + 3], 0x80);
  EXPECT_NEAR(rgba[((kH - 1) * kW + 4) * 4 + 0], 0x80, 1);
  EXPECT_EQ(rgba[(7 * kW + 4) * 4 + 0], 0x10);
  EXPECT_EQ(rgba[(7 * kW + 4) * 4 + 2], 0x30);
}

namespace {
// Straight RGBA8 of Cairo's premultiplied ARGB32, as a decoder should give it back.
std::vector<unsigned char> expected_rgba(const std::vector<std::uint32_t>& px) {
  std::vector<unsigned char> out;
  for (const std::uint32_t p : px) {
    unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
    if (a != 0xff && a != 0) r = (r * 255 + a / 2) / a, g = (g * 255 + a / 2) / a, b = (b * 255 + a / 2) / a;
    out.insert(out.end(), {static_cast<unsigned char>(r), static_cast<unsigned char>(g), static_cast<unsigned char>(b),
                           static_cast<unsigned char>(a)});
  }
  return out;
}

// A seeded image: flat areas (few colours) or noise (many), opaque or with some alpha.
std::vector<std::uint32_t> image(int w, int h, bool many, bool alpha, unsigned seed) {
  std::vector<std::uint32_t> px(static_cast<std::size_t>(w) * h);
  for (std::size_t i = 0; i < px.size(); ++i) {
    seed = seed * 1664525u + 1013904223u;
    std::uint32_t c = many ? (seed >> 8) : (i % 97 < 60 ? 0xc0392bu : 0x2874a6u);
    std::uint32_t a = alpha && (seed >> 28) == 0 ? 0x80u : 0xffu;
    if (a != 0xff) {
      const auto pm = [&](std::uint32_t v) { return (v * a + 127) / 255; };
      c = (pm((c >> 16) & 0xff) << 16) | (pm((c >> 8) & 0xff) << 8) | pm(c & 0xff);
    }
    px[i] = (a << 24) | c;
  }
  return px;
}
}  // namespace

// Our PNG writer (container ours, deflate zlib's, in chunks of rows on several cores): every size,
// one chunk or many, truecolour or palette, opaque or not, read back by libspng (which checks every
// CRC and the Adler-32) to the same pixels.
TEST(Png, RoundTripsAtEverySizeAndChunking) {
  unsigned seed = 7;
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{
           {1, 1}, {1, 1000}, {1000, 1}, {3, 5}, {257, 129}, {1021, 613}, {2000, 140}, {4097, 3}}) {
    for (const bool many : {false, true})
      for (const bool alpha : {false, true}) {
        const auto px = image(w, h, many, alpha, seed++);
        for (const bool auto_palette : {false, true}) {
          const auto png = auto_palette ? encode_png_auto(px.data(), w, h, w * 4, {.compression_level = 3})
                                        : encode_png(px.data(), w, h, w * 4, {.dpi = 150, .compression_level = 3});
          int dw = 0, dh = 0;
          const auto rgba = decode_png(png.data(), png.size(), dw, dh);
          ASSERT_EQ(dw, w);
          ASSERT_EQ(dh, h);
          EXPECT_TRUE(rgba == expected_rgba(px)) << w << "x" << h << (many ? " many colours" : " two colours")
                                                 << (alpha ? " alpha" : "") << (auto_palette ? " auto" : "");
          // Palette when it can be: colour type 3 in IHDR (byte 25).
          if (auto_palette) EXPECT_EQ(png[25] == 3, !many || w * h <= 256) << w << "x" << h;
        }
      }
  }
}

// The same kinds of files read by an independent decoder, Python's PIL (Debian's python3-pil):
// the same pixels as the surface they were written from.
TEST(Png, PilReadsTheSamePixels) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("sahelmap-png-pil-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [](const fs::path& p, const void* data, std::size_t n) {
    std::ofstream(p, std::ios::binary).write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
  };
  unsigned seed = 11;
  int files = 0;
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{{1, 1}, {3, 5}, {1000, 1}, {257, 129}, {2000, 140}})
    for (const bool many : {false, true})
      for (const bool alpha : {false, true})
        for (const bool auto_palette : {false, true}) {
          const auto px = image(w, h, many, alpha, seed++);
          const auto png = auto_palette ? encode_png_auto(px.data(), w, h, w * 4, {.compression_level = 3})
                                        : encode_png(px.data(), w, h, w * 4, {.dpi = 150, .compression_level = 3});
          const auto rgba = expected_rgba(px);
          const std::string name = std::to_string(files++);
          write(dir / (name + ".png"), png.data(), png.size());
          write(dir / (name + ".rgba"), rgba.data(), rgba.size());
        }
  std::ofstream(dir / "check.py")
      << "import glob, sys\n"
         "from PIL import Image\n"
         "bad = [p for p in sorted(glob.glob(sys.argv[1] + '/*.png'))\n"
         "       if Image.open(p).convert('RGBA').tobytes() != open(p[:-4] + '.rgba', 'rb').read()]\n"
         "print('PIL reads other pixels in', bad) if bad else None\n"
         "sys.exit(1 if bad else 0)\n";
  const std::string cmd = "/usr/bin/python3 " + (dir / "check.py").string() + " " + dir.string();
  EXPECT_EQ(std::system(cmd.c_str()), 0) << files << " files in " << dir;
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

TEST(Png, ManyChunksGiveTheSameBytesEveryTime) {
  const auto px = image(1500, 900, true, false, 3);  // ~4 MB of scanlines: 16 chunks
  const auto a = encode_png(px.data(), 1500, 900, 1500 * 4, {.compression_level = 3});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(encode_png(px.data(), 1500, 900, 1500 * 4, {.compression_level = 3}), a);
}

// Rows deflated chunk by chunk in any order (as drawing finishes bands) give encode_png's bytes.
TEST(Png, RowsDeflatedInAnyOrderGiveTheSameFile) {
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{{1, 1}, {1500, 900}, {333, 2001}})
    for (const bool alpha : {false, true}) {  // translucent: the RGBA file, written whole at the end
      auto px = image(w, h, true, alpha && w > 1, 11);
      const PngOptions o{.dpi = 300, .compression_level = 3};
      const auto expected = encode_png(px.data(), w, h, w * 4, o);
      PngRows rows(px.data(), w, h, w * 4, o);
      ASSERT_GE(rows.chunks(), 1u);
      EXPECT_EQ(rows.end_row(rows.chunks() - 1), h);
      for (std::size_t i = rows.chunks(); i-- > 0;) rows.deflate(i);  // last first
      const auto png = rows.finish();
      EXPECT_EQ(png, expected) << w << "x" << h;
      EXPECT_EQ(png[25], alpha && w > 1 ? 6 : 2) << "colour type";
    }
}

// Tiles ask for Z_RLE, which suits palette indices; a tile with more than 256 colours (names over
// hatching) is written as RGB, where a run of one colour repeats every 3 bytes and Z_RLE finds no
// match: 70 KB tiles where 12 KB do.
TEST(Png, TruecolourFallbackStillFindsRunsOfPixels) {
  constexpr int kW = 256, kH = 512;  // one colour per row: 512 colours, flat runs
  std::vector<std::uint32_t> px(kW * kH);
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x) px[y * kW + x] = 0xff000000u | (y * 0x010307u & 0xffffffu);
  const auto png = encode_png_auto(px.data(), kW, kH, kW * 4, {.compression_level = 2, .strategy = 3, .rgb24 = true});
  EXPECT_EQ(png[25], 2);           // colour type: truecolour
  EXPECT_LT(png.size(), 16'000u);  // raw 393 KB; Huffman coding alone leaves about 150 KB
  int w = 0, h = 0;
  const auto rgba = decode_png(png.data(), png.size(), w, h);
  ASSERT_EQ(rgba.size(), std::size_t{kW} * kH * 4);
  for (int y = 0; y < kH; y += 37) EXPECT_EQ(rgba[(y * kW + 100) * 4 + 2], (y * 0x010307u) & 0xff) << y;
}
