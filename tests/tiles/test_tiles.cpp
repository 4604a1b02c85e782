// The tile engine against its contract: same images to a folder and to MBTiles, GDAL reads the
// MBTiles, a tile inside Niger is exactly the AES colour, an interrupted run resumed equals an
// uninterrupted one.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "data/blocs.hpp"
#include "data/boundaries.hpp"
#include "data/events.hpp"
#include "render/png.hpp"
#include "render/symbolize.hpp"
#include "test_paths.hpp"
#include "tiles/annotations.hpp"
#include "tiles/mbtiles.hpp"
#include "tiles/progress.hpp"
#include "tiles/pyramid.hpp"
#include "tiles/tile_fixture.hpp"
#include "tiles/xyz_sink.hpp"
#include "util/error.hpp"

using namespace sahelmap;
using namespace sahelmap::tiles;
namespace fs = std::filesystem;

namespace {

fs::path fresh(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("sahelmap-tiles-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d.parent_path());
  return d;
}

PyramidSpec spec(int maxzoom, int threads = 2) {
  PyramidSpec s;
  s.bbox = {-20, 0, 30, 28};
  s.minzoom = 0;
  s.maxzoom = maxzoom;
  s.threads = threads;
  return s;
}

PyramidInfo info(const PyramidSpec& s) {
  PyramidInfo i;
  i.name = "test";
  i.bbox = s.bbox;
  i.minzoom = s.minzoom;
  i.maxzoom = s.maxzoom;
  i.fingerprint = "test-fingerprint";
  return i;
}

PyramidStats run(const PyramidSpec& s, TileSink& sink, const std::atomic<bool>& stop) {
  Progress quiet(0, false);
  return render_pyramid(world(), palette(), s, sink, quiet, stop);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every tile of an MBTiles file by XYZ key, through the `tiles` view.
std::map<std::string, std::string> read_mbtiles(const fs::path& p) {
  std::map<std::string, std::string> out;
  sqlite3* db = nullptr;
  sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles", -1, &q, nullptr);
  while (q && sqlite3_step(q) == SQLITE_ROW) {
    const int z = sqlite3_column_int(q, 0), x = sqlite3_column_int(q, 1), row = sqlite3_column_int(q, 2);
    const int y = (1 << z) - 1 - row;
    const auto* data = static_cast<const char*>(sqlite3_column_blob(q, 3));
    out[std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y)] =
        std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(q, 3)));
  }
  sqlite3_finalize(q);
  sqlite3_close(db);
  return out;
}

std::string query_one(const fs::path& p, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &q, nullptr);
  std::string v;
  if (q && sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
    v = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return v;
}

// Stops the run after `limit` tiles, as Ctrl-C would.
class StopAfter : public TileSink {
 public:
  StopAfter(TileSink& inner, std::size_t limit, std::atomic<bool>& stop) : inner_(inner), limit_(limit), stop_(stop) {}
  std::unordered_set<std::uint64_t> existing() override { return inner_.existing(); }
  void put(geom::TileId t, const TilePtr& tile) override {
    inner_.put(t, tile);
    if (++count_ >= limit_) stop_ = true;
  }
  bool wants_ids() const override { return inner_.wants_ids(); }
  void checkpoint() override { inner_.checkpoint(); }
  void finish() override { inner_.finish(); }

 private:
  TileSink& inner_;
  std::size_t limit_, count_ = 0;
  std::atomic<bool>& stop_;
};

}  // namespace

