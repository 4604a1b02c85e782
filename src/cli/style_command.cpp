#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "tiles/glyphs.hpp"
#include "tiles/maplibre_style.hpp"
#include "tiles/sprite.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"

namespace sahelmap::cli {

int run_style(const StyleOptions& o) {
  if (o.format != "maplibre") throw UsageError("--format: maplibre is the only style format, not '" + o.format + "'");
  if (o.source.empty()) throw UsageError("--source: the vector tiles the style draws");
  std::unique_ptr<AtomicFile> out;
  if (!o.output.empty()) out = std::make_unique<AtomicFile>(o.output);  // a path that cannot be written fails first
  const Inputs in = load_inputs(o.map);
  std::string source = o.source;
  // A bare archive name is read through MapLibre's pmtiles:// protocol (the pmtiles library).
  if (source.size() > 8 && source.compare(source.size() - 8, 8, ".pmtiles") == 0 &&
      source.find("://") == std::string::npos)
    source = "pmtiles://" + source;
  tiles::MaplibreStyleOptions so{
      .source = source, .date = in.date, .lang = o.map.lang, .glyphs = o.glyphs, .sprite = o.sprite};
  if (!o.map.boundaries.empty()) so.attribution = in.data_credit;  // the user's data, as the tiles credit it
  const std::string json = tiles::maplibre_style(in.style, so);
  if (!o.sprite_files.empty()) tiles::write_sprite(in.style, o.sprite_files);
  if (!o.fonts.empty()) {
    // Latin and Latin Extended-A: every country and capital name in the tables, in both languages.
    const std::string stack = tiles::maplibre_fontstack(in.style);
    const std::filesystem::path dir = std::filesystem::path(o.fonts) / stack;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(dir.string() + ": cannot create folder: " + ec.message());
    for (unsigned start : {0u, 256u}) {
      const std::string bytes = tiles::glyph_range(stack, start);
      write_file_atomically(dir / (std::to_string(start) + "-" + std::to_string(start + 255) + ".pbf"),
                            {reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()});
    }
  }
  if (!out) {
    std::cout << json;
    return 0;
  }
  out->write(json.data(), json.size());
  out->commit();
  return 0;
}

}  // namespace sahelmap::cli
