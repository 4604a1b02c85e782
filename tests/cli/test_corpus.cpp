// The bad-input corpus (tests/corpus/) through every command: render, tiles (MBTiles and XYZ),
// info and serve. Each broken input gets its exit code, one line naming the file and the problem,
// and leaves nothing behind; repairable geometry is repaired with a warning and still drawn.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "cli/cli_run.hpp"
#include "test_paths.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;

namespace {

enum class Cmd { render, mbtiles, xyz, info, serve };
const Cmd kAll[] = {Cmd::render, Cmd::mbtiles, Cmd::xyz, Cmd::info, Cmd::serve};
const char* name_of(Cmd c) {
  switch (c) {
    case Cmd::render:
      return "render";
    case Cmd::mbtiles:
      return "tiles-mbtiles";
    case Cmd::xyz:
      return "tiles-xyz";
    case Cmd::info:
      return "info";
    case Cmd::serve:
      return "serve";
  }
  return "?";
}

// Runs `cmd` with `extra` options, its output (if any) inside `dir`.
RunResult run(Cmd cmd, const fs::path& dir, std::vector<std::string> extra) {
  std::string zooms = "0-2";  // unless the case is about zooms
  if (extra.size() == 2 && extra[0] == "--zooms") zooms = extra[1], extra.clear();
  std::vector<std::string> args;
  switch (cmd) {
    case Cmd::render:
      args = {"render", "-o", (dir / "map.png").string(), "--size", "800x600"};
      break;
    case Cmd::mbtiles:
      args = {"tiles", "--zooms", zooms, "-o", (dir / "map.mbtiles").string()};
      break;
    case Cmd::xyz:
      args = {"tiles", "--zooms", zooms, "-o", (dir / "tiles").string()};
      break;
    case Cmd::info:
      args = {"info"};
      break;
    case Cmd::serve:
      args = {"--port", "0"};
      break;
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return cmd == Cmd::serve ? run_server_until_ready(args) : run_sahelmap(args);
}

std::string corpus(const std::string& rel) {
  return source("tests/corpus/" + rel);
}

// A failure: the code, one "sahelmap: " line holding every expected piece, an empty `dir`.
void expect_failure(const std::string& what, const RunResult& r, int code, const std::vector<std::string>& pieces,
                    const fs::path& dir) {
  EXPECT_EQ(r.code, code) << what << ": " << r.err;
  EXPECT_EQ(r.err.rfind("sahelmap: ", 0), 0u) << what << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << what << ": " << r.err;
  for (const auto& p : pieces) EXPECT_NE(r.err.find(p), std::string::npos) << what << ": no '" << p << "' in " << r.err;
  const auto left = files_in(dir);
  EXPECT_TRUE(left.empty()) << what << ": left " << left.front();
}

std::size_t tile_count(const fs::path& mbtiles) {
  sqlite3* db = nullptr;
  std::size_t n = 0;
  if (sqlite3_open_v2(mbtiles.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM tiles", -1, &q, nullptr);
    if (q && sqlite3_step(q) == SQLITE_ROW) n = static_cast<std::size_t>(sqlite3_column_int64(q, 0));
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return n;
}

// Success with a warning: the warning names the file, and the command made its output.
void expect_repaired(Cmd cmd, const std::string& what, const RunResult& r, const std::string& file,
                     const std::string& warning, const fs::path& dir) {
  EXPECT_EQ(r.code, 0) << what << ": " << r.err;
  EXPECT_NE(r.err.find("warning: " + file), std::string::npos) << what << ": " << r.err;
  EXPECT_NE(r.err.find(warning), std::string::npos) << what << ": " << r.err;
  switch (cmd) {
    case Cmd::render:
      EXPECT_EQ(read_png(dir / "map.png").width, 800) << what;
      break;
    case Cmd::mbtiles:
      EXPECT_EQ(tile_count(dir / "map.mbtiles"), 5u) << what;
      break;  // z0-2 over West Africa
    case Cmd::xyz:
      EXPECT_TRUE(fs::exists(dir / "tiles" / "2" / "2" / "1.png")) << what;
      break;
    case Cmd::info:
      EXPECT_NE(r.out.find("features"), std::string::npos) << what;
      break;
    case Cmd::serve:
      EXPECT_NE(r.out.find("serving http://127.0.0.1:"), std::string::npos) << what;
      break;
  }
}

struct Input {
  const char* option;  // --boundaries, --style, --events
  const char* file;    // under tests/corpus/
  int code;            // 0: repairable, a warning expected
  const char* message;
};

void run_corpus(const std::vector<Input>& inputs) {
  for (const auto& in : inputs)
    for (Cmd cmd : kAll) {
      if (std::string(in.option) == "--events" && cmd == Cmd::info) continue;  // info draws no events
      const std::string file = corpus(in.file);
      const std::string what = std::string(name_of(cmd)) + " " + in.option + " " + in.file;
      const fs::path dir = fresh_dir(std::string("corpus-") + name_of(cmd));
      const RunResult r = run(cmd, dir, {in.option, file});
      if (in.code == 0)
        expect_repaired(cmd, what, r, file, in.message, dir);
      else
        expect_failure(what, r, in.code, {file, in.message}, dir);
    }
}

}  // namespace

TEST(Corpus, BrokenBoundaries) {
  run_corpus({
      {"--boundaries", "boundaries/zero.shp", 1, "not a format sahelmap reads"},
      {"--boundaries", "boundaries/reference.vrt", 1, "not a format sahelmap reads"},
      {"--boundaries", "boundaries/truncated.shp", 1, "cannot read features"},
      {"--boundaries", "boundaries/nodbf.shp", 1, "a .shp without its .dbf"},
      {"--boundaries", "boundaries/truncated.geojson", 1, "Failed to read GeoJSON"},
      {"--boundaries", "boundaries/nan.geojson", 1, "feature Niger: coordinate is not a finite number"},
      {"--boundaries", "boundaries/infinity.geojson", 1, "feature Niger: coordinate is not a finite number"},
      {"--boundaries", "boundaries/lat95.geojson", 1, "(15.000000, 95.000000) is outside the lon/lat range"},
      {"--boundaries", "boundaries/lon400.geojson", 1, "(400.000000, 12.000000) is outside the lon/lat range"},
      {"--boundaries", "boundaries/empty.geojson", 1, "has a readable polygon"},
      {"--boundaries", "boundaries/points.geojson", 1, "has a readable polygon"},
      {"--boundaries", "boundaries/broken-arcs.topojson", 1, "has a readable polygon"},
  });
}

TEST(Corpus, RepairableBoundariesAreRepairedWithAWarning) {
  run_corpus({
      {"--boundaries", "boundaries/selfintersecting.geojson", 0,
       "repaired 1 invalid polygon feature(s) with GEOS MakeValid"},
      {"--boundaries", "boundaries/spike.geojson", 0, "repaired 1 invalid polygon feature(s) with GEOS MakeValid"},
      {"--boundaries", "boundaries/unclosed.geojson", 0, "closed 1 unclosed ring(s)"},
  });
}

TEST(Corpus, BrokenStyles) {
  run_corpus({
      {"--style", "styles/syntax.toml", 1, "line 1"},
      {"--style", "styles/wrong-type.toml", 1, "line 5: map.border_width: must be a number"},
      {"--style", "styles/unknown-colour.toml", 1, "line 3: map.land: 'grey' is not a colour"},
      {"--style", "styles/missing-key.toml", 1, "map.land: missing key"},
      {"--style", "styles/unknown-key.toml", 1, "line 5: map.bordr_width: unknown key"},
      {"--style", "styles/newline-colour.toml", 1, "line 3: map.land: '#d5\\nd8dc' is not a colour"},
      {"--style", "styles/empty-bloc-id.toml", 1, "bloc[0].id: must not be empty"},
  });
}

TEST(Corpus, BrokenEvents) {
  run_corpus({
      {"--events", "events/missing-date.geojson", 1, "feature 1 (A coup): no date"},
      {"--events", "events/missing-date.csv", 1, "feature 1 (A coup): no date"},
      {"--events", "events/bad-date.geojson", 1, "date '26/07/2023' is not YYYY-MM-DD"},
      {"--events", "events/unknown-category.geojson", 1, "unknown category 'party'"},
      {"--events", "events/not-a-point.geojson", 1, "location is not a point"},
  });
}

// GDAL 3.6's CSV reader crashed on a header repeating the lon column with KEEP_GEOM_COLUMNS=NO
// (found by fuzz/fuzz_inputs); events no longer ask for that option.
TEST(Corpus, ACsvRepeatingItsLonColumnDoesNotCrash) {
  const fs::path dir = fresh_dir("corpus-duplicate-lon");
  const RunResult r = run(Cmd::render, dir, {"--events", corpus("events/duplicate-lon.csv")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_png(dir / "map.png").width, 800);
}

// The repaired bow-tie is drawn: both of its lobes carry Niger's colour.
TEST(Corpus, ARepairedBowTieFillsBothLobes) {
  const fs::path dir = fresh_dir("corpus-bowtie");
  const RunResult r = run_sahelmap({"render", "-o", (dir / "map.png").string(), "--boundaries",
                                    corpus("boundaries/selfintersecting.geojson"), "--bbox", "-2,2,17,25", "--date",
                                    "2025-06-01", "--size", "1600x1400", "--no-labels", "--no-events", "--no-inset",
                                    "--debug-layout", (dir / "layout.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const Image img = read_png(dir / "map.png");
  const Locator at(dir / "layout.json");
  auto pixel = [&](double lon, double lat) {
    const auto p = at.pixel(lon, lat);
    return img.at(static_cast<int>(p[0]), static_cast<int>(p[1]));
  };
  const Rgb left = pixel(2, 17.5), right = pixel(13, 17.5), between = pixel(7.5, 13);
  EXPECT_EQ(left, right) << to_hex(left) << " vs " << to_hex(right);
  EXPECT_NE(left, between) << to_hex(left);
}

TEST(Corpus, BadOptionsInEveryCommand) {
  struct Opt {
    std::vector<std::string> args;
    std::vector<Cmd> cmds;
    int code;
    const char* message;
  };
  const std::vector<Opt> opts{
      {{"--bbox", "0,0,0,10"}, {kAll, kAll + 5}, 2, "west and east must differ"},
      {{"--bbox", "-20,28,30,0"}, {kAll, kAll + 5}, 2, "south must be less than north"},
      {{"--bbox", "nan,0,1,1"}, {kAll, kAll + 5}, 2, "bbox 'nan,0,1,1'"},
      {{"--bbox", "0,0,10"}, {kAll, kAll + 5}, 2, "bbox '0,0,10'"},
      {{"--crs", "EPSG:999999"}, {Cmd::render, Cmd::info}, 1, "unknown CRS 'EPSG:999999'"},
      {{"--crs", "+proj=nonsense"}, {Cmd::render, Cmd::info}, 1, "unknown CRS '+proj=nonsense'"},
      {{"--crs", "EPSG:4326"}, {Cmd::mbtiles, Cmd::xyz, Cmd::serve}, 2, "always Web Mercator"},
      {{"--zooms", "25-3"}, {Cmd::mbtiles, Cmd::xyz}, 2, "zooms '25-3'"},
      {{"--zooms", "3-25"}, {Cmd::mbtiles, Cmd::xyz}, 2, "zooms '3-25'"},
      {{"--max-zoom", "25"}, {Cmd::serve}, 2, "max-zoom"},
      {{"--date", "2023-02-30"}, {kAll, kAll + 5}, 2, "date '2023-02-30'"},
  };
  for (const auto& o : opts)
    for (Cmd cmd : o.cmds) {
      const fs::path dir = fresh_dir(std::string("corpus-opt-") + name_of(cmd));
      const std::string what = std::string(name_of(cmd)) + " " + o.args[0] + " " + o.args[1];
      expect_failure(what, run(cmd, dir, o.args), o.code, {o.message}, dir);
    }
}

TEST(Corpus, OutputsThatCannotBeWritten) {
  struct Out {
    std::vector<std::string> args;  // "{dir}" is the test folder
    const char* prepare;            // "folder" or "file" made at {dir}/x before the run, or ""
    const char* message;
  };
  const std::vector<Out> outs{
      {{"render", "-o", "{dir}/no/such/map.png"}, "", "folder {dir}/no/such does not exist"},
      {{"tiles", "--zooms", "0-1", "-o", "{dir}/no/such/map.mbtiles"}, "", "folder {dir}/no/such does not exist"},
      {{"tiles", "--zooms", "0-1", "-o", "{dir}/no/such/tiles"}, "", "folder {dir}/no/such does not exist"},
      {{"render", "-o", "/proc/sahelmap-test.png"}, "", "/proc/sahelmap-test.png"},
      {{"render", "-o", "/proc/sahelmap-test.svg"}, "", "/proc/sahelmap-test.svg"},
      {{"tiles", "--zooms", "0-1", "-o", "/proc/sahelmap-test.mbtiles"}, "", "/proc/sahelmap-test.mbtiles"},
      {{"tiles", "--zooms", "0-1", "-o", "/proc/sahelmap-test-tiles"}, "", "/proc/sahelmap-test-tiles"},
      {{"render", "-o", "{dir}/x.png"}, "folder", "{dir}/x.png: is a directory"},
      {{"render", "-o", "{dir}/x.pdf"}, "folder", "{dir}/x.pdf: is a directory"},
      {{"tiles", "--zooms", "0-1", "-o", "{dir}/x.mbtiles"}, "folder", "{dir}/x.mbtiles: is a directory"},
      {{"tiles", "--zooms", "0-1", "-o", "{dir}/x"}, "file", "{dir}/x: exists and is not a folder"},
  };
  for (const auto& o : outs) {
    const fs::path dir = fresh_dir("corpus-out");
    auto fill = [&](std::string s) {
      for (auto pos = s.find("{dir}"); pos != std::string::npos; pos = s.find("{dir}")) s.replace(pos, 5, dir.string());
      return s;
    };
    std::vector<std::string> args;
    for (const auto& a : o.args) args.push_back(fill(a));
    const fs::path target = args.back();
    if (std::string(o.prepare) == "folder") fs::create_directories(target);
    if (std::string(o.prepare) == "file") std::ofstream(target) << "not a folder";
    const RunResult r = run_sahelmap(args);
    const std::string what = args[0] + " -o " + args.back();
    EXPECT_EQ(r.code, 1) << what << ": " << r.err;
    EXPECT_EQ(r.err.rfind("sahelmap: ", 0), 0u) << what << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << what << ": " << r.err;
    EXPECT_NE(r.err.find(fill(o.message)), std::string::npos) << what << ": " << r.err;
    // Only what the test made is there; /proc is left as it was.
    EXPECT_EQ(files_in(dir).size(), std::string(o.prepare).empty() ? 0u : 1u) << what;
    EXPECT_FALSE(fs::exists(target) && std::string(o.prepare).empty()) << what;
  }
}
