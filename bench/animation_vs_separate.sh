#!/usr/bin/env bash
# A monthly animation 2023-01-01:2025-06-01 at the social preset (1080 x 1080, 30 frames), made
# by one `render --animate` (animated WebP and every frame as PNG with --frames), against the
# same 30 frames made by 30 separate `render` runs (each a PNG of the social preset on its date),
# in the same script. Prints both wall times (median of three) and the ratio. Names and events on
# (what users get); a twin with --no-labels --no-events follows.
#   bench/animation_vs_separate.sh        (after scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
SAHELMAP=build/sahelmap
work=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
trap 'rm -rf "$work"' EXIT
median() { sort -n | sed -n 2p; }
now() { date +%s.%N; }

dates=()
for y in 2023 2024 2025; do
  for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    d="$y-$m-01"
    [[ "$d" > "2025-06-01" ]] && break
    dates+=("$d")
  done
done

run() {  # $1: label, rest: extra options
  local label=$1; shift
  local one sep
  one=$(for _ in 1 2 3; do
    rm -rf "$work/frames"
    t0=$(now); "$SAHELMAP" render --animate 2023-01-01:2025-06-01 --step 1m --preset social "$@" \
      -o "$work/anim.webp" --frames "$work/frames" 2>/dev/null; t1=$(now)
    echo "$t1 - $t0" | bc -l
  done | median)
  sep=$(for _ in 1 2 3; do
    t0=$(now)
    for d in "${dates[@]}"; do "$SAHELMAP" render --date "$d" --preset social "$@" -o "$work/$d.png" 2>/dev/null; done
    t1=$(now)
    echo "$t1 - $t0" | bc -l
  done | median)
  printf '%-22s animation %6.2f s (%d frames)   separate runs %6.2f s   ratio %.1fx\n' \
    "$label" "$one" "${#dates[@]}" "$sep" "$(echo "$sep / $one" | bc -l)"
}
run "names and events on"
run "--no-labels --no-events" --no-labels --no-events
