#include "tiles/sprite.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "render/png.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"

namespace sahelmap::tiles {

namespace {

// Every stripe colour of the bloc layers drawn over another bloc: every bloc shown but the first,
// its roles' fills and its own.
std::vector<render::Color> stripe_colours(const render::Style& style) {
  std::vector<render::Color> out;
  bool first = true;
  for (const auto& b : style.blocs) {
    if (!b.show) continue;
    if (first) {
      first = false;
      continue;
    }
    for (const auto& [role, rs] : b.roles)
      if (rs.fill) out.push_back(*rs.fill);
    out.push_back(b.fill);
  }
  return out;
}

}  // namespace

std::string hatch_image_name(const render::Color& c) {
  return "sahelmap-hatch-" + c.hex().substr(1, 6);
}

Sprite maplibre_sprite(const render::Style& style, int pixel_ratio) {
  if (pixel_ratio < 1 || pixel_ratio > 4) throw Error("sprite pixel ratio " + std::to_string(pixel_ratio) + ": 1..4");
  // One period of the stripes x + y = k * spacing, `width` thick across: a whole number of pixels
  // so that the image repeats without a seam.
  const int period = std::max(2, static_cast<int>(std::lround(style.hatch_spacing * pixel_ratio)));
  const double half = style.hatch_width * pixel_ratio * std::sqrt(2.0) / 2;  // half the band, along x + y
  std::map<std::string, render::Color> images;
  for (const render::Color& c : stripe_colours(style)) images.emplace(hatch_image_name(c), c);
  const int count = std::max<int>(1, static_cast<int>(images.size()));
  const int width = period * count, height = period;
  std::vector<std::uint32_t> pixels(static_cast<std::size_t>(width) * height, 0);
  nlohmann::json index = nlohmann::json::object();
  int slot = 0;
  for (const auto& [name, colour] : images) {
    const int x0 = slot++ * period;
    for (int y = 0; y < period; ++y)
      for (int x = 0; x < period; ++x) {
        // Distance along x + y from the pixel's centre to the nearest line, counting the line
        // through the far corner: the pattern wraps at the period.
        const double s = std::fmod(x + y + 1.0, period);
        const double d = std::min(s, period - s);
        const double cover = std::clamp(half - d + 0.5, 0.0, 1.0);
        if (cover <= 0) continue;
        render::Color px = colour;
        px.a = colour.a * cover;
        pixels[static_cast<std::size_t>(y) * width + x0 + x] = px.argb32();
      }
    index[name] = {{"x", x0}, {"y", 0}, {"width", period}, {"height", period}, {"pixelRatio", pixel_ratio}};
  }
  return {.index = index.dump(2) + "\n",
          .png = render::encode_png(pixels.data(), width, height, width * 4, {.compression_level = 9})};
}

void write_sprite(const render::Style& style, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create folder: " + ec.message());
  for (const int ratio : {1, 2}) {
    const Sprite s = maplibre_sprite(style, ratio);
    const std::string base = (std::filesystem::path(dir) / (ratio == 1 ? "sprite" : "sprite@2x")).string();
    write_file_atomically(base + ".json", {reinterpret_cast<const unsigned char*>(s.index.data()), s.index.size()});
    write_file_atomically(base + ".png", {s.png.data(), s.png.size()});
  }
}

}  // namespace sahelmap::tiles
