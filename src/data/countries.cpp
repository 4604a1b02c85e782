#include "data/countries.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "data/gdal.hpp"
#include "util/error.hpp"

namespace sahelmap::data {

std::string fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Trim: shapefile DBF fields come padded.
  const auto b = out.find_first_not_of(' ');
  const auto e = out.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
}

std::string normalize_numeric(std::string_view s) {
  const std::string t = fold(s);
  if (t.empty()) return {};
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !(v >= 1 && v <= 999) || v != std::floor(v)) return {};
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03d", static_cast<int>(v));
  return buf;
}

CountryTable CountryTable::load(const std::string& csv_path) {
  auto ds = open_vector(csv_path, {"CSV"});
  OGRLayer* layer = ds->GetLayer(0);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (const char* col : {"code", "iso_a3", "iso_n3", "adm0_a3", "name_en", "name_fr", "aliases"})
    if (field_index(defn, col) < 0) throw Error(csv_path + ": missing column '" + col + "'");
  CountryTable t;
  std::set<std::string> seen;
  int line = 1;
  for (auto& f : *layer) {
    ++line;
    Country c{field_string(*f, "code"),    field_string(*f, "iso_a3"),  field_string(*f, "iso_n3"),
              field_string(*f, "adm0_a3"), field_string(*f, "name_en"), field_string(*f, "name_fr")};
    if (c.code.empty() || c.name_en.empty())
      throw Error(csv_path + " line " + std::to_string(line) + ": code and name_en are required");
    if (!seen.insert(c.code).second)
      throw Error(csv_path + " line " + std::to_string(line) + ": duplicate code '" + c.code + "'");
    if (c.name_fr.empty()) c.name_fr = c.name_en;
    std::vector<std::string> names{fold(c.name_en), fold(c.name_fr)};
    const std::string aliases = field_string(*f, "aliases");
    for (std::size_t b = 0; b <= aliases.size();) {
      const std::size_t e = std::min(aliases.find('|', b), aliases.size());
      if (e > b) names.push_back(fold(std::string_view(aliases).substr(b, e - b)));
      b = e + 1;
    }
    t.countries_.push_back(std::move(c));
    t.names_.push_back(std::move(names));
    t.index(t.countries_.size() - 1);
  }
  if (t.countries_.empty()) throw Error(csv_path + ": no countries");
  // A name shared by two countries identifies neither.
  std::unordered_map<std::string, int> uses;
  for (const auto& ns : t.names_)
    for (const auto& n : std::set<std::string>(ns.begin(), ns.end())) ++uses[n];
  for (std::size_t i = 0; i < t.names_.size(); ++i)
    for (const auto& n : t.names_[i])
      if (uses[n] == 1) t.by_name_.emplace(n, i);
  return t;
}

void CountryTable::index(std::size_t i) {
  const Country& c = countries_[i];
  for (const std::string* k : {&c.code, &c.iso_a3, &c.adm0_a3})
    if (!k->empty()) by_code_.emplace(*k, i);
  if (const std::string n3 = normalize_numeric(c.iso_n3); !n3.empty()) by_n3_.emplace(n3, i);
}

const Country* CountryTable::find(std::string_view code) const {
  const auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &countries_[it->second];
}

std::optional<std::size_t> CountryTable::resolve(const FeatureKeys& keys) const {
  for (const std::string& raw : keys.codes) {
    std::string code = raw;
    code.erase(std::remove(code.begin(), code.end(), ' '), code.end());
    for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (code.size() != 3 || code == "-99") continue;
    if (auto it = by_code_.find(code); it != by_code_.end()) return it->second;
  }
  std::vector<std::string> names;
  for (const auto& n : keys.names)
    if (auto f = fold(n); !f.empty()) names.push_back(std::move(f));
  auto numeric = [&](const std::vector<std::string>& list) -> std::optional<std::size_t> {
    for (const std::string& raw : list) {
      const std::string n3 = normalize_numeric(raw);
      if (n3.empty()) continue;
      auto [lo, hi] = by_n3_.equal_range(n3);
      if (lo == hi) continue;
      if (std::next(lo) == hi) return lo->second;
      for (auto it = lo; it != hi; ++it)  // shared code (036: Australia, Ashmore and Cartier)
        for (const auto& n : names)
          if (std::find(names_[it->second].begin(), names_[it->second].end(), n) != names_[it->second].end())
            return it->second;
    }
    return std::nullopt;
  };
  if (auto i = numeric(keys.numerics)) return i;
  for (const auto& n : names)
    if (auto it = by_name_.find(n); it != by_name_.end()) return it->second;
  return numeric(keys.ids);
}

}  // namespace sahelmap::data
