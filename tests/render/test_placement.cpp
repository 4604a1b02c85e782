// Placement without a surface: names, capitals, priority, events and callouts, legend, scale bar,
// corners and the display list itself. These link only sahelmap_place (no Cairo, no Pango): text is
// measured by a fixed-advance measurer, so every expectation is arithmetic, not font metrics.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "data/blocs.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
#include "geom/sphere.hpp"
#include "geom/tile.hpp"
#include "proj/projection.hpp"
#include "proj/projector.hpp"
#include "proj/scene.hpp"
#include "render/placement/alt_text.hpp"
#include "render/placement/cover_grid.hpp"
#include "render/placement/events.hpp"
#include "render/placement/furniture.hpp"
#include "render/placement/labels.hpp"
#include "render/placement/magnifier.hpp"
#include "render/placement/map_layers.hpp"
#include "render/placement/occupancy.hpp"
#include "render/placement/partners.hpp"
#include "render/placement/poster_layout.hpp"
#include "render/placement/priority.hpp"
#include "render/placement/spot.hpp"
#include "render/placement/zoom_layout.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"
#include "render/words.hpp"
#include "test_paths.hpp"

using namespace sahelmap;
using namespace sahelmap::render;

namespace {

// Every character 0.6 em wide, lines 1.25 em, wrapped at word boundaries.
class FixedMeasurer : public TextMeasurer {
 public:
  TextMetrics measure(const TextSpec& s) const override {
    std::string text = s.text;
    if (s.markup)  // tags take no room
      for (std::size_t a; (a = text.find('<')) != std::string::npos;) text.erase(a, text.find('>', a) - a + 1);
    const double advance = 0.6 * s.font.size;
    std::vector<double> lines{0};
    double word = 0;
    auto flush = [&] {
      if (s.wrap > 0 && lines.back() > 0 && lines.back() + advance + word > s.wrap) lines.push_back(0);
      lines.back() += (lines.back() > 0 ? advance : 0) + word;
      word = 0;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;  // UTF-8 continuation
      if (text[i] == ' ')
        flush();
      else
        word += advance;
    }
    flush();
    double w = 0;
    for (double l : lines) w = std::max(w, l);
    return {.width = w,
            .height = 1.25 * s.font.size * static_cast<double>(lines.size()),
            .baseline = 0.95 * s.font.size,
            .unknown_glyphs = 0};
  }
};

struct Tables {
  data::CountryTable countries = data::CountryTable::load(test::countries_csv());
  data::BlocTable blocs = data::BlocTable::load(test::blocs_csv(), countries);
  Style style = Style::load(test::source("styles/default.toml"));
};
const Tables& tables() {
  static const Tables t;
  return t;
}

geom::Ring box_ring(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}
proj::SceneCountry country(const std::string& code, std::vector<geom::Ring> parts) {
  proj::SceneCountry c;
  c.code = code;
  for (auto& r : parts) {
    c.outline.push_back(r);
    c.area.push_back(geom::Polygon{{std::move(r)}});
  }
  return c;
}

// A 1000 x 1000 map unit scene shown 1:1 in a 1000 x 1000 pixel frame.
struct Scene {
  proj::Scene scene;
  ViewTransform view{{0, 0, 1000, 1000}, {0, 0, 1000, 1000}};
  Symbolization sym = symbolize(tables().blocs, data::Date::parse("2026-11-22"), tables().style, "en");
  FixedMeasurer measure;
  LabelContext cx() const {
    return {.scene = &scene,
            .view = &view,
            .sym = &sym,
            .style = &tables().style,
            .countries = &tables().countries,
            .lang = "en",
            .unit = 1,
            .measure = &measure};
  }
};

// Lon/lat as the map's coordinates: a view's extent in degrees.
const proj::Projection& lonlat() {
  static const proj::Projection p("OGC:CRS84");
  return p;
}

bool overlaps(const Rect& a, const Rect& b) {
  return a.intersects(b);
}
bool contains_point(const geom::Ring& r, double x, double y) {
  return geom::inside(r, {x, y});
}
// The ring in pixels (y down) of a map-unit ring under the 1:1 view above.
geom::Ring flipped(const geom::Ring& r) {
  geom::Ring out;
  for (const auto& p : r) out.push_back({p.x, 1000 - p.y});
  return out;
}

}  // namespace

TEST(PlaceLabels, NameSitsInsideTheLargestPart) {
  Scene s;
  const geom::Ring big = box_ring(100, 100, 600, 500), small = box_ring(800, 800, 900, 900);
  s.scene.countries.push_back(country("DZA", {small, big}));
  Occupancy occ;
  const auto labels = place_country_labels(s.cx(), {"DZA"}, occ);
  ASSERT_EQ(labels.size(), 1u);
  const Rect& r = labels[0].rect;
  for (const double fx : {0.0, 1.0})
    for (const double fy : {0.0, 1.0}) EXPECT_TRUE(contains_point(flipped(big), r.x + fx * r.w, r.y + fy * r.h));
  EXPECT_EQ(labels[0].spec.text, "Algeria");
}

TEST(PlaceLabels, ACountryTooSmallForANameGetsNone) {
  Scene s;
  s.scene.countries.push_back(country("GMB", {box_ring(100, 100, 115, 115)}));  // 225 px^2 < 400
  Occupancy occ;
  EXPECT_TRUE(place_country_labels(s.cx(), {"GMB"}, occ).empty());
}

TEST(PlaceLabels, NamesNeverOverlapAndStayInTheFrame) {
  Scene s;
  const char* codes[] = {"MLI", "NER", "BFA", "SEN", "GIN", "CIV", "GHA", "TGO", "BEN", "NGA", "LBR", "SLE"};
  std::vector<std::string> order;
  for (int i = 0; i < 12; ++i) {
    const double x = 20 + (i % 4) * 240, y = 20 + (i / 4) * 320;
    s.scene.countries.push_back(country(codes[i], {box_ring(x, y, x + 230, y + 300)}));
    order.push_back(codes[i]);
  }
  Occupancy occ;
  const auto labels = place_country_labels(s.cx(), order, occ);
  EXPECT_EQ(labels.size(), 12u);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    EXPECT_TRUE(inside(s.view.frame, labels[i].rect)) << labels[i].spec.text;
    for (std::size_t j = i + 1; j < labels.size(); ++j)
      EXPECT_FALSE(overlaps(labels[i].rect, labels[j].rect)) << labels[i].spec.text << " / " << labels[j].spec.text;
  }
}

TEST(PlaceLabels, ANameMovesAwayFromWhatIsAlreadyPlaced) {
  Scene s;
  s.scene.countries.push_back(country("DZA", {box_ring(100, 100, 900, 900)}));
  Occupancy occ;
  const Rect marker{485, 490, 30, 20};  // a marker on the pole
  occ.add(marker);
  const auto labels = place_country_labels(s.cx(), {"DZA"}, occ);
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_FALSE(overlaps(labels[0].rect.grown(1.9), marker));
}

TEST(PlaceLabels, ANameShrinksToFitANarrowCountry) {
  Scene s;
  // Wide enough for "Algeria" at 0.72 of 10.5 px (about 32 px wide) but not at full size (44 px).
  s.scene.countries.push_back(country("DZA", {box_ring(100, 100, 139, 400)}));
  Occupancy occ;
  const auto labels = place_country_labels(s.cx(), {"DZA"}, occ);
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_LT(labels[0].spec.font.size, 10.5);
}

TEST(PlaceLabels, MembersAreBoldAndLarger) {
  Scene s;
  s.scene.countries.push_back(country("MLI", {box_ring(0, 0, 480, 480)}));
  s.scene.countries.push_back(country("DZA", {box_ring(500, 500, 1000, 1000)}));
  Occupancy occ;
  const auto labels = place_country_labels(s.cx(), {"MLI", "DZA"}, occ);
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_TRUE(labels[0].spec.font.bold);
  EXPECT_FALSE(labels[1].spec.font.bold);
  EXPECT_GT(labels[0].spec.font.size, labels[1].spec.font.size);
}

