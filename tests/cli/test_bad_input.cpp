// Bad input: one clear line on stderr, a non-zero exit, and nothing left behind.
#include <gtest/gtest.h>

#include <fstream>

#include "cli/cli_run.hpp"
#include "test_paths.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;

namespace {
struct Case {
  const char* name;
  std::vector<std::string> args;  // "{out}" is the output file, "{dir}" the test folder
  int code;
  const char* message;  // expected in the error line
};

fs::path write(const fs::path& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name) << text;
  return dir / name;
}

void check(const Case& c) {
  const fs::path dir = fresh_dir(std::string("bad-") + c.name);
  const fs::path inputs = fresh_dir(std::string("bad-inputs-") + c.name);
  write(inputs, "garbage.json", "{ this is not geojson");
  write(inputs, "blocs.csv", "bloc,country,role,from,to,source\nAES,XYZ,member,2023-09-16,,https://example.org\n");
  write(inputs, "style.toml", "[map]\nbackground = \"#dfe8ee\"\nland = \"grey\"\nborder = \"#fff\"\n");
  std::vector<std::string> args;
  for (std::string a : c.args) {
    for (auto [key, value] : {std::pair<std::string, std::string>{"{out}", (dir / "map.png").string()},
                              {"{dir}", dir.string()},
                              {"{in}", inputs.string()}}) {
      const auto pos = a.find(key);
      if (pos != std::string::npos) a.replace(pos, key.size(), value);
    }
    args.push_back(a);
  }
  const RunResult r = run_sahelmap(args);
  EXPECT_EQ(r.code, c.code) << c.name << ": " << r.err;
  EXPECT_EQ(r.err.rfind("sahelmap: ", 0), 0u) << c.name << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.name << ": " << r.err;
  EXPECT_NE(r.err.find(c.message), std::string::npos) << c.name << ": " << r.err;
  EXPECT_TRUE(files_in(dir).empty()) << c.name << ": left " << files_in(dir).front();
}
}  // namespace

