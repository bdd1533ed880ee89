//! Arbitrary bytes through ingest and the whole pipeline, as each input
//! format. Run: `cargo +nightly fuzz run pipeline` (from the repo root).
//! Crashes found are committed under `tests/fuzz/` and replayed by
//! `crates/attache/tests/fuzz_replay.rs`.
#![no_main]

use attache::ingest::InputFormat;
use attache::{Engine, EngineOptions};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(EngineOptions::default()))
}

fuzz_target!(|data: &[u8]| {
    for format in [InputFormat::Text, InputFormat::Html, InputFormat::Jsonl] {
        let _ = engine().record_json(format, "fuzz", data, false);
    }
});
