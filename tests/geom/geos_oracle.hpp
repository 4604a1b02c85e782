#pragma once
// GEOS as the oracle for the clipping core (tests only): GEOSIntersection with the rectangle.
// Not GEOSClipByRect, which gets edges collinear with the rectangle wrong (GEOS PR #605).
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <memory>

#include "geom/geometry.hpp"

namespace sahelmap::test {

class Geos {
 public:
  struct Deleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const {
      if (g) GEOSGeom_destroy_r(ctx, g);
    }
  };
  using Ptr = std::unique_ptr<GEOSGeometry, Deleter>;

  Geos() : ctx_(GEOS_init_r()) {}
  ~Geos() { GEOS_finish_r(ctx_); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;

  GEOSContextHandle_t ctx() const { return ctx_; }
  Ptr own(GEOSGeometry* g) const { return Ptr(g, Deleter{ctx_}); }

  /// OGC polygons (rings[0] outer, the rest holes).
  Ptr polygons(const geom::MultiPolygon& mp) const;
  /// Ring soup as the clipper returns it, organized into polygons; repaired if GEOS finds it
  /// invalid (`repaired` set), which a correct clip of valid input should not need.
  Ptr soup(const geom::Polygon& rings, bool* repaired = nullptr) const;
  Ptr rect(const geom::Box& b) const;
  Ptr intersection(const GEOSGeometry* a, const GEOSGeometry* b) const { return own(GEOSIntersection_r(ctx_, a, b)); }
  Ptr clip_by_rect(const GEOSGeometry* a, const geom::Box& b) const {
    return own(GEOSClipByRect_r(ctx_, a, b.minx, b.miny, b.maxx, b.maxy));
  }
  double area(const GEOSGeometry* g) const;
  /// Polygonal parts back into our types.
  geom::MultiPolygon read(const GEOSGeometry* g) const;
  double sym_difference_area(const GEOSGeometry* a, const GEOSGeometry* b) const;
  bool valid(const GEOSGeometry* g) const { return GEOSisValid_r(ctx_, g) == 1; }

 private:
  GEOSGeometry* ring(const geom::Ring& r) const;
  GEOSContextHandle_t ctx_;
};

}  // namespace sahelmap::test
