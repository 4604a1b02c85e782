// `sahelmap tiles --format mvt` end to end, read back by independent readers: GDAL's MVT driver
// (our folder), GDAL's MBTiles driver (our MBTiles), the ported go-pmtiles checks and our PMTiles
// reader against the folder tile for tile. Names and events stay on, as users get them.
#include <gdal.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <sqlite3.h>
#include <webp/decode.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "cli/cli_run.hpp"
#include "render/png.hpp"
#include "test_paths.hpp"
#include "tiles/mvt.hpp"
#include "tiles/pmtiles.hpp"
#include "tiles/pmtiles_verify.hpp"

using namespace sahelmap::test;
namespace fs = std::filesystem;
namespace pm = sahelmap::tiles::pmtiles;

namespace {
const std::string kData = shared("naturalearth/ne_50m_admin_0_countries.json");

std::vector<std::string> mvt_args(const fs::path& out, const char* zooms, const char* bbox = "-180,-85,180,85") {
  return {"tiles", "--format", "mvt", "--boundaries", kData, "--bbox", bbox, "--zooms", zooms, "-o", out.string()};
}

struct Dataset {
  GDALDatasetH h = nullptr;
  Dataset(const std::string& path, const char* driver) {
    GDALAllRegister();
    const char* drivers[] = {driver, nullptr};
    h = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr);
  }
  ~Dataset() {
    if (h) GDALClose(h);
  }
};

// Area (EPSG:3857 square metres) of every feature of `layer` by the value of `field`.
std::map<std::string, double> areas_by(OGRLayerH layer, const char* field) {
  std::map<std::string, double> out;
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    const int i = OGR_F_GetFieldIndex(f, field);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (i >= 0 && g) out[OGR_F_GetFieldAsString(f, i)] += OGR_G_Area(g);
    OGR_F_Destroy(f);
  }
  return out;
}

// The source's areas in EPSG:3857, by ADM0_A3 (what our codes are where ISO_A3 is -99).
std::map<std::string, double> source_areas() {
  Dataset src(kData, "GeoJSON");
  OGRLayerH l = GDALDatasetGetLayer(src.h, 0);
  OGRSpatialReferenceH from = OSRNewSpatialReference(nullptr), to = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(from, 4326);
  OSRImportFromEPSG(to, 3857);
  OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, to);
  std::map<std::string, double> out;
  while (OGRFeatureH f = OGR_L_GetNextFeature(l)) {
    OGRGeometryH g = OGR_G_Clone(OGR_F_GetGeometryRef(f));
    OGR_G_Transform(g, ct);
    out[OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "ADM0_A3"))] += OGR_G_Area(g);
    OGR_G_DestroyGeometry(g);
    OGR_F_Destroy(f);
  }
  OCTDestroyCoordinateTransformation(ct);
  OSRDestroySpatialReference(from);
  OSRDestroySpatialReference(to);
  return out;
}

std::map<std::string, std::string> files_under(const fs::path& dir, const std::string& ext) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext)
      out[fs::relative(e.path(), dir).replace_extension().string()] = slurp(e.path());
  return out;
}
}  // namespace

// What GDAL reads back from one zoom of our tiles (a folder's or an MBTiles file's): every layer,
// the countries' areas within 1 % of the source's, the memberships with their dates as written,
// and every event of the file.
static void expect_read_back_as_written(const Dataset& ds) {
  std::set<std::string> layers;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.h); ++i) layers.insert(OGR_L_GetName(GDALDatasetGetLayer(ds.h, i)));
  EXPECT_EQ(layers, (std::set<std::string>{"countries", "memberships", "boundaries", "labels", "places", "events"}));

  const auto ours = areas_by(GDALDatasetGetLayerByName(ds.h, "countries"), "iso_a3");
  const auto src = source_areas();
  for (const char* code : {"NER", "MLI", "BFA", "NGA", "TCD", "SEN", "DZA", "FRA", "USA", "BRA", "CIV", "GMB"}) {
    ASSERT_TRUE(ours.count(code)) << code;
    ASSERT_TRUE(src.count(code)) << code;
    EXPECT_NEAR(ours.at(code) / src.at(code), 1.0, 0.01) << code;
  }

  // Memberships carry their intervals: Niger in ECOWAS until 2025-01-28 and in the AES, open.
  std::set<std::string> niger;
  OGRLayerH m = GDALDatasetGetLayerByName(ds.h, "memberships");
  OGR_L_SetAttributeFilter(m, "iso_a3 = 'NER'");
  while (OGRFeatureH f = OGR_L_GetNextFeature(m)) {
    niger.insert(std::string(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "bloc"))) + " " +
                 OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "role")) + " " +
                 OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "from")) + ".." +
                 OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "to")));
    OGR_F_Destroy(f);
  }
  EXPECT_TRUE(niger.count("ECOWAS withdrawing 2024-01-28..2025-01-28")) << ::testing::PrintToString(niger);
  EXPECT_TRUE(niger.count("AES confederation 2024-07-06..")) << ::testing::PrintToString(niger);

  // Every event of the file, whatever its date: one tileset serves every date.
  std::set<std::string> ids;
  OGRLayerH ev = GDALDatasetGetLayerByName(ds.h, "events");
  while (OGRFeatureH f = OGR_L_GetNextFeature(ev)) {
    ids.insert(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "id")));
    OGR_F_Destroy(f);
  }
  Dataset events(source("shapes/events.geojson"), "GeoJSON");
  EXPECT_EQ(static_cast<GIntBig>(ids.size()), OGR_L_GetFeatureCount(GDALDatasetGetLayer(events.h, 0), TRUE));
}

