#pragma once
// One exception family for everything the user can act on (STYLE.md 6). what() is a single line
// that names the input and the problem; wrappers add context at the edge where it is known.
#include <stdexcept>
#include <string>

namespace sahelmap {

/// `text` with control characters escaped (\n, \xHH): messages quote user data (a colour, a
/// feature name) that may hold anything, and must still print as one line.
inline std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (u < 0x20 || u == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

/// A runtime failure: unreadable file, unknown CRS, bad data. The CLI maps it to exit code 1.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(one_line(what)) {}
};

/// A malformed command-line value (bad date, inverted bbox). The CLI maps it to exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace sahelmap
