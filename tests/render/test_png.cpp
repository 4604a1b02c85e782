#include <gtest/gtest.h>

#include <cstdint>
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
