#pragma once
// Glyph ranges for MapLibre GL text: 256 code points of a font as signed distance fields (24 px em,
// 3 px buffer, radius 8, cutoff 0.25, the convention MapLibre reads), in the glyphs protobuf
// (stacks > fontstack > glyph). Outlines come from FreeType, the font file from fontconfig; the
// distance field and the container are ours.
#include <string>

namespace sahelmap::tiles {

/// The protobuf of code points [start, start + 255] of `fontstack` ("Noto Sans Regular": a family
/// and a style, as the style's text-font names it). Code points the font lacks are left out.
/// Thread-safe.
/// @throws Error when start is not a multiple of 256 below 65536, or no font matches.
std::string glyph_range(const std::string& fontstack, unsigned start);

/// The font family and style a fontstack names, and whether we serve it (fonts from fontconfig
/// whose family is `family`, e.g. the style's Noto Sans).
bool serves_fontstack(const std::string& fontstack, const std::string& family);

}  // namespace sahelmap::tiles
