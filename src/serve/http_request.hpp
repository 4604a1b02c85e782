#pragma once
// The parts of an HTTP request that the server reads itself (the HTTP library reads the rest):
// query strings, Range headers, and the access log's escaping of what a client sent. Total and
// strict: bad input is a status or an empty result, never an exception (a fuzz target).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sahelmap::serve {

/// "a=1&b=%20x" into {a: "1", b: " x"}: percent-decoded, '+' a space, the first of repeated keys
/// kept. @returns nullopt for a malformed escape ("%zz", "%4") or a query over 4 KB.
std::optional<std::map<std::string, std::string>> parse_query(std::string_view query);

/// "%20" and the like decoded ('+' stays '+'). @returns nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);

struct ByteRange {
  std::uint64_t first = 0, length = 0;
  bool operator==(const ByteRange&) const = default;
};

/// A Range header ("bytes=A-B", "bytes=A-", "bytes=-N", or a comma-separated list of them) for a
/// file of `size` bytes, each range clamped to the file. @returns nullopt (answer 416) unless every
/// range has bytes in the file; at most 16 ranges.
std::optional<std::vector<ByteRange>> parse_ranges(std::string_view header, std::uint64_t size);

/// What a client sent, fit for one line of a log: quotes, backslashes, control and non-ASCII
/// bytes as \xHH, at most `max` bytes of input.
std::string log_escape(std::string_view text, std::size_t max = 2048);

}  // namespace sahelmap::serve
