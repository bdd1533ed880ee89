//! The model file: round trip, determinism, corrupt input, the manifest's
//! checksum, and an accuracy floor of the embedded model on EWT dev.
//!
//! Tests that read UD English-EWT look in `<workspace>/../shared` (or the
//! directory `ATTACHE_SHARED` names) and skip, saying so, when it is absent.

use attache_syntax::conllu::{self, GoldSentence};
use attache_syntax::train::{train, TrainOptions};
use attache_syntax::{eval, Model, Scratch};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

fn ewt(split: &str) -> Option<Vec<GoldSentence>> {
    let shared = std::env::var_os("ATTACHE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = shared.join(format!("data/ud-english-ewt/en_ewt-ud-{split}.conllu"));
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    }
    Some(conllu::read(&path).expect("the treebank parses"))
}

/// A tiny treebank written here, so the round trip runs everywhere.
const TINY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\tNumber=Sing\t3\tnsubj\t_\t_
3\tvisited\tvisit\tVERB\tVBD\tTense=Past|VerbForm=Fin\t0\troot\t_\t_
4\tParis\tParis\tPROPN\tNNP\tNumber=Sing\t3\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_
3\tnot\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tcome\tcome\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

";

fn quick() -> TrainOptions {
    TrainOptions {
        tagger_epochs: 2,
        parser_epochs: 2,
        folds: 2,
        ..TrainOptions::default()
    }
}

fn predictions(model: &Model, sents: &[GoldSentence]) -> Vec<Vec<attache_syntax::Analysis>> {
    let mut scratch = Scratch::default();
    sents
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            model.analyze(&forms, &mut scratch)
        })
        .collect()
}

#[test]
fn a_model_survives_its_file_and_training_is_deterministic() {
    let tiny: Vec<GoldSentence> = conllu::parse(&TINY.repeat(4)).unwrap();
    let (slice, held_out) = match ewt("train") {
        Some(s) => (s[..200].to_vec(), s[200..250].to_vec()),
        None => (tiny.clone(), tiny.clone()),
    };
    let model = train(&slice, &quick(), |_| {}).unwrap();
    let bytes = model.to_bytes();
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back, model);
    assert_eq!(
        predictions(&back, &held_out),
        predictions(&model, &held_out)
    );
    let again = train(&slice, &quick(), |_| {}).unwrap();
    assert_eq!(again.to_bytes(), bytes, "same data and seed, same bytes");
}

#[test]
fn corrupt_model_bytes_are_an_error_not_a_panic() {
    let tiny: Vec<GoldSentence> = conllu::parse(TINY).unwrap();
    let bytes = train(&tiny, &quick(), |_| {}).unwrap().to_bytes();
    for cut in [
        0,
        4,
        8,
        9,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 1,
    ] {
        assert!(
            Model::from_bytes(&bytes[..cut]).is_err(),
            "truncated at {cut}"
        );
    }
    let mut extra = bytes.clone();
    extra.push(0);
    assert!(Model::from_bytes(&extra).is_err());
    // Flipped bytes must not panic (an error, or a model that still runs).
    for i in (0..bytes.len()).step_by(7) {
        let mut b = bytes.clone();
        b[i] ^= 0xA5;
        if let Ok(m) = Model::from_bytes(&b) {
            let out = m.analyze(&["The", "minister", "came", "."], &mut Scratch::default());
            assert_eq!(out.len(), 4);
        }
    }
}

#[test]
fn the_manifest_records_the_embedded_model_checksum() {
    let manifest = include_str!("../data/MANIFEST.toml");
    let recorded = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("sha256 = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("MANIFEST.toml has a sha256 line");
    let actual: String = Sha256::digest(attache_syntax::EMBEDDED_MODEL)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(recorded, actual);
    let model = attache_syntax::embedded().expect("the embedded model loads");
    assert!(
        model.to_bytes() == attache_syntax::EMBEDDED_MODEL,
        "the embedded model writes back to the same bytes"
    );
}

#[test]
fn the_embedded_model_stays_above_its_floor_on_300_dev_sentences() {
    let Some(dev) = ewt("dev") else { return };
    let model = attache_syntax::embedded().expect("the embedded model loads");
    let c = eval::gold_tokens(model, &dev[..300]);
    // Floors a little under the shipped model's figures on this slice
    // (see MANIFEST.toml for the full scores).
    assert!(c.f1(c.upos) >= 93.0, "{}", c.summary());
    assert!(c.f1(c.lemma) >= 95.0, "{}", c.summary());
    assert!(c.f1(c.uas) >= 82.0, "{}", c.summary());
    assert!(c.f1(c.las) >= 78.0, "{}", c.summary());
}