TEST(Tiles, FolderAndMbtilesHoldTheSameImages) {
  const auto s = spec(6);
  const fs::path dir = fresh("xyz"), mb = fresh("same.mbtiles");
  std::atomic<bool> stop{false};
  std::uint64_t palette_xyz = 0, palette_mb = 0;
  {
    XyzSink xyz(dir, info(s), false);  // fed by the workers
    const auto st = run(s, xyz, stop);
    EXPECT_FALSE(st.interrupted);
    EXPECT_EQ(st.written, st.total);
    palette_xyz = st.palette;
  }
  {
    MbtilesSink m(mb.string(), info(s), false, false);  // fed by the writer thread
    palette_mb = run(s, m, stop).palette;
  }
  const auto tiles = read_mbtiles(mb);
  // The exact-palette count, as reported, is what the files hold whichever way they were written
  // (the folder's once read 0%).
  std::uint64_t indexed = 0;
  for (const auto& [key, bytes] : tiles) indexed += bytes.size() > 25 && bytes[25] == 3;
  EXPECT_GT(indexed, 0u);
  EXPECT_EQ(palette_mb, indexed);
  EXPECT_EQ(palette_xyz, indexed);
  std::uint64_t total = 0;
  for (int z = 0; z <= 6; ++z) total += pyramid_range(s, z).count();
  ASSERT_EQ(tiles.size(), total);
  for (const auto& [key, bytes] : tiles) ASSERT_EQ(slurp(dir / (key + ".png")), bytes) << key;
  // Identical tiles are stored once: the sea and country interiors.
  const int images = std::stoi(query_one(mb, "SELECT count(*) FROM images"));
  EXPECT_LT(images, static_cast<int>(total));
  EXPECT_EQ(std::stoi(query_one(mb, "SELECT count(DISTINCT tile_id) FROM map")), images);
  EXPECT_TRUE(fs::exists(dir / "metadata.json"));
}

TEST(Tiles, MbtilesMetadataAndTmsRows) {
  const auto s = spec(3);
  const fs::path mb = fresh("meta.mbtiles");
  std::atomic<bool> stop{false};
  {
    MbtilesSink m(mb.string(), info(s), false, false);
    run(s, m, stop);
  }
  for (const char* k : {"name", "format", "bounds", "center", "minzoom", "maxzoom", "attribution", "type", "version"})
    EXPECT_FALSE(query_one(mb, (std::string("SELECT value FROM metadata WHERE name='") + k + "'").c_str()).empty())
        << k;
  EXPECT_EQ(query_one(mb, "SELECT value FROM metadata WHERE name='attribution'"), "Natural Earth");
  EXPECT_EQ(query_one(mb, "SELECT value FROM metadata WHERE name='format'"), "png");
  EXPECT_EQ(query_one(mb, "SELECT value FROM metadata WHERE name='bounds'"), "-20.000000,0.000000,30.000000,28.000000");
  // z1: the bbox is north of the equator and both sides of Greenwich: XYZ row 0 = TMS row 1.
  EXPECT_EQ(query_one(mb, "SELECT count(*) FROM map WHERE zoom_level=1 AND tile_row=1"), "2");
  EXPECT_EQ(query_one(mb, "PRAGMA integrity_check"), "ok");
}

