//! PETRARCH verb dictionaries (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`,
//! `PETR_Validate_verbs_2_02.txt`) converted to attache predicates.
//!
//! What converts: each verb of a `--- NAME [code] ---` block (with its
//! multi-word forms `+CORDON_OFF`, `WIRE_+TAP` and irregular forms in
//! `{...}`) under its own or the block's code, and each `-` pattern: the
//! verb then the nouns, braced phrases and prepositional phrases after the
//! `*` in order (`- * {FINANCIAL AID} (FOR ^) [code]`), synsets (`&NAME`)
//! expanded. Source/target markers (`$ + % ^`) are dropped: attache finds
//! the source and target by its own clause analysis. Words before the `*`
//! ("- INDICATED WOULD * [1010]") become the predicate's `pre` context and
//! null codes (`[---]`) make blocking predicates: attache's event stage
//! cannot express either, so the validation runner applies them when it
//! recodes an event from its trigger. What does not convert is counted in
//! [`Unconverted`]: codes with only a reciprocal part (`[:173]`), `~`
//! transformations, undefined synsets, expansions over the cap, malformed
//! lines.

use crate::{file_name, norm_word, read_text, Error, LineError};
use attache_engine::stages::events::lexicon::{Predicate, TargetRule};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// A converted predicate with the codes the dictionary gave it.
#[derive(Debug, Clone)]
pub struct ConvertedPredicate {
    /// The predicate (its `cameo` is the dictionary's code, which may not
    /// be a CAMEO code: the validation dictionaries use WEIS-like codes).
    pub predicate: Predicate,
    /// The code of the reciprocal event, target to source (`[042:043]`).
    pub reciprocal: Option<String>,
    /// The line it came from.
    pub line: usize,
    /// Words that must come before the verb ("- INDICATED WOULD * NOW"):
    /// attache's triggers start at the verb, so these are checked by the
    /// validation runner when it recodes an event, not by the event stage.
    pub pre: Vec<String>,
    /// The last `pre` word must come right before the verb ("- IN_* [075]").
    pub pre_adjacent: bool,
    /// The dictionary's null code (`[---]`): an event whose trigger this
    /// predicate matches best is dropped ("- * EFFORT [---]" stops
    /// "abandon efforts" from coding as "abandon").
    pub null: bool,
}

/// What could not be converted, by reason.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Unconverted {
    /// Codes with only a reciprocal part (`[:173]`).
    pub reciprocal_only: usize,
    /// `~` transformation lines (verb-on-verb rewrites).
    pub transformations: usize,
    /// Patterns naming a synset not defined before them.
    pub undefined_synsets: usize,
    /// Patterns whose synsets expand to more than the cap.
    pub too_many_expansions: usize,
    /// Malformed lines (see the dictionary's `problems`).
    pub malformed: usize,
}

/// A verb dictionary, converted.
#[derive(Debug, Clone, Default)]
pub struct VerbDict {
    /// The predicates.
    pub predicates: Vec<ConvertedPredicate>,
    /// Verb lines read (base forms and multi-word verbs).
    pub verbs: usize,
    /// Pattern lines read.
    pub patterns: usize,
    /// Synsets defined.
    pub synsets: usize,
    /// What was not converted.
    pub unconverted: Unconverted,
    /// Patterns with words before the verb ("- FAILED_TO_* [111]",
    /// "- CONGRESS * [040]"), converted with a `pre` context.
    pub pre_verb_patterns: usize,
    /// Patterns coded `[---]`, converted as blocking (`null`) predicates.
    pub null_patterns: usize,
    /// Verbs whose code is null (the bare verb codes nothing), converted
    /// as blocking predicates.
    pub null_verbs: usize,
    /// Malformed lines.
    pub problems: Vec<LineError>,
}

/// The code of blocking predicates.
pub const NULL: &str = "---";

/// Most predicates one pattern may expand to through its synsets.
const MAX_EXPANSIONS: usize = 256;

