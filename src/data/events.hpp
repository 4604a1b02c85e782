#pragma once
// Dated, sourced events (shapes/events.geojson or any OGR point source: GeoJSON, CSV with
// lon/lat columns, GeoPackage).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/date.hpp"
#include "geom/geometry.hpp"

namespace sahelmap::data {

/// What happened, as markers and the legend tell it apart.
enum class Category : std::uint8_t { Coup, Attack, Flags, Deployment, Withdrawal, CooperationEnd, Treaty, Diplomacy };

/// The one table of categories: the key files use, and the names in each language.
struct CategoryInfo {
  Category category;
  std::string_view key, en, fr;
};
inline constexpr std::array<CategoryInfo, 8> kCategories{{
    {Category::Coup, "coup", "Coup", "Coup d'État"},
    {Category::Attack, "attack", "Attack", "Attaque"},
    {Category::Flags, "flags", "Flags", "Drapeaux"},
    {Category::Deployment, "deployment", "Deployment", "Déploiement"},
    {Category::Withdrawal, "withdrawal", "Withdrawal", "Retrait"},
    {Category::CooperationEnd, "cooperation_end", "End of cooperation", "Fin de coopération"},
    {Category::Treaty, "treaty", "Treaty", "Traité"},
    {Category::Diplomacy, "diplomacy", "Diplomacy", "Diplomatie"},
}};  // in legend order
static_assert(
    [] {
      for (std::size_t i = 0; i < kCategories.size(); ++i)
        if (kCategories[i].category != static_cast<Category>(i)) return false;
      return true;
    }(),
    "kCategories lists the categories in the enum's order");

const CategoryInfo& info(Category c);
/// The category a file names, if it is one.
std::optional<Category> parse_category(std::string_view key);

struct Event {
  std::string id, title, title_fr, description, source, source_title, place;
  Category category = Category::Coup;
  Date date;
  geom::Point lonlat;
  const std::string& title_in(std::string_view lang) const {
    return lang == "fr" && !title_fr.empty() ? title_fr : title;
  }
};

/// @throws Error "PATH: feature N (title): <problem>" for a missing or malformed date, a missing
///         title, an unknown category, or a location that is not a lon/lat point.
std::vector<Event> load_events(const std::string& path);

/// Who published the source: its title up to a colon ("National Post (Reuters)"), else the
/// link's host; empty without either.
std::string publisher(const Event& e);

/// Events on or before `d`, oldest first.
std::vector<Event> events_until(const std::vector<Event>& events, Date d);

struct Place {
  std::string name, name_fr, country, kind;  // kind: capital or seat (of government)
  long population = 0;
  geom::Point lonlat;
  const std::string& name_in(std::string_view lang) const { return lang == "fr" ? name_fr : name; }
};

/// shapes/places.csv (national capitals, from Natural Earth).
std::vector<Place> load_places(const std::string& path);

}  // namespace sahelmap::data
