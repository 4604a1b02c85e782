#include "render/pango_text.hpp"

#include <memory>

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
    // Glyphs at their true advances, not rounded to whole pixels: text then measures what
    // browsers and SVG renderers lay out (a line of 28 characters at 16.4 px: 216 px rounded,
    // 219.8 px true, 219.1 px in Chromium), so live text in SVG and HTML fits the boxes placed.
    pango_context_set_round_glyph_positions(ctx_, FALSE);
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

void warm_up_fonts(const std::string& family) {
  for (const bool bold : {false, true}) TextLayout({.text = "Sahel 0123", .font = {.family = family, .bold = bold}});
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

std::vector<TextLine> TextLayout::lines() const {
  std::vector<TextLine> out;
  const char* text = pango_layout_get_text(layout_.get());
  const std::unique_ptr<PangoLayoutIter, decltype(&pango_layout_iter_free)> owner(pango_layout_get_iter(layout_.get()),
                                                                                  pango_layout_iter_free);
  PangoLayoutIter* it = owner.get();
  do {
    PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    TextLine& l = out.emplace_back();
    l.x = static_cast<double>(logical.x) / PANGO_SCALE - x_;
    l.baseline = static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
    l.top = static_cast<double>(logical.y) / PANGO_SCALE;
    l.height = static_cast<double>(logical.height) / PANGO_SCALE;
    l.width = static_cast<double>(logical.width) / PANGO_SCALE;
    for (GSList* r = line->runs; r; r = r->next) {
      const auto* run = static_cast<const PangoGlyphItem*>(r->data);
      const PangoItem* item = run->item;
      PangoFontDescription* desc = pango_font_describe(item->analysis.font);
      TextRun tr{.text = std::string(text + item->offset, static_cast<std::size_t>(item->length)),
                 .family = pango_font_description_get_family(desc) ? pango_font_description_get_family(desc) : "",
                 .bold = pango_font_description_get_weight(desc) >= PANGO_WEIGHT_SEMIBOLD,
                 .italic = pango_font_description_get_style(desc) != PANGO_STYLE_NORMAL};
      pango_font_description_free(desc);
      if (!l.runs.empty() && l.runs.back().family == tr.family && l.runs.back().bold == tr.bold &&
          l.runs.back().italic == tr.italic)
        l.runs.back().text += tr.text;
      else
        l.runs.push_back(std::move(tr));
    }
    while (!l.runs.empty()) {  // a wrapped line keeps the space it broke at, which is not drawn
      std::string& t = l.runs.back().text;
      while (!t.empty() && (t.back() == ' ' || t.back() == '\n')) t.pop_back();
      if (!t.empty()) break;
      l.runs.pop_back();
    }
    if (l.runs.empty()) out.pop_back();
  } while (pango_layout_iter_next_line(it));
  return out;
}

TextMetrics PangoMeasurer::measure(const TextSpec& spec) const {
  // Every field of the spec, the sizes by their exact bits.
  std::string key = spec.text;
  key += '\0';
  key += spec.font.family;
  const double numbers[] = {spec.font.size, spec.wrap};
  key.append(reinterpret_cast<const char*>(numbers), sizeof numbers);
  key += {static_cast<char>(spec.font.bold), static_cast<char>(spec.font.italic), static_cast<char>(spec.align),
          static_cast<char>(spec.markup)};
  {
    const std::lock_guard lock(mutex_);
    if (const auto it = seen_.find(key); it != seen_.end()) return it->second;
  }
  const TextMetrics m = TextLayout(spec).metrics();
  const std::lock_guard lock(mutex_);
  if (seen_.size() > 100000) seen_.clear();  // a server's measurer lives long: bounded
  seen_.emplace(std::move(key), m);
  return m;
}

std::string drawing_versions() {
  return std::string("Cairo ") + cairo_version_string() + ", Pango " + pango_version_string();
}

}  // namespace sahelmap::render
