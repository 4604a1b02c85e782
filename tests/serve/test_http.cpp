// The request parts the server reads itself (query strings, Range headers, log escaping) and its
// limits' bookkeeping, without sockets.
#include <gtest/gtest.h>

#include "serve/http_request.hpp"
#include "serve/limits.hpp"

using namespace sahelmap::serve;

TEST(HttpRequest, QueryStringsArePercentDecodedAndMalformedOnesRefused) {
  const auto q = parse_query("date=2023-07-01&labels=0&x=a%20b+c&x=second&&flag&events=%00");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->at("date"), "2023-07-01");
  EXPECT_EQ(q->at("labels"), "0");
  EXPECT_EQ(q->at("x"), "a b c");  // the first of repeated keys
  EXPECT_EQ(q->at("flag"), "");
  EXPECT_EQ(q->at("events"), std::string(1, '\0'));
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "%g0=1", "a=%4g"}) EXPECT_FALSE(parse_query(bad)) << bad;
  EXPECT_FALSE(parse_query(std::string(5000, 'a')));
  EXPECT_TRUE(parse_query("")->empty());
  EXPECT_EQ(percent_decode("Noto%20Sans+Regular"), "Noto Sans+Regular");
  EXPECT_FALSE(percent_decode("%"));
}

TEST(HttpRequest, RangesAreClampedToTheFileAndUnsatisfiableOnesRefused) {
  using R = std::vector<ByteRange>;
  EXPECT_EQ(parse_ranges("bytes=0-126", 1000), (R{{0, 127}}));
  EXPECT_EQ(parse_ranges("bytes=990-", 1000), (R{{990, 10}}));
  EXPECT_EQ(parse_ranges("bytes=-10", 1000), (R{{990, 10}}));
  EXPECT_EQ(parse_ranges("bytes=-5000", 1000), (R{{0, 1000}}));
  EXPECT_EQ(parse_ranges("bytes=900-5000", 1000), (R{{900, 100}}));
  EXPECT_EQ(parse_ranges("bytes=0-0, 5-9 ,-1", 1000), (R{{0, 1}, {5, 5}, {999, 1}}));
  for (const char* bad :
       {"bytes=1000-", "bytes=-0", "bytes=9-3", "lines=0-1", "bytes=0-1,1005-", "bytes=", "bytes=a-b", "bytes=1-2-3",
        "bytes=123456789012345678901234567890-", "bytes=+1-2", "bytes=0x10-20", "bytes=1 2-3"})
    EXPECT_FALSE(parse_ranges(bad, 1000)) << bad;
  EXPECT_FALSE(parse_ranges("bytes=-1", 0));  // nothing in an empty file
  std::string many = "bytes=0-0";
  for (int i = 1; i < 17; ++i) many += "," + std::to_string(i) + "-" + std::to_string(i);
  EXPECT_FALSE(parse_ranges(many, 1000));  // 17 ranges
}

TEST(HttpRequest, LogEscapingKeepsOneLinePerRequest) {
  EXPECT_EQ(log_escape("GET /a?b=\"c\"\r\n\\ HTTP/1.1"), "GET /a?b=\\x22c\\x22\\x0d\\x0a\\x5c HTTP/1.1");
  EXPECT_EQ(log_escape("\xc3\xa9"), "\\xc3\\xa9");
  EXPECT_EQ(log_escape(std::string(10, 'a'), 4), "aaaa...");
}

TEST(Limits, ConnectionsPerAddressAndInAll) {
  ConnectionLimits limits(3, 2);
  EXPECT_EQ(limits.admit("a"), ConnectionLimits::Admit::Yes);
  EXPECT_EQ(limits.admit("a"), ConnectionLimits::Admit::Yes);
  EXPECT_EQ(limits.admit("a"), ConnectionLimits::Admit::AddressFull);
  EXPECT_EQ(limits.admit("b"), ConnectionLimits::Admit::Yes);
  EXPECT_EQ(limits.admit("c"), ConnectionLimits::Admit::Full);
  EXPECT_EQ(limits.open(), 3u);
  limits.release("a");
  EXPECT_EQ(limits.admit("c"), ConnectionLimits::Admit::Yes);
  limits.release("zzz");  // never admitted: no effect
  EXPECT_EQ(limits.open(), 3u);
}

TEST(Limits, RatePerAddressRefillsWithTime) {
  RateLimiter rate(10, 20);  // 10 per second, 20 at once
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  int allowed = 0;
  for (int i = 0; i < 50; ++i) allowed += rate.allow("a", t0);
  EXPECT_EQ(allowed, 20);
  EXPECT_TRUE(rate.allow("b", t0));  // another address has its own bucket
  EXPECT_FALSE(rate.allow("a", t0 + std::chrono::milliseconds(50)));
  EXPECT_TRUE(rate.allow("a", t0 + std::chrono::milliseconds(110)));  // one token back after 0.1 s
  allowed = 0;
  for (int i = 0; i < 50; ++i) allowed += rate.allow("a", t0 + std::chrono::seconds(10));
  EXPECT_EQ(allowed, 20);  // never more than the burst
  RateLimiter none(0, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(none.allow("a", t0));
  // Many addresses: the table forgets the idle ones instead of growing.
  for (int i = 0; i < 20000; ++i) rate.allow("x" + std::to_string(i), t0 + std::chrono::seconds(100 + i));
  EXPECT_EQ(rate.retry_after(), 1);
}
