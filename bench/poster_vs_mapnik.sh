#!/usr/bin/env bash
# An A3 portrait poster at 300 dpi (3508 x 4961 px): Mapnik renders the same fills and borders
# over the same area at the same size (draw + PNG; data conversion untimed, as in the tile
# reference). sahelmap's times come from --debug-layout (project + place + draw + encode, data
# loading excluded likewise) for the fills alone and for the whole poster (labels, events, inset), and the
# whole command's wall time is shown too. Median of five runs each.
#   bench/poster_vs_mapnik.sh        (after scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-$(cd .. && pwd)/shared}
DATA=$SHARED/data/naturalearth/ne_50m_admin_0_countries.json
DATE=${DATE:-$(date -u +%F)}
SAHELMAP=build/sahelmap
need=()
for p in python3-mapnik mapnik-utils gdal-bin; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
work=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")")
trap 'rm -rf "$work"' EXIT

median() { sort -n | sed -n 3p; }
time_cmd() {  # prints the median wall time of five runs of "$@"
  for _ in 1 2 3 4 5; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
  done | median
}

"$SAHELMAP" info --json --boundaries "$DATA" --date "$DATE" > "$work/info.json"
/usr/bin/python3 - "$work/info.json" shapes/countries.csv "$work/fills.json" <<'PY'
import csv, json, sys
info = json.load(open(sys.argv[1]))
adm0 = {r["code"]: r["adm0_a3"] for r in csv.DictReader(open(sys.argv[2]))}
st = info["style"]
json.dump({"background": st["background"], "default": st["land"], "border": st["border"],
           "border_width": st["border_width"] * 300 / 96,  # CSS px at 300 dpi, as sahelmap draws it
           "fills": {adm0.get(c, c): l["fill"] for c, l in info["countries"].items() if "fill" in l}},
          open(sys.argv[3], "w"))
PY
args=(render --boundaries "$DATA" --date "$DATE" --preset a3-portrait)
"$SAHELMAP" "${args[@]}" -o "$work/poster.png" --debug-layout "$work/layout.json"
read -r crs extent < <(/usr/bin/python3 - "$work/layout.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
fx, fy, fw, fh = j["map"]["frame"]; s = j["map"]["scale"]; x0, y0, x1, y1 = j["map"]["extent"]
W, H = j["width"], j["height"]
# The whole page as map, at the poster's scale: Mapnik draws more area than the framed map.
minx = x0 - fx / s; maxx = minx + W / s; maxy = y1 + fy / s; miny = maxy - H / s
print(j["crs"].replace(" ", "_"), "%f,%f,%f,%f" % (minx, miny, maxx, maxy))
PY
)
crs=${crs//_/ }

echo "== A3 portrait, 300 dpi (3508 x 4961 px), $(basename "$DATA"), date $DATE"
mapnik_runs=$(for _ in 1 2 3 4 5; do
  /usr/bin/python3 bench/mapnik_poster.py "$DATA" "$work/fills.json" "$crs" "$extent" 3508 4961 "$work/mapnik.png"
done)
mapnik_total=$(echo "$mapnik_runs" | awk '{print $2}' | median)
mapnik_draw=$(echo "$mapnik_runs" | awk '{print $5}' | median)
mapnik_png=$(echo "$mapnik_runs" | awk '{print $8}' | median)
ours() {  # median of five: project+place+draw+encode, draw, encode (seconds, from --debug-layout)
  for _ in 1 2 3 4 5; do
    "$SAHELMAP" "${args[@]}" "$@" --debug-layout "$work/t.json" >/dev/null
    /usr/bin/python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["timings"]; print(t["project"]+t.get("place",0)+t["draw"]+t["encode"], t["draw"], t["encode"])' "$work/t.json"
  done | sort -n | sed -n 3p
}
read -r fills_total fills_draw fills_encode < <(ours --no-labels --no-events --no-inset -o "$work/fills.png")
read -r full_total full_draw full_encode < <(ours -o "$work/poster.png")
wall=$(time_cmd "$SAHELMAP" "${args[@]}" -o "$work/poster.png")
pdf=$(time_cmd "$SAHELMAP" "${args[@]}" -o "$work/poster.pdf")
printf "mapnik, fills and borders:      %.3f s (draw %.3f, PNG %.3f)\n" "$mapnik_total" "$mapnik_draw" "$mapnik_png"
# Our PNG rows are deflated as their band is drawn: "PNG" is what is left after the last band.
printf "sahelmap, fills and borders:    %.3f s (draw %.3f, PNG after it %.3f) -> %.2fx Mapnik (goal >= 3x)\n" \
  "$fills_total" "$fills_draw" "$fills_encode" "$(echo "$mapnik_total / $fills_total" | bc -l)"
printf "sahelmap, whole poster:         %.3f s (draw %.3f, PNG after it %.3f) -> %.2fx Mapnik (goal >= 1.5x)\n" \
  "$full_total" "$full_draw" "$full_encode" "$(echo "$mapnik_total / $full_total" | bc -l)"
printf "sahelmap, whole command (PNG):  %.3f s wall, data loading included\n" "$wall"
printf "sahelmap, whole command (PDF):  %.3f s wall\n" "$pdf"
