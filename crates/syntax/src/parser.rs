//! Dependency parser: greedy arc-hybrid transitions with labelled arcs,
//! scored by an averaged perceptron over the classic stack/buffer feature
//! templates (words, tags, children, labels, valency, distance), trained
//! with a dynamic oracle and exploration.
//!
//! The root is a token after the last word; only one word may attach to it,
//! so every parse is a single tree.

use crate::hash::{self, Rng};
use crate::io::{Reader, Writer};
use crate::weights::{Frozen, Training};
use crate::Error;

const NONE: u32 = u32::MAX;
const NONE_H: u64 = 0x4E4F_4E45;
const ROOT_H: u64 = 0x524F_4F54;

/// What the parser sees of a word: its lower-case form hash and its tag.
#[derive(Debug, Clone, Copy)]
pub struct ParseWord {
    /// Hash of the lower-case form.
    pub word: u64,
    /// Tag class.
    pub tag: u64,
}

/// A gold tree for training: head per word (`n` = root) and label index.
#[derive(Debug, Clone)]
pub struct ParseExample {
    /// The words.
    pub words: Vec<ParseWord>,
    /// Gold head of each word; the number of words stands for the root.
    pub heads: Vec<u32>,
    /// Gold label of each word.
    pub labels: Vec<u8>,
}

/// A trained parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parser {
    /// Relation names; transition classes are shift, left-arc per label,
    /// right-arc per label.
    pub labels: Vec<String>,
    root: usize,
    weights: Frozen,
}

/// The parser's configuration: stack, buffer front and the arcs so far.
struct State {
    n: usize,
    stack: Vec<u32>,
    b: usize,
    heads: Vec<u32>,
    labels: Vec<u8>,
    left: Vec<[u32; 2]>,
    right: Vec<[u32; 2]>,
    nleft: Vec<u8>,
    nright: Vec<u8>,
    /// Bit sets of the labels of each word's left and right children.
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            heads: vec![NONE; n],
            labels: vec![0; n],
            left: vec![[NONE; 2]; n + 1],
            right: vec![[NONE; 2]; n + 1],
            nleft: vec![0; n + 1],
            nright: vec![0; n + 1],
            left_labels: vec![0; n + 1],
            right_labels: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.b >= self.n && self.stack.is_empty()
    }

    fn s(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NONE
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        self.heads[d as usize] = h;
        self.labels[d as usize] = label;
        let h = h as usize;
        if d < h as u32 {
            let l = &mut self.left[h];
            if l[0] == NONE || d < l[0] {
                l[1] = l[0];
                l[0] = d;
            } else if l[1] == NONE || d < l[1] {
                l[1] = d;
            }
            self.nleft[h] = self.nleft[h].saturating_add(1);
            self.left_labels[h] |= 1u64 << (label % 64);
        } else {
            let r = &mut self.right[h];
            if r[0] == NONE || d > r[0] {
                r[1] = r[0];
                r[0] = d;
            } else if r[1] == NONE || d > r[1] {
                r[1] = d;
            }
            self.nright[h] = self.nright[h].saturating_add(1);
            self.right_labels[h] |= 1u64 << (label % 64);
        }
    }
}

impl Parser {
    fn classes(&self) -> usize {
        1 + 2 * self.labels.len()
    }

