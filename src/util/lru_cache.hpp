#pragma once
// A least-recently-used cache bounded by a cost budget (bytes, or a count), shared by threads:
// the server's encoded tiles and its per-date models.
#include <cstddef>
#include <list>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace sahelmap {

/// @tparam Value cheap to copy and testable for absence (a shared_ptr): get() returns Value{}
///         when the key is not there.
/// @tparam Cost `std::size_t operator()(const Key&, const Value&)`; an entry costing more than
///         the whole budget is not kept.
template <class Key, class Value, class Cost>
class LruCache {
 public:
  explicit LruCache(std::size_t budget, Cost cost = {}) : budget_(budget), cost_(std::move(cost)) {}

  /// The value, now the most recently used; Value{} when absent.
  Value get(const Key& key) {
    std::lock_guard lock(m_);
    return find(key);
  }

  /// Adds (or replaces) an entry, dropping the least recently used ones beyond the budget.
  void put(const Key& key, Value value) {
    std::lock_guard lock(m_);
    insert(key, std::move(value));
  }

  /// The value of `key`, made by `make()` (under the cache's lock, so once) when absent.
  template <class Make>
  Value get_or_make(const Key& key, Make&& make) {
    std::lock_guard lock(m_);
    if (Value v = find(key)) return v;
    Value v = make();
    insert(key, v);
    return v;
  }

  std::size_t used() const {
    std::lock_guard lock(m_);
    return used_;
  }
  std::size_t size() const {
    std::lock_guard lock(m_);
    return order_.size();
  }
  std::size_t hits() const {
    std::lock_guard lock(m_);
    return hits_;
  }
  std::size_t misses() const {
    std::lock_guard lock(m_);
    return misses_;
  }

 private:
  using Entry = std::pair<Key, Value>;

  Value find(const Key& key) {
    const auto it = index_.find(key);
    if (it == index_.end()) {
      ++misses_;
      return Value{};
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  void insert(const Key& key, Value value) {
    const std::size_t c = cost_(key, value);
    if (const auto it = index_.find(key); it != index_.end()) {
      used_ -= cost_(it->first, it->second->second);
      order_.erase(it->second);
      index_.erase(it);
    }
    if (c > budget_) return;
    order_.emplace_front(key, std::move(value));
    index_[key] = order_.begin();
    used_ += c;
    while (used_ > budget_) {
      const Entry& last = order_.back();
      used_ -= cost_(last.first, last.second);
      index_.erase(last.first);
      order_.pop_back();
    }
  }

  mutable std::mutex m_;
  std::list<Entry> order_;  // front: most recent
  std::unordered_map<Key, typename std::list<Entry>::iterator> index_;
  std::size_t used_ = 0, budget_, hits_ = 0, misses_ = 0;
  Cost cost_;
};

}  // namespace sahelmap
