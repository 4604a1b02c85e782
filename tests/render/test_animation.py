#!/usr/bin/env python3
"""Animations (render --animate), read back with an independent decoder (Debian's python3-pil):
the animated WebP and GIF decode with the frame count and durations the layout reports; the WebP is
lossless (each of its frames equals the PNG written by --frames, pixel for pixel); the AES appears
between the first and the last frame; where only the date changes only the date is redrawn and an
event appears on its day; same bytes twice; the refusals. Names and events on.

usage: test_animation.py SAHELMAP WORKDIR"""
import json
import os
import shutil
import subprocess
import sys

from PIL import Image, ImageChops

sahelmap, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def render(*args):
    return subprocess.run([sahelmap, "render", *args], capture_output=True, text=True)


AES = (0xC0, 0x39, 0x2B)
common = ["--animate", "2023-06-01:2024-02-01", "--step", "1m", "--preset", "social"]
r = render(*common, "-o", f"{work}/a.webp", "--frames", f"{work}/frames", "--debug-layout", f"{work}/a.json",
           "--alt-text", f"{work}/a.txt")
check(r.returncode == 0, f"webp: {r.stderr}")
anim = json.load(open(f"{work}/a.json"))["animation"]
check(anim["frames"] == 9 and anim["dates"][0] == "2023-06-01" and anim["dates"][-1] == "2024-02-01",
      f"frames {anim}")
pngs = sorted(os.listdir(f"{work}/frames"))
check(len(pngs) == 9 and pngs[0] == "frame-0001.png", f"--frames wrote {pngs}")
webp = Image.open(f"{work}/a.webp")
check(webp.n_frames == anim["encoded"], f"WebP has {webp.n_frames} frames, the layout says {anim['encoded']}")
durations = []
for i in range(webp.n_frames):
    webp.seek(i)
    webp.load()
    durations.append(webp.info["duration"])
    if webp.n_frames == anim["frames"]:  # nothing held: frame i is the PNG of date i
        png = Image.open(f"{work}/frames/{pngs[i]}").convert("RGB")
        check(ImageChops.difference(webp.convert("RGB"), png).getbbox() is None, f"WebP frame {i} != {pngs[i]}")
check(sum(durations) == 500 * 8 + 2500 and durations[-1] >= 2500, f"WebP durations {durations}")
print(f"webp: {webp.n_frames} frames, {anim['states']} states drawn, durations {durations}")


def red_share(path):
    im = Image.open(path).convert("RGB")
    return sum(1 for p in im.getdata() if p == AES) / (im.width * im.height)


first, last = red_share(f"{work}/frames/{pngs[0]}"), red_share(f"{work}/frames/{pngs[-1]}")
check(first < 0.001 < last, f"AES red on 2023-06-01: {first:.4f}, on 2024-02-01: {last:.4f}")
alt = open(f"{work}/a.txt", encoding="utf-8").read()
check("Mali: now Alliance of Sahel States (AES)" in alt, f"alt text: {alt[-300:]}")

r = render(*common, "-o", f"{work}/a.gif")
check(r.returncode == 0, f"gif: {r.stderr}")
gif = Image.open(f"{work}/a.gif")
gif_durations = []
for i in range(gif.n_frames):
    gif.seek(i)
    gif_durations.append(gif.info["duration"])
check(gif.n_frames == anim["encoded"] and sum(gif_durations) == 500 * 8 + 2500, f"GIF durations {gif_durations}")
# The GIF's last frame: every flat colour exact (the commonest 256 are in the palette).
gif.seek(gif.n_frames - 1)
g = gif.convert("RGB")
p = Image.open(f"{work}/frames/{pngs[-1]}").convert("RGB")
same = sum(1 for a, b in zip(g.getdata(), p.getdata()) if a == b) / (g.width * g.height)
# (0.92 since the social card's type is set smaller to give the map its room: more of the map's
# hatched and antialiased edges, which the GIF maps to the nearest palette colour.)
check(same > 0.9, f"GIF's last frame equals the PNG on {same:.3f} of pixels")
# Antialiased edges (stripes, text) are what may be off; the 10 commonest colours (the fills,
# the sea, the page, the text) are all exact.
png_counts = sorted(p.getcolors(1 << 24), reverse=True)[:10]
gif_counts = dict((c, n) for n, c in g.getcolors(1 << 24))
for n, c in png_counts:
    check(gif_counts.get(c, 0) >= 0.9 * n, f"GIF: colour {c} ({n} pixels in the PNG) has {gif_counts.get(c, 0)}")