TEST(PlaceLabels, TextColourReadsAgainstTheFill) {
  Scene s;
  s.scene.countries.push_back(country("MLI", {box_ring(0, 0, 480, 480)}));        // AES red
  s.scene.countries.push_back(country("DZA", {box_ring(500, 500, 1000, 1000)}));  // pale land
  Occupancy occ;
  const auto labels = place_country_labels(s.cx(), {"MLI", "DZA"}, occ);
  ASSERT_EQ(labels.size(), 2u);
  for (const auto& l : labels) EXPECT_GE(l.contrast, 4.5) << l.spec.text;
  EXPECT_GT(labels[0].color.luminance(), 0.5);  // light text on red
  EXPECT_LT(labels[1].color.luminance(), 0.2);  // dark text on pale grey
}

TEST(PlaceLabels, OverStripesTheHaloIsTheBaseFill) {
  Scene s;
  s.scene.countries.push_back(country("NER", {box_ring(0, 0, 600, 600)}));
  s.sym.looks["NER"].hatch = Color::parse("#2874a6");
  Occupancy occ;
  const auto labels = place_country_labels(s.cx(), {"NER"}, occ);
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_TRUE(labels[0].knockout);
  EXPECT_EQ(labels[0].halo, s.sym.look("NER")->fill);
}

TEST(PlaceCapitals, DotAndNameInTheFrameBesideEachOther) {
  Scene s;
  s.view = ViewTransform({0, 0, 100, 100}, {0, 0, 1000, 1000});  // degrees, 10 px each
  s.scene.countries.push_back(country("NER", {box_ring(0, 0, 100, 100)}));
  const std::vector<data::Place> places{
      {.name = "Niamey", .name_fr = "Niamey", .country = "NER", .kind = "capital", .population = 1, .lonlat = {3, 3}}};
  Occupancy occ;
  const auto caps = place_capitals(s.cx(), places, lonlat(), {}, occ);
  ASSERT_EQ(caps.size(), 1u);
  const Label& l = caps[0];
  EXPECT_EQ(l.part, Part::Capital);
  EXPECT_NEAR(l.dot.x, 30, 1e-6);
  EXPECT_NEAR(l.dot.y, 970, 1e-6);
  EXPECT_TRUE(inside(s.view.frame, l.rect));
  // Right beside the dot: the name's nearest edge within a few pixels of it.
  const double dx = std::max({l.rect.x - l.dot.x, l.dot.x - (l.rect.x + l.rect.w), 0.0});
  const double dy = std::max({l.rect.y - l.dot.y, l.dot.y - (l.rect.y + l.rect.h), 0.0});
  EXPECT_LT(std::hypot(dx, dy), 8);
  EXPECT_TRUE(l.spec.font.italic);
}

TEST(PlaceCapitals, PriorityCountriesFirstAndOutsideTheFrameLeftOut) {
  Scene s;
  s.view = ViewTransform({0, 0, 100, 100}, {0, 0, 1000, 1000});
  s.scene.countries.push_back(country("NER", {box_ring(0, 0, 100, 100)}));
  // Two capitals on one spot: only one fits, the priority one; a third off the map.
  const std::vector<data::Place> places{
      {.name = "Bigtown", .country = "NGA", .kind = "capital", .population = 9000000, .lonlat = {50, 50}},
      {.name = "Niamey", .country = "NER", .kind = "capital", .population = 1000000, .lonlat = {50, 50}},
      {.name = "Faraway", .country = "FRA", .kind = "capital", .population = 1, .lonlat = {150, 50}}};
  Occupancy occ;
  const auto caps = place_capitals(s.cx(), places, lonlat(), {"NER"}, occ);
  ASSERT_EQ(caps.size(), 1u);
  EXPECT_EQ(caps[0].spec.text, "Niamey");
}

TEST(LabelPriority, MembersFirstInStyleOrderLargestFirst) {
  Scene s;
  // NGA (ECOWAS) larger than MLI (AES); AES comes first in the style.
  s.scene.countries.push_back(country("NGA", {box_ring(0, 0, 600, 600)}));
  s.scene.countries.push_back(country("MLI", {box_ring(600, 0, 800, 200)}));
  s.scene.countries.push_back(country("NER", {box_ring(600, 200, 900, 500)}));
  s.scene.countries.push_back(country("DZA", {box_ring(0, 600, 1000, 1000)}));
  const LabelOrder o = label_order(visible_areas(s.scene, s.view), s.sym, tables().style, s.view.frame);
  EXPECT_EQ(o.members, (std::vector<std::string>{"NER", "MLI", "NGA"}));
  EXPECT_EQ(o.large, (std::vector<std::string>{"DZA"}));
  EXPECT_TRUE(o.small.empty());
}

TEST(LabelPriority, LargeAndSmallSplitAtTwoPercentOfTheFrame) {
  Scene s;
  s.scene.countries.push_back(country("DZA", {box_ring(0, 0, 150, 150)}));      // 2.25%
  s.scene.countries.push_back(country("MAR", {box_ring(200, 200, 330, 330)}));  // 1.69%
  s.scene.countries.push_back(country("LBY", {box_ring(400, 400, 600, 600)}));  // 4%
  const LabelOrder o = label_order(visible_areas(s.scene, s.view), s.sym, tables().style, s.view.frame);
  EXPECT_EQ(o.large, (std::vector<std::string>{"LBY", "DZA"}));
  EXPECT_EQ(o.small, (std::vector<std::string>{"MAR"}));
}

TEST(LabelPriority, OnlyWhatShowsCounts) {
  Scene s;
  s.scene.countries.push_back(country("DZA", {box_ring(-500, 0, 500, 100)}));       // half outside the view
  s.scene.countries.push_back(country("FRA", {box_ring(2000, 2000, 2100, 2100)}));  // not in it at all
  const auto areas = visible_areas(s.scene, s.view);
  ASSERT_EQ(areas.size(), 1u);
  EXPECT_EQ(areas[0].first, "DZA");
  EXPECT_NEAR(areas[0].second, 500 * 100, 1e-6);
}

namespace {
data::Event event(const std::string& place, const char* date, double lon, double lat,
                  data::Category c = data::Category::Coup) {
  data::Event e;
  e.id = place + date;
  e.title = "Something happened in " + place;
  e.place = place;
  e.date = data::Date::parse(date);
  e.lonlat = {lon, lat};
  e.category = c;
  return e;
}
}  // namespace