TEST(Tiles, GdalReadsTheMbtilesAndNiameyIsAes) {
  const auto s = spec(6);
  const fs::path mb = fresh("gdal.mbtiles");
  std::atomic<bool> stop{false};
  {
    MbtilesSink m(mb.string(), info(s), false, false);
    run(s, m, stop);
  }
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(mb.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  ASSERT_TRUE(ds) << CPLGetLastErrorMsg();
  EXPECT_STREQ(ds->GetDriver()->GetDescription(), "MBTiles");
  ASSERT_GE(ds->GetRasterCount(), 3);
  double gt[6];
  ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
  const geom::Point niamey = geom::lonlat_to_mercator({2.1167, 13.5167});
  const int px = static_cast<int>((niamey.x - gt[0]) / gt[1]), py = static_cast<int>((niamey.y - gt[3]) / gt[5]);
  unsigned char rgb[3];
  for (int b = 0; b < 3; ++b)
    ASSERT_EQ(ds->GetRasterBand(b + 1)->RasterIO(GF_Read, px, py, 1, 1, &rgb[b], 1, 1, GDT_Byte, 0, 0), CE_None);
  EXPECT_EQ(rgb[0], 0xc0);
  EXPECT_EQ(rgb[1], 0x39);
  EXPECT_EQ(rgb[2], 0x2b);
}

TEST(Tiles, ATileInsideNigerIsExactlyTheAesColour) {
  for (const geom::TileId t : {geom::TileId{7, 67, 57}, geom::TileId{8, 135, 115}}) {
    TileRenderer r(world(), palette(), {});
    const TileGeometry g = r.root(t);
    ASSERT_TRUE(r.flat(g, t).has_value()) << "z" << t.z;
    const TilePtr tile = r.draw(g, t);  // drawn anyway, to check the pixels themselves
    int w = 0, h = 0;
    const auto rgba = render::decode_png(tile->png.data(), tile->png.size(), w, h);
    ASSERT_EQ(w, 256);
    for (std::size_t i = 0; i < rgba.size(); i += 4) {
      ASSERT_EQ(rgba[i], 0xc0) << i;
      ASSERT_EQ(rgba[i + 1], 0x39) << i;
      ASSERT_EQ(rgba[i + 2], 0x2b) << i;
    }
    EXPECT_EQ(r.make(g, t)->png, tile->png);  // the flat shortcut gives the same bytes
  }
}

TEST(Tiles, ChildGeometryFromTheParentDrawsLikeFromTheWorld) {
  TileRenderer r(world(), palette(), {});
  for (const geom::TileId parent : {geom::TileId{5, 15, 14}, geom::TileId{6, 30, 29}}) {
    const TileGeometry pg = r.root(parent);
    for (std::uint32_t i = 0; i < 4; ++i) {
      const geom::TileId c{parent.z + 1, 2 * parent.x + (i & 1), 2 * parent.y + (i >> 1)};
      EXPECT_EQ(r.draw(r.child(pg, c), c)->png, r.draw(r.root(c), c)->png) << c.z << "/" << c.x << "/" << c.y;
    }
  }
}

TEST(Tiles, ResumedRunEqualsAnUninterruptedOne) {
  const auto s = spec(7);
  const fs::path whole = fresh("whole.mbtiles"), resumed = fresh("resumed.mbtiles");
  std::atomic<bool> stop{false};
  {
    MbtilesSink m(whole.string(), info(s), false, false);
    run(s, m, stop);
  }
  std::uint64_t first = 0;
  {
    MbtilesSink m(resumed.string(), info(s), false, false);
    StopAfter cut(m, 120, stop);
    const auto st = run(s, cut, stop);
    EXPECT_TRUE(st.interrupted);
    first = st.written;
    EXPECT_LT(first, st.total);
  }
  EXPECT_EQ(query_one(resumed, "PRAGMA integrity_check"), "ok");
  stop = false;
  {
    MbtilesSink m(resumed.string(), info(s), true, false);
    const auto st = run(s, m, stop);
    EXPECT_FALSE(st.interrupted);
    EXPECT_EQ(st.skipped, first);  // nothing done twice
    EXPECT_EQ(st.skipped + st.written, st.total);
  }
  EXPECT_EQ(read_mbtiles(resumed), read_mbtiles(whole));
}

namespace {
// A folder sink fed as a run feeds it: opened, each tile put, finished.
void put_all(const fs::path& dir, const PyramidInfo& i, bool resume,
             std::initializer_list<std::pair<geom::TileId, TilePtr>> tiles) {
  XyzSink s(dir, i, resume);
  for (const auto& [t, tile] : tiles) s.put(t, tile);
  s.finish();
}
}  // namespace

// A folder sink's workers keep their column folder open: a later sink on the same thread (the
// same z/x, another folder, perhaps at the same address) writes into its own folder, and a temp
// a killed run left behind is written over and renamed when its tile is drawn again.
TEST(Tiles, FolderSinksOnOneThreadWriteIntoTheirOwnFolders) {
  const PyramidInfo i = info(spec(3));
  auto tile = std::make_shared<EncodedTile>();
  tile->png = {1, 2, 3};
  const fs::path a = fresh("sink-a"), b = fresh("sink-b");
  put_all(a, i, false, {{{.z = 3, .x = 4, .y = 5}, tile}});
  fs::create_directories(b / "3" / "4");
  std::ofstream(b / "3" / "4" / ".5.png.tmp") << "the start of a tile, then the run was killed";
  put_all(b, i, false, {{{.z = 3, .x = 4, .y = 5}, tile}, {{.z = 3, .x = 4, .y = 6}, tile}});
  EXPECT_EQ(fs::file_size(a / "3" / "4" / "5.png"), 3u);
  EXPECT_FALSE(fs::exists(a / "3" / "4" / "6.png"));
  EXPECT_EQ(fs::file_size(b / "3" / "4" / "5.png"), 3u);
  EXPECT_EQ(fs::file_size(b / "3" / "4" / "6.png"), 3u);
  EXPECT_FALSE(fs::exists(b / "3" / "4" / ".5.png.tmp"));
  EXPECT_THROW(XyzSink(b / "3" / "4" / "5.png", i, false), sahelmap::Error);  // a file, not a folder
}

// A flat look's image, which most tiles of a pyramid are, is stored once in a folder: the tiles
// after the first are hard links of it; drawn tiles are files of their own.
TEST(Tiles, FolderTilesOfOneFlatLookShareOneFile) {
  const PyramidInfo i = info(spec(3));
  auto sea = std::make_shared<EncodedTile>();
  sea->png = {7, 7, 7};
  sea->shared = true;
  auto drawn = std::make_shared<EncodedTile>();
  drawn->png = {1, 2, 3};
  const fs::path d = fresh("sink-links");
  put_all(d, i, false,
          {{{.z = 3, .x = 1, .y = 1}, sea},
           {{.z = 3, .x = 2, .y = 5}, sea},
           {{.z = 3, .x = 2, .y = 6}, drawn},
           {{.z = 3, .x = 3, .y = 6}, drawn}});
  EXPECT_TRUE(fs::equivalent(d / "3" / "1" / "1.png", d / "3" / "2" / "5.png"));
  EXPECT_EQ(fs::hard_link_count(d / "3" / "2" / "5.png"), 2u);
  EXPECT_EQ(fs::file_size(d / "3" / "2" / "5.png"), 3u);
  EXPECT_FALSE(fs::equivalent(d / "3" / "2" / "6.png", d / "3" / "3" / "6.png"));
  // Resumed, names already there are replaced (and linked), their old files untouched.
  put_all(d, i, true, {{{.z = 3, .x = 3, .y = 6}, sea}, {{.z = 3, .x = 2, .y = 6}, sea}});
  EXPECT_TRUE(fs::equivalent(d / "3" / "3" / "6.png", d / "3" / "2" / "6.png"));
  EXPECT_EQ(fs::file_size(d / "3" / "2" / "6.png"), 3u);
  EXPECT_EQ(fs::hard_link_count(d / "3" / "1" / "1.png"), 2u);
  for (const auto& f : fs::recursive_directory_iterator(d))
    EXPECT_NE(f.path().filename().string().front(), '.') << f.path();  // no temp left behind
}

TEST(Tiles, ResumeRefusesAnotherPyramid) {
  const auto s = spec(2);
  const fs::path mb = fresh("other.mbtiles");
  std::atomic<bool> stop{false};
  {
    MbtilesSink m(mb.string(), info(s), false, false);
    run(s, m, stop);
  }
  auto other = info(s);
  other.fingerprint = "something else";
  EXPECT_THROW(MbtilesSink(mb.string(), other, true, false), sahelmap::Error);
  EXPECT_THROW(MbtilesSink(mb.string(), info(s), false, false), sahelmap::Error);  // exists, no --resume
}

TEST(Tiles, HiDpiTilesHaveTwiceThePixels) {
  TileOptions o;
  o.scale = 2;
  TileRenderer r(world(), palette(), o);
  const geom::TileId t{5, 15, 14};
  const TilePtr tile = r.draw(r.root(t), t);
  int w = 0, h = 0;
  render::decode_png(tile->png.data(), tile->png.size(), w, h);
  EXPECT_EQ(w, 512);
  EXPECT_EQ(h, 512);
}

TEST(Tiles, ProgressLineOnATerminalOnly) {
  char buf[512] = {};
  std::FILE* f = fmemopen(buf, sizeof buf, "w");
  Progress p(100, true, f);
  p.finish(40);
  std::fclose(f);
  const std::string line(buf);
  EXPECT_NE(line.find("40/100 tiles"), std::string::npos) << line;
  EXPECT_NE(line.find("tiles/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA"), std::string::npos) << line;
  char quiet[64] = {};
  std::FILE* g = fmemopen(quiet, sizeof quiet, "w");
  Progress q(100, false, g);
  q.update(50);
  q.finish(100);
  std::fclose(g);
  EXPECT_STREQ(quiet, "");
}

namespace {
struct Labelled {
  std::vector<data::Place> places = data::load_places(test::source("shapes/places.csv"));
  std::vector<data::Event> events =
      data::events_until(data::load_events(test::source("shapes/events.geojson")), data::Date::parse("2026-11-22"));
  Annotator annotations{{.countries = &fixture().countries,
                         .sym = &fixture().sym,
                         .style = &fixture().style,
                         .places = &places,
                         .events = &events,
                         .lang = "en",
                         .bbox = {-20, 0, 30, 28},
                         .minzoom = 4,
                         .maxzoom = 7},
                        mercator_scene(fixture().boundaries)};
};
const Labelled& labelled() {
  static const Labelled l;
  return l;
}
// Pixels inside `r` (global pixels) where the tile with names differs from the tile without.
int text_pixels(const TilePtr& named, const TilePtr& plain, geom::TileId t, const render::Rect& r) {
  int w = 0, h = 0;
  const auto a = render::decode_png(named->png.data(), named->png.size(), w, h);
  const auto b = render::decode_png(plain->png.data(), plain->png.size(), w, h);
  int n = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double gx = t.x * 256.0 + x, gy = t.y * 256.0 + y;
      if (gx < r.x || gx > r.x + r.w || gy < r.y || gy > r.y + r.h) continue;
      const std::size_t i = (static_cast<std::size_t>(y) * w + x) * 4;
      n += a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2];
    }
  return n;
}
}  // namespace

