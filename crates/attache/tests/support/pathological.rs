//! Pathological documents shared by the bounded-work tests and the
//! `big_documents` example (which includes this file by path).

/// One sentence of news words without a full stop, about `size` bytes: a
/// fixed pseudo-random walk from `seed`, so every run sees the same text.
pub fn run_on_sentence(size: usize, seed: u32) -> String {
    const WORDS: [&str; 19] = [
        "the",
        "minister",
        "said",
        "that",
        "talks",
        "with",
        "officials",
        "in",
        "Moscow",
        "would",
        "continue",
        "and",
        "leaders",
        "met",
        "on",
        "Monday",
        "to",
        "discuss",
        "trade",
    ];
    let mut text = String::with_capacity(size + 16);
    let mut x = seed;
    while text.len() < size {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        text.push_str(WORDS[(x >> 16) as usize % WORDS.len()]);
        text.push(' ');
    }
    text
}
