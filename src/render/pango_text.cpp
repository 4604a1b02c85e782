#include "render/pango_text.hpp"

namespace sahelmap::render {

namespace {
// One context per thread (Pango is not thread-safe; tile workers and poster bands draw names):
// same font options everywhere, fonts cached once per thread, released when the thread ends.
class ThreadContext {
 public:
  ThreadContext() : map_(pango_cairo_font_map_new()), ctx_(pango_font_map_create_context(map_)) {
    cairo_font_options_t* opts = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx_, opts);
    cairo_font_options_destroy(opts);
    pango_cairo_context_set_resolution(ctx_, 96);
  }
  ~ThreadContext() {
    g_object_unref(ctx_);
    g_object_unref(map_);
  }
  ThreadContext(const ThreadContext&) = delete;
  ThreadContext& operator=(const ThreadContext&) = delete;
  PangoContext* get() const { return ctx_; }

 private:
  PangoFontMap* map_;
  PangoContext* ctx_;
};

PangoContext* shared_context() {
  thread_local const ThreadContext ctx;
  return ctx.get();
}
}  // namespace

void set_source(cairo_t* cr, const Color& c) {
  cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

TextLayout::TextLayout(const TextSpec& spec) : layout_(pango_layout_new(shared_context())) {
  PangoFontDescription* desc = pango_font_description_new();
  pango_font_description_set_family(desc, spec.font.family.c_str());
  pango_font_description_set_absolute_size(desc, spec.font.size * PANGO_SCALE);
  pango_font_description_set_weight(desc, spec.font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(desc, spec.font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout_.get(), desc);
  pango_font_description_free(desc);
  if (spec.wrap > 0) {
    pango_layout_set_width(layout_.get(), static_cast<int>(spec.wrap * PANGO_SCALE));
    pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(layout_.get(), spec.align == Align::Left     ? PANGO_ALIGN_LEFT
                                            : spec.align == Align::Center ? PANGO_ALIGN_CENTER
                                                                          : PANGO_ALIGN_RIGHT);
  if (spec.markup)
    pango_layout_set_markup(layout_.get(), spec.text.c_str(), -1);
  else
    pango_layout_set_text(layout_.get(), spec.text.c_str(), -1);
  PangoRectangle logical;
  pango_layout_get_extents(layout_.get(), nullptr, &logical);
  x_ = static_cast<double>(logical.x) / PANGO_SCALE;
}

TextMetrics TextLayout::metrics() const {
  PangoRectangle logical;
  pango_layout_get_extents(layout_.get(), nullptr, &logical);
  return {.width = static_cast<double>(logical.width) / PANGO_SCALE,
          .height = static_cast<double>(logical.height) / PANGO_SCALE,
          .baseline = static_cast<double>(pango_layout_get_baseline(layout_.get())) / PANGO_SCALE,
          .unknown_glyphs = pango_layout_get_unknown_glyphs_count(layout_.get())};
}

void TextLayout::draw(cairo_t* cr, double x, double y, const Color& color, const Color* halo, double halo_width) const {
  if (halo) {
    cairo_save(cr);
    cairo_move_to(cr, x - x_, y);
    pango_cairo_layout_path(cr, layout_.get());
    set_source(cr, *halo);
    cairo_set_line_width(cr, 2 * halo_width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_restore(cr);
  }
  cairo_save(cr);
  cairo_move_to(cr, x - x_, y);
  set_source(cr, color);
  pango_cairo_show_layout(cr, layout_.get());
  cairo_restore(cr);
  cairo_new_path(cr);  // the path is not part of the saved state: leave no current point behind
}

TextMetrics PangoMeasurer::measure(const TextSpec& spec) const {
  return TextLayout(spec).metrics();
}

std::string drawing_versions() {
  return std::string("Cairo ") + cairo_version_string() + ", Pango " + pango_version_string();
}

}  // namespace sahelmap::render
