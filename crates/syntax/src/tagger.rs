//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over
//! joint (UPOS, XPOS) classes, with word, affix, shape and context features
//! and the two previous predicted tags. A second pass sees also the first
//! pass's tags of the next two words (trained on jackknifed first-pass tags,
//! so it learns how far to trust them).

use crate::hash::{self, Rng};
use crate::io::{Reader, Writer};
use crate::weights::{Frozen, Training};
use crate::word::WordInfo;
use crate::Error;

/// The tag of a position before the sentence (never a class index).
const START: u64 = 0xFFFF;
const START2: u64 = 0xFFFE;
/// The tag of a position after the sentence.
const END: u64 = 0xFFFD;

/// A trained tagger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagger {
    /// Classes: (UPOS, XPOS) pairs.
    pub tags: Vec<(String, String)>,
    weights: Frozen,
    second: Option<Frozen>,
}

/// A training sentence: word information and gold class per word.
pub type TagExample = (Vec<WordInfo>, Vec<u8>);

fn pad(i: isize) -> WordInfo {
    let h = hash::mix(0x5041_4400, i as u64);
    WordInfo {
        exact: h,
        lower: h,
        suffix: [h; 4],
        prefix: [h; 3],
        shape: h,
        flags: 0,
    }
}

/// The features of word `i` given the two previous tags and, in the second
/// pass, the first pass's tags of the next two words.
pub fn features(
    words: &[WordInfo],
    i: usize,
    p1: u64,
    p2: u64,
    right: Option<(u64, u64)>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let at = |d: isize| -> WordInfo {
        let j = i as isize + d;
        if j < 0 || j as usize >= words.len() {
            pad(d.signum())
        } else {
            words[j as usize]
        }
    };
    let (w, m1, m2, n1, n2) = (at(0), at(-1), at(-2), at(1), at(2));
    let f = hash::feat;
    out.extend_from_slice(&[
        f(0, 0, 0, 0),
        f(1, w.lower, 0, 0),
        f(2, w.exact, 0, 0),
        f(3, w.suffix[0], 0, 0),
        f(4, w.suffix[1], 0, 0),
        f(5, w.suffix[2], 0, 0),
        f(6, w.suffix[3], 0, 0),
        f(7, w.prefix[0], 0, 0),
        f(8, w.prefix[1], 0, 0),
        f(9, w.prefix[2], 0, 0),
        f(10, w.shape, 0, 0),
        f(11, w.flags, (i == 0) as u64, 0),
        f(12, p1, 0, 0),
        f(13, p2, 0, 0),
        f(14, p1, p2, 0),
        f(15, p1, w.lower, 0),
        f(16, m1.lower, 0, 0),
        f(17, m1.suffix[2], 0, 0),
        f(18, m2.lower, 0, 0),
        f(19, n1.lower, 0, 0),
        f(20, n1.suffix[2], 0, 0),
        f(21, n2.lower, 0, 0),
        f(22, m1.lower, w.lower, 0),
        f(23, w.lower, n1.lower, 0),
        f(24, n1.shape, 0, 0),
        f(25, m1.shape, w.shape, 0),
        f(26, p1, w.suffix[2], 0),
        f(27, n1.suffix[1], w.suffix[2], 0),
        f(28, w.suffix[1], n1.lower, n2.lower),
        f(29, p1, n1.lower, 0),
        f(30, w.flags, n1.flags, 0),
        f(31, m1.lower, w.lower, n1.lower),
    ]);
    if let Some((r1, r2)) = right {
        out.extend_from_slice(&[
            f(40, r1, 0, 0),
            f(41, r1, r2, 0),
            f(42, r1, w.lower, 0),
            f(43, p1, r1, 0),
            f(44, r1, w.suffix[2], 0),
            f(45, r1, n1.lower, 0),
            f(46, p1, r1, w.lower),
        ]);
    }
}

/// The first-pass tags of words `i + 1` and `i + 2`.
fn right_of(first: &[u8], i: usize) -> (u64, u64) {
    let at = |j: usize| first.get(j).map_or(END, |&t| u64::from(t));
    (at(i + 1), at(i + 2))
}

