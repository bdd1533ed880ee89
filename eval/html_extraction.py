#!/usr/bin/env python3
"""Scores attache's HTML main-text extraction on two public benchmarks.

* Zyte/ScrapingHub article-extraction-benchmark (181 pages): per-document
  multisets of 4-token shingles (tokens = \\w+ runs) of the article body,
  TP/FP/FN normalised per document, precision and recall averaged over
  documents, F1 of the averages (the benchmark's own metric).
* trafilatura's evaluation set, English pages (en-files.tsv, 180 pages):
  "with" segments must occur in the extracted text (exact substring), the
  "without" ones must not; P/R/F1 pooled over all segments.

The data is read from ../shared/data (relative to the repository root) and
unpacked to a temporary directory; nothing is copied into the repository.

The extractor is the `extract_jsonl` example of crates/html (it calls
`attache_html::extract` directly and times it); build it with

    CARGO_TARGET_DIR=/work/target-html cargo build --release -p attache-html --example extract_jsonl

and point --bin (or $ATTACHE_EXTRACT_BIN) at it. Default:
$CARGO_TARGET_DIR/release/examples/extract_jsonl, else target/release/examples/extract_jsonl.

Python standard library only.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
ZYTE = DATA / "article-extraction-benchmark"
TRAF = DATA / "trafilatura-eval"

CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def decode_html(raw: bytes) -> str:
    """UTF-8 when valid, else the declared charset, else windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = CHARSET_RE.search(raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


def default_bin() -> str:
    env = os.environ.get("ATTACHE_EXTRACT_BIN")
    if env:
        return env
    target = os.environ.get("CARGO_TARGET_DIR")
    if target:
        cand = Path(target) / "release" / "examples" / "extract_jsonl"
        if cand.exists():
            return str(cand)
    return str(REPO / "target" / "release" / "examples" / "extract_jsonl")


def run_extractor(binary: str, docs, repeat: int = 1):
    """docs: list of (id, html). Returns {id: record} and the timing line."""
    payload = "".join(json.dumps({"id": i, "html": h}) + "\n" for i, h in docs)
    env = dict(os.environ, ATTACHE_BENCH_REPEAT=str(repeat))
    proc = subprocess.run([binary], input=payload.encode("utf-8"), capture_output=True, env=env)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"extractor failed with status {proc.returncode}")
    out = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        rec = json.loads(line)
        out[rec["id"]] = rec
    return out, proc.stderr.decode("utf-8", "replace").strip()


BODY_ROLES = {"body", "heading", "quote_block", "social_post", "dateline"}


def body_text(rec, roles):
    if roles is None:
        return rec["text"]
    t = rec["text"].encode("utf-8")
    parts = [t[s:e].decode("utf-8") for s, e, r in rec["blocks"] if r in roles]
    return "\n".join(parts)


# --- Zyte benchmark metric -------------------------------------------------

TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    toks = TOKEN_RE.findall(text or "")
    grams = Counter()
    for i in range(max(1, len(toks) - n + 1)):
        g = tuple(toks[i : i + n])
        if g:
            grams[g] += 1
    return grams


def shingle_counts(gold: str, pred: str):
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def zyte_scores(triples):
    precs, recs = [], []
    for tp, fp, fn in triples:
        if tp + fp > 0:
            precs.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recs.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p = sum(precs) / len(precs) if precs else 0.0
    r = sum(recs) / len(recs) if recs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


DUMP = {}


