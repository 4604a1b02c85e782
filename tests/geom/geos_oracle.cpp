#include "geom/geos_oracle.hpp"

#include <vector>

namespace sahelmap::test {

GEOSGeometry* Geos::ring(const geom::Ring& r) const {
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx_, &r[0].x, static_cast<unsigned>(r.size()), 0, 0);
  return GEOSGeom_createLinearRing_r(ctx_, seq);
}

Geos::Ptr Geos::polygons(const geom::MultiPolygon& mp) const {
  std::vector<GEOSGeometry*> polys;
  for (const auto& p : mp) {
    std::vector<GEOSGeometry*> holes;
    for (std::size_t i = 1; i < p.rings.size(); ++i) holes.push_back(ring(p.rings[i]));
    polys.push_back(
        GEOSGeom_createPolygon_r(ctx_, ring(p.rings[0]), holes.data(), static_cast<unsigned>(holes.size())));
  }
  return own(GEOSGeom_createCollection_r(ctx_, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())));
}

Geos::Ptr Geos::soup(const geom::Polygon& rings, bool* repaired) const {
  Ptr g = polygons(geom::organize_rings(rings));
  if (repaired) *repaired = false;
  if (!valid(g.get())) {
    if (repaired) *repaired = true;
    g = own(GEOSMakeValid_r(ctx_, g.get()));
  }
  return g;
}

Geos::Ptr Geos::rect(const geom::Box& b) const {
  return polygons(
      {geom::Polygon{{{{b.minx, b.miny}, {b.maxx, b.miny}, {b.maxx, b.maxy}, {b.minx, b.maxy}, {b.minx, b.miny}}}}});
}

double Geos::area(const GEOSGeometry* g) const {
  double a = 0;
  GEOSArea_r(ctx_, g, &a);
  return a;
}

geom::MultiPolygon Geos::read(const GEOSGeometry* g) const {
  geom::MultiPolygon out;
  const int type = GEOSGeomTypeId_r(ctx_, g);
  auto read_ring = [&](const GEOSGeometry* r) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx_, r);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(ctx_, seq, &n);
    geom::Ring ring(n);
    if (n) GEOSCoordSeq_copyToBuffer_r(ctx_, seq, &ring[0].x, 0, 0);
    return ring;
  };
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx_, g)) return out;
    geom::Polygon p;
    p.rings.push_back(read_ring(GEOSGetExteriorRing_r(ctx_, g)));
    for (int i = 0; i < GEOSGetNumInteriorRings_r(ctx_, g); ++i)
      p.rings.push_back(read_ring(GEOSGetInteriorRingN_r(ctx_, g, i)));
    out.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx_, g); ++i) {
      auto part = read(GEOSGetGeometryN_r(ctx_, g, i));
      out.insert(out.end(), part.begin(), part.end());
    }
  }
  return out;
}

double Geos::sym_difference_area(const GEOSGeometry* a, const GEOSGeometry* b) const {
  Ptr d = own(GEOSSymDifference_r(ctx_, a, b));
  return d ? area(d.get()) : -1;
}

}  // namespace sahelmap::test