impl Tagger {
    /// Trains the first pass on `examples` for `epochs` passes, shuffled
    /// with `seed`.
    pub fn train(
        tags: Vec<(String, String)>,
        examples: &[TagExample],
        epochs: usize,
        seed: u64,
    ) -> Tagger {
        let weights = train_pass(tags.len(), examples, None, epochs, seed);
        Tagger {
            tags,
            weights,
            second: None,
        }
    }

    /// Trains the second pass, given first-pass tags of every example from
    /// taggers that did not see it.
    pub fn train_second(
        &mut self,
        examples: &[TagExample],
        first: &[Vec<u8>],
        epochs: usize,
        seed: u64,
    ) {
        self.second = Some(train_pass(
            self.tags.len(),
            examples,
            Some(first),
            epochs,
            seed,
        ));
    }

    /// The class of each word.
    pub fn tag(&self, words: &[WordInfo], out: &mut Vec<u8>) {
        run_pass(&self.weights, self.tags.len(), words, None, out);
        if let Some(second) = &self.second {
            let first = std::mem::take(out);
            run_pass(second, self.tags.len(), words, Some(&first), out);
        }
    }

    /// The first pass only (for jackknifing).
    pub fn tag_first_pass(&self, words: &[WordInfo], out: &mut Vec<u8>) {
        run_pass(&self.weights, self.tags.len(), words, None, out);
    }

    /// The same with weights below `min_abs` dropped.
    pub fn pruned(&self, min_abs: i16) -> Tagger {
        Tagger {
            weights: self.weights.pruned(min_abs),
            second: self.second.as_ref().map(|s| s.pruned(min_abs)),
            tags: self.tags.clone(),
        }
    }

    /// Number of features and weights kept.
    pub fn size(&self) -> (usize, usize) {
        let second = self
            .second
            .as_ref()
            .map_or((0, 0), |s| (s.features(), s.weights()));
        (
            self.weights.features() + second.0,
            self.weights.weights() + second.1,
        )
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.tags.len() as u64);
        for (u, x) in &self.tags {
            w.str(u);
            w.str(x);
        }
        self.weights.write(w);
        match &self.second {
            Some(second) => {
                w.u8(1);
                second.write(w);
            }
            None => w.u8(0),
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Tagger, Error> {
        let n = r.len_prefix(2)?;
        if n == 0 || n > 256 {
            return Err(Error::model("tag count out of range"));
        }
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            tags.push((r.str()?, r.str()?));
        }
        let weights = Frozen::read(r)?;
        let second = match r.u8()? {
            0 => None,
            1 => Some(Frozen::read(r)?),
            _ => return Err(Error::model("bad second-pass flag")),
        };
        Ok(Tagger {
            tags,
            weights,
            second,
        })
    }
}

fn train_pass(
    classes: usize,
    examples: &[TagExample],
    first: Option<&[Vec<u8>]>,
    epochs: usize,
    seed: u64,
) -> Frozen {
    let mut weights = Training::default();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = vec![0i64; classes];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            let (words, gold) = &examples[e];
            let (mut p1, mut p2) = (START, START2);
            for (i, &gold) in gold.iter().enumerate().take(words.len()) {
                let right = first.map(|f| right_of(&f[e], i));
                features(words, i, p1, p2, right, &mut feats);
                weights.score(&feats, &mut scores);
                let guess = argmax(&scores);
                weights.tick();
                weights.update(&feats, gold as usize, guess);
                p2 = p1;
                p1 = guess as u64;
            }
        }
    }
    weights.freeze()
}

fn run_pass(
    weights: &Frozen,
    classes: usize,
    words: &[WordInfo],
    first: Option<&[u8]>,
    out: &mut Vec<u8>,
) {
    out.clear();
    let mut feats = Vec::with_capacity(40);
    let mut scores = [0i32; 256];
    let (mut p1, mut p2) = (START, START2);
    for i in 0..words.len() {
        features(words, i, p1, p2, first.map(|f| right_of(f, i)), &mut feats);
        weights.score(&feats, &mut scores);
        let best = argmax(&scores[..classes]);
        out.push(best as u8);
        p2 = p1;
        p1 = best as u64;
    }
}

/// Index of the highest score (the first one on ties).
pub fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate().skip(1) {
        if s > scores[best] {
            best = i;
        }
    }
    best
}