    /// Trains on `examples` for `epochs` passes, shuffled with `seed`; from
    /// the second pass on the parser follows its own predictions (with
    /// probability `explore`), learning to recover from its mistakes.
    pub fn train(
        labels: Vec<String>,
        examples: &[ParseExample],
        epochs: usize,
        explore: f64,
        seed: u64,
    ) -> Result<Parser, Error> {
        let root = labels
            .iter()
            .position(|l| l == "root")
            .ok_or_else(|| Error::model("no 'root' label in the training data"))?;
        let mut parser = Parser {
            labels,
            root,
            weights: Frozen::default(),
        };
        let mut weights = Training::default();
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = Rng::new(seed);
        let nc = parser.classes();
        let mut feats = Vec::with_capacity(96);
        let mut scores = vec![0i64; nc];
        let mut costs = vec![0u32; nc];
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            for &e in &order {
                let ex = &examples[e];
                let mut st = State::new(ex.words.len());
                while !st.done() {
                    features(&ex.words, &st, &mut feats);
                    weights.score(&feats, &mut scores);
                    parser.costs(&st, ex, &mut costs);
                    let valid = |c: usize| costs[c] != u32::MAX;
                    let pred = best(&scores, valid);
                    let min = costs.iter().copied().min().unwrap_or(0);
                    let gold = best(&scores, |c| costs[c] == min);
                    weights.tick();
                    if costs[pred] > min {
                        weights.update(&feats, gold, pred);
                    }
                    let follow = if epoch > 0 && rng.unit() < explore {
                        pred
                    } else {
                        gold
                    };
                    parser.apply(&mut st, follow);
                }
            }
        }
        parser.weights = weights.freeze();
        Ok(parser)
    }

    /// Parses one sentence: head of each word (`words.len()` = root) and
    /// label index.
    pub fn parse(&self, words: &[ParseWord], heads: &mut Vec<u32>, labels: &mut Vec<u8>) {
        let mut st = State::new(words.len());
        let mut feats = Vec::with_capacity(96);
        let mut scores = [0i32; 256];
        let classes = self.classes();
        while !st.done() {
            if st.stack.is_empty() {
                // Shift is the only move: no need to score.
                self.apply(&mut st, 0);
                continue;
            }
            if st.b >= st.n && st.stack.len() == 1 && self.root < self.labels.len() {
                // The last word left attaches to the root: the only move.
                self.apply(&mut st, 1 + self.root);
                continue;
            }
            features(words, &st, &mut feats);
            self.weights.score(&feats, &mut scores);
            let c = best(&scores[..classes], |c| self.valid(&st, c));
            self.apply(&mut st, c);
        }
        heads.clear();
        heads.extend_from_slice(&st.heads);
        labels.clear();
        labels.extend_from_slice(&st.labels);
    }

    fn valid(&self, st: &State, c: usize) -> bool {
        let l = self.labels.len();
        let at_root = st.b >= st.n;
        if c == 0 {
            !at_root
        } else if c <= l {
            let label = c - 1;
            match (st.stack.len(), at_root) {
                (0, _) => false,
                (1, true) => label == self.root,
                (_, true) => false,
                (_, false) => label != self.root,
            }
        } else {
            st.stack.len() >= 2 && c - 1 - l != self.root
        }
    }

    fn apply(&self, st: &mut State, c: usize) {
        let l = self.labels.len();
        if c == 0 {
            st.stack.push(st.b as u32);
            st.b += 1;
        } else if c <= l {
            if let Some(s0) = st.stack.pop() {
                st.add_arc(st.b as u32, s0, (c - 1) as u8);
            }
        } else if st.stack.len() >= 2 {
            let s0 = st.stack.pop().unwrap_or(NONE);
            let s1 = st.s(0);
            st.add_arc(s1, s0, (c - 1 - l) as u8);
        }
    }

    /// The dynamic oracle: how many gold arcs each transition makes
    /// unreachable (`u32::MAX` = not allowed).
    fn costs(&self, st: &State, ex: &ParseExample, costs: &mut [u32]) {
        let l = self.labels.len();
        let b = st.b as u32;
        let gold = &ex.heads;
        let (s0, s1) = (st.s(0), st.s(1));
        // Dependents of s0 still in the buffer are lost when s0 is popped.
        let s0_deps_in_buffer = if s0 == NONE {
            0
        } else {
            (st.b..st.n).filter(|&d| gold[d] == s0).count() as u32
        };
        for (c, cost) in costs.iter_mut().enumerate() {
            *cost = if !self.valid(st, c) {
                u32::MAX
            } else if c == 0 {
                let in_stack = |x: u32| st.stack.contains(&x);
                let mut k = st.stack.iter().filter(|&&d| gold[d as usize] == b).count() as u32;
                let h = gold[st.b];
                if h != s0 && in_stack(h) {
                    k += 1;
                }
                k
            } else if c <= l {
                let h = gold[s0 as usize];
                let mut k = s0_deps_in_buffer + u32::from(h == s1 || h > b);
                if h == b && ex.labels[s0 as usize] as usize != c - 1 {
                    k += 1;
                }
                k
            } else {
                let h = gold[s0 as usize];
                let mut k = s0_deps_in_buffer + u32::from(h >= b);
                if h == s1 && ex.labels[s0 as usize] as usize != c - 1 - l {
                    k += 1;
                }
                k
            };
        }
    }

    /// The same with weights below `min_abs` dropped.
    pub fn pruned(&self, min_abs: i16) -> Parser {
        Parser {
            weights: self.weights.pruned(min_abs),
            ..self.clone()
        }
    }

    /// Number of features and weights kept.
    pub fn size(&self) -> (usize, usize) {
        (self.weights.features(), self.weights.weights())
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        self.weights.write(w);
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Parser, Error> {
        let n = r.len_prefix(2)?;
        if n == 0 || 1 + 2 * n > 256 {
            return Err(Error::model("label count out of range"));
        }
        let labels: Vec<String> = (0..n).map(|_| r.str()).collect::<Result<_, _>>()?;
        let root = labels
            .iter()
            .position(|l| l == "root")
            .ok_or_else(|| Error::model("no 'root' label"))?;
        Ok(Parser {
            labels,
            root,
            weights: Frozen::read(r)?,
        })
    }
}

