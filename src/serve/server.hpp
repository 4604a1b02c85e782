#pragma once
// `sahelmap serve`: tiles on demand (or from an MBTiles file) over HTTP, a TileJSON document, the
// legend of a date, and a preview page whose scripts are served locally (no CDN).
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "serve/rendered_tiles.hpp"

namespace sahelmap::serve {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;   // 0: any free port
  int threads = 32;  // request workers (a keep-alive connection holds one); more connections wait in a bounded queue
  std::size_t cache_bytes = 64u << 20;
  int max_zoom = 16, label_max_zoom = 12;
  std::string file;                    // serve this MBTiles file or PMTiles archive instead of rendering
  std::filesystem::path web_dir;       // index.html, app.js, app.css
  std::filesystem::path leaflet_dir;   // leaflet's dist/ folder
  std::filesystem::path maplibre_dir;  // MapLibre GL JS's dist/ folder (the vector page)
  std::filesystem::path pmtiles_dir;   // the pmtiles library's dist/ folder (the same, reading an archive)
  int vector_max_zoom = 10;            // vector tiles cut on demand up to here (clients overzoom beyond)
  bool log = false;                    // one line per request on stderr
};

class TileServer {
 public:
  /// @throws Error when the web assets are missing or the MBTiles file cannot be read.
  TileServer(const ServeOptions& options, const ServeData& data);
  ~TileServer();
  TileServer(const TileServer&) = delete;
  TileServer& operator=(const TileServer&) = delete;

  /// Binds the socket. @returns the port. @throws Error when it cannot.
  int bind();
  /// Serves until stop(); in-flight requests finish before it returns.
  void run();
  /// From any thread (a signal watcher).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sahelmap::serve
