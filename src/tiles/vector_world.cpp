#include "tiles/vector_world.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "geom/pole.hpp"
#include "proj/scene.hpp"
#include "tiles/mvt.hpp"

namespace sahelmap::tiles {

namespace {

constexpr double kDensifyDeg = 0.5;  // as the raster tiles: straight lon/lat edges become curves

geom::Point clamp_lat(geom::Point p) {
  return {p.x, std::clamp(p.y, -geom::kMercatorMaxLat, geom::kMercatorMaxLat)};
}

// An arc densified along its canonical direction (both neighbours get the same points) and
// projected to Web Mercator.
geom::Line to_mercator(const geom::Line& lonlat) {
  geom::Line l = lonlat;
  geom::densify(l, kDensifyDeg);
  for (auto& p : l) p = geom::lonlat_to_mercator(p);
  return l;
}

std::int64_t area2(const std::vector<mvt::IPoint>& r) {
  std::int64_t a = 0;
  for (std::size_t i = 0, n = r.size(); i < n; ++i) {
    const auto& p = r[i];
    const auto& q = r[(i + 1) % n];
    a += std::int64_t{p.x} * q.y - std::int64_t{q.x} * p.y;
  }
  return a;
}

struct Frame {
  geom::Box bounds;  // the tile, EPSG:3857
  double unit;       // metres per tile unit
  mvt::IPoint operator()(geom::Point p) const {
    return {static_cast<std::int32_t>(std::llround((p.x - bounds.minx) / unit)),
            static_cast<std::int32_t>(std::llround((bounds.maxy - p.y) / unit))};
  }
  // Points of a ring or line in tile units, without repeats.
  void quantize(const std::vector<geom::Point>& in, std::vector<mvt::IPoint>& out) const {
    out.clear();
    for (const auto& p : in) {
      const mvt::IPoint q = (*this)(p);
      if (out.empty() || !(out.back() == q)) out.push_back(q);
    }
  }
};

}  // namespace

VectorWorld::VectorWorld(const VectorRequest& rq) : rq_(rq), minzoom_(rq.minzoom), maxzoom_(rq.maxzoom) {
  const data::Boundaries& b = *rq.boundaries;
  proj::LonLatView lonlat_of(b);
  std::vector<geom::Polygon> polygons;
  std::vector<std::uint32_t> owner;
  for (const auto& shape : b.shapes) {
    const auto index = static_cast<std::uint32_t>(shapes_.size());
    Shape& s = shapes_.emplace_back();
    s.code = shape.code;
    if (const data::Country* c = rq.countries->find(shape.code)) s.name = c->name_en, s.name_fr = c->name_fr;
    if (s.name.empty()) s.name = shape.name;
    if (rq.blocs)
      for (const auto& m : rq.blocs->rows())
        if (!s.code.empty() && m.country == s.code) s.memberships.push_back(&m);
    for (const auto& poly : lonlat_of(shape)) {
      geom::Polygon& p = polygons.emplace_back();
      for (const auto& r : poly.rings) {
        auto& ring = p.rings.emplace_back();
        ring.reserve(r.size());
        for (const auto& q : r) ring.push_back(clamp_lat(q));
      }
      owner.push_back(index);
    }
  }
  const geom::Topology topo = geom::build_topology(polygons, owner);
  std::vector<geom::Line> arcs;
  arcs.reserve(topo.arcs.size());
  for (const auto& a : topo.arcs) arcs.push_back(to_mercator(a));

  // A name inside each country's largest part, at full resolution.
  if (rq.labels) {
    std::vector<double> best(shapes_.size(), 0);
    std::vector<geom::Polygon> largest(shapes_.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
      geom::Polygon p = geom::assemble(topo, arcs, i);
      if (p.empty()) continue;
      const double a = std::abs(geom::signed_area(p.rings[0]));
      if (a > best[owner[i]]) best[owner[i]] = a, largest[owner[i]] = std::move(p);
    }
    for (std::uint32_t s = 0; s < shapes_.size(); ++s)
      if (!shapes_[s].code.empty() && !largest[s].empty())
        labels_.push_back({geom::pole_of_inaccessibility(largest[s]), s});
  }
  if (rq.places && rq.labels)
    for (std::uint32_t i = 0; i < rq.places->size(); ++i)
      places_.push_back({geom::lonlat_to_mercator(clamp_lat((*rq.places)[i].lonlat)), i});
  if (rq.events)
    for (std::uint32_t i = 0; i < rq.events->size(); ++i)
      events_.push_back({geom::lonlat_to_mercator(clamp_lat((*rq.events)[i].lonlat)), i});

  // Every zoom: arcs simplified to a tile unit, polygons rebuilt from them, land borders.
  for (int z = minzoom_; z <= maxzoom_; ++z) {
    Zoom& zw = zooms_.emplace_back();
    const double tolerance = geom::tile_span(z) / kExtent;
    std::vector<geom::Line> simple;
    simple.reserve(arcs.size());
    for (const auto& a : arcs) simple.push_back(geom::simplify(a, tolerance));
    std::vector<geom::Box> part_boxes, border_boxes;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
      geom::Polygon p = geom::assemble(topo, simple, i);
      if (p.empty()) continue;
      zw.parts.emplace_back(std::move(p));
      zw.part_shape.push_back(owner[i]);
      part_boxes.push_back(zw.parts.back().bounds);
    }
    for (std::size_t a = 0; a < simple.size(); ++a) {
      const auto& o = topo.owners[a];
      if (o.size() < 2 || simple[a].size() < 2) continue;
      border_boxes.push_back(geom::bounds(simple[a]));
      zw.borders.push_back(std::move(simple[a]));
    }
    zw.part_index = GridIndex(part_boxes, 64);
    zw.border_index = GridIndex(border_boxes, 64);
  }
}

