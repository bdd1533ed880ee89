//! Replays every input in `tests/fuzz/` (inputs that once broke the
//! pipeline, or seeds for the fuzzer) through each input format.

use attache::ingest::InputFormat;
use attache::{Engine, EngineOptions};
use std::path::PathBuf;

#[test]
fn committed_fuzz_inputs_do_not_crash() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz");
    let engine = Engine::new(EngineOptions::default());
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for format in [InputFormat::Text, InputFormat::Html, InputFormat::Jsonl] {
            let out = engine.record_json(format, "fuzz", &bytes, false);
            assert!(!out.contains("internal error"), "{}: {out}", path.display());
        }
        n += 1;
    }
    assert!(n > 0, "no fuzz inputs found in {}", dir.display());
}
