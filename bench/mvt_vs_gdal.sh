#!/usr/bin/env bash
# Vector tiles: Natural Earth 1:50m countries, the whole world, zooms 0-7, by GDAL's MVT writer (the
# peer installed here) and by `sahelmap tiles --format mvt` on one thread, in the same run. Prints
# wall and CPU seconds (median of three), the CPU ratio, total sizes, and features per CPU-second
# beside planetiler's ~75,000 (planet logs, v0.10.1). Then the same pyramid as PMTiles and MBTiles.
# Ours is run as users get it (names, capitals and events on), and again with --no-labels
# --no-events (countries, memberships and borders: closer to GDAL's one layer).
#   bench/mvt_vs_gdal.sh        (after scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
SAHELMAP=build/sahelmap
DATA=${SAHELMAP_BENCH_DATA:-../shared/data/naturalearth/ne_50m_admin_0_countries.json}
work=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
trap 'rm -rf "$work"' EXIT
median() { sort -n | sed -n 2p; }
bytes() { find "$1" -type f -name "*.pbf" -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }

# $1: out file for "wall cpu" lines; rest: the command. Three runs, median of each.
timed() {
  local out=$1; shift
  : > "$out"
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S' -o "$work/t" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/t" >> "$out"
  done
}

timed "$work/gdal.t" bash -c "rm -rf '$work/gdal' && ogr2ogr -f MVT '$work/gdal' '$DATA' -dsco MINZOOM=0 -dsco MAXZOOM=7 \
  -dsco FORMAT=DIRECTORY -dsco COMPRESS=NO"
gdal_wall=$(cut -d' ' -f1 "$work/gdal.t" | median)
gdal_cpu=$(cut -d' ' -f2 "$work/gdal.t" | median)
gdal_bytes=$(bytes "$work/gdal")
gdal_tiles=$(find "$work/gdal" -name "*.pbf" | wc -l)
printf 'GDAL %s ogr2ogr -f MVT: %6.2f s wall %6.2f s CPU, %d tiles, %.1f MB (uncompressed)\n' \
  "$(gdal-config --version)" "$gdal_wall" "$gdal_cpu" "$gdal_tiles" "$(echo "$gdal_bytes / 1000000" | bc -l)"

ours() {  # $1: label, rest: extra options
  local label=$1; shift
  timed "$work/ours.t" bash -c "rm -rf '$work/ours' && '$SAHELMAP' tiles --format mvt --boundaries '$DATA' \
    --bbox -180,-85,180,85 --zooms 0-7 --threads 1 -v $* -o '$work/ours'"
  local wall cpu b features raw tiles
  wall=$(cut -d' ' -f1 "$work/ours.t" | median)
  cpu=$(cut -d' ' -f2 "$work/ours.t" | median)
  b=$(bytes "$work/ours")
  tiles=$(find "$work/ours" -name "*.pbf" | wc -l)
  features=$(grep -oE "[0-9]+ features," "$work/err" | head -1 | cut -d" " -f1)
  raw=$(grep -o '([0-9.]* MB before gzip)' "$work/err" | grep -o '[0-9.]*')
  printf 'sahelmap %-26s %6.2f s wall %6.2f s CPU, %d tiles, %.1f MB gzip (%s MB before gzip), %d features\n' \
    "$label:" "$wall" "$cpu" "$tiles" "$(echo "$b / 1000000" | bc -l)" "$raw" "$features"
  printf '  CPU ratio %.1fx GDAL (goal 20x); size %.2f of GDAL'"'"'s (gzip vs uncompressed), %.2f before gzip; %.0f features per CPU-second (planetiler ~75,000)\n' \
    "$(echo "$gdal_cpu / $cpu" | bc -l)" "$(echo "$b / $gdal_bytes" | bc -l)" "$(echo "$raw * 1000000 / $gdal_bytes" | bc -l)" \
    "$(echo "$features / $cpu" | bc -l)"
}
ours "default (names, events)"
ours "--no-labels --no-events" --no-labels --no-events

"$SAHELMAP" tiles --format mvt --boundaries "$DATA" --bbox -180,-85,180,85 --zooms 0-7 -o "$work/v.pmtiles" 2>/dev/null
"$SAHELMAP" tiles --format mvt --boundaries "$DATA" --bbox -180,-85,180,85 --zooms 0-7 -o "$work/v.mbtiles" 2>/dev/null
p=$(stat -c %s "$work/v.pmtiles")
m=$(stat -c %s "$work/v.mbtiles")
printf 'same pyramid: PMTiles %.2f MB, MBTiles %.2f MB (PMTiles %.0f%% of MBTiles)\n' \
  "$(echo "$p / 1000000" | bc -l)" "$(echo "$m / 1000000" | bc -l)" "$(echo "100 * $p / $m" | bc -l)"