TEST(BadInput, EachGetsOneLineANonZeroExitAndNoFile) {
  const std::vector<Case> cases{
      {"missing-boundaries",
       {"render", "-o", "{out}", "--boundaries", "/nonexistent/countries.shp"},
       1,
       "no such file"},
      {"corrupt-boundaries", {"render", "-o", "{out}", "--boundaries", "{in}/garbage.json"}, 1, "garbage.json"},
      {"unknown-layer",
       {"render", "-o", "{out}", "--boundaries", world_atlas("countries-110m.json") + ":rivers"},
       1,
       "no layer 'rivers'"},
      {"unknown-crs", {"render", "-o", "{out}", "--crs", "EPSG:999999"}, 1, "unknown CRS 'EPSG:999999'"},
      {"empty-bbox", {"render", "-o", "{out}", "--bbox", "0,0,0,10"}, 2, "west and east must differ"},
      {"inverted-bbox", {"render", "-o", "{out}", "--bbox", "-20,28,30,0"}, 2, "south must be less than north"},
      {"nan-bbox", {"render", "-o", "{out}", "--bbox", "nan,0,1,1"}, 2, "bbox"},
      {"bad-date", {"render", "-o", "{out}", "--date", "2023-02-30"}, 2, "date '2023-02-30'"},
      {"bad-date-format", {"render", "-o", "{out}", "--date", "yesterday"}, 2, "date 'yesterday'"},
      {"unknown-country", {"render", "-o", "{out}", "--blocs", "{in}/blocs.csv"}, 1, "unknown country code 'XYZ'"},
      {"missing-style", {"render", "-o", "{out}", "--style", "/nonexistent/style.toml"}, 1, "cannot read style"},
      {"unknown-style", {"render", "-o", "{out}", "--style", "neon"}, 1, "unknown style 'neon'"},
      {"bad-style", {"render", "-o", "{out}", "--style", "{in}/style.toml"}, 1, "'grey' is not a colour"},
      {"missing-folder", {"render", "-o", "{dir}/no/such/folder/map.png"}, 1, "does not exist"},
      {"output-is-folder", {"render", "-o", "{dir}"}, 2, "a poster is one .png, .svg, .pdf or .html file"},
      {"output-is-folder-png", {"render", "-o", "/tmp/"}, 2, "a poster is one .png, .svg, .pdf or .html file"},
      {"poster-to-mbtiles", {"render", "-o", "{dir}/x.mbtiles"}, 2, "(tiles: sahelmap tiles -o "},
      {"tiles-to-png", {"tiles", "-o", "{dir}/z.png"}, 2, "tiles go to a folder, a .mbtiles or a .pmtiles file"},
      {"tiles-format", {"tiles", "--format", "jpeg", "-o", "{dir}/t"}, 2, "--format: png, webp or mvt"},
      {"pmtiles-resume", {"tiles", "--resume", "-o", "{dir}/z.pmtiles"}, 2, "written whole at the end"},
      {"unwritable", {"render", "-o", "/proc/sahelmap.png"}, 1, "/proc/sahelmap.png"},
      {"unknown-format", {"render", "-o", "{dir}/map.tiff"}, 2, "unknown output format '.tiff'"},
      {"bad-size", {"render", "-o", "{out}", "--size", "big"}, 2, "size 'big'"},
      {"bad-lang", {"render", "-o", "{out}", "--lang", "de"}, 2, "lang 'de'"},
      {"no-output", {"render"}, 2, "--output"},
      {"unknown-option", {"render", "-o", "{out}", "--colour", "red"}, 2, "--colour"},
      {"no-command", {}, 2, "subcommand"},
      {"misspelt-command", {"rendr", "-o", "{out}"}, 2, "unknown command 'rendr'; did you mean 'render'?"},
      {"unknown-command", {"paint"}, 2, "unknown command 'paint' (see sahelmap --help)"},
      // Every numeric option checked for range, in the same words.
      {"dpi-zero", {"render", "-o", "{out}", "--dpi", "0"}, 2, "--dpi: Value 0 not in range 24 to 1200"},
      {"dpi-negative", {"render", "-o", "{out}", "--dpi", "-5"}, 2, "--dpi: Value -5 not in range 24 to 1200"},
      {"dpi-low", {"render", "-o", "{out}", "--dpi", "23"}, 2, "--dpi: Value 23 not in range 24 to 1200"},
      {"threads", {"tiles", "-o", "{dir}/t", "--threads", "-1"}, 2, "--threads: Value -1 not in range 0 to 256"},
      {"tile-size", {"tiles", "-o", "{dir}/t", "--tile-size", "300"}, 2, "--tile-size: 300 not in {256,512}"},
      {"port", {"serve", "--port", "70000"}, 2, "--port: Value 70000 not in range 0 to 65535"},
      {"cache", {"serve", "--cache-mb", "0"}, 2, "--cache-mb: Value 0 not in range 1 to 65536"},
      {"max-zoom", {"serve", "--max-zoom", "23"}, 2, "--max-zoom: Value 23 not in range 0 to 22"},
  };
  for (const auto& c : cases) check(c);
}

TEST(BadInput, ADirectoryNamedLikeAFileIsRefused) {
  const fs::path dir = fresh_dir("bad-dir-png");
  fs::create_directories(dir / "map.png");
  const RunResult r = run_sahelmap({"render", "-o", (dir / "map.png").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
  EXPECT_EQ(files_in(dir).size(), 1u);
}

TEST(BadInput, AnExistingOutputSurvivesAFailedRun) {
  const fs::path dir = fresh_dir("bad-keep");
  std::ofstream(dir / "map.png") << "previous poster";
  const RunResult r = run_sahelmap({"render", "-o", (dir / "map.png").string(), "--crs", "EPSG:999999"});
  EXPECT_EQ(r.code, 1);
  std::ifstream in(dir / "map.png");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "previous poster");
  EXPECT_EQ(files_in(dir).size(), 1u);
}

TEST(FirstHour, VersionNamesTheLibraries) {
  const RunResult r = run_sahelmap({"--version"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("sahelmap ", 0), 0u) << r.out;
  for (const char* lib : {"GDAL ", "PROJ ", "GEOS ", "Cairo ", "Pango "})
    EXPECT_NE(r.out.find(lib), std::string::npos) << lib << " missing from: " << r.out;
}
