//! Trains the syntax model on a CoNLL-U treebank and writes the model file.
//!
//! `syntax-train --train TRAIN.conllu --dev DEV.conllu --out MODEL
//!  [--seed N] [--tagger-epochs N] [--parser-epochs N] [--folds N] [--explore P]
//!  [--prune-tagger W] [--prune-parser W]`
//!
//! Pruning drops weights of magnitude below W (in the file's units, where
//! the largest weight is 32767), for a smaller file.
//!
//! The same data and settings give the same bytes.

use attache_syntax::train::{train, TrainOptions};
use attache_syntax::{conllu, eval, Model};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("syntax-train: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut train_path, mut dev, mut out) = (None, None, None);
    let mut opts = TrainOptions::default();
    let (mut prune_tagger, mut prune_parser) = (0i16, 0i16);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|_| format!("{a}: not a number"));
        match a.as_str() {
            "--train" => train_path = Some(PathBuf::from(value()?)),
            "--dev" => dev = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => opts.seed = number(value()?)?,
            "--tagger-epochs" => opts.tagger_epochs = number(value()?)? as usize,
            "--parser-epochs" => opts.parser_epochs = number(value()?)? as usize,
            "--folds" => opts.folds = number(value()?)? as usize,
            "--prune-tagger" => prune_tagger = number(value()?)?.min(32_767) as i16,
            "--prune-parser" => prune_parser = number(value()?)?.min(32_767) as i16,
            "--explore" => {
                opts.explore = value()?.parse().map_err(|_| "--explore: not a number")?
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let train_path = train_path.ok_or("--train is required")?;
    let out = out.ok_or("--out is required")?;
    let started = Instant::now();
    let sents = conllu::read(&train_path).map_err(|e| e.to_string())?;
    let model = train(&sents, &opts, |line| {
        eprintln!("[{:6.1}s] {line}", started.elapsed().as_secs_f64())
    })
    .map_err(|e| e.to_string())?
    .pruned(prune_tagger, prune_parser);
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "[{:6.1}s] wrote {} ({} bytes)",
        started.elapsed().as_secs_f64(),
        out.display(),
        bytes.len()
    );
    let reloaded = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    if let Some(dev) = dev {
        let dev = conllu::read(&dev).map_err(|e| e.to_string())?;
        println!(
            "dev (gold tokens): {}",
            eval::gold_tokens(&reloaded, &dev).summary()
        );
    }
    Ok(())
}
