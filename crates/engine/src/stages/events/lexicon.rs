//! The event stage's data: the CAMEO code table and the predicate
//! dictionary, parsed once from the files in `data/events/`, and the
//! inflection-aware matching of predicates against tokens.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: short word keys hash far faster than with SipHash, and the keys
/// are our own data, not an attacker's.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

const CAMEO_TSV: &str = include_str!("../../../data/events/cameo.tsv");
const PREDICATES_TSV: &str = include_str!("../../../data/events/predicates.tsv");

/// One CAMEO event code's facts.
#[derive(Debug, Clone)]
pub struct CameoCode {
    /// Quad class 1..4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// PLOVER event type, if any.
    pub plover_type: Option<String>,
    /// PLOVER mode, if any.
    pub plover_mode: Option<String>,
}

/// How a predicate finds its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetRule {
    /// Required: the first actor after the pattern; a list gives one event each.
    Object,
    /// Optional object.
    Optional,
    /// None.
    NoTarget,
}

/// A predicate: lemmas in order, and the code they give.
#[derive(Debug, Clone)]
pub struct Predicate {
    /// Pattern words (lemmas, lowercase).
    pub words: Vec<String>,
    /// CAMEO code.
    pub cameo: String,
    /// Target rule.
    pub target: TargetRule,
}

/// The parsed data.
#[derive(Debug)]
pub struct Lexicon {
    codes: FastMap<String, CameoCode>,
    /// Predicates by first word, longest first.
    by_first: FastMap<String, Vec<Predicate>>,
}

/// Why the event data could not be read (a broken build, caught by tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file.
    pub file: &'static str,
    /// The line, 1-based.
    pub line: usize,
    /// What is wrong.
    pub what: String,
}

impl Lexicon {
    /// Parses the embedded data files.
    pub fn load() -> Result<Lexicon, DataError> {
        let mut codes = FastMap::default();
        let mut header_seen = false;
        for (n, line) in CAMEO_TSV.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !header_seen {
                header_seen = true;
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let err = |what: &str| DataError {
                file: "cameo.tsv",
                line: n + 1,
                what: what.into(),
            };
            if f.len() < 6 {
                return Err(err("expected 6 columns"));
            }
            let quad_class = f[1].parse().map_err(|_| err("bad quad class"))?;
            let goldstein = f[2].parse().map_err(|_| err("bad Goldstein value"))?;
            let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
            codes.insert(
                f[0].to_string(),
                CameoCode {
                    quad_class,
                    goldstein,
                    plover_type: opt(f[3]),
                    plover_mode: opt(f[4]),
                },
            );
        }
        let mut by_first: FastMap<String, Vec<Predicate>> = FastMap::default();
        for (n, line) in PREDICATES_TSV.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let err = |what: String| DataError {
                file: "predicates.tsv",
                line: n + 1,
                what,
            };
            if f.len() < 3 {
                return Err(err("expected 3 columns".into()));
            }
            if !codes.contains_key(f[1]) {
                return Err(err(format!("unknown CAMEO code {}", f[1])));
            }
            let target = match f[2].trim() {
                "obj" => TargetRule::Object,
                "opt" => TargetRule::Optional,
                "none" => TargetRule::NoTarget,
                other => return Err(err(format!("unknown target rule {other}"))),
            };
            let words: Vec<String> = f[0].split_whitespace().map(str::to_lowercase).collect();
            let Some(first) = words.first().cloned() else {
                return Err(err("empty pattern".into()));
            };
            let pred = Predicate {
                words,
                cameo: f[1].to_string(),
                target,
            };
            index(&mut by_first, first, pred);
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        Ok(Lexicon { codes, by_first })
    }

    /// Adds predicates from another source (a PETRARCH verb dictionary);
    /// entries with an empty pattern or a code the CAMEO table lacks are
    /// returned, not added.
    pub fn extend(&mut self, extra: impl IntoIterator<Item = Predicate>) -> Vec<Predicate> {
        let mut rejected = Vec::new();
        for p in extra {
            match p.words.first().cloned() {
                Some(first) if self.codes.contains_key(&p.cameo) => {
                    index(&mut self.by_first, first, p)
                }
                _ => rejected.push(p),
            }
        }
        for list in self.by_first.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        rejected
    }

    /// The facts of a code.
    pub fn code(&self, cameo: &str) -> Option<&CameoCode> {
        self.codes.get(cameo)
    }

    /// The predicates whose first word the lowercase form `lower` inflects.
    pub fn candidates<'s: 'w, 'w>(
        &'s self,
        lower: &'w str,
    ) -> impl Iterator<Item = &'s Predicate> + 'w {
        lemma_candidates(lower)
            .into_iter()
            .flatten()
            .flat_map(move |l| {
                self.by_first
                    .get(l)
                    .map(|v| v.as_slice())
                    .unwrap_or(&[])
                    .iter()
            })
            .filter(move |p| matches(&p.words[0], lower))
    }
}

/// Indexes a predicate under its first word and the stems that suffix
/// stripping of an inflected form can leave: "prais(ed)", "appl(ied)",
/// "plann(ed)".
fn index(by_first: &mut FastMap<String, Vec<Predicate>>, first: String, pred: Predicate) {
    let mut keys = vec![first.clone()];
    if let Some(stem) = first.strip_suffix('e') {
        keys.push(stem.to_string());
    }
    if let Some(stem) = first.strip_suffix('y') {
        keys.push(stem.to_string());
    }
    if let Some(&last) = first.as_bytes().last() {
        if !matches!(last, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'x') {
            keys.push(format!("{first}{}", last as char));
        }
    }
    for k in keys {
        by_first.entry(k).or_default().push(pred.clone());
    }
}

