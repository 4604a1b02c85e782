// Vector tiles and PMTiles, piece by piece: the MVT spec's worked examples as golden encodings,
// the PMTiles spec's tile ids and a directory's bytes, and archives written and read back through
// the ported verify checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <protozero/pbf_reader.hpp>
#include <random>

#include "test_paths.hpp"
#include "tiles/glyphs.hpp"
#include "tiles/mvt.hpp"
#include "tiles/pmtiles.hpp"
#include "tiles/pmtiles_verify.hpp"
#include "tiles/vector_world.hpp"

using namespace sahelmap;
using namespace sahelmap::tiles;
namespace fs = std::filesystem;

namespace {
using Cmds = std::vector<std::uint32_t>;
}

// MVT 2.1, section 4.3.5: the worked geometry examples.
TEST(Mvt, SpecPointLineAndPolygonExamples) {
  mvt::GeometryWriter g;
  g.point({25, 17});
  EXPECT_EQ(g.commands(), (Cmds{9, 50, 34}));
  g.clear();
  g.line({{2, 2}, {2, 10}, {10, 10}});
  EXPECT_EQ(g.commands(), (Cmds{9, 4, 4, 18, 0, 16, 16, 0}));
  g.clear();
  g.line({{2, 2}, {2, 10}, {10, 10}});
  g.line({{1, 1}, {3, 5}});
  EXPECT_EQ(g.commands(), (Cmds{9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8}));
  g.clear();
  g.ring({{3, 6}, {8, 12}, {20, 34}, {3, 6}});
  EXPECT_EQ(g.commands(), (Cmds{9, 6, 12, 18, 10, 12, 24, 44, 15}));
  g.clear();
  g.ring({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}});
  g.ring({{11, 11}, {20, 11}, {20, 20}, {11, 20}, {11, 11}});
  g.ring({{13, 13}, {13, 17}, {17, 17}, {17, 13}, {13, 13}});
  EXPECT_EQ(g.commands(), (Cmds{9, 0,  0,  26, 20, 0, 0, 20, 19, 0, 15, 9, 22, 2, 26, 18, 0,
                                0, 18, 17, 0,  15, 9, 4, 13, 26, 0, 8,  8, 0,  0, 7,  15}));
}

TEST(Mvt, LayerDeduplicatesKeysAndValuesAndGzipRoundTrips) {
  mvt::Layer l("places");
  mvt::GeometryWriter g;
  g.point({1, 2});
  l.add(mvt::GeomType::Point, g.commands(),
        {{"name", std::string_view("Niamey")}, {"kind", std::string_view("capital")}}, 1);
  l.add(mvt::GeomType::Point, g.commands(),
        {{"name", std::string_view("Bamako")}, {"kind", std::string_view("capital")}}, 2);
  const std::string tile = mvt::encode_tile({&l});
  // "capital" and both keys once each.
  EXPECT_EQ(tile.find("capital"), tile.rfind("capital"));
  EXPECT_EQ(tile.find("kind"), tile.rfind("kind"));
  EXPECT_EQ(gunzip(gzip(tile)), tile);
  EXPECT_THROW(gunzip("not gzip at all"), Error);
  EXPECT_TRUE(mvt::encode_tile({}).empty());
}

// PMTiles v3 spec, section 2 table, and go-pmtiles' tests.
TEST(Pmtiles, TileIdsFollowTheSpecsVectors) {
  EXPECT_EQ(pmtiles::tile_id({0, 0, 0}), 0u);
  EXPECT_EQ(pmtiles::tile_id({1, 0, 0}), 1u);
  EXPECT_EQ(pmtiles::tile_id({1, 0, 1}), 2u);
  EXPECT_EQ(pmtiles::tile_id({1, 1, 1}), 3u);
  EXPECT_EQ(pmtiles::tile_id({1, 1, 0}), 4u);
  EXPECT_EQ(pmtiles::tile_id({2, 0, 0}), 5u);
  EXPECT_EQ(pmtiles::tile_id({12, 3423, 1763}), 19078479u);
  EXPECT_EQ(pmtiles::zxy(19078479), (geom::TileId{12, 3423, 1763}));
  for (int z = 0; z < 9; ++z)
    for (std::uint32_t x = 0; x < (1u << z); ++x)
      for (std::uint32_t y = 0; y < (1u << z); ++y) {
        const geom::TileId t{z, x, y};
        ASSERT_EQ(pmtiles::zxy(pmtiles::tile_id(t)), t);
      }
  for (int z = 0; z <= 31; ++z) {
    const std::uint32_t m = z == 0 ? 0 : static_cast<std::uint32_t>((std::uint64_t{1} << z) - 1);
    for (const geom::TileId t : {geom::TileId{z, 0, 0}, {z, m, 0}, {z, 0, m}, {z, m, m}})
      ASSERT_EQ(pmtiles::zxy(pmtiles::tile_id(t)), t) << z;
  }
}

