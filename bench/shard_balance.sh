#!/usr/bin/env bash
# How evenly `tiles --shard I/N` splits the work: renders a pyramid whole, then as N shards one
# after another (each as if on its own machine, same threads), and prints each shard's tiles and
# render time, the slowest shard against the mean (1.00 is perfect balance), and the makespan (the
# slowest shard) against the single run (ideal: 1/N). Then merges the shards and checks the result
# equals the single run.
#   bench/shard_balance.sh                  z0-12 over West Africa, N = 4 and 8, 1 thread
#   ZOOMS=0-13 SHARDS="4 16" THREADS=2 bench/shard_balance.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-$(cd .. && pwd)/shared}
DATA=${DATA:-$SHARED/data/naturalearth/ne_50m_admin_0_countries.json}
BBOX=${BBOX:--20,0,30,28}
ZOOMS=${ZOOMS:-0-12}
SHARDS=${SHARDS:-4 8}
THREADS=${THREADS:-1}
DATE=${DATE:-2026-11-22}
SAHELMAP=build/sahelmap
[ -x "$SAHELMAP" ] || { echo "build/sahelmap missing: run scripts/setup.sh first" >&2; exit 1; }
work=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
trap 'rm -rf "$work"' EXIT
args=(--boundaries "$DATA" --bbox "$BBOX" --zooms "$ZOOMS" --date "$DATE" --threads "$THREADS" -v)

# "N tiles (... ) in S s": the render time, without loading the data (the same for every shard).
seconds() { sed -n 's/.* in \([0-9.]*\) s:.*/\1/p' "$1"; }
tiles() { sed -n 's/^\(shard [0-9/]*: \)\{0,1\}\([0-9]*\) tiles.*/\2/p' "$1"; }

"$SAHELMAP" tiles "${args[@]}" -o "$work/whole.mbtiles" 2> "$work/whole.log"
whole=$(seconds "$work/whole.log")
echo "pyramid: bbox $BBOX, z$ZOOMS, $(tiles "$work/whole.log") tiles, $THREADS thread(s); single run ${whole} s"
for n in $SHARDS; do
  times=()
  for ((i = 0; i < n; i++)); do
    "$SAHELMAP" tiles "${args[@]}" --shard "$i/$n" -o "$work/s$i.mbtiles" 2> "$work/s$i.log"
    times+=("$(seconds "$work/s$i.log")")
    printf '  shard %2d/%d: %8s tiles in %6s s\n' "$i" "$n" "$(tiles "$work/s$i.log")" "${times[-1]}"
  done
  /usr/bin/python3 - "$n" "$whole" "${times[@]}" <<'PY'
import sys
n, whole, t = int(sys.argv[1]), float(sys.argv[2]), [float(x) for x in sys.argv[3:]]
mean = sum(t) / n
print(f"N={n}: slowest/mean {max(t) / mean:.2f}, makespan {max(t):.2f} s = {max(t) / whole:.3f} of the single run "
      f"(ideal {1 / n:.3f}), sum of shards {sum(t) / whole:.2f}x the single run")
PY
  shards=()
  for ((i = 0; i < n; i++)); do shards+=("$work/s$i.mbtiles"); done
  "$SAHELMAP" tiles merge "$work/merged.mbtiles" "${shards[@]}" 2>/dev/null
  q="SELECT group_concat(zoom_level||'/'||tile_column||'/'||tile_row||'='||hex(tile_id)) FROM (SELECT * FROM map ORDER BY 1,2,3)"
  if [ "$(sqlite3 "$work/merged.mbtiles" "$q" | md5sum)" = "$(sqlite3 "$work/whole.mbtiles" "$q" | md5sum)" ]; then
    echo "N=$n: merged shards = single run"
  else
    echo "N=$n: MERGED SHARDS DIFFER FROM THE SINGLE RUN"; exit 1
  fi
  rm -f "$work"/s*.mbtiles "$work/merged.mbtiles"
done
