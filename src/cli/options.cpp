#include "cli/options.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace sahelmap::cli {

namespace {
bool parse_double(std::string_view s, double& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return false;
  const std::string t(s);
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size() && std::isfinite(out);
}
}  // namespace

geom::Box parse_bbox(std::string_view text) {
  const std::string shown(text);
  std::vector<double> v;
  std::size_t b = 0;
  while (b <= text.size()) {
    const std::size_t e = std::min(text.find(',', b), text.size());
    double d;
    if (!parse_double(text.substr(b, e - b), d))
      throw UsageError("bbox '" + shown + "': expected four numbers W,S,E,N");
    v.push_back(d);
    b = e + 1;
  }
  if (v.size() != 4) throw UsageError("bbox '" + shown + "': expected four numbers W,S,E,N");
  // GeoJSON (RFC 7946, 5.2) writes a box across the antimeridian with west > east: 170,-20,-170,10
  // is the 40 degrees around 180, the same box as 170,-20,190,10.
  const bool geojson_crossing = v[0] > v[2] && v[0] <= 180 && v[2] >= -180;
  const geom::Box box{v[0], v[1], geojson_crossing ? v[2] + 360 : v[2], v[3]};
  if (box.miny < -90 || box.maxy > 90) throw UsageError("bbox '" + shown + "': latitudes must be within -90..90");
  if (box.minx < -180 || box.minx > 180 || box.maxx < -180 || box.maxx > 540)
    throw UsageError("bbox '" + shown +
                     "': longitudes must be within -180..180 (east up to 540 across the antimeridian)");
  if (!(box.miny < box.maxy)) throw UsageError("bbox '" + shown + "': south must be less than north");
  if (!(box.minx < box.maxx)) throw UsageError("bbox '" + shown + "': west and east must differ");
  if (box.width() > 360) throw UsageError("bbox '" + shown + "': wider than 360 degrees");
  return box;
}

std::pair<int, int> parse_size(std::string_view text) {
  const std::string shown(text);
  const auto x = text.find('x');
  int w = 0, h = 0;
  auto num = [](std::string_view s, int& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  if (x == std::string_view::npos || !num(text.substr(0, x), w) || !num(text.substr(x + 1), h))
    throw UsageError("size '" + shown + "': expected WIDTHxHEIGHT in pixels, e.g. 2000x1400");
  if (w < 16 || h < 16 || w > 30000 || h > 30000)
    throw UsageError("size '" + shown + "': each side must be 16..30000 pixels");
  return {w, h};
}

const std::vector<Preset>& presets() {
  static const std::vector<Preset> p{
      {"a3", 4961, 3508, 300, "A3 landscape print, 300 dpi"},
      {"a3-portrait", 3508, 4961, 300, "A3 portrait print, 300 dpi"},
      {"a2", 7016, 4961, 300, "A2 landscape print, 300 dpi"},
      {"a2-portrait", 4961, 7016, 300, "A2 portrait print, 300 dpi"},
      {"social", 1080, 1080, 144, "square social card"},
      {"social-wide", 1200, 675, 120, "16:9 social card"},
      {"web", 1600, 900, 120, "web page graphic"},
  };
  return p;
}

const Preset& find_preset(const std::string& name) {
  for (const auto& p : presets())
    if (name == p.name) return p;
  std::string names;
  for (const auto& p : presets()) names += (names.empty() ? "" : ", ") + std::string(p.name);
  throw UsageError("preset '" + name + "': use one of " + names);
}

std::pair<int, int> parse_zooms(std::string_view text) {
  const std::string shown(text);
  auto num = [](std::string_view s, int& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  int a = 0, b = 0;
  const auto dash = text.find('-');
  const bool ok = dash == std::string_view::npos ? (num(text, a) && (b = a, true))
                                                 : num(text.substr(0, dash), a) && num(text.substr(dash + 1), b);
  if (!ok) throw UsageError("zooms '" + shown + "': expected MIN-MAX, e.g. 0-9");
  if (a < 0 || b > 22) throw UsageError("zooms '" + shown + "': zoom levels run from 0 to 22");
  if (a > b) throw UsageError("zooms '" + shown + "': the first zoom must not exceed the last");
  return {a, b};
}

std::string default_crs(const geom::Box& bbox) {
  double lon = (bbox.minx + bbox.maxx) / 2;
  if (lon > 180) lon -= 360;
  const double lat = (bbox.miny + bbox.maxy) / 2;
  char buf[128];
  if (bbox.width() > 150 || bbox.height() > 100) {  // a world view: Equal Earth
    std::snprintf(buf, sizeof buf, "+proj=eqearth +lon_0=%.4g +datum=WGS84 +units=m +no_defs", lon);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "+proj=laea +lat_0=%.4g +lon_0=%.4g +datum=WGS84 +units=m +no_defs", lat, lon);
  return buf;
}

}  // namespace sahelmap::cli
