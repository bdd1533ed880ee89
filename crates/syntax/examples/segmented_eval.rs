//! Scores the syntax stage on a CoNLL-U file with attache's own sentence
//! and token segmentation: the treebank's documents are rebuilt as text
//! (paragraphs as blank-line-separated blocks), run through the blocks,
//! sentences, tokens and syntax stages, and words are aligned with the gold
//! words by byte span (CoNLL 2018 shared-task style F1). Also times the
//! syntax stage alone.
//!
//! `cargo run --release -p attache-syntax --example segmented_eval -- TEST.conllu`

use attache_doc::{Document, DocumentMeta};
use attache_engine::stages::{
    blocks::BlockStage, sentences::SentenceStage, syntax::SyntaxStage, tokens::TokenStage,
};
use attache_engine::Stage;
use attache_syntax::conllu::{self, GoldSentence};
use attache_syntax::eval::{aligned, Counts, EvalWord};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: segmented_eval TEST.conllu");
        return ExitCode::FAILURE;
    };
    let sents = match conllu::read(std::path::Path::new(&path)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let docs = documents(&sents);
    let (blocks, sentences, tokens, syntax) = (
        BlockStage::new(),
        SentenceStage::new(),
        TokenStage::new(),
        SyntaxStage::new(),
    );
    let mut total = Counts::default();
    let mut prepared = Vec::new();
    for (text, gold) in &docs {
        let mut doc = Document::new("ewt", text.as_str(), DocumentMeta::default());
        for s in [&blocks as &dyn Stage, &sentences, &tokens, &syntax] {
            if let Err(e) = s.run(&mut doc) {
                eprintln!("{e}");
            }
        }
        let system = system_words(&doc);
        let c = aligned(gold, &system);
        total.gold += c.gold;
        total.system += c.system;
        total.aligned += c.aligned;
        total.upos += c.upos;
        total.xpos += c.xpos;
        total.lemma += c.lemma;
        total.uas += c.uas;
        total.las += c.las;
        total.las_full += c.las_full;
        prepared.push(doc);
    }
    println!(
        "{path} (attache segmentation, {} documents): {}",
        docs.len(),
        total.summary()
    );
    // Speed of the syntax stage alone, on documents already tokenised.
    let n_tokens: usize = prepared.iter().map(|d| d.layers.tokens.len()).sum();
    let cpu = attache_syntax::eval::thread_cpu_seconds();
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < 3 || started.elapsed().as_secs_f64() < 2.0 {
        for d in &mut prepared {
            let _ = syntax.run(d);
        }
        rounds += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu
        .zip(attache_syntax::eval::thread_cpu_seconds())
        .map_or(secs, |(a, b)| b - a);
    println!(
        "syntax stage: {:.0} tokens/s of CPU time ({:.0} wall; one thread, {rounds} rounds of {n_tokens} tokens)",
        (n_tokens * rounds) as f64 / cpu,
        (n_tokens * rounds) as f64 / secs
    );
    ExitCode::SUCCESS
}

/// Each treebank document as text, with its gold words spanning that text.
fn documents(sents: &[GoldSentence]) -> Vec<(String, Vec<EvalWord>)> {
    let mut out: Vec<(String, Vec<EvalWord>)> = Vec::new();
    for s in sents {
        if s.new_doc || out.is_empty() {
            out.push((String::new(), Vec::new()));
        }
        let Some((text, words)) = out.last_mut() else {
            continue;
        };
        if s.new_par && !text.is_empty() {
            text.push_str("\n\n");
        } else if !text.is_empty() && !text.ends_with([' ', '\n']) {
            text.push(' ');
        }
        let base = words.len();
        for (form, no_space, range) in s.surface_tokens() {
            let start = text.len();
            text.push_str(form);
            let parts: Vec<&str> = s.words[range.clone()]
                .iter()
                .map(|w| w.form.as_str())
                .collect();
            let exact = parts.concat() == form;
            let mut at = start;
            for w in &s.words[range] {
                let (a, b) = if exact {
                    (at, at + w.form.len())
                } else {
                    (start, text.len())
                };
                at = b;
                words.push(EvalWord {
                    start: a,
                    end: b,
                    upos: w.upos.clone(),
                    xpos: w.xpos.clone(),
                    lemma: w.lemma.clone(),
                    head: (w.head > 0).then(|| base + w.head as usize - 1),
                    deprel: w.deprel.clone(),
                });
            }
            if !no_space {
                text.push(' ');
            }
        }
    }
    out
}

fn system_words(doc: &Document) -> Vec<EvalWord> {
    doc.layers
        .syntax
        .words
        .iter()
        .map(|w| EvalWord {
            start: w.span.start(),
            end: w.span.end(),
            upos: w.upos.name().to_string(),
            xpos: w.xpos.clone(),
            lemma: w.lemma.clone(),
            head: w.head.map(|h| h as usize),
            deprel: w.deprel.clone(),
        })
        .collect()
}
