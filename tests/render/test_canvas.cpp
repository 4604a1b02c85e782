// Banded drawing (Canvas::draw_banded, the painter's window) must give the same pixels as one
// pass over one surface: a seam, a missed stroke end or a name cut at a band edge would show on
// every poster.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "render/cairo_painter.hpp"
#include "render/canvas.hpp"
#include "render/pango_text.hpp"
#include "render/placement/map_layers.hpp"
#include "render/png.hpp"
#include "util/error.hpp"

using namespace sahelmap;
using namespace sahelmap::render;

namespace {

// Two wobbly countries that cross every band edge, one hatched, with borders, and names with halos
// that straddle band edges.
struct Fixture {
  Style style;
  proj::Scene scene;
  Symbolization sym;
  ViewTransform view;
  DisplayList list;

  Fixture() {
    style.background = Color::parse("#dbe7ee");
    style.land = Color::parse("#eeeeee");
    style.border = Color::parse("#ffffff");
    style.frame = Color::parse("#333333");
    style.space = Color::parse("#ffffff");
    for (int k = 0; k < 2; ++k) {
      proj::SceneCountry c;
      c.code = k ? "NER" : "MLI";
      geom::Ring ring;
      for (int i = 0; i <= 360; ++i) {
        const double a = (i % 360) * M_PI / 180, r = 300 + 40 * std::sin(7 * a) + 13 * std::cos(19 * a);
        ring.push_back({(k ? 650.0 : 350.0) + r * std::cos(a) * 0.8, 500 + r * std::sin(a) * 1.6});
      }
      c.outline.push_back(ring);
      c.area.push_back(geom::Polygon{{ring}});
      scene.countries.push_back(c);
    }
    sym.looks["NER"] = {{.fill = Color::parse("#c0392b"), .hatch = Color::parse("#2e86c1")}, {}};
    view = ViewTransform({0, 0, 1000, 1000}, {20.5, 30.25, 560.5, 1040.75});
    const Rect page{0, 0, 601, 1300};
    list.add({.part = Part::Page, .box = page, .shapes = {RectShape{.rect = page, .fill = Color::parse("#ffffff")}}});
    add_map(list, {.scene = &scene, .sym = &sym, .style = &style, .view = view, .unit = 2.5});
    // A closed outline with miter corners across band edges, as the locator draws the main map's
    // extent: its corners must be joined in every band as in one pass.
    geom::Line outline{{40, 260}, {300, 250}, {320, 560}, {60, 540}};
    list.add(
        {.part = Part::Frame,
         .shapes = {StrokeShape{.lines = {outline}, .color = Color::parse("#123456"), .width = 6, .closed = true}}});
    const PangoMeasurer measure;
    for (const double y : {250.0, 262.5, 511.0, 530.0}) {  // band edges at 275 and 550 (4 bands)
      const TextSpec spec{.text = "Burkina Faso", .font = {.size = 30, .bold = true}};
      const TextMetrics m = measure.measure(spec);
      const Rect box{60 + y / 4, y, m.width, m.height};
      list.add({.part = Part::Label,
                .box = box,
                .shapes = {TextShape{.spec = spec,
                                     .box = box,
                                     .color = Color::parse("#222222"),
                                     .halo = Halo{.color = Color::parse("#ffffff"), .width = 4}}}});
    }
  }
  void paint(cairo_t* cr, double y0, double y1) const { render::paint(cr, list, {0, y0, 601, y1 - y0}); }
};

std::vector<std::uint32_t> pixels(const std::vector<unsigned char>& png) {
  int w = 0, h = 0;
  const auto rgba = decode_png(png.data(), png.size(), w, h);
  std::vector<std::uint32_t> out(rgba.size() / 4);
  std::memcpy(out.data(), rgba.data(), rgba.size());
  return out;
}

}  // namespace

TEST(Canvas, BandsDrawTheSamePixelsAsOnePass) {
  const Fixture f;
  constexpr int kW = 601, kH = 1100;  // 4 bands; an odd width gives the rows padding
  Canvas banded(Format::Png, kW, kH, 240, {});
  banded.draw_banded([&](cairo_t* cr, double y0, double y1) { f.paint(cr, y0, y1); });
  Canvas whole(Format::Png, kW, kH, 240, {});
  f.paint(whole.cr(), 0, kH);
  const auto a = pixels(banded.finish()), b = pixels(whole.finish());
  ASSERT_EQ(a.size(), b.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && ++differ <= 5)
      ADD_FAILURE() << "pixel " << i % kW << "," << i / kW << ": " << std::hex << a[i] << " banded, " << b[i]
                    << " in one pass";
  EXPECT_EQ(differ, 0u);
  // And the picture is not trivially blank: both fills and the hatching are there.
  std::size_t red = 0, blue = 0;
  for (const std::uint32_t px : a) {
    red += (px & 0xffffff) == 0x2b39c0;  // RGBA bytes read little-endian
    blue += (px & 0xffffff) == 0xc1862e;
  }
  EXPECT_GT(red, 1000u);
  EXPECT_GT(blue, 1000u);
}