print(f"gif: {gif.n_frames} frames, {same:.4f} of the last frame's pixels exact")

# One type size for every frame, set like a still's: on the social card the type is set smaller
# to give the map its room (layout_poster); the frames' title has the still's size at that scale
# (the scale was once applied twice to the frames).
a_layout = json.load(open(f"{work}/a.json"))
still = render("--preset", "social", "--date", "2024-02-01", "-o", f"{work}/still.png", "--debug-layout",
               f"{work}/still.json")
check(still.returncode == 0, f"still: {still.stderr}")
s_layout = json.load(open(f"{work}/still.json"))
title = lambda l: [b["rect"] for b in l["boxes"] if b["kind"] == "title"][0]
check(a_layout["type_scale"] < 1, f"social animation at type scale {a_layout['type_scale']}")
if a_layout["type_scale"] == s_layout["type_scale"]:
    check(abs(title(a_layout)[3] - title(s_layout)[3]) < 0.5,
          f"title {title(a_layout)} in the animation, {title(s_layout)} in the still")

r = render(*common, "-o", f"{work}/b.webp")
check(r.returncode == 0 and open(f"{work}/b.webp", "rb").read() == open(f"{work}/a.webp", "rb").read(),
      "two runs, different WebP bytes")
r = render(*common, "-o", f"{work}/b.gif")
check(r.returncode == 0 and open(f"{work}/b.gif", "rb").read() == open(f"{work}/a.gif", "rb").read(),
      "two runs, different GIF bytes")

# Day by day around the coup: on 24 and 25 July 2023 nothing happens, so the map is drawn once and
# only the date changes (above the map; the GIF stores only that rectangle); the coup's marker
# appears on 26 July, its day.
r = render("--animate", "2023-07-24:2023-07-26", "--step", "1d", "--preset", "social", "-o", f"{work}/c.gif",
           "--frames", f"{work}/c", "--debug-layout", f"{work}/c.json")
check(r.returncode == 0, f"day by day: {r.stderr}")
c = json.load(open(f"{work}/c.json"))
map_top = c["map"]["frame"][1]
check(c["animation"]["states"] == 2, f"day by day: {c['animation']}")
cs = [Image.open(f"{work}/c/{f}").convert("RGB") for f in sorted(os.listdir(f"{work}/c"))]
quiet, coup = ImageChops.difference(cs[0], cs[1]).getbbox(), ImageChops.difference(cs[1], cs[2]).getbbox()
check(quiet is not None and quiet[3] <= map_top, f"24 to 25 July: frames differ at {quiet}, not only above the map")
check(coup is not None and coup[3] > map_top + 20, f"26 July: no change on the map ({coup})")
gif = Image.open(f"{work}/c.gif")
gif.seek(1)
x0, y0, x1, y1 = gif.tile[0][1]
check(y1 <= map_top and (x1 - x0) * (y1 - y0) < 0.05 * gif.width * gif.height,
      f"GIF's second frame stores {(x0, y0, x1, y1)}, more than the date")
print(f"day by day: the GIF's second frame stores {(x0, y0, x1, y1)} of {gif.width}x{gif.height}")

for args, why in [(["--animate", "2024-01-01:2023-01-01", "-o", f"{work}/x.webp"], "backwards"),
                  (["--animate", "2023-01-01:2024-01-01", "-o", f"{work}/x.png"], "not an animation format"),
                  (["-o", f"{work}/x.webp"], "no --animate"),
                  (["--animate", "2023-01-01:2024-01-01", "--step", "1y", "-o", f"{work}/x.webp"], "bad step"),
                  (["--animate", "1990-01-01:2024-01-01", "--step", "1d", "-o", f"{work}/x.webp"], "too many frames"),
                  (["--animate", "2023-01-01:2024-01-01", "--date", "2023-05-01", "-o", f"{work}/x.webp"], "--date")]:
    r = render(*args)
    check(r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, f"{why}: exit {r.returncode} {r.stderr!r}")
check(not os.path.exists(f"{work}/x.webp") and not os.path.exists(f"{work}/x.png"), "a refused run left a file")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