TEST(TileLabels, PlacedOncePerZoomAndDrawnOnBothSidesOfTileEdges) {
  const Labelled& L = labelled();
  TileRenderer r(world(), palette(), {}, &L.annotations), plain(world(), palette(), {});
  int straddling = 0;
  for (int z = 4; z <= 7; ++z) {
    const ZoomAnnotations* za = &L.annotations.zoom(z);
    std::set<std::string> names;
    for (const auto& l : za->list.groups)
      if (l.part == render::Part::Label) EXPECT_TRUE(names.insert(l.key).second) << l.key << " placed twice at z" << z;
    for (const auto& l : za->list.groups) {
      const auto x0 = static_cast<std::uint32_t>(l.box.x / 256),
                 x1 = static_cast<std::uint32_t>((l.box.x + l.box.w) / 256);
      const auto y = static_cast<std::uint32_t>((l.box.y + l.box.h / 2) / 256);
      if (x0 == x1 || l.part != render::Part::Label) continue;
      const double edge = x1 * 256.0;
      if (edge - l.box.x < 12 || l.box.x + l.box.w - edge < 12) continue;  // a sliver is all halo
      // A name across a tile edge: each tile draws its part of the same placement.
      ++straddling;
      for (std::uint32_t x : {x0, x1}) {
        const geom::TileId t{z, x, y};
        EXPECT_GT(text_pixels(r.draw(r.root(t), t), plain.draw(plain.root(t), t), t, l.box), 20)
            << l.key << " missing from z" << z << "/" << x << "/" << y;
      }
    }
  }
  EXPECT_GT(straddling, 0) << "no name crossed a tile edge: the test proves nothing";
}

