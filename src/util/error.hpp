#pragma once
// One exception family for everything the user can act on (STYLE.md 6). what() is a single line
// that names the input and the problem; wrappers add context at the edge where it is known.
#include <stdexcept>
#include <string>

namespace sahelmap {

/// A runtime failure: unreadable file, unknown CRS, bad data. The CLI maps it to exit code 1.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A malformed command-line value (bad date, inverted bbox). The CLI maps it to exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace sahelmap
