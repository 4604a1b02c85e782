#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "data/boundaries.hpp"
#include "data/boundary_cache.hpp"
#include "data/gdal.hpp"
#include "test_paths.hpp"
#include "util/error.hpp"

using namespace sahelmap::data;
namespace fs = std::filesystem;

namespace {
const CountryTable& table() {
  static const CountryTable t = CountryTable::load(sahelmap::test::countries_csv());
  return t;
}
const CountryShape* find(const Boundaries& b, const std::string& code) {
  for (const auto& s : b.shapes)
    if (s.code == code) return &s;
  return nullptr;
}
fs::path tmpdir() {
  static const fs::path d = [] {
    auto p = fs::temp_directory_path() / ("sahelmap-boundaries-" + std::to_string(::getpid()));
    fs::create_directories(p);
    return p;
  }();
  return d;
}
// Converts the shared Natural Earth GeoJSON with GDAL's own library (as ogr2ogr would).
std::string convert(const std::string& driver, const std::string& name, const std::string& layer = "") {
  gdal_init();
  const std::string out = (tmpdir() / name).string();
  if (fs::exists(out)) return out;
  GDALDatasetH src = GDALOpenEx(sahelmap::test::shared("naturalearth/ne_110m_admin_0_countries.json").c_str(),
                                GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  std::vector<const char*> argv{"-f", driver.c_str()};
  if (!layer.empty()) argv.insert(argv.end(), {"-nln", layer.c_str()});
  argv.push_back(nullptr);
  GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(argv.data()), nullptr);
  int err = 0;
  GDALDatasetH dst = GDALVectorTranslate(out.c_str(), nullptr, 1, &src, opts, &err);
  GDALVectorTranslateOptionsFree(opts);
  EXPECT_TRUE(dst) << CPLGetLastErrorMsg();
  GDALClose(dst);
  GDALClose(src);
  return out;
}
std::string write(const std::string& name, const std::string& text) {
  const auto p = tmpdir() / name;
  std::ofstream(p) << text;
  return p.string();
}
}  // namespace

TEST(Boundaries, WorldAtlasTopoJsonJoinsEveryCountry) {
  const Boundaries b = load_boundaries(sahelmap::test::world_atlas("countries-50m.json"), table());
  EXPECT_EQ(b.driver, "TopoJSON");
  EXPECT_EQ(b.layer, "countries");
  EXPECT_EQ(b.shapes.size(), 241u);
  EXPECT_TRUE(b.unmatched.empty());
  for (const char* c : {"NER", "MLI", "BFA", "NGA", "FRA", "NOR", "RUS", "SOL", "KOS"}) EXPECT_TRUE(find(b, c)) << c;
  // world-atlas stitches Russia, Fiji and Antarctica across the antimeridian; once cut back they
  // are valid and as large as Natural Earth's own split versions.
  EXPECT_EQ(b.repaired, 0u);
  const Boundaries ne = load_boundaries(sahelmap::test::shared("naturalearth/ne_50m_admin_0_countries.json"), table());
  for (const char* c : {"RUS", "FJI", "ATA", "USA"}) {
    double a = 0, e = 0;
    for (const auto& p : find(b, c)->geometry) a += sahelmap::geom::signed_area(p);
    for (const auto& p : find(ne, c)->geometry) e += sahelmap::geom::signed_area(p);
    EXPECT_NEAR(a / e, 1.0, 0.01) << c;
    const auto box = sahelmap::geom::bounds(find(b, c)->geometry);
    EXPECT_GE(box.minx, -180) << c;
    EXPECT_LE(box.maxx, 180) << c;
  }
}

TEST(Boundaries, NaturalEarthGeoJsonWithMinus99Codes) {
  const Boundaries b = load_boundaries(sahelmap::test::shared("naturalearth/ne_50m_admin_0_countries.json"), table());
  EXPECT_EQ(b.shapes.size(), 241u);
  EXPECT_TRUE(b.unmatched.empty());
  const CountryShape* fra = find(b, "FRA");
  ASSERT_TRUE(fra);
  EXPECT_EQ(fra->name, "France");
  EXPECT_TRUE(find(b, "NOR"));
  EXPECT_TRUE(b.geographic);
}

TEST(Boundaries, ShapefileZippedShapefileAndGeoPackage) {
  const std::string shp = convert("ESRI Shapefile", "ne110.shp");
  const std::string zip = convert("ESRI Shapefile", "ne110.shp.zip");
  const std::string gpkg = convert("GPKG", "ne110.gpkg", "admin0");
  for (const std::string& spec : {shp, zip, "/vsizip/" + zip, gpkg + ":admin0", gpkg}) {
    const Boundaries b = load_boundaries(spec, table());
    EXPECT_EQ(b.shapes.size(), 177u) << spec;
    EXPECT_TRUE(find(b, "FRA")) << spec;
    EXPECT_TRUE(find(b, "NER")) << spec;
  }
}

