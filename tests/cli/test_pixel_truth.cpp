// The pixel-truth net (issue 19): a few hundred seeded random views (boxes anywhere, across the
// antimeridian and around the antipode of Niger; azimuthal, orthographic, conic, Mercator, plate
// carrée, Equal Earth; any date, style and language) rendered as users get them, names and events
// on. At points well inside a country, clear of every name, marker, callout and piece of furniture
// the display list holds, the pixel has the fill the bloc table and the style give that country
// that day; at points far out at sea it is sea. Then the same over tile pyramids (zooms 0-7): every
// tile that the boundaries say is open sea or the inside of one plainly filled country, and that
// no name or marker meets, is one colour, and the sampled points match.
//
// A failure prints the view as a command line to replay. SAHELMAP_TRUTH_SEED changes the seed.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

#include "cli/cli_run.hpp"
#include "cli/inputs.hpp"
#include "cli/pixel_truth.hpp"
#include "data/events.hpp"
#include "geom/tile.hpp"
#include "proj/projection.hpp"
#include "render/png.hpp"
#include "render/poster.hpp"
#include "render/symbolize.hpp"
#include "tiles/annotations.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;
using namespace sahelmap;
using sahelmap::test::Expected;
using sahelmap::test::Sample;

namespace {

unsigned base_seed() {
  const char* s = std::getenv("SAHELMAP_TRUTH_SEED");
  return s && *s ? static_cast<unsigned>(std::stoul(s)) : 20261201u;
}

struct World {
  const test::DefaultWorld& base;
  std::vector<Sample> samples;
};

const World& world() {
  static const World w{.base = test::default_world(),
                       .samples = test::truth_samples(test::default_world().boundaries, 7)};
  return w;
}

double angular_distance(geom::Point a, geom::Point b) {
  const double k = M_PI / 180;
  const double s = std::sin((b.y - a.y) * k / 2), t = std::sin((b.x - a.x) * k / 2);
  return 2 * std::asin(std::min(1.0, std::sqrt(s * s + std::cos(a.y * k) * std::cos(b.y * k) * t * t))) / k;
}

double wrap180(double lon) {
  while (lon > 180) lon -= 360;
  while (lon < -180) lon += 360;
  return lon;
}

// The pixel distance the disc of `s` keeps around its centre once projected by `to_px` (0 when
// part of it cannot be projected): how far the nearest edge of its country can be. Near the
// antipode of an azimuthal projection a disc becomes an ellipse hundreds of times longer than wide,
// so besides points on its rim the local Jacobian's smaller singular value bounds it.
template <class ToPx>
double clearance(const Sample& s, const ToPx& to_px, geom::Point centre_px) {
  double d = 1e300;
  for (int i = 0; i < 64; ++i) {
    const double a = i * M_PI / 32;
    const geom::Point q = to_px({s.at.x + 0.9 * s.r * std::cos(a), s.at.y + 0.9 * s.r * std::sin(a)});
    if (!std::isfinite(q.x) || !std::isfinite(q.y)) return 0;
    d = std::min(d, std::hypot(q.x - centre_px.x, q.y - centre_px.y));
  }
  const double h = std::min(0.01, s.r / 10);
  const geom::Point e = to_px({s.at.x + h, s.at.y}), w = to_px({s.at.x - h, s.at.y});
  const geom::Point n = to_px({s.at.x, s.at.y + h}), so = to_px({s.at.x, s.at.y - h});
  const double a = (e.x - w.x) / (2 * h), b = (n.x - so.x) / (2 * h);
  const double c = (e.y - w.y) / (2 * h), dd = (n.y - so.y) / (2 * h);
  // Singular values of [[a, b], [c, dd]] from the eigenvalues of its Gram matrix.
  const double p = a * a + c * c, q = b * b + dd * dd, r = a * b + c * dd;
  const double smin = std::sqrt(std::max(0.0, (p + q) / 2 - std::sqrt((p - q) * (p - q) / 4 + r * r)));
  if (!std::isfinite(smin)) return 0;
  return std::min(d, 0.9 * s.r * smin);
}

struct View {
  std::string bbox, crs, date, style, lang;
  int width = 800, height = 560;
  double dpi = 96;

