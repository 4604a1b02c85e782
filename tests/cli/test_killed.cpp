// A render killed at any moment leaves either nothing or the whole file, never a partial one or a
// hidden temporary; a file it was replacing stays as it was. (The killed tile run is in
// test_tiles_cli.cpp.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include "cli/cli_run.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;

namespace {

bool complete(const fs::path& p) {
  const std::string bytes = slurp(p);
  const std::string ext = p.extension().string();
  if (ext == ".png") {
    try {
      return read_png(p).width > 0;
    } catch (const std::exception&) {
      return false;
    }
  }
  if (ext == ".pdf") return bytes.rfind("%PDF", 0) == 0 && bytes.find("%%EOF", bytes.size() - 16) != std::string::npos;
  if (ext == ".svg") return bytes.find("</svg>") != std::string::npos;
  return false;
}

// Kills renders of `name` after growing delays until one finishes first; returns the kills made.
// Each leaves the previous file or a whole new one, and nothing else.
int kill_renders(const std::string& name) {
  const fs::path dir = fresh_dir("killed-" + name);
  const fs::path out = dir / name;
  int kills = 0;
  for (int delay_ms = 50; delay_ms < 20000; delay_ms = delay_ms * 3 / 2) {
    // An earlier poster at the path must survive a killed replacement untouched.
    std::ofstream(out) << "previous";
    const int pid = spawn_sahelmap({"render", "--preset", "a2", "-o", out.string()});
    ::usleep(static_cast<useconds_t>(delay_ms) * 1000);
    ::kill(pid, SIGKILL);
    const int code = wait_for(pid);
    const auto left = files_in(dir);
    EXPECT_EQ(left.size(), 1u) << name << " killed after " << delay_ms << " ms left " << left.size() << " files";
    if (code == 0) {
      EXPECT_TRUE(complete(out)) << name << ": the finished file is not whole";
      break;
    }
    ++kills;
    EXPECT_EQ(code, 128 + SIGKILL) << name << " after " << delay_ms << " ms";
    // The kill may land after the rename (while the process tears down): then the file is whole.
    EXPECT_TRUE(slurp(out) == "previous" || complete(out))
        << name << " killed after " << delay_ms << " ms: partial file";
  }
  // Without a previous file, a killed render leaves nothing at all.
  fs::remove(out);
  const int pid = spawn_sahelmap({"render", "--preset", "a2", "-o", out.string()});
  ::usleep(400 * 1000);
  ::kill(pid, SIGKILL);
  if (wait_for(pid) == 128 + SIGKILL) {
    // As above, a kill that lands after the rename finds the whole file (a fast PDF render does).
    const auto left = files_in(dir);
    EXPECT_TRUE(left.empty() || (left.size() == 1 && fs::exists(out) && complete(out)))
        << name << ": left " << left.front();
  }
  return kills;
}

}  // namespace

TEST(Killed, PngRenderLeavesNoPartialFile) {
  EXPECT_GE(kill_renders("poster.png"), 3);
}
TEST(Killed, SvgRenderLeavesNoPartialFile) {
  EXPECT_GE(kill_renders("poster.svg"), 3);
}
TEST(Killed, PdfRenderLeavesNoPartialFile) {
  EXPECT_GE(kill_renders("poster.pdf"), 3);
}
