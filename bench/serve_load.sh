#!/usr/bin/env bash
# Load on `sahelmap serve` over loopback with wrk: 30 s on one cached tile URL, then 30 s on z14
# tiles never asked for before (each request a cache miss, rendered on demand) without names and
# markers, the same with them (what users get by default), and 8 s on new z12 tiles, the deepest
# zoom the server names (its 187,000 tiles over West Africa last that long). Reports requests/s,
# p99 latency and errors (socket errors, non-2xx answers).
# With OLD=path/to/an/older/sahelmap, the same load on that binary too, in the same run (the
# cpp-httplib server before Beast: git worktree add /tmp/old <commit>, build its sahelmap target).
# The rate limit is switched off (--rate-limit 0): one address asking 30,000 times a second is
# what the limit exists to refuse; tests/serve/test_hostile.py checks the limits.
#   bench/serve_load.sh            DURATION=10s CONNECTIONS=16 OLD=/tmp/old/build/sahelmap bench/serve_load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
dpkg-query -W -f='${Status}' wrk 2>/dev/null | grep -q "install ok installed" ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -x build/sahelmap ] || { echo "build/sahelmap missing: run scripts/setup.sh first" >&2; exit 1; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

work=$(mktemp -d)
server=
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# Every request a new tile over West Africa (-20..30 E, 0..28 N): a different one per thread.
# $1: the query (names and markers off, or nothing: the defaults); $2: zoom; $3: x0 x1 y0 y1.
uncached_script() {
  cat <<LUA
local counter = 0
local id = 0
local x0, x1, y0, y1 = $3
setup = function(thread) id = id + 1; thread:set("tid", id) end
request = function()
  counter = counter + 1
  local n = counter * 7 + tid * 1000003
  local x = x0 + n % (x1 - x0)
  local y = y0 + math.floor(n / (x1 - x0)) % (y1 - y0)
  return wrk.format("GET", "/tiles/$2/" .. x .. "/" .. y .. ".png$1")
end
LUA
}
uncached_script "?labels=0&events=0" 14 "7281, 9557, 6872, 8192" > "$work/uncached.lua"
uncached_script "" 14 "7281, 9557, 6872, 8192" > "$work/uncached-named.lua"  # another cache key: all new
uncached_script "" 12 "1820, 2389, 1718, 2048" > "$work/uncached-z12.lua"

report() {  # $1 name, $2 wrk output
  local rps p99 errors non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$2")
  p99=$(awk '$1 == "99%" {print $2}' "$2")
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$2")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$2")
  printf "%-32s %10s req/s   p99 %8s   socket errors %s   non-2xx %s\n" "$1" "$rps" "$p99" "${errors:-0}" "${non2xx:-0}"
}

# $1: the binary, $2: its name in the report.
load() {
  local bin=$1 extra=()
  "$bin" serve --help 2>&1 | grep -q -- --rate-limit && extra=(--rate-limit 0)
  "$bin" serve --port 0 --date 2026-11-22 "${extra[@]}" > "$work/out" 2>&1 &
  server=$!
  for _ in $(seq 100); do grep -q "serving" "$work/out" 2>/dev/null && break; sleep 0.1; done
  local port base
  port=$(grep -o '127.0.0.1:[0-9]*' "$work/out" | cut -d: -f2)
  base="http://127.0.0.1:$port"
  curl -s -o /dev/null "$base/tiles/6/31/29.png"  # warm the one cached tile
  echo "== $2 on $(nproc) cores, wrk $CONNECTIONS connections, $DURATION each, loopback"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$base/tiles/6/31/29.png" > "$work/cached.txt"
  report cached "$work/cached.txt"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/uncached.lua" "$base" > "$work/uncached.txt"
  report uncached "$work/uncached.txt"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/uncached-named.lua" "$base" > "$work/uncached-named.txt"
  report "uncached, names and markers on" "$work/uncached-named.txt"
  wrk -t2 -c"$CONNECTIONS" -d"${Z12_DURATION:-8s}" --latency -s "$work/uncached-z12.lua" "$base" > "$work/uncached-z12.txt"
  report "uncached z12, names and markers" "$work/uncached-z12.txt"
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
}

load build/sahelmap "sahelmap serve (Beast, render workers = cores)"
[ -n "${OLD:-}" ] && load "$OLD" "older sahelmap serve ($OLD)"
