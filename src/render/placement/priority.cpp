#include "render/placement/priority.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "geom/clip.hpp"

namespace sahelmap::render {

std::vector<std::pair<std::string, double>> visible_areas(const proj::Scene& scene, const ViewTransform& view) {
  std::vector<std::pair<std::string, double>> out;
  std::map<std::string, std::size_t> index;
  geom::RectClipper clip_view(view.extent);
  geom::Polygon piece;
  const double px2 = view.scale * view.scale;
  for (const auto& c : scene.countries)
    for (const auto& poly : c.area) {
      if (!geom::bounds(poly).intersects(view.extent)) continue;
      clip_view.clip(poly, piece);
      if (piece.empty()) continue;
      auto [it, fresh] = index.try_emplace(c.code, out.size());
      if (fresh) out.emplace_back(c.code, 0.0);
      out[it->second].second += std::abs(geom::signed_area(piece)) * px2;
    }
  return out;
}

LabelOrder label_order(const std::vector<std::pair<std::string, double>>& areas, const Symbolization& sym,
                       const Style& style, const Rect& frame) {
  LabelOrder o;
  std::map<std::string, double> area(areas.begin(), areas.end());
  for (const auto& b : style.blocs)
    for (const auto& [code, a] : areas)
      if (const CountryLook* look = sym.look(code); look && look->affiliations.front().bloc == &b)
        o.members.push_back(code);
  const auto larger = [&](const std::string& a, const std::string& b) { return area[a] > area[b]; };
  std::stable_sort(o.members.begin(), o.members.end(), [&](const std::string& a, const std::string& b) {
    const BlocStyle* ra = sym.look(a)->affiliations.front().bloc;
    const BlocStyle* rb = sym.look(b)->affiliations.front().bloc;
    return ra != rb ? ra < rb : larger(a, b);
  });
  std::vector<std::string> others;
  for (const auto& [code, a] : areas)
    if (!sym.look(code)) others.push_back(code);
  std::stable_sort(others.begin(), others.end(), larger);
  for (const auto& code : others) (area[code] > 0.02 * frame.w * frame.h ? o.large : o.small).push_back(code);
  return o;
}

}  // namespace sahelmap::render
