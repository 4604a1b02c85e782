// The bounded queue (the pyramid's writer, the server's workers) and the LRU cache (served tiles,
// per-date models): their contracts under threads.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "util/atomic_file.hpp"
#include "util/bounded_queue.hpp"
#include "util/error.hpp"
#include "util/lru_cache.hpp"

using namespace sahelmap;
using namespace std::chrono_literals;

TEST(BoundedQueue, ProducersWaitForRoomAndEverythingQueuedIsHandedOutAfterClose) {
  BoundedQueue<int> q(2);
  std::atomic<int> pushed{0};
  std::thread producer([&] {
    for (int i = 0; i < 5; ++i) pushed += q.push(i);
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(pushed.load(), 2);  // full: the producer waits instead of queueing more
  std::vector<int> got;
  int v = -1;
  while (got.size() < 5 && q.pop(v, 2000ms) == BoundedQueue<int>::Pop::Item) got.push_back(v);
  producer.join();
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(q.pop(v, 10ms), BoundedQueue<int>::Pop::Timeout);  // empty and open: the wait ends
  ASSERT_TRUE(q.push(7));
  q.close();
  EXPECT_FALSE(q.push(8));                            // closed: dropped
  EXPECT_EQ(q.pop(v), BoundedQueue<int>::Pop::Item);  // queued before close: still handed out
  EXPECT_EQ(v, 7);
  EXPECT_EQ(q.pop(v), BoundedQueue<int>::Pop::Closed);
}

TEST(BoundedQueue, CloseWakesAWaitingConsumerAndAWaitingProducer) {
  BoundedQueue<int> q(1);
  ASSERT_TRUE(q.push(1));
  std::atomic<bool> producer_done{false};
  std::thread producer([&] {
    EXPECT_FALSE(q.push(2));  // waits for room; close ends the wait
    producer_done = true;
  });
  std::this_thread::sleep_for(30ms);
  EXPECT_FALSE(producer_done.load());
  q.close();
  producer.join();
  int v = 0;
  EXPECT_EQ(q.pop(v), BoundedQueue<int>::Pop::Item);
  BoundedQueue<int> empty(1);
  std::thread consumer([&] {
    int x = 0;
    EXPECT_EQ(empty.pop(x), BoundedQueue<int>::Pop::Closed);
  });
  std::this_thread::sleep_for(30ms);
  empty.close();
  consumer.join();
}

namespace {
struct ByLength {
  std::size_t operator()(const std::string& k, const std::shared_ptr<std::string>& v) const {
    return k.size() + v->size();
  }
};
using Cache = LruCache<std::string, std::shared_ptr<std::string>, ByLength>;
std::shared_ptr<std::string> text(std::size_t n) {
  return std::make_shared<std::string>(n, 'x');
}
}  // namespace

TEST(LruCache, StaysInItsBudgetDropsTheLeastRecentAndKeepsNothingTooLarge) {
  Cache c(100);
  for (int i = 0; i < 5; ++i) c.put("k" + std::to_string(i), text(28));  // 30 each
  EXPECT_LE(c.used(), 100u);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_FALSE(c.get("k0"));
  EXPECT_TRUE(c.get("k2"));  // now the most recent
  c.put("k5", text(28));
  EXPECT_TRUE(c.get("k2"));
  EXPECT_FALSE(c.get("k3"));  // the least recent went
  c.put("k2", text(200));     // replaced by something larger than the budget: gone
  EXPECT_FALSE(c.get("k2"));
  EXPECT_LE(c.used(), 100u);
  EXPECT_GT(c.hits(), 0u);
  EXPECT_GT(c.misses(), 0u);
}

TEST(LruCache, GetOrMakeMakesOnceUnderManyThreads) {
  Cache c(1000);
  std::atomic<int> made{0};
  std::vector<std::thread> threads;
  std::vector<std::shared_ptr<std::string>> seen(8);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      seen[t] = c.get_or_make("model", [&] {
        ++made;
        std::this_thread::sleep_for(20ms);
        return text(10);
      });
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(made.load(), 1);
  for (const auto& s : seen) EXPECT_EQ(s, seen[0]);  // one object, shared
}

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

// The tile folders' writer: the name holds the old bytes or the new ones, never a part, and a
// failed write leaves neither a temp nor a changed file.
TEST(AtomicFile, AFileInAnOpenFolderIsReplacedWholeOrLeftAlone) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("sahelmap-util-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const int dirfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dirfd, 0);
  const std::string first = "first", second(100000, 'x');
  const auto bytes = [](const std::string& s) {
    return std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  sahelmap::write_file_atomically_at(dirfd, "3.png", ".3.png.tmp", bytes(first), dir / "3.png");
  EXPECT_EQ(slurp(dir / "3.png"), first);
  sahelmap::write_file_atomically_at(dirfd, "3.png", ".3.png.tmp", bytes(second), dir / "3.png");
  EXPECT_EQ(slurp(dir / "3.png"), second);
  // A temp name that cannot be a file: the error names the tile, and the tile keeps its bytes.
  fs::create_directories(dir / ".4.png.tmp");
  sahelmap::write_file_atomically_at(dirfd, "4.png", ".4.png.tmp.x", bytes(first), dir / "4.png");
  try {
    sahelmap::write_file_atomically_at(dirfd, "4.png", ".4.png.tmp", bytes(second), dir / "4.png");
    FAIL() << "wrote through a folder";
  } catch (const sahelmap::Error& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "4.png").string() + ": cannot write"), std::string::npos) << e.what();
  }
  EXPECT_EQ(slurp(dir / "4.png"), first);
  EXPECT_FALSE(fs::exists(dir / ".3.png.tmp"));
  EXPECT_FALSE(fs::exists(dir / ".4.png.tmp.x"));
  ::close(dirfd);
  fs::remove_all(dir);
}