TEST(Pmtiles, DirectoryBytes) {
  // Entries {id, offset, length, run}: 0/0/0/0, 1/1/1/1, 2/2/2/2 (go-pmtiles' round-trip case).
  const std::vector<pmtiles::Entry> e{{0, 0, 0, 0}, {1, 1, 1, 1}, {2, 2, 2, 2}};
  const std::string b = pmtiles::serialize_directory(e);
  // Count; id deltas 0 1 1; runs 0 1 2; lengths 0 1 2; offsets 0+1, then 1+1 (0+0 != 1), then 0
  // (2 == 1+1 follows on).
  EXPECT_EQ(b, std::string("\x03\x00\x01\x01\x00\x01\x02\x00\x01\x02\x01\x02\x00", 13));
  EXPECT_EQ(pmtiles::parse_directory(b), e);
  // go-pmtiles' fixtures/unclustered.pmtiles root: tile 1 at 70, tile 2 at 0, 70 bytes each.
  const auto u = pmtiles::parse_directory(std::string("\x02\x01\x01\x01\x01\x46\x46\x47\x01", 9));
  EXPECT_EQ(u, (std::vector<pmtiles::Entry>{{1, 70, 70, 1}, {2, 0, 70, 1}}));
  EXPECT_THROW(pmtiles::parse_directory(std::string("\x05\x01", 2)), Error);
}

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("sahelmap-pmtiles-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

TilePtr tile_of(const std::string& s) {
  auto t = std::make_shared<EncodedTile>();
  t->png.assign(s.begin(), s.end());
  t->id = tile_id(t->png);
  return t;
}
}  // namespace

TEST(Pmtiles, ArchiveWithLeavesRunsAndDuplicatesReadsBackAndVerifies) {
  TempDir dir;
  PyramidInfo info{.name = "test", .bbox = {-20, 0, 30, 28}, .minzoom = 0, .maxzoom = 8};
  info.format = "png";
  const fs::path file = dir.path / "a.pmtiles";
  std::map<std::uint64_t, std::string> want;
  {
    pmtiles::Sink sink(file, info, pmtiles::TileType::Png, pmtiles::Compression::None);
    // All of zooms 0-8 (87381 tiles: the root cannot hold them) with contents that repeat in runs
    // (sea) and tiles that are unique; put in a shuffled order.
    std::vector<geom::TileId> all;
    for (int z = 0; z <= 8; ++z)
      for (std::uint32_t x = 0; x < (1u << z); ++x)
        for (std::uint32_t y = 0; y < (1u << z); ++y) all.push_back({z, x, y});
    std::mt19937 rng(7);
    std::shuffle(all.begin(), all.end(), rng);
    for (const auto& t : all) {
      const std::uint64_t id = pmtiles::tile_id(t);
      const std::string content = (id / 50) % 3 == 0 ? "sea" : "tile " + std::to_string(id);
      want[id] = content;
      sink.put(t, tile_of(content));
    }
    sink.finish();
  }
  EXPECT_EQ(verify_pmtiles(file), std::vector<std::string>{});
  pmtiles::Reader r(file);
  EXPECT_GT(r.header().leaf_length, 0u);
  EXPECT_LT(r.header().tile_entries, r.header().addressed_tiles);  // runs of "sea"
  EXPECT_EQ(r.header().addressed_tiles, want.size());
  for (const auto& [id, content] : want) ASSERT_EQ(r.tile(pmtiles::zxy(id)), content) << id;
  EXPECT_EQ(r.tile({9, 0, 0}), "");
  EXPECT_NE(r.metadata().find("\"name\":\"test\""), std::string::npos);
}

