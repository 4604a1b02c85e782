#include "data/gdal.hpp"

#include <cpl_error.h>
#include <cpl_string.h>

#include <mutex>

#include "util/error.hpp"

namespace sahelmap::data {

void gdal_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
  });
}

std::string gdal_last_error(const std::string& fallback) {
  std::string msg = CPLGetLastErrorMsg();
  for (char& c : msg)
    if (c == '\n' || c == '\r') c = ' ';
  return msg.empty() ? fallback : msg;
}

const std::vector<std::string>& user_vector_drivers() {
  static const std::vector<std::string> drivers{"ESRI Shapefile", "GeoJSON", "GeoJSONSeq",  "TopoJSON", "ESRIJSON",
                                                "GPKG",           "SQLite",  "FlatGeobuf",  "CSV",      "KML",
                                                "LIBKML",         "GML",     "OpenFileGDB", "FileGDB",  "MapInfo File",
                                                "Parquet",        "Arrow"};
  return drivers;
}

GDALDatasetUniquePtr open_vector(const std::string& path, const std::vector<std::string>& drivers,
                                 const std::vector<std::string>& open_options) {
  gdal_init();
  CPLErrorReset();
  CPLStringList allowed, options;
  for (const auto& d : drivers) allowed.AddString(d.c_str());
  for (const auto& o : open_options) options.AddString(o.c_str());
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed.List(), options.List()));
  if (!ds) {
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) != 0) throw Error(path + ": no such file");
    throw Error(path + ": cannot open as vector data: " +
                gdal_last_error(drivers.size() > 1 ? "not a format sahelmap reads (shapefile, GeoJSON, TopoJSON, "
                                                     "GeoPackage, FlatGeobuf, CSV, KML, GML, FileGDB, MapInfo, Parquet)"
                                                   : "not a " + drivers.front() + " file"));
  }
  return ds;
}

int field_index(OGRFeatureDefn* defn, const char* name) {
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    if (EQUAL(defn->GetFieldDefn(i)->GetNameRef(), name)) return i;
  return -1;
}

std::string field_string(OGRFeature& f, const char* name) {
  const int i = field_index(f.GetDefnRef(), name);
  if (i < 0 || !f.IsFieldSetAndNotNull(i)) return {};
  return f.GetFieldAsString(i);
}

std::string gdal_version() {
  return std::string("GDAL ") + GDALVersionInfo("RELEASE_NAME");
}

}  // namespace sahelmap::data