  std::string replay() const {
    std::ostringstream o;
    o << "build/sahelmap render --bbox " << bbox << (crs.empty() ? "" : " --crs '" + crs + "'") << " --date " << date
      << " --style " << style << " --lang " << lang << " --size " << width << "x" << height << " --dpi " << dpi
      << " -o view.png --debug-layout view.json";
    return o.str();
  }
};

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  std::string s = b;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string random_date(std::mt19937& rng) {
  using namespace std::chrono;
  const sys_days from = sys_days(year{2015} / January / 1), to = sys_days(year{2026} / November / 30);
  std::uniform_int_distribution<int> d(0, (to - from).count());
  return data::Date(year_month_day(from + days(d(rng)))).str();
}

View random_view(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  View v;
  // The box: anywhere, any width (log-uniform), sometimes around the antipode of Niger.
  double clon = -180 + 360 * u(rng), clat = -55 + 120 * u(rng);
  if (u(rng) < 0.2) clon = -172 + 20 * (u(rng) - 0.5), clat = -17 + 20 * (u(rng) - 0.5);
  const double w = std::exp(std::log(8.0) + (std::log(360.0) - std::log(8.0)) * u(rng));
  const double h = std::min(w * (0.35 + 0.5 * u(rng)), 140.0);
  double west = clon - w / 2, east = clon + w / 2;
  if (west < -180) west += 360, east += 360;  // east may pass 180: across the antimeridian
  if (w >= 359) west = -180, east = 180;
  const double south = std::max(-85.0, clat - h / 2), north = std::min(85.0, clat + h / 2);
  v.bbox = fmt(west) + "," + fmt(south) + "," + fmt(east) + "," + fmt(north);
  // The projection.
  const double plon = wrap180(clon + 30 * (u(rng) - 0.5)), plat = std::clamp(clat + 30 * (u(rng) - 0.5), -80.0, 80.0);
  switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
    case 0:
    case 1:
      break;  // the default: Lambert azimuthal on the box (Equal Earth for world views)
    case 2:
      v.crs = "EPSG:3857";
      break;
    case 3:
      v.crs = "EPSG:4326";
      break;
    case 4:
      v.crs = "+proj=eqearth";
      break;
    case 5:
      v.crs = "+proj=ortho +lat_0=" + fmt(plat) + " +lon_0=" + fmt(plon);
      break;
    case 6:  // centred anywhere: its antipode may be in the box
      v.crs = "+proj=laea +lat_0=" + fmt(-60 + 120 * u(rng)) + " +lon_0=" + fmt(-180 + 360 * u(rng));
      break;
    case 7:
      v.crs = "+proj=aeqd +lat_0=" + fmt(plat) + " +lon_0=" + fmt(plon);
      break;
    case 8:
      v.crs = "+proj=lcc +lat_1=" + fmt(plat - 10) + " +lat_2=" + fmt(plat + 10) + " +lon_0=" + fmt(plon);
      break;
    default:
      v.crs = "+proj=aea +lat_1=" + fmt(plat - 12) + " +lat_2=" + fmt(plat + 12) + " +lon_0=" + fmt(plon);
      break;
  }
  v.date = random_date(rng);
  const char* styles[] = {"default", "dark", "colourblind", "print"};
  v.style = styles[std::uniform_int_distribution<int>(0, 3)(rng)];
  v.lang = u(rng) < 0.7 ? "en" : "fr";
  const std::pair<int, int> sizes[] = {{800, 560}, {640, 640}, {900, 500}, {560, 760}};
  std::tie(v.width, v.height) = sizes[std::uniform_int_distribution<int>(0, 3)(rng)];
  v.dpi = u(rng) < 0.75 ? 96 : 120;
  return v;
}