TEST(TileLabels, ANamedTileInsideACountryIsNotFlat) {
  const Labelled& L = labelled();
  TileRenderer plain(world(), palette(), {});
  TileRenderer named(world(), palette(), {}, &L.annotations);
  bool found = false;
  for (const auto& l : L.annotations.zoom(7).list.groups)
    if (l.key == "Niger" && l.part == render::Part::Label) {
      const geom::TileId t{7, static_cast<std::uint32_t>((l.box.x + l.box.w / 2) / 256),
                           static_cast<std::uint32_t>((l.box.y + l.box.h / 2) / 256)};
      const TileGeometry g = plain.root(t);
      if (!plain.flat(g, t)) continue;  // we want a tile that would be flat without the name
      found = true;
      EXPECT_FALSE(named.flat(g, t));
      EXPECT_GT(text_pixels(named.draw(g, t), plain.draw(g, t), t, l.box), 20);
    }
  EXPECT_TRUE(found) << "no flat tile under the name Niger at z7";
}

namespace {
// Keeps every tile of a run in memory.
class MemorySink : public TileSink {
 public:
  void put(geom::TileId t, const TilePtr& tile) override {
    std::lock_guard lock(m_);
    tiles[t] = tile;
  }
  std::map<geom::TileId, TilePtr> tiles;

