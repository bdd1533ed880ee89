//! Lemmas and morphological features from the word form and its XPOS tag.
//!
//! Lemmas: learned suffix rules — for each (XPOS, last 0..=4 letters) the
//! most frequent edit (strip letters, append, maybe lower-case) — plus a
//! table of the treebank's words the rules get wrong. Features: the most
//! frequent feature set of the XPOS tag, plus the words whose own set
//! differs (pronouns, "was"/"were").

use crate::hash;
use crate::io::{Reader, Writer};
use crate::weights::KeyMap;
use crate::Error;
use std::collections::BTreeMap;

const MAX_SUFFIX: usize = 6;

/// How an edit treats the form's case before stripping and appending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Case {
    /// Lower-case the form ("Walked" -> "walk").
    Lower,
    /// Keep it ("Paris").
    Keep,
    /// Capitalise the first letter ("kerala" -> "Kerala", proper nouns).
    Title,
}

impl Case {
    fn from_byte(b: u8) -> Result<Case, Error> {
        match b {
            0 => Ok(Case::Lower),
            1 => Ok(Case::Keep),
            2 => Ok(Case::Title),
            _ => Err(Error::model("bad lemma case")),
        }
    }

    fn to_byte(self) -> u8 {
        self as u8
    }

    fn apply(self, form: &str) -> String {
        match self {
            Case::Lower => form.to_lowercase(),
            Case::Keep => form.to_string(),
            Case::Title => {
                let mut c = form.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().chain(c).collect(),
                    None => String::new(),
                }
            }
        }
    }
}

/// An edit turning a form into its lemma.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Edit {
    case: Case,
    strip: u8,
    append: String,
}

impl Edit {
    /// The edit from `form` to `lemma`, and how many leading characters
    /// they share (0: a suppletive form such as "went" -> "go", which no
    /// rule should learn from).
    fn between(form: &str, lemma: &str) -> (Edit, usize) {
        let common = |a: &str| {
            a.chars()
                .zip(lemma.chars())
                .take_while(|(x, y)| x == y)
                .count()
        };
        // Ties prefer lower case, then the form as it is.
        let (case, base, p) = [Case::Lower, Case::Keep, Case::Title]
            .into_iter()
            .map(|c| {
                let base = c.apply(form);
                let p = common(&base);
                (c, base, p)
            })
            .fold(None, |best: Option<(Case, String, usize)>, x| match best {
                Some(b) if b.2 >= x.2 => Some(b),
                _ => Some(x),
            })
            .unwrap_or((Case::Keep, form.to_string(), 0));
        let strip = (base.chars().count() - p).min(255) as u8;
        let edit = Edit {
            case,
            strip,
            append: lemma.chars().skip(p).collect(),
        };
        (edit, p)
    }

    fn apply(&self, form: &str) -> String {
        let base = self.case.apply(form);
        let n = base.chars().count();
        let mut out: String = base
            .chars()
            .take(n.saturating_sub(self.strip as usize))
            .collect();
        out.push_str(&self.append);
        out
    }
}

/// A table keyed by (XPOS, string), kept in key order for writing and
/// hashed for look-up without allocating.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Table<V> {
    entries: BTreeMap<(String, String), V>,
    index: KeyMap<V>,
}

impl<V: Clone> Default for Table<V> {
    fn default() -> Self {
        Table {
            entries: BTreeMap::new(),
            index: KeyMap::default(),
        }
    }
}

impl<V: Clone> Table<V> {
    fn insert(&mut self, xpos: &str, s: &str, v: V) {
        self.index.insert(key(xpos, s), v.clone());
        self.entries.insert((xpos.to_string(), s.to_string()), v);
    }

    fn get(&self, xpos: &str, s: &str) -> Option<&V> {
        self.index.get(&key(xpos, s))
    }

    fn len(&self) -> usize {
        self.entries.len()
    }
}

fn key(xpos: &str, s: &str) -> u64 {
    hash::mix(hash::str(xpos), hash::str(s))
}

/// Lemma rules, exceptions and feature sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lemmatizer {
    /// (XPOS, lower-case suffix) -> edit.
    rules: Table<Edit>,
    /// (XPOS, form) -> lemma, where the rules are wrong.
    exceptions: Table<String>,
    /// Distinct feature strings.
    pub feats: Vec<String>,
    /// (XPOS, "") -> most frequent feature set (index into `feats`).
    feats_by_tag: Table<u16>,
    /// (XPOS, lower-case form) -> feature set, where it differs.
    feats_by_word: Table<u16>,
}

