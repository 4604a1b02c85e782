#pragma once
// One owner per Cairo / Pango / GLib handle (STYLE.md 5).
#include <cairo.h>
#include <glib-object.h>

#include <memory>

namespace sahelmap::render {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectDeleter {
  void operator()(void* o) const { g_object_unref(o); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
template <class T>
using GObjectPtr = std::unique_ptr<T, GObjectDeleter>;

/// Throws Error when the context is in an error state (Cairo returns nil objects, not null).
void check_cairo(cairo_t* cr, const char* what);
void check_cairo(cairo_surface_t* s, const char* what);

}  // namespace sahelmap::render
