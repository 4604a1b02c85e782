#!/usr/bin/env python3
"""`sahelmap serve` under hostile clients, over loopback, bounded in time (about a minute).

1. Slow clients: 500 connections that send a request line and never finish their headers, and 100
   that send one byte a second (each reconnecting when the server drops it, as slowloris does),
   from ten loopback addresses. Meanwhile a normal client gets every one of 200 tile requests
   (names and markers on, the default, and off; two dates) answered, p99 under 200 ms; the
   server's thread count and RSS stay bounded.
2. A flood: 100 keep-alive connections asking as fast as they can: no socket errors, only 200 and
   429 (the rate limit), and no more 200s than the limit allows.
3. Connections over the per-address limit, and over the limit in all, get 503 with Retry-After;
   the others are served.
4. A full render queue answers 503 with Retry-After, never a growing backlog.
5. Headers too large: 431; a request line too long: 414.
6. A second server on the same port: "ADDRESS:PORT is in use", exit 1.
7. SIGTERM with 300 slow clients connected and a render in flight: the render is answered, exit 0
   well within the shutdown deadline.
8. The access log: one line per request in the common log format, the client's text escaped.

Usage: test_hostile.py BUILD/sahelmap
"""
import asyncio
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

SAHELMAP = sys.argv[1]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def start(*args):
    p = subprocess.Popen([SAHELMAP, "serve", "--port", "0", "--date", "2026-11-22", *args],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.search(r"127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        sys.exit("server did not start: " + line + p.stderr.read())
    return p, int(m.group(1))


def proc_status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.split()
    return int(fields["Threads"][0]), int(fields["VmRSS"][0]) // 1024


async def request(port, path, source="127.0.0.1", headers=""):
    """One request on its own connection: (status, headers, body)."""
    r, w = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    w.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n".encode())
    await w.drain()
    data = await r.read()
    w.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.1 ") else 0
    return status, head.decode("latin-1"), body


async def read_reply(r):
    """One reply on a keep-alive connection (Content-Length framed): (status, headers)."""
    head = await r.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    m = re.search(rb"\r\ncontent-length: *(\d+)", head, re.I)
    if m:
        await r.readexactly(int(m.group(1)))
    return status, head.decode("latin-1")


class Slow:
    """Connections that never finish a request, reconnecting when dropped."""

    def __init__(self, port):
        self.port, self.tasks, self.open, self.reconnects, self.stop = port, [], 0, 0, False

    async def one(self, source, trickle):
        while not self.stop:
            try:
                r, w = await asyncio.open_connection("127.0.0.1", self.port, local_addr=(source, 0))
            except OSError:
                await asyncio.sleep(0.5)
                continue
            self.open += 1
            try:
                if trickle:  # one byte a second, a header that never ends
                    for c in b"GET /tiles/6/31/29.png HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10000:
                        w.write(bytes([c]))
                        await w.drain()
                        await asyncio.sleep(1)
                        if self.stop or r.at_eof():
                            break
                else:  # a request line, then nothing
                    w.write(b"GET /tilejson.json HTTP/1.1\r\nHost: x\r\n")
                    await w.drain()
                    await r.read()  # until the server gives up on us
            except (OSError, asyncio.IncompleteReadError):
                pass
            finally:
                self.open -= 1
                w.close()
            self.reconnects += 1

    def begin(self, half_open=500, trickling=100):
        for i in range(half_open + trickling):
            source = f"127.0.0.{2 + i % 10}"
            self.tasks.append(asyncio.ensure_future(self.one(source, i >= half_open)))

    async def end(self):
        self.stop = True
        for t in self.tasks:
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


def tile_paths():
    paths = []
    for i in range(200):
        z = 5 + i % 4
        n = 1 << z
        x = int((-20 + (i * 7) % 50 + 180) / 360 * n) % n
        y = int(n * (0.42 + ((i * 13) % 20) / 200)) % n
        query = ["", "?labels=0&events=0", "?date=2023-07-01", "?date=2023-07-01&labels=0"][i % 4]
        paths.append(f"/tiles/{z}/{x}/{y}.png{query}")
    return paths


async def slow_clients_and_a_normal_one(server, port):
    threads0, rss0 = proc_status(server.pid)
    slow = Slow(port)
    slow.begin()
    for _ in range(100):
        await asyncio.sleep(0.1)
        if slow.open >= 600:
            break
    check(slow.open >= 590, f"600 slow clients connected ({slow.open})")
    r, w = await asyncio.open_connection("127.0.0.1", port)
    latencies, statuses, peak_threads, peak_rss = [], [], 0, 0
    for i, path in enumerate(tile_paths()):
        t0 = time.monotonic()
        w.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        status, _ = await asyncio.wait_for(read_reply(r), 10)
        latencies.append(time.monotonic() - t0)
        statuses.append(status)
        if i % 20 == 0:
            t, rss = proc_status(server.pid)
            peak_threads, peak_rss = max(peak_threads, t), max(peak_rss, rss)
        await asyncio.sleep(0.06)  # 200 requests over ~13 s: past the header timeout, so the slow ones reconnect
    w.close()
    latencies.sort()
    p99 = latencies[int(0.99 * len(latencies)) - 1] * 1000
    check(statuses.count(200) == 200, f"200 of 200 tile requests answered 200 while 600 clients dawdle "
                                      f"({statuses.count(200)}; others {sorted(set(statuses) - {200})})")
    check(p99 < 200, f"p99 latency under 200 ms ({p99:.1f} ms; median {latencies[100] * 1000:.1f} ms)")
    check(slow.reconnects > 0, f"the server dropped slow clients at its header timeout ({slow.reconnects} reconnects)")
    check(peak_threads <= threads0 + 2, f"threads stay bounded ({threads0} idle, {peak_threads} under load)")
    check(peak_rss - rss0 < 128, f"RSS stays bounded ({rss0} MB idle, {peak_rss} MB under load)")
    return slow


async def flood(port, connections=100, seconds=3.0, rate=200):
    statuses, errors = {}, 0
    deadline = time.monotonic() + seconds

    async def one():
        nonlocal errors
        try:
            r, w = await asyncio.open_connection("127.0.0.1", port)
            while time.monotonic() < deadline:
                w.write(b"GET /tiles/6/31/29.png?labels=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                status, _ = await read_reply(r)
                statuses[status] = statuses.get(status, 0) + 1
            w.close()
        except (OSError, asyncio.IncompleteReadError):
            errors += 1

    t0 = time.monotonic()
    await asyncio.gather(*[one() for _ in range(connections)])
    elapsed = time.monotonic() - t0
    total = sum(statuses.values())
    check(errors == 0, f"flood: {total} requests from {connections} connections, 0 socket errors ({errors})")
    check(set(statuses) <= {200, 429}, f"flood: only 200 and 429 ({statuses})")
    allowed = 2 * rate + rate * elapsed + 20
    check(statuses.get(200, 0) <= allowed, f"flood: 200s within the rate limit ({statuses.get(200, 0)} <= {allowed:.0f})")
    check(statuses.get(429, 0) > 0, "flood: the rate limit answered 429")


async def hold_and_ask(port, sources):
    """Opens one connection per source address, all at once, then asks /healthz on each:
    ({status: count}, whether every 503 said Retry-After)."""
    conns = [await asyncio.open_connection("127.0.0.1", port, local_addr=(a, 0)) for a in sources]
    await asyncio.sleep(0.3)
    counts, retry_after = {}, True
    for r, w in conns:
        w.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    for r, w in conns:
        try:
            status, head = await asyncio.wait_for(read_reply(r), 5)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError):
            status, head = 0, ""
        counts[status] = counts.get(status, 0) + 1
        retry_after &= status != 503 or "Retry-After:" in head
        w.close()
    return counts, retry_after


async def per_address_limit(port):
    counts, retry_after = await hold_and_ask(port, ["127.0.0.12"] * 300)
    check(counts.get(200) == 256 and counts.get(503) == 44 and retry_after,
          f"300 connections from one address: 256 served, 44 refused 503 with Retry-After ({counts})")


async def total_limit(port):
    counts, retry_after = await hold_and_ask(port, [f"127.0.0.{20 + i % 5}" for i in range(60)])
    check(counts.get(200) == 50 and counts.get(503) == 10 and retry_after,
          f"60 connections from 5 addresses, 50 at most in all: 50 served, 10 refused 503 ({counts})")


async def full_queue(port):
    paths = [f"/tiles/12/{1900 + i}/{1800 + i}.png" for i in range(60)]
    results = await asyncio.gather(*[request(port, p) for p in paths])
    statuses = [s for s, _, _ in results]
    busy = [h for s, h, _ in results if s == 503]
    queue_full = [b for s, _, b in results if s == 503 and b.startswith(b"busy")]
    check(set(statuses) <= {200, 503} and statuses.count(503) > 0 and statuses.count(200) > 0,
          f"60 renders at once on 1 worker, queue of 2: 200s and 503s only ({statuses.count(200)} and "
          f"{statuses.count(503)}; {sorted(set(statuses))})")
    check(all("Retry-After: " in h for h in busy) and queue_full,
          f"a full queue's 503 says Retry-After ({len(queue_full)} refused by the queue, "
          f"{len(busy) - len(queue_full)} by the connection limit)")


async def oversized(port):
    status, _, _ = await request(port, "/tilejson.json", headers="X-Big: " + "h" * 20000 + "\r\n")
    check(status == 431, f"20 KB of headers: 431 ({status})")
    status, _, _ = await request(port, "/" + "a" * 9000)
    check(status == 414, f"a 9 KB request line: 414 ({status})")


async def shutdown(server, port):
    slow = Slow(port)
    slow.begin(half_open=300, trickling=0)
    for _ in range(50):
        await asyncio.sleep(0.1)
        if slow.open >= 300:
            break
    in_flight = asyncio.ensure_future(request(port, "/tiles/13/3900/3700.png"))
    await asyncio.sleep(0.01)
    t0 = time.monotonic()
    server.send_signal(signal.SIGTERM)
    loop = asyncio.get_running_loop()
    code = await loop.run_in_executor(None, server.wait)
    took = time.monotonic() - t0
    status, _, _ = await in_flight
    slow.stop = True
    await slow.end()
    check(code == 0 and took < 5, f"SIGTERM with 300 slow clients: exit 0 in {took:.2f} s (code {code})")
    check(status == 200, f"the render in flight at SIGTERM was answered ({status})")


def access_log(path):
    """One line per request in the common log format, what the client sent escaped."""
    lines = open(path, encoding="ascii").read().splitlines()
    clf = re.compile(r'^127\.0\.0\.\d+ - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] "[^"]*" \d{3} (\d+|-)$')
    bad = [l for l in lines if not clf.match(l)]
    check(len(lines) >= 120 and not bad, f"access log: {len(lines)} lines, all in the common log format ({bad[:2]})")
    check(any('GET /tiles/1/0/0.png?date=\\x22x\\x22%0a\\x5c HTTP/1.1" 400' in l for l in lines),
          "access log: a request's quotes and backslashes escaped")


async def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))

    server, port = start()
    try:
        await request(port, "/tiles/6/31/29.png?labels=0")  # warm: the world is built on first use
        slow = await slow_clients_and_a_normal_one(server, port)
        await slow.end()
        await flood(port)
        await asyncio.sleep(2.5)  # the bucket refills
        await per_address_limit(port)
        await oversized(port)
        second = subprocess.run([SAHELMAP, "serve", "--port", str(port)], capture_output=True, text=True)
        check(second.returncode == 1 and f"127.0.0.1:{port} is in use" in second.stderr
              and second.stderr.count("\n") == 1,
              f"a second server on the port: one line, exit 1 ({second.returncode}: {second.stderr.strip()})")
        status, body = (await request(port, "/healthz"))[::2]
        check(status == 200 and b'"status":"ok"' in body, "the server is still healthy")
        await shutdown(server, port)
    finally:
        if server.poll() is None:
            server.kill()

    log = tempfile.NamedTemporaryFile(suffix=".log", delete=False).name
    server, port = start("--threads", "1", "--queue", "2", "--rate-limit", "0", "--max-connections", "50",
                         "--access-log", log)
    try:
        await full_queue(port)
        await asyncio.sleep(0.5)  # the queue test's connections are gone
        await total_limit(port)
        await request(port, '/tiles/1/0/0.png?date="x"%0a\\')
    finally:
        server.terminate()
        server.wait()
    access_log(log)
    os.unlink(log)

    if failures:
        sys.exit(f"{len(failures)} failed: " + "; ".join(failures))
    print("all hostile-client checks passed")


asyncio.run(main())
