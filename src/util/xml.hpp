#pragma once
// Escaping for XML text and attributes: SVG metadata, <title>/<desc>, and Pango markup (which is
// XML too).
#include <string>
#include <string_view>

namespace sahelmap {

inline std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace sahelmap