TEST(PlaceEvents, EventsGroupByPlaceNotByPixelsNumberedByDate) {
  Scene s;
  s.view = ViewTransform({0, 0, 100, 100}, {0, 0, 100, 100});  // 1 px per degree: places crowd
  const std::vector<data::Event> events{event("Niamey", "2023-07-26", 50, 50),
                                        event("Niamey", "2023-07-30", 50.5, 50.3, data::Category::Attack),
                                        event("Ouagadougou", "2023-08-01", 48, 49),  // 2 px, 230 km away
                                        event("", "2023-08-02", 50.05, 50.05),       // no name, 6 km away
                                        event("Bamako", "2023-09-16", 20, 60, data::Category::Treaty)};
  const auto groups = group_events(events, lonlat(), s.view);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].place, "Niamey");
  EXPECT_EQ(groups[0].numbers, (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(groups[1].place, "Ouagadougou");  // its own heading, however close on the screen
  EXPECT_EQ(groups[1].numbers, (std::vector<int>{3}));
  EXPECT_EQ(groups[2].numbers, (std::vector<int>{5}));
  EXPECT_GT(marker_box(groups[0], 1).w, marker_box(groups[1], 1).w);  // a numbered disc is larger
}

// Beside callouts and lists numbered 1..n, a marker's count would read as an event's number
// (Bamako's four events under a "4", the number of Ouagadougou's coup): posters draw no digit on
// a marker; tiles, where no event is numbered, keep the count.
TEST(PlaceEvents, AMarkerOfSeveralEventsShowsNoNumberUnlessAskedForItsCount) {
  Scene s;
  s.view = ViewTransform({0, 0, 100, 100}, {0, 0, 100, 100});
  const std::vector<data::Event> events{event("Bamako", "2020-08-18", 20, 60), event("Bamako", "2021-05-24", 20, 60),
                                        event("Bamako", "2021-12-23", 20, 60, data::Category::Deployment)};
  const auto groups = group_events(events, lonlat(), s.view);
  ASSERT_EQ(groups.size(), 1u);
  FixedMeasurer measure;
  const auto texts = [](const DisplayList& l) {
    std::vector<std::string> t;
    for (const auto& g : l.groups)
      for (const auto& shape : g.shapes)
        if (const auto* text = std::get_if<TextShape>(&shape)) t.push_back(text->spec.text);
    return t;
  };
  DisplayList poster, tile;
  add_marker(poster, groups[0], Style{}, 1, measure, 0);
  add_marker(tile, groups[0], Style{}, 1, measure, 0, /*count=*/true);
  EXPECT_TRUE(texts(poster).empty());
  EXPECT_EQ(texts(tile), std::vector<std::string>{"3"});
  EXPECT_GE(poster.groups.at(0).shapes.size(), 4u);  // the disc and its three dots
}

TEST(PlaceEvents, EventsOutsideTheFrameAreLeftOutAndNotNumbered) {
  Scene s;
  s.view = ViewTransform({0, 0, 100, 100}, {0, 0, 1000, 1000});
  const std::vector<data::Event> events{event("Tokyo", "2022-01-01", 139.7, 35.7),
                                        event("Niamey", "2023-07-26", 50, 50)};
  const auto groups = group_events(events, lonlat(), s.view);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].numbers, (std::vector<int>{1}));
}

TEST(PlaceEvents, AMarkerMovesOffTheCapitalsNameAndKeepsATickToThePlace) {
  Scene s;
  s.view = ViewTransform({0, 0, 100, 100}, {0, 0, 1000, 1000});
  const std::vector<data::Event> events{event("Niamey", "2023-07-26", 50, 50)};  // groups point into it
  auto groups = group_events(events, lonlat(), s.view);
  Occupancy occ;
  const Rect name{groups[0].at.x + 4, groups[0].at.y - 7, 60, 14};  // the capital's name, right of its dot
  occ.add(name);
  place_markers(groups, s.view.frame, 1, occ);
  const Rect m = marker_box(groups[0], 1);
  EXPECT_FALSE(overlaps(m, name));
  EXPECT_FALSE(groups[0].px.x == groups[0].at.x && groups[0].px.y == groups[0].at.y);
  EXPECT_LT(std::hypot(groups[0].px.x - groups[0].at.x, groups[0].px.y - groups[0].at.y), 40);
  // Nothing in the way: the marker stays on its place.
  auto free = group_events(events, lonlat(), s.view);
  Occupancy none;
  place_markers(free, s.view.frame, 1, none);
  EXPECT_EQ(free[0].px.x, free[0].at.x);
}

namespace {
struct EventBed {
  explicit EventBed(ViewTransform v = {{0, 0, 100, 100}, {0, 0, 1000, 1000}}) : view(v) {}
  const FixedMeasurer measure;
  const proj::Scene scene{};  // all sea
  const Symbolization sym{};
  ViewTransform view;
  CoverGrid grid{scene, view, sym, 6};
  Occupancy occ;
  CalloutContext cx() {
    return {.style = &tables().style,
            .lang = "en",
            .frame = view.frame,
            .unit = 1,
            .measure = &measure,
            .grid = &grid,
            .occ = &occ};
  }
};
// The leader's segments, none through `r`.
bool leader_clear_of(const Callout& c, const Rect& r) {
  for (std::size_t i = 0; i + 1 < c.leader.size(); ++i)
    if (segment_meets(c.leader[i], c.leader[i + 1], r)) return false;
  return true;
}
}  // namespace

TEST(PlaceEvents, CalloutsStayInTheFrameOverlapNothingAndTheLeaderEndsOnTheBox) {
  EventBed bed;
  const std::vector<data::Event> events{event("Niamey", "2023-07-26", 50, 50), event("Bamako", "2023-09-16", 30, 55),
                                        event("Abuja", "2023-10-01", 62, 62)};
  auto groups = group_events(events, lonlat(), bed.view);
  place_markers(groups, bed.view.frame, 1, bed.occ);
  const Rect obstacle{400, 300, 200, 120};
  bed.occ.add(obstacle);
  std::vector<Callout> callouts;
  for (int gi = 0; gi < 3; ++gi)
    if (auto c = place_callout(groups, gi, bed.cx())) callouts.push_back(*c);
  ASSERT_EQ(callouts.size(), 3u);
  for (std::size_t i = 0; i < callouts.size(); ++i) {
    const Callout& c = callouts[i];
    EXPECT_TRUE(inside(bed.view.frame, c.rect));
    EXPECT_FALSE(overlaps(c.rect, obstacle));
    for (const auto& g : groups) EXPECT_FALSE(overlaps(c.rect, marker_box(g, 1)));
    EXPECT_TRUE(leader_clear_of(c, obstacle));
    EXPECT_LE(c.leader.size(), 3u);  // straight or one elbow
    for (std::size_t j = 0; j < callouts.size(); ++j) {
      if (j == i) continue;
      EXPECT_FALSE(overlaps(c.rect, callouts[j].rect));
      EXPECT_TRUE(leader_clear_of(c, callouts[j].rect));
      for (std::size_t a = 0; a + 1 < c.leader.size(); ++a)
        for (std::size_t b = 0; b + 1 < callouts[j].leader.size(); ++b)
          EXPECT_FALSE(segments_meet(c.leader[a], c.leader[a + 1], callouts[j].leader[b], callouts[j].leader[b + 1]));
    }
    const Rect& r = c.rect;
    const geom::Point to = c.leader.back();
    const bool on_edge = std::abs(to.x - r.x) < 1e-9 || std::abs(to.x - r.x - r.w) < 1e-9 ||
                         std::abs(to.y - r.y) < 1e-9 || std::abs(to.y - r.y - r.h) < 1e-9;
    EXPECT_TRUE(on_edge) << "leader of " << groups[c.group].place << " does not end on its box";
  }
}

TEST(PlaceEvents, LeaderLinesGoAroundPlacedBoxesWhenThereIsRoom) {
  auto place = [&](const std::vector<Rect>& others) {
    EventBed bed;
    const std::vector<data::Event> events{event("Niamey", "2023-07-26", 50, 50)};
    auto groups = group_events(events, lonlat(), bed.view);
    place_markers(groups, bed.view.frame, 1, bed.occ);
    for (const Rect& r : others) bed.occ.add(r);
    return place_callout(groups, 0, bed.cx());
  };
  const auto free = place({});
  ASSERT_TRUE(free);
  // A small name across the leader the callout would have had, clear of the callout itself.
  const geom::Point a = free->leader.front(), b = free->leader[1];
  const geom::Point mid{a.x + 0.5 * (b.x - a.x), a.y + 0.5 * (b.y - a.y)};
  const Rect name{mid.x - 1, mid.y - 1, 2, 2};
  ASSERT_TRUE(segment_meets(a, b, name));
  const auto moved = place({name});
  ASSERT_TRUE(moved);
  EXPECT_TRUE(leader_clear_of(*moved, name));
}

