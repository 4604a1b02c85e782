#include "proj/projection.hpp"

#include <geodesic.h>
#include <proj.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "util/error.hpp"

namespace sahelmap::proj {

namespace {
struct ContextDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

constexpr double kRadToDeg = 57.29577951308232;

// PROJ's errno strings are generic ("Unknown error (code 4096)"); its log says what went wrong.
struct Log {
  std::string last;
};
void log_to(void* user, int, const char* msg) {
  if (msg) static_cast<Log*>(user)->last = msg;
}

std::string errno_text(PJ_CONTEXT* ctx, const Log& log) {
  if (!log.last.empty()) {
    std::string m = log.last;
    if (auto p = m.find("proj_create: "); p == 0) m = m.substr(13);
    for (char& c : m)
      if (c == '\n') c = ' ';
    return m;
  }
  const int e = proj_context_errno(ctx);
  const char* s = e ? proj_context_errno_string(ctx, e) : nullptr;
  return s ? s : "not recognised";
}
}  // namespace

std::string normalize_crs_text(const std::string& text) {
  std::string t = text;
  const auto b = t.find_first_not_of(" \t");
  t = b == std::string::npos ? "" : t.substr(b);
  if (t.rfind("+proj=", 0) == 0 && t.find("+type=crs") == std::string::npos) t += " +type=crs";
  return t;
}

struct Projection::Impl {
  ContextPtr ctx;  // first member: destroyed last
  Log log;
  PjPtr source, target, op;
  std::string target_text;
  bool geographic = false;
  double lon0 = 0, lat0 = 0, cap = 0;
  double max_lat = 90;
  std::string method_name;
  geom::Box area{-180, -90, 180, 90};
  double unit = 1;

  // A polar stereographic is centred on the pole whose neighbourhood it shows.
  double polar_latitude() {
    const PJ_COORD n = proj_trans(op.get(), PJ_FWD, proj_coord(0, 89.9, 0, 0));
    const PJ_COORD s = proj_trans(op.get(), PJ_FWD, proj_coord(0, -89.9, 0, 0));
    proj_errno_reset(op.get());
    const double dn = std::hypot(n.xy.x, n.xy.y), ds = std::hypot(s.xy.x, s.xy.y);
    return !std::isfinite(ds) || (std::isfinite(dn) && dn < ds) ? 90 : -90;
  }

  PjPtr crs(const std::string& text) {
    const std::string t = normalize_crs_text(text);
    if (t.empty()) throw Error("empty CRS");
    log.last.clear();
    PjPtr p(proj_create(ctx.get(), t.c_str()));
    if (!p) throw Error("unknown CRS '" + text + "': " + errno_text(ctx.get(), log));
    if (!proj_is_crs(p.get())) throw Error("'" + text + "' is not a CRS");
    return p;
  }

