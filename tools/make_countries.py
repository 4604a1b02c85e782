#!/usr/bin/python3
"""Regenerate shapes/countries.csv, the one table that joins any Natural Earth / world-atlas
country to a sahelmap country code.

  tools/make_countries.py NE_50M_COUNTRIES.json [NE_10M_EXTRA.json] > shapes/countries.csv

Sources: Natural Earth admin-0 attributes (ADM0_A3, ISO_A3, ISO_N3, names) and Debian's iso-codes
package for official French short names (gettext domain iso_3166-1). The committed CSV is the
product's data; this script only documents how it was made and is not run by the build.
"""
import csv, gettext, json, sys

ISO = {c["alpha_3"]: c for c in json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]}
FR = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["fr"])

# Units without an ISO code (Natural Earth writes -99): French names by hand.
FR_EXTRA = {"KOS": "Kosovo", "CYN": "Chypre du Nord", "SOL": "Somaliland", "KAS": "Glacier de Siachen",
            "IOA": "Territoires australiens de l'océan Indien", "ATC": "Îles Ashmore-et-Cartier",
            "ESB": "Dhekelia", "WSB": "Akrotiri", "USG": "Base navale de Guantánamo",
            "CNM": "Zone tampon des Nations unies à Chypre", "KAB": "Baïkonour",
            "CSI": "Îles de la mer de Corail", "PGA": "Îles Spratleys", "BJN": "Bajo Nuevo",
            "SER": "Banc Serranilla", "SCR": "Récif de Scarborough"}
# Editorial French names where the ISO short name is not what a newsroom prints.
FR_OVERRIDE = {"CIV": "Côte d'Ivoire", "TCD": "Tchad", "BFA": "Burkina Faso", "CPV": "Cap-Vert",
               "GMB": "Gambie", "RUS": "Russie", "USA": "États-Unis", "GBR": "Royaume-Uni",
               "IRN": "Iran", "SYR": "Syrie", "KOR": "Corée du Sud", "PRK": "Corée du Nord",
               "TZA": "Tanzanie", "BOL": "Bolivie", "VEN": "Venezuela", "VNM": "Viêt Nam",
               "LAO": "Laos", "MDA": "Moldavie", "COD": "République démocratique du Congo",
               "TWN": "Taïwan", "PSE": "Palestine", "CZE": "Tchéquie", "MKD": "Macédoine du Nord",
               "FSM": "Micronésie", "SWZ": "Eswatini", "NLD": "Pays-Bas", "BRN": "Brunei"}
# Spellings seen in world-atlas or in the wild that Natural Earth's fields do not carry.
ALIASES = {"SWZ": ["eSwatini", "Swaziland"], "CIV": ["Ivory Coast", "Cote d'Ivoire"],
           "CPV": ["Cape Verde"], "GMB": ["Gambia"], "CZE": ["Czech Republic"],
           "MKD": ["Macedonia"], "TUR": ["Turkey", "Türkiye"]}


def iso_name(a3):
    c = ISO.get(a3)
    return c and c.get("common_name", c["name"])


def rows(path):
    for f in json.load(open(path))["features"]:
        p = f["properties"]
        adm = p["ADM0_A3"]
        iso3 = p["ISO_A3"] if p["ISO_A3"] not in ("-99", None) else p.get("ISO_A3_EH", "-99")
        if iso3 in ("-99", None) and adm in ISO:  # France, Norway: Natural Earth quirk
            iso3 = adm
        iso3 = None if iso3 in ("-99", None) else iso3
        n3 = p["ISO_N3"] if p["ISO_N3"] not in ("-99", None) else None
        if n3 is None and iso3 in ISO:
            n3 = ISO[iso3]["numeric"]
        code = iso3 or adm
        fr = FR_OVERRIDE.get(code) or (FR.gettext(iso_name(iso3)) if iso3 in ISO else FR_EXTRA.get(adm, p["NAME"]))
        names = {p["NAME"], p.get("NAME_LONG"), p.get("ADMIN"), p.get("FORMAL_EN"), p.get("BRK_NAME"),
                 p.get("NAME_SORT"), p.get("FORMAL_FR"), fr, iso_name(iso3) if iso3 in ISO else None,
                 *ALIASES.get(code, [])}
        names = sorted(n for n in names if n and n != p["NAME"])
        yield dict(code=code, iso_a3=iso3 or "", iso_n3=n3 or "", adm0_a3=adm, name_en=p["NAME"],
                   name_fr=fr, aliases="|".join(names))


# Units only in the 10m scale (world-atlas countries-10m), which the 50m attributes lack.
EXTRA_10M = [("ESB", "", "", "Dhekelia"), ("WSB", "", "", "Akrotiri"), ("USG", "", "", "USNB Guantanamo Bay"),
             ("CNM", "", "", "Cyprus U.N. Buffer Zone"), ("KAB", "", "", "Baikonur"),
             ("CSI", "", "", "Coral Sea Is."), ("PGA", "", "", "Spratly Is."), ("CLP", "", "", "Clipperton I."),
             ("BJN", "", "", "Bajo Nuevo Bank"), ("SER", "", "", "Serranilla Bank"),
             ("SCR", "", "", "Scarborough Reef"), ("GIB", "GIB", "292", "Gibraltar"),
             ("TUV", "TUV", "798", "Tuvalu"), ("UMI", "UMI", "581", "U.S. Minor Outlying Is.")]


def extra_rows():
    for adm, iso3, n3, name in EXTRA_10M:
        fr = FR.gettext(iso_name(iso3)) if iso3 in ISO else FR_EXTRA.get(adm, name)
        if adm == "CLP":
            fr = "Île de Clipperton"
        yield dict(code=iso3 or adm, iso_a3=iso3, iso_n3=n3, adm0_a3=adm, name_en=name, name_fr=fr,
                   aliases="|".join(sorted({fr, iso_name(iso3) or name} - {name})))


def main():
    seen, out = set(), []
    for r in extra_rows():
        seen.add(r["adm0_a3"])
        out.append(r)
    for path in sys.argv[1:]:
        for r in rows(path):
            if r["adm0_a3"] not in seen:
                seen.add(r["adm0_a3"])
                out.append(r)
    w = csv.DictWriter(sys.stdout, fieldnames=list(out[0]), lineterminator="\n")
    w.writeheader()
    for r in sorted(out, key=lambda r: r["code"]):
        w.writerow(r)


if __name__ == "__main__":
    main()
