//! Accuracy and size of a model pruned at several thresholds, to choose the
//! shipped one: `prune_sweep MODEL DEV.conllu`.

use attache_syntax::{conllu, eval, Model};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(model), Some(dev)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: prune_sweep MODEL DEV.conllu");
        return;
    };
    let bytes = std::fs::read(model).expect("model readable");
    let model = Model::from_bytes(&bytes).expect("a model");
    let dev = conllu::read(std::path::Path::new(dev)).expect("treebank");
    let sweep: Vec<(i16, i16)> = match (args.get(3), args.get(4)) {
        (Some(t), Some(p)) => vec![(t.parse().unwrap_or(0), p.parse().unwrap_or(0))],
        _ => vec![(0, 0), (128, 512), (256, 768), (256, 1024)],
    };
    for (t, p) in sweep {
        // Evaluate what would be shipped: the pruned model after its file.
        let m = Model::from_bytes(&model.pruned(t, p).to_bytes()).expect("round trip");
        let started = std::time::Instant::now();
        let c = eval::gold_tokens(&m, &dev);
        let speed = c.gold as f64 / started.elapsed().as_secs_f64();
        let bytes = m.to_bytes();
        println!(
            "tagger>={t} parser>={p}: {} bytes, {speed:.0} words/s, {}",
            bytes.len(),
            c.summary()
        );
        if let Some(out) = args.get(5) {
            std::fs::write(out, &bytes).expect("writable");
        }
    }
}
