#pragma once
// What every fuzz target checks about errors: only sahelmap::Error escapes the library, and its
// message is the one line the CLI prints (non-negotiable 4).
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "util/error.hpp"

namespace sahelmap::fuzz {

inline void check_message(const Error& e) {
  const std::string_view w = e.what();
  if (w.empty() || w.find('\n') != std::string_view::npos || w.find('\r') != std::string_view::npos) {
    std::fprintf(stderr, "error message is not one non-empty line: [%s]\n", e.what());
    std::abort();
  }
}

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

}  // namespace sahelmap::fuzz