 private:
  std::mutex m_;
};

bool one_colour(const TilePtr& tile) {
  int w = 0, h = 0;
  const auto rgba = render::decode_png(tile->png.data(), tile->png.size(), w, h);
  for (std::size_t i = 4; i < rgba.size(); ++i)
    if (rgba[i] != rgba[i % 4]) return false;
  return true;
}
}  // namespace

// The bug of issue 17: flat tiles were drawn as tile 0/0/0 with the annotator attached, so every
// flat tile of a pyramid that included zoom 0 carried zoom 0's names and markers in miniature.
TEST(TileLabels, FlatTilesAreOneColourWhenZoomZeroHasNames) {
  const Labelled& L = labelled();
  Annotator annotations{{.countries = &fixture().countries,
                         .sym = &fixture().sym,
                         .style = &fixture().style,
                         .places = &L.places,
                         .events = &L.events,
                         .lang = "en",
                         .bbox = {-20, 0, 30, 28},
                         .minzoom = 0,
                         .maxzoom = 7},
                        mercator_scene(fixture().boundaries)};
  auto s = spec(7);
  s.annotator = &annotations;
  MemorySink sink;
  std::atomic<bool> stop{false};
  const PyramidStats st = run(s, sink, stop);
  ASSERT_GT(st.flat, 50u);
  TileRenderer r(world(), palette(), {}, &annotations);
  std::size_t flat = 0;
  for (const auto& [t, tile] : sink.tiles) {
    if (!r.flat(r.root(t), t)) continue;
    ++flat;
    EXPECT_TRUE(one_colour(tile)) << "flat tile " << t.z << "/" << t.x << "/" << t.y << " is not one colour";
  }
  EXPECT_EQ(flat, st.flat);
  ASSERT_TRUE(sink.tiles.count({6, 28, 30}));
  EXPECT_TRUE(one_colour(sink.tiles.at({6, 28, 30})));  // open sea off Senegal
}

// Every SQLite result is checked: a metadata write that fails (here refused by a trigger) is an
// error naming the file, not a pyramid whose metadata silently says nothing.
TEST(Mbtiles, AFailedMetadataWriteIsAnError) {
  const fs::path mb = fresh("refusing.mbtiles");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(mb.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, kMbtilesSchema, nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TRIGGER refuse BEFORE INSERT ON metadata "
                         "BEGIN SELECT RAISE(ABORT, 'metadata is read-only'); END;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  try {
    MbtilesSink sink(mb.string(), info(spec(2)), true, false);
    FAIL() << "the refused metadata write went unnoticed";
  } catch (const sahelmap::Error& e) {
    EXPECT_NE(std::string(e.what()).find(mb.string() + ": cannot write metadata: metadata is read-only"),
              std::string::npos)
        << e.what();
  }
}

