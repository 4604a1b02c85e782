#include "data/boundaries.hpp"

#include <cpl_vsi.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <queue>
#include <system_error>
#include <thread>

#include "data/gdal.hpp"
#include "data/repair.hpp"
#include "geom/antimeridian.hpp"
#include "util/error.hpp"

namespace sahelmap::data {

namespace {

bool exists(const std::string& path) {
  VSIStatBufL st;
  return VSIStatL(path.c_str(), &st) == 0;
}

std::string with_vsizip(const std::string& path) {
  const bool zip = path.size() > 4 && EQUAL(path.c_str() + path.size() - 4, ".zip");
  return zip && path.rfind("/vsi", 0) != 0 ? "/vsizip/" + path : path;
}

struct Converter {
  const std::string& where;
  bool geographic;
  std::size_t closed = 0;

  void ring(const OGRLinearRing& r, geom::Ring& out, const std::string& feature) {
    out.clear();
    out.reserve(static_cast<std::size_t>(r.getNumPoints()) + 1);
    for (int i = 0; i < r.getNumPoints(); ++i) {
      const geom::Point p{r.getX(i), r.getY(i)};
      if (!std::isfinite(p.x) || !std::isfinite(p.y))
        throw Error(where + ": feature " + feature + ": coordinate is not a finite number");
      if (geographic && (std::abs(p.x) > 180 + 1e-6 || std::abs(p.y) > 90 + 1e-6))
        throw Error(where + ": feature " + feature + ": coordinate (" + std::to_string(p.x) + ", " +
                    std::to_string(p.y) + ") is outside the lon/lat range");
      out.push_back(p);
    }
    if (!out.empty() && !(out.front() == out.back())) {
      out.push_back(out.front());
      ++closed;
    }
  }

  void add(const OGRGeometry* g, geom::MultiPolygon& out, const std::string& feature) {
    if (!g || g->IsEmpty()) return;
    switch (wkbFlatten(g->getGeometryType())) {
      case wkbPolygon: {
        const auto* poly = g->toPolygon();
        geom::Polygon p;
        for (const OGRLinearRing* r : *poly) {
          p.rings.emplace_back();
          ring(*r, p.rings.back(), feature);
          if (p.rings.back().size() < 4) p.rings.pop_back();
        }
        if (!p.rings.empty()) out.push_back(std::move(p));
        break;
      }
      case wkbMultiPolygon:
      case wkbGeometryCollection:
      case wkbMultiSurface:
        for (const OGRGeometry* part : *g->toGeometryCollection()) add(part, out, feature);
        break;
      case wkbCurvePolygon: {
        std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
        add(lin.get(), out, feature);
        break;
      }
      default:
        break;  // points and lines have no area to fill
    }
  }
};

// Spherical polygons across the antimeridian (world-atlas) become planar ones within +-180.
void unstitch(geom::MultiPolygon& mp) {
  bool any = false;
  for (const auto& p : mp) any = any || geom::crosses_antimeridian(p);
  if (!any) return;
  geom::MultiPolygon out;
  for (const auto& p : mp) {
    if (!geom::crosses_antimeridian(p)) {
      out.push_back(p);
      continue;
    }
    for (const auto& piece : geom::split_antimeridian(p))
      for (auto& q : geom::organize_rings(piece)) out.push_back(std::move(q));
  }
  mp.swap(out);
}

}  // namespace

std::pair<std::string, std::string> split_layer(const std::string& spec) {
  if (exists(with_vsizip(spec))) return {spec, {}};
  const auto colon = spec.rfind(':');
  if (colon != std::string::npos && colon > 0 && spec.find('/', colon) == std::string::npos)
    return {spec.substr(0, colon), spec.substr(colon + 1)};
  return {spec, {}};
}

Boundaries load_boundaries(const std::string& spec, const CountryTable& table) {
  auto [path, layer_name] = split_layer(spec);
  Boundaries b;
  b.source = path;
  auto ds = open_vector(with_vsizip(path), user_vector_drivers());
  b.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";

  OGRLayer* layer = nullptr;
  if (!layer_name.empty()) {
    layer = ds->GetLayerByName(layer_name.c_str());
    if (!layer) {
      std::string names;
      for (auto* l : ds->GetLayers()) names += (names.empty() ? "" : ", ") + std::string(l->GetName());
      throw Error(path + ": no layer '" + layer_name + "' (layers: " + names + ")");
    }
  } else {
    layer = ds->GetLayerByName("countries");
    if (!layer) layer = ds->GetLayer(0);
    if (!layer) throw Error(path + ": contains no layers");
  }
  b.layer = layer->GetName();
  const std::string where = path + (layer_name.empty() ? "" : ":" + layer_name);

  if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
    char* wkt = nullptr;
    const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
    srs->exportToWkt(&wkt, opts);
    b.crs = wkt ? wkt : "";
    CPLFree(wkt);
    b.geographic = srs->IsGeographic();
  }
  if (b.crs.empty()) b.crs = "OGC:CRS84", b.geographic = true;