TEST(PlaceEvents, CalloutsPreferTheSeaToABlocMember) {
  // Member land on the right half: the callout goes left, over the sea.
  EventBed bed;
  proj::Scene scene;
  scene.countries.push_back(
      {.code = "NER", .area = {geom::Polygon{{{{52, 0}, {100, 0}, {100, 100}, {52, 100}, {52, 0}}}}}});
  Symbolization sym;
  sym.looks["NER"] = CountryLook{{.fill = Color::parse("#c0392b")}, {}};
  CoverGrid grid(scene, bed.view, sym, 6);
  const std::vector<data::Event> events{event("Niamey", "2023-07-26", 51, 50)};
  auto groups = group_events(events, lonlat(), bed.view);
  place_markers(groups, bed.view.frame, 1, bed.occ);
  CalloutContext cx = bed.cx();
  cx.grid = &grid;
  const auto c = place_callout(groups, 0, cx);
  ASSERT_TRUE(c);
  EXPECT_LT(c->rect.x + c->rect.w, 520);
}

TEST(PlaceEvents, ADensePlaceOpensUpInACloseUpWithItsList) {
  EventBed bed;
  std::vector<data::Event> events;
  for (const char* d : {"2023-07-26", "2023-07-30", "2023-08-01", "2023-08-02", "2023-08-03", "2023-08-04"})
    events.push_back(event("Niamey", d, 50, 50));
  auto groups = group_events(events, lonlat(), bed.view);
  place_markers(groups, bed.view.frame, 1, bed.occ);
  const auto c = place_closeup(groups, 0, bed.cx());
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->closeup);
  EXPECT_EQ(c->block.items.size(), 6u);
  EXPECT_TRUE(inside(c->rect, c->map_rect));
  EXPECT_TRUE(c->window.intersects(marker_box(groups[0], 1)));
  EXPECT_FALSE(overlaps(c->rect, c->window));
  EXPECT_TRUE(leader_clear_of(*c, marker_box(groups[0], 1)));
}

TEST(PlaceEvents, WithoutRoomForACalloutTheMarkerGetsItsNumbers) {
  EventBed bed({{0, 0, 10, 6}, {0, 0, 100, 60}});  // far too small for any callout
  std::vector<data::Event> events;
  for (const char* d : {"2023-07-26", "2023-07-30", "2023-08-01", "2023-08-02"})
    events.push_back(event("Niamey", d, 3, 3));
  auto groups = group_events(events, lonlat(), bed.view);
  const CalloutContext cx = bed.cx();
  place_markers(groups, bed.view.frame, 1, bed.occ);
  EXPECT_FALSE(place_callout(groups, 0, cx));
  EXPECT_FALSE(place_closeup(groups, 0, cx));
  const NumberTag tag = place_number_tag(groups, 0, cx);
  EXPECT_EQ(tag.spec.text, "1–4");
  EXPECT_FALSE(overlaps(tag.rect, marker_box(groups[0], 1)));
}

// Gao's "5" right of its marker and Agadez's "21" left of its own read "5 21", one list: a tag
// keeps a digit's width from the tags placed before, and takes another side of its marker.
TEST(PlaceEvents, NumberTagsOfNeighbouringMarkersDoNotRunTogether) {
  EventBed bed;
  const std::vector<data::Event> events{event("Gao", "2022-08-15", 50, 50), event("Agadez", "2024-08-05", 53.5, 50)};
  auto groups = group_events(events, lonlat(), bed.view);
  ASSERT_EQ(groups.size(), 2u);
  place_markers(groups, bed.view.frame, 1, bed.occ);
  const Rect agadez = marker_box(groups[1], 1);
  bed.occ.add({agadez.x + agadez.w, agadez.y - 20, 200, agadez.h + 40});  // a name right of Agadez
  const CalloutContext cx = bed.cx();
  const NumberTag gao = place_number_tag(groups, 0, cx);
  ASSERT_TRUE(gao.leader.empty());
  const auto run_together = [&](const Rect& r) {
    const double gap = std::max(r.x - (gao.rect.x + gao.rect.w), gao.rect.x - (r.x + r.w));
    const bool same_line = r.y < gao.rect.y + gao.rect.h && gao.rect.y < r.y + r.h;
    return same_line && gap < 0.6 * gao.spec.font.size;
  };
  Occupancy before = bed.occ;
  CalloutContext blind = cx;
  blind.occ = &before;
  const Rect was = place_number_tag(groups, 1, blind).rect;
  ASSERT_TRUE(run_together(was));  // what the tags did before
  const NumberTag agadez_tag = place_number_tag(groups, 1, cx, {gao});
  EXPECT_FALSE(run_together(agadez_tag.rect));
  EXPECT_FALSE(agadez_tag.forced);
  EXPECT_FALSE(overlaps(agadez_tag.rect, agadez));
}

// On a world map Paris's callout sat on the arcs from France and the US to the Sahel: a box keeps
// partners' arcs in view where it has another place to go.
TEST(PlaceEvents, ACalloutLeavesPartnersArcsInViewWhereItCan) {
  EventBed bed;
  const std::vector<data::Event> events{event("Paris", "2023-09-24", 50, 50)};
  auto groups = group_events(events, lonlat(), bed.view);
  place_markers(groups, bed.view.frame, 1, bed.occ);
  Occupancy occ_before = bed.occ;
  CoverGrid grid_before = bed.grid;
  CalloutContext blind = bed.cx();
  blind.occ = &occ_before, blind.grid = &grid_before;
  const auto without = place_callout(groups, 0, blind);
  ASSERT_TRUE(without);
  // Arcs through where the box went without them, the way the arcs from the Sahel fan out.
  const Rect was = without->rect;
  const double cx = was.x + was.w / 2, cy = was.y + was.h / 2;
  const std::vector<geom::MultiLine> arcs{{{{cx - 300, cy + 200}, {cx + 300, cy - 200}}},
                                          {{{cx - 300, cy - 100}, {cx + 300, cy + 100}}}};
  const auto hides = [&](const Rect& r) {
    int n = 0;
    for (const auto& arc : arcs) n += segment_meets(arc[0][0], arc[0][1], r);
    return n;
  };
  ASSERT_EQ(hides(was), 2);
  CalloutContext cx_arcs = bed.cx();
  cx_arcs.arcs = &arcs;
  const auto with = place_callout(groups, 0, cx_arcs);
  ASSERT_TRUE(with);
  EXPECT_EQ(hides(with->rect), 0);
}

// A box three times a member's strip it would hide: the strip barely moves the box's mean cost, so
// the share of the member it hides is priced too (the default poster's box of Niamey's ten events
// lay over eastern Nigeria for a shorter leader).
TEST(PlaceEvents, ALargeBoxLeavesAMemberInViewRatherThanShortenItsLeader) {
  Scene s;
  s.scene.countries.push_back(country("DZA", {box_ring(0, 0, 1000, 1000)}));  // land, not a member
  s.scene.countries.push_back(country("NGA", {box_ring(600, 0, 1000, 1000)}));
  const geom::Point place{760, 50};
  const Rect own{755, 45, 10, 10};
  const auto share = [&](double share_cost) {
    CoverGrid grid(s.scene, s.view, s.sym, 6);
    Occupancy occ;
    CalloutContext cx{.frame = s.view.frame, .unit = 1, .grid = &grid, .occ = &occ};
    cx.share_cost = share_cost;
    const auto spot = best_spot(place, 0, own, 400, 900, cx);
    EXPECT_TRUE(spot);
    return spot ? grid.own_share(spot->rect) : 1.0;
  };
  EXPECT_GT(share(0), 0.02) << "the bed does not tempt the box onto the member";
  EXPECT_LT(share(CalloutContext{}.share_cost), 0.01);
}

