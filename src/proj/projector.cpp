#include "proj/projector.hpp"

#include <algorithm>
#include <cmath>

#include "util/error.hpp"

namespace sahelmap::proj {

namespace {
constexpr double kDensifyDeg = 0.5;  // straight lon/lat edges longer than this become curves
constexpr double kNudge = 1e-7;      // degrees off the cut meridian (~1 cm)

double wrap180(double lon) {
  lon = std::fmod(lon + 180.0, 360.0);
  if (lon < 0) lon += 360.0;
  return lon - 180.0;
}
}  // namespace

Projector::Projector(const Projection& projection, const geom::Box& window) : projection_(projection) {
  const double limit = projection.latitude_limit();
  const double s = std::max(window.miny, -limit);
  const double n = std::min(window.maxy, limit);
  // Window longitudes as boxes inside [-180, 180].
  std::vector<std::pair<double, double>> lons;
  if (window.width() >= 360) {
    lons.push_back({-180, 180});
  } else {
    const double w = wrap180(window.minx);
    const double e = w + window.width();
    if (e <= 180)
      lons.push_back({w, e});
    else
      lons.push_back({w, 180}), lons.push_back({-180, e - 360});
  }
  // Halves either side of the projection's antimeridian; an azimuthal projection has none (its
  // edge is the horizon, handled on the sphere).
  const double cut = wrap180(projection.central_meridian() + 180.0);
  std::vector<std::pair<double, double>> halves;
  if (projection.azimuthal_radius() > 0) {
    horizon_.emplace(projection.centre(), projection.azimuthal_radius());
    antipode_ = {wrap180(projection.centre().x + 180.0), -projection.centre().y};
    halves.push_back({-180, 180});
  } else if (cut <= -180 + 1e-9 || cut >= 180 - 1e-9) {
    halves.push_back({-180, 180});
  } else {
    halves.push_back({-180, cut}), halves.push_back({cut, 180});
  }
  for (auto [w, e] : lons)
    for (auto [hw, he] : halves) {
      const double a = std::max(w, hw), b = std::min(e, he);
      if (a < b && s < n) {
        const bool on_cut_min = halves.size() == 2 && a == cut;
        const bool on_cut_max = halves.size() == 2 && b == cut;
        pieces_.push_back({geom::RectClipper({a, s, b, n}), on_cut_min ? a : NAN, on_cut_max ? b : NAN});
      }
    }
}

void Projector::finish(std::vector<geom::Point>& pts, const Piece& piece) const {
  for (auto& p : pts) {
    if (p.x == piece.nudge_min) p.x += kNudge;
    if (p.x == piece.nudge_max) p.x -= kNudge;
  }
  geom::densify(pts, kDensifyDeg);
  projection_.forward(pts);
}

geom::MultiPolygon Projector::polygons(const geom::MultiPolygon& lonlat) {
  geom::MultiPolygon out;
  geom::Polygon clipped;
  for (const auto& poly : lonlat)
    for (auto& piece : pieces_) {
      piece.clipper.clip(poly, clipped);
      if (clipped.empty()) continue;
      geom::Polygon projected;
      bool outer_kept = false;
      bool holds_antipode = false;
      for (std::size_t k = 0; k < clipped.rings.size(); ++k) {
        geom::Ring& ring = clipped.rings[k];
        if (horizon_) {
          geom::densify(ring, kDensifyDeg);
          ring = horizon_->clip_ring(ring);
          if (ring.size() < 4) continue;
        }
        if (k == 0 && horizon_) holds_antipode = geom::inside(ring, antipode_);
        finish(ring, piece);
        const bool ok = std::all_of(ring.begin(), ring.end(), [](const geom::Point& p) { return std::isfinite(p.x); });
        if (ok) {
          outer_kept = outer_kept || k == 0;
          projected.rings.push_back(std::move(ring));
        } else {
          ++dropped_;
        }
      }
      // An outer ring that encloses the invisible cap (a country around the antipode of a Lambert
      // azimuthal map's centre) comes out of the projection inside out: its inside is now the band
      // between it and the world's edge. The horizon becomes the outer ring and the country's ring
      // a hole in it, so the rest of the world is not filled with it. Asked of the ring on the
      // globe, not of its projected winding: a small island beside the antipode comes out as a
      // sliver along the rim whose winding may flip without its holding anything.
      const double projected_area = outer_kept ? geom::signed_area(projected.rings[0]) : 0;
      if (outer_kept && horizon_ && projection_.azimuthal_radius() > 90 && holds_antipode) {
        geom::Ring rim = horizon_->circle();
        projection_.forward(rim);
        if (std::all_of(rim.begin(), rim.end(), [](const geom::Point& p) { return std::isfinite(p.x); })) {
          // Wound against the country's ring as it now is, which makes that ring its hole.
          if ((geom::signed_area(rim) < 0) == (projected_area < 0)) std::reverse(rim.begin(), rim.end());
          projected.rings.insert(projected.rings.begin(), std::move(rim));
        } else {
          projected.rings.clear();
          ++dropped_;
        }
      }
      if (!projected.empty()) out.push_back(std::move(projected));
    }
  return out;
}

geom::MultiLine Projector::lines(const geom::MultiLine& lonlat) {
  geom::MultiLine out, pieces;
  for (const auto& line : lonlat)
    for (auto& piece : pieces_) {
      pieces.clear();
      piece.clipper.clip(line, pieces);
      if (horizon_) {
        geom::MultiLine visible;
        for (auto& l : pieces) {
          geom::densify(l, kDensifyDeg);
          for (auto& v : horizon_->clip_line(l)) visible.push_back(std::move(v));
        }
        pieces.swap(visible);
      }
      for (auto& l : pieces) {
        finish(l, piece);
        // Lines can be split where PROJ fails, unlike rings.
        geom::Line run;
        for (const auto& p : l) {
          if (std::isfinite(p.x)) {
            run.push_back(p);
          } else {
            if (run.size() >= 2) out.push_back(std::move(run));
            run.clear();
          }
        }
        if (run.size() >= 2) out.push_back(std::move(run));
      }
    }
  return out;
}

geom::MultiLine Projector::outlines(const geom::MultiPolygon& lonlat) {
  geom::MultiLine rings;
  for (const auto& poly : lonlat)
    for (const auto& r : poly.rings) rings.push_back(r);
  return lines(rings);
}

geom::Polygon Projector::domain() const {
  geom::Polygon d;
  if (horizon_) {
    geom::Ring r = horizon_->circle();
    projection_.forward(r);
    d.rings.push_back(std::move(r));
    return d;
  }
  for (const auto& piece : pieces_) {
    const geom::Box& b = piece.clipper.box();
    geom::Ring r{{b.minx, b.miny}, {b.maxx, b.miny}, {b.maxx, b.maxy}, {b.minx, b.maxy}, {b.minx, b.miny}};
    finish(r, piece);
    if (std::all_of(r.begin(), r.end(), [](const geom::Point& p) { return std::isfinite(p.x); }))
      d.rings.push_back(std::move(r));
  }
  return d;
}

geom::Box projected_extent(const Projection& projection, const geom::Box& lonlat) {
  // A grid, not just the boundary: the box may contain the projection's own edge (a world map
  // centred on 150 E has its edges at 30 W, inside the lon/lat box).
  std::vector<geom::Point> pts;
  constexpr int kSteps = 64;
  const double limit = projection.latitude_limit();  // Mercator stops at 85.0511
  const double s = std::max(lonlat.miny, -limit), n = std::min(lonlat.maxy, limit);
  for (int i = 0; i <= kSteps; ++i)
    for (int j = 0; j <= kSteps; ++j)
      pts.push_back({lonlat.minx + lonlat.width() * i / kSteps, s + (n - s) * j / kSteps});
  if (projection.azimuthal_radius() > 0) {
    // Only what the projection shows counts (a polar stereographic would otherwise run to
    // infinity), and its horizon, where it is in the box, is the edge of the map.
    const Horizon h(projection.centre(), projection.azimuthal_radius());
    std::erase_if(pts, [&](const geom::Point& p) { return !h.visible(p); });
    for (const auto& p : h.circle(360)) {
      const double lon = p.x < lonlat.minx ? p.x + 360 : p.x;
      if (lon >= lonlat.minx && lon <= lonlat.maxx && p.y >= lonlat.miny && p.y <= lonlat.maxy) pts.push_back(p);
    }
  }
  projection.forward(pts);
  geom::Box b;
  for (const auto& p : pts)
    if (std::isfinite(p.x)) b.expand(p);
  if (!b.valid() || !(b.width() > 0) || !(b.height() > 0))
    throw Error("the bbox cannot be shown in CRS '" + projection.target() + "'");
  return b;
}

geom::Box lonlat_window(const Projection& projection, const geom::Box& extent) {
  std::vector<geom::Point> pts;
  constexpr int kGrid = 24;
  for (int i = 0; i <= kGrid; ++i)
    for (int j = 0; j <= kGrid; ++j)
      pts.push_back({extent.minx + extent.width() * i / kGrid, extent.miny + extent.height() * j / kGrid});
  projection.inverse(pts);
  geom::Box b;
  bool failed = false;
  for (const auto& p : pts) {
    if (std::isfinite(p.x))
      b.expand(p);
    else
      failed = true;
  }
  if (!b.valid()) return {-180, -90, 180, 90};
  const double margin_x = 0.25 * b.width() + 2, margin_y = 0.25 * b.height() + 2;
  geom::Box w{b.minx - margin_x, std::max(-90.0, b.miny - margin_y), b.maxx + margin_x,
              std::min(90.0, b.maxy + margin_y)};
  // A window that straddles the antimeridian shows up as nearly 360 degrees of longitude;
  // failed points mean the map reaches the edge of the projection's world.
  if (failed || w.width() > 300) w.minx = -180, w.maxx = 180;
  if (failed) w.miny = -90, w.maxy = 90;
  return w;
}

}  // namespace sahelmap::proj
