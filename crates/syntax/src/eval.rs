//! Scores: per word with gold tokenisation, and CoNLL 2018-style F1 over
//! words aligned by character span when the segmentation is attache's own.

use crate::conllu::GoldSentence;
use crate::{Model, Scratch};

/// Counts of correct words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold words.
    pub gold: usize,
    /// System words.
    pub system: usize,
    /// Words found with the same span.
    pub aligned: usize,
    /// Correct UPOS.
    pub upos: usize,
    /// Correct XPOS.
    pub xpos: usize,
    /// Correct lemma.
    pub lemma: usize,
    /// Correct head.
    pub uas: usize,
    /// Correct head and universal relation (subtype ignored, as CoNLL 2018).
    pub las: usize,
    /// Correct head and full relation, subtype included.
    pub las_full: usize,
}

impl Counts {
    /// F1 (percent) of `correct` against gold and system word counts; with
    /// gold tokenisation this is plain accuracy.
    pub fn f1(&self, correct: usize) -> f64 {
        if self.gold + self.system == 0 {
            return 0.0;
        }
        200.0 * correct as f64 / (self.gold + self.system) as f64
    }

    /// One line: words, UPOS, XPOS, lemma, UAS, LAS.
    pub fn summary(&self) -> String {
        format!(
            "words F1 {:.2}  UPOS {:.2}  XPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2} (full labels {:.2})",
            self.f1(self.aligned),
            self.f1(self.upos),
            self.f1(self.xpos),
            self.f1(self.lemma),
            self.f1(self.uas),
            self.f1(self.las),
            self.f1(self.las_full)
        )
    }
}

/// A word to score: its character span, tags, lemma, head (index in the
/// same list, `None` for the root) and relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalWord {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// UPOS.
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// Lemma.
    pub lemma: String,
    /// Head.
    pub head: Option<usize>,
    /// Relation.
    pub deprel: String,
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Scores system words against gold words, both sorted by span; a pair
/// counts when its spans are equal.
pub fn aligned(gold: &[EvalWord], system: &[EvalWord]) -> Counts {
    let mut c = Counts {
        gold: gold.len(),
        system: system.len(),
        ..Counts::default()
    };
    let mut sys_to_gold = vec![None; system.len()];
    let (mut i, mut j) = (0, 0);
    while i < gold.len() && j < system.len() {
        let (g, s) = (&gold[i], &system[j]);
        if (g.start, g.end) == (s.start, s.end) {
            sys_to_gold[j] = Some(i);
            i += 1;
            j += 1;
        } else if (g.start, g.end) < (s.start, s.end) {
            i += 1;
        } else {
            j += 1;
        }
    }
    for (j, gi) in sys_to_gold.iter().enumerate() {
        let Some(gi) = *gi else { continue };
        let (g, s) = (&gold[gi], &system[j]);
        c.aligned += 1;
        c.upos += usize::from(g.upos == s.upos);
        c.xpos += usize::from(g.xpos == s.xpos);
        c.lemma += usize::from(g.lemma == s.lemma);
        let head_ok = match (g.head, s.head) {
            (None, None) => true,
            (Some(gh), Some(sh)) => sys_to_gold[sh] == Some(gh),
            _ => false,
        };
        if head_ok {
            c.uas += 1;
            c.las += usize::from(universal(&g.deprel) == universal(&s.deprel));
            c.las_full += usize::from(g.deprel == s.deprel);
        }
    }
    c
}

/// Analyses every sentence with its gold words and counts what is right;
/// also returns the number of words analysed.
pub fn gold_tokens(model: &Model, sents: &[GoldSentence]) -> Counts {
    let mut c = Counts::default();
    let mut scratch = Scratch::default();
    for s in sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let out = model.analyze(&forms, &mut scratch);
        c.gold += s.words.len();
        c.system += s.words.len();
        c.aligned += s.words.len();
        for (g, a) in s.words.iter().zip(&out) {
            c.upos += usize::from(g.upos == model.upos(a.tag));
            c.xpos += usize::from(g.xpos == model.xpos(a.tag));
            c.lemma += usize::from(g.lemma == a.lemma);
            let head = if a.head as usize >= forms.len() {
                0
            } else {
                a.head + 1
            };
            if head == g.head {
                c.uas += 1;
                let rel = model.label(a.label);
                c.las += usize::from(universal(rel) == universal(&g.deprel));
                c.las_full += usize::from(rel == g.deprel);
            }
        }
    }
    c
}

/// CPU time of the calling thread in seconds (Linux, in clock ticks of
/// 1/100 s), so speed figures hold on a busy machine; `None` elsewhere.
pub fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let mut fields = s.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: usize, end: usize, head: Option<usize>, rel: &str) -> EvalWord {
        EvalWord {
            start,
            end,
            upos: "X".into(),
            xpos: "X".into(),
            lemma: "x".into(),
            head,
            deprel: rel.into(),
        }
    }

    #[test]
    fn alignment_counts_only_equal_spans_and_maps_heads_through_it() {
        // Gold: "ab cd" as two words; system: "ab" and "cd" plus a split of "cd".
        let gold = [w(0, 2, Some(1), "nsubj"), w(3, 5, None, "root")];
        let sys = [
            w(0, 2, Some(2), "nsubj:pass"),
            w(3, 4, None, "root"),
            w(3, 5, None, "root"),
        ];
        let c = aligned(&gold, &sys);
        assert_eq!((c.gold, c.system, c.aligned), (2, 3, 2));
        assert_eq!((c.uas, c.las, c.las_full), (2, 2, 1));
        assert!((c.f1(c.aligned) - 80.0).abs() < 1e-9);
    }
}