TEST(PlaceEvents, PartnersPointAlongTheirInitialGreatCircleBearing) {
  // Niamey to Moscow leaves north-north-east; to Washington north-west; Paris almost due north.
  const geom::Point niamey{2.11, 13.51};
  EXPECT_NEAR(geom::initial_bearing(niamey, {37.62, 55.76}), 25, 5);
  EXPECT_NEAR(geom::initial_bearing(niamey, {-77.04, 38.9}), 305, 5);
  EXPECT_NEAR(geom::initial_bearing(niamey, {2.35, 48.86}), 0.3, 1);
  EXPECT_NEAR(geom::distance_km(niamey, {2.35, 48.86}), 3931, 20);
  EXPECT_EQ(distance_text(5412, "en"), "5,400 km");
  EXPECT_EQ(distance_text(5412, "fr"), "5\u202f400\u00a0km");
}

TEST(PlaceEvents, NumberListsCollapseRuns) {
  EXPECT_EQ(number_list({7, 9, 11, 13, 14, 15, 16, 17, 18}), "7, 9, 11, 13–18");
  EXPECT_EQ(number_list({1, 2}), "1, 2");
  EXPECT_EQ(number_list({3}), "3");
  EXPECT_EQ(number_list({}), "");
}

TEST(PlaceFurniture, ScaleBarIsARoundLengthTrueAtTheCentre) {
  const proj::Projection laea("+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84 +units=m +no_defs");
  const ViewTransform view(proj::projected_extent(laea, {-26, 1, 30, 28}), {0, 0, 1600, 900});
  const FixedMeasurer m;
  const ScaleBar bar = make_scale_bar(laea, view, tables().style, 1, m);
  const double mantissa = bar.km / std::pow(10, std::floor(std::log10(bar.km)));
  EXPECT_TRUE(mantissa == 1 || mantissa == 2 || mantissa == 5) << bar.km;
  EXPECT_NEAR(bar.px, bar.km * 1000 / bar.metres_per_px, 1e-6);
  EXPECT_LE(bar.px, 0.2 * 1600 + 1e-6);
  EXPECT_GT(bar.px, 0.04 * 1600);
  // At the centre (2 E, 14.5 N) a degree of longitude is about 107.8 km on the ellipsoid.
  const geom::Point a = laea.inverse(view.to_map({790, 450})), b = laea.inverse(view.to_map({810, 450}));
  const double km_per_deg = 111.32 * std::cos(14.5 * M_PI / 180);
  EXPECT_NEAR(bar.metres_per_px / ((b.x - a.x) * km_per_deg * 1000 / 20), 1.0, 0.01);
}

TEST(PlaceFurniture, TheScaleBarsBoxHoldsItsWords) {
  const proj::Projection laea("+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84 +units=m +no_defs");
  const ViewTransform view(proj::projected_extent(laea, {-26, 1, 30, 28}), {0, 0, 600, 500});  // a short bar
  const FixedMeasurer m;
  for (const char* lang : {"en", "fr"}) {
    ScaleBar bar = make_scale_bar(laea, view, tables().style, 1, m, lang);
    bar.rect.x = 100, bar.rect.y = 50;
    DisplayList list;
    add_scale_bar(list, bar, tables().style, lang, 1, m, 0);
    for (const auto& shape : list.groups.back().shapes)
      if (const auto* t = std::get_if<TextShape>(&shape))
        EXPECT_TRUE(inside(bar.rect, t->box)) << lang << " " << t->spec.text;
  }
}

TEST(PlaceFurniture, TheCornerThatCoversLeastWins) {
  const Rect frame{0, 0, 1000, 600};
  std::vector<int> used;
  // Everything costs but the top right.
  auto cost = [](const Rect& r) { return r.x > 500 && r.y < 300 ? 0.0 : 10.0; };
  const Rect r = pick_corner(frame, 200, 100, 12, cost, used);
  EXPECT_EQ(r.x, 1000 - 200 - 12);
  EXPECT_EQ(r.y, 12);
  EXPECT_EQ(used, (std::vector<int>{3}));
}

TEST(PlaceFurniture, UsedCornersAreSkippedAndTiesGoToTheFirst) {
  const Rect frame{0, 0, 1000, 600};
  std::vector<int> used;
  auto flat = [](const Rect&) { return 1.0; };
  const Rect a = pick_corner(frame, 100, 100, 10, flat, used);  // bottom left first
  EXPECT_EQ(a.x, 10);
  EXPECT_EQ(a.y, 600 - 100 - 10);
  const Rect b = pick_corner(frame, 100, 100, 10, flat, used);  // then bottom right
  EXPECT_EQ(b.x, 1000 - 100 - 10);
  pick_corner(frame, 100, 100, 10, flat, used);
  pick_corner(frame, 100, 100, 10, flat, used);
  EXPECT_TRUE(pick_corner(frame, 100, 100, 10, flat, used).empty());  // all four taken
}

TEST(PlaceFurniture, LegendGrowsWithItsRowsAndListsCategoriesOnce) {
  const FixedMeasurer m;
  const Style& st = tables().style;
  LegendContent one{.blocs = {{.label = "Alliance of Sahel States", .fill = Color::parse("#c0392b")}}};
  LegendContent three = one;
  three.blocs.push_back({.label = "ECOWAS member", .fill = Color::parse("#2874a6")});
  three.capitals = true;
  const Rect a = legend_size(one, st, "en", 1, m), b = legend_size(three, st, "en", 1, m);
  EXPECT_GT(b.h, a.h);
  DisplayList list;
  three.categories = {data::Category::Coup, data::Category::Flags};
  const Rect r = legend_size(three, st, "en", 1, m);
  add_legend(list, {10, 10, r.w, r.h}, three, st, "en", 1, m, 0);
  ASSERT_EQ(list.groups.size(), 1u);
  int swatches = 0, symbols = 0;
  for (const auto& shape : list.groups[0].shapes) {
    if (const auto* rs = std::get_if<RectShape>(&shape); rs && rs->rect.w < r.w) ++swatches;
    symbols += std::holds_alternative<SymbolShape>(shape);
  }
  EXPECT_EQ(swatches, 2);
  EXPECT_EQ(symbols, 2);
  EXPECT_TRUE(inside(list.groups[0].ink, Rect{10, 10, r.w, r.h}));  // the panel and its outline
}

TEST(PlaceFurniture, EverythingScalesWithTheDpi) {
  // At 300 dpi every length is 300/96 of what it is at 96: a missing unit factor would show here.
  const FixedMeasurer m;
  const Style& st = tables().style;
  const LegendContent c{.blocs = {{.label = "ECOWAS member", .fill = Color::parse("#2874a6")}},
                        .categories = {data::Category::Coup},
                        .capitals = true};
  const double k = 300.0 / 96;
  const Rect a = legend_size(c, st, "en", 1, m), b = legend_size(c, st, "en", k, m);
  EXPECT_NEAR(b.w / a.w, k, 1e-9);
  EXPECT_NEAR(b.h / a.h, k, 1e-9);
  const proj::Projection laea("+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84 +units=m +no_defs");
  const ViewTransform v1(proj::projected_extent(laea, {-26, 1, 30, 28}), {0, 0, 1600, 900});
  const ViewTransform v2(proj::projected_extent(laea, {-26, 1, 30, 28}), {0, 0, 1600 * k, 900 * k});
  const ScaleBar s1 = make_scale_bar(laea, v1, st, 1, m), s2 = make_scale_bar(laea, v2, st, k, m);
  EXPECT_EQ(s1.km, s2.km);
  EXPECT_NEAR(s2.px / s1.px, k, 1e-6);
  EXPECT_NEAR(s2.rect.h / s1.rect.h, k, 1e-9);
  const std::vector<data::Event> two{event("Niamey", "2023-07-26", 2, 13.5), event("Niamey", "2023-07-30", 2, 13.5)};
  const auto g1 = group_events(two, laea, v1), g2 = group_events(two, laea, v2);
  EXPECT_NEAR(marker_box(g2[0], k).w / marker_box(g1[0], 1).w, k, 1e-9);
}

