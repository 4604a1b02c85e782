#pragma once
// The GDAL/OGR edge: opening vector datasets with errors that name the input (STYLE.md 5, 6).
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

namespace sahelmap::data {

/// Registers drivers once and keeps GDAL quiet on stderr; we report its last message ourselves.
void gdal_init();

/// The text of GDAL's last error, or `fallback` when there is none.
std::string gdal_last_error(const std::string& fallback);

/// The drivers that read users' boundaries and events: the vector formats people keep country
/// polygons and points in. Not the rest of GDAL's ~80 (VRT, STAC, OGR_SQLITE views...): some
/// follow references inside a file to other files or URLs, and none is needed for a map.
const std::vector<std::string>& user_vector_drivers();

/// Opens a vector dataset read-only with only these drivers (e.g. {"CSV"}, user_vector_drivers()).
/// @param open_options GDAL open options ("KEY=VALUE"), e.g. which CSV columns hold the points.
/// @throws Error "PATH: cannot open: <GDAL's reason>".
GDALDatasetUniquePtr open_vector(const std::string& path, const std::vector<std::string>& drivers,
                                 const std::vector<std::string>& open_options = {});

/// Case-insensitive field index, or -1.
int field_index(OGRFeatureDefn* defn, const char* name);

/// A string field by case-insensitive name; empty if the field is absent or null.
std::string field_string(OGRFeature& f, const char* name);

/// "GDAL 3.6.2" (the library linked, for --version).
std::string gdal_version();

}  // namespace sahelmap::data
