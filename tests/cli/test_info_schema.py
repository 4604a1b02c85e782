#!/usr/bin/env python3
"""sahelmap info --json against schemas/info.schema.json (Debian's python3-jsonschema), and what a
script needs from it: every row of the membership table, every country's names and memberships on
the date, the events in view with all their fields, the style's colours per bloc and role.

usage: test_info_schema.py SAHELMAP SOURCE_DIR"""
import csv
import json
import subprocess
import sys

import jsonschema

sahelmap, source = sys.argv[1], sys.argv[2]
schema = json.load(open(f"{source}/schemas/info.schema.json", encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def info(*args):
    out = subprocess.run([sahelmap, "info", "--json", *args], check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    for e in validator.iter_errors(doc):
        failures.append(f"{' '.join(args)}: {list(e.absolute_path)}: {e.message}")
    return doc


rows = list(csv.DictReader(open(f"{source}/shapes/blocs.csv", encoding="utf-8")))
events = json.load(open(f"{source}/shapes/events.geojson", encoding="utf-8"))["features"]

for args in (["--date", "2023-07-01"], ["--date", "2024-07-06", "--lang", "fr"], ["--date", "2026-11-22"],
             ["--date", "2026-11-22", "--bbox", "-180,-60,180,85"], ["--date", "2026-11-22", "--no-events"]):
    doc = info(*args)
    date = doc["date"]
    # Every row of the table, in order, with its dates and source.
    check(len(doc["memberships"]) == len(rows), f"{args}: {len(doc['memberships'])} memberships, {len(rows)} rows")
    for m, r in zip(doc["memberships"], rows):
        check((m["bloc"], m["country"], m["role"], m["from"], m["to"] or "", m["source"]) ==
              (r["bloc"], r["country"], r["role"], r["from"], r["to"], r["source"]), f"{args}: row {r}")
    # Countries: names in both languages; the memberships active on the date, and only those.
    for code, c in doc["countries"].items():
        active = [r for r in rows if r["country"] == code and r["from"] <= date and (not r["to"] or date <= r["to"])]
        check(len(c["memberships"]) == len(active), f"{args}: {code} has {len(c['memberships'])}, expected {len(active)}")
    # The events up to the date inside the bbox, each with every field of the file.
    w, s, e, n = doc["bbox"]
    expected = sorted(f["properties"]["id"] for f in events
                      if f["properties"]["date"] <= date and "--no-events" not in args
                      and w <= f["geometry"]["coordinates"][0] <= e and s <= f["geometry"]["coordinates"][1] <= n)
    check(sorted(x["id"] for x in doc["events"]) == expected, f"{args}: events {[x['id'] for x in doc['events']]}")
    for x in doc["events"]:
        f = next(f for f in events if f["properties"]["id"] == x["id"])
        for key in ("title", "title_fr", "category", "place", "source", "source_title"):
            check(x[key] == f["properties"].get(key, ""), f"{args}: event {x['id']} {key}")

doc = info("--date", "2024-07-06")
ner = doc["countries"]["NER"]
check((ner["name"], ner["name_fr"]) == ("Niger", "Niger"), "NER names")
check(sorted((m["bloc"], m["role"]) for m in ner["memberships"]) == [("AES", "confederation"), ("ECOWAS", "withdrawing")],
      f"NER on 2024-07-06: {ner['memberships']}")
check(doc["countries"]["CIV"]["name_fr"] == "Côte d'Ivoire", "CIV in French")
ecowas = next(b for b in doc["style"]["blocs"] if b["id"] == "ECOWAS")
check(ecowas["roles"]["suspended"]["fill"] != ecowas["roles"]["withdrawing"]["fill"], "two roles, one swatch")
check(ner["hatch"] == ecowas["roles"]["withdrawing"]["fill"], "NER's stripes are the withdrawing colour")

# The schema is not a rubber stamp: a document without memberships, or with a bad date, fails it.
broken = dict(doc)
del broken["memberships"]
check(not validator.is_valid(broken), "the schema accepts a document without memberships")
broken = json.loads(json.dumps(doc))
broken["countries"]["NER"]["memberships"][0]["from"] = "6 July 2024"
check(not validator.is_valid(broken), "the schema accepts a date that is not YYYY-MM-DD")

# info --changes FROM:TO against schemas/changes.schema.json: every membership change and event.
changes_schema = json.load(open(f"{source}/schemas/changes.schema.json", encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(changes_schema)
changes_validator = jsonschema.Draft202012Validator(changes_schema)
for lang in ("en", "fr"):
    out = subprocess.run([sahelmap, "info", "--changes", "2023-07-01:2025-06-01", "--json", "--lang", lang],
                         check=True, capture_output=True, text=True).stdout
    ch = json.loads(out)
    for e in changes_validator.iter_errors(ch):
        failures.append(f"--changes {lang}: {list(e.absolute_path)}: {e.message}")
    dates = [c["date"] for c in ch["changes"]]
    check(dates == sorted(dates), f"--changes {lang}: not in date order")
    got = sorted(c["event"]["id"] for c in ch["changes"] if c["kind"] == "event")
    want = sorted(f["properties"]["id"] for f in events if "2023-07-01" < f["properties"]["date"] <= "2025-06-01")
    check(got == want, f"--changes {lang}: events {got} != {want}")
    niger = [(c["date"], c["kind"], c.get("old_role"), c["role"]) for c in ch["changes"]
             if c.get("country") == "NER" and c.get("bloc") == "ECOWAS"]
    check(("2023-12-10", "role", "member", "suspended") in niger, f"--changes {lang}: Niger's suspension: {niger}")
    check(("2025-01-29", "leaves", None, "withdrawing") in niger, f"--changes {lang}: Niger's exit: {niger}")
    check(any(c["kind"] == "joins" and c["country"] == "MLI" and c["bloc"] == "AES" for c in ch["changes"]),
          f"--changes {lang}: Mali joining the AES")
    check(("Niger : " if lang == "fr" else "Niger: ") in ch["text"], f"--changes {lang}: text {ch['text'][:80]}")
bad = subprocess.run([sahelmap, "info", "--changes", "2025-06-01:2023-07-01"], capture_output=True, text=True)
check(bad.returncode == 2 and "before FROM" in bad.stderr and len(bad.stderr.splitlines()) == 1,
      f"--changes backwards: {bad.returncode} {bad.stderr!r}")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