struct Tally {
  int views = 0, land = 0, sea = 0;
};

// Renders one view and checks its samples; failures go to gtest with the replay line.
void check_view(const View& v, Tally& tally) {
  const World& w = world();
  cli::Inputs in;
  try {
    in = cli::load_inputs({.date = v.date, .style = v.style, .crs = v.crs, .bbox = v.bbox, .lang = v.lang});
  } catch (const UsageError& e) {
    // Every box can be drawn: one across the edge of a CRS the user gave gets the CRS centred on it.
    ADD_FAILURE() << "refused: " << e.what() << "\n  " << v.replay();
    return;
  }
  const render::PosterRequest rq =
      test::poster_request(in, w.base.boundaries, w.base.events, w.base.places, v.lang, v.width, v.height, v.dpi);
  render::PosterResult res;
  try {
    res = render::make_poster(rq, render::Format::Png);
  } catch (const Error& e) {
    ADD_FAILURE() << "render failed: " << e.what() << "\n  " << v.replay();
    return;
  }
  ++tally.views;
  int width = 0, height = 0;
  const std::vector<unsigned char> rgba = render::decode_png(res.bytes.data(), res.bytes.size(), width, height);
  const render::LayoutReport& rep = res.layout.report;
  const proj::Projection p(rep.crs);
  const double cap = p.azimuthal_radius(), lat_limit = p.latitude_limit();
  const double seam = wrap180(p.central_meridian() + 180);
  const render::Rect inner = rep.map_frame.grown(-4);
  auto to_px = [&](geom::Point ll) {
    const geom::Point m = p.forward(ll);
    return std::isfinite(m.x) && std::isfinite(m.y) ? rep.view.to_px(m) : geom::Point{NAN, NAN};
  };
  const double border = in.style.border_width * v.dpi / 96;
  int failures = 0;
  for (const Sample& s : w.samples) {
    // Only where the projection shows the whole disc, away from its edges and seams.
    if (std::abs(s.at.y) + s.r > lat_limit - 0.5) continue;
    if (cap > 0 && angular_distance(s.at, p.centre()) + s.r > cap - 2) continue;
    if (cap == 0 && std::abs(wrap180(s.at.x - seam)) < s.r + 0.5) continue;
    const geom::Point px = to_px(s.at);
    if (!std::isfinite(px.x) || px.x < inner.x || px.y < inner.y || px.x > inner.x + inner.w ||
        px.y > inner.y + inner.h)
      continue;
    const double room = clearance(s, to_px, px);
    if (room < 3 + 2 * border) continue;
    if (!test::clear_of_overlays(res.layout.list, px, 3)) continue;
    const Expected e =
        s.code.empty() ? Expected{in.style.background, {}} : test::expected_fill(in.blocs, in.style, s.code, in.date);
    const int x = static_cast<int>(px.x), y = static_cast<int>(px.y);
    const unsigned char* c = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
    (s.code.empty() ? tally.sea : tally.land)++;
    if (!test::matches(e, c[0], c[1], c[2])) {
      char got[8];
      std::snprintf(got, sizeof got, "#%02x%02x%02x", c[0], c[1], c[2]);
      if (++failures <= 3)
        ADD_FAILURE() << (s.code.empty() ? std::string("sea") : s.code) << " at " << s.at.x << "," << s.at.y
                      << " (pixel " << x << "," << y << "): " << got << ", expected " << e.fill.hex()
                      << (e.stripes.empty() ? "" : " or its stripes") << "; " << room << " px from its edge\n  "
                      << v.replay();
    }
  }
  if (failures > 3) ADD_FAILURE() << failures << " points wrong in all\n  " << v.replay();
}

class PixelTruthPosters : public ::testing::TestWithParam<int> {};

