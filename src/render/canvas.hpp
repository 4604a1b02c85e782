#pragma once
// A drawing surface in pixel units for PNG, SVG or PDF. Everything is drawn in pixels; PDF pages
// are scaled to points by the DPI, so the three formats show the same layout.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "render/cairo_ptr.hpp"

namespace sahelmap::render {

class PngRows;

/// Canvas::Sitting's (outside it: GCC takes no default argument of a nested class's initializers).
struct SittingOptions {
  bool encode = false;        // deflate each band's rows once drawn: bytes() is the PNG
  bool second_layer = false;  // a second layer follows, given with then()
};

enum class Format { Png, Svg, Pdf, Html };

/// From the file extension. @throws UsageError for anything but .png, .svg, .pdf, .html.
Format format_for(const std::filesystem::path& path);

struct DocumentInfo {
  std::string title, description, keywords;
  std::string date;          // YYYY-MM-DD: pinned as the PDF creation date, so output is reproducible
  std::string metadata_xml;  // SVG only: inserted as <metadata> (provenance)
};

class Canvas {
 public:
  Canvas(Format format, int width, int height, double dpi, const DocumentInfo& info);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() const { return cr_.get(); }
  int width() const { return width_; }
  int height() const { return height_; }
  Format format() const { return format_; }

  /// Runs `draw(cr, y0, y1)` over the whole canvas, in canvas pixels. PNG canvases are cut into
  /// a fixed number of horizontal bands drawn on parallel threads, each with its own context
  /// clipped to rows [y0, y1): the cut does not depend on the core count, so neither do the
  /// bytes. SVG and PDF get one call with the canvas's context. `draw` must only read shared data.
  /// `threads` > 0: at most that many threads (a core left to work going on beside).
  void draw_banded(const std::function<void(cairo_t*, double y0, double y1)>& draw, int threads = 0);

  /// draw_banded and finish() in one, the same bytes: a PNG canvas's rows are deflated as soon
  /// as their band is drawn, beside the bands still drawing. `drawn_seconds` gets the time until
  /// the last band was drawn (the rest is encoding).
  std::vector<unsigned char> draw_and_finish(const std::function<void(cairo_t*, double y0, double y1)>& draw,
                                             double* drawn_seconds = nullptr);

  /// One drawing of a PNG canvas in its bands, that threads join: help() starts helpers, and
  /// finish() works too, waits for the rest and rethrows any error. It draws one layer, or two
  /// when `second_layer` (the second given later with then(): drawing the first starts before the
  /// second is known); with `encode`, each band's rows are deflated as soon as its layers are
  /// drawn, and bytes() is the file finish() would write. Whatever the threads and their timing,
  /// the pixels and bytes are the same. Destroying an unfinished sitting abandons it.
  class Sitting {
   public:
    using Draw = std::function<void(cairo_t*, double y0, double y1)>;
    using Options = SittingOptions;
    Sitting(Canvas& canvas, Draw first, const Options& options = {});
    ~Sitting();
    Sitting(const Sitting&) = delete;
    Sitting& operator=(const Sitting&) = delete;
    /// Helper threads up to `threads` (0: one per core) in all, the caller of finish() included.
    void help(int threads = 0);
    void then(Draw second);
    /// @returns seconds from the start until every band had every layer.
    double finish();
    std::vector<unsigned char> bytes();

   private:
    struct State;
    std::unique_ptr<State> state_;
  };

  /// A PNG canvas's pixels as drawn so far: ARGB32 (0xAARRGGBB, premultiplied), rows packed.
  std::vector<std::uint32_t> argb();

  /// Finishes the surface and returns the file's bytes.
  /// @throws Error when Cairo reports an error.
  std::vector<unsigned char> finish();

 private:
  double draw_bands(const std::function<void(cairo_t*, double, double)>& draw, int threads);

  Format format_;
  int width_, height_;
  double dpi_;
  DocumentInfo info_;
  std::vector<unsigned char> stream_;
  struct FreeDeleter {
    void operator()(unsigned char* p) const;
  };
  std::unique_ptr<unsigned char, FreeDeleter> pixels_;  // PNG: the surface's memory, outlives it
  SurfacePtr surface_;
  CairoPtr cr_;
};

}  // namespace sahelmap::render
