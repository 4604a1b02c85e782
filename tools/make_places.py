#!/usr/bin/python3
"""Regenerate shapes/places.csv: national capitals from Natural Earth's populated places
(public domain), with sahelmap country codes and French names where they differ.

  tools/make_places.py ne_50m_populated_places_simple.json > shapes/places.csv

The committed CSV is the product's data; this script documents how it was made.
"""
import csv, json, sys

FR = {"Ndjamena": "N'Djaména", "Moscow": "Moscou", "Washington, D.C.": "Washington", "Brussels": "Bruxelles",
      "Lome": "Lomé", "Yamoussoukro": "Yamoussoukro", "Algiers": "Alger", "Tripoli": "Tripoli",
      "Cairo": "Le Caire", "London": "Londres", "Rome": "Rome", "Berlin": "Berlin", "Madrid": "Madrid",
      "Lisbon": "Lisbonne", "Khartoum": "Khartoum", "Beijing": "Pékin", "Vienna": "Vienne",
      "Warsaw": "Varsovie", "Athens": "Athènes", "Copenhagen": "Copenhague", "Prague": "Prague",
      "Bucharest": "Bucarest", "Nouakchott": "Nouakchott", "Cotonou": "Cotonou", "Porto-Novo": "Porto-Novo"}
EN = {"Ndjamena": "N'Djamena", "Washington, D.C.": "Washington", "Lome": "Lomé"}
# Natural Earth marks the seat of government as the capital in places: the constitutions say
# otherwise. Lagos has not been a capital since 1991.
KIND = {"Porto-Novo": "capital", "Cotonou": "seat", "Yamoussoukro": "capital", "Abidjan": "seat"}
DROP = {"Lagos"}


def main():
    codes = {}
    for r in csv.DictReader(open("shapes/countries.csv")):
        codes[r["adm0_a3"]] = r["code"]
    rows = []
    for f in json.load(open(sys.argv[1]))["features"]:
        p = f["properties"]
        if not p["featurecla"].startswith("Admin-0 capital"):
            continue
        name = p["name"]
        if name in DROP:
            continue
        kind = KIND.get(name, "capital" if p["featurecla"] == "Admin-0 capital" else "seat")
        rows.append({"name": EN.get(name, name), "name_fr": FR.get(name, EN.get(name, name)),
                     "country": codes.get(p["adm0_a3"], p["adm0_a3"]), "kind": kind,
                     "population": int(p["pop_max"]), "lon": round(p["longitude"], 4),
                     "lat": round(p["latitude"], 4)})
    w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    for r in sorted(rows, key=lambda r: (r["country"], r["name"])):
        w.writerow(r)


if __name__ == "__main__":
    main()