TEST(DisplayList, InkHoldsTheBoxAndTheShapesAndStopsAtTheClip) {
  DisplayList list;
  const std::uint16_t clip = list.add_clip({0, 0, 100, 100});
  EXPECT_EQ(list.add_clip({0, 0, 100, 100}), clip);  // one clip rectangle, shared
  const Group& g = list.add(
      {.part = Part::Capital,
       .key = "Niamey",
       .box = {50, 50, 40, 12},
       .clip = clip,
       .shapes = {CircleShape{.centre = {45, 56}, .r = 3}, TextShape{.spec = {.text = "Niamey", .font = {.size = 10}},
                                                                     .box = {50, 50, 40, 12},
                                                                     .halo = Halo{.width = 2}}}});
  EXPECT_TRUE(inside(g.ink, g.box));
  EXPECT_LE(g.ink.x, 42);  // the dot
  EXPECT_LE(g.reach.x + g.reach.w, 100.0 + 1);
  const Group& wide = list.add({.part = Part::Borders,
                                .clip = clip,
                                .shapes = {StrokeShape{.lines = {{{-50, 10}, {300, 10}}}, .width = 2, .round = true}}});
  EXPECT_GE(wide.ink.x, 0);
  EXPECT_LE(wide.ink.x + wide.ink.w, 100);
  EXPECT_LT(wide.reach.x, -50);  // the geometry itself reaches beyond: the painter cuts it
}

TEST(MapLayers, OneFillPerCountryWithItsLookOneBorderStrokeThenTheFrame) {
  Scene s;
  s.scene.countries.push_back(country("NER", {box_ring(100, 100, 400, 400)}));
  s.scene.countries.push_back(country("DZA", {box_ring(400, 400, 900, 900)}));
  s.scene.countries.push_back(country("FRA", {box_ring(5000, 5000, 5100, 5100)}));  // off the view
  s.sym.looks["NER"].hatch = Color::parse("#2874a6");
  DisplayList list;
  add_map(list, {.scene = &s.scene, .sym = &s.sym, .style = &tables().style, .view = s.view, .unit = 2});
  std::vector<std::string> parts;
  for (const auto& g : list.groups) parts.push_back(part_name(g.part) + std::string(g.key.empty() ? "" : ":" + g.key));
  EXPECT_EQ(parts, (std::vector<std::string>{"space", "sea", "country:NER", "country:DZA", "borders", "frame"}));
  const auto& ner = std::get<FillShape>(list.groups[2].shapes[0]);
  EXPECT_EQ(ner.color, s.sym.look("NER")->fill);
  ASSERT_TRUE(ner.hatch);
  EXPECT_EQ(ner.hatch->width, tables().style.hatch_width * 2);
  EXPECT_EQ(std::get<FillShape>(list.groups[3].shapes[0]).color, tables().style.land);
  EXPECT_EQ(std::get<StrokeShape>(list.groups[4].shapes[0]).lines.size(), 2u);  // France is not in view
  EXPECT_EQ(list.groups[5].clip, 0);                                            // the frame is drawn unclipped
}

TEST(MapLayers, PixelsDropSubPixelStepsButKeepTheEnds) {
  const PixelMapping m{.minx = 0, .maxy = 10, .k = 1};
  const std::vector<geom::Point> line{{0, 0}, {0.05, 0}, {0.1, 0}, {3, 0}, {3.01, 0}};
  std::vector<geom::Point> px;
  append_px(line, m, px);
  EXPECT_EQ(px, (std::vector<geom::Point>{{0, 10}, {3, 10}, {3.01, 10}}));
}

namespace {
struct PosterData {
  data::Boundaries boundaries =
      data::load_boundaries(test::shared("naturalearth/ne_110m_admin_0_countries.json"), tables().countries);
  std::vector<data::Event> events = data::load_events(test::source("shapes/events.geojson"));
  std::vector<data::Place> places = data::load_places(test::source("shapes/places.csv"));
  PosterRequest request(const char* date) const {
    return {.countries = &tables().countries,
            .blocs = &tables().blocs,
            .boundaries = &boundaries,
            .style = &tables().style,
            .date = data::Date::parse(date),
            .crs = "+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84 +units=m +no_defs",
            .bbox = {-26, 1, 30, 28},
            .width = 1200,
            .height = 840,
            .dpi = 96,
            .data_credit = "ne_110m_admin_0_countries.json",
            .events = &events,
            .places = &places};
  }
};
const PosterData& poster_data() {
  static const PosterData d;
  return d;
}
}  // namespace

TEST(PosterLayout, OneOfEachPieceOfFurnitureInPaintersOrder) {
  const FixedMeasurer m;
  PosterRequest rq = poster_data().request("2026-11-22");
  rq.width = 1800, rq.height = 1260;  // room for callouts beside the markers
  const PosterLayout p = layout_poster(rq, m);
  std::map<Part, int> count;
  std::vector<Part> top;
  for (const auto& g : p.list.groups)
    if (g.parent < 0) ++count[g.part], top.push_back(g.part);
  for (const Part part : {Part::Page, Part::Sea, Part::Borders, Part::Frame, Part::Legend, Part::Inset, Part::ScaleBar,
                          Part::Title, Part::Subtitle, Part::Footnote})
    EXPECT_EQ(count[part], 1) << part_name(part);
  EXPECT_EQ(top.front(), Part::Page);
  EXPECT_EQ(top.back(), Part::Footnote);
  EXPECT_GT(count[Part::Label], 5);
  EXPECT_GT(count[Part::Marker], 2);
  // Names after the map, leader lines after names, markers over the leaders' ends.
  auto first = [&](Part part) { return std::find(top.begin(), top.end(), part) - top.begin(); };
  EXPECT_LT(first(Part::Frame), first(Part::Label));
  EXPECT_LT(first(Part::Label), first(Part::Leader));
  EXPECT_LT(first(Part::Leader), first(Part::Marker));
  // The locator's and the close-ups' own maps are part of them.
  for (const auto& g : p.list.groups)
    if (g.parent >= 0) {
      const Part parent = p.list.groups[g.parent].part;
      EXPECT_TRUE(parent == Part::Inset || parent == Part::Closeup) << part_name(parent);
    }
}

TEST(PosterLayout, LegendEntriesAreTheBlocsOfTheCountriesDrawn) {
  const FixedMeasurer m;
  for (const char* date : {"2023-07-01", "2023-10-01", "2026-11-22"}) {
    const PosterLayout p = layout_poster(poster_data().request(date), m);
    const Symbolization sym = symbolize(tables().blocs, data::Date::parse(date), tables().style, "en");
    std::set<std::string> drawn_fills;
    for (const auto& g : p.list.groups)
      if (g.part == Part::Country && g.parent < 0)
        if (const CountryLook* look = sym.look(g.key))
          for (const auto& a : look->affiliations) drawn_fills.insert(a.fill.hex());
    // Beside them, the outside partners off the map, by name in their status colour.
    std::set<std::string> legend_fills;
    for (const auto& e : p.report.legend) {
      if (e.hatch) continue;
      if (!drawn_fills.count(e.fill.hex())) {
        const bool partner = e.fill.hex() == "#7d3c98" || e.fill.hex() == "#c9a8d8";
        EXPECT_TRUE(partner &&
                    (e.label.find("Russia") != std::string::npos || e.label.find("France") != std::string::npos))
            << date << ": " << e.label;
        continue;
      }
      legend_fills.insert(e.fill.hex());
    }
    EXPECT_EQ(legend_fills, drawn_fills) << date;
  }
}

