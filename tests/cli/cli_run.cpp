#include "cli/cli_run.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <proj.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "render/png.hpp"

namespace sahelmap::test {
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
// The executable with `args`, stdout and stderr to the given files.
pid_t start(const std::vector<std::string>& args, const char* out, const char* err) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int o = ::open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> argv{const_cast<char*>(SAHELMAP_EXE)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(SAHELMAP_EXE, argv.data());
    _exit(127);
  }
  return pid;
}

int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs `args`; `until` is polled with the stdout so far and may end the run with SIGTERM.
RunResult run_with(const std::vector<std::string>& args, const std::function<bool(const fs::path&)>& until) {
  static int counter = 0;
  const fs::path base =
      fs::temp_directory_path() / ("sahelmap-run-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  const fs::path out = base.string() + ".out", err = base.string() + ".err";
  const pid_t pid = start(args, out.c_str(), err.c_str());
  int status = 0;
  if (!until) {
    waitpid(pid, &status, 0);
  } else {
    while (waitpid(pid, &status, WNOHANG) != pid) {
      if (until(out)) {
        ::kill(pid, SIGTERM);
        waitpid(pid, &status, 0);
        break;
      }
      ::usleep(50000);
    }
  }
  RunResult r;
  r.code = exit_code(status);
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}
}  // namespace

RunResult run_sahelmap(const std::vector<std::string>& args) {
  return run_with(args, nullptr);
}

RunResult run_server_until_ready(const std::vector<std::string>& args, int timeout_s) {
  std::vector<std::string> all{"serve"};
  all.insert(all.end(), args.begin(), args.end());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  return run_with(all, [&](const fs::path& out) {
    return slurp(out).find("serving") != std::string::npos || std::chrono::steady_clock::now() > deadline;
  });
}

ServeProcess::ServeProcess(const std::vector<std::string>& args, int timeout_s) {
  static int counter = 0;
  out_ = fs::temp_directory_path() / ("sahelmap-serve-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  err_ = out_.string() + ".err";
  std::vector<std::string> all{"serve", "--port", "0"};
  all.insert(all.end(), args.begin(), args.end());
  pid_ = start(all, out_.c_str(), err_.c_str());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {  // it exited: there is nothing to stop
      pid_ = -1;
      return;
    }
    const std::string out = slurp(out_);
    if (const auto at = out.find("127.0.0.1:"); at != std::string::npos && out.find('\n', at) != std::string::npos) {
      port_ = std::atoi(out.c_str() + at + 10);
      return;
    }
    ::usleep(20000);
  }
}

std::string ServeProcess::errors() const {
  return slurp(err_);
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    // A clean stop takes milliseconds; one that hangs is killed rather than hanging the test.
    for (int i = 0; i < 400 && waitpid(pid_, &status, WNOHANG) == 0; ++i) ::usleep(50000);
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  fs::remove(out_);
  fs::remove(err_);
}

std::pair<int, std::string> ServeProcess::get(const std::string& path) const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(30);
  const auto r = c.Get(path);
  if (!r) return {-1, ""};
  return {r->status, r->body};
}

int spawn_sahelmap(const std::vector<std::string>& args) {
  return start(args, "/dev/null", "/dev/null");
}

int wait_for(int pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return exit_code(status);
}

std::string sqlite_query(const fs::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "";
  }
  sqlite3_busy_timeout(db, 2000);
  sqlite3_stmt* q = nullptr;
  std::string v;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
      sqlite3_column_text(q, 0))
    v = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return v;
}

std::string mbtiles_digest(const fs::path& mb) {
  return sqlite_query(mb,
                      "SELECT count(*) || ':' || sum(length(tile_data)) || ':' || "
                      "group_concat(zoom_level || '/' || tile_column || '/' || tile_row || '=' || length(tile_data) "
                      "|| hex(substr(tile_data, 1, 8)) || hex(substr(tile_data, -16)) || hex(tile_id), ',') "
                      "FROM (SELECT tiles.*, map.tile_id FROM tiles JOIN map USING (zoom_level, tile_column, "
                      "tile_row) ORDER BY zoom_level, tile_column, tile_row)");
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("sahelmap-cli-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

Rgb hex(const std::string& h) {
  unsigned v = std::stoul(h.substr(1), nullptr, 16);
  return {static_cast<int>(v >> 16), static_cast<int>((v >> 8) & 0xff), static_cast<int>(v & 0xff)};
}

std::string to_hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

Rgb Image::at(int x, int y) const {
  if (x < 0 || y < 0 || x >= width || y >= height) return {-1, -1, -1};
  const auto* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
  return {p[0], p[1], p[2]};
}

Image read_png(const fs::path& path) {
  const std::string bytes = slurp(path);
  Image img;
  img.rgba =
      render::decode_png(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), img.width, img.height);
  return img;
}

Locator::Locator(const fs::path& layout_json) {
  const auto j = nlohmann::json::parse(slurp(layout_json));
  crs_ = j["crs"];
  for (int i = 0; i < 4; ++i) {
    extent_[i] = j["map"]["extent"][i];
    frame_[i] = j["map"]["frame"][i];
  }
  scale_ = j["map"]["scale"];
}

Locator::Locator(const fs::path& layout_json, int panel) {
  const auto j = nlohmann::json::parse(slurp(layout_json));
  const auto& p = j["panels"][static_cast<std::size_t>(panel)];
  crs_ = p["crs"];
  for (int i = 0; i < 4; ++i) {
    extent_[i] = p["extent"][i];
    frame_[i] = p["frame"][i];
  }
  scale_ = frame_[2] / (extent_[2] - extent_[0]);
}

std::array<double, 2> Locator::pixel(double lon, double lat) const {
  PJ_CONTEXT* ctx = proj_context_create();
  std::string target = crs_;
  if (target.rfind("+proj=", 0) == 0 && target.find("+type=crs") == std::string::npos) target += " +type=crs";
  PJ* op = proj_create_crs_to_crs(ctx, "OGC:CRS84", target.c_str(), nullptr);
  PJ* norm = proj_normalize_for_visualization(ctx, op);
  const PJ_COORD c = proj_trans(norm, PJ_FWD, proj_coord(lon, lat, 0, 0));
  proj_destroy(norm);
  proj_destroy(op);
  proj_context_destroy(ctx);
  return {frame_[0] + (c.xy.x - extent_[0]) * scale_, frame_[1] + (extent_[3] - c.xy.y) * scale_};
}

bool updating_goldens() {
  const char* e = std::getenv("SAHELMAP_UPDATE_GOLDENS");
  return e && *e && std::string(e) != "0";
}

void expect_png_golden(const fs::path& produced, const std::string& golden_name) {
  const fs::path golden = fs::path(SAHELMAP_SOURCE_DIR) / "tests" / "golden" / golden_name;
  if (updating_goldens()) {
    fs::create_directories(golden.parent_path());
    fs::copy_file(produced, golden, fs::copy_options::overwrite_existing);
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " missing: run scripts/update-goldens.sh";
  const Image a = read_png(produced), b = read_png(golden);
  ASSERT_EQ(a.width, b.width) << golden_name;
  ASSERT_EQ(a.height, b.height) << golden_name;
  long close = 0;
  for (std::size_t i = 0; i < a.rgba.size(); i += 4) {
    int d = 0;
    for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c])));
    close += d <= 16;
  }
  const double share = static_cast<double>(close) / static_cast<double>(a.rgba.size() / 4);
  EXPECT_GE(share, 0.995) << golden_name << ": only " << share << " of pixels within 16 levels "
                          << "(if the change is intended: scripts/update-goldens.sh)";
}

}  // namespace sahelmap::test
