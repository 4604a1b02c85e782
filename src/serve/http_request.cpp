#include "serve/http_request.hpp"

#include <charconv>

namespace sahelmap::serve {

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode(std::string_view in, std::string& out, bool plus_is_space = true) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits only, at most 19 of them (beyond any file and within 64 bits).
std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  if (!decode(text, out, false)) return std::nullopt;
  return out;
}

std::optional<std::map<std::string, std::string>> parse_query(std::string_view query) {
  if (query.size() > 4096) return std::nullopt;
  std::map<std::string, std::string> out;
  std::string key, value;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    if (!decode(pair.substr(0, eq), key)) return std::nullopt;
    if (!decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), value)) return std::nullopt;
    out.emplace(key, value);
  }
  return out;
}

std::optional<std::vector<ByteRange>> parse_ranges(std::string_view header, std::uint64_t size) {
  header = trim(header);
  if (header.substr(0, 6) != "bytes=") return std::nullopt;
  header.remove_prefix(6);
  std::vector<ByteRange> out;
  while (true) {
    const std::size_t comma = header.find(',');
    const std::string_view r = trim(header.substr(0, comma));
    const std::size_t dash = r.find('-');
    if (dash == std::string_view::npos || out.size() == 16) return std::nullopt;
    const std::string_view a = r.substr(0, dash), b = r.substr(dash + 1);
    if (a.empty()) {  // the last N bytes
      const auto n = number(b);
      if (!n || *n == 0 || size == 0) return std::nullopt;
      const std::uint64_t len = std::min(*n, size);
      out.push_back({size - len, len});
    } else {
      const auto first = number(a);
      if (!first || *first >= size) return std::nullopt;
      std::uint64_t last = size - 1;
      if (!b.empty()) {
        const auto l = number(b);
        if (!l || *l < *first) return std::nullopt;
        last = std::min(*l, size - 1);
      }
      out.push_back({*first, last - *first + 1});
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return out;
}

std::string log_escape(std::string_view text, std::size_t max) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(text.size(), max));
  for (std::size_t i = 0; i < text.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += digits[c >> 4];
      out += digits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

}  // namespace sahelmap::serve
