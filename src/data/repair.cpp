#define GEOS_USE_ONLY_R_API
#include "data/repair.hpp"

#include <geos_c.h>

#include <algorithm>
#include <string>

#include "util/error.hpp"

namespace sahelmap::data {

namespace {
void geos_notice(const char*, void*) {}
void geos_error(const char* msg, void* user) {
  *static_cast<std::string*>(user) = msg;
}
}  // namespace

struct Geos::Impl {
  // The context is declared first so it is destroyed last.
  GEOSContextHandle_t ctx;
  std::string last_error;

  Impl() : ctx(GEOS_init_r()) {
    if (!ctx) throw Error("GEOS: cannot create a context");
    GEOSContext_setNoticeMessageHandler_r(ctx, geos_notice, nullptr);
    GEOSContext_setErrorMessageHandler_r(ctx, geos_error, &last_error);
  }
  ~Impl() { GEOS_finish_r(ctx); }

  struct Deleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
  };
  using Ptr = std::unique_ptr<GEOSGeometry, Deleter>;

  Ptr own(GEOSGeometry* g) {
    if (!g) throw Error("GEOS: " + (last_error.empty() ? std::string("operation failed") : last_error));
    return Ptr(g, Deleter{ctx});
  }

  GEOSGeometry* ring(const geom::Ring& r) {
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx, &r[0].x, static_cast<unsigned>(r.size()), 0, 0);
    return GEOSGeom_createLinearRing_r(ctx, seq);
  }

  Ptr to_geos(const geom::MultiPolygon& mp) {
    std::vector<GEOSGeometry*> polys;
    for (const auto& p : mp) {
      if (p.rings.empty() || p.rings[0].size() < 4) continue;
      GEOSGeometry* shell = ring(p.rings[0]);
      std::vector<GEOSGeometry*> holes;
      for (std::size_t i = 1; i < p.rings.size(); ++i)
        if (p.rings[i].size() >= 4) holes.push_back(ring(p.rings[i]));
      polys.push_back(GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size())));
    }
    return own(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())));
  }

  void read_ring(const GEOSGeometry* r, geom::Ring& out) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, r);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(ctx, seq, &n);
    out.resize(n);
    if (n) GEOSCoordSeq_copyToBuffer_r(ctx, seq, &out[0].x, 0, 0);
  }

  void collect(const GEOSGeometry* g, geom::MultiPolygon& out) {
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_POLYGON) {
      if (GEOSisEmpty_r(ctx, g)) return;
      geom::Polygon p;
      p.rings.emplace_back();
      read_ring(GEOSGetExteriorRing_r(ctx, g), p.rings.back());
      const int holes = GEOSGetNumInteriorRings_r(ctx, g);
      for (int i = 0; i < holes; ++i) {
        p.rings.emplace_back();
        read_ring(GEOSGetInteriorRingN_r(ctx, g, i), p.rings.back());
      }
      out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
      const int n = GEOSGetNumGeometries_r(ctx, g);
      for (int i = 0; i < n; ++i) collect(GEOSGetGeometryN_r(ctx, g, i), out);
    }  // points and lines from MakeValid carry no area: dropped
  }
};

Geos::Geos() : impl_(std::make_unique<Impl>()) {}
Geos::~Geos() = default;

bool Geos::make_valid(geom::MultiPolygon& mp) {
  auto g = impl_->to_geos(mp);
  if (GEOSisValid_r(impl_->ctx, g.get()) == 1) return false;
  // The "structure" method (GEOS 3.10): rings unioned as areas. For the invalid countries of
  // world-atlas 1:10m it draws the same pixels as the default "linework" method, four times
  // faster (Canada 1.39 s -> 0.37 s).
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(impl_->ctx);
  GEOSMakeValidParams_setMethod_r(impl_->ctx, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(impl_->ctx, params, 0);
  auto fixed = impl_->own(GEOSMakeValidWithParams_r(impl_->ctx, g.get(), params));
  GEOSMakeValidParams_destroy_r(impl_->ctx, params);
  geom::MultiPolygon out;
  impl_->collect(fixed.get(), out);
  mp.swap(out);
  normalize_orientation(mp);
  return true;
}

void normalize_orientation(geom::MultiPolygon& mp) {
  for (auto& p : mp)
    for (std::size_t i = 0; i < p.rings.size(); ++i) {
      const bool ccw = geom::signed_area(p.rings[i]) > 0;
      if ((i == 0) != ccw) std::reverse(p.rings[i].begin(), p.rings[i].end());
    }
}

std::string geos_version() {
  const std::string v = GEOSversion();  // "3.11.1-CAPI-1.17.1"
  return "GEOS " + v.substr(0, v.find('-'));
}

}  // namespace sahelmap::data