/// A verb of a block: its word forms (base, then irregular).
struct Verb {
    forms: Vec<Vec<String>>,
}

/// Parses "[042:043]" contents: `Ok(None)` for the null code.
fn parse_verb_code(s: &str) -> Result<Option<(String, Option<String>)>, &'static str> {
    let s = s.trim();
    if s.is_empty() || s == "---" {
        return Ok(None);
    }
    let (a, b) = match s.split_once(':') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (s, None),
    };
    if a.is_empty() || a == "---" {
        return Err("reciprocal only");
    }
    let b = b
        .filter(|b| !b.is_empty() && *b != "---")
        .map(str::to_string);
    Ok(Some((a.to_string(), b)))
}

/// Words of a verb phrase ("KLM_NOP_+RST", "+CORDONED_OFF").
fn verb_words(s: &str) -> Vec<String> {
    s.split(|c: char| c == '_' || c.is_whitespace())
        .map(|w| norm_word(w.trim_matches('+')))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_marker(w: &str) -> bool {
    w.chars().all(|c| matches!(c, '$' | '+' | '%' | '^' | '*'))
}

impl VerbDict {
    /// Reads and converts a verb dictionary file.
    pub fn load(path: &Path, target: TargetRule) -> Result<VerbDict, Error> {
        let text = read_text(path)?;
        Ok(VerbDict::parse(&file_name(path), &text, target))
    }

    /// Parses and converts verb dictionary text; every predicate gets the
    /// target rule `target`.
    pub fn parse(file: &str, text: &str, target: TargetRule) -> VerbDict {
        let mut d = VerbDict::default();
        let mut synsets: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        let mut synset: Option<String> = None;
        let mut block_code: Option<(String, Option<String>)> = None;
        let mut in_block = false;
        let mut verbs: Vec<Verb> = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let err = |what: &str| LineError {
                file: file.to_string(),
                line: line_no,
                what: what.to_string(),
            };
            let t = raw.trim();
            if t.is_empty() || t.starts_with("<!--") || t.starts_with('#') {
                continue;
            }
            let line = t[..t.find('#').unwrap_or(t.len())].trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with("---") {
                synset = None;
                in_block = true;
                verbs.clear();
                let inner = line.trim_matches('-');
                block_code = match inner.find('[').zip(inner.rfind(']')) {
                    Some((a, b)) if a < b => parse_verb_code(&inner[a + 1..b]).unwrap_or_default(),
                    _ => None,
                };
                continue;
            }
            if let Some(label) = line.strip_prefix('&') {
                let label = label
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('_');
                synsets.insert(label.to_string(), Vec::new());
                synset = Some(label.to_string());
                d.synsets += 1;
                continue;
            }
            if let (Some(member), Some(label)) = (line.strip_prefix('+'), synset.as_ref()) {
                let member = member.trim();
                let phrases: Vec<Vec<String>> = if let Some(inner) = member.strip_prefix('&') {
                    let key = inner.trim_end_matches('_');
                    match synsets.get(key) {
                        Some(p) => p.clone(),
                        None => {
                            d.problems.push(err("undefined synset in synset"));
                            continue;
                        }
                    }
                } else {
                    let w = verb_words(member);
                    if w.is_empty() {
                        d.problems.push(err("empty synset member"));
                        continue;
                    }
                    vec![w]
                };
                if let Some(list) = synsets.get_mut(label) {
                    list.extend(phrases);
                }
                continue;
            }
            synset = None;
            if line.starts_with('~') {
                d.unconverted.transformations += 1;
                continue;
            }
            if !in_block {
                d.problems.push(err("line outside a verb block"));
                continue;
            }
            if let Some(pat) = line.strip_prefix('-') {
                d.patterns += 1;
                d.pattern(pat, &verbs, &block_code, &synsets, target, line_no, &err);
                continue;
            }
            // A verb line: "BEGIN {BEGINS BEGAN}", "KLM_NOP_+RST [002]".
            d.verbs += 1;
            let head_end = line.find(['{', '[']).unwrap_or(line.len());
            let base = verb_words(&line[..head_end]);
            if base.is_empty() {
                d.problems.push(err("verb line without a verb"));
                d.unconverted.malformed += 1;
                continue;
            }
            let mut forms = vec![base];
            if let Some(open) = line.find('{') {
                match line[open..].find('}') {
                    Some(close) => forms.extend(
                        line[open + 1..open + close]
                            .split_whitespace()
                            .map(verb_words)
                            .filter(|w| !w.is_empty()),
                    ),
                    None => d.problems.push(err("unclosed '{'")),
                }
            }
            let own = match line.find('[').zip(line.rfind(']')) {
                Some((a, b)) if a < b => match parse_verb_code(&line[a + 1..b]) {
                    Ok(c) => Some(c),
                    Err(_) => {
                        d.unconverted.reciprocal_only += 1;
                        Some(None)
                    }
                },
                _ => None,
            };
            let code = own.unwrap_or_else(|| block_code.clone());
            if code.is_none() {
                d.null_verbs += 1;
            }
            let (c, r) = code.unwrap_or_else(|| (NULL.to_string(), None));
            for f in &forms {
                d.predicates.push(ConvertedPredicate {
                    predicate: Predicate {
                        words: f.clone(),
                        cameo: c.clone(),
                        target,
                    },
                    reciprocal: r.clone(),
                    line: line_no,
                    pre: Vec::new(),
                    pre_adjacent: false,
                    null: c == NULL,
                });
            }
            verbs.push(Verb { forms });
        }
        d.unconverted.malformed = d.problems.len();
        d
    }

    #[allow(clippy::too_many_arguments)]
    fn pattern(
        &mut self,
        pat: &str,
        verbs: &[Verb],
        block_code: &Option<(String, Option<String>)>,
        synsets: &HashMap<String, Vec<Vec<String>>>,
        target: TargetRule,
        line_no: usize,
        err: &dyn Fn(&str) -> LineError,
    ) {
        let Some(open) = pat.rfind('[') else {
            self.problems.push(err("pattern without [code]"));
            return;
        };
        let Some(close) = pat[open..].find(']') else {
            self.problems.push(err("unclosed '['"));
            return;
        };
        let code = match parse_verb_code(&pat[open + 1..open + close]) {
            Ok(Some(c)) => c,
            Ok(None) => {
                self.null_patterns += 1;
                (NULL.to_string(), None)
            }
            Err(_) => {
                self.unconverted.reciprocal_only += 1;
                return;
            }
        };
        let body = &pat[..open];
        let Some(star) = body.find('*') else {
            self.problems.push(err("pattern without '*'"));
            return;
        };
        let pieces = |s: &str| -> Vec<String> {
            s.split(|c: char| c.is_whitespace() || matches!(c, '_' | '{' | '}' | '(' | ')'))
                .filter(|w| !w.is_empty() && !is_marker(w))
                .map(|w| {
                    w.trim_matches(|c| matches!(c, '$' | '+' | '%' | '^'))
                        .to_string()
                })
                .filter(|w| !w.is_empty())
                .collect()
        };
        let Some(pres) = self.expand(&pieces(&body[..star]), synsets) else {
            return;
        };
        if pres.iter().any(|p| !p.is_empty()) {
            self.pre_verb_patterns += 1;
        }
        let pre_adjacent = body[..star].ends_with('_');
        let Some(seqs) = self.expand(&pieces(&body[star + 1..]), synsets) else {
            return;
        };
        if seqs.len() * pres.len() > MAX_EXPANSIONS {
            self.unconverted.too_many_expansions += 1;
            return;
        }
        let _ = block_code;
        for v in verbs {
            for f in &v.forms {
                for pre in &pres {
                    for s in &seqs {
                        let mut words = f.clone();
                        words.extend(s.iter().cloned());
                        self.predicates.push(ConvertedPredicate {
                            predicate: Predicate {
                                words,
                                cameo: code.0.clone(),
                                target,
                            },
                            reciprocal: code.1.clone(),
                            line: line_no,
                            pre: pre.clone(),
                            pre_adjacent,
                            null: code.0 == NULL,
                        });
                    }
                }
            }
        }
    }

    /// The word sequences a list of pattern pieces stands for, synsets
    /// expanded; `None` (counted) for an undefined synset or too many.
    fn expand(
        &mut self,
        pieces: &[String],
        synsets: &HashMap<String, Vec<Vec<String>>>,
    ) -> Option<Vec<Vec<String>>> {
        let mut seqs: Vec<Vec<String>> = vec![Vec::new()];
        for p in pieces {
            let alts: Vec<Vec<String>> = if let Some(label) = p.strip_prefix('&') {
                match synsets.get(label.trim_end_matches('_')) {
                    Some(a) if !a.is_empty() => a.clone(),
                    _ => {
                        self.unconverted.undefined_synsets += 1;
                        return None;
                    }
                }
            } else {
                vec![vec![norm_word(p)]]
            };
            if seqs.len() * alts.len() > MAX_EXPANSIONS {
                self.unconverted.too_many_expansions += 1;
                return None;
            }
            seqs = seqs
                .iter()
                .flat_map(|s| {
                    alts.iter().map(move |a| {
                        let mut v = s.clone();
                        v.extend(a.iter().cloned());
                        v
                    })
                })
                .collect();
        }
        Some(seqs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERBS: &str = "\
<!-- TEST VERBS -->
&TIETYPES
+MILITARY
+ECONOMIC_TIES
--- ABANDON  [345]  ---
ABANDON    # pas
KLM_NOP_+RST [002]
- * NEW_&TIETYPES_RELATIONS [903] #  -PAS
- * {DIPLOMATIC TIES} (WITH ^) [901:902]
- FAILED_TO_*  [111]
- * EFFORT  [---]
- * &NOSUCH [904]
- * TRIAL [:173]
~ a (a b WILL_ATTACK) SAY = a b 138
--- ACCORD [---] ---
ACCORD
BEGIN {BEGINS BEGAN BEGUN}  [014]
- * PEACE [036
";

    #[test]
    fn converts_verbs_patterns_and_counts_the_rest() {
        let d = VerbDict::parse("t.verbs", VERBS, TargetRule::Optional);
        let words: Vec<String> = d
            .predicates
            .iter()
            .map(|p| format!("{}={}", p.predicate.words.join(" "), p.predicate.cameo))
            .collect();
        for w in [
            "abandon=345",
            "klm nop rst=002",
            "abandon new military relations=903",
            "abandon new economic ties relations=903",
            "klm nop rst new military relations=903",
            "abandon diplomatic ties with=901",
            "began=014",
        ] {
            assert!(words.contains(&w.to_string()), "{w} not in {words:?}");
        }
        let recip = d
            .predicates
            .iter()
            .find(|p| p.predicate.cameo == "901")
            .and_then(|p| p.reciprocal.clone());
        assert_eq!(recip.as_deref(), Some("902"));
        assert_eq!(d.pre_verb_patterns, 1);
        assert_eq!(d.null_patterns, 1);
        assert_eq!(d.unconverted.undefined_synsets, 1);
        assert_eq!(d.unconverted.reciprocal_only, 1);
        assert_eq!(d.unconverted.transformations, 1);
        assert_eq!(d.null_verbs, 1);
        let failed = d.predicates.iter().find(|p| p.predicate.cameo == "111");
        assert_eq!(
            failed.map(|p| p.pre.join(" ")).as_deref(),
            Some("failed to")
        );
        assert!(d
            .predicates
            .iter()
            .any(|p| p.null && p.predicate.words.join(" ") == "abandon effort"));
        assert_eq!(d.problems.len(), 1, "{:?}", d.problems);
        assert_eq!(d.problems[0].line, 18);
        assert_eq!(d.verbs, 4);
        assert_eq!(d.patterns, 7);
    }
}