def zyte(binary, roles, show_worst, repeat):
    gt = json.loads((ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    docs = []
    for key in sorted(gt):
        raw = gzip.decompress((ZYTE / "html" / f"{key}.html.gz").read_bytes())
        docs.append((key, decode_html(raw)))
    out, timing = run_extractor(binary, docs, repeat)
    triples, per_doc = [], []
    for key, _ in docs:
        pred = body_text(out[key], roles) if key in out else ""
        t = shingle_counts(gt[key].get("articleBody", ""), pred)
        triples.append(t)
        per_doc.append((key, t))
        DUMP[key] = t
    p, r, f = zyte_scores(triples)
    mb = sum(len(h.encode("utf-8")) for _, h in docs) / 1e6
    print(f"article-extraction-benchmark: {len(docs)} pages, {mb:.1f} MB")
    print(f"  P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (trafilatura 2.0.0: F1 0.958)")
    print(f"  {timing}")
    if show_worst:
        per_doc.sort(key=lambda kt: kt[1][0])
        for key, (tp, fp, fn) in per_doc[:show_worst]:
            print(f"    {key[:16]} tp {tp:.2f} fp {fp:.2f} fn {fn:.2f}  {gt[key]['url']}")
    return f


# --- trafilatura evaluation ------------------------------------------------


def traf(binary, roles, show_worst):
    evaldata = json.loads((TRAF / "evaldata.json").read_text(encoding="utf-8"))
    rows = [l.split("\t") for l in (TRAF / "en-files.tsv").read_text(encoding="utf-8").splitlines()[1:] if l.strip()]
    with tempfile.TemporaryDirectory(prefix="attache-traf-") as tmp:
        with tarfile.open(TRAF / "html.tar.gz") as tf:
            wanted = {p for p, _ in rows}
            members = [m for m in tf.getmembers() if m.name in wanted]
            try:
                tf.extractall(tmp, members=members, filter="data")
            except TypeError:
                tf.extractall(tmp, members=members)
        docs = []
        for path, url in rows:
            fp = Path(tmp) / path
            if not fp.exists():
                print(f"  missing {path}", file=sys.stderr)
                continue
            docs.append((url, decode_html(fp.read_bytes())))
    out, timing = run_extractor(binary, docs, 1)
    tp = fn = fp = tn = 0
    per_doc = []
    for url, _ in docs:
        item = evaldata[url]
        text = body_text(out[url], roles) if url in out else ""
        dtp = sum(1 for s in item["with"] if s in text)
        dfp = sum(1 for s in item["without"] if s in text)
        tp += dtp
        fn += len(item["with"]) - dtp
        fp += dfp
        tn += len(item["without"]) - dfp
        per_doc.append((url, len(item["with"]) - dtp, dfp, item))
        DUMP[item["file"]] = (len(item["with"]) - dtp, dfp)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    acc = (tp + tn) / (tp + tn + fp + fn)
    print(f"trafilatura-eval (English): {len(docs)} pages, {tp + fn} 'with' and {fp + tn} 'without' segments")
    print(f"  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  accuracy {acc:.3f}   (trafilatura 2.2.0: P 0.906 R 0.943 F1 0.924)")
    print(f"  {timing}")
    if show_worst:
        per_doc.sort(key=lambda x: -(x[1] + x[2]))
        for url, missed, wrong, item in per_doc[:show_worst]:
            if missed + wrong == 0:
                break
            print(f"    missed {missed} wrong {wrong}  {item['file']}  {url}")
    return f


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=default_bin(), help="extract_jsonl binary")
    ap.add_argument("--only", choices=["zyte", "traf"], help="run one benchmark")
    ap.add_argument("--body-only", action="store_true",
                    help="score only body-like blocks (no captions, bylines)")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--dump", help="write per-page scores (JSON) to this file")
    ap.add_argument("--repeat", type=int, default=1, help="extract each Zyte page N times for timing")
    args = ap.parse_args()
    if not Path(args.bin).exists():
        raise SystemExit(f"no extractor binary at {args.bin}; build it first (see --help)")
    roles = BODY_ROLES if args.body_only else None
    if args.only in (None, "zyte"):
        if ZYTE.exists():
            zyte(args.bin, roles, args.worst, args.repeat)
        else:
            print(f"skip: {ZYTE} not found")
    if args.only in (None, "traf"):
        if TRAF.exists():
            traf(args.bin, roles, args.worst)
        else:
            print(f"skip: {TRAF} not found")
    if args.dump:
        Path(args.dump).write_text(json.dumps(DUMP, indent=0, sort_keys=True))


if __name__ == "__main__":
    main()