TEST(PosterLayout, NothingPlacedOverlapsAndTheSameInputsGiveTheSameList) {
  const FixedMeasurer m;
  const PosterLayout a = layout_poster(poster_data().request("2026-11-22"), m);
  const PosterLayout b = layout_poster(poster_data().request("2026-11-22"), m);
  auto no_timings = [](std::string json) {
    auto j = nlohmann::json::parse(json);
    j.erase("timings");
    return j.dump();
  };
  EXPECT_EQ(no_timings(layout_json(a.list, a.report)), no_timings(layout_json(b.list, b.report)));
  const std::set<Part> placed{Part::Label,  Part::Capital, Part::Callout,  Part::Closeup, Part::Marker,
                              Part::Legend, Part::Inset,   Part::ScaleBar, Part::Partner, Part::EventNumbers};
  std::vector<const Group*> boxes;
  for (const auto& g : a.list.groups)
    if (g.parent < 0 && placed.count(g.part)) boxes.push_back(&g);
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    // Inside the map, or (a legend too large for it) in a column of its own beside it.
    if (boxes[i]->part == Part::Legend && !inside(a.report.map_frame.grown(0.5), boxes[i]->box)) {
      EXPECT_FALSE(overlaps(a.report.map_frame, boxes[i]->box));
      EXPECT_TRUE(inside({0, 0, a.list.width, a.list.height}, boxes[i]->box));
    } else {
      EXPECT_TRUE(inside(a.report.map_frame.grown(0.5), boxes[i]->box))
          << part_name(boxes[i]->part) << " " << boxes[i]->key;
    }
    for (std::size_t j = i + 1; j < boxes.size(); ++j)
      EXPECT_FALSE(overlaps(boxes[i]->box, boxes[j]->box)) << part_name(boxes[i]->part) << " " << boxes[i]->key << " / "
                                                           << part_name(boxes[j]->part) << " " << boxes[j]->key;
  }
}

TEST(PosterLayout, AltTextAndFootnoteNameTheBoundariesUsed) {
  const FixedMeasurer m;
  const PosterLayout p = layout_poster(poster_data().request("2026-11-22"), m);
  EXPECT_NE(p.report.alt_text.find("Sources: ne_110m_admin_0_countries.json;"), std::string::npos) << p.report.alt_text;
  const auto foot =
      std::find_if(p.list.groups.begin(), p.list.groups.end(), [](const Group& g) { return g.part == Part::Footnote; });
  ASSERT_NE(foot, p.list.groups.end());
  EXPECT_EQ(foot->key.rfind("Boundaries: ne_110m_admin_0_countries.json.", 0), 0u) << foot->key;
}

namespace {
// The test boundaries in Web Mercator, the whole world: what a pyramid's zooms are laid out on.
const proj::Scene& mercator_world() {
  static const proj::Scene scene =
      proj::build_scene(poster_data().boundaries, proj::Projection("EPSG:3857"),
                        {-geom::kMercatorHalf, -geom::kMercatorHalf, geom::kMercatorHalf, geom::kMercatorHalf});
  return scene;
}
}  // namespace

TEST(ZoomLayout, TilesNameCountriesWithThePostersPriority) {
  const FixedMeasurer m;
  const proj::Scene& scene = mercator_world();
  const Symbolization sym = symbolize(tables().blocs, data::Date::parse("2026-11-22"), tables().style, "en");
  const DisplayList list = layout_zoom({.scene = &scene,
                                        .sym = &sym,
                                        .style = &tables().style,
                                        .countries = &tables().countries,
                                        .places = &poster_data().places,
                                        .bbox = {-20, 0, 30, 28},
                                        .zoom = 5},
                                       m);
  // The poster's policy: members, the AES capitals, large countries, other capitals, small
  // countries, each in label_order's order (those that found no room left out).
  const double tp = 256;
  const ViewTransform view({geom::tile_bounds({5, 14, 16}).minx, geom::tile_bounds({5, 14, 16}).miny,
                            geom::tile_bounds({5, 18, 13}).maxx, geom::tile_bounds({5, 18, 13}).maxy},
                           {14 * tp, 13 * tp, 5 * tp, 4 * tp});
  const LabelOrder order = label_order(visible_areas(scene, view), sym, tables().style, view.frame);
  // (stage, name): 0 members, 1 the AES capitals, 2 large, 3 other capitals, 4 small
  std::vector<std::pair<int, std::string>> expected;
  for (const auto& [stage, codes] : {std::pair{0, order.members}, {2, order.large}, {4, order.small}})
    for (const auto& code : codes) expected.push_back({stage, tables().countries.find(code)->name("en")});
  std::vector<std::pair<int, std::string>> got;
  for (const auto& g : list.groups)
    if (g.part == Part::Capital) {
      const auto p = std::find_if(poster_data().places.begin(), poster_data().places.end(),
                                  [&](const data::Place& x) { return x.name == g.key; });
      // The first bloc's (the AES) capitals are named before the large countries, the others after.
      const bool member = p != poster_data().places.end() && sym.look(p->country) &&
                          sym.look(p->country)->affiliations.front().bloc->id == "AES";
      got.push_back({member ? 1 : 3, g.key});
    } else if (g.part == Part::Label) {
      const auto e = std::find_if(expected.begin(), expected.end(), [&](const auto& x) { return x.second == g.key; });
      got.push_back({e == expected.end() ? 99 : e->first, g.key});  // 99: a name placement did not order
    }
  // The AES capitals are named, their markers beside them.
  for (const char* c : {"Bamako", "Ouagadougou", "Niamey"})
    EXPECT_TRUE(std::count(got.begin(), got.end(), std::pair<int, std::string>{1, c})) << c << " is not named";
  ASSERT_GT(got.size(), 10u);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end(), [](const auto& a, const auto& b) { return a.first < b.first; }));
  std::size_t at = 0;  // the names follow label_order
  for (const auto& [stage, name] : got) {
    if (stage == 1 || stage == 3) continue;
    while (at < expected.size() && expected[at].second != name) ++at;
    EXPECT_LT(at, expected.size()) << name << " out of order";
  }
  EXPECT_GT(order.large.size() + order.small.size(), 0u);
  // Placed over the pyramid's tiles at z5, in that zoom's global pixels.
  for (const auto& g : list.groups) {
    EXPECT_GE(g.box.x, 14 * 256.0 - 1);
    EXPECT_LE(g.box.y + g.box.h, 17 * 256.0 + 1);
  }
}

TEST(Words, EveryCategoryAndPhraseInBothLanguages) {
  std::set<std::string_view> keys;
  for (const auto& c : data::kCategories) {
    EXPECT_TRUE(keys.insert(c.key).second) << c.key;
    EXPECT_FALSE(c.en.empty());
    EXPECT_FALSE(c.fr.empty());
    EXPECT_EQ(data::parse_category(c.key), c.category);
    EXPECT_EQ(category_name(c.category, "fr"), c.fr);
  }
  EXPECT_FALSE(data::parse_category("party"));
  EXPECT_EQ(long_date(data::Date::parse("2024-08-01"), "fr"), "1er août 2024");
  EXPECT_EQ(long_date(data::Date::parse("2024-08-05"), "en"), "5 August 2024");
  EXPECT_EQ(short_date(data::Date::parse("2023-07-26"), "fr"), "26 juil. 2023");
  EXPECT_EQ(words("fr").legend, "Légende");
  EXPECT_EQ(words("xx").legend, "Legend");  // anything else is English
}