TEST(Canvas, BandsAreTheSameOnEveryRun) {
  const Fixture f;
  auto draw = [&] {
    Canvas c(Format::Png, 400, 1300, 96, {});
    c.draw_banded([&](cairo_t* cr, double y0, double y1) { f.paint(cr, y0, y1); });
    return c.finish();
  };
  EXPECT_EQ(draw(), draw());
}

// Encoding beside drawing (rows deflated as their band is drawn, on whichever core is free) must
// write the bytes that drawing and then encoding write: the chunks are fixed by the image.
TEST(Canvas, EncodingBesideDrawingWritesTheSameBytes) {
  const Fixture f;
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{{601, 1100}, {1601, 2100}, {7, 300}, {601, 255}}) {
    auto paint = [&](cairo_t* cr, double y0, double y1) { f.paint(cr, y0, y1); };
    Canvas after(Format::Png, w, h, 240, {});
    after.draw_banded(paint);
    const auto expected = after.finish();
    for (int run = 0; run < 3; ++run) {
      Canvas beside(Format::Png, w, h, 240, {});
      double drawn = -1;
      EXPECT_EQ(beside.draw_and_finish(paint, &drawn), expected) << w << "x" << h;
      EXPECT_GE(drawn, 0);
    }
  }
  Canvas pdf(Format::Pdf, 300, 400, 96, {});
  const auto doc = pdf.draw_and_finish([&](cairo_t* cr, double y0, double y1) { f.paint(cr, y0, y1); });
  EXPECT_EQ(std::string(doc.begin(), doc.begin() + 5), "%PDF-");
}

// The poster draws the page and the map beside the layout, the rest on top once it is known: two
// layers in one sitting (the list's groups [0, k) then [k, n)) must give the bytes of one pass.
TEST(Canvas, TwoLayersGiveTheBytesOfOnePass) {
  const Fixture f;
  constexpr int kW = 601, kH = 1300;
  Canvas one(Format::Png, kW, kH, 240, {});
  const auto expected = one.draw_and_finish([&](cairo_t* cr, double y0, double y1) {
    paint(cr, f.list, {0, y0, kW, y1 - y0});
  });
  for (const std::size_t k : {std::size_t{1}, std::size_t{2}, f.list.groups.size() - 1}) {
    Canvas two(Format::Png, kW, kH, 240, {});
    Canvas::Sitting sitting(two,
                            [&](cairo_t* cr, double y0, double y1) {
                              paint(cr, f.list, {0, y0, kW, y1 - y0}, 0, k);
                            },
                            {.encode = true, .second_layer = true});
    sitting.help();
    sitting.then([&](cairo_t* cr, double y0, double y1) { paint(cr, f.list, {0, y0, kW, y1 - y0}, k); });
    sitting.finish();
    EXPECT_EQ(sitting.bytes(), expected) << "layers split at group " << k;
  }
  // Finishing without the second layer announced is a mistake, not a wait for ever.
  Canvas early(Format::Png, kW, kH, 240, {});
  Canvas::Sitting waiting(early,
                          [&](cairo_t* cr, double y0, double y1) {
                            paint(cr, f.list, {0, y0, kW, y1 - y0});
                          },
                          {.encode = true, .second_layer = true});
  EXPECT_THROW(waiting.finish(), Error);
  // A sitting left before its second layer (the layout changed the map) stops and lets go.
  Canvas left(Format::Png, kW, kH, 240, {});
  {
    Canvas::Sitting sitting(left,
                            [&](cairo_t* cr, double y0, double y1) {
                              paint(cr, f.list, {0, y0, kW, y1 - y0});
                            },
                            {.encode = true, .second_layer = true});
    sitting.help();
  }
  SUCCEED();
}

TEST(Canvas, ABandsErrorReachesTheCallerWhileEncoding) {
  Canvas c(Format::Png, 100, 2048, 96, {});
  EXPECT_THROW(c.draw_and_finish([](cairo_t*, double y0, double) {
    if (y0 > 1000) throw Error("band failed");
  }),
               Error);
}

TEST(Canvas, ABandsErrorReachesTheCaller) {
  Canvas c(Format::Png, 100, 1024, 96, {});
  EXPECT_THROW(c.draw_banded([](cairo_t*, double y0, double) {
    if (y0 > 500) throw Error("band failed");
  }),
               Error);
}

TEST(Canvas, VectorFormatsGetOneCall) {
  for (const Format fmt : {Format::Svg, Format::Pdf}) {
    Canvas c(fmt, 300, 2000, 96, {});
    int calls = 0;
    c.draw_banded([&](cairo_t* cr, double y0, double y1) {
      ++calls;
      EXPECT_EQ(cr, c.cr());
      EXPECT_EQ(y0, 0);
      EXPECT_EQ(y1, 2000);
    });
    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(c.finish().empty());
  }
}
