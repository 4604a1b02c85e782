#pragma once
// Mapbox Vector Tile 2.1 encoding on protozero: layers with deduplicated keys and values, features
// with command-encoded geometry in tile coordinates (y down), gzip for the wire.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace sahelmap::tiles::mvt {

enum class GeomType : std::uint32_t { Point = 1, LineString = 2, Polygon = 3 };

struct IPoint {
  std::int32_t x = 0, y = 0;
  friend bool operator==(const IPoint&, const IPoint&) = default;
};

/// Builds one feature's geometry commands; deltas run on from part to part, as the spec says.
class GeometryWriter {
 public:
  void point(IPoint p);
  /// @pre at least 2 points, no two consecutive equal
  void line(const std::vector<IPoint>& pts);
  /// A ring given closed (last point = first) or open; @pre at least 3 distinct points.
  void ring(const std::vector<IPoint>& pts);
  const std::vector<std::uint32_t>& commands() const { return out_; }
  bool empty() const { return out_.empty(); }
  void clear() { out_.clear(), cursor_ = {}; }

 private:
  void move_to(IPoint p);
  void line_to(const IPoint* first, std::size_t n);
  std::vector<std::uint32_t> out_;
  IPoint cursor_;
};

using Value = std::variant<std::string_view, std::int64_t, double, bool>;

class Layer {
 public:
  explicit Layer(std::string name, std::uint32_t extent = 4096) : name_(std::move(name)), extent_(extent) {}
  /// @param id 0 for none
  void add(GeomType type, const std::vector<std::uint32_t>& geometry,
           const std::vector<std::pair<std::string_view, Value>>& tags, std::uint64_t id = 0);
  bool empty() const { return features_ == 0; }
  std::size_t features() const { return features_; }
  const std::string& name() const { return name_; }
  /// The layer message (Tile field 3's payload).
  std::string encode() const;

 private:
  std::uint32_t key(std::string_view k);
  std::uint32_t value(const Value& v);
  std::string name_;
  std::uint32_t extent_;
  std::string features_bytes_;
  std::size_t features_ = 0;
  std::vector<std::string> keys_, values_;  // values_ holds encoded Value messages
  std::unordered_map<std::string, std::uint32_t> key_index_, value_index_;
  std::vector<std::uint32_t> tags_;
};

/// A Tile message of the non-empty layers, in order.
std::string encode_tile(const std::vector<const Layer*>& layers);

/// zigzag(n) as the geometry commands' parameters use it.
inline std::uint32_t zigzag(std::int32_t n) {
  return (static_cast<std::uint32_t>(n) << 1) ^ static_cast<std::uint32_t>(n >> 31);
}

}  // namespace sahelmap::tiles::mvt

namespace sahelmap::tiles {
/// gzip (RFC 1952) at zlib's level 6 (what MVT consumers expect on the wire and in archives).
/// @throws Error when zlib fails
std::string gzip(std::string_view data);
/// The inverse, for readers of our own archives (the server, the tests).
/// @throws Error on a corrupt stream
std::string gunzip(std::string_view data);
}  // namespace sahelmap::tiles
