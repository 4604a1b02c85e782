#include "render/canvas.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>

#include "render/png.hpp"
#include "util/error.hpp"
#include "util/xml.hpp"

namespace sahelmap::render {

void check_cairo(cairo_t* cr, const char* what) {
  if (const cairo_status_t st = cairo_status(cr); st != CAIRO_STATUS_SUCCESS)
    throw Error(std::string(what) + ": " + cairo_status_to_string(st));
}
void check_cairo(cairo_surface_t* s, const char* what) {
  if (const cairo_status_t st = cairo_surface_status(s); st != CAIRO_STATUS_SUCCESS)
    throw Error(std::string(what) + ": " + cairo_status_to_string(st));
}

Format format_for(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".png") return Format::Png;
  if (ext == ".svg") return Format::Svg;
  if (ext == ".pdf") return Format::Pdf;
  if (ext == ".html" || ext == ".htm") return Format::Html;
  if (ext == ".mbtiles" || ext.empty())
    throw UsageError(path.string() + ": a poster is one .png, .svg, .pdf or .html file (tiles: sahelmap tiles -o " +
                     path.string() + ")");
  throw UsageError(path.string() + ": unknown output format '" + ext + "' (use .png, .svg, .pdf or .html)");
}

namespace {
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  auto* v = static_cast<std::vector<unsigned char>*>(closure);
  v->insert(v->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Canvas::Canvas(Format format, int width, int height, double dpi, const DocumentInfo& info)
    : format_(format), width_(width), height_(height), dpi_(dpi), info_(info) {
  switch (format) {
    case Format::Png: {
      // Our own memory, in huge pages where the kernel allows them: a poster's 70 MB would
      // otherwise take some 17,000 page faults, a fifth of the drawing time.
      const int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width);
      constexpr std::size_t kHuge = std::size_t(2) << 20;
      const std::size_t bytes = static_cast<std::size_t>(stride) * static_cast<std::size_t>(height);
      if (stride > 0 && height > 0) {
        pixels_.reset(static_cast<unsigned char*>(std::aligned_alloc(kHuge, (bytes + kHuge - 1) / kHuge * kHuge)));
        if (!pixels_)
          throw Error("cannot allocate a " + std::to_string(width) + "x" + std::to_string(height) + " image");
#ifdef MADV_HUGEPAGE
        if (bytes >= kHuge) madvise(pixels_.get(), bytes, MADV_HUGEPAGE);  // a hint: no matter if refused
#endif
        surface_.reset(cairo_image_surface_create_for_data(pixels_.get(), CAIRO_FORMAT_ARGB32, width, height, stride));
      } else {
        surface_.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));  // Cairo's error
      }
      break;
    }
    case Format::Svg:
      surface_.reset(cairo_svg_surface_create_for_stream(append, &stream_, width, height));
      cairo_svg_surface_restrict_to_version(surface_.get(), CAIRO_SVG_VERSION_1_1);
      cairo_svg_surface_set_document_unit(surface_.get(), CAIRO_SVG_UNIT_PX);
      break;
    case Format::Html:
      throw Error("an HTML page is written by render::make_embed, not drawn on a canvas");
    case Format::Pdf: {
      const double pt = 72.0 / dpi;
      surface_.reset(cairo_pdf_surface_create_for_stream(append, &stream_, width * pt, height * pt));
      cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, info.title.c_str());
      cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_SUBJECT, info.description.c_str());
      cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_KEYWORDS, info.keywords.c_str());
      cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "sahelmap");
      const std::string when = (info.date.empty() ? std::string("2000-01-01") : info.date) + "T00:00:00Z";
      cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATE_DATE, when.c_str());
      cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_MOD_DATE, when.c_str());
      break;
    }
  }
  check_cairo(surface_.get(), "cannot create drawing surface");
  cr_.reset(cairo_create(surface_.get()));
  check_cairo(cr_.get(), "cannot create drawing context");
  if (format == Format::Pdf) cairo_scale(cr_.get(), 72.0 / dpi, 72.0 / dpi);
}

Canvas::~Canvas() = default;

void Canvas::FreeDeleter::operator()(unsigned char* p) const {
  std::free(p);
}

void Canvas::draw_banded(const std::function<void(cairo_t*, double, double)>& draw) {
  draw_bands(draw, nullptr);
}

std::vector<unsigned char> Canvas::draw_and_finish(const std::function<void(cairo_t*, double, double)>& draw,
                                                   double* drawn_seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  if (format_ != Format::Png) {
    draw_banded(draw);
    if (drawn_seconds) *drawn_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return finish();
  }
  check_cairo(cr_.get(), "drawing failed");
  cairo_surface_flush(surface_.get());
  // Options as finish() gives them: the same bytes.
  PngRows png(reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(surface_.get())), width_, height_,
              cairo_image_surface_get_stride(surface_.get()), {.dpi = dpi_, .compression_level = 3});
  const double drawn = draw_bands(draw, &png);
  if (drawn_seconds) *drawn_seconds = drawn;
  cr_.reset();
  return png.finish();
}