TEST(VectorTilesCli, GdalReadsTheFolderWithAreasWithinOnePercentAndEveryDate) {
  const fs::path dir = fresh_dir("mvt-folder");
  const RunResult r = run_sahelmap(mvt_args(dir / "v", "0-6"));
  ASSERT_EQ(r.code, 0) << r.err;
  Dataset ds((dir / "v" / "6").string(), "MVT");  // GDAL opens one zoom's folder
  ASSERT_NE(ds.h, nullptr);
  expect_read_back_as_written(ds);
}

TEST(VectorTilesCli, NeighboursShareTheirBordersAtEveryZoom) {
  // Tiles wholly on land in the Sahel (Niger, Mali, Algeria, Nigeria, Benin, Burkina Faso): the
  // countries' areas add up to the tile's, so there is no gap and no overlap along any border.
  const fs::path dir = fresh_dir("mvt-seams");
  ASSERT_EQ(run_sahelmap(mvt_args(dir / "v", "5-7", "-5,10,12,23")).code, 0);
  int checked = 0;
  for (int z = 5; z <= 7; ++z) {
    Dataset ds((dir / "v" / std::to_string(z)).string(), "MVT");
    ASSERT_NE(ds.h, nullptr);
    // Per tile (GDAL clips each tile's features to it): sum by the tile's folder file name.
    OGRLayerH l = GDALDatasetGetLayerByName(ds.h, "countries");
    std::map<std::pair<int, int>, double> sum;
    const double span = 2 * 20037508.342789244 / (1 << z);
    while (OGRFeatureH f = OGR_L_GetNextFeature(l)) {
      OGREnvelope e;
      OGR_G_GetEnvelope(OGR_F_GetGeometryRef(f), &e);
      const int x = static_cast<int>(std::floor(((e.MinX + e.MaxX) / 2 + 20037508.342789244) / span));
      const int y = static_cast<int>(std::floor((20037508.342789244 - (e.MinY + e.MaxY) / 2) / span));
      sum[{x, y}] += OGR_G_Area(OGR_F_GetGeometryRef(f));
      OGR_F_Destroy(f);
    }
    const double lon0 = -5, lon1 = 12, lat0 = 10, lat1 = 23;
    for (const auto& [xy, area] : sum) {
      const double w = 360.0 / (1 << z), tlon0 = -180 + xy.first * w, tlon1 = tlon0 + w;
      auto lat = [&](int y) { return std::atan(std::sinh(M_PI * (1 - 2.0 * y / (1 << z)))) * 180 / M_PI; };
      if (tlon0 < lon0 || tlon1 > lon1 || lat(xy.second) > lat1 || lat(xy.second + 1) < lat0) continue;
      EXPECT_NEAR(area / (span * span), 1.0, 1e-6) << z << "/" << xy.first << "/" << xy.second;
      ++checked;
    }
  }
  EXPECT_GE(checked, 20);
}

