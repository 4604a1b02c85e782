#include "render/style.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "util/error.hpp"

namespace sahelmap::render {

namespace {

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const toml::node* n, const std::string& key, const std::string& what) const {
    std::string where = source_;
    if (n && n->source().begin) where += " line " + std::to_string(n->source().begin.line);
    throw Error(where + ": " + key + ": " + what);
  }

  void only(const toml::table& t, const std::string& path, std::set<std::string_view> allowed) const {
    for (const auto& [k, v] : t)
      if (!allowed.count(k.str()))
        fail(&v, path.empty() ? std::string(k.str()) : path + "." + std::string(k.str()), "unknown key");
  }

  const toml::table& table(const toml::table& t, std::string_view key, const std::string& path) const {
    const toml::node* n = t.get(key);
    if (!n) fail(&t, path + std::string(key), "missing table");
    if (!n->is_table()) fail(n, path + std::string(key), "must be a table");
    return *n->as_table();
  }

  std::optional<std::string> opt_string(const toml::table& t, std::string_view key, const std::string& path) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) fail(n, path + std::string(key), "must be a string");
    return n->value<std::string>();
  }
  std::string string(const toml::table& t, std::string_view key, const std::string& path) const {
    auto s = opt_string(t, key, path);
    if (!s) fail(&t, path + std::string(key), "missing key");
    return *s;
  }
  std::optional<Color> opt_color(const toml::table& t, std::string_view key, const std::string& path) const {
    auto s = opt_string(t, key, path);
    if (!s) return std::nullopt;
    try {
      return Color::parse(*s);
    } catch (const Error& e) {
      fail(t.get(key), path + std::string(key), e.what());
    }
  }
  Color color(const toml::table& t, std::string_view key, const std::string& path) const {
    auto c = opt_color(t, key, path);
    if (!c) fail(&t, path + std::string(key), "missing key");
    return *c;
  }
  std::optional<double> opt_number(const toml::table& t, std::string_view key, const std::string& path, double lo,
                                   double hi) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_number()) fail(n, path + std::string(key), "must be a number");
    const double v = n->value<double>().value_or(0);
    if (!(v >= lo && v <= hi))
      fail(n, path + std::string(key), "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return v;
  }
  std::optional<bool> opt_bool(const toml::table& t, std::string_view key, const std::string& path) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) fail(n, path + std::string(key), "must be true or false");
    return n->value<bool>();
  }

 private:
  std::string source_;
};

}  // namespace

Color BlocStyle::fill_for(const std::string& role) const {
  const auto it = roles.find(role);
  return it != roles.end() && it->second.fill ? *it->second.fill : fill;
}

std::string BlocStyle::label_for(const std::string& role, std::string_view lang) const {
  const auto it = roles.find(role);
  if (it != roles.end()) {
    const std::string& l = lang == "fr" && !it->second.label_fr.empty() ? it->second.label_fr : it->second.label;
    if (!l.empty()) return l;
  }
  return lang == "fr" && !label_fr.empty() ? label_fr : label;
}

const BlocStyle* Style::bloc(std::string_view id) const {
  for (const auto& b : blocs)
    if (b.id == id) return &b;
  return nullptr;
}

