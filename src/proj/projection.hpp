#pragma once
// The PROJ edge: one context and one normalized transformation per object (STYLE.md 5).
// Not thread-safe: give each thread its own Projection.
#include <memory>
#include <span>
#include <string>

#include "geom/geometry.hpp"

namespace sahelmap::proj {

class Projection {
 public:
  /// Transformation from `source` to `target`, both anything proj_create() accepts (EPSG:3857,
  /// WKT, PROJJSON, "+proj=laea +lat_0=13"); a bare "+proj=" string is taken as a CRS. Both
  /// are normalized for visualization: x = longitude/easting, y = latitude/northing.
  /// @throws Error "unknown CRS '...': <PROJ's reason>".
  explicit Projection(const std::string& target, const std::string& source = "OGC:CRS84");
  ~Projection();
  Projection(Projection&&) noexcept;
  Projection& operator=(Projection&&) noexcept;

  /// In place. Points PROJ cannot transform get non-finite coordinates.
  void forward(std::span<geom::Point> pts) const;
  void inverse(std::span<geom::Point> pts) const;
  geom::Point forward(geom::Point p) const;
  geom::Point inverse(geom::Point p) const;

  const std::string& target() const;
  bool target_geographic() const;
  /// The target's central meridian in degrees (0 when it has none).
  double central_meridian() const;
  /// The target's area of use in lon/lat, or the whole world when PROJ does not know it.
  geom::Box area_of_use() const;
  /// The latitude beyond which the projection cannot go (85.0511 for Mercator, else 90). The area
  /// of use is advice; this is a limit.
  double latitude_limit() const;
  /// Metres per target unit along x (1 for metres, ~111 km for degrees at the equator).
  double unit_to_metre() const;
  /// For azimuthal projections (orthographic, stereographic, gnomonic, Lambert azimuthal,
  /// azimuthal equidistant, vertical perspective): the angular radius in degrees of the cap around
  /// the centre that they show; 0 for the others.
  double azimuthal_radius() const;
  /// The target's centre (longitude and latitude of origin), degrees.
  geom::Point centre() const;
  /// The target's own name with its code, as PROJ knows it ("WGS 84 / UTM zone 31N
  /// (EPSG:32631)"); empty for a CRS written as a PROJ string, which has none.
  std::string name() const;
  /// The target's projection method as PROJ names it ("Lambert Azimuthal Equal Area"); empty for
  /// a geographic CRS.
  const std::string& method() const;
  /// The same projection with its central meridian at `lon` (PROJ string): what shows a box
  /// across the target's own antimeridian. A geographic target becomes the plate carrée it is
  /// drawn as (+proj=eqc on its datum). Empty for azimuthal targets (they have no antimeridian)
  /// and targets PROJ cannot write as a string.
  std::string centred_on(double lon) const;
  /// True when the lon/lat box crosses the target's antimeridian (its central meridian + 180).
  bool crosses_edge(const geom::Box& lonlat) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Distance on the WGS84 ellipsoid between two lon/lat points, in metres (PROJ's geodesic).
double geodesic_distance(geom::Point a, geom::Point b);

/// Makes a user's CRS text acceptable to proj_create (adds +type=crs to bare +proj strings).
std::string normalize_crs_text(const std::string& text);

/// "PROJ 9.1.1" (the library linked, for --version).
std::string proj_version();

}  // namespace sahelmap::proj