  // GDAL reads on this thread while the other cores cut each feature at the antimeridian and run
  // GEOS's validity check and repair on it (most of the time at 1:10m), the largest of those read
  // first: a large country taken last would leave one core working alone at the end (TopoJSON's
  // features all arrive at once, after its parse). This thread joins them once the file is read.
  // Results keep the file's order, so the output does not depend on the number of threads.
  Converter conv{where, b.geographic};
  struct Read {
    FeatureKeys keys;
    CountryShape shape;
    bool repaired = false;
  };
  std::deque<Read> read;  // grows while workers hold references to earlier elements
  std::mutex m;
  std::condition_variable ready;
  std::priority_queue<std::pair<std::size_t, std::size_t>> waiting;  // (points, index in `read`)
  bool done = false;
  std::exception_ptr failure;
  auto work = [&] {
    try {
      Geos geos;  // one GEOS context per thread
      for (;;) {
        Read* r = nullptr;
        {
          std::unique_lock lock(m);
          ready.wait(lock, [&] { return !waiting.empty() || done; });
          if (waiting.empty() || failure) return;
          r = &read[waiting.top().second];
          waiting.pop();
        }
        if (b.geographic) unstitch(r->shape.geometry);
        normalize_orientation(r->shape.geometry);
        r->repaired = geos.make_valid(r->shape.geometry);
      }
    } catch (...) {
      std::lock_guard lock(m);
      if (!failure) failure = std::current_exception();
    }
  };
  const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  std::vector<std::thread> pool;
  try {
    for (unsigned t = 1; t < cores; ++t) pool.emplace_back(work);
  } catch (const std::system_error&) {  // no threads to be had: this one does it all
  }
  auto close = [&] {  // no more features: workers end once the queue is empty
    {
      std::lock_guard lock(m);
      done = true;
    }
    ready.notify_all();
  };
  try {
    CPLErrorReset();
    for (auto& f : *layer) {
      ++b.features;
      Read r;
      FeatureKeys& keys = r.keys;
      for (const char* k : {"ADM0_A3", "ISO_A3", "ISO_A3_EH", "ISO3", "GU_A3", "SU_A3", "BRK_A3", "ADM0_A3_US"})
        if (auto v = field_string(*f, k); !v.empty()) keys.codes.push_back(v);
      for (const char* k : {"ISO_N3", "ISO_N3_EH", "UN_A3"})
        if (auto v = field_string(*f, k); !v.empty()) keys.numerics.push_back(v);
      if (auto v = field_string(*f, "id"); !v.empty()) keys.ids.push_back(v);
      for (const char* k : {"NAME", "NAME_LONG", "ADMIN", "NAME_EN", "COUNTRY", "GEOUNIT"})
        if (auto v = field_string(*f, k); !v.empty()) keys.names.push_back(v);
      r.shape.name = keys.names.empty() ? "#" + std::to_string(f->GetFID()) : keys.names.front();
      conv.add(f->GetGeometryRef(), r.shape.geometry, r.shape.name);
      if (r.shape.geometry.empty()) {
        ++b.skipped;
        continue;
      }
      std::size_t points = 0;
      for (const auto& poly : r.shape.geometry)
        for (const auto& ring : poly.rings) points += ring.size();
      {
        std::lock_guard lock(m);
        if (failure) break;
        waiting.emplace(points, read.size());
        read.push_back(std::move(r));
      }
      ready.notify_one();
    }
  } catch (...) {
    close();
    for (auto& t : pool) t.join();
    throw;
  }
  close();
  work();  // this thread helps with what is left
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  for (Read& r : read) {
    b.repaired += r.repaired;
    if (auto i = table.resolve(r.keys))
      r.shape.code = table[*i].code;
    else
      b.unmatched.push_back(r.shape.name);
    b.shapes.push_back(std::move(r.shape));
  }
  if (CPLGetLastErrorType() >= CE_Failure && b.shapes.empty())
    throw Error(where + ": cannot read features: " + gdal_last_error("read error"));
  if (b.shapes.empty() && b.features > 0)
    throw Error(where + ": no feature of layer '" + b.layer + "' (" + std::to_string(b.features) +
                " read) has a readable polygon: empty, point/line or broken geometry");
  if (b.shapes.empty()) throw Error(where + ": layer '" + b.layer + "' has no features");
  if (b.unmatched.size() == b.shapes.size()) {
    const bool no_fields = layer->GetLayerDefn()->GetFieldCount() == 0;
    throw Error(where + ": no feature joins to a country" +
                (no_fields
                     ? std::string(": the layer has no attributes (a .shp without its .dbf?)")
                     : std::string(": no ADM0_A3, ISO_A3, ISO_N3, id or NAME value matches shapes/countries.csv")));
  }
  b.closed = conv.closed;
  return b;
}

}  // namespace sahelmap::data
