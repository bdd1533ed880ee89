//! Whole-article golden tests: every `tests/golden/<name>.{txt,html,jsonl}`
//! is run through the engine and its records compared with
//! `tests/golden/<name>.expected.jsonl`.
//!
//! `BLESS=1 cargo test -p attache --test golden` rewrites the expected
//! files; review every rewritten diff before committing it.

use attache::doc::record::RecordOptions;
use attache::ingest::{IngestOptions, InputFormat};
use attache::{Engine, EngineOptions};
use std::path::{Path, PathBuf};

/// Publication date given to plain-text and HTML golden inputs, as
/// `--published` would: from a first line `published: DATE` in a sidecar
/// file `<name>.published`, else none.
fn published_for(path: &Path) -> Option<String> {
    let side = path.with_extension("published");
    std::fs::read_to_string(side)
        .ok()
        .map(|s| s.trim().to_string())
}

fn records(path: &Path) -> String {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let format = InputFormat::from_extension(ext).expect("golden inputs have a known extension");
    let engine = Engine::new(EngineOptions {
        ingest: IngestOptions {
            published: published_for(path),
        },
        record: RecordOptions::default(),
    });
    let bytes = std::fs::read(path).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let mut out = String::new();
    match format {
        InputFormat::Jsonl => {
            for (i, line) in bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .enumerate()
            {
                out.push_str(&engine.record_json(
                    format,
                    &format!("{stem}:{}", i + 1),
                    line,
                    false,
                ));
                out.push('\n');
            }
        }
        _ => {
            out.push_str(&engine.record_json(format, &stem, &bytes, false));
            out.push('\n');
        }
    }
    out
}

#[test]
fn golden_articles() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
    let bless = std::env::var_os("BLESS").is_some();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.ends_with(".expected.jsonl")
                && p.extension()
                    .and_then(|e| e.to_str())
                    .and_then(InputFormat::from_extension)
                    .is_some()
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no golden inputs in {}", dir.display());
    let mut failures = Vec::new();
    for input in &inputs {
        let got = records(input);
        let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
        let expected_path = dir.join(format!("{stem}.expected.jsonl"));
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            let first_diff = expected
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(expected.lines().count().min(got.lines().count()));
            failures.push(format!(
                "{}: output differs from {} (record {}); run BLESS=1 and review the diff",
                input.display(),
                expected_path.display(),
                first_diff + 1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