// Four shards of 100 views each: ctest runs them side by side.
TEST_P(PixelTruthPosters, RandomViewsShowTheFillOfEachCountryOnItsDate) {
  const unsigned seed = base_seed();
  Tally tally;
  for (int i = 0; i < 100; ++i) {
    std::mt19937 rng(seed * 31u + static_cast<unsigned>(GetParam() * 1000 + i));
    check_view(random_view(rng), tally);
  }
  std::printf("seed %u shard %d: %d views drawn, %d land and %d sea points checked\n", seed, GetParam(), tally.views,
              tally.land, tally.sea);
  // The net has to catch something: most views drawn, thousands of points looked at.
  EXPECT_EQ(tally.views, 100);
  EXPECT_GE(tally.land, 1500);
  EXPECT_GE(tally.sea, 1500);
}
INSTANTIATE_TEST_SUITE_P(Shards, PixelTruthPosters, ::testing::Range(0, 4));

// A view the net found once is kept here so it stays found.
TEST(PixelTruthPosters, KnownViews) {
  Tally tally;
  check_view({.bbox = "150,-50,200,10", .date = "2026-11-22", .style = "default", .lang = "en"}, tally);
  // Pacific boxes in Web Mercator and plate carrée: the CRS centred on the box.
  for (const char* crs : {"EPSG:3857", "EPSG:4326"})
    check_view({.bbox = "150,-50,200,10", .crs = crs, .date = "2026-11-22", .style = "default", .lang = "en"}, tally);
  check_view({.bbox = "-180,-60,180,85", .date = "2024-07-06", .style = "default", .lang = "fr"}, tally);
  // A Lambert azimuthal centred in the North Pacific, seen whole: a small island of Brazil beside
  // its antipode came out as a sliver of reversed winding, taken for a ring around the antipode,
  // and Brazil filled the whole globe.
  check_view({.bbox = "-180,-85,180,85",
              .crs = "+proj=laea +lat_0=17.33 +lon_0=144.68",
              .date = "2018-12-05",
              .style = "colourblind",
              .lang = "en"},
             tally);
  check_view({.bbox = "-44.73,-51.96,-29.29,-43.95",
              .crs = "+proj=laea +lat_0=17.33 +lon_0=144.68",
              .date = "2018-12-05",
              .style = "colourblind",
              .lang = "en",
              .width = 560,
              .height = 760},
             tally);
  check_view({.bbox = "133.33,-26.06,202.48,23.42",
              .crs = "+proj=laea +lat_0=-24.31 +lon_0=-127.86",
              .date = "2024-10-31",
              .style = "print",
              .lang = "en"},
             tally);
  EXPECT_EQ(tally.views, 7);
}

// ---- Tiles ----

struct PyramidRun {
  std::string bbox, date, style, lang;
  std::string replay(const fs::path& dir) const {
    return "build/sahelmap tiles --bbox " + bbox + " --zooms 0-7 --date " + date + " --style " + style + " --lang " +
           lang + " -o " + dir.string() + "/";
  }
};

// Global pixel of a lon/lat point at zoom z (256 px tiles), Web Mercator's spherical formulas.
geom::Point global_px(geom::Point ll, int z) {
  const double n = 256.0 * std::ldexp(1.0, z);
  const double phi = ll.y * M_PI / 180;
  return {(ll.x / 360 + 0.5) * n, (0.5 - std::log(std::tan(M_PI / 4 + phi / 2)) / (2 * M_PI)) * n};
}
geom::Point lonlat_of(geom::Point g, int z) {
  const double n = 256.0 * std::ldexp(1.0, z);
  return {g.x / n * 360 - 180, std::atan(std::sinh(M_PI * (1 - 2 * g.y / n))) * 180 / M_PI};
}

bool touches_overlay(const render::DisplayList& list, const render::Rect& r) {
  for (const render::Group& g : list.groups)
    if (test::over_the_map(g.part) && g.ink.grown(2).intersects(r)) return true;
  return false;
}

struct TileTally {
  int tiles = 0, flat = 0, points = 0;
};

