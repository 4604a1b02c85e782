#include "render/html_embed.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "render/pango_text.hpp"
#include "render/svg_writer.hpp"
#include "render/symbols.hpp"
#include "render/words.hpp"
#include "util/xml.hpp"

namespace sahelmap::render {

namespace {

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}
std::string px(double v) {
  return fixed(v, 2) + "px";
}
std::string pct(double v, double of) {
  return fixed(100 * v / of, 4) + "%";
}
std::string css(const Color& c) {
  if (c.a >= 1) return c.hex().substr(0, 7);
  return "rgba(" + std::to_string(static_cast<int>(c.r * 255 + 0.5)) + "," +
         std::to_string(static_cast<int>(c.g * 255 + 0.5)) + "," + std::to_string(static_cast<int>(c.b * 255 + 0.5)) +
         "," + fixed(c.a, 3) + ")";
}

// A category's symbol as a small inline SVG, drawn like the map's.
std::string symbol_svg(data::Category c, const Color& fill, const Color& outline) {
  const SymbolOutline o = symbol_outline(c, {0, 0}, 6);
  std::string shape;
  if (o.circle > 0) {
    shape = "<circle r=\"" + fixed(o.circle, 2) + "\"/>";
  } else {
    std::string d;
    for (const auto& ring : o.rings) {
      for (std::size_t i = 0; i < ring.size(); ++i)
        d += (i ? "L" : "M") + fixed(ring[i].x, 2) + " " + fixed(ring[i].y, 2);
      d += "Z";
    }
    shape = "<path d=\"" + d + "\"/>";
  }
  return "<svg class=\"sym\" viewBox=\"-8 -8 16 16\" aria-hidden=\"true\" focusable=\"false\"><g fill=\"" + css(fill) +
         "\" stroke=\"" + css(outline) + "\" stroke-width=\"1\">" + shape + "</g></svg>";
}

class Page {
 public:
  explicit Page(const EmbedText& text) : text_(text), w_(words(text.lang)) {}

  std::string run(const std::vector<Artboard>& boards) {
    std::string body, media;
    for (const Artboard& ab : boards)
      for (const bool dark : {false, true}) {
        const PosterLayout& layout = dark ? *ab.dark : *ab.light;
        const Style& style = dark ? *ab.dark_style : *ab.light_style;
        const std::string cls = "ab-" + ab.name + (dark ? "-dark" : "-light");
        body += artboard(layout, style, cls);
        std::string range;
        if (ab.min_width > 0) range += " and (min-width:" + fixed(ab.min_width, 2) + "px)";
        if (ab.max_width > 0) range += " and (max-width:" + fixed(ab.max_width - 0.02, 2) + "px)";
        media += "@media screen and (prefers-color-scheme:" + std::string(dark ? "dark" : "light") + ")" + range +
                 "{." + cls + "{display:block}}\n";
        media += "@media print" + range + "{." + (dark ? cls + "{display:none}" : cls + "{display:block}") + "}\n";
      }
    const Style& light = *boards.front().light_style;
    const Style& dark = *boards.front().dark_style;
    std::string s =
        "<!DOCTYPE html>\n<html lang=\"" + xml_escape(text_.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    // Self-contained and inert: no request leaves the page, no script runs, whatever the data says.
    s += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
    s += "<meta name=\"color-scheme\" content=\"light dark\">\n";
    s += "<title>" + xml_escape(text_.title) + "</title>\n<style>\n";
    s += ":root{--bg:" + page_colour(light) + ";--fg:" + css(light.text) + ";--muted:" + css(light.text_muted) +
         "}\n@media (prefers-color-scheme:dark){:root{--bg:" + page_colour(dark) + ";--fg:" + css(dark.text) +
         ";--muted:" + css(dark.text_muted) + "}}\n";
    s += R"(html,body{margin:0;padding:0;background:var(--bg);color:var(--fg)}
body{font-family:'Noto Sans',sans-serif;font-size:15px;line-height:1.4}
.sahelmap{margin:0 auto;padding:12px;max-width:1274px;box-sizing:border-box}
.sahelmap h1{font-size:26px;line-height:1.2;margin:0 0 4px}
.sahelmap .sub{font-size:16px;color:var(--muted);margin:0 0 12px}
.ab{display:none}
.frame{position:relative;width:100%;overflow:hidden;container-type:inline-size}
.frame>svg{position:absolute;left:0;top:0;width:100%;height:100%;display:block}
.frame .t{position:absolute;margin:0;white-space:pre}
.frame .t>span{display:block}
.below{margin-top:12px;font-size:14px}
.below h2{font-size:15px;margin:12px 0 6px}
.legend{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
.legend li{display:flex;align-items:center;gap:6px}
.sw{display:inline-block;width:22px;height:14px;flex:none;border:1px solid var(--muted);box-sizing:border-box}
.sym{width:14px;height:14px;flex:none;vertical-align:-2px}
.events{margin:0;padding:0;list-style:none}
.events li{margin:0 0 6px;padding-left:20px;text-indent:-20px}
.about,.sources{font-size:13px;color:var(--muted);margin-top:12px}
)";
    for (const auto& [decl, name] : by_name()) s += "." + name + "{" + decl + "}\n";
    s += media;
    s += "</style>\n</head>\n<body>\n<main class=\"sahelmap\">\n";
    s += "<h1 id=\"sm-title\">" + xml_escape(text_.title) + "</h1>\n";
    s += "<p class=\"sub\">" + xml_escape(text_.subtitle) + "</p>\n";
    s += body;
    s += "<details class=\"about\"><summary>" + std::string(w_.about) + "</summary><p id=\"sm-desc\">" +
         xml_escape(text_.description) + "</p></details>\n";
    s += "<p class=\"sources\">" + xml_escape(text_.sources) + "</p>\n";
    s += "</main>\n</body>\n</html>\n";
    return s;
  }

 private:
  static std::string page_colour(const Style& s) {
    return s.background.luminance() < 0.2 ? css(s.background) : "#ffffff";  // as the poster's page
  }

  std::string cls(const std::string& decl) {
    const auto [it, added] = classes_.try_emplace(decl, "s" + std::to_string(classes_.size()));
    return it->second;
  }
  std::vector<std::pair<std::string, std::string>> by_name() const {
    std::vector<std::pair<std::string, std::string>> v(classes_.begin(), classes_.end());
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      return std::stoi(a.second.substr(1)) < std::stoi(b.second.substr(1));
    });
    return v;
  }