std::string VectorWorld::tile(geom::TileId t, VectorTileStats* stats) const {
  if (t.z < minzoom_ || t.z > maxzoom_) return {};
  VectorTileStats own;
  std::string out = encode(t, zoom(t.z), own);
  const std::size_t first = out.size();
  int level = t.z;
  while (out.size() > rq_.tile_cap && level > minzoom_) {
    own = {};
    out = encode(t, zoom(--level), own);
  }
  if (first > rq_.tile_cap) {
    ++own.capped;
    if (rq_.warn) {
      const std::string name = std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y);
      rq_.warn(out.size() <= rq_.tile_cap
                   ? "tile " + name + " was " + std::to_string(first / 1024) + " KB, over the " +
                         std::to_string(rq_.tile_cap / 1024) + " KB cap: borders simplified as for zoom " +
                         std::to_string(level) + ", now " + std::to_string(out.size() / 1024) + " KB"
                   : "tile " + name + " is " + std::to_string(out.size() / 1024) + " KB, over the " +
                         std::to_string(rq_.tile_cap / 1024) + " KB cap even with the borders of zoom " +
                         std::to_string(level) + " (kept as it is)");
    }
  }
  if (stats) {
    stats->features += own.features;
    stats->raw_bytes += own.raw_bytes;
    stats->capped += own.capped;
  }
  return out;
}

