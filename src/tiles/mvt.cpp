#include "tiles/mvt.hpp"

#include <zlib.h>

#include <protozero/pbf_writer.hpp>

#include "util/error.hpp"

namespace sahelmap::tiles::mvt {

namespace {
constexpr std::uint32_t command(std::uint32_t id, std::uint32_t count) {
  return (id & 0x7) | (count << 3);
}
constexpr std::uint32_t kMoveTo = 1, kLineTo = 2, kClosePath = 7;
}  // namespace

void GeometryWriter::move_to(IPoint p) {
  out_.push_back(command(kMoveTo, 1));
  out_.push_back(zigzag(p.x - cursor_.x));
  out_.push_back(zigzag(p.y - cursor_.y));
  cursor_ = p;
}

void GeometryWriter::line_to(const IPoint* first, std::size_t n) {
  out_.push_back(command(kLineTo, static_cast<std::uint32_t>(n)));
  for (std::size_t i = 0; i < n; ++i) {
    out_.push_back(zigzag(first[i].x - cursor_.x));
    out_.push_back(zigzag(first[i].y - cursor_.y));
    cursor_ = first[i];
  }
}

void GeometryWriter::point(IPoint p) {
  move_to(p);
}

void GeometryWriter::line(const std::vector<IPoint>& pts) {
  move_to(pts.front());
  line_to(pts.data() + 1, pts.size() - 1);
}

void GeometryWriter::ring(const std::vector<IPoint>& pts) {
  std::size_t n = pts.size();
  if (n > 1 && pts.back() == pts.front()) --n;  // ClosePath draws the closing segment
  move_to(pts.front());
  line_to(pts.data() + 1, n - 1);
  out_.push_back(command(kClosePath, 1));
}

std::uint32_t Layer::key(std::string_view k) {
  const auto [it, added] = key_index_.try_emplace(std::string(k), static_cast<std::uint32_t>(keys_.size()));
  if (added) keys_.emplace_back(k);
  return it->second;
}

std::uint32_t Layer::value(const Value& v) {
  std::string bytes;
  protozero::pbf_writer w(bytes);
  if (const auto* s = std::get_if<std::string_view>(&v))
    w.add_string(1, s->data(), s->size());
  else if (const auto* d = std::get_if<double>(&v))
    w.add_double(3, *d);
  else if (const auto* i = std::get_if<std::int64_t>(&v))
    *i >= 0 ? w.add_uint64(5, static_cast<std::uint64_t>(*i)) : w.add_sint64(6, *i);
  else
    w.add_bool(7, std::get<bool>(v));
  const auto [it, added] = value_index_.try_emplace(bytes, static_cast<std::uint32_t>(values_.size()));
  if (added) values_.push_back(std::move(bytes));
  return it->second;
}

void Layer::add(GeomType type, const std::vector<std::uint32_t>& geometry,
                const std::vector<std::pair<std::string_view, Value>>& tags, std::uint64_t id) {
  tags_.clear();
  for (const auto& [k, v] : tags) {
    tags_.push_back(key(k));
    tags_.push_back(value(v));
  }
  protozero::pbf_writer layer(features_bytes_);
  protozero::pbf_writer f(layer, 2);
  if (id) f.add_uint64(1, id);
  f.add_packed_uint32(2, tags_.begin(), tags_.end());
  f.add_enum(3, static_cast<std::int32_t>(type));
  f.add_packed_uint32(4, geometry.begin(), geometry.end());
  ++features_;
}

std::string Layer::encode() const {
  std::string out;
  {
    protozero::pbf_writer w(out);
    w.add_uint32(15, 2);  // version
    w.add_string(1, name_);
  }
  out += features_bytes_;
  protozero::pbf_writer w(out);
  for (const auto& k : keys_) w.add_string(3, k);
  for (const auto& v : values_) w.add_message(4, v);
  w.add_uint32(5, extent_);
  return out;
}

std::string encode_tile(const std::vector<const Layer*>& layers) {
  std::string out;
  protozero::pbf_writer w(out);
  for (const Layer* l : layers)
    if (!l->empty()) w.add_message(3, l->encode());
  return out;
}

}  // namespace sahelmap::tiles::mvt

namespace sahelmap::tiles {

std::string gzip(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw Error("gzip: cannot start zlib");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const auto written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw Error("gzip: zlib failed (" + std::to_string(rc) + ")");
  out.resize(written);
  return out;
}

std::string gunzip(std::string_view data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) throw Error("gunzip: cannot start zlib");  // gzip or zlib header
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw Error("gunzip: corrupt data (zlib " + std::to_string(rc) + ")");
    }
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      throw Error("gunzip: truncated data");
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace sahelmap::tiles
