// `tiles --shard` and `tiles merge` end to end: for several N the shards are disjoint and their
// union is the unsharded pyramid, byte for byte; the merge equals a single run; shards of
// different pyramids, missing, repeated or unfinished shards are refused.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <map>
#include <set>

#include "cli/cli_run.hpp"
#include "test_paths.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;

namespace {
const std::string kData = shared("naturalearth/ne_50m_admin_0_countries.json");

std::vector<std::string> args(const fs::path& out, const std::string& threads = "2",
                              const std::string& date = "2026-11-22") {
  return {"tiles",  "--boundaries", kData,       "--bbox", "-20,0,30,28", "--zooms",   "0-7",
          "--date", date,           "--threads", threads,  "-o",          out.string()};
}

std::vector<std::string> with(std::vector<std::string> a, std::initializer_list<std::string> more) {
  a.insert(a.end(), more);
  return a;
}

std::set<std::string> tile_set(const fs::path& mb) {
  const std::string all =
      sqlite_query(mb, "SELECT group_concat(zoom_level || '/' || tile_column || '/' || tile_row) FROM map");
  std::set<std::string> out;
  for (std::size_t a = 0, b; a < all.size(); a = b + 1) {
    b = all.find(',', a);
    if (b == std::string::npos) b = all.size();
    out.insert(all.substr(a, b - a));
  }
  return out;
}

std::string metadata(const fs::path& mb) {
  return sqlite_query(mb,
                      "SELECT group_concat(name || '=' || value, ';') FROM (SELECT * FROM metadata WHERE name NOT "
                      "IN ('sahelmap:merged', 'sahelmap:shard', 'sahelmap:shard_tiles') ORDER BY name)");
}

// A whole pyramid, made once for every test here.
const fs::path& whole() {
  static const fs::path p = [] {
    const fs::path d = fresh_dir("shard-whole");
    const RunResult r = run_sahelmap(args(d / "whole.mbtiles"));
    EXPECT_EQ(r.code, 0) << r.err;
    return d / "whole.mbtiles";
  }();
  return p;
}

std::vector<fs::path> make_shards(const fs::path& dir, int n) {
  std::vector<fs::path> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(dir / ("part-" + std::to_string(i) + ".mbtiles"));
    // One thread here, two for the whole pyramid: neither may change a byte.
    const RunResult r =
        run_sahelmap(with(args(out.back(), "1"), {"--shard", std::to_string(i) + "/" + std::to_string(n)}));
    EXPECT_EQ(r.code, 0) << r.err;
  }
  return out;
}

RunResult merge(const fs::path& out, const std::vector<fs::path>& shards) {
  std::vector<std::string> a{"tiles", "merge", out.string()};
  for (const auto& s : shards) a.push_back(s.string());
  return run_sahelmap(a);
}
}  // namespace

TEST(ShardCli, ShardsAreDisjointTheirUnionIsThePyramidAndTheMergeEqualsOneRun) {
  const std::set<std::string> all = tile_set(whole());
  ASSERT_EQ(all.size(), std::stoul(sqlite_query(whole(), "SELECT count(*) FROM map")));
  for (const int n : {2, 3, 5}) {
    const fs::path dir = fresh_dir("shard-" + std::to_string(n));
    const auto shards = make_shards(dir, n);
    std::set<std::string> seen;
    std::size_t sum = 0;
    for (int i = 0; i < n; ++i) {
      const auto mine = tile_set(shards[i]);
      EXPECT_FALSE(mine.empty());
      for (const auto& t : mine) EXPECT_TRUE(seen.insert(t).second) << t << " is in two of " << n << " shards";
      sum += mine.size();
      EXPECT_EQ(sqlite_query(shards[i], "SELECT value FROM metadata WHERE name='sahelmap:shard'"),
                std::to_string(i) + "/" + std::to_string(n));
      // Each shard is whole: as many tiles as its plan recorded (what the merge checks).
      EXPECT_EQ(sqlite_query(shards[i], "SELECT count(*) FROM map"),
                sqlite_query(shards[i], "SELECT value FROM metadata WHERE name='sahelmap:shard_tiles'"));
    }
    EXPECT_EQ(sum, all.size()) << n;
    EXPECT_EQ(seen, all) << n;

    const fs::path merged = dir / "merged.mbtiles";
    const RunResult r = merge(merged, shards);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find(std::to_string(n) + " shards, " + std::to_string(all.size()) + " tiles"), std::string::npos)
        << r.err;
    EXPECT_EQ(mbtiles_digest(merged), mbtiles_digest(whole())) << n;
    EXPECT_EQ(metadata(merged), metadata(whole())) << n;
    EXPECT_EQ(sqlite_query(merged, "SELECT count(*) FROM images"),
              sqlite_query(whole(), "SELECT count(*) FROM images"));
    EXPECT_EQ(sqlite_query(merged, "PRAGMA integrity_check"), "ok");
    // Nothing but the inputs and the result in the folder.
    EXPECT_EQ(files_in(dir).size(), static_cast<std::size_t>(n) + 1);
  }
}

