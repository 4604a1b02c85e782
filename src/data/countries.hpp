#pragma once
// The one table that identifies countries (shapes/countries.csv): ISO alpha-3, ISO numeric,
// Natural Earth's ADM0_A3, English and French names and aliases. Every dataset is joined through it,
// which is how Natural Earth's quirks (ISO_A3 = -99 for France and Norway, shared numeric ids) are
// absorbed in one place.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sahelmap::data {

struct Country {
  std::string code;  // ISO 3166-1 alpha-3 where one exists, else Natural Earth's ADM0_A3
  std::string iso_a3, iso_n3, adm0_a3;
  std::string name_en, name_fr;
  const std::string& name(std::string_view lang) const { return lang == "fr" ? name_fr : name_en; }
};

/// What a feature offers for the join, each list in order of trust.
struct FeatureKeys {
  std::vector<std::string> codes;     // alpha-3 fields: ADM0_A3, ISO_A3, ISO_A3_EH, ...
  std::vector<std::string> numerics;  // ISO_N3, world-atlas id, UN_A3
  std::vector<std::string> names;     // NAME, NAME_LONG, ADMIN, name, ...
  std::vector<std::string> ids;       // numeric ids of uncertain meaning (world-atlas "id"): last
};

class CountryTable {
 public:
  /// Reads the table through GDAL's CSV driver.
  /// @throws Error naming the file and line for missing columns or duplicate codes.
  static CountryTable load(const std::string& csv_path);

  /// Resolves a feature: alpha-3 codes first (Natural Earth's "-99" skipped), then an ISO numeric
  /// code when it is unique or the names pick among its holders, then names, then bare ids.
  std::optional<std::size_t> resolve(const FeatureKeys& keys) const;
  /// By code, ISO alpha-3 or ADM0_A3.
  const Country* find(std::string_view code) const;

  const std::vector<Country>& countries() const { return countries_; }
  const Country& operator[](std::size_t i) const { return countries_[i]; }
  std::size_t size() const { return countries_.size(); }

 private:
  void index(std::size_t i);
  std::vector<Country> countries_;
  std::unordered_map<std::string, std::size_t> by_code_;     // code, iso_a3, adm0_a3
  std::unordered_multimap<std::string, std::size_t> by_n3_;  // "036" -> AUS, ATC
  std::unordered_map<std::string, std::size_t> by_name_;     // lower-case; ambiguous names dropped
  std::vector<std::vector<std::string>> names_;              // lower-case names per country
};

/// Lower-cases ASCII letters (names keep their accents).
std::string fold(std::string_view s);
/// "36", "036" or "36.0" -> "036"; empty for anything else (including "-99").
std::string normalize_numeric(std::string_view s);

}  // namespace sahelmap::data
