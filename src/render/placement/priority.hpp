#pragma once
// Which names come first, for posters and tiles alike: bloc members in the style's bloc order,
// the largest first within a bloc; then the other countries, largest first, split into large
// ones (named before callouts and capitals take their room) and small ones (named last).
#include <string>
#include <utility>
#include <vector>

#include "proj/scene.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"
#include "render/view.hpp"

namespace sahelmap::render {

/// Each country's area inside the view, in square pixels, in the order they first appear in the
/// scene; countries that do not show are left out.
std::vector<std::pair<std::string, double>> visible_areas(const proj::Scene& scene, const ViewTransform& view);

struct LabelOrder {
  std::vector<std::string> members, large, small;
};

/// A country is large when it shows over more than 2% of the frame.
LabelOrder label_order(const std::vector<std::pair<std::string, double>>& areas, const Symbolization& sym,
                       const Style& style, const Rect& frame);

}  // namespace sahelmap::render