// Ids are kept as the MD5's 16 bytes (a third of the map table), and come back as the hex the
// server's ETags use; files with text ids (older sahelmap, other writers) read the same.
TEST(Mbtiles, ImageIdsAreKeptAsBytesAndReadBackAsHex) {
  const fs::path mb = fresh("ids.mbtiles");
  std::atomic<bool> stop{false};
  {
    MbtilesSink m(mb.string(), info(spec(2)), false, false);
    run(spec(2), m, stop);
  }
  EXPECT_EQ(query_one(mb, "SELECT DISTINCT typeof(tile_id) || length(tile_id) FROM map"), "blob16");
  EXPECT_EQ(query_one(mb, "SELECT DISTINCT typeof(tile_id) || length(tile_id) FROM images"), "blob16");
  EXPECT_EQ(query_one(mb, "PRAGMA page_size"), "16384");
  const geom::TileId t{2, 2, 1};
  const auto bytes_id = [&] {
    MbtilesReader r(mb.string());
    return r.tile(t);
  }();
  ASSERT_TRUE(bytes_id);
  EXPECT_EQ(bytes_id->id, tile_id(bytes_id->png));
  EXPECT_EQ(bytes_id->id.size(), 32u);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(mb.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "UPDATE map SET tile_id = lower(hex(tile_id)); UPDATE images SET tile_id = lower(hex(tile_id))",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  MbtilesReader r(mb.string());
  const TilePtr text_id = r.tile(t);
  ASSERT_TRUE(text_id);
  EXPECT_EQ(text_id->id, bytes_id->id);
  EXPECT_EQ(text_id->png, bytes_id->png);
  EXPECT_EQ(stored_id("not an md5"), "not an md5");
}

// Threads hand tiles to the sink in any order, and a resumed run writes them over two runs: a
// finished file is packed into one order, so the same tiles are the same bytes.
TEST(Mbtiles, AFinishedFileIsTheSameBytesInWhateverOrderItsTilesCame) {
  std::vector<std::pair<geom::TileId, TilePtr>> tiles;
  for (std::uint32_t x = 0; x < 16; ++x)
    for (std::uint32_t y = 0; y < 16; ++y) {
      auto t = std::make_shared<EncodedTile>();
      const std::uint32_t k = (x * 7 + y) % 5;  // 5 images, each shown by many tiles
      t->png.assign(200 + 97 * k, static_cast<unsigned char>(k));
      t->id = tile_id(t->png);
      tiles.emplace_back(geom::TileId{4, x, y}, t);
    }
  const auto write = [&](const fs::path& mb, bool reversed) {
    MbtilesSink sink(mb.string(), info(spec(4)), false, false);
    auto order = tiles;
    if (reversed) std::reverse(order.begin(), order.end());
    for (std::size_t i = 0; i < order.size(); ++i) {
      sink.put(order[i].first, order[i].second);
      if (i % (reversed ? 7 : 50) == 0) sink.checkpoint();
    }
    sink.end(false);
  };
  const fs::path a = fresh("order-a.mbtiles"), b = fresh("order-b.mbtiles");
  write(a, false);
  write(b, true);
  EXPECT_EQ(slurp(a), slurp(b));
  EXPECT_EQ(query_one(a, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query_one(a, "SELECT count(*) FROM images"), "5");
  EXPECT_EQ(query_one(a, "SELECT count(*) FROM tiles"), "256");
  // No statistics table, nothing left beside it.
  EXPECT_EQ(query_one(a, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"), "0");
  for (const auto& e : fs::directory_iterator(a.parent_path()))
    EXPECT_EQ(e.path().filename().string().find(".packing."), std::string::npos) << e.path();
  MbtilesReader r(a.string());
  const TilePtr got = r.tile({4, 3, 9});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->png, tiles[3 * 16 + 9].second->png);
}

TEST(Mbtiles, TheReaderRefusesAFileThatIsNotMbtiles) {
  const fs::path f = fresh("plain.sqlite");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    MbtilesReader r(f.string());
    FAIL() << "read a file without a metadata table";
  } catch (const sahelmap::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not an MBTiles file"), std::string::npos) << e.what();
  }
}

// A renderer rebuilds its tile's display list in place: a tile with few parts drawn after one with
// many must come out exactly as from a fresh renderer (no stale fill or border of the first).
TEST(Tiles, ARendererDrawsEachTileAsIfItWereItsFirst) {
  const std::vector<geom::TileId> order{{5, 15, 14}, {8, 124, 119}, {3, 3, 3}, {7, 62, 61}, {5, 15, 14}};
  TileRenderer reused(world(), palette(), {});
  std::set<std::size_t> parts;
  for (const geom::TileId t : order) {
    TileRenderer fresh(world(), palette(), {});
    const TileGeometry g = reused.root(t);
    parts.insert(g.parts.size());
    EXPECT_EQ(reused.draw(g, t)->png, fresh.draw(fresh.root(t), t)->png) << t.z << "/" << t.x << "/" << t.y;
  }
  EXPECT_GE(parts.size(), 3u) << "the tiles should differ in how many parts they hold";
}