  void read_target_facts() {
    const PJ_TYPE type = proj_get_type(target.get());
    geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    double w, s, e, n;
    if (proj_get_area_of_use(ctx.get(), target.get(), &w, &s, &e, &n, nullptr) && w > -1000 && s > -1000 && e > -1000 &&
        n > -1000 && s < n) {
      // An area crossing the antimeridian (w > e) is left as the whole world of longitudes.
      area = w <= e ? geom::Box{w, s, e, n} : geom::Box{-180, s, 180, n};
    }
    PjPtr conv(proj_crs_get_coordoperation(ctx.get(), target.get()));
    if (conv) {
      // Mercator runs to infinity at the poles; web maps stop where the world is square.
      const char* method = nullptr;
      proj_coordoperation_get_method_info(ctx.get(), conv.get(), &method, nullptr, nullptr);
      const std::string_view m = method ? method : "";
      method_name = m;
      if (m.find("Mercator") != std::string_view::npos && m.find("Transverse") == std::string_view::npos &&
          m.find("Oblique") == std::string_view::npos) {
        constexpr double kMercatorLimit = 85.0511287798066;
        area.miny = std::max(area.miny, -kMercatorLimit);
        area.maxy = std::min(area.maxy, kMercatorLimit);
        max_lat = kMercatorLimit;
      }
      const int count = proj_coordoperation_get_param_count(ctx.get(), conv.get());
      bool have_lon = false, have_lat = false;
      double height = 0;
      for (int i = 0; i < count; ++i) {
        const char* name = nullptr;
        double value = 0, conv_factor = 0;
        proj_coordoperation_get_param(ctx.get(), conv.get(), i, &name, nullptr, nullptr, &value, nullptr, &conv_factor,
                                      nullptr, nullptr, nullptr, nullptr);
        const std::string_view nm = name ? name : "";
        const bool centre = nm.find("origin") != std::string_view::npos ||
                            nm.find("centre") != std::string_view::npos || nm.find("center") != std::string_view::npos;
        if (!have_lon && nm.find("Longitude of") != std::string_view::npos && centre)
          lon0 = value * conv_factor * kRadToDeg, have_lon = true;
        if (!have_lat && nm.find("Latitude of") != std::string_view::npos && centre)
          lat0 = value * conv_factor * kRadToDeg, have_lat = true;
        if (nm.find("height") != std::string_view::npos) height = value * conv_factor;
      }
      // What an azimuthal projection can show around its centre (PROJ fails beyond it, or
      // the map would tear: the antipode of a Lambert or equidistant azimuthal is a circle).
      if (m.find("Orthographic") != std::string_view::npos)
        cap = 89.999;
      else if (m.find("Perspective") != std::string_view::npos && height > 0)
        cap = std::acos(6378137.0 / (6378137.0 + height)) * kRadToDeg - 0.001;
      else if (m.find("Gnomonic") != std::string_view::npos)
        cap = 75;
      else if (m.find("Stereographic") != std::string_view::npos)
        cap = 90;
      else if (m.find("Azimuthal") != std::string_view::npos)
        cap = 179;
      // Polar variants name their latitude otherwise ("Latitude of standard parallel").
      if (m.find("Polar") != std::string_view::npos) {
        lat0 = polar_latitude();
      }
    }
    PjPtr cs(proj_crs_get_coordinate_system(ctx.get(), target.get()));
    if (cs) {
      double factor = 1;
      if (proj_cs_get_axis_info(ctx.get(), cs.get(), 0, nullptr, nullptr, nullptr, &factor, nullptr, nullptr, nullptr))
        unit = geographic ? factor * 6378137.0 : factor;
    }
  }
};

Projection::Projection(const std::string& target, const std::string& source) : impl_(std::make_unique<Impl>()) {
  impl_->ctx.reset(proj_context_create());
  if (!impl_->ctx) throw Error("PROJ: cannot create a context");
  proj_log_level(impl_->ctx.get(), PJ_LOG_ERROR);
  proj_log_func(impl_->ctx.get(), &impl_->log, log_to);
  impl_->target_text = target;
  impl_->source = impl_->crs(source);
  impl_->target = impl_->crs(target);
  PjPtr op(
      proj_create_crs_to_crs_from_pj(impl_->ctx.get(), impl_->source.get(), impl_->target.get(), nullptr, nullptr));
  if (!op) throw Error("no transformation to CRS '" + target + "': " + errno_text(impl_->ctx.get(), impl_->log));
  impl_->op.reset(proj_normalize_for_visualization(impl_->ctx.get(), op.get()));
  if (!impl_->op) throw Error("CRS '" + target + "': " + errno_text(impl_->ctx.get(), impl_->log));
  impl_->read_target_facts();
}

Projection::~Projection() = default;
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;

namespace {
void run(PJ* op, PJ_DIRECTION dir, std::span<geom::Point> pts) {
  if (pts.empty()) return;
  proj_trans_generic(op, dir, &pts[0].x, sizeof(geom::Point), pts.size(), &pts[0].y, sizeof(geom::Point), pts.size(),
                     nullptr, 0, 0, nullptr, 0, 0);
  proj_errno_reset(op);
  for (auto& p : pts)
    if (!(std::abs(p.x) < 1e30 && std::abs(p.y) < 1e30)) p = {NAN, NAN};
}
}  // namespace

void Projection::forward(std::span<geom::Point> pts) const {
  run(impl_->op.get(), PJ_FWD, pts);
}
void Projection::inverse(std::span<geom::Point> pts) const {
  run(impl_->op.get(), PJ_INV, pts);
}
geom::Point Projection::forward(geom::Point p) const {
  forward(std::span(&p, 1));
  return p;
}
geom::Point Projection::inverse(geom::Point p) const {
  inverse(std::span(&p, 1));
  return p;
}
double geodesic_distance(geom::Point a, geom::Point b) {
  static const geod_geodesic wgs84 = [] {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    return g;
  }();
  double s12 = 0;
  geod_inverse(&wgs84, a.y, a.x, b.y, b.x, &s12, nullptr, nullptr);
  return s12;
}

const std::string& Projection::target() const {
  return impl_->target_text;
}
bool Projection::target_geographic() const {
  return impl_->geographic;
}
double Projection::central_meridian() const {
  return impl_->lon0;
}
geom::Box Projection::area_of_use() const {
  return impl_->area;
}
double Projection::latitude_limit() const {
  return impl_->max_lat;
}
double Projection::unit_to_metre() const {
  return impl_->unit;
}
double Projection::azimuthal_radius() const {
  return impl_->cap;
}
geom::Point Projection::centre() const {
  return {impl_->lon0, impl_->lat0};
}

std::string Projection::name() const {
  const char* n = proj_get_name(impl_->target.get());
  const std::string out = n ? n : "";
  if (out.empty() || out == "unknown" || out == "unnamed") return {};
  const char* auth = proj_get_id_auth_name(impl_->target.get(), 0);
  const char* code = proj_get_id_code(impl_->target.get(), 0);
  return auth && code ? out + " (" + auth + ":" + code + ")" : out;
}

const std::string& Projection::method() const {
  return impl_->method_name;
}

std::string Projection::centred_on(double lon) const {
  if (impl_->cap > 0) return {};
  const char* text = proj_as_proj_string(impl_->ctx.get(), impl_->target.get(), PJ_PROJ_5, nullptr);
  if (!text) return {};
  std::string t = text;
  if (impl_->geographic) {
    const auto p = t.find("+proj=longlat");
    if (p == std::string::npos) return {};
    t.replace(p, std::string("+proj=longlat").size(), "+proj=eqc");
  }
  char value[32];
  std::snprintf(value, sizeof value, "%.6g", std::remainder(lon, 360.0));
  const auto at = t.find("+lon_0=");
  if (at != std::string::npos) {
    const auto end = t.find(' ', at);
    t.replace(at, (end == std::string::npos ? t.size() : end) - at, std::string("+lon_0=") + value);
  } else {
    const auto end = t.find(' ');
    if (end == std::string::npos) return {};
    t.insert(end, std::string(" +lon_0=") + value);
  }
  return t;
}

bool Projection::crosses_edge(const geom::Box& b) const {
  if (impl_->cap > 0 || b.width() >= 360) return false;
  const double cut = impl_->lon0 + 180;
  for (const double c : {cut - 720, cut - 360, cut, cut + 360})
    if (b.minx < c - 1e-9 && c + 1e-9 < b.maxx) return true;
  return false;
}

std::string proj_version() {
  return std::string("PROJ ") + proj_info().version;
}

}  // namespace sahelmap::proj
