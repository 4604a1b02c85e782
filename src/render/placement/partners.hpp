#pragma once
// Outside partners (the PARTNER bloc: Russia; France and the US as former partners; the EU when the
// style shows it). On a regional map a partner off the map gets an arrow on the frame's edge that
// points along the true initial great-circle bearing from the map centre, with its name and
// distance, in its status colour; on a world map the partner is coloured in place and arcs join its
// capital to the AES capitals.
#include <cstdint>
#include <string>
#include <vector>

#include "data/blocs.hpp"
#include "data/countries.hpp"
#include "data/events.hpp"
#include "proj/projection.hpp"
#include "render/display_list.hpp"
#include "render/placement/occupancy.hpp"
#include "render/style.hpp"
#include "render/symbolize.hpp"

namespace sahelmap::render {

struct Partner {
  std::string code;   // country code; the bloc's id for a bloc shown as one (the EU)
  std::string name;   // in the poster's language
  std::string role;   // partner, former, member (EU)
  std::string label;  // the role's legend label
  Color color;
  geom::Point lonlat;   // its capital (a bloc: its seat)
  bool on_map = false;  // its capital inside the frame
};

struct PartnerContext {
  const data::BlocTable* blocs = nullptr;
  const data::CountryTable* countries = nullptr;
  const std::vector<data::Place>* places = nullptr;
  const Style* style = nullptr;
  data::Date date;
  std::string lang;
  const proj::Projection* projection = nullptr;
  const ViewTransform* view = nullptr;
};

/// The partners on the date, in the blocs table's order.
std::vector<Partner> outside_partners(const PartnerContext& cx);

struct PartnerMark {
  Partner partner;
  double bearing = 0, km = 0;  // from the map centre
  double angle = 0;            // the bearing's direction on the canvas, radians (atan2 of dy, dx)
  geom::Point arrow;           // the arrow's centre, at the frame's edge
  Rect rect;                   // the arrow and the text
  TextSpec spec;
  Rect text;
};

/// Arrows for the partners off the map, slid along the edge off anything placed; marks `occ`.
std::vector<PartnerMark> place_partner_marks(const std::vector<Partner>& partners, const PartnerContext& cx,
                                             double unit, const TextMeasurer& measure, Occupancy& occ);
void add_partner_mark(DisplayList& out, const PartnerMark& m, const Style& style, double unit, std::uint16_t clip);

/// Great-circle arcs from each partner on the map to each AES capital on the date.
/// The arcs from each partner on the map to the AES capitals, in page pixels, cut where they leave
/// the projection or jump across the map: one MultiLine per partner on the map.
std::vector<geom::MultiLine> partner_arcs(const std::vector<Partner>& partners, const PartnerContext& cx);
void add_partner_arcs(DisplayList& out, const std::vector<Partner>& partners, const PartnerContext& cx, double unit,
                      std::uint16_t clip);

/// "5,100 km" / "5 100 km", to the nearest 100 km.
std::string distance_text(double km, const std::string& lang);

}  // namespace sahelmap::render
