#include "data/events.hpp"

#include <cpl_string.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/gdal.hpp"
#include "util/error.hpp"

namespace sahelmap::data {

const CategoryInfo& info(Category c) {
  return kCategories[static_cast<std::size_t>(c)];
}

std::optional<Category> parse_category(std::string_view key) {
  for (const auto& c : kCategories)
    if (c.key == key) return c.category;
  return std::nullopt;
}

namespace {
// CSV files carry their points in columns; the open options tell GDAL's CSV driver which.
// Not KEEP_GEOM_COLUMNS=NO: with it, GDAL 3.6's CSV driver crashes on a header that repeats the
// lon column (found by fuzz/fuzz_inputs). The extra lon/lat fields are harmless here.
GDALDatasetUniquePtr open_points(const std::string& path) {
  return open_vector(path, user_vector_drivers(),
                     {"X_POSSIBLE_NAMES=lon,longitude,x", "Y_POSSIBLE_NAMES=lat,latitude,y"});
}

// A date field as YYYY-MM-DD text, whether the driver typed it as a date (GeoJSON, GeoPackage)
// or left it as a string (CSV).
std::string date_text(OGRFeature& f, const char* name) {
  const int i = field_index(f.GetDefnRef(), name);
  if (i < 0 || !f.IsFieldSetAndNotNull(i)) return {};
  const OGRFieldType t = f.GetFieldDefnRef(i)->GetType();
  if (t == OFTDate || t == OFTDateTime) {
    int y, m, d, hh, mm, tz;
    float ss;
    f.GetFieldAsDateTime(i, &y, &m, &d, &hh, &mm, &ss, &tz);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  }
  return f.GetFieldAsString(i);
}

geom::Point point_of(OGRFeature& f, const std::string& where) {
  const OGRGeometry* g = f.GetGeometryRef();
  if (!g || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbPoint)
    throw Error(where + ": location is not a point");
  const auto* p = g->toPoint();
  const geom::Point q{p->getX(), p->getY()};
  if (!std::isfinite(q.x) || !std::isfinite(q.y) || std::abs(q.x) > 180 || std::abs(q.y) > 90)
    throw Error(where + ": location is not a lon/lat point");
  return q;
}
}  // namespace

std::vector<Event> load_events(const std::string& path) {
  auto ds = open_points(path);
  OGRLayer* layer = ds->GetLayer(0);
  if (!layer) throw Error(path + ": contains no layers");
  std::vector<Event> out;
  int n = 0;
  for (auto& f : *layer) {
    ++n;
    Event e;
    e.title = field_string(*f, "title");
    const std::string where = path + ": feature " + std::to_string(n) + (e.title.empty() ? "" : " (" + e.title + ")");
    if (e.title.empty()) throw Error(where + ": no title");
    const std::string date = date_text(*f, "date");
    if (date.empty()) throw Error(where + ": no date");
    try {
      e.date = Date::parse(date.substr(0, 10));
    } catch (const Error&) {
      throw Error(where + ": date '" + date + "' is not YYYY-MM-DD");
    }
    e.id = field_string(*f, "id");
    e.title_fr = field_string(*f, "title_fr");
    const std::string category = field_string(*f, "category");
    const auto known = parse_category(category);
    if (!known) {
      std::string list;
      for (const auto& c : kCategories) list += (list.empty() ? "" : ", ") + std::string(c.key);
      throw Error(where + ": unknown category '" + category + "' (one of " + list + ")");
    }
    e.category = *known;
    e.description = field_string(*f, "description");
    e.source = field_string(*f, "source");
    e.source_title = field_string(*f, "source_title");
    e.place = field_string(*f, "place");
    e.lonlat = point_of(*f, where);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Event> events_until(const std::vector<Event>& events, Date d) {
  std::vector<Event> out;
  for (const auto& e : events)
    if (e.date <= d) out.push_back(e);
  std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.date < b.date; });
  return out;
}

std::vector<Place> load_places(const std::string& path) {
  auto ds = open_points(path);
  OGRLayer* layer = ds->GetLayer(0);
  std::vector<Place> out;
  int n = 0;
  for (auto& f : *layer) {
    ++n;
    Place p;
    p.name = field_string(*f, "name");
    p.name_fr = field_string(*f, "name_fr");
    if (p.name_fr.empty()) p.name_fr = p.name;
    p.country = field_string(*f, "country");
    p.kind = field_string(*f, "kind");
    p.population = std::atol(field_string(*f, "population").c_str());
    p.lonlat = point_of(*f, path + ": line " + std::to_string(n + 1));
    out.push_back(std::move(p));
  }
  return out;
}

// "Publisher (Agency): Headline" -> "Publisher (Agency)"; else the web site's name.
std::string publisher(const Event& e) {
  const auto colon = e.source_title.find(": ");
  if (!e.source_title.empty()) return colon == std::string::npos ? e.source_title : e.source_title.substr(0, colon);
  std::string host = e.source;
  if (const auto p = host.find("://"); p != std::string::npos) host = host.substr(p + 3);
  host = host.substr(0, host.find('/'));
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

}  // namespace sahelmap::data