TEST(PlaceEvents, AMarkerWithNoRoomIsReported) {
  EventBed bed;
  const std::vector<data::Event> events{event("Niamey", "2023-07-26", 50, 50), event("Bamako", "2023-09-16", 20, 20)};
  auto groups = group_events(events, lonlat(), bed.view);
  bed.occ.add({groups[0].at.x - 300, groups[0].at.y - 300, 600, 600});  // everything around Niamey taken
  EXPECT_EQ(place_markers(groups, bed.view.frame, 1, bed.occ), (std::vector<int>{0}));
}

TEST(PlaceEvents, TheCrowdIsThePlacesTooCloseForTheirMarkers) {
  const ViewTransform view{{0, 0, 100, 100}, {0, 0, 1000, 1000}};
  const std::vector<data::Event> events{event("Bamako", "2023-07-26", 50, 50), event("Gao", "2023-07-27", 51.5, 50),
                                        event("Niamey", "2023-07-28", 53, 51), event("Abuja", "2023-07-29", 80, 20),
                                        event("Paris", "2023-07-30", 10, 90),  event("Kyiv", "2023-07-31", 11, 90.5)};
  const auto groups = group_events(events, lonlat(), view, 1);
  ASSERT_EQ(groups.size(), 6u);
  EXPECT_EQ(crowded_groups(groups, 1), (std::vector<int>{0, 1, 2}));  // the largest crowd
  EXPECT_TRUE(crowded_groups(groups, 0.2).empty());                   // at 5x the size, room for all
}

TEST(PlaceEvents, ACrowdOpensUpInAMagnifierBesideIt) {
  EventBed bed;
  const std::vector<data::Event> events{event("Bamako", "2023-07-26", 50, 50), event("Gao", "2023-07-27", 51.5, 50),
                                        event("Niamey", "2023-07-28", 53, 51), event("Paris", "2023-07-30", 10, 90)};
  const auto groups = group_events(events, lonlat(), bed.view, 1);
  const Rect paris = marker_box(groups[3], 1).grown(24);
  const auto m = place_magnifier(groups, crowded_groups(groups, 1), {}, {paris}, bed.cx());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->groups, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(m->key, "Bamako, Gao, Niamey");
  for (const int gi : m->groups) EXPECT_TRUE(inside(m->window, {groups[gi].at.x, groups[gi].at.y, 0, 0}));
  EXPECT_GE(m->zoom, 2);
  EXPECT_NEAR(m->map_rect.w / m->window.w, m->zoom, 1e-9);
  EXPECT_TRUE(inside(m->rect, m->map_rect));
  EXPECT_TRUE(inside(bed.view.frame, m->rect));
  EXPECT_FALSE(overlaps(m->rect, m->window));
  EXPECT_FALSE(overlaps(m->rect, paris));
  // The leader runs from the window's outline to the panel, through neither.
  ASSERT_GE(m->leader.size(), 2u);
  for (std::size_t i = 0; i + 1 < m->leader.size(); ++i) {
    EXPECT_FALSE(segment_meets(m->leader[i], m->leader[i + 1], m->window.grown(-0.5)));
    EXPECT_FALSE(segment_meets(m->leader[i], m->leader[i + 1], m->rect.grown(-0.5)));
  }
  // The panel's map shows the window: its corners map onto the map's corners.
  const ViewTransform v = magnifier_view(*m, bed.view);
  const geom::Point corner = v.to_px(bed.view.to_map({m->window.x, m->window.y}));
  EXPECT_NEAR(corner.x, m->map_rect.x, 1e-6);
  EXPECT_NEAR(corner.y, m->map_rect.y, 1e-6);
}

// With events on, as users get tiles: the AES capitals and the capitals where events happened
// (Abuja) are named, and no marker covers a capital's name.
TEST(ZoomLayout, MarkersGoBesideTheCapitalsTheyWouldHide) {
  const FixedMeasurer m;
  const proj::Scene& scene = mercator_world();
  const Symbolization sym = symbolize(tables().blocs, data::Date::parse("2026-11-22"), tables().style, "en");
  const std::vector<data::Event> events = data::events_until(poster_data().events, data::Date::parse("2026-11-22"));
  for (const int zoom : {5, 6}) {
    const DisplayList list = layout_zoom({.scene = &scene,
                                          .sym = &sym,
                                          .style = &tables().style,
                                          .countries = &tables().countries,
                                          .places = &poster_data().places,
                                          .events = &events,
                                          .bbox = {-20, 0, 30, 28},
                                          .zoom = zoom},
                                         m);
    std::vector<Rect> names, markers;
    std::set<std::string> capitals;
    for (const auto& g : list.groups) {
      if (g.part == Part::Capital) capitals.insert(g.key), names.push_back(g.box);
      if (g.part == Part::Marker) markers.push_back(g.box);
    }
    for (const char* c : {"Bamako", "Ouagadougou", "Niamey", "Abuja"})
      EXPECT_TRUE(capitals.count(c)) << "z" << zoom << ": " << c << " is not named";
    for (const Rect& n : names)
      for (const Rect& k : markers) EXPECT_FALSE(overlaps(n, k)) << "z" << zoom;
  }
}

// Events left out for want of room: counted in the footnote, one date when they share it, the
// French singular agreed ("n'est pas montré").
TEST(Words, TheFootnoteCountsTheEventsLeftOut) {
  const sahelmap::proj::Projection laea("+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84 +units=m +no_defs");
  sahelmap::data::Event a, b;
  a.date = sahelmap::data::Date::parse("2020-08-18"), b.date = sahelmap::data::Date::parse("2023-07-27");
  PosterRequest rq;
  rq.lang = "en";
  EXPECT_NE(footnote_text(rq, {}, laea, {a, b})
                .find("Not shown for want of room at this size: 2 earlier events (18 Aug 2020 \u2013 27 Jul 2023)."),
            std::string::npos);
  EXPECT_NE(footnote_text(rq, {}, laea, {a}).find("1 earlier event (18 Aug 2020)."), std::string::npos);
  EXPECT_NE(footnote_text(rq, {}, laea, {a, a}).find("2 earlier events (18 Aug 2020)."), std::string::npos);
  EXPECT_EQ(footnote_text(rq, {}, laea, {}).find("Not shown"), std::string::npos);
  rq.lang = "fr";
  EXPECT_NE(footnote_text(rq, {}, laea, {a})
                .find("1 \u00e9v\u00e9nement ant\u00e9rieur (18 ao\u00fbt 2020) n\u2019est pas montr\u00e9."),
            std::string::npos)
      << footnote_text(rq, {}, laea, {a});
  EXPECT_NE(footnote_text(rq, {}, laea, {a, b}).find("ne sont pas montr\u00e9s."), std::string::npos);
}

// The footnote names the projection in words a reader can read, not as a PROJ string.
TEST(Words, ProjectionInWords) {
  using sahelmap::proj::Projection;
  const Projection laea("+proj=laea +lat_0=14.5 +lon_0=2 +datum=WGS84 +units=m +no_defs");
  EXPECT_EQ(projection_text(laea, "en"), "Lambert azimuthal equal-area centred at 14.5°N, 2°E");
  EXPECT_EQ(projection_text(laea, "fr"), "azimutale équivalente de Lambert centrée sur 14,5°\u00a0N, 2°\u00a0E");
  EXPECT_EQ(projection_text(Projection("+proj=ortho +lat_0=-10 +lon_0=-5.25"), "en"),
            "orthographic centred at 10°S, 5.3°W");
  EXPECT_EQ(projection_text(Projection("+proj=eqearth"), "en"), "Equal Earth");
  EXPECT_EQ(projection_text(Projection("EPSG:32631"), "en"), "WGS 84 / UTM zone 31N (EPSG:32631)");
  EXPECT_EQ(projection_text(Projection("EPSG:4326"), "fr"), "WGS 84 (EPSG:4326)");
}
