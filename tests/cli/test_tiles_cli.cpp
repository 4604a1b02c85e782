// `sahelmap tiles` end to end: outputs, bad input, and runs killed in the middle.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "cli/cli_run.hpp"
#include "test_paths.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;

namespace {
const std::string kData = shared("naturalearth/ne_50m_admin_0_countries.json");

// Waits until the run has committed some tiles, so a kill lands in the middle of it.
bool wait_for_tiles(const fs::path& mb) {
  for (int i = 0; i < 400; ++i) {
    const std::string n = sqlite_query(mb, "SELECT count(*) FROM map");
    if (!n.empty() && std::stol(n) > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

std::vector<std::string> tiles_args(const fs::path& out, const char* zooms) {
  return {"tiles",  "--boundaries", kData,       "--bbox", "-20,0,30,28", "--zooms",   zooms,
          "--date", "2026-11-22",   "--threads", "1",      "-o",          out.string()};
}

}  // namespace

TEST(TilesCli, WritesAFolderPyramidWithMetadata) {
  const fs::path dir = fresh_dir("tiles-folder");
  const RunResult r = run_sahelmap(tiles_args(dir / "pyramid", "0-4"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "pyramid" / "0" / "0" / "0.png"));
  EXPECT_TRUE(fs::exists(dir / "pyramid" / "4" / "7" / "7.png"));
  EXPECT_TRUE(fs::exists(dir / "pyramid" / "metadata.json"));
  for (const auto& e : fs::recursive_directory_iterator(dir))
    EXPECT_NE(e.path().filename().string()[0], '.') << e.path();
  // HiDPI names its tiles @2x.
  ASSERT_EQ(
      run_sahelmap({"tiles", "--boundaries", kData, "--zooms", "0-1", "--scale", "2", "-o", (dir / "hidpi").string()})
          .code,
      0);
  EXPECT_TRUE(fs::exists(dir / "hidpi" / "0" / "0" / "0@2x.png"));
}

TEST(TilesCli, BadInputIsRefusedAndNothingIsWritten) {
  const fs::path dir = fresh_dir("tiles-bad");
  struct Case {
    std::vector<std::string> args;
    int code;
    const char* message;
  };
  const std::vector<Case> cases{
      {{"tiles", "--zooms", "25-3", "-o", (dir / "a").string()}, 2, "zooms '25-3'"},
      {{"tiles", "--zooms", "9-3", "-o", (dir / "a").string()}, 2, "must not exceed"},
      {{"tiles", "--zooms", "x", "-o", (dir / "a").string()}, 2, "zooms 'x'"},
      {{"tiles", "--tile-size", "300", "-o", (dir / "a").string()}, 2, "tile-size"},
      {{"tiles", "--scale", "3", "-o", (dir / "a").string()}, 2, "scale"},
      {{"tiles", "--bbox", "170,0,190,10", "-o", (dir / "a").string()}, 2, "antimeridian"},
      {{"tiles", "-o", (dir / "missing" / "x.mbtiles").string()}, 1, "does not exist"},
  };
  for (const auto& c : cases) {
    const RunResult r = run_sahelmap(c.args);
    EXPECT_EQ(r.code, c.code) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_TRUE(files_in(dir).empty());
  // An existing MBTiles is neither clobbered nor resumed by accident.
  std::ofstream(dir / "old.mbtiles") << "not a database";
  const RunResult r = run_sahelmap({"tiles", "--zooms", "0-1", "-o", (dir / "old.mbtiles").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
  std::ifstream in(dir / "old.mbtiles");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "not a database");
}

TEST(TilesCli, KilledRunLeavesAValidFileThatResumeCompletes) {
  const fs::path dir = fresh_dir("tiles-kill");
  const fs::path whole = dir / "whole.mbtiles", killed = dir / "killed.mbtiles";
  ASSERT_EQ(run_sahelmap(tiles_args(whole, "0-12")).code, 0);

  const int pid = spawn_sahelmap(tiles_args(killed, "0-12"));
  ASSERT_TRUE(wait_for_tiles(killed));
  ::kill(pid, SIGKILL);
  EXPECT_EQ(wait_for(pid), 128 + SIGKILL);
  EXPECT_EQ(sqlite_query(killed, "PRAGMA integrity_check"), "ok");
  const long done = std::stol(sqlite_query(killed, "SELECT count(*) FROM map"));
  const long total = std::stol(sqlite_query(whole, "SELECT count(*) FROM map"));
  EXPECT_GT(done, 0);
  EXPECT_LT(done, total) << "the kill came too late to test anything";

  auto resume = tiles_args(killed, "0-12");
  resume.push_back("--resume");
  resume.push_back("-v");
  const RunResult r = run_sahelmap(resume);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find(std::to_string(done) + " already there"), std::string::npos) << r.err;
  EXPECT_EQ(mbtiles_digest(killed), mbtiles_digest(whole));
  EXPECT_TRUE(slurp(killed) == slurp(whole)) << "a resumed file differs in its bytes";
}

// Names and markers on, as users get them: the threads finish tiles in any order, the file does not
// show it.
TEST(TilesCli, AnMbtilesFileIsTheSameBytesWhateverTheThreads) {
  const fs::path dir = fresh_dir("tiles-threads");
  const fs::path one = dir / "one.mbtiles", two = dir / "two.mbtiles";
  ASSERT_EQ(run_sahelmap(tiles_args(one, "0-8")).code, 0);
  auto args = tiles_args(two, "0-8");
  args[std::find(args.begin(), args.end(), "--threads") - args.begin() + 1] = "2";
  const RunResult r = run_sahelmap(args);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_GT(std::stol(sqlite_query(one, "SELECT count(*) FROM map")), 1000);
  EXPECT_TRUE(slurp(one) == slurp(two)) << "the bytes depend on the number of threads";
}

// Each worker keeps up to 128 column folders open, within half the descriptor limit: under a low
// limit (40 here) a folder pyramid is still whole and the same bytes, names and markers on.
TEST(TilesCli, AFolderPyramidIsWholeUnderALowDescriptorLimit) {
  const fs::path dir = fresh_dir("tiles-fds");
  auto args = tiles_args(dir / "plenty", "0-8");
  args[std::find(args.begin(), args.end(), "--threads") - args.begin() + 1] = "2";
  ASSERT_EQ(run_sahelmap(args).code, 0);
  args.back() = (dir / "few").string();
  rlimit was{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &was), 0);
  rlimit low = was;
  low.rlim_cur = std::min<rlim_t>(was.rlim_cur, 40);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);  // the child inherits it
  const RunResult r = run_sahelmap(args);
  ::setrlimit(RLIMIT_NOFILE, &was);
  ASSERT_EQ(r.code, 0) << r.err;
  std::size_t tiles = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "plenty")) {
    if (!e.is_regular_file()) continue;
    const fs::path twin = dir / "few" / fs::relative(e.path(), dir / "plenty");
    ASSERT_TRUE(fs::exists(twin)) << twin;
    EXPECT_TRUE(slurp(e.path()) == slurp(twin)) << twin;
    ++tiles;
  }
  EXPECT_GT(tiles, 1000u);
  EXPECT_EQ(files_in(dir / "plenty").size(), files_in(dir / "few").size());
}

