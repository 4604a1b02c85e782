#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer + UndefinedBehaviorSanitizer
# (-fno-sanitize-recover=all) in build-asan/. The normal suite runs this as its `sanitizers` test.
#   scripts/test-sanitized.sh --build   configure and build only (scripts/setup.sh --tests does)
#   scripts/test-sanitized.sh           build what changed, then run every test
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build-asan/build.ninja ]; then
  printf '[asan] configuring build-asan/ (ASan + UBSan)\n' >&2
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAHELMAP_SANITIZE=ON -DSAHELMAP_BENCH=OFF >/dev/null
fi
cmake --build build-asan -j"$(nproc)" >build-asan/last-build.log 2>&1 || { cat build-asan/last-build.log >&2; exit 1; }
[ "${1:-}" = --build ] && exit 0
# The Story grid (128 posters per language) runs in the plain build only: under ASan it would take
# minutes and exercises the same code as the poster tests here.
ctest --test-dir build-asan --output-on-failure -j2 -E "^Story\\."
