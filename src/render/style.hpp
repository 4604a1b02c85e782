#pragma once
// Map styles (styles/*.toml, parsed with toml++): colours per bloc and role, background, borders,
// hatching for double membership, text. Unknown keys are errors, so typos do not pass silently.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/color.hpp"

namespace sahelmap::render {

struct RoleStyle {
  std::optional<Color> fill;
  std::string label, label_fr;
};

struct BlocStyle {
  std::string id;
  std::string label, label_fr;
  Color fill;
  bool show = true;
  std::map<std::string, RoleStyle> roles;

  Color fill_for(const std::string& role) const;
  /// The legend label for a role: the role's own label if it has one, else the bloc's.
  std::string label_for(const std::string& role, std::string_view lang) const;
};

struct Style {
  std::string name;
  Color background, land, border, frame;
  Color space;                 // outside the projection's world (around an orthographic globe)
  double border_width = 0.75;  // CSS px (1/96 inch), scaled with --dpi
  double hatch_width = 3, hatch_spacing = 9;
  std::string font = "Noto Sans";
  Color text, text_muted, halo, panel;
  std::vector<BlocStyle> blocs;  // priority order: the first bloc a country is in gives its fill

  const BlocStyle* bloc(std::string_view id) const;

  /// @throws Error "PATH line L: <problem>" for syntax errors, wrong types, bad colours,
  ///         missing or unknown keys.
  static Style parse(std::string_view text, const std::string& source);
  static Style load(const std::filesystem::path& path);
};

/// A style name ("default", "dark", ...) from the styles folder, or a path to a .toml file.
std::filesystem::path resolve_style(const std::string& name_or_path, const std::filesystem::path& styles_dir);

}  // namespace sahelmap::render
