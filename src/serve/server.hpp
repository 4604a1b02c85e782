#pragma once
// `sahelmap serve`: tiles on demand (or from an MBTiles file or PMTiles archive) over HTTP, a
// TileJSON document, the legend of a date, and a preview page whose scripts are served locally.
// Event-driven (Boost.Beast on Asio): an idle or slow connection costs a few KB, not a thread;
// rendering runs on a fixed pool of workers behind a bounded queue.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "serve/rendered_tiles.hpp"

namespace sahelmap::serve {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port
  int threads = 0;  // render workers; 0: one per core
  std::size_t cache_bytes = 64u << 20;
  int max_zoom = 16, label_max_zoom = 12;
  std::string file;                    // serve this MBTiles file or PMTiles archive instead of rendering
  std::filesystem::path web_dir;       // index.html, app.js, app.css
  std::filesystem::path leaflet_dir;   // leaflet's dist/ folder
  std::filesystem::path maplibre_dir;  // MapLibre GL JS's dist/ folder (the vector page)
  std::filesystem::path pmtiles_dir;   // the pmtiles library's dist/ folder (the same, reading an archive)
  int vector_max_zoom = 10;            // vector tiles cut on demand up to here (clients overzoom beyond)
  // Limits: what one client, and all of them, may take.
  std::size_t max_connections = 10000;            // open at once, in all (more: 503)
  std::size_t max_connections_per_address = 256;  // from one address (more: 503)
  double rate = 200, burst = 400;                 // requests per second per address, and at once (more: 429); 0: none
  std::size_t queue = 256;                        // renders waiting for a worker (more: 503)
  double header_timeout = 10;                     // seconds to send a request's headers (and body), idle or not
  double write_timeout = 30;                      // seconds a client may take to read a reply
  double shutdown_deadline = 10;                  // seconds requests in flight get after stop()
  std::size_t max_header_bytes = 8192;            // request line and headers (more: 414 or 431)
  std::string access_log;                         // common log format to this file, "-" for stdout, "" none
};

class TileServer {
 public:
  /// @throws Error when the web assets are missing, the tile file cannot be read, or the access
  ///         log cannot be opened.
  TileServer(const ServeOptions& options, const ServeData& data);
  ~TileServer();
  TileServer(const TileServer&) = delete;
  TileServer& operator=(const TileServer&) = delete;

  /// Binds the socket. @returns the port. @throws Error "ADDRESS:PORT is in use" (or why not).
  int bind();
  /// Serves until stop(); requests in flight finish (within the shutdown deadline) before it returns.
  void run();
  /// From any thread (a signal watcher). Before run(), run() returns at once.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sahelmap::serve