Style Style::parse(std::string_view text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::string msg(e.description());
    for (char& c : msg)
      if (c == '\n') c = ' ';
    throw Error(source + " line " + std::to_string(e.source().begin.line) + ": " + msg);
  }
  const Reader r(source);
  Style s;
  r.only(root, "", {"name", "map", "hatch", "text", "bloc"});
  s.name = r.opt_string(root, "name", "").value_or("");

  const auto& map = r.table(root, "map", "");
  r.only(map, "map", {"background", "land", "border", "border_width", "frame", "space"});
  s.background = r.color(map, "background", "map.");
  s.land = r.color(map, "land", "map.");
  s.border = r.color(map, "border", "map.");
  s.border_width = r.opt_number(map, "border_width", "map.", 0, 50).value_or(0.75);
  s.frame = r.opt_color(map, "frame", "map.").value_or(Color::parse("#8a949c"));
  s.space = r.opt_color(map, "space", "map.").value_or(Color::parse("#ffffff"));

  if (root.get("hatch")) {
    const auto& h = r.table(root, "hatch", "");
    r.only(h, "hatch", {"width", "spacing"});
    s.hatch_width = r.opt_number(h, "width", "hatch.", 0.1, 100).value_or(s.hatch_width);
    s.hatch_spacing = r.opt_number(h, "spacing", "hatch.", 1, 500).value_or(s.hatch_spacing);
  }
  s.text = Color::parse("#1c2833");
  s.text_muted = Color::parse("#566573");
  s.halo = Color::parse("#ffffff");
  s.panel = Color::parse("#ffffffe6");
  if (root.get("text")) {
    const auto& t = r.table(root, "text", "");
    r.only(t, "text", {"font", "color", "muted", "halo", "panel"});
    s.font = r.opt_string(t, "font", "text.").value_or(s.font);
    s.text = r.opt_color(t, "color", "text.").value_or(s.text);
    s.text_muted = r.opt_color(t, "muted", "text.").value_or(s.text_muted);
    s.halo = r.opt_color(t, "halo", "text.").value_or(s.halo);
    s.panel = r.opt_color(t, "panel", "text.").value_or(s.panel);
  }

  const toml::node* blocs = root.get("bloc");
  if (!blocs) throw Error(source + ": bloc: missing (at least one [[bloc]] table)");
  if (!blocs->is_array_of_tables()) r.fail(blocs, "bloc", "must be an array of tables ([[bloc]])");
  std::size_t i = 0;
  for (const auto& node : *blocs->as_array()) {
    const auto& t = *node.as_table();
    const std::string path = "bloc[" + std::to_string(i++) + "].";
    r.only(t, path.substr(0, path.size() - 1), {"id", "label", "label_fr", "fill", "show", "roles"});
    BlocStyle b;
    b.id = r.string(t, "id", path);
    b.label = r.opt_string(t, "label", path).value_or(b.id);
    b.label_fr = r.opt_string(t, "label_fr", path).value_or("");
    b.fill = r.color(t, "fill", path);
    b.show = r.opt_bool(t, "show", path).value_or(true);
    if (t.get("roles")) {
      const auto& roles = r.table(t, "roles", path);
      for (const auto& [role, rn] : roles) {
        const std::string rpath = path + "roles." + std::string(role.str());
        if (!rn.is_table()) r.fail(&rn, rpath, "must be a table");
        const auto& rt = *rn.as_table();
        r.only(rt, rpath, {"fill", "label", "label_fr"});
        RoleStyle rs;
        rs.fill = r.opt_color(rt, "fill", rpath + ".");
        rs.label = r.opt_string(rt, "label", rpath + ".").value_or("");
        rs.label_fr = r.opt_string(rt, "label_fr", rpath + ".").value_or("");
        b.roles.emplace(std::string(role.str()), std::move(rs));
      }
    }
    if (b.id.empty()) r.fail(&node, path + "id", "must not be empty");
    if (s.bloc(b.id)) r.fail(&node, path + "id", "duplicate bloc '" + b.id + "'");
    s.blocs.push_back(std::move(b));
  }
  // Two legend entries never share a swatch: a reader could not tell them apart. A role without a
  // fill of its own is its bloc's colour under another name (the AES as a confederation) and is
  // never shown beside it.
  struct Swatch {
    Color fill;
    std::string label, where;
  };
  std::vector<Swatch> swatches;
  for (std::size_t bi = 0; bi < s.blocs.size(); ++bi) {
    const BlocStyle& b = s.blocs[bi];
    if (!b.show) continue;
    const std::string path = "bloc[" + std::to_string(bi) + "].";
    std::vector<Swatch> mine{{b.fill, b.label, path + "fill"}};
    for (const auto& [role, rs] : b.roles)
      if (rs.fill) mine.push_back({*rs.fill, rs.label.empty() ? b.label : rs.label, path + "roles." + role + ".fill"});
    for (const Swatch& m : mine) {
      for (const Swatch& o : swatches)
        if (o.fill == m.fill && o.label != m.label)
          throw Error(source + ": " + m.where + ": " + m.fill.hex() + " is also the fill of '" + o.label +
                      "': the legend's '" + m.label + "' could not be told apart from it");
      swatches.push_back(m);
    }
  }
  return s;
}

Style Style::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec)) throw Error(path.string() + ": cannot read style file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path.string());
}

std::filesystem::path resolve_style(const std::string& name_or_path, const std::filesystem::path& styles_dir) {
  const bool is_path = name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".toml");
  if (is_path) return name_or_path;
  const auto p = styles_dir / (name_or_path + ".toml");
  std::error_code ec;
  if (!std::filesystem::exists(p, ec)) {
    std::string names;
    for (const auto& e : std::filesystem::directory_iterator(styles_dir, ec))
      if (e.path().extension() == ".toml") names += (names.empty() ? "" : ", ") + e.path().stem().string();
    throw Error("unknown style '" + name_or_path + "' (styles: " + names + ")");
  }
  return p;
}

}  // namespace sahelmap::render