/// Irregular forms that matter for predicates: form -> lemma.
const IRREGULAR: &[(&str, &str)] = &[
    ("met", "meet"),
    ("held", "hold"),
    ("holds", "hold"),
    ("went", "go"),
    ("gone", "go"),
    ("made", "make"),
    ("paid", "pay"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("flies", "fly"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("took", "take"),
    ("taken", "take"),
    ("gave", "give"),
    ("given", "give"),
    ("sent", "send"),
    ("brought", "bring"),
    ("fought", "fight"),
    ("struck", "strike"),
    ("stricken", "strike"),
    ("led", "lead"),
    ("told", "tell"),
    ("said", "say"),
    ("began", "begin"),
    ("begun", "begin"),
    ("came", "come"),
    ("broke", "break"),
    ("broken", "break"),
    ("shot", "shoot"),
    ("withdrew", "withdraw"),
    ("withdrawn", "withdraw"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("sought", "seek"),
    ("seized", "seize"),
    ("sat", "sit"),
    ("laid", "lay"),
    ("cut", "cut"),
    ("put", "put"),
    ("set", "set"),
    ("hit", "hit"),
    ("overthrew", "overthrow"),
    ("overthrown", "overthrow"),
    ("fled", "flee"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("talks", "talk"),
    ("stopped", "stop"),
    ("stopping", "stop"),
    ("planned", "plan"),
    ("planning", "plan"),
    ("shelled", "shell"),
    ("shelling", "shell"),
    ("visits", "visit"),
    ("crises", "crisis"),
];

/// The lemma of an irregular form, by binary search over the table sorted
/// once.
fn irregular(w: &str) -> Option<&'static str> {
    static SORTED: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    let table = SORTED.get_or_init(|| {
        let mut v = IRREGULAR.to_vec();
        v.sort_unstable();
        v
    });
    table
        .binary_search_by(|(f, _)| f.cmp(&w))
        .ok()
        .map(|i| table[i].1)
}

/// Lemma candidates of a lowercase word form: itself, an irregular lemma,
/// and regular suffix strippings (-s, -es, -ies, -ed, -d, -ied, -ing, with
/// and without a restored final e). At most four, no allocation.
pub fn lemma_candidates(w: &str) -> [Option<&str>; 4] {
    let mut out = [Some(w), None, None, None];
    if let Some(lemma) = irregular(w) {
        out[1] = Some(lemma);
        return out;
    }
    let n = w.len();
    let strip = |k: usize| (n > k + 2).then(|| &w[..n - k]);
    if w.ends_with("ing") {
        out[1] = strip(3);
        // "praising" -> "prais"+"e": leave to the pattern side, see `matches`.
    } else if w.ends_with("ied") || w.ends_with("ies") {
        out[1] = strip(3);
    } else if w.ends_with("ed") || w.ends_with("es") {
        out[1] = strip(2);
        out[2] = strip(1);
    } else if w.ends_with('s') && !w.ends_with("ss") {
        out[1] = strip(1);
    }
    out
}

/// True when the lowercase form `w` inflects the lemma `lemma`.
pub fn matches(lemma: &str, w: &str) -> bool {
    if w == lemma {
        return true;
    }
    if let Some(l) = irregular(w) {
        return l == lemma;
    }
    let Some(rest) = w.strip_prefix(lemma) else {
        // praise -> praised/praising; apply -> applied/applies; stop -> stopped.
        if let Some(stem) = lemma.strip_suffix('e') {
            if let Some(r) = w.strip_prefix(stem) {
                return matches!(r, "ing" | "ed");
            }
        }
        if let Some(stem) = lemma.strip_suffix('y') {
            if let Some(r) = w.strip_prefix(stem) {
                return matches!(r, "ies" | "ied");
            }
        }
        return false;
    };
    match rest {
        "s" | "es" | "ed" | "d" | "ing" => true,
        // Doubled final consonant: "plan" -> "planned", "stop" -> "stopping".
        r if r.len() >= 3 => {
            let last = lemma.as_bytes()[lemma.len() - 1];
            let b = r.as_bytes();
            b[0] == last && matches!(&r[1..], "ed" | "ing")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_loads_and_every_code_is_known() {
        let lex = Lexicon::load().expect("event data parses");
        assert_eq!(lex.code("042").map(|c| c.quad_class), Some(1));
        assert_eq!(lex.code("190").map(|c| c.quad_class), Some(4));
        assert_eq!(
            lex.code("042").and_then(|c| c.plover_mode.clone()),
            Some("visit".into())
        );
        assert!(lex.code("0").is_none());
        // Every CAMEO root has at least one predicate.
        let roots: std::collections::HashSet<String> = lex
            .by_first
            .values()
            .flatten()
            .map(|p| p.cameo[..2].to_string())
            .collect();
        for r in 1..=20 {
            assert!(
                roots.contains(&format!("{r:02}")),
                "no predicate for root {r:02}"
            );
        }
    }

    #[test]
    fn inflections() {
        for (lemma, form) in [
            ("visit", "visited"),
            ("visit", "visits"),
            ("visit", "visiting"),
            ("praise", "praised"),
            ("praise", "praising"),
            ("meet", "met"),
            ("hold", "held"),
            ("plan", "planned"),
            ("criticize", "criticizes"),
            ("apply", "applied"),
            ("encounter", "encounters"),
            ("talk", "talks"),
        ] {
            assert!(matches(lemma, form), "{lemma} / {form}");
        }
        for (lemma, form) in [("visit", "visitor"), ("meet", "meat"), ("host", "hostile")] {
            assert!(!matches(lemma, form), "{lemma} / {form}");
        }
        assert!(lemma_candidates("visited").contains(&Some("visit")));
        assert!(lemma_candidates("praised").contains(&Some("praise")));
        assert!(lemma_candidates("met").contains(&Some("meet")));
    }
}
