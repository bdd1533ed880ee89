#!/usr/bin/env python3
"""Builds cameo.tsv: one row per CAMEO event code with its name, quad class,
Goldstein value and PLOVER type/mode, from the facts in shared/data.

usage: python3 build_cameo.py [SHARED_DIR]   (default: ../../../../../shared)

Inputs (facts, read at build time only; attache never needs shared/ to run):
- shared/data/cameo/cameo_event_codes.tsv  code, quad class, Goldstein, name
- shared/data/petrarch/plover/CAMEO2PLOVER-2021.txt  code -> PLOVER type, mode
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../../shared")

plover = {}
with open(os.path.join(shared, "data/petrarch/plover/CAMEO2PLOVER-2021.txt"), encoding="utf-8") as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        parts = [p.strip() for p in rest.split(",")]
        plover[code.strip()] = (parts[0] if parts else "", parts[1] if len(parts) > 1 else "")

rows = []
with open(os.path.join(shared, "data/cameo/cameo_event_codes.tsv"), encoding="utf-8") as f:
    header = f.readline().rstrip("\n").split("\t")
    for line in f:
        r = dict(zip(header, line.rstrip("\n").split("\t")))
        code = r["code"]
        # A code without its own PLOVER row takes its parent's.
        ptype, pmode = "", ""
        for k in (code, code[:3], code[:2]):
            if k in plover:
                ptype, pmode = plover[k]
                break
        name = r["name"].strip()
        if r["level"] == "1":
            name = name.capitalize()
        rows.append((code, r["quad_class"], r["goldstein"], ptype, pmode, name))

out = os.path.join(here, "cameo.tsv")
with open(out, "w", encoding="utf-8") as f:
    f.write("# CAMEO event codes: quad class, Goldstein value, PLOVER type and mode.\n")
    f.write("# Built by build_cameo.py; see MANIFEST.toml for sources.\n")
    f.write("code\tquad_class\tgoldstein\tplover_type\tplover_mode\tname\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
print(f"wrote {len(rows)} codes to {out}")
