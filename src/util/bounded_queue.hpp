#pragma once
// A bounded, closable queue between threads: producers wait for room instead of memory growing
// (the pyramid's workers feeding its writer, the server's accept loop feeding its workers).
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace sahelmap {

template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

  /// Waits for room, then queues `item`. @returns false (dropping it) once the queue is closed.
  bool push(T item) {
    std::unique_lock lock(m_);
    room_.wait(lock, [&] { return q_.size() < capacity_ || closed_; });
    if (closed_) return false;
    q_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }

  /// Queues `item` only when there is room now. @returns false (dropping it) when full or closed.
  bool try_push(T& item) {
    std::lock_guard lock(m_);
    if (closed_ || q_.size() >= capacity_) return false;
    q_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }

  std::size_t size() {
    std::lock_guard lock(m_);
    return q_.size();
  }

  enum class Pop { Item, Timeout, Closed };
  /// Takes the oldest item into `out`, waiting for one (at most `wait`, when given). Items queued
  /// before close() are still handed out; Closed comes once the queue is closed and empty.
  Pop pop(T& out, std::optional<std::chrono::milliseconds> wait = std::nullopt) {
    std::unique_lock lock(m_);
    const auto ready = [&] { return !q_.empty() || closed_; };
    if (wait)
      ready_.wait_for(lock, *wait, ready);
    else
      ready_.wait(lock, ready);
    if (q_.empty()) return closed_ ? Pop::Closed : Pop::Timeout;
    out = std::move(q_.front());
    q_.pop_front();
    room_.notify_one();
    return Pop::Item;
  }

  /// Wakes every waiter: producers stop, consumers drain what is queued.
  void close() {
    std::lock_guard lock(m_);
    closed_ = true;
    ready_.notify_all();
    room_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable ready_, room_;
  std::deque<T> q_;
  std::size_t capacity_;
  bool closed_ = false;
};

}  // namespace sahelmap