TEST(VectorTilesCli, MbtilesReadByGdalWithAreasWithinOnePercentAndEveryDate) {
  const fs::path dir = fresh_dir("mvt-mbtiles");
  const RunResult r = run_sahelmap(mvt_args(dir / "v.mbtiles", "0-6"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(sqlite_query(dir / "v.mbtiles", "SELECT value FROM metadata WHERE name = 'format'"), "pbf");
  EXPECT_NE(sqlite_query(dir / "v.mbtiles", "SELECT value FROM metadata WHERE name = 'json'").find("vector_layers"),
            std::string::npos);
  // GDAL reads the deepest zoom (6) by default: the same checks as the folder's.
  Dataset ds((dir / "v.mbtiles").string(), "MBTiles");
  ASSERT_NE(ds.h, nullptr);
  OGRLayerH l = GDALDatasetGetLayerByName(ds.h, "countries");
  ASSERT_NE(l, nullptr);
  EXPECT_GT(OGR_L_GetFeatureCount(l, TRUE), 100);
  expect_read_back_as_written(ds);
}

TEST(VectorTilesCli, PmtilesPassesVerifyAndHoldsTheFolderTileForTileOnAnyCoreCount) {
  const fs::path dir = fresh_dir("mvt-pmtiles");
  ASSERT_EQ(run_sahelmap(mvt_args(dir / "v", "0-5")).code, 0);
  auto one = mvt_args(dir / "one.pmtiles", "0-5");
  one.insert(one.end(), {"--threads", "1"});
  auto two = mvt_args(dir / "two.pmtiles", "0-5");
  two.insert(two.end(), {"--threads", "2"});
  ASSERT_EQ(run_sahelmap(one).code, 0);
  ASSERT_EQ(run_sahelmap(two).code, 0);
  EXPECT_EQ(slurp(dir / "one.pmtiles"), slurp(dir / "two.pmtiles"));
  EXPECT_EQ(verify_pmtiles(dir / "one.pmtiles"), std::vector<std::string>{});

  pm::Reader r(dir / "one.pmtiles");
  EXPECT_EQ(r.header().type, pm::TileType::Mvt);
  EXPECT_EQ(r.header().tile_compression, pm::Compression::Gzip);
  EXPECT_NE(r.metadata().find("\"vector_layers\""), std::string::npos);
  const auto folder = files_under(dir / "v", ".pbf");
  EXPECT_EQ(r.header().addressed_tiles, folder.size());
  EXPECT_LT(r.header().tile_contents, folder.size());  // tiles inside one country are stored once
  for (const auto& [zxy, bytes] : folder) {
    unsigned z, x, y;
    ASSERT_EQ(std::sscanf(zxy.c_str(), "%u/%u/%u", &z, &x, &y), 3) << zxy;
    ASSERT_EQ(r.tile({static_cast<int>(z), x, y}), bytes) << zxy;
  }
  // A tile in the open South Atlantic has nothing, in both.
  EXPECT_EQ(r.tile({5, 13, 19}), "");
  EXPECT_FALSE(fs::exists(dir / "v" / "5" / "13" / "19.pbf"));
}

TEST(VectorTilesCli, RasterTilesIntoPmtilesAndWebp) {
  const fs::path dir = fresh_dir("raster-pmtiles");
  const std::vector<std::string> base = {"tiles", "--boundaries", kData, "--bbox", "-20,0,30,28", "--zooms", "0-4"};
  auto with = [&](std::vector<std::string> extra) {
    auto a = base;
    a.insert(a.end(), extra.begin(), extra.end());
    return run_sahelmap(a);
  };
  ASSERT_EQ(with({"-o", (dir / "png").string()}).code, 0);
  ASSERT_EQ(with({"-o", (dir / "png.pmtiles").string()}).code, 0);
  EXPECT_EQ(verify_pmtiles(dir / "png.pmtiles"), std::vector<std::string>{});
  pm::Reader r(dir / "png.pmtiles");
  EXPECT_EQ(r.header().type, pm::TileType::Png);
  const auto folder = files_under(dir / "png", ".png");
  EXPECT_EQ(r.header().addressed_tiles, folder.size());
  for (const auto& [zxy, bytes] : folder) {
    unsigned z, x, y;
    ASSERT_EQ(std::sscanf(zxy.c_str(), "%u/%u/%u", &z, &x, &y), 3);
    ASSERT_EQ(r.tile({static_cast<int>(z), x, y}), bytes) << zxy;
  }

  const RunResult w = with({"--format", "webp", "-o", (dir / "webp").string()});
  ASSERT_EQ(w.code, 0) << w.err;
  const auto webps = files_under(dir / "webp", ".webp");
  EXPECT_EQ(webps.size(), folder.size());
  for (const auto& [zxy, bytes] : webps) {
    int width = 0, height = 0;
    ASSERT_TRUE(WebPGetInfo(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &width, &height)) << zxy;
    EXPECT_EQ(width, 256);
    EXPECT_EQ(height, 256);
  }
  EXPECT_NE(slurp(dir / "webp" / "metadata.json").find("\"webp\""), std::string::npos);
}

TEST(VectorTilesCli, BadInputIsRefusedAndNothingIsWritten) {
  const fs::path dir = fresh_dir("mvt-bad");
  ASSERT_EQ(run_sahelmap(mvt_args(dir / "there.pmtiles", "0-1")).code, 0);
  const std::string before = slurp(dir / "there.pmtiles");
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"tiles", "--format", "jpeg", "-o", (dir / "a").string()}, "--format"},
      {{"tiles", "--format", "mvt", "--resume", "-o", (dir / "b.pmtiles").string()}, "--resume"},
      {{"tiles", "--format", "mvt", "--scale", "2", "-o", (dir / "c").string()}, "--scale"},
      {mvt_args(dir / "there.pmtiles", "0-1"), "exists"},
      {mvt_args(dir / "nowhere" / "x.pmtiles", "0-1"), "does not exist"},
  };
  for (const auto& c : cases) {
    const RunResult r = run_sahelmap(c.args);
    EXPECT_NE(r.code, 0) << c.says;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(files_in(dir), std::vector<std::string>{"there.pmtiles"});
  EXPECT_EQ(slurp(dir / "there.pmtiles"), before);
}