/// The highest-scoring class among those `allowed` (0 when none is).
fn best<T: PartialOrd + Copy>(scores: &[T], allowed: impl Fn(usize) -> bool) -> usize {
    let mut best: Option<usize> = None;
    for (c, &s) in scores.iter().enumerate() {
        if allowed(c) && best.is_none_or(|b| s > scores[b]) {
            best = Some(c);
        }
    }
    best.unwrap_or(0)
}

/// The feature keys of a configuration.
fn features(words: &[ParseWord], st: &State, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n as u32;
    let w = |i: u32| match i {
        NONE => NONE_H,
        i if i >= n => ROOT_H,
        i => words[i as usize].word,
    };
    let p = |i: u32| match i {
        NONE => NONE_H,
        i if i >= n => ROOT_H,
        i => words[i as usize].tag,
    };
    let lab = |i: u32| match i {
        NONE => NONE_H,
        i if i >= n => ROOT_H,
        i => u64::from(st.labels[i as usize]),
    };
    let child = |i: u32, left: bool, k: usize| {
        if i == NONE {
            NONE
        } else if left {
            st.left[i as usize][k]
        } else {
            st.right[i as usize][k]
        }
    };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let b0 = st.b as u32;
    let b1 = if b0 + 1 < n { b0 + 1 } else { NONE };
    let b2 = if b0 + 2 < n { b0 + 2 } else { NONE };
    let (s0w, s0p, s1w, s1p, s2p) = (w(s0), p(s0), w(s1), p(s1), p(s2));
    let (b0w, b0p, b1w, b1p, b2w, b2p) = (w(b0), p(b0), w(b1), p(b1), w(b2), p(b2));
    let s0wp = hash::mix(s0w, s0p);
    let b0wp = hash::mix(b0w, b0p);
    let s1wp = hash::mix(s1w, s1p);
    let (s0l, s0l2, s0r, s0r2) = (
        child(s0, true, 0),
        child(s0, true, 1),
        child(s0, false, 0),
        child(s0, false, 1),
    );
    let (b0l, b0l2) = (child(b0, true, 0), child(b0, true, 1));
    let (s1l, s1r) = (child(s1, true, 0), child(s1, false, 0));
    let dist = |a: u32, b: u32| {
        if a == NONE || b == NONE {
            NONE_H
        } else {
            u64::from(b.abs_diff(a).min(6))
        }
    };
    let d = dist(s0, b0);
    let d1 = dist(s1, s0);
    let val = |i: u32, left: bool| match i {
        NONE => NONE_H,
        i if left => u64::from(st.nleft[i as usize]),
        i => u64::from(st.nright[i as usize]),
    };
    let (s0vl, s0vr, b0vl) = (val(s0, true), val(s0, false), val(b0, true));
    let set = |i: u32, left: bool| match i {
        NONE => NONE_H,
        i if left => st.left_labels[i as usize],
        i => st.right_labels[i as usize],
    };
    let (s0sl, s0sr, b0sl) = (set(s0, true), set(s0, false), set(b0, true));
    let f = hash::feat;
    out.extend_from_slice(&[
        f(1, s0wp, 0, 0),
        f(2, s0w, 0, 0),
        f(3, s0p, 0, 0),
        f(4, b0wp, 0, 0),
        f(5, b0w, 0, 0),
        f(6, b0p, 0, 0),
        f(7, b1w, b1p, 0),
        f(8, b1w, 0, 0),
        f(9, b1p, 0, 0),
        f(10, b2w, b2p, 0),
        f(11, s1wp, 0, 0),
        f(12, s1w, 0, 0),
        f(13, s1p, 0, 0),
        f(14, s2p, 0, 0),
        f(15, s0wp, b0wp, 0),
        f(16, s0wp, b0w, 0),
        f(17, s0w, b0wp, 0),
        f(18, s0wp, b0p, 0),
        f(19, s0p, b0wp, 0),
        f(20, s0w, b0w, 0),
        f(21, s0p, b0p, 0),
        f(22, b0p, b1p, 0),
        f(23, b0p, b1p, b2p),
        f(24, s0p, b0p, b1p),
        f(25, s1p, s0p, b0p),
        f(26, s0p, p(s0l), b0p),
        f(27, s0p, p(s0r), b0p),
        f(28, s0p, b0p, p(b0l)),
        f(29, s1p, s0p, p(s0l)),
        f(30, s1p, p(s1r), s0p),
        f(31, s2p, s1p, s0p),
        f(32, s0w, d, 0),
        f(33, s0p, d, 0),
        f(34, b0w, d, 0),
        f(35, b0p, d, 0),
        f(36, s0w, b0w, d),
        f(37, s0p, b0p, d),
        f(38, s0w, s0vr, 0),
        f(39, s0p, s0vr, 0),
        f(40, s0w, s0vl, 0),
        f(41, s0p, s0vl, 0),
        f(42, b0w, b0vl, 0),
        f(43, b0p, b0vl, 0),
        f(44, w(s0l), 0, 0),
        f(45, p(s0l), 0, 0),
        f(46, lab(s0l), 0, 0),
        f(47, w(s0r), 0, 0),
        f(48, p(s0r), 0, 0),
        f(49, lab(s0r), 0, 0),
        f(50, w(b0l), 0, 0),
        f(51, p(b0l), 0, 0),
        f(52, lab(b0l), 0, 0),
        f(53, w(s0l2), 0, 0),
        f(54, p(s0l2), 0, 0),
        f(55, lab(s0l2), 0, 0),
        f(56, w(s0r2), 0, 0),
        f(57, p(s0r2), 0, 0),
        f(58, lab(s0r2), 0, 0),
        f(59, w(b0l2), 0, 0),
        f(60, p(b0l2), 0, 0),
        f(61, lab(b0l2), 0, 0),
        f(62, s0p, lab(s0l), lab(s0l2)),
        f(63, s0p, lab(s0r), lab(s0r2)),
        f(64, b0p, lab(b0l), lab(b0l2)),
        f(65, s1w, s0w, 0),
        f(66, s1wp, s0p, 0),
        f(67, s1p, s0wp, 0),
        f(68, s1p, lab(s1r), 0),
        f(69, s1p, lab(s1l), s0p),
        f(70, s1p, s0p, d1),
        f(71, s1w, s0w, b0w),
        f(72, b0w, b1w, 0),
        f(73, s0p, b1p, 0),
        f(74, s1p, b0p, 0),
        f(75, s0w, lab(s0l), b0p),
        f(76, s0w, s0sl, 0),
        f(77, s0p, s0sl, 0),
        f(78, s0w, s0sr, 0),
        f(79, s0p, s0sr, 0),
        f(80, b0w, b0sl, 0),
        f(81, b0p, b0sl, 0),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(heads: &[u32], labels: &[u8]) -> ParseExample {
        ParseExample {
            words: (0..heads.len())
                .map(|i| ParseWord {
                    word: i as u64 + 7,
                    tag: (i % 3) as u64,
                })
                .collect(),
            heads: heads.to_vec(),
            labels: labels.to_vec(),
        }
    }

    #[test]
    fn following_the_oracle_rebuilds_a_projective_gold_tree() {
        let labels: Vec<String> = ["root", "nsubj", "obj", "det"].map(String::from).to_vec();
        // "the cat saw dogs": the<-cat, cat<-saw, saw<-ROOT(4), dogs<-saw.
        let ex = example(&[1, 2, 4, 2], &[3, 1, 0, 2]);
        let parser = Parser {
            labels,
            root: 0,
            weights: Frozen::default(),
        };
        let mut st = State::new(4);
        let mut costs = vec![0u32; parser.classes()];
        while !st.done() {
            parser.costs(&st, &ex, &mut costs);
            let c = costs
                .iter()
                .position(|&k| k == 0)
                .expect("a zero-cost move");
            parser.apply(&mut st, c);
        }
        assert_eq!(st.heads, ex.heads);
        assert_eq!(st.labels, ex.labels);
    }

    #[test]
    fn an_untrained_parser_still_gives_one_tree() {
        let parser = Parser {
            labels: ["root", "dep"].map(String::from).to_vec(),
            root: 0,
            weights: Frozen::default(),
        };
        let ex = example(&[1, 5, 1, 1, 1], &[1, 0, 1, 1, 1]);
        let (mut heads, mut labels) = (Vec::new(), Vec::new());
        parser.parse(&ex.words, &mut heads, &mut labels);
        assert_eq!(heads.iter().filter(|&&h| h == 5).count(), 1);
        assert!(heads.iter().all(|&h| h <= 5));
    }
}