double Canvas::draw_bands(const std::function<void(cairo_t*, double, double)>& draw, PngRows* png) {
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  if (format_ != Format::Png) {
    draw(cr_.get(), 0, height_);
    check_cairo(cr_.get(), "drawing failed");
    return elapsed();
  }
  // Bands of at least 256 rows, at most 8: enough to keep a few cores busy on a poster, few
  // enough that geometry crossing several bands is not processed too often.
  const int bands = std::clamp(height_ / 256, 1, 8);
  cairo_surface_flush(surface_.get());
  unsigned char* data = cairo_image_surface_get_data(surface_.get());
  const int stride = cairo_image_surface_get_stride(surface_.get());
  auto band_end = [&](int b) { return static_cast<int>(static_cast<long long>(height_) * (b + 1) / bands); };
  auto paint_band = [&](int b) {
    const int y0 = b == 0 ? 0 : band_end(b - 1), y1 = band_end(b);
    SurfacePtr s(cairo_image_surface_create_for_data(data + static_cast<std::size_t>(y0) * stride, CAIRO_FORMAT_ARGB32,
                                                     width_, y1 - y0, stride));
    check_cairo(s.get(), "cannot create drawing band");
    CairoPtr cr(cairo_create(s.get()));
    cairo_translate(cr.get(), 0, -y0);
    draw(cr.get(), y0, y1);
    check_cairo(cr.get(), "drawing failed");
    cr.reset();
    cairo_surface_finish(s.get());
  };
  // The work: bands in turn (they differ in cost, sea against coastlines), and with `png` each
  // chunk of rows deflated as soon as the bands above its end are drawn, first come first
  // served. A chunk's bytes do not depend on who deflates it or when.
  const std::size_t chunks = png ? png->chunks() : 0;
  std::mutex m;
  std::condition_variable cv;
  int next_band = 0, drawn_bands = 0;  // drawn_bands: bands [0, drawn_bands) all drawn
  std::vector<char> drawn(bands, 0);
  std::size_t next_chunk = 0;
  double drawn_at = 0;
  std::exception_ptr error;
  auto work = [&] {
    std::unique_lock lock(m);
    while (!error) {
      const int rows_drawn = drawn_bands == 0 ? 0 : band_end(drawn_bands - 1);
      if (next_chunk < chunks && png->end_row(next_chunk) <= rows_drawn) {
        const std::size_t c = next_chunk++;
        lock.unlock();
        try {
          png->deflate(c);
        } catch (...) {
          lock.lock();
          error = std::current_exception();
          break;
        }
        lock.lock();
      } else if (next_band < bands) {
        const int b = next_band++;
        lock.unlock();
        try {
          paint_band(b);
        } catch (...) {
          lock.lock();
          error = std::current_exception();
          break;
        }
        lock.lock();
        drawn[b] = 1;
        while (drawn_bands < bands && drawn[drawn_bands]) ++drawn_bands;
        if (drawn_bands == bands && drawn_at == 0) drawn_at = elapsed();
        cv.notify_all();
      } else if (next_chunk < chunks) {
        cv.wait(lock);  // the rows of the next chunk are being drawn
      } else {
        break;
      }
    }
    cv.notify_all();
  };
  const int threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int t = 1; t < std::min(threads, bands + static_cast<int>(chunks)); ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running take the remaining work
    }
  }
  work();
  for (auto& t : pool) t.join();
  cairo_surface_mark_dirty(surface_.get());
  if (error) std::rethrow_exception(error);
  return drawn_at;
}

std::vector<std::uint32_t> Canvas::argb() {
  if (format_ != Format::Png) throw Error("pixels are for PNG canvases");
  cairo_surface_flush(surface_.get());
  const auto* data = cairo_image_surface_get_data(surface_.get());
  const int stride = cairo_image_surface_get_stride(surface_.get());
  std::vector<std::uint32_t> out(static_cast<std::size_t>(width_) * height_);
  for (int y = 0; y < height_; ++y)
    std::memcpy(out.data() + static_cast<std::size_t>(y) * width_, data + static_cast<std::size_t>(y) * stride,
                static_cast<std::size_t>(width_) * 4);
  return out;
}

std::vector<unsigned char> Canvas::finish() {
  check_cairo(cr_.get(), "drawing failed");
  cr_.reset();
  if (format_ == Format::Png) {
    cairo_surface_flush(surface_.get());
    const auto* data = reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(surface_.get()));
    // No row filters: maps are large flat areas, where filtering costs three times the time of
    // the compression and still gives larger files (measured on an A3 poster: 0.22 s and 756 KB
    // against 0.63 s and 910 KB with libspng's adaptive filters). zlib level 3, not 6: half the
    // time for files a sixth to a third larger (A3 poster: 0.09 s and 1.69 MB against 0.19 s and
    // 1.44 MB; the fills alone 0.07 s and 983 KB against 0.15 s and 758 KB).
    return encode_png(data, width_, height_, cairo_image_surface_get_stride(surface_.get()),
                      {.dpi = dpi_, .compression_level = 3});
  }
  cairo_surface_finish(surface_.get());
  check_cairo(surface_.get(), "cannot finish document");
  surface_.reset();
  if (format_ == Format::Svg) {
    // Cairo has no API for <title>/<desc>/<metadata>: put them after the opening <svg> tag.
    std::string svg(stream_.begin(), stream_.end());
    const auto open = svg.find("<svg");
    const auto end = open == std::string::npos ? open : svg.find('>', open);
    if (end != std::string::npos) {
      std::string head =
          "\n<title>" + xml_escape(info_.title) + "</title>\n<desc>" + xml_escape(info_.description) + "</desc>\n";
      if (!info_.metadata_xml.empty()) head += "<metadata>\n" + info_.metadata_xml + "</metadata>\n";
      svg.insert(end + 1, head);
    }
    return {svg.begin(), svg.end()};
  }
  return std::move(stream_);
}

}  // namespace sahelmap::render
