//! Scores a syntax model on a CoNLL-U file with its gold tokenisation and
//! reports the speed of analysis.
//!
//! `syntax-eval --test TEST.conllu [--model MODEL]` (default: the embedded model)

use attache_syntax::{conllu, eval, Model, Scratch};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("syntax-eval: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut test, mut model_path) = (None, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--test" => test = args.next(),
            "--model" => model_path = args.next(),
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let test = test.ok_or("--test is required")?;
    let loaded = Instant::now();
    let from_file;
    let model: &Model = match model_path {
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|e| format!("{p}: {e}"))?;
            from_file = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
            &from_file
        }
        None => attache_syntax::embedded().map_err(|e| e.to_string())?,
    };
    println!("model loaded in {:.3}s", loaded.elapsed().as_secs_f64());
    let sents = conllu::read(std::path::Path::new(&test)).map_err(|e| e.to_string())?;
    println!(
        "{test} (gold tokens): {}",
        eval::gold_tokens(model, &sents).summary()
    );
    let forms: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let words: usize = forms.iter().map(Vec::len).sum();
    let mut scratch = Scratch::default();
    let cpu = eval::thread_cpu_seconds();
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < 3 || started.elapsed().as_secs_f64() < 2.0 {
        for f in &forms {
            std::hint::black_box(model.analyze(f, &mut scratch));
        }
        rounds += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu
        .zip(eval::thread_cpu_seconds())
        .map_or(secs, |(a, b)| b - a);
    println!(
        "speed: {:.0} words/s of CPU time ({:.0} wall; tag + lemma + parse, one thread, {} rounds of {} words)",
        (words * rounds) as f64 / cpu,
        (words * rounds) as f64 / secs,
        rounds,
        words
    );
    Ok(())
}