std::string VectorWorld::encode(geom::TileId t, const Zoom& zw, VectorTileStats& stats) const {
  const Frame frame{geom::tile_bounds(t), geom::tile_span(t.z) / kExtent};
  const geom::Box box = frame.bounds.buffered(frame.unit * kBuffer);

  thread_local geom::RectClipper clipper(box);
  thread_local geom::Polygon clipped;
  thread_local geom::MultiLine pieces;
  thread_local std::vector<std::uint32_t> ids;
  thread_local std::vector<mvt::IPoint> pts;
  clipper.set_box(box);
  mvt::GeometryWriter gw;

  mvt::Layer countries("countries", kExtent), memberships("memberships", kExtent), borders("boundaries", kExtent),
      labels("labels", kExtent), places("places", kExtent), events("events", kExtent);

  // Countries, and their memberships with the same geometry.
  std::uint32_t shape = UINT32_MAX;
  auto flush = [&] {
    if (shape == UINT32_MAX || gw.empty()) return;
    const Shape& s = shapes_[shape];
    countries.add(mvt::GeomType::Polygon, gw.commands(), {{"iso_a3", s.code}, {"name", s.name}, {"name_fr", s.name_fr}},
                  shape + 1);
    for (const data::Membership* m : s.memberships) {
      const std::string from = m->from.str(), to = m->to ? m->to->str() : std::string();
      memberships.add(mvt::GeomType::Polygon, gw.commands(),
                      {{"iso_a3", s.code}, {"bloc", m->bloc}, {"role", m->role}, {"from", from}, {"to", to}},
                      static_cast<std::uint64_t>(m - rq_.blocs->rows().data()) + 1);
    }
  };
  zw.part_index.query(box, ids);  // ascending: a shape's parts are consecutive
  for (const std::uint32_t p : ids) {
    if (zw.part_shape[p] != shape) {
      flush();
      gw.clear();
      shape = zw.part_shape[p];
    }
    clipper.clip(zw.parts[p], clipped);
    if (clipped.empty()) continue;
    for (const geom::Polygon& poly : geom::organize_rings(clipped)) {
      bool outer = true;
      for (const geom::Ring& r : poly.rings) {
        frame.quantize(r, pts);
        if (pts.size() > 1 && pts.back() == pts.front()) pts.pop_back();
        const std::int64_t a = pts.size() >= 3 ? area2(pts) : 0;
        if (a == 0) {
          if (outer) break;  // the outer ring collapsed at this zoom: so did its holes
          continue;
        }
        // Exterior rings have positive area in tile coordinates (y down), holes negative.
        if ((a > 0) != outer) std::reverse(pts.begin(), pts.end());
        gw.ring(pts);
        outer = false;
      }
    }
  }
  flush();

  // Land borders, each once.
  zw.border_index.query(box, ids);
  for (const std::uint32_t i : ids) {
    pieces.clear();
    clipper.clip(zw.borders[i], pieces);
    gw.clear();
    for (const auto& l : pieces) {
      frame.quantize(l, pts);
      if (pts.size() >= 2) gw.line(pts);
    }
    if (!gw.empty()) borders.add(mvt::GeomType::LineString, gw.commands(), {});
  }

  auto points = [&](const std::vector<PointFeature>& list, auto&& add) {
    for (const auto& f : list)
      if (box.contains(f.at)) {
        gw.clear();
        gw.point(frame(f.at));
        add(f.index);
      }
  };
  points(labels_, [&](std::uint32_t s) {
    labels.add(mvt::GeomType::Point, gw.commands(),
               {{"iso_a3", shapes_[s].code}, {"name", shapes_[s].name}, {"name_fr", shapes_[s].name_fr}}, s + 1);
  });
  points(places_, [&](std::uint32_t i) {
    const data::Place& p = (*rq_.places)[i];
    places.add(mvt::GeomType::Point, gw.commands(),
               {{"name", p.name},
                {"name_fr", p.name_fr},
                {"iso_a3", p.country},
                {"kind", p.kind},
                {"population", std::int64_t{p.population}}},
               i + 1);
  });
  points(events_, [&](std::uint32_t i) {
    const data::Event& e = (*rq_.events)[i];
    const std::string date = e.date.str();
    events.add(mvt::GeomType::Point, gw.commands(),
               {{"id", e.id},
                {"title", e.title},
                {"title_fr", e.title_fr},
                {"date", date},
                {"category", data::info(e.category).key},
                {"place", e.place},
                {"source", e.source}},
               i + 1);
  });

  const std::string raw = mvt::encode_tile({&countries, &memberships, &borders, &labels, &places, &events});
  if (raw.empty()) return {};
  stats.features += countries.features() + memberships.features() + borders.features() + labels.features() +
                    places.features() + events.features();
  stats.raw_bytes += raw.size();
  return gzip(raw);
}

std::string VectorWorld::vector_layers_json(int minzoom, int maxzoom) const {
  using nlohmann::json;
  auto layer = [&](const char* id, const char* description, json fields) {
    return json{{"id", id},
                {"description", description},
                {"minzoom", minzoom},
                {"maxzoom", maxzoom},
                {"fields", std::move(fields)}};
  };
  json layers = json::array();
  layers.push_back(layer("countries", "Country polygons (Natural Earth), one feature per country",
                         {{"iso_a3", "String"}, {"name", "String"}, {"name_fr", "String"}}));
  layers.push_back(
      layer("memberships", "One polygon per country, bloc, role and date interval (YYYY-MM-DD; to empty while open)",
            {{"iso_a3", "String"}, {"bloc", "String"}, {"role", "String"}, {"from", "String"}, {"to", "String"}}));
  layers.push_back(layer("boundaries", "Land borders between two countries, each once", json::object()));
  if (rq_.labels) {
    layers.push_back(layer("labels", "A point for each country's name, inside its largest part",
                           {{"iso_a3", "String"}, {"name", "String"}, {"name_fr", "String"}}));
    layers.push_back(layer("places", "National capitals",
                           {{"name", "String"},
                            {"name_fr", "String"},
                            {"iso_a3", "String"},
                            {"kind", "String"},
                            {"population", "Number"}}));
  }
  if (rq_.events)
    layers.push_back(layer("events", "Dated events (every date: filter by date)",
                           {{"id", "String"},
                            {"title", "String"},
                            {"title_fr", "String"},
                            {"date", "String"},
                            {"category", "String"},
                            {"place", "String"},
                            {"source", "String"}}));
  return layers.dump();
}

}  // namespace sahelmap::tiles
