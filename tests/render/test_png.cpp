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