  std::string artboard(const PosterLayout& layout, const Style& style, const std::string& name) {
    const DisplayList& list = layout.list;
    std::string s = "<section class=\"ab " + name + "\">\n";
    s += "<div class=\"frame\" role=\"img\" aria-labelledby=\"sm-title sm-desc\" style=\"max-width:" +
         px(list.width * 1.3) + ";aspect-ratio:" + fixed(list.width, 2) + "/" + fixed(list.height, 2) + "\">\n";
    s += write_svg(list, {.lang = text_.lang, .text = false, .inline_prefix = name + "-"});
    for (const Group& g : list.groups)
      for (const Shape& shape : g.shapes)
        if (const auto* t = std::get_if<TextShape>(&shape)) s += text(*t, list.width, list.height);
    s += "</div>\n<div class=\"below\">\n";
    s += legend(layout.report, style);
    s += events(layout.report, style);
    s += "</div>\n</section>\n";
    return s;
  }

  // A text shape as a paragraph at its place, in % of the artboard (so it moves with the art),
  // one block per line as Pango broke it. Its size is the artboard's at the artboard's width and
  // grows with the art where the frame is wider (up to 1.3x, the frame's cap): text kept at its
  // px size there fell short of the boxes drawn around it (a callout's box a third wider than its
  // words, its lines spread apart). Never smaller than its px size, where the frame is narrower.
  std::string text(const TextShape& t, double width, double height) {
    const std::vector<TextLine> lines = TextLayout(t.spec).lines();
    if (lines.empty()) return "";
    const Font& f = t.spec.font;
    double left = lines[0].x;
    for (const TextLine& l : lines) left = std::min(left, l.x);
    const auto size = [&](double v) { return "max(" + px(v) + "," + fixed(100 * v / width, 4) + "cqw)"; };
    std::string decl = "font-family:'" + f.family + "',sans-serif;font-size:" + size(f.size) +
                       ";line-height:" + size(lines[0].height) + ";color:" + css(t.color);
    if (f.bold) decl += ";font-weight:bold";
    if (f.italic) decl += ";font-style:italic";
    if (t.halo)
      decl += ";-webkit-text-stroke:" + size(2 * t.halo->width) + " " + css(t.halo->color) + ";paint-order:stroke fill";
    std::string s = "<p class=\"t " + cls(decl) + "\" style=\"left:" + pct(t.box.x + left, width) +
                    ";top:" + pct(t.box.y + lines[0].top, height) + "\">";
    for (const TextLine& l : lines) {
      s += l.x > left + 0.01 ? "<span style=\"padding-left:" + size(l.x - left) + "\">" : "<span>";
      for (const TextRun& r : l.runs) {
        std::string open, close;
        if (r.bold != f.bold) open += r.bold ? "<b>" : "<span style=\"font-weight:normal\">";
        if (r.italic != f.italic) open += r.italic ? "<i>" : "<span style=\"font-style:normal\">";
        if (r.italic != f.italic) close += r.italic ? "</i>" : "</span>";
        if (r.bold != f.bold) close += r.bold ? "</b>" : "</span>";
        s += open + xml_escape(r.text) + close;
      }
      s += "</span>";
    }
    return s + "</p>\n";
  }