/// The last `k` characters of `s`.
fn suffix(s: &str, k: usize) -> &str {
    if k == 0 {
        return &s[s.len()..];
    }
    match s.char_indices().rev().nth(k - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

fn most_frequent<K: Ord + Clone>(counts: &BTreeMap<K, usize>) -> Option<(K, usize)> {
    // Ties go to the smallest key, so training is deterministic.
    let mut best: Option<(&K, usize)> = None;
    for (k, &c) in counts {
        if best.is_none_or(|(_, b)| c > b) {
            best = Some((k, c));
        }
    }
    best.map(|(k, c)| (k.clone(), c))
}

impl Lemmatizer {
    /// Learns from (form, XPOS, lemma, features) of treebank words.
    pub fn train<'a>(words: impl Iterator<Item = (&'a str, &'a str, &'a str, &'a str)>) -> Self {
        let words: Vec<_> = words.collect();
        type Counts<V> = BTreeMap<(String, String), BTreeMap<V, usize>>;
        let mut by_suffix: Counts<Edit> = BTreeMap::new();
        let mut by_word: Counts<String> = BTreeMap::new();
        let mut feats_tag: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut feats_word: Counts<String> = BTreeMap::new();
        // Rules count word types, not tokens, so one frequent word ("best"
        // -> "good", "Sept." -> "September") cannot make a rule.
        let mut seen = std::collections::BTreeSet::new();
        for &(form, xpos, lemma, feats) in &words {
            let lower = form.to_lowercase();
            let (edit, shared) = Edit::between(form, lemma);
            if (shared > 0 || lemma.is_empty()) && seen.insert((form, xpos, lemma)) {
                for k in 0..=MAX_SUFFIX.min(lower.chars().count()) {
                    let key = (xpos.to_string(), suffix(&lower, k).to_string());
                    *by_suffix
                        .entry(key)
                        .or_default()
                        .entry(edit.clone())
                        .or_default() += 1;
                }
            }
            let key = (xpos.to_string(), form.to_string());
            *by_word
                .entry(key)
                .or_default()
                .entry(lemma.to_string())
                .or_default() += 1;
            let feats = strip_voice(feats);
            *feats_tag
                .entry(xpos.to_string())
                .or_default()
                .entry(feats.clone())
                .or_default() += 1;
            let key = (xpos.to_string(), lower);
            *feats_word.entry(key).or_default().entry(feats).or_default() += 1;
        }
        let mut lem = Lemmatizer::default();
        // Keep a suffix rule only when it says something its shorter suffix
        // does not.
        for ((xpos, suf), counts) in &by_suffix {
            let Some((edit, n)) = most_frequent(counts) else {
                continue;
            };
            let shorter = suf.chars().count().checked_sub(1).map(|k| suffix(suf, k));
            let inherited = shorter
                .and_then(|s| by_suffix.get(&(xpos.clone(), s.to_string())))
                .and_then(most_frequent)
                .map(|(e, _)| e);
            if (n >= 2 || suf.is_empty()) && inherited.as_ref() != Some(&edit) {
                lem.rules.insert(xpos, suf, edit);
            }
        }
        for ((xpos, form), counts) in &by_word {
            let Some((lemma, _)) = most_frequent(counts) else {
                continue;
            };
            if lem.by_rules(form, xpos) != lemma {
                lem.exceptions.insert(xpos, form, lemma);
            }
        }
        let mut intern = BTreeMap::new();
        let mut id = |s: &str, feats: &mut Vec<String>| -> u16 {
            *intern.entry(s.to_string()).or_insert_with(|| {
                feats.push(s.to_string());
                (feats.len() - 1) as u16
            })
        };
        let mut feats = Vec::new();
        for (xpos, counts) in &feats_tag {
            if let Some((f, _)) = most_frequent(counts) {
                let i = id(&f, &mut feats);
                lem.feats_by_tag.insert(xpos, "", i);
            }
        }
        for ((xpos, lower), counts) in &feats_word {
            let Some((f, _)) = most_frequent(counts) else {
                continue;
            };
            let default = lem
                .feats_by_tag
                .get(xpos, "")
                .map(|&i| feats[i as usize].as_str());
            if default != Some(f.as_str()) {
                let i = id(&f, &mut feats);
                lem.feats_by_word.insert(xpos, lower, i);
            }
        }
        lem.feats = feats;
        lem
    }

    fn by_rules(&self, form: &str, xpos: &str) -> String {
        let lower = form.to_lowercase();
        let n = lower.chars().count();
        for k in (0..=MAX_SUFFIX.min(n)).rev() {
            if let Some(e) = self.rules.get(xpos, suffix(&lower, k)) {
                if e.strip as usize <= n {
                    let out = e.apply(form);
                    if !out.is_empty() {
                        return out;
                    }
                }
            }
        }
        form.to_string()
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        if let Some(l) = self.exceptions.get(xpos, form) {
            return l.clone();
        }
        let lower = form.to_lowercase();
        if lower != form {
            if let Some(l) = self.exceptions.get(xpos, &lower) {
                return l.clone();
            }
        }
        self.by_rules(form, xpos)
    }

    /// Index into [`Lemmatizer::feats`] of the features of `form` tagged
    /// `xpos` (Voice is left to the parse).
    pub fn feats_of(&self, form: &str, xpos: &str) -> Option<u16> {
        self.feats_by_word
            .get(xpos, &form.to_lowercase())
            .or_else(|| self.feats_by_tag.get(xpos, ""))
            .copied()
    }

    /// Number of rules and exceptions.
    pub fn size(&self) -> (usize, usize) {
        (self.rules.len(), self.exceptions.len())
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.rules.len() as u64);
        for ((x, s), e) in &self.rules.entries {
            w.str(x);
            w.str(s);
            w.u8(e.case.to_byte());
            w.u8(e.strip);
            w.str(&e.append);
        }
        w.varint(self.exceptions.len() as u64);
        for ((x, f), l) in &self.exceptions.entries {
            w.str(x);
            w.str(f);
            w.str(l);
        }
        w.varint(self.feats.len() as u64);
        for f in &self.feats {
            w.str(f);
        }
        for table in [&self.feats_by_tag, &self.feats_by_word] {
            w.varint(table.len() as u64);
            for ((x, f), i) in &table.entries {
                w.str(x);
                w.str(f);
                w.varint(u64::from(*i));
            }
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Lemmatizer, Error> {
        let mut lem = Lemmatizer::default();
        for _ in 0..r.len_prefix(5)? {
            let (x, s) = (r.str()?, r.str()?);
            let case = Case::from_byte(r.u8()?)?;
            let strip = r.u8()?;
            let append = r.str()?;
            lem.rules.insert(
                &x,
                &s,
                Edit {
                    case,
                    strip,
                    append,
                },
            );
        }
        for _ in 0..r.len_prefix(3)? {
            let (x, f) = (r.str()?, r.str()?);
            lem.exceptions.insert(&x, &f, r.str()?);
        }
        lem.feats = (0..r.len_prefix(1)?)
            .map(|_| r.str())
            .collect::<Result<_, _>>()?;
        for by_word in [false, true] {
            for _ in 0..r.len_prefix(3)? {
                let (x, f) = (r.str()?, r.str()?);
                let i = r.varint()?;
                if i >= lem.feats.len() as u64 {
                    return Err(Error::model("feature set index out of range"));
                }
                let table = if by_word {
                    &mut lem.feats_by_word
                } else {
                    &mut lem.feats_by_tag
                };
                table.insert(&x, &f, i as u16);
            }
        }
        Ok(lem)
    }
}

/// Feature set without Voice (which the parse decides).
fn strip_voice(feats: &str) -> String {
    let kept: Vec<&str> = feats
        .split('|')
        .filter(|f| !f.starts_with("Voice=") && *f != "_" && !f.is_empty())
        .collect();
    if kept.is_empty() {
        "_".to_string()
    } else {
        kept.join("|")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learned_rules_generalise_to_unseen_words() {
        let data = [
            ("walked", "VBD", "walk", "Tense=Past"),
            ("talked", "VBD", "talk", "Tense=Past"),
            ("jumped", "VBD", "jump", "Tense=Past"),
            ("went", "VBD", "go", "Tense=Past"),
            ("cats", "NNS", "cat", "Number=Plur"),
            ("dogs", "NNS", "dog", "Number=Plur"),
            ("The", "DT", "the", "_"),
            ("Paris", "NNP", "Paris", "Number=Sing"),
        ];
        let lem = Lemmatizer::train(data.iter().copied());
        assert_eq!(lem.lemma("parked", "VBD"), "park");
        assert_eq!(lem.lemma("went", "VBD"), "go");
        assert_eq!(lem.lemma("birds", "NNS"), "bird");
        assert_eq!(lem.lemma("The", "DT"), "the");
        assert_eq!(lem.lemma("Rome", "NNP"), "Rome");
        let f = lem.feats_of("hopped", "VBD").unwrap();
        assert_eq!(lem.feats[f as usize], "Tense=Past");
        let mut w = Writer::default();
        lem.write(&mut w);
        let bytes = w.into_bytes();
        assert_eq!(Lemmatizer::read(&mut Reader::new(&bytes)).unwrap(), lem);
    }
}
