// The events and boundaries loaders on arbitrary files, through GDAL's in-memory filesystem:
// the first byte picks the file name's extension (GeoJSON, CSV, TopoJSON, plain .json), the rest
// is the file. Either data comes back, or one Error line; never a crash or a leak of ours.
#include <cpl_error.h>
#include <cpl_vsi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "data/boundaries.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
#include "fuzz_common.hpp"

using namespace sahelmap;

namespace {
const data::CountryTable& countries() {
  static const data::CountryTable t = data::CountryTable::load(SAHELMAP_SOURCE_DIR "/shapes/countries.csv");
  return t;
}
}  // namespace

// GDAL 3.6's JML (OpenJUMP) driver leaks its expat parser when a file that merely mentions
// "<JCSDataFile" fails to parse. Not ours, and we never call expat: only that is excused.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libexpat.so\n";
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  CPLSetErrorHandler(CPLQuietErrorHandler);  // GDAL's own warnings are not findings
  countries();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* const kNames[] = {"/vsimem/fuzz.geojson", "/vsimem/fuzz.csv", "/vsimem/fuzz.topojson",
                                       "/vsimem/fuzz.json"};
  const std::string name = kNames[data[0] % 4];
  VSILFILE* f =
      VSIFileFromMemBuffer(name.c_str(), const_cast<GByte*>(data + 1), static_cast<vsi_l_offset>(size - 1), FALSE);
  if (!f) return 0;
  VSIFCloseL(f);
  try {
    for (const auto& e : data::load_events(name)) {
      if (!std::isfinite(e.lonlat.x) || std::abs(e.lonlat.x) > 180 || std::abs(e.lonlat.y) > 90)
        fuzz::fail("an event outside lon/lat");
      if (e.title.empty()) fuzz::fail("an event without a title");
    }
  } catch (const Error& e) {
    fuzz::check_message(e);
  }
  try {
    const data::Boundaries b = data::load_boundaries(name, countries());
    for (const auto& s : b.shapes)
      for (const auto& p : s.geometry)
        for (const auto& r : p.rings) {
          if (r.size() < 4 || !(r.front() == r.back())) fuzz::fail("an open or degenerate ring");
          for (const auto& q : r)
            if (!std::isfinite(q.x) || !std::isfinite(q.y)) fuzz::fail("a non-finite coordinate");
        }
  } catch (const Error& e) {
    fuzz::check_message(e);
  }
  VSIUnlink(name.c_str());
  return 0;
}
