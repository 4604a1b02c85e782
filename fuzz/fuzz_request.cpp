// The request parsing the server does itself (HTTP framing is Beast's): query strings, Range
// headers, percent-decoding and log escaping. Total (never a crash or exception) and consistent:
// accepted ranges lie in the file, a decoded query never holds more than it was sent, an escaped
// log field is printable ASCII without quotes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "serve/http_request.hpp"

using namespace sahelmap;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint64_t file_size = (std::uint64_t{data[0]} << 8 | data[1]) * 97;  // 0 .. ~6 MB, 0 included
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

  if (const auto ranges = serve::parse_ranges(text, file_size)) {
    if (ranges->empty() || ranges->size() > 16) fuzz::fail("a range list that is empty or over 16");
    for (const auto& r : *ranges)
      if (r.length == 0 || r.first >= file_size || r.length > file_size - r.first)
        fuzz::fail("a range outside the file");
  }
  if (const auto query = serve::parse_query(text)) {
    std::size_t bytes = 0;
    for (const auto& [k, v] : *query) bytes += k.size() + v.size();
    if (bytes > text.size()) fuzz::fail("a decoded query larger than the query");
  }
  if (const auto decoded = serve::percent_decode(text))
    if (decoded->size() > text.size()) fuzz::fail("percent-decoding grew the text");
  const std::string line = serve::log_escape(text, 512);
  for (const char c : line)
    if (c < 0x20 || c > 0x7e || c == '"') fuzz::fail("an escaped log field with a quote or unprintable byte");
  return 0;
}
