#include "render/symbols.hpp"

#include <cmath>

namespace sahelmap::render {

namespace {
std::vector<geom::Point> box(double x, double y, double w, double h) {
  return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}
}  // namespace

SymbolOutline symbol_outline(data::Category c, geom::Point at, double r) {
  const double x = at.x, y = at.y;
  SymbolOutline o;
  switch (c) {
    case data::Category::Coup: {  // five-pointed star
      auto& ring = o.rings.emplace_back();
      for (int i = 0; i < 10; ++i) {
        const double a = -M_PI / 2 + i * M_PI / 5, rr = i % 2 ? r * 0.45 : r;
        ring.push_back({x + rr * std::cos(a), y + rr * std::sin(a)});
      }
      break;
    }
    case data::Category::Attack:  // triangle
      o.rings.push_back({{x, y - r}, {x + r * 0.95, y + r * 0.75}, {x - r * 0.95, y + r * 0.75}});
      break;
    case data::Category::Flags:  // flag on a pole
      o.rings.push_back(box(x - r * 0.7, y - r, r * 0.22, r * 2));
      o.rings.push_back(box(x - r * 0.5, y - r, r * 1.3, r * 0.95));
      break;
    case data::Category::Deployment:  // square
      o.rings.push_back(box(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6));
      break;
    case data::Category::Withdrawal:  // arrow leaving
      o.rings.push_back({{x - r, y - r * 0.35},
                         {x + r * 0.1, y - r * 0.35},
                         {x + r * 0.1, y - r * 0.85},
                         {x + r, y},
                         {x + r * 0.1, y + r * 0.85},
                         {x + r * 0.1, y + r * 0.35},
                         {x - r, y + r * 0.35}});
      break;
    case data::Category::CooperationEnd: {  // broken link: an X
      const double k = r * 0.3;
      o.rings.push_back({{x - r, y - r + k},
                         {x - r + k, y - r},
                         {x, y - k},
                         {x + r - k, y - r},
                         {x + r, y - r + k},
                         {x + k, y},
                         {x + r, y + r - k},
                         {x + r - k, y + r},
                         {x, y + k},
                         {x - r + k, y + r},
                         {x - r, y + r - k},
                         {x - k, y}});
      break;
    }
    case data::Category::Treaty:  // circle
      o.circle = r * 0.85;
      break;
    case data::Category::Diplomacy:  // diamond
      o.rings.push_back({{x, y - r}, {x + r, y}, {x, y + r}, {x - r, y}});
      break;
  }
  return o;
}

SeveralMark several_mark(geom::Point at, double r) {
  SeveralMark m{.dot = 0.2 * r};
  constexpr double kPi = 3.14159265358979323846;
  for (int k = 0; k < 3; ++k) {  // at the top, lower right, lower left
    const double a = (-90.0 + 120.0 * k) * kPi / 180;
    m.dots[static_cast<std::size_t>(k)] = {at.x + 0.42 * r * std::cos(a), at.y + 0.42 * r * std::sin(a)};
  }
  return m;
}

}  // namespace sahelmap::render
