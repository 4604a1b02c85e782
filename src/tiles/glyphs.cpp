#include "tiles/glyphs.hpp"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <protozero/pbf_writer.hpp>
#include <vector>

#include "util/error.hpp"

namespace sahelmap::tiles {

namespace {

constexpr int kEm = 24, kBuffer = 3;
constexpr double kRadius = 8, kCutoff = 0.25;

struct LibraryDeleter {
  void operator()(FT_Library l) const { FT_Done_FreeType(l); }
};
struct FaceDeleter {
  void operator()(FT_Face f) const { FT_Done_Face(f); }
};

// "Noto Sans Regular" -> the file fontconfig picks for family "Noto Sans", style "Regular".
std::string font_file(const std::string& fontstack) {
  const std::size_t space = fontstack.rfind(' ');
  const std::string family = space == std::string::npos ? fontstack : fontstack.substr(0, space);
  const std::string style = space == std::string::npos ? "Regular" : fontstack.substr(space + 1);
  FcPattern* p = FcPatternCreate();
  FcPatternAddString(p, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddString(p, FC_STYLE, reinterpret_cast<const FcChar8*>(style.c_str()));
  FcConfigSubstitute(nullptr, p, FcMatchPattern);
  FcDefaultSubstitute(p);
  FcResult result;
  FcPattern* match = FcFontMatch(nullptr, p, &result);
  FcPatternDestroy(p);
  std::string file;
  FcChar8* f = nullptr;
  FcChar8* got_family = nullptr;
  if (match && FcPatternGetString(match, FC_FILE, 0, &f) == FcResultMatch &&
      FcPatternGetString(match, FC_FAMILY, 0, &got_family) == FcResultMatch &&
      family == reinterpret_cast<const char*>(got_family))
    file = reinterpret_cast<const char*>(f);
  if (match) FcPatternDestroy(match);
  if (file.empty()) throw Error("font '" + fontstack + "' not found (fontconfig has no family '" + family + "')");
  return file;
}

// One FreeType library and face per fontstack; FreeType faces are not thread-safe: one lock.
struct Fonts {
  std::mutex m;
  std::unique_ptr<std::remove_pointer_t<FT_Library>, LibraryDeleter> lib;
  std::map<std::string, std::unique_ptr<std::remove_pointer_t<FT_Face>, FaceDeleter>> faces;
  FT_Face face(const std::string& fontstack) {
    if (!lib) {
      FT_Library l = nullptr;
      if (FT_Init_FreeType(&l)) throw Error("FreeType: cannot start");
      lib.reset(l);
    }
    auto& f = faces[fontstack];
    if (!f) {
      const std::string file = font_file(fontstack);
      FT_Face face = nullptr;
      if (FT_New_Face(lib.get(), file.c_str(), 0, &face)) throw Error(file + ": FreeType cannot read it");
      f.reset(face);
      FT_Set_Pixel_Sizes(face, 0, kEm);
    }
    return f.get();
  }
};
Fonts& fonts() {
  static Fonts f;
  return f;
}

// Signed distance field of an anti-aliased coverage bitmap: for each pixel of the buffered box,
// the distance to the nearest pixel centre on the other side of the edge (coverage >= 0.5),
// signed (inside negative), mapped to 255 - 255 * (d / radius + cutoff).
std::string sdf(const unsigned char* cov, int w, int h, int pitch) {
  const int W = w + 2 * kBuffer, H = h + 2 * kBuffer;
  auto inside = [&](int x, int y) {
    x -= kBuffer, y -= kBuffer;
    return x >= 0 && y >= 0 && x < w && y < h && cov[y * pitch + x] >= 128;
  };
  std::vector<char> in(static_cast<std::size_t>(W) * H);
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) in[static_cast<std::size_t>(y) * W + x] = inside(x, y);
  std::string out(static_cast<std::size_t>(W) * H, '\0');
  const int r = static_cast<int>(kRadius) + 1;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      const bool here = in[static_cast<std::size_t>(y) * W + x];
      double best = kRadius * kRadius * 4;
      for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
          const int X = x + dx, Y = y + dy;
          const bool there = X >= 0 && Y >= 0 && X < W && Y < H && in[static_cast<std::size_t>(Y) * W + X];
          if (there != here) best = std::min(best, static_cast<double>(dx * dx + dy * dy));
        }
      const double d = (std::sqrt(best) - 0.5) * (here ? -1 : 1);
      const double v = 255 - 255 * (d / kRadius + kCutoff);
      out[static_cast<std::size_t>(y) * W + x] = static_cast<char>(std::clamp(std::lround(v), 0L, 255L));
    }
  return out;
}

}  // namespace

bool serves_fontstack(const std::string& fontstack, const std::string& family) {
  return fontstack.rfind(family + " ", 0) == 0 && fontstack.size() > family.size() + 1 &&
         fontstack.find_first_of("/\\,") == std::string::npos && fontstack.size() < 64;
}

std::string glyph_range(const std::string& fontstack, unsigned start) {
  if (start % 256 != 0 || start >= 65536) throw Error("glyph range must start at a multiple of 256 below 65536");
  std::string out;
  protozero::pbf_writer glyphs(out);
  protozero::pbf_writer stack(glyphs, 1);
  stack.add_string(1, fontstack);
  stack.add_string(2, std::to_string(start) + "-" + std::to_string(start + 255));
  Fonts& f = fonts();
  std::lock_guard lock(f.m);
  FT_Face face = f.face(fontstack);
  for (unsigned cp = start; cp < start + 256; ++cp) {
    const FT_UInt index = FT_Get_Char_Index(face, cp);
    if (index == 0 || FT_Load_Glyph(face, index, FT_LOAD_DEFAULT) ||
        FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL))
      continue;
    const FT_GlyphSlot g = face->glyph;
    const int w = static_cast<int>(g->bitmap.width), h = static_cast<int>(g->bitmap.rows);
    protozero::pbf_writer glyph(stack, 3);
    glyph.add_uint32(1, cp);
    if (w > 0 && h > 0) glyph.add_bytes(2, sdf(g->bitmap.buffer, w, h, g->bitmap.pitch));
    glyph.add_uint32(3, static_cast<std::uint32_t>(w));
    glyph.add_uint32(4, static_cast<std::uint32_t>(h));
    glyph.add_sint32(5, g->bitmap_left);
    glyph.add_sint32(6, g->bitmap_top - kEm);  // MapLibre measures from the top of the em box
    glyph.add_uint32(7, static_cast<std::uint32_t>(std::lround(static_cast<double>(g->advance.x) / 64.0)));
  }
  return out;
}

}  // namespace sahelmap::tiles