TEST(VectorTilesCli, ServedVectorTilesEqualThePyramidsAndTheStyleFiltersByDate) {
  const fs::path dir = fresh_dir("mvt-serve");
  // Default data, names and events on: what users get from both commands.
  ASSERT_EQ(run_sahelmap({"tiles", "--format", "mvt", "--zooms", "0-6", "-o", (dir / "v").string()}).code, 0);
  ServeProcess server({});
  ASSERT_GT(server.port(), 0) << server.errors();
  const auto folder = files_under(dir / "v", ".pbf");
  ASSERT_GT(folder.size(), 50u);
  // In a shuffled order, every tile of the pyramid equals the served one.
  std::vector<std::string> order;
  for (const auto& [zxy, bytes] : folder) order.push_back(zxy);
  std::shuffle(order.begin(), order.end(), std::mt19937(20261201));
  for (const auto& zxy : order) {
    auto [status, body] = server.get("/vector/" + zxy + ".pbf");
    ASSERT_EQ(status, 200) << zxy;
    const std::string want = sahelmap::tiles::gunzip(folder.at(zxy));
    const std::string got =
        body.size() > 2 && body[0] == '\x1f' && body[1] == '\x8b' ? sahelmap::tiles::gunzip(body) : body;
    ASSERT_EQ(got, want) << zxy;
  }
  EXPECT_EQ(server.get("/vector/5/13/19.pbf").first, 204);  // open sea: an empty tile
  EXPECT_EQ(server.get("/vector/11/0/0.pbf").first, 404);   // beyond the served zooms
  EXPECT_EQ(server.get("/vector/3/9/0.pbf").first, 404);
  EXPECT_EQ(server.get("/style.json?date=2024-13-01").first, 400);
  const auto [status, style] = server.get("/style.json?date=2023-07-01");
  ASSERT_EQ(status, 200);
  EXPECT_NE(style.find("\"2023-07-01\""), std::string::npos);
  EXPECT_NE(style.find("/tilejson-vector.json"), std::string::npos);
  // The source's credit is the data's by zoom, as the TileJSON's (it once said "Natural Earth" whatever was served).
  EXPECT_NE(nlohmann::json::parse(style)["sources"]["sahelmap"]["attribution"].get<std::string>().find("1:50m"),
            std::string::npos);
  EXPECT_NE(server.get("/tilejson-vector.json").second.find("\"memberships\""), std::string::npos);
  EXPECT_EQ(server.get("/vector.html").first, 200);
  EXPECT_NE(style.find("/fonts/{fontstack}/{range}.pbf"), std::string::npos);
  EXPECT_EQ(server.get("/fonts/Noto%20Sans%20Regular/0-255.pbf").first, 200);
  EXPECT_EQ(server.get("/fonts/Noto%20Sans%20Regular/256-511.pbf").first, 200);
  EXPECT_EQ(server.get("/fonts/Arial%20Regular/0-255.pbf").first, 404);
  EXPECT_EQ(server.get("/fonts/Noto%20Sans%20Regular/1-256.pbf").first, 404);
  EXPECT_EQ(server.get("/fonts/Noto%20Sans%20Regular/65536-65791.pbf").first, 404);
  EXPECT_EQ(server.get("/vendor/maplibre/maplibre-gl.js").first, 200);
}