TEST(TilesCli, CtrlCStopsCleanlyWithAHint) {
  const fs::path dir = fresh_dir("tiles-int");
  const fs::path mb = dir / "int.mbtiles";
  const int pid = spawn_sahelmap(tiles_args(mb, "0-12"));
  ASSERT_TRUE(wait_for_tiles(mb));
  ::kill(pid, SIGINT);
  const int code = wait_for(pid);
  if (code == 0) GTEST_SKIP() << "the run finished before the signal";
  EXPECT_EQ(code, 130);
  EXPECT_EQ(sqlite_query(mb, "PRAGMA integrity_check"), "ok");
  auto resume = tiles_args(mb, "0-12");
  resume.push_back("--resume");
  EXPECT_EQ(run_sahelmap(resume).code, 0);
  EXPECT_EQ(sqlite_query(mb, "SELECT value FROM metadata WHERE name='maxzoom'"), "12");
}

// Default output (names and events on): the open-sea tile of issue 17 is the sea colour and
// nothing else, in a folder and at @2x alike.
TEST(TilesCli, OpenSeaTileWithDefaultsIsOnlySea) {
  const fs::path dir = fresh_dir("tiles-sea");
  ASSERT_EQ(run_sahelmap(tiles_args(dir / "t", "0-7")).code, 0);
  auto args = tiles_args(dir / "hidpi", "0-7");
  args.insert(args.end(), {"--scale", "2"});
  ASSERT_EQ(run_sahelmap(args).code, 0);
  for (const fs::path& png : {dir / "t" / "6" / "28" / "30.png", dir / "hidpi" / "6" / "28" / "30@2x.png"}) {
    const Image img = read_png(png);
    ASSERT_GT(img.width, 0) << png;
    const Rgb sea = img.at(0, 0);
    int other = 0;
    for (int y = 0; y < img.height; ++y)
      for (int x = 0; x < img.width; ++x) other += !(img.at(x, y) == sea);
    EXPECT_EQ(other, 0) << png << ": " << other << " pixels are not the sea colour " << to_hex(sea);
    EXPECT_EQ(to_hex(sea), "#dfe8ee") << png;
  }
}

// The tile path's goldens beside the posters': default output (names and events on) at z3, z5 and
// z7, where "Côte d'Ivoire" is cut by the edge between 7/61/61 and 7/62/61.
TEST(TileGolden, TilesAtZ3Z5Z7WithANameCutAtTheirEdge) {
  const fs::path dir = fresh_dir("tiles-golden");
  ASSERT_EQ(run_sahelmap(tiles_args(dir / "named", "3-7")).code, 0);
  for (const std::string t : {"3/3/3", "5/15/14", "7/61/61", "7/62/61"}) {
    std::string name = t;
    std::replace(name.begin(), name.end(), '/', '-');
    expect_png_golden(dir / "named" / (t + ".png"), "tiles/" + name + ".png");
  }
  // Each side of the edge draws its part of the one name: next to the edge, both tiles differ from
  // the same tiles without names, in the same rows.
  auto plain_args = tiles_args(dir / "plain", "7");
  plain_args.insert(plain_args.end(), {"--no-labels", "--no-events"});
  ASSERT_EQ(run_sahelmap(plain_args).code, 0);
  auto named_rows = [&](const std::string& tile, int column) {
    const Image a = read_png(dir / "named" / tile), b = read_png(dir / "plain" / tile);
    std::set<int> rows;
    for (int y = 0; y < a.height; ++y)
      if (!(a.at(column, y) == b.at(column, y))) rows.insert(y);
    return rows;
  };
  const std::set<int> left = named_rows("7/61/61.png", 255), right = named_rows("7/62/61.png", 0);
  std::vector<int> both;
  std::set_intersection(left.begin(), left.end(), right.begin(), right.end(), std::back_inserter(both));
  EXPECT_GE(both.size(), 5u) << "the name is not drawn on both sides of the edge";
}
