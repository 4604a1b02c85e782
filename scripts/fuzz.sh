#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, in build-fuzz/) and runs them over the seed corpora in
# fuzz/corpus/. Findings (crash, leak, broken invariant, a multi-line error) fail the run.
#   scripts/fuzz.sh --build               configure and build only
#   scripts/fuzz.sh --smoke               every target for 10 s (the test suite's run)
#   scripts/fuzz.sh [--seconds S] [T...]  every target (or the ones named) for S s (default 60)
#   scripts/fuzz.sh --runs N [T...]       N executions each (the long run: --runs 1000000)
# New inputs libFuzzer finds go to output/fuzz/corpus/<target>/ (the committed seeds are only
# read); reproducers to output/fuzz/<target>-crash-*. Rerun one with build-fuzz/fuzz/<target> FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(fuzz_style fuzz_inputs fuzz_clip fuzz_tile_url fuzz_request)
seconds=60 runs="" build_only=0 chosen=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build_only=1 ;;
    --smoke) seconds=10 ;;
    --seconds) seconds=$2; shift ;;
    --runs) runs=$2; shift ;;
    fuzz_*) chosen+=("$1") ;;
    *) echo "usage: scripts/fuzz.sh [--build | --smoke | --seconds S | --runs N] [TARGET...]" >&2; exit 2 ;;
  esac
  shift
done
[ ${#chosen[@]} -gt 0 ] && TARGETS=("${chosen[@]}")

log() { printf '[fuzz] %s\n' "$*" >&2; }

if ! command -v clang++ >/dev/null; then
  log "clang++ is missing: scripts/setup.sh --tests installs it (Debian: clang libclang-rt-14-dev)"
  exit 1
fi
if [ ! -f build-fuzz/build.ninja ]; then
  log "configuring build-fuzz/ (clang, libFuzzer + ASan + UBSan)"
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSAHELMAP_FUZZ=ON -DSAHELMAP_TESTS=OFF -DSAHELMAP_BENCH=OFF >/dev/null
fi
cmake --build build-fuzz --target fuzzers -j"$(nproc)" >build-fuzz/last-build.log 2>&1 || { cat build-fuzz/last-build.log >&2; exit 1; }
[ "$build_only" = 1 ] && exit 0

mkdir -p output/fuzz
status=0
for t in "${TARGETS[@]}"; do
  name=${t#fuzz_}
  [ -d "fuzz/corpus/$name" ] || { log "no target $t"; exit 2; }
  mkdir -p "output/fuzz/corpus/$name"
  # Under ASan the RSS grows through a long run (fuzz_inputs: 1.65 GB at 10^6 executions) while
  # the heap in use stays flat (mallinfo2 over repeated corpus passes in the normal build):
  # allocator caches, not a leak, so runs get more room than libFuzzer's 2 GB default.
  limit=(-max_total_time="$seconds")
  [ -n "$runs" ] && limit=(-runs="$runs")
  logf="output/fuzz/$t.log"
  found=0
  if "build-fuzz/fuzz/$t" "output/fuzz/corpus/$name" "fuzz/corpus/$name" "${limit[@]}" -rss_limit_mb=4096 \
       -artifact_prefix="output/fuzz/$t-" -print_final_stats=1 >"$logf" 2>&1; then
    result="0 findings"
  else
    result="FINDING: see $logf and output/fuzz/$t-*"
    found=1 status=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logf" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$logf" | tail -1)
  units=$(find "output/fuzz/corpus/$name" "fuzz/corpus/$name" -type f | wc -l)
  printf '%-14s %12s executions in %4s s, corpus %5d inputs, %s\n' "$t" "${execs:-?}" "${secs:-?}" "$units" "$result"
  [ "$found" = 0 ] || grep -m3 -E 'ERROR|invariant broken|error message|runtime error' "$logf" >&2 || true
done
exit $status
