//! The syntax layer: syntactic words inside tokens, with part of speech,
//! lemma, UD features and one dependency tree per sentence.

use crate::Span;
use serde::{Deserialize, Serialize};

/// Universal Dependencies part of speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Upos {
    /// Adjective.
    Adj,
    /// Adposition.
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary.
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb.
    Verb,
    /// Other.
    X,
}

impl Upos {
    const ALL: [(Upos, &'static str); 17] = [
        (Upos::Adj, "ADJ"),
        (Upos::Adp, "ADP"),
        (Upos::Adv, "ADV"),
        (Upos::Aux, "AUX"),
        (Upos::Cconj, "CCONJ"),
        (Upos::Det, "DET"),
        (Upos::Intj, "INTJ"),
        (Upos::Noun, "NOUN"),
        (Upos::Num, "NUM"),
        (Upos::Part, "PART"),
        (Upos::Pron, "PRON"),
        (Upos::Propn, "PROPN"),
        (Upos::Punct, "PUNCT"),
        (Upos::Sconj, "SCONJ"),
        (Upos::Sym, "SYM"),
        (Upos::Verb, "VERB"),
        (Upos::X, "X"),
    ];

    /// The tag as UD writes it ("PROPN").
    pub fn name(self) -> &'static str {
        Upos::ALL[self as usize].1
    }

    /// The tag of a UD name; unknown names are `X`.
    pub fn from_name(name: &str) -> Upos {
        Upos::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map_or(Upos::X, |(u, _)| *u)
    }
}

/// The UD features stages use; each absent when it does not apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Feats {
    /// Tense: "Past", "Pres", "Fut".
    pub tense: Option<FeatValue>,
    /// VerbForm: "Fin", "Inf", "Part", "Ger".
    pub verb_form: Option<FeatValue>,
    /// Voice: "Pass" (UD English marks passives only).
    pub voice: Option<FeatValue>,
    /// Mood: "Ind", "Imp", "Sub", "Cnd".
    pub mood: Option<FeatValue>,
    /// Number: "Sing", "Plur".
    pub number: Option<FeatValue>,
    /// Person: "1", "2", "3".
    pub person: Option<FeatValue>,
}

/// A feature value, as UD writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum FeatValue {
    /// Past tense.
    Past,
    /// Present tense.
    Pres,
    /// Future tense.
    Fut,
    /// Finite verb.
    Fin,
    /// Infinitive.
    Inf,
    /// Participle.
    Part,
    /// Gerund.
    Ger,
    /// Passive voice.
    Pass,
    /// Indicative.
    Ind,
    /// Imperative.
    Imp,
    /// Subjunctive.
    Sub,
    /// Conditional.
    Cnd,
    /// Singular.
    Sing,
    /// Plural.
    Plur,
    /// First person.
    #[serde(rename = "1")]
    First,
    /// Second person.
    #[serde(rename = "2")]
    Second,
    /// Third person.
    #[serde(rename = "3")]
    Third,
}

impl FeatValue {
    const ALL: [(FeatValue, &'static str); 17] = [
        (FeatValue::Past, "Past"),
        (FeatValue::Pres, "Pres"),
        (FeatValue::Fut, "Fut"),
        (FeatValue::Fin, "Fin"),
        (FeatValue::Inf, "Inf"),
        (FeatValue::Part, "Part"),
        (FeatValue::Ger, "Ger"),
        (FeatValue::Pass, "Pass"),
        (FeatValue::Ind, "Ind"),
        (FeatValue::Imp, "Imp"),
        (FeatValue::Sub, "Sub"),
        (FeatValue::Cnd, "Cnd"),
        (FeatValue::Sing, "Sing"),
        (FeatValue::Plur, "Plur"),
        (FeatValue::First, "1"),
        (FeatValue::Second, "2"),
        (FeatValue::Third, "3"),
    ];

    /// The value as UD writes it.
    pub fn name(self) -> &'static str {
        FeatValue::ALL[self as usize].1
    }

    fn from_name(name: &str) -> Option<FeatValue> {
        FeatValue::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(v, _)| *v)
    }
}

impl Feats {
    /// Reads the features of interest from a UD string ("Mood=Ind|Tense=Past");
    /// others are ignored.
    pub fn from_ud(s: &str) -> Feats {
        let mut f = Feats::default();
        for (key, value) in s.split('|').filter_map(|kv| kv.split_once('=')) {
            let v = FeatValue::from_name(value);
            match key {
                "Tense" => f.tense = v,
                "VerbForm" => f.verb_form = v,
                "Voice" => f.voice = v,
                "Mood" => f.mood = v,
                "Number" => f.number = v,
                "Person" => f.person = v,
                _ => {}
            }
        }
        f
    }

    /// The features as a UD string, keys in alphabetical order ("_" when none).
    pub fn to_ud(&self) -> String {
        let pairs = [
            ("Mood", self.mood),
            ("Number", self.number),
            ("Person", self.person),
            ("Tense", self.tense),
            ("VerbForm", self.verb_form),
            ("Voice", self.voice),
        ];
        let kept: Vec<String> = pairs
            .iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}={}", v.name())))
            .collect();
        if kept.is_empty() {
            "_".to_string()
        } else {
            kept.join("|")
        }
    }
}

/// A syntactic word: one token, or part of one ("do" and "n't" in "don't",
/// "Díaz", "-", "Canel" in "Díaz-Canel").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxWord {
    /// Where the word lies (inside its token).
    pub span: Span,
    /// Index of its token in [`Layers::tokens`].
    pub token: u32,
    /// Universal part of speech.
    pub upos: Upos,
    /// Penn Treebank tag ("VBD").
    pub xpos: String,
    /// Lemma ("be" for "was").
    pub lemma: String,
    /// Morphological features.
    pub feats: Feats,
    /// Index of the head word in [`Syntax::words`]; `None` for a sentence's root.
    pub head: Option<u32>,
    /// Universal Dependencies relation ("nsubj", "obl:agent", "root").
    pub deprel: String,
}

/// The syntax layer: words in text order, one tree per sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Syntax {
    /// The words.
    pub words: Vec<SyntaxWord>,
    /// For each token of [`Layers::tokens`], the index of its first word.
    pub token_words: Vec<u32>,
}

impl Syntax {
    /// The words of token `token` (empty when out of range).
    pub fn words_of(&self, token: usize) -> &[SyntaxWord] {
        let Some(&a) = self.token_words.get(token) else {
            return &[];
        };
        let b = self
            .token_words
            .get(token + 1)
            .map_or(self.words.len(), |&b| b as usize);
        self.words.get(a as usize..b).unwrap_or(&[])
    }
}
