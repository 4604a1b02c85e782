#pragma once
// Country boundaries from any OGR polygon source, joined to the country table.
#include <cstddef>
#include <string>
#include <vector>

#include "data/countries.hpp"
#include "geom/geometry.hpp"

namespace sahelmap::data {

struct CountryShape {
  std::string code;             // country table code; empty when the join found nothing
  std::string name;             // as the data spells it (for messages)
  geom::MultiPolygon geometry;  // source CRS, traditional x/y (lon/lat) order; outer rings CCW
};

struct Boundaries {
  std::string source, layer, driver;
  std::string crs;  // the layer's CRS as WKT, or "OGC:CRS84" when the source has none (TopoJSON)
  bool geographic = true;
  std::vector<CountryShape> shapes;
  std::size_t features = 0, skipped = 0, repaired = 0;
  std::size_t closed = 0;              // rings whose last point was not their first (closed here)
  std::vector<std::string> unmatched;  // names of features the join could not place
};

/// Loads `spec` = PATH[:LAYER]. PATH is anything GDAL opens (shapefile, .zip or /vsizip/,
/// GeoJSON, TopoJSON, GeoPackage); without LAYER the layer named "countries" is used if there is
/// one, else the first. Invalid polygons are repaired with GEOS.
/// @throws Error naming the input: missing file, unknown layer, no polygons, non-finite or
///         out-of-range coordinates, or no feature that joins to a country (a .shp without
///         its .dbf, a layer of something else).
Boundaries load_boundaries(const std::string& spec, const CountryTable& table);

/// Splits PATH[:LAYER]; PATH may itself contain ':' (/vsizip/, drive letters) when it exists.
std::pair<std::string, std::string> split_layer(const std::string& spec);

}  // namespace sahelmap::data