TEST(Pmtiles, SameTilesInAnyOrderSameBytesAndNothingLeftWhenNotFinished) {
  TempDir dir;
  PyramidInfo info{.name = "x", .bbox = {-10, -10, 10, 10}, .minzoom = 0, .maxzoom = 2};
  std::vector<geom::TileId> all;
  for (int z = 0; z <= 2; ++z)
    for (std::uint32_t x = 0; x < (1u << z); ++x)
      for (std::uint32_t y = 0; y < (1u << z); ++y) all.push_back({z, x, y});
  auto write = [&](const fs::path& p, unsigned seed) {
    std::mt19937 rng(seed);
    auto order = all;
    std::shuffle(order.begin(), order.end(), rng);
    pmtiles::Sink sink(p, info, pmtiles::TileType::Mvt, pmtiles::Compression::Gzip);
    for (const auto& t : order) sink.put(t, tile_of(gzip("t" + std::to_string(t.z) + std::to_string(t.x))));
    sink.finish();
  };
  write(dir.path / "a.pmtiles", 1);
  write(dir.path / "b.pmtiles", 2);
  auto bytes = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(bytes(dir.path / "a.pmtiles"), bytes(dir.path / "b.pmtiles"));
  {
    pmtiles::Sink sink(dir.path / "c.pmtiles", info, pmtiles::TileType::Mvt, pmtiles::Compression::Gzip);
    sink.put({0, 0, 0}, tile_of("x"));
  }  // destroyed without finish(): an interrupted run
  EXPECT_FALSE(fs::exists(dir.path / "c.pmtiles"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 2);  // no temporary left
  EXPECT_THROW(pmtiles::Sink::check(dir.path / "a.pmtiles", false), Error);
  EXPECT_NO_THROW(pmtiles::Sink::check(dir.path / "a.pmtiles", true));
  EXPECT_THROW(pmtiles::Sink::check(dir.path / "missing" / "a.pmtiles", true), Error);
}

namespace {
// One country (Niger's code) whose outline wanders by up to ~1 km at random (seeded): at zoom 6
// that is thousands of vertices a tile must keep, which gzip cannot squeeze; a zoom or two lower
// they are simplified away.
data::Boundaries jagged_country() {
  data::Boundaries b;
  b.crs = "OGC:CRS84";
  data::CountryShape s{.code = "NER", .name = "Niger"};
  std::mt19937 rng(20261201);
  std::uniform_real_distribution<double> j(0, 0.01);
  geom::Ring r;
  const int n = 6000;
  for (int i = 0; i < n; ++i) r.push_back({1 + 8.0 * i / n, 11 + j(rng)});  // south edge
  for (int i = 0; i < n; ++i) r.push_back({9 - j(rng), 11 + 8.0 * i / n});  // east edge
  for (int i = 0; i < n; ++i) r.push_back({9 - 8.0 * i / n, 19 - j(rng)});  // north edge
  for (int i = 0; i < n; ++i) r.push_back({1 + j(rng), 19 - 8.0 * i / n});  // west edge
  r.push_back(r.front());
  s.geometry.push_back(geom::Polygon{{r}});
  b.shapes.push_back(std::move(s));
  return b;
}
}  // namespace

TEST(VectorWorld, ATileOverTheCapIsRemadeWithCoarserBordersAndNamed) {
  const data::Boundaries b = jagged_country();
  const auto countries = data::CountryTable::load(sahelmap::test::countries_csv());
  std::vector<std::string> warnings;
  std::mutex m;
  VectorRequest rq{.boundaries = &b, .countries = &countries, .minzoom = 0, .maxzoom = 6, .labels = false};
  const geom::TileId t = geom::tile_at(1.5, 11.5, 6);  // holds a corner: two jagged edges
  const std::size_t uncapped = VectorWorld(rq).tile(t).size();
  rq.tile_cap = uncapped / 4;
  rq.warn = [&](const std::string& w) {
    std::lock_guard lock(m);
    warnings.push_back(w);
  };
  const VectorWorld capped(rq);
  VectorTileStats stats;
  const std::string out = capped.tile(t, &stats);
  EXPECT_LE(out.size(), rq.tile_cap) << uncapped;
  EXPECT_FALSE(out.empty());
  EXPECT_EQ(stats.capped, 1u);
  ASSERT_EQ(warnings.size(), 1u);
  const std::string name = "6/" + std::to_string(t.x) + "/" + std::to_string(t.y);
  EXPECT_NE(warnings[0].find("tile " + name), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("simplified as for zoom"), std::string::npos) << warnings[0];
  // A tile under the cap is as it was (zoom 2: the wandering is simplified away).
  const geom::TileId inside = geom::tile_at(5, 15, 2);
  EXPECT_LE(capped.tile(inside).size(), rq.tile_cap);
  EXPECT_EQ(
      capped.tile(inside),
      VectorWorld(VectorRequest{.boundaries = &b, .countries = &countries, .minzoom = 0, .maxzoom = 6, .labels = false})
          .tile(inside));
}

TEST(Glyphs, LatinRangeOfTheStylesFontAsDistanceFields) {
  const std::string pbf = glyph_range("Noto Sans Regular", 0);
  protozero::pbf_reader glyphs(pbf);
  ASSERT_TRUE(glyphs.next(1));
  protozero::pbf_reader stack = glyphs.get_message();
  std::string name, range;
  std::map<std::uint32_t, std::array<std::int64_t, 4>> found;  // id -> width, height, bitmap bytes, advance
  std::string bitmap_of_o;
  while (stack.next()) {
    if (stack.tag() == 1) {
      name = stack.get_string();
    } else if (stack.tag() == 2) {
      range = stack.get_string();
    } else if (stack.tag() == 3) {
      protozero::pbf_reader g = stack.get_message();
      std::uint32_t id = 0, w = 0, h = 0, advance = 0;
      std::string bitmap;
      while (g.next()) {
        switch (g.tag()) {
          case 1:
            id = g.get_uint32();
            break;
          case 2:
            bitmap = g.get_bytes();
            break;
          case 3:
            w = g.get_uint32();
            break;
          case 4:
            h = g.get_uint32();
            break;
          case 7:
            advance = g.get_uint32();
            break;
          default:
            g.skip();
        }
      }
      found[id] = {w, h, static_cast<std::int64_t>(bitmap.size()), advance};
      if (id == 0xF4) bitmap_of_o = bitmap;
    } else {
      stack.skip();
    }
  }
  EXPECT_EQ(name, "Noto Sans Regular");
  EXPECT_EQ(range, "0-255");
  for (std::uint32_t c : {0x41u, 0x7Au, 0x20u, 0xF4u /* ô of Côte d'Ivoire */, 0xE9u /* é */})
    ASSERT_TRUE(found.count(c)) << c;
  const auto [w, h, bytes, advance] = found.at(0xF4);
  EXPECT_EQ(bytes, (w + 6) * (h + 6));  // 3 px of buffer on every side
  EXPECT_GT(advance, 0);
  EXPECT_EQ(found.at(' ')[2], 0);  // a space has no bitmap
  // Inside the letter's stroke the field is above the edge value (192), in the buffer below it.
  EXPECT_LT(static_cast<unsigned char>(bitmap_of_o[0]), 192);
  EXPECT_GT(
      *std::max_element(bitmap_of_o.begin(), bitmap_of_o.end(),
                        [](char a, char b) { return static_cast<unsigned char>(a) < static_cast<unsigned char>(b); }),
      static_cast<char>(191));
  EXPECT_THROW(glyph_range("Noto Sans Regular", 100), Error);
  EXPECT_THROW(glyph_range("No Such Font Regular", 0), Error);
  EXPECT_TRUE(serves_fontstack("Noto Sans Regular", "Noto Sans"));
  EXPECT_FALSE(serves_fontstack("Noto Sans/../x Regular", "Noto Sans"));
  EXPECT_FALSE(serves_fontstack("Arial Regular", "Noto Sans"));
}

TEST(Pmtiles, RunsOfOneTileStopAtZoomsSoReadersSeeEveryZoom) {
  // Every tile of zooms 0-3 the same (open sea): one run per zoom, not one run from 0/0/0 on,
  // whose start would make the header's maximum zoom 0 and hide zooms 1-3 from readers.
  TempDir dir;
  PyramidInfo info{.name = "sea", .bbox = {-180, -85, 180, 85}, .minzoom = 0, .maxzoom = 3};
  {
    pmtiles::Sink sink(dir.path / "sea.pmtiles", info, pmtiles::TileType::Png, pmtiles::Compression::None);
    for (int z = 0; z <= 3; ++z)
      for (std::uint32_t x = 0; x < (1u << z); ++x)
        for (std::uint32_t y = 0; y < (1u << z); ++y) sink.put({z, x, y}, tile_of("sea"));
    sink.finish();
  }
  EXPECT_EQ(verify_pmtiles(dir.path / "sea.pmtiles"), std::vector<std::string>{});
  const pmtiles::Reader r(dir.path / "sea.pmtiles");
  EXPECT_EQ(r.header().maxzoom, 3);
  EXPECT_EQ(r.header().tile_entries, 4u);
  EXPECT_EQ(r.header().tile_contents, 1u);
  EXPECT_EQ(r.tile({3, 7, 7}), "sea");
}
