#pragma once
// Runs build/sahelmap as a user would and reads its outputs back.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sahelmap::test {

struct RunResult {
  int code = -1;
  std::string out, err;
};

/// The whole file as bytes.
std::string slurp(const std::filesystem::path& p);

/// Runs the executable with `args`; stdout and stderr are captured. Never throws.
RunResult run_sahelmap(const std::vector<std::string>& args);

/// Runs `sahelmap serve ...`: returns as soon as it exits, or once it prints its "serving" line
/// (then it is stopped with SIGTERM, and the result is that of a clean stop). Never throws.
RunResult run_server_until_ready(const std::vector<std::string>& args, int timeout_s = 60);

/// `sahelmap serve ARGS --port 0` in the background, stopped with SIGTERM when it goes out of scope.
class ServeProcess {
 public:
  /// Waits until it prints its "serving" line (port() is then its port) or exits (port() is -1).
  explicit ServeProcess(const std::vector<std::string>& args, int timeout_s = 60);
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;
  int port() const { return port_; }
  /// What it wrote on stderr so far.
  std::string errors() const;
  /// GET `path` (with its query): the status (-1 when the connection failed) and the body.
  std::pair<int, std::string> get(const std::string& path) const;

 private:
  int pid_ = -1, port_ = -1;
  std::filesystem::path out_, err_;
};

/// Starts the executable in the background (output discarded); returns its pid.
int spawn_sahelmap(const std::vector<std::string>& args);
/// Waits for a spawned process; returns its exit code (128 + signal when killed).
int wait_for(int pid);

/// The first column of the first row of `sql` on an SQLite file ("" when there is none).
std::string sqlite_query(const std::filesystem::path& db, const std::string& sql);
/// An MBTiles file's tiles, each by position, size, first and last bytes and MD5: equal digests,
/// equal tiles.
std::string mbtiles_digest(const std::filesystem::path& mbtiles);

/// A fresh empty folder for one test's outputs.
std::filesystem::path fresh_dir(const std::string& name);
/// Every file in `dir`, hidden ones included (for "nothing left behind" checks).
std::vector<std::string> files_in(const std::filesystem::path& dir);

struct Rgb {
  int r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};
Rgb hex(const std::string& h);
std::string to_hex(Rgb c);

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgba;
  Rgb at(int x, int y) const;
};
Image read_png(const std::filesystem::path& path);

/// True when SAHELMAP_UPDATE_GOLDENS is set (scripts/update-goldens.sh): goldens are rewritten.
bool updating_goldens();
/// Compares a PNG with tests/golden/<golden>: at least 99.5% of pixels within 16 levels (font
/// rasterization moves a little between machines). When updating, copies it there instead.
void expect_png_golden(const std::filesystem::path& produced, const std::string& golden);

/// Pixel positions of lon/lat points from a --debug-layout file, projected with PROJ directly.
class Locator {
 public:
  explicit Locator(const std::filesystem::path& layout_json);
  /// The same for one panel of a sheet of small multiples (the layout's "panels").
  Locator(const std::filesystem::path& layout_json, int panel);
  std::array<double, 2> pixel(double lon, double lat) const;
  const std::string& crs() const { return crs_; }

 private:
  std::string crs_;
  double extent_[4], frame_[4], scale_;
};

}  // namespace sahelmap::test
