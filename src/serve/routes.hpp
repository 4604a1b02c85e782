#pragma once
// What the server answers, apart from HTTP itself: the tile, TileJSON, style, legend, glyph, archive
// and preview-page routes. A request in, a reply out (or work to run on a render worker that makes
// the reply), so the HTTP core can be swapped and the routes tested without sockets.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "serve/server.hpp"
#include "tiles/tile_renderer.hpp"

namespace sahelmap::serve {

struct Request {
  std::string method;  // GET or HEAD by the time it gets here
  std::string path;    // before '?', as sent (never percent-decoded: no route needs it)
  std::map<std::string, std::string> query;
  std::string host, if_none_match, range;
  bool has_range = false;
  bool has(const std::string& key) const { return query.count(key) != 0; }
  std::string param(const std::string& key) const {
    const auto it = query.find(key);
    return it == query.end() ? std::string() : it->second;
  }
};

struct Reply {
  unsigned status = 200;
  std::string type = "text/plain";
  std::string body;
  tiles::TilePtr tile;  // the body instead, when set: a cached tile's bytes, sent without a copy
  std::vector<std::pair<std::string, std::string>> headers;
  // A slice of a file sent after the headers instead of `body` (the archive, which may be large).
  int file_fd = -1;
  std::uint64_t file_offset = 0, file_length = 0;

  static Reply text(unsigned status, std::string body) { return {.status = status, .body = std::move(body)}; }
  Reply& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::uint64_t length() const { return file_fd >= 0 ? file_length : tile ? tile->png.size() : body.size(); }
};

/// A reply now, or (when `later` is set) work that makes it: a tile to render, read or encode.
struct Routed {
  Reply reply;
  std::function<Reply()> later;
};

class Routes {
 public:
  /// @throws Error when the web assets are missing or the tile file cannot be read.
  Routes(const ServeOptions& options, const ServeData& data);
  ~Routes();
  Routes(const Routes&) = delete;
  Routes& operator=(const Routes&) = delete;
  /// The port the server listens on, for URLs in TileJSON when the Host header is unusable.
  void set_port(int port);
  /// Thread-safe. Never throws for bad input (a 4xx reply); `later` may throw (a 500).
  Routed route(const Request& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sahelmap::serve