  std::string legend(const LayoutReport& r, const Style& style) {
    std::string items;
    for (const LegendEntry& e : r.legend) {
      std::string bg = css(e.fill);
      if (e.hatch) bg = "repeating-linear-gradient(135deg," + css(*e.hatch) + " 0 3px," + css(e.fill) + " 3px 7px)";
      items += "<li><span class=\"sw\" style=\"background:" + bg + "\"></span>" + xml_escape(e.label) + "</li>";
    }
    const bool capitals = std::any_of(r.labels.begin(), r.labels.end(),
                                      [](const LayoutReport::LabelInfo& l) { return l.part == Part::Capital; });
    if (capitals)
      items += "<li><svg class=\"sym\" viewBox=\"-8 -8 16 16\" aria-hidden=\"true\"><circle r=\"3\" fill=\"" +
               css(style.text) + "\" stroke=\"" + css(style.halo) + "\"/></svg>" + std::string(w_.capital) + "</li>";
    for (const auto& cat : data::kCategories)
      if (std::any_of(r.events.begin(), r.events.end(),
                      [&](const LayoutReport::EventInfo& e) { return e.event.category == cat.category; }))
        items += "<li>" + symbol_svg(cat.category, style.text, style.halo) +
                 std::string(category_name(cat.category, text_.lang)) + "</li>";
    std::set<std::string> places;
    for (const auto& e : r.events)
      if (!places.insert(e.group).second) {
        const SeveralMark m = several_mark({0, 0}, 6.5);
        std::string dots;
        for (const geom::Point& d : m.dots)
          dots += "<circle cx=\"" + fixed(d.x, 2) + "\" cy=\"" + fixed(d.y, 2) + "\" r=\"" + fixed(m.dot, 2) + "\"/>";
        items += "<li><svg class=\"sym\" viewBox=\"-8 -8 16 16\" aria-hidden=\"true\"><circle r=\"6.5\" fill=\"" +
                 css(style.text) + "\" stroke=\"" + css(style.halo) + "\"/><g fill=\"" + css(style.halo) + "\">" +
                 dots + "</g></svg>" + std::string(w_.several) + "</li>";
        break;
      }
    if (items.empty()) return "";
    return "<h2>" + std::string(w_.legend) + "</h2>\n<ul class=\"legend\">" + items + "</ul>\n";
  }

  // The events whose words are not on the map (their numbers are), in number order.
  std::string events(const LayoutReport& r, const Style& style) {
    std::string items;
    for (const auto& e : r.events) {
      if (e.shown_as != "list") continue;
      items += "<li value=\"" + std::to_string(e.number) + "\">" +
               symbol_svg(e.event.category, style.text, style.halo) + " <b>" + std::to_string(e.number) + "</b> " +
               xml_escape(short_date(e.event.date, text_.lang)) + " · <i>" + xml_escape(e.group) + "</i> · " +
               xml_escape(e.event.title_in(text_.lang)) + "</li>\n";
    }
    if (items.empty()) return "";
    return "<h2>" + std::string(w_.events) + "</h2>\n<ol class=\"events\">\n" + items + "</ol>\n";
  }

  const EmbedText& text_;
  const Words& w_;
  std::map<std::string, std::string> classes_;
};

}  // namespace

std::string write_html(const std::vector<Artboard>& artboards, const EmbedText& text) {
  return Page(text).run(artboards);
}

}  // namespace sahelmap::render