TEST(Boundaries, UnknownLayerListsTheLayers) {
  try {
    load_boundaries(sahelmap::test::world_atlas("countries-110m.json") + ":rivers", table());
    FAIL();
  } catch (const sahelmap::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("no layer 'rivers'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("countries"), std::string::npos) << msg;
  }
}

TEST(Boundaries, MissingAndCorruptFiles) {
  EXPECT_THROW(load_boundaries("/nonexistent/countries.shp", table()), sahelmap::Error);
  EXPECT_THROW(load_boundaries(write("garbage.json", "this is not json {"), table()), sahelmap::Error);
  EXPECT_THROW(load_boundaries(write("empty.geojson", ""), table()), sahelmap::Error);
}

TEST(Boundaries, InvalidPolygonIsRepairedAndCounted) {
  const std::string bowtie = write("bowtie.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"ADM0_A3":"NER"},
     "geometry":{"type":"Polygon","coordinates":[[[0,10],[10,20],[10,10],[0,20],[0,10]]]}}]})");
  const Boundaries b = load_boundaries(bowtie, table());
  EXPECT_EQ(b.repaired, 1u);
  ASSERT_EQ(b.shapes.size(), 1u);
  EXPECT_EQ(b.shapes[0].geometry.size(), 2u);  // two triangles
}

TEST(Boundaries, NonFiniteAndOutOfRangeCoordinatesAreErrors) {
  const std::string lat95 = write("lat95.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"NAME":"Niger"},
     "geometry":{"type":"Polygon","coordinates":[[[0,10],[10,95],[10,10],[0,10]]]}}]})");
  try {
    load_boundaries(lat95, table());
    FAIL();
  } catch (const sahelmap::Error& e) {
    EXPECT_NE(std::string(e.what()).find("outside the lon/lat range"), std::string::npos) << e.what();
  }
}

TEST(Boundaries, SplitLayer) {
  EXPECT_EQ(split_layer("/a/b.gpkg:admin0"), (std::pair<std::string, std::string>{"/a/b.gpkg", "admin0"}));
  EXPECT_EQ(split_layer("/a/b.gpkg"), (std::pair<std::string, std::string>{"/a/b.gpkg", ""}));
  EXPECT_EQ(split_layer("/vsizip//a/b.zip/c.shp"), (std::pair<std::string, std::string>{"/vsizip//a/b.zip/c.shp", ""}));
}

// Prepared boundaries kept on disk come back exactly; a file for another key, truncated, or with a
// flipped byte is not trusted.
TEST(BoundaryCache, RoundTripAndEveryDamageIsRefused) {
  const Boundaries b = load_boundaries(sahelmap::test::world_atlas("countries-110m.json"), table());
  const fs::path f = tmpdir() / "prepared.bin";
  const std::string key =
      boundaries_key({sahelmap::test::world_atlas("countries-110m.json"), sahelmap::test::countries_csv()}, "x");
  EXPECT_EQ(key.size(), 64u);
  EXPECT_NE(key, boundaries_key({sahelmap::test::world_atlas("countries-110m.json")}, "x"));
  EXPECT_NE(key,
            boundaries_key({sahelmap::test::world_atlas("countries-110m.json"), sahelmap::test::countries_csv()}, "y"));
  write_cached_boundaries(f, key, b);
  const auto back = read_cached_boundaries(f, key);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->source, b.source);
  EXPECT_EQ(back->crs, b.crs);
  EXPECT_EQ(back->features, b.features);
  EXPECT_EQ(back->repaired, b.repaired);
  EXPECT_EQ(back->unmatched, b.unmatched);
  ASSERT_EQ(back->shapes.size(), b.shapes.size());
  for (std::size_t i = 0; i < b.shapes.size(); ++i) {
    EXPECT_EQ(back->shapes[i].code, b.shapes[i].code);
    EXPECT_EQ(back->shapes[i].name, b.shapes[i].name);
    ASSERT_EQ(back->shapes[i].geometry.size(), b.shapes[i].geometry.size());
    for (std::size_t p = 0; p < b.shapes[i].geometry.size(); ++p) {
      const auto& x = back->shapes[i].geometry[p].rings;
      const auto& y = b.shapes[i].geometry[p].rings;
      ASSERT_EQ(x.size(), y.size());
      for (std::size_t r = 0; r < x.size(); ++r) {
        ASSERT_EQ(x[r].size(), y[r].size());
        EXPECT_EQ(0, std::memcmp(x[r].data(), y[r].data(), x[r].size() * sizeof(x[r][0])));
      }
    }
  }
  EXPECT_FALSE(read_cached_boundaries(f, std::string(64, '0')).has_value()) << "another key";
  EXPECT_FALSE(read_cached_boundaries(tmpdir() / "missing.bin", key).has_value());
  std::string bytes;
  {
    std::ifstream in(f, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto damaged = [&](const std::string& what, const std::string& content) {
    const fs::path d = tmpdir() / ("damaged-" + what + ".bin");
    std::ofstream(d, std::ios::binary) << content;
    EXPECT_FALSE(read_cached_boundaries(d, key).has_value()) << what;
  };
  for (std::size_t at : {std::size_t(3), bytes.size() / 2, bytes.size() - 1}) {
    std::string c = bytes;
    c[at] = static_cast<char>(c[at] ^ 0x10);
    damaged("flip-" + std::to_string(at), c);
  }
  damaged("truncated", bytes.substr(0, bytes.size() / 3));
  damaged("empty", "");
  damaged("longer", bytes + "x");
}
