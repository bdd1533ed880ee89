//! Prints the sentences (and, with `--tokens`, the tokens) the text stages
//! find in a JSONL file of documents, one block per non-empty line.
//!
//! ```text
//! cargo run -p attache-engine --example text_stages_dump -- FILE.jsonl [--tokens] [--id ID]
//! ```

use attache_doc::{Block, BlockRole, Document, DocumentMeta, Span};
use attache_engine::stages::{sentences::SentenceStage, tokens::TokenStage};
use attache_engine::Stage;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().expect("a JSONL file");
    let tokens = args.iter().any(|a| a == "--tokens");
    let only = args
        .iter()
        .position(|a| a == "--id")
        .and_then(|k| args.get(k + 1));
    let raw = std::fs::read_to_string(path).expect("readable file");
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let id = v["id"].as_str().unwrap_or("?").to_string();
        if only.is_some_and(|o| *o != id) {
            continue;
        }
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let mut doc = Document::new(id.clone(), text, DocumentMeta::default());
        {
            let (text, layers) = doc.split_mut();
            let mut start = 0;
            for l in text.split_inclusive('\n') {
                let span = Span::new(start, start + l.len()).trim(text);
                start += l.len();
                if !span.is_empty() {
                    layers.blocks.push(Block {
                        span,
                        role: BlockRole::Body,
                    });
                }
            }
        }
        SentenceStage::new().run(&mut doc).expect("runs");
        TokenStage::new().run(&mut doc).expect("runs");
        println!("## {id}");
        for s in &doc.layers.sentences {
            println!("[{}] {}", s.block, doc.slice(s.span));
            if tokens {
                let t: Vec<String> = doc
                    .layers
                    .tokens_in(s.span)
                    .iter()
                    .map(|t| format!("{}/{:?}", doc.slice(t.span), t.kind))
                    .collect();
                println!("    {}", t.join(" "));
            }
        }
    }
}
