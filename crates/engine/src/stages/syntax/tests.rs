use super::*;
use crate::stages::{blocks::BlockStage, sentences::SentenceStage, tokens::TokenStage};
use attache_doc::{DocumentMeta, FeatValue};

fn analysed(text: &str) -> Document {
    let mut doc = Document::new("t", text, DocumentMeta::default());
    let stages: [&dyn Stage; 4] = [
        &BlockStage::new(),
        &SentenceStage::new(),
        &TokenStage::new(),
        &SyntaxStage::new(),
    ];
    for s in stages {
        s.run(&mut doc).expect("stage runs");
    }
    doc
}

/// Every token has words inside it, and each sentence's words form one
/// tree: one root, heads inside the sentence, no cycle.
fn assert_well_formed(doc: &Document) {
    let l = &doc.layers;
    let syn = &l.syntax;
    assert_eq!(syn.token_words.len(), l.tokens.len());
    for (i, t) in l.tokens.iter().enumerate() {
        let words = syn.words_of(i);
        assert!(!words.is_empty(), "token {i} has no word");
        for w in words {
            assert_eq!(w.token as usize, i);
            assert!(t.span.start <= w.span.start && w.span.end <= t.span.end);
        }
    }
    for group in sentence_groups(l) {
        let (a, b) = (
            syn.token_words[group.start] as usize,
            syn.words_of(group.end - 1).len(),
        );
        let end = syn.token_words[group.end - 1] as usize + b;
        let sentence = a..end;
        let roots = sentence
            .clone()
            .filter(|&i| syn.words[i].head.is_none())
            .count();
        assert_eq!(roots, 1, "sentence {sentence:?} has {roots} roots");
        for i in sentence.clone() {
            let mut at = i;
            for _ in 0..=sentence.len() {
                match syn.words[at].head {
                    None => break,
                    Some(h) => {
                        assert!(
                            sentence.contains(&(h as usize)),
                            "head outside the sentence"
                        );
                        at = h as usize;
                    }
                }
            }
            assert!(syn.words[at].head.is_none(), "cycle through word {i}");
        }
    }
}

#[test]
fn every_token_is_analysed_and_each_sentence_is_one_tree_on_odd_input() {
    let long = "word ".repeat(1000);
    let inputs = [
        "",
        "   \n\n  ",
        "Hello.",
        "🇷🇺 👍🏽 wow 🙂🙂🙂",
        "See https://example.com/a?b=1 and pic.twitter.com/abc now. Mail me@example.org!",
        "I don't think Díaz-Canel’s visit can’t wait; #G20 @mfa_russia 1,000 $5.",
        long.as_str(),
        "((((((((((",
    ];
    for text in inputs {
        let doc = analysed(text);
        assert_well_formed(&doc);
    }
}

#[test]
fn clitics_and_hyphens_are_words_of_their_token() {
    let doc = analysed("They don't like Díaz-Canel.");
    let forms: Vec<&str> = doc
        .layers
        .syntax
        .words
        .iter()
        .map(|w| doc.slice(w.span))
        .collect();
    assert_eq!(
        forms,
        ["They", "do", "n't", "like", "Díaz", "-", "Canel", "."]
    );
    let lemma = |i: usize| doc.layers.syntax.words[i].lemma.as_str();
    assert_eq!((lemma(1), lemma(2)), ("do", "not"));
}

#[test]
fn a_long_sentence_is_tagged_attached_and_noted() {
    let doc = analysed(&"word ".repeat(MAX_PARSE_WORDS + 5));
    assert_well_formed(&doc);
    assert!(doc.diagnostics.iter().any(|d| d.origin == "syntax"));
}

#[test]
fn a_passive_with_an_agent_is_parsed_as_one() {
    let doc = analysed("The minister was received by the president in Moscow.");
    let words = &doc.layers.syntax.words;
    let find = |form: &str| {
        words
            .iter()
            .position(|w| doc.slice(w.span) == form)
            .unwrap()
    };
    let (minister, received, president) = (find("minister"), find("received"), find("president"));
    assert_eq!(words[minister].deprel, "nsubj:pass");
    assert_eq!(words[minister].head, Some(received as u32));
    assert_eq!(words[received].head, None);
    assert_eq!(words[received].lemma, "receive");
    assert_eq!(words[received].feats.voice, Some(FeatValue::Pass));
    assert_eq!(words[president].deprel, "obl:agent");
    assert_eq!(words[president].upos, Upos::Noun);
}

mod properties {
    use super::{analysed, assert_well_formed};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any text, words and punctuation mixed with odd characters, gives
        /// every token an analysis and each sentence one tree.
        #[test]
        fn any_text_is_analysed_into_trees(
            text in r"([A-Za-z]{1,9}('s|n't)?|[.,;:!?\x22'()-]|\d{1,4}|[éüЖ漢😀]|\s{1,2}){0,80}"
        ) {
            assert_well_formed(&analysed(&text));
        }
    }
}
