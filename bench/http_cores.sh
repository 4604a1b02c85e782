#!/usr/bin/env bash
# How `sahelmap serve`'s HTTP core was chosen: the two event-driven libraries Debian has, each in
# its smallest server answering like a cached tile (57 KB, keep-alive) on 2 threads, measured the
# same way: wrk's throughput and p99, then 10,000 half-open connections (a request line, then
# nothing): the server's RSS and threads while they hang, and how long a normal request takes.
#   bench/http_cores.sh        DURATION=10s IDLE=10000 bench/http_cores.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
IDLE=${IDLE:-10000}
need=()
for p in wrk libmicrohttpd-dev libboost-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
[ ${#need[@]} -eq 0 ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; }
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

work=$(mktemp -d)
server=
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
g++ -std=c++20 -O2 -o "$work/beast" bench/http_cores/beast_hello.cpp -pthread
gcc -O2 -o "$work/mhd" bench/http_cores/mhd_hello.c -lmicrohttpd

idle_probe() {  # $1 port, $2 pid: hang $IDLE connections, then measure
  /usr/bin/python3 - "$1" "$2" "$IDLE" <<'PY'
import resource, socket, sys, time, urllib.request
port, pid, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))
def status():
    f = dict(l.split(":", 1) for l in open(f"/proc/{pid}/status"))
    return int(f["VmRSS"].split()[0]) // 1024, int(f["Threads"])
rss0, _ = status()
socks = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.0.{2 + i % 50}", 0))
    s.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
    socks.append(s)
time.sleep(1)
rss, threads = status()
t = time.monotonic()
try:
    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
    answer = f"{(time.monotonic() - t) * 1000:.1f} ms"
except Exception as e:
    answer = f"no answer ({e.__class__.__name__})"
print(f"  {n} half-open connections: RSS {rss0} -> {rss} MB ({(rss - rss0) * 1024 / n:.1f} KB each), "
      f"{threads} threads, a normal request: {answer}")
PY
}

for core in beast mhd; do
  "$work/$core" 8790 2 &
  server=$!
  sleep 0.5
  echo "== $core (2 threads), wrk -t2 -c32 -d$DURATION, loopback, $(nproc) cores"
  wrk -t2 -c32 -d"$DURATION" --latency http://127.0.0.1:8790/ > "$work/wrk.txt"
  printf "  %s req/s, p99 %s\n" "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")" \
    "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")"
  idle_probe 8790 "$server"
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
  sleep 1
done