TEST(VectorTilesCli, StyleCommandWritesAMaplibreStyleForTheDate) {
  const fs::path dir = fresh_dir("mvt-style");
  const RunResult r =
      run_sahelmap({"style", "--date", "2024-01-01", "--source", "sahel.pmtiles", "-o", (dir / "style.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string s = slurp(dir / "style.json");
  EXPECT_NE(s.find("\"pmtiles://sahel.pmtiles\""), std::string::npos);
  EXPECT_NE(s.find("\"version\": 8"), std::string::npos);
  EXPECT_NE(s.find("\"bloc-AES\""), std::string::npos);
  EXPECT_NE(s.find("\"hatch-ECOWAS\""), std::string::npos);  // Niger in both blocs that day
  EXPECT_NE(s.find("\"2024-01-01\""), std::string::npos);
  EXPECT_EQ(s.find("\"glyphs\""), std::string::npos);  // no glyphs, no text layers
  EXPECT_EQ(s.find("country-names"), std::string::npos);
  // With glyphs: names as text, and the glyph files to host beside the style.
  const RunResult g =
      run_sahelmap({"style", "--date", "2024-01-01", "--glyphs", "https://example.org/fonts/{fontstack}/{range}.pbf",
                    "--fonts", (dir / "fonts").string(), "-o", (dir / "named.json").string()});
  ASSERT_EQ(g.code, 0) << g.err;
  const std::string named = slurp(dir / "named.json");
  EXPECT_NE(named.find("\"https://example.org/fonts/{fontstack}/{range}.pbf\""), std::string::npos);
  EXPECT_NE(named.find("\"country-names\""), std::string::npos);
  EXPECT_NE(named.find("\"Noto Sans Regular\""), std::string::npos);
  EXPECT_GT(fs::file_size(dir / "fonts" / "Noto Sans Regular" / "0-255.pbf"), 10000u);
  EXPECT_GT(fs::file_size(dir / "fonts" / "Noto Sans Regular" / "256-511.pbf"), 10000u);
  const RunResult bad = run_sahelmap({"style", "--format", "mapbox", "-o", (dir / "x.json").string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_FALSE(fs::exists(dir / "x.json"));
}

// Every image name in the style's stripe layers, recursively through its expressions.
void hatch_names(const nlohmann::json& j, std::set<std::string>& out) {
  if (j.is_string() && j.get<std::string>().rfind("sahelmap-hatch-", 0) == 0) out.insert(j.get<std::string>());
  if (j.is_array() || j.is_object())
    for (const auto& v : j) hatch_names(v, out);
}

// The sprite (issue 15.4: the hatching of double membership in any MapLibre page, not only ours):
// the style names its URL; the files hold exactly the images the style's layers ask for, each a
// stripe of its colour on transparency, read back by libspng; @2x is twice the size; the server
// serves the same bytes as `style --sprite-files` writes.
TEST(VectorTilesCli, TheSpriteHoldsEveryImageTheStyleNamesAndIsServedTheSame) {
  const fs::path dir = fresh_dir("mvt-sprite");
  const RunResult r = run_sahelmap({"style", "--date", "2024-07-06", "--source", "sahel.pmtiles", "--sprite",
                                    "https://example.org/map/sprite", "--sprite-files", (dir / "sprite").string(), "-o",
                                    (dir / "style.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto style = nlohmann::json::parse(slurp(dir / "style.json"));
  EXPECT_EQ(style["sprite"], "https://example.org/map/sprite");
  std::set<std::string> wanted;
  hatch_names(style["layers"], wanted);
  EXPECT_TRUE(wanted.count("sahelmap-hatch-96d1b4")) << "leaving ECOWAS over the AES";
  ServeProcess server({});
  ASSERT_GT(server.port(), 0) << server.errors();
  for (const char* name : {"sprite", "sprite@2x"}) {
    const int ratio = name[6] == '@' ? 2 : 1;
    const std::string index_text = slurp(dir / "sprite" / (std::string(name) + ".json"));
    const std::string png = slurp(dir / "sprite" / (std::string(name) + ".png"));
    const auto index = nlohmann::json::parse(index_text);
    std::set<std::string> held;
    for (const auto& [k, v] : index.items()) held.insert(k);
    EXPECT_EQ(held, wanted) << name;
    int w = 0, h = 0;
    const auto rgba =
        sahelmap::render::decode_png(reinterpret_cast<const unsigned char*>(png.data()), png.size(), w, h);
    for (const auto& [k, v] : index.items()) {
      EXPECT_EQ(v["pixelRatio"], ratio);
      EXPECT_EQ(v["width"], 9 * ratio) << "one period of the poster's stripes (9 px)";
      const std::string hex = k.substr(15);
      const int want[3] = {std::stoi(hex.substr(0, 2), nullptr, 16), std::stoi(hex.substr(2, 2), nullptr, 16),
                           std::stoi(hex.substr(4, 2), nullptr, 16)};
      int solid = 0, clear = 0, all = 0;
      for (int y = v["y"].get<int>(); y < v["y"].get<int>() + v["height"].get<int>(); ++y)
        for (int x = v["x"].get<int>(); x < v["x"].get<int>() + v["width"].get<int>(); ++x, ++all) {
          const unsigned char* p = &rgba[(static_cast<std::size_t>(y) * w + x) * 4];
          if (p[3] == 0) ++clear;
          if (p[3] == 255)
            solid += std::abs(p[0] - want[0]) <= 1 && std::abs(p[1] - want[1]) <= 1 && std::abs(p[2] - want[2]) <= 1;
        }
      EXPECT_GT(solid, all / 5) << k << " in " << name;
      EXPECT_GT(clear, all / 3) << k << " in " << name;
    }
    // The server's sprite for the same style is the same.
    EXPECT_EQ(server.get("/" + std::string(name) + ".json"), std::make_pair(200, index_text));
    EXPECT_EQ(server.get("/" + std::string(name) + ".png"), std::make_pair(200, png));
  }
  EXPECT_NE(server.get("/style.json").second.find("/sprite\""), std::string::npos);
  EXPECT_EQ(server.get("/sprite@3x.png").first, 404);
  EXPECT_EQ(server.get("/sprite.txt").first, 404);
  EXPECT_EQ(server.get("/sprite").first, 404);  // no extension: once a 500 (substr past the end)
  EXPECT_EQ(server.get("/sprite@2x").first, 404);
}

TEST(VectorTilesCli, ServesArchivesAndMbtilesOfEitherKindAndTheArchiveByRanges) {
  const fs::path dir = fresh_dir("serve-files");
  ASSERT_EQ(run_sahelmap(mvt_args(dir / "v.pmtiles", "0-4")).code, 0);
  ASSERT_EQ(run_sahelmap(mvt_args(dir / "v.mbtiles", "0-4")).code, 0);
  ASSERT_EQ(run_sahelmap({"tiles", "--zooms", "0-3", "-o", (dir / "r.pmtiles").string()}).code, 0);
  const std::string archive = slurp(dir / "v.pmtiles");
  const pm::Reader reader(dir / "v.pmtiles");

  {
    ServeProcess server({"--pmtiles", (dir / "v.pmtiles").string()});
    ASSERT_GT(server.port(), 0) << server.errors();
    httplib::Client c("127.0.0.1", server.port());
    // Tiles as the archive holds them, an empty one where it holds none.
    const auto t = c.Get("/vector/4/8/7.pbf");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->status, 200);
    EXPECT_EQ(sahelmap::tiles::gunzip(reader.tile({4, 8, 7})), t->body);  // the client inflates
    std::string empty;                                                    // a tile the archive does not hold (open sea)
    for (std::uint32_t x = 0; x < 16 && empty.empty(); ++x)
      for (std::uint32_t y = 0; y < 16 && empty.empty(); ++y)
        if (reader.tile({4, x, y}).empty()) empty = "/vector/4/" + std::to_string(x) + "/" + std::to_string(y) + ".pbf";
    ASSERT_FALSE(empty.empty());
    EXPECT_EQ(c.Get(empty)->status, 204) << empty;
    EXPECT_EQ(c.Get("/vector/5/16/14.pbf")->status, 404);  // beyond the archive's zooms
    EXPECT_EQ(c.Get("/tiles/2/1/1.png")->status, 404);     // vector, not raster
    EXPECT_EQ(c.Get("/style.json?source=archive")->status, 200);
    EXPECT_NE(c.Get("/legend.json?date=2025-06-01")->body.find("AES"), std::string::npos);
    // The archive itself: whole, by ranges (206), unsatisfiable ranges (416), HEAD, ETag.
    const auto whole = c.Get("/archive.pmtiles");
    ASSERT_TRUE(whole);
    EXPECT_EQ(whole->status, 200);
    EXPECT_EQ(whole->body, archive);
    const auto head = c.Get("/archive.pmtiles", {{"Range", "bytes=0-126"}});
    EXPECT_EQ(head->status, 206);
    EXPECT_EQ(head->body, archive.substr(0, 127));
    EXPECT_EQ(head->get_header_value("Content-Range"), "bytes 0-126/" + std::to_string(archive.size()));
    const auto tail = c.Get("/archive.pmtiles", {{"Range", "bytes=-10"}});
    EXPECT_EQ(tail->status, 206);
    EXPECT_EQ(tail->body, archive.substr(archive.size() - 10));
    for (const std::string bad :
         {"bytes=" + std::to_string(archive.size()) + "-", std::string("bytes=-0"), std::string("bytes=9-3"),
          std::string("lines=0-1"), "bytes=0-1," + std::to_string(archive.size() + 5) + "-",
          std::string("bytes=123456789012345678901234567890-")}) {
      const auto r = c.Get("/archive.pmtiles", {{"Range", bad}});
      ASSERT_TRUE(r) << bad;
      EXPECT_EQ(r->status, 416) << bad;
      EXPECT_TRUE(r->body.empty()) << bad;
    }
    const auto h = c.Head("/archive.pmtiles");
    EXPECT_EQ(h->status, 200);
    EXPECT_EQ(h->get_header_value("Content-Length"), std::to_string(archive.size()));
    EXPECT_EQ(h->get_header_value("Accept-Ranges"), "bytes");
    EXPECT_EQ(c.Get("/archive.pmtiles", {{"If-None-Match", whole->get_header_value("ETag")}})->status, 304);
  }
  {
    ServeProcess server({"--mbtiles", (dir / "v.mbtiles").string()});
    ASSERT_GT(server.port(), 0) << server.errors();
    httplib::Client c("127.0.0.1", server.port());
    EXPECT_EQ(c.Get("/vector/4/8/7.pbf")->body, sahelmap::tiles::gunzip(reader.tile({4, 8, 7})));
    EXPECT_EQ(c.Get("/archive.pmtiles")->status, 404);  // no archive here
    EXPECT_NE(c.Get("/tilejson-vector.json")->body.find("memberships"), std::string::npos);
  }
  {
    ServeProcess server({"--pmtiles", (dir / "r.pmtiles").string()});
    ASSERT_GT(server.port(), 0) << server.errors();
    httplib::Client c("127.0.0.1", server.port());
    const auto png = c.Get("/tiles/2/1/1.png");
    EXPECT_EQ(png->status, 200);
    EXPECT_EQ(png->get_header_value("Content-Type"), "image/png");
    EXPECT_EQ(png->body, pm::Reader(dir / "r.pmtiles").tile({2, 1, 1}));
    EXPECT_EQ(c.Get("/vector/2/1/1.pbf")->status, 404);
    EXPECT_EQ(c.Get("/style.json")->status, 404);
    // The legend of the map the tiles show travels in the archive's metadata.
    EXPECT_NE(c.Get("/legend.json")->body.find("AES"), std::string::npos);
    // And the events drawn, in words, for the page's list (not in the TileJSON).
    const auto evs = nlohmann::json::parse(c.Get("/events.json")->body);
    ASSERT_TRUE(evs.is_array());
    EXPECT_FALSE(evs.empty());
    EXPECT_EQ(nlohmann::json::parse(c.Get("/tilejson.json")->body).count("sahelmap:events"), 0u);
  }
  {
    ASSERT_EQ(
        run_sahelmap({"tiles", "--zooms", "0-2", "--date", "2023-07-01", "-o", (dir / "r.mbtiles").string()}).code, 0);
    ServeProcess server({"--mbtiles", (dir / "r.mbtiles").string()});
    ASSERT_GT(server.port(), 0) << server.errors();
    httplib::Client c("127.0.0.1", server.port());
    const auto legend = nlohmann::json::parse(c.Get("/legend.json")->body);
    ASSERT_TRUE(legend.is_array());
    EXPECT_FALSE(legend.empty());
    EXPECT_NE(c.Get("/legend.json")->body.find("ECOWAS member, suspended"), std::string::npos);  // Mali, Burkina
    EXPECT_EQ(nlohmann::json::parse(c.Get("/tilejson.json")->body)["sahelmap"]["date"], "2023-07-01");
    for (const auto& e : nlohmann::json::parse(c.Get("/events.json")->body))  // until the file's day
      EXPECT_LE(e["date"].get<std::string>(), "2023-07-01");
    // The file itself by ranges, as SQLite-over-HTTP readers ask for it.
    const std::string file = slurp(dir / "r.mbtiles");
    const auto page = c.Get("/archive.mbtiles", {{"Range", "bytes=0-99"}});
    EXPECT_EQ(page->status, 206);
    EXPECT_EQ(page->body, file.substr(0, 100));
    const auto two = c.Get("/archive.mbtiles", {{"Range", "bytes=0-3,16-17"}});
    EXPECT_EQ(two->status, 206);
    EXPECT_NE(two->get_header_value("Content-Type").find("multipart/byteranges"), std::string::npos);
    EXPECT_NE(two->body.find("SQLi"), std::string::npos);
    EXPECT_NE(two->body.find("Content-Range: bytes 16-17/" + std::to_string(file.size())), std::string::npos);
  }
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"serve", "--mbtiles", (dir / "v.pmtiles").string()},
           {"serve", "--pmtiles", (dir / "v.mbtiles").string()},
           {"serve", "--pmtiles", (dir / "v.pmtiles").string(), "--mbtiles", (dir / "v.mbtiles").string()},
           {"serve", "--pmtiles", (dir / "missing.pmtiles").string()}}) {
    const RunResult r = run_sahelmap(args);
    EXPECT_NE(r.code, 0) << args[2];
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(VectorTilesCli, VectorShardsMergeIntoPmtilesAndMbtilesEqualToOneRun) {
  const fs::path dir = fresh_dir("mvt-shards");
  ASSERT_EQ(run_sahelmap(mvt_args(dir / "whole.pmtiles", "0-5")).code, 0);
  std::vector<std::string> parts;
  for (int i = 0; i < 3; ++i) {
    auto args = mvt_args(dir / ("part-" + std::to_string(i) + ".mbtiles"), "0-5");
    args.insert(args.end(), {"--shard", std::to_string(i) + "/3"});
    const RunResult r = run_sahelmap(args);
    ASSERT_EQ(r.code, 0) << r.err;
    parts.push_back((dir / ("part-" + std::to_string(i) + ".mbtiles")).string());
  }
  std::vector<std::string> merge = {"tiles", "merge", (dir / "merged.pmtiles").string()};
  merge.insert(merge.end(), parts.begin(), parts.end());
  const RunResult m = run_sahelmap(merge);
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_EQ(verify_pmtiles(dir / "merged.pmtiles"), std::vector<std::string>{});
  const pm::Reader whole(dir / "whole.pmtiles"), merged(dir / "merged.pmtiles");
  EXPECT_EQ(merged.header().addressed_tiles, whole.header().addressed_tiles);
  EXPECT_EQ(merged.header().type, pm::TileType::Mvt);
  EXPECT_NE(merged.metadata().find("vector_layers"), std::string::npos);
  for (const pm::Entry& e : whole.entries())
    for (std::uint32_t k = 0; k < e.run_length; ++k) {
      const sahelmap::geom::TileId t = pm::zxy(e.tile_id + k);
      ASSERT_EQ(merged.tile(t), whole.tile(t)) << t.z << "/" << t.x << "/" << t.y;
    }
  // The same parts into MBTiles: the same tiles.
  merge[2] = (dir / "merged.mbtiles").string();
  ASSERT_EQ(run_sahelmap(merge).code, 0);
  EXPECT_EQ(sqlite_query(dir / "merged.mbtiles", "SELECT count(*) FROM map"),
            std::to_string(whole.header().addressed_tiles));
  // A vector shard whose run did not finish has no tile count yet: refused.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "part-1.mbtiles").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE metadata SET value = '18446744073709551615' WHERE name = 'sahelmap:shard_tiles'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  merge[2] = (dir / "again.pmtiles").string();
  const RunResult bad = run_sahelmap(merge);
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("incomplete"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir / "again.pmtiles"));
}

// --shard straight into PMTiles parts (raster and vector, names and events on): each part passes
// the go-pmtiles checks and names its shard; the parts, or a PMTiles part beside an MBTiles one,
// merge into the very bytes of one run's archive, and into the bytes of one run's MBTiles file; a
// part given twice is refused.
TEST(VectorTilesCli, PmtilesShardsMergeIntoTheBytesOfOneRun) {
  const fs::path dir = fresh_dir("pmtiles-shards");
  for (const char* format : {"png", "mvt"}) {
    const std::string f = format;
    auto args = [&](const fs::path& out) {
      return std::vector<std::string>{"tiles",   "--format", format, "--bbox",    "-20,0,20,25",
                                      "--zooms", "0-5",      "-o",   out.string()};
    };
    ASSERT_EQ(run_sahelmap(args(dir / (f + "-whole.pmtiles"))).code, 0);
    std::vector<std::string> parts;
    for (int i = 0; i < 2; ++i) {
      const fs::path part = dir / (f + "-part-" + std::to_string(i) + ".pmtiles");
      auto a = args(part);
      a.insert(a.end(), {"--shard", std::to_string(i) + "/2"});
      const RunResult r = run_sahelmap(a);
      ASSERT_EQ(r.code, 0) << r.err;
      EXPECT_EQ(verify_pmtiles(part), std::vector<std::string>{}) << part;
      EXPECT_NE(pm::Reader(part).metadata().find("\"sahelmap:shard\":\"" + std::to_string(i) + "/2\""),
                std::string::npos);
      parts.push_back(part.string());
    }
    const RunResult m = run_sahelmap({"tiles", "merge", (dir / (f + "-merged.pmtiles")).string(), parts[0], parts[1]});
    ASSERT_EQ(m.code, 0) << m.err;
    EXPECT_EQ(slurp(dir / (f + "-merged.pmtiles")), slurp(dir / (f + "-whole.pmtiles"))) << format;
    // An MBTiles part beside a PMTiles part of the same pyramid.
    auto a = args(dir / (f + "-part-0.mbtiles"));
    a.insert(a.end(), {"--shard", "0/2"});
    ASSERT_EQ(run_sahelmap(a).code, 0);
    const RunResult mixed = run_sahelmap({"tiles", "merge", (dir / (f + "-mixed.pmtiles")).string(),
                                          (dir / (f + "-part-0.mbtiles")).string(), parts[1]});
    ASSERT_EQ(mixed.code, 0) << mixed.err;
    EXPECT_EQ(slurp(dir / (f + "-mixed.pmtiles")), slurp(dir / (f + "-whole.pmtiles"))) << format;
    // PMTiles parts into MBTiles: the bytes of one run's MBTiles file.
    ASSERT_EQ(run_sahelmap(args(dir / (f + "-whole.mbtiles"))).code, 0);
    const RunResult into_mbtiles =
        run_sahelmap({"tiles", "merge", (dir / (f + "-merged.mbtiles")).string(), parts[0], parts[1]});
    ASSERT_EQ(into_mbtiles.code, 0) << into_mbtiles.err;
    EXPECT_EQ(slurp(dir / (f + "-merged.mbtiles")), slurp(dir / (f + "-whole.mbtiles"))) << format;
    // More parts than the plan has work for: some hold no tile, and are still written and merged.
    std::vector<std::string> many{"tiles", "merge", (dir / (f + "-many.pmtiles")).string()};
    for (int i = 0; i < 12; ++i) {
      const fs::path part = dir / (f + "-of-12-" + std::to_string(i) + ".pmtiles");
      auto a12 = std::vector<std::string>{"tiles",  "--format",    format,
                                          "--bbox", "-20,0,20,25", "--zooms",
                                          "0-1",    "--shard",     std::to_string(i) + "/12",
                                          "-o",     part.string()};
      const RunResult p12 = run_sahelmap(a12);
      ASSERT_EQ(p12.code, 0) << p12.err;
      many.push_back(part.string());
    }
    ASSERT_EQ(run_sahelmap({"tiles", "--format", format, "--bbox", "-20,0,20,25", "--zooms", "0-1", "-o",
                            (dir / (f + "-whole01.pmtiles")).string()})
                  .code,
              0);
    const RunResult merged_many = run_sahelmap(many);
    ASSERT_EQ(merged_many.code, 0) << merged_many.err;
    EXPECT_EQ(slurp(dir / (f + "-many.pmtiles")), slurp(dir / (f + "-whole01.pmtiles"))) << format;
    const RunResult twice =
        run_sahelmap({"tiles", "merge", (dir / (f + "-twice.pmtiles")).string(), parts[0], parts[0]});
    EXPECT_NE(twice.code, 0);
    EXPECT_FALSE(fs::exists(dir / (f + "-twice.pmtiles")));
  }
}

// The default data follows the zoom (1:50m to zoom 5, 1:10m from 6): two pyramids into one sink,
// which is ended once, after both. Every archive holds the same tiles as the folder, raster and
// vector, whole and as shards (an MBTiles sink packed after zoom 5 crashed on zoom 6's first
// tile), and the vector layers say they span every zoom.
TEST(VectorTilesCli, DefaultDataByZoomIntoEveryArchive) {
  const fs::path dir = fresh_dir("by-zoom-archives");
  for (const char* format : {"png", "mvt"}) {
    const std::string ext = std::string(format) == "mvt" ? ".pbf" : ".png";
    auto run = [&](const std::string& out, std::vector<std::string> extra = {}) {
      std::vector<std::string> a{"tiles", "--format", format,       "--bbox", "-17.5,12,-11,15",   "--zooms",
                                 "4-7",   "--date",   "2026-11-22", "-o",     (dir / out).string()};
      a.insert(a.end(), extra.begin(), extra.end());
      const RunResult r = run_sahelmap(a);
      EXPECT_EQ(r.code, 0) << out << ": " << r.err;
    };
    const std::string f(format);
    run(f);
    run(f + ".mbtiles");
    run(f + ".pmtiles");
    run(f + "-1.mbtiles", {"--shard", "0/2"});
    run(f + "-2.mbtiles", {"--shard", "1/2"});
    const auto folder = files_under(dir / f, ext);
    std::set<int> zooms;
    for (const auto& [zxy, bytes] : folder) zooms.insert(std::stoi(zxy));
    EXPECT_EQ(zooms, (std::set<int>{4, 5, 6, 7})) << f;
    EXPECT_EQ(sqlite_query(dir / (f + ".mbtiles"), "SELECT count(*) FROM tiles"), std::to_string(folder.size())) << f;
    const std::string shards =
        std::to_string(std::stoll("0" + sqlite_query(dir / (f + "-1.mbtiles"), "SELECT count(*) FROM tiles")) +
                       std::stoll("0" + sqlite_query(dir / (f + "-2.mbtiles"), "SELECT count(*) FROM tiles")));
    EXPECT_EQ(shards, std::to_string(folder.size())) << f << ": the shards' tiles";
    EXPECT_EQ(verify_pmtiles(dir / (f + ".pmtiles")), std::vector<std::string>{}) << f;
    pm::Reader r(dir / (f + ".pmtiles"));
    EXPECT_EQ(r.header().addressed_tiles, folder.size()) << f;
    for (const auto& [zxy, bytes] : folder) {
      unsigned z, x, y;
      ASSERT_EQ(std::sscanf(zxy.c_str(), "%u/%u/%u", &z, &x, &y), 3);
      EXPECT_EQ(r.tile({static_cast<int>(z), x, y}), bytes) << f << " " << zxy;
    }
    if (f == "mvt") {
      const auto layers = nlohmann::json::parse(r.metadata())["vector_layers"];
      ASSERT_FALSE(layers.empty());
      for (const auto& l : layers) EXPECT_EQ(l["maxzoom"], 7) << l.dump();
    }
  }
  if (!HasFailure()) fs::remove_all(dir);
}
