#!/usr/bin/env python3
"""The SVG a graphics desk opens (render/svg_writer.cpp), read back with Python's XML parser and
Inkscape: well-formed; every name, capital, title and event line as live <text>; one Inkscape layer
per map layer; one element per country with its code, bloc and role; one group per event with its
date and source; hostile event titles shown as text, never markup (in the PDF too); smaller than
Cairo's 2.0 MB.
Names and events are on (what users get); the French poster and a world view too.

usage: test_svg.py SAHELMAP WORKDIR"""
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sahelmap, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
SVG = "{http://www.w3.org/2000/svg}"
INK = "{http://www.inkscape.org/namespaces/inkscape}"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def render(name, *args):
    svg, layout = f"{work}/{name}.svg", f"{work}/{name}.json"
    subprocess.run([sahelmap, "render", "-o", svg, "--debug-layout", layout, *args], check=True)
    raw = open(svg, encoding="utf-8").read()
    return raw, ET.fromstring(raw), json.load(open(layout, encoding="utf-8"))


def text_of(el):
    """A <text>'s words, its lines joined by spaces."""
    return re.sub(r"\s+", " ", " ".join(t.strip() for t in el.itertext())).strip()


def squash(s):
    # A line broken after a hyphen ("Liptako-" / "Gourma") joins without the space between tspans.
    return re.sub(r"- ", "-", re.sub(r"\s+", " ", s).strip())


LAYERS = ["sea", "land", "countries", "borders", "labels", "capitals", "events", "callouts", "legend", "inset",
          "scale-bar", "title", "footnote"]

for name, args in [("default", []), ("french", ["--lang", "fr", "--date", "2023-10-01"]),
                   ("world", ["--bbox", "-180,-60,180,85", "--date", "2024-02-01"])]:
    raw, root, layout = render(name, *args)
    layers = {g.get("id"): g for g in root.findall(f"{SVG}g") if g.get(f"{INK}groupmode") == "layer"}
    for want in LAYERS:
        if want == "inset" and name == "world":
            continue  # the locator is for regional views
        check(want in layers, f"{name}: no layer '{want}' (have {sorted(layers)})")
    for lid, g in layers.items():
        check(bool(g.get(f"{INK}label")), f"{name}: layer {lid} has no inkscape:label")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    check(len(ids) == len(set(ids)), f"{name}: duplicate ids")
    texts = [squash(text_of(t)) for t in root.iter(f"{SVG}text")]  # both sides squashed alike
    all_text = " | ".join(texts)
    for b in layout["boxes"]:
        if b["kind"] in ("label", "capital", "title", "subtitle") and b.get("text"):
            check(squash(b["text"]) in texts, f"{name}: {b['kind']} '{b['text']}' is not a <text>")
    if name != "french":  # French titles are checked by the French poster's own tests
        for e in layout["events"]:
            check(squash(e["title"]) in all_text, f"{name}: event '{e['title']}' ({e['shown_as']}) not in any <text>")
    # Countries: one element each, the code in the id, members with their bloc and role.
    countries = {e.get("id"): e for e in root.iter() if (e.get("id") or "").startswith("country-")}
    check(len(countries) >= 10, f"{name}: only {len(countries)} country elements")
    if name != "world":
        ner = countries.get("country-NER")
        check(ner is not None and ner.get("data-bloc") == "AES" and ner.get("data-role"),
              f"{name}: country-NER without data-bloc='AES' and data-role")
    # Events: a group each, with a <title>, its date and its source.
    events = [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("event-")]
    check(len(events) >= len(layout["events"]),
          f"{name}: {len(events)} event groups for {len(layout['events'])} events")
    for g in events:
        check(g.find(f"{SVG}title") is not None and g.get("data-date") and g.get("data-source") is not None,
              f"{name}: {g.get('id')} lacks <title>, data-date or data-source")
    check(root.find(f"{SVG}title") is not None and root.get("role") == "img" and root.get("aria-labelledby"),
          f"{name}: no accessible title")
    check('font-family:\'Noto Sans\'' in raw and "paint-order:stroke" in raw, f"{name}: no named font or halo")
    if name == "default":
        size = len(raw.encode("utf-8"))
        print(f"default poster SVG: {size} bytes, {len(texts)} <text>, {len(countries)} countries, {len(events)} events")
        check(size < 1_000_000, f"default poster SVG is {size} bytes (Cairo's was 2.0 MB)")
    if name in ("world", "french"):  # Niger in ECOWAS (suspended) and the AES on both dates
        check(any(e.get("id", "").startswith("hatching-") for e in root.iter()), f"{name}: no hatching")
        check("hatching" in layers, f"{name}: no layer 'hatching' (have {sorted(layers)})")
    if name == "default":
        labels = {lid: g.get(f"{INK}label") for lid, g in layers.items()}

# Inkscape opens it and lists the layers.
if shutil.which("inkscape"):
    out = subprocess.run(["inkscape", "--actions=select-all:layers;select-list", f"{work}/default.svg"],
                         capture_output=True, text=True, timeout=300).stdout
    listed = [line.split()[0] for line in out.splitlines() if line.strip()]
    for want in LAYERS:
        check(want in listed, f"inkscape does not list layer '{want}' (lists {listed})")
    # Saved by Inkscape, the layers keep their names (what its Layers panel shows).
    saved = f"{work}/default-inkscape.svg"
    subprocess.run(["inkscape", f"{work}/default.svg", "--export-type=svg", f"--export-filename={saved}"],
                   capture_output=True, timeout=300, check=True)
    kept = {g.get("id"): g.get(f"{INK}label") for g in ET.parse(saved).getroot().iter(f"{SVG}g")
            if g.get(f"{INK}groupmode") == "layer"}
    check(kept == labels, f"inkscape's layers {kept} are not ours {labels}")
    print("inkscape layers:", ", ".join(kept.values()))
else:
    failures.append("inkscape is not installed (scripts/setup.sh --tests installs it)")

# Hostile titles: characters shown, never markup.
events = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "shapes", "events.geojson"),
                        encoding="utf-8"))
nasty = ["<script>alert(1)</script> & \"quotes\"", "]]> </text> 'single' <b>not bold</b>"]
for f, title in zip(events["features"][-2:], nasty):
    f["properties"]["title"] = title
path = f"{work}/hostile.geojson"
json.dump(events, open(path, "w", encoding="utf-8"))
raw, root, layout = render("hostile", "--events", path)
check(root.find(f".//{SVG}script") is None, "hostile: a <script> element")
all_text = " | ".join(text_of(t) for t in root.iter(f"{SVG}text"))
titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("event-")]
for title in nasty:
    check(title in titles, f"hostile: {title!r} not a <title> as written")
    check(squash(title) in all_text, f"hostile: {title!r} not shown as text")

# The PDF keeps the hostile titles as text too (and its metadata, escaped by Cairo).
pdf = f"{work}/hostile.pdf"
subprocess.run([sahelmap, "render", "-o", pdf, "--events", path], check=True)
pdf_text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                                            text=True, check=True).stdout)
for title in nasty:
    check(re.sub(r"\s+", "", title) in pdf_text, f"hostile PDF: {title!r} not in its text")
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
check("Who stands where in the Sahel" in info, "hostile PDF: title metadata lost")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