// What the tiles of a range of zooms are drawn from (cli::tile_sources: the default data's
// 1:50m, then 1:10m from zoom 6), prepared once per source.
struct Level {
  data::Boundaries boundaries;
  std::unique_ptr<test::Cover> cover;
  std::vector<Sample> samples;
  std::shared_ptr<const proj::Scene> scene;
};

const Level& level(const cli::Inputs& in, const std::string& spec) {
  static std::map<std::string, std::unique_ptr<Level>> levels;
  auto& l = levels[spec];
  if (!l) {
    l = std::make_unique<Level>();
    l->boundaries = cli::load_boundaries(in, spec);
    l->cover = std::make_unique<test::Cover>(l->boundaries);
    l->samples = test::truth_samples(l->boundaries, 7);
    l->scene = tiles::mercator_scene(l->boundaries);
  }
  return *l;
}

void check_pyramid(const PyramidRun& t, TileTally& tally) {
  const World& w = world();
  const fs::path dir = test::fresh_dir("truth-tiles-" + t.date);
  const test::RunResult run = test::run_sahelmap({"tiles", "--bbox", t.bbox, "--zooms", "0-7", "--date", t.date,
                                                  "--style", t.style, "--lang", t.lang, "-o", dir.string() + "/"});
  ASSERT_EQ(run.code, 0) << run.err << "\n  " << t.replay(dir);
  // Where the names and markers of each zoom are, placed as the tiles command places them.
  const cli::Inputs in = cli::load_inputs({.date = t.date, .style = t.style, .bbox = t.bbox, .lang = t.lang});
  const render::Symbolization sym = render::symbolize(in.blocs, in.date, in.style, t.lang);
  const std::vector<data::Event> events = data::events_until(w.base.events, in.date);
  struct Drawn {
    const Level* from;
    std::unique_ptr<tiles::Annotator> ann;
  };
  std::vector<std::pair<cli::ZoomSource, Drawn>> sources;
  for (const cli::ZoomSource& src : cli::tile_sources(in, 0, 7, t.lang)) {
    const Level& l = level(in, src.spec);
    sources.push_back(
        {src, Drawn{&l, std::make_unique<tiles::Annotator>(tiles::AnnotationRequest{.countries = &in.countries,
                                                                                    .sym = &sym,
                                                                                    .style = &in.style,
                                                                                    .places = &w.base.places,
                                                                                    .events = &events,
                                                                                    .lang = t.lang,
                                                                                    .bbox = in.bbox,
                                                                                    .minzoom = src.minzoom,
                                                                                    .maxzoom = src.maxzoom},
                                                           l.scene)}});
  }
  const double border = in.style.border_width;
  int failures = 0;
  auto fail = [&](const std::string& what) {
    if (++failures <= 5) ADD_FAILURE() << what << "\n  " << t.replay(dir);
  };
  for (int z = 0; z <= 7; ++z) {
    const geom::TileRange range = geom::tiles_covering(in.bbox, z);
    const auto& [source, drawn] =
        *std::find_if(sources.begin(), sources.end(), [&](const auto& s) { return s.first.maxzoom >= z; });
    const test::Cover& cover = *drawn.from->cover;
    const render::DisplayList& over = drawn.ann->zoom(z).list;
    std::map<std::pair<unsigned, unsigned>, test::Image> images;
    for (unsigned x = range.x0; x <= range.x1; ++x)
      for (unsigned y = range.y0; y <= range.y1; ++y) {
        const fs::path f = dir / std::to_string(z) / std::to_string(x) / (std::to_string(y) + ".png");
        if (!fs::exists(f)) {
          fail("missing tile " + f.string());
          continue;
        }
        test::Image img = test::read_png(f);
        ++tally.tiles;
        // Open sea or the inside of one country, no name or marker near: one colour.
        const render::Rect r{x * 256.0, y * 256.0, 256, 256};
        const geom::Point nw = lonlat_of({r.x - 3, r.y - 3}, z), se = lonlat_of({r.x + r.w + 3, r.y + r.h + 3}, z);
        const test::Cover::Result c =
            cover.of({std::max(nw.x, -180.0), std::max(se.y, -85.0), std::min(se.x, 180.0), std::min(nw.y, 85.0)});
        if (c.kind != test::Cover::Kind::Mixed && !touches_overlay(over, r)) {
          const Expected e = c.kind == test::Cover::Kind::Sea
                                 ? Expected{in.style.background, {}}
                                 : test::expected_fill(in.blocs, in.style, c.code, in.date);
          if (e.stripes.empty()) {
            ++tally.flat;
            const test::Rgb first = img.at(0, 0);
            int odd = 0;
            for (int py = 0; py < img.height; ++py)
              for (int px = 0; px < img.width; ++px) odd += !(img.at(px, py) == first);
            if (odd || !test::matches(e, first.r, first.g, first.b))
              fail("tile " + std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y) + " is " +
                   (c.kind == test::Cover::Kind::Sea ? "open sea" : "inside " + c.code) + ", expected all " +
                   e.fill.hex() + ": " + std::to_string(odd) + " pixels differ from " + test::to_hex(first));
          }
        }
        images.emplace(std::pair{x, y}, std::move(img));
      }
    for (const Sample& s : drawn.from->samples) {
      if (std::abs(s.at.y) + s.r > 85) continue;
      const geom::Point g = global_px(s.at, z);
      const unsigned tx = static_cast<unsigned>(g.x / 256), ty = static_cast<unsigned>(g.y / 256);
      const auto it = images.find({tx, ty});
      if (it == images.end()) continue;
      if (clearance(
              s, [&](geom::Point ll) { return global_px(ll, z); }, g) < 3 + 2 * border)
        continue;
      if (!test::clear_of_overlays(over, g, 3)) continue;
      const Expected e =
          s.code.empty() ? Expected{in.style.background, {}} : test::expected_fill(in.blocs, in.style, s.code, in.date);
      const test::Rgb c = it->second.at(static_cast<int>(g.x - tx * 256.0), static_cast<int>(g.y - ty * 256.0));
      ++tally.points;
      if (!test::matches(e, c.r, c.g, c.b))
        fail((s.code.empty() ? std::string("sea") : s.code) + " at " + std::to_string(s.at.x) + "," +
             std::to_string(s.at.y) + " in tile " + std::to_string(z) + "/" + std::to_string(tx) + "/" +
             std::to_string(ty) + ": " + test::to_hex(c) + ", expected " + e.fill.hex());
    }
  }
  if (failures > 5) ADD_FAILURE() << failures << " failures in all\n  " << t.replay(dir);
}

TEST(PixelTruthTiles, FlatTilesAreOneColourAndSampledPointsMatch) {
  const unsigned seed = base_seed();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<PyramidRun> runs{{"-20,0,30,28", random_date(rng), "default", "en"}};
  for (int i = 0; i < 2; ++i) {
    const double w = 25 + 25 * u(rng), h = 15 + 15 * u(rng);
    const double west = -180 + (360 - w) * u(rng), south = -60 + (130 - h) * u(rng);
    const char* styles[] = {"default", "dark", "colourblind", "print"};
    runs.push_back({fmt(west) + "," + fmt(south) + "," + fmt(west + w) + "," + fmt(south + h), random_date(rng),
                    styles[std::uniform_int_distribution<int>(0, 3)(rng)], u(rng) < 0.5 ? "en" : "fr"});
  }
  TileTally tally;
  for (const auto& r : runs) check_pyramid(r, tally);
  std::printf("seed %u: %d tiles, %d flat by the boundaries, %d points checked\n", seed, tally.tiles, tally.flat,
              tally.points);
  EXPECT_GE(tally.flat, 100);
  EXPECT_GE(tally.points, 1000);
}

}  // namespace