TEST(ShardCli, FolderShardsUnionIsTheFolderPyramid) {
  const fs::path dir = fresh_dir("shard-xyz");
  ASSERT_EQ(run_sahelmap(args(dir / "whole")).code, 0);
  std::map<std::string, std::string> parts;
  for (int i = 0; i < 3; ++i) {
    const fs::path part = dir / ("part-" + std::to_string(i));
    ASSERT_EQ(run_sahelmap(with(args(part, "1"), {"--shard", std::to_string(i) + "/3"})).code, 0);
    for (const auto& e : fs::recursive_directory_iterator(part))
      if (e.path().extension() == ".png")
        EXPECT_TRUE(parts.emplace(fs::relative(e.path(), part).string(), slurp(e.path())).second) << e.path();
  }
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "whole"))
    if (e.path().extension() == ".png") {
      ++n;
      const auto it = parts.find(fs::relative(e.path(), dir / "whole").string());
      ASSERT_NE(it, parts.end()) << e.path();
      EXPECT_TRUE(it->second == slurp(e.path())) << e.path();
    }
  EXPECT_EQ(n, parts.size());
}

TEST(ShardCli, ShardIndexFromTheSchedulerEnvironment) {
  const fs::path dir = fresh_dir("shard-auto");
  // The suite itself may run inside a Slurm array or an Indexed Job: only what is set here counts.
  for (const char* v :
       {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX"})
    ::unsetenv(v);
  ::setenv("SLURM_ARRAY_TASK_ID", "1", 1);
  RunResult r = run_sahelmap(with(args(dir / "slurm.mbtiles"), {"--shard", "auto/3"}));
  ::unsetenv("SLURM_ARRAY_TASK_ID");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(sqlite_query(dir / "slurm.mbtiles", "SELECT value FROM metadata WHERE name='sahelmap:shard'"), "1/3");
  ::setenv("JOB_COMPLETION_INDEX", "2", 1);
  r = run_sahelmap(with(args(dir / "k8s.mbtiles"), {"--shard", "auto/3"}));
  ::unsetenv("JOB_COMPLETION_INDEX");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(sqlite_query(dir / "k8s.mbtiles", "SELECT value FROM metadata WHERE name='sahelmap:shard'"), "2/3");
  r = run_sahelmap(with(args(dir / "none.mbtiles"), {"--shard", "auto/3"}));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("neither SLURM_ARRAY_TASK_ID"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "none.mbtiles"));
}

TEST(ShardCli, MismatchedMissingRepeatedOrUnfinishedShardsAreRefused) {
  const fs::path dir = fresh_dir("shard-bad");
  const auto shards = make_shards(dir, 2);
  const fs::path other = dir / "other-date.mbtiles";
  ASSERT_EQ(run_sahelmap(with(args(other, "1", "2023-07-01"), {"--shard", "1/2"})).code, 0);
  const fs::path out = dir / "merged.mbtiles";
  struct Case {
    std::vector<fs::path> inputs;
    const char* message;
  };
  const std::vector<Case> cases{
      {{shards[0], other}, "a shard of another pyramid than"},
      {{shards[0]}, "shard(s) 1/2 missing"},
      {{shards[0], shards[0], shards[1]}, "given twice"},
      {{shards[0], whole()}, "not a shard of a sahelmap tile run"},
      {{shards[0], dir / "nope.mbtiles"}, "nope.mbtiles: no such file"},
  };
  for (const auto& c : cases) {
    const RunResult r = merge(out, c.inputs);
    EXPECT_EQ(r.code, 1) << c.message << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
  // The date shows in the message about a different pyramid.
  EXPECT_NE(merge(out, {shards[0], other}).err.find("2023-07-01"), std::string::npos);
  // A shard cut short (as by a kill before --resume finished it) is refused.
  ASSERT_EQ(sqlite_query(shards[1], "SELECT count(*) FROM map") != "0", true);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(shards[1].c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db,
                           "DELETE FROM map WHERE (zoom_level, tile_column, tile_row) IN (SELECT zoom_level, "
                           "tile_column, tile_row FROM map LIMIT 5)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  const RunResult r = merge(out, shards);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("is incomplete"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  // Only the inputs are left: no merged file, no temporary.
  EXPECT_EQ(files_in(dir).size(), 3u);
  // A resumed shard is refused when it is another shard of the pyramid.
  const RunResult wrong = run_sahelmap(with(args(shards[1], "1"), {"--shard", "0/2", "--resume"}));
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.err.find("holds shard 1/2, not shard 0/2"), std::string::npos) << wrong.err;
  // and --resume finishes the cut one, after which the merge goes through.
  ASSERT_EQ(run_sahelmap(with(args(shards[1], "1"), {"--shard", "1/2", "--resume"})).code, 0);
  const RunResult ok = merge(out, shards);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(mbtiles_digest(out), mbtiles_digest(whole()));
  // and the output is not overwritten by accident.
  const RunResult again = merge(out, shards);
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("already exists (use --overwrite"), std::string::npos) << again.err;
}
