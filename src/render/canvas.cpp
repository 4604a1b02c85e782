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

void Canvas::draw_banded(const std::function<void(cairo_t*, double, double)>& draw, int threads) {
  draw_bands(draw, threads);
}

std::vector<unsigned char> Canvas::draw_and_finish(const std::function<void(cairo_t*, double, double)>& draw,
                                                   double* drawn_seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  if (format_ != Format::Png) {
    draw_banded(draw);
    if (drawn_seconds) *drawn_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return finish();
  }
  Sitting sitting(*this, draw, {.encode = true});
  sitting.help(0);
  const double drawn = sitting.finish();
  if (drawn_seconds) *drawn_seconds = drawn;
  return sitting.bytes();
}

// The work of one sitting: the layers of each band in order (bands differ in cost, sea against
// coastlines: taken in turn), and when encoding, each chunk of rows deflated as soon as the bands
// over it have all their layers, first come first served. A chunk's bytes do not depend on who
// deflates it or when.
struct Canvas::Sitting::State {
  Canvas* canvas;
  std::vector<Draw> layers;  // an empty one is still to come (then())
  int bands;
  std::unique_ptr<PngRows> png;
  std::size_t chunks = 0;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::mutex m;
  std::condition_variable cv;
  std::vector<int> layers_done;  // per band
  std::vector<char> busy;        // per band: a layer being drawn
  int finished_bands = 0;        // bands [0, finished_bands) have every layer
  std::size_t next_chunk = 0, deflated = 0;
  double drawn_at = 0;
  bool abandoned = false;
  std::exception_ptr error;
  std::vector<std::jthread> helpers;  // last: joined first

  int band_end(int b) const { return static_cast<int>(static_cast<long long>(canvas->height_) * (b + 1) / bands); }
  int layer_count() const { return static_cast<int>(layers.size()); }
  bool done() const { return error || abandoned || (finished_bands == bands && deflated == chunks); }

  void paint_band(int b, const Draw& draw) {
    const int y0 = b == 0 ? 0 : band_end(b - 1), y1 = band_end(b);
    unsigned char* data = cairo_image_surface_get_data(canvas->surface_.get());
    const int stride = cairo_image_surface_get_stride(canvas->surface_.get());
    SurfacePtr s(cairo_image_surface_create_for_data(data + static_cast<std::size_t>(y0) * stride, CAIRO_FORMAT_ARGB32,
                                                     canvas->width_, y1 - y0, stride));
    check_cairo(s.get(), "cannot create drawing band");
    CairoPtr cr(cairo_create(s.get()));
    cairo_translate(cr.get(), 0, -y0);
    draw(cr.get(), y0, y1);
    check_cairo(cr.get(), "drawing failed");
    cr.reset();
    cairo_surface_finish(s.get());
  }

  // The next band to draw a layer of, -1 for none: a band's later layer first (it lets its rows be
  // encoded), else the first band not started.
  int next_band() const {
    int first_new = -1;
    for (int b = 0; b < bands; ++b) {
      const int l = layers_done[b];
      if (busy[b] || l == layer_count() || !layers[l]) continue;
      if (l > 0) return b;
      if (first_new < 0) first_new = b;
    }
    return first_new;
  }

  void work() {
    std::unique_lock lock(m);
    while (!error && !abandoned) {
      const int rows_final = finished_bands == 0 ? 0 : band_end(finished_bands - 1);
      if (next_chunk < chunks && png->end_row(next_chunk) <= rows_final) {
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
        ++deflated;
        cv.notify_all();
      } else if (const int b = next_band(); b >= 0) {
        busy[b] = 1;
        const Draw& draw = layers[layers_done[b]];
        lock.unlock();
        try {
          paint_band(b, draw);
        } catch (...) {
          lock.lock();
          error = std::current_exception();
          break;
        }
        lock.lock();
        busy[b] = 0;
        ++layers_done[b];
        while (finished_bands < bands && layers_done[finished_bands] == layer_count()) ++finished_bands;
        if (finished_bands == bands && drawn_at == 0)
          drawn_at = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        cv.notify_all();
      } else if (done()) {
        break;
      } else {
        cv.wait(lock);  // rows being drawn, or a layer still to come
      }
    }
    cv.notify_all();
  }
};

Canvas::Sitting::Sitting(Canvas& canvas, Draw first, const Options& o) {
  if (canvas.format_ != Format::Png) throw Error("a sitting in bands is for PNG canvases");
  check_cairo(canvas.cr_.get(), "drawing failed");
  cairo_surface_flush(canvas.surface_.get());
  // Bands of at least 256 rows, at most 8: enough to keep a few cores busy on a poster, few
  // enough that geometry crossing several bands is not processed too often.
  const int bands = std::clamp(canvas.height_ / 256, 1, 8);
  state_.reset(new State{.canvas = &canvas, .layers = {std::move(first)}, .bands = bands});
  State& st = *state_;
  if (o.second_layer) st.layers.emplace_back();
  st.layers_done.assign(static_cast<std::size_t>(bands), 0);
  st.busy.assign(static_cast<std::size_t>(bands), 0);
  if (o.encode) {
    // finish()'s options: the same bytes.
    st.png = std::make_unique<PngRows>(
        reinterpret_cast<const std::uint32_t*>(cairo_image_surface_get_data(canvas.surface_.get())), canvas.width_,
        canvas.height_, cairo_image_surface_get_stride(canvas.surface_.get()),
        PngOptions{.dpi = canvas.dpi_, .compression_level = 3});
    st.chunks = st.png->chunks();
  }
}

Canvas::Sitting::~Sitting() {
  if (!state_) return;
  {
    const std::lock_guard lock(state_->m);
    state_->abandoned = true;  // helpers stop taking work
  }
  state_->cv.notify_all();
  state_->helpers.clear();
}

void Canvas::Sitting::help(int threads) {
  State& st = *state_;
  int n = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (threads > 0) n = std::min(n, threads);
  for (int t = static_cast<int>(st.helpers.size()); t + 1 < std::min(n, st.bands + static_cast<int>(st.chunks)); ++t) {
    try {
      st.helpers.emplace_back([&st] { st.work(); });
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running take the remaining work
    }
  }
}

void Canvas::Sitting::then(Draw second) {
  State& st = *state_;
  {
    const std::lock_guard lock(st.m);
    if (st.layer_count() != 2 || st.layers[1]) throw Error("a sitting's second layer comes once, when announced");
    st.layers[1] = std::move(second);
  }
  st.cv.notify_all();
}

double Canvas::Sitting::finish() {
  State& st = *state_;
  {
    const std::lock_guard lock(st.m);
    if (st.layer_count() == 2 && !st.layers[1]) throw Error("a sitting's second layer must come before finish()");
  }
  st.work();
  {
    std::unique_lock lock(st.m);
    st.cv.wait(lock, [&] { return st.done(); });
  }
  st.helpers.clear();
  cairo_surface_mark_dirty(st.canvas->surface_.get());
  if (st.error) std::rethrow_exception(st.error);
  return st.drawn_at;
}

std::vector<unsigned char> Canvas::Sitting::bytes() {
  State& st = *state_;
  if (!st.png) throw Error("a sitting without encoding has no bytes");
  st.canvas->cr_.reset();
  return st.png->finish();
}

double Canvas::draw_bands(const std::function<void(cairo_t*, double, double)>& draw, int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  if (format_ != Format::Png) {
    draw(cr_.get(), 0, height_);
    check_cairo(cr_.get(), "drawing failed");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  Sitting sitting(*this, draw);
  sitting.help(threads);
  return sitting.finish();
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
