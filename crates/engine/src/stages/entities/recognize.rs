//! Finding mentions: dictionary matches, role phrases and unknown names.

use super::fold::{Gap, Word};
use super::gazetteer::{Gazetteer, Sense};

/// Last words of organisation names.
pub const ORG_SUFFIX: &[&str] = &[
    "ministry",
    "agency",
    "party",
    "council",
    "committee",
    "bank",
    "company",
    "corp",
    "corporation",
    "inc",
    "ltd",
    "llc",
    "group",
    "university",
    "institute",
    "association",
    "union",
    "front",
    "movement",
    "organization",
    "organisation",
    "foundation",
    "federation",
    "commission",
    "court",
    "assembly",
    "forces",
    "police",
    "department",
    "office",
    "service",
    "news",
    "times",
    "post",
    "journal",
    "network",
    "club",
    "church",
    "hospital",
    "school",
    "college",
    "airlines",
    "airways",
    "fc",
    "league",
    "fund",
    "authority",
    "board",
    "bureau",
    "brigade",
    "army",
    "navy",
    "guard",
    "corps",
    "coalition",
    "alliance",
    "society",
    "center",
    "centre",
    "trust",
    "holdings",
    "industries",
    "motors",
    "bank",
    "media",
    "press",
    "tribune",
    "herald",
    "gazette",
    "daily",
    "telegraph",
    "television",
    "radio",
    "tv",
    "cabinet",
    "parliament",
    "senate",
    "congress",
    "government",
    "administration",
    "caucus",
    "team",
    "united",
    "city",
];
/// Last words of facility names.
pub const FAC_SUFFIX: &[&str] = &[
    "airport",
    "palace",
    "square",
    "street",
    "st",
    "avenue",
    "road",
    "stadium",
    "bridge",
    "hotel",
    "tower",
    "hall",
    "museum",
    "prison",
    "base",
    "station",
    "cathedral",
    "mosque",
    "temple",
    "building",
    "plaza",
    "park",
    "arena",
    "highway",
    "boulevard",
    "port",
    "harbor",
    "harbour",
    "dam",
    "mall",
    "memorial",
    "house",
    "embassy",
];
/// First words of facility names.
pub const FAC_PREFIX: &[&str] = &[
    "palacio", "plaza", "palais", "fort", "camp", "mount", "lake", "port",
];
/// Last words of location names.
pub const LOC_SUFFIX: &[&str] = &[
    "river",
    "sea",
    "ocean",
    "mountains",
    "mountain",
    "mountain",
    "lake",
    "island",
    "islands",
    "valley",
    "desert",
    "gulf",
    "bay",
    "strait",
    "peninsula",
    "coast",
    "region",
    "hills",
    "forest",
    "basin",
    "canal",
    "plain",
];
/// Last words of named administrative areas.
pub const GPE_SUFFIX: &[&str] = &[
    "county",
    "province",
    "district",
    "parish",
    "prefecture",
    "oblast",
    "governorate",
    "state",
    "city",
    "township",
    "village",
];
/// Last words of event names.
pub const EVENT_SUFFIX: &[&str] = &[
    "summit",
    "forum",
    "conference",
    "war",
    "games",
    "olympics",
    "cup",
    "festival",
    "election",
    "elections",
    "revolution",
    "crisis",
    "championship",
    "expo",
    "week",
];

fn is_suffix(k: &str) -> bool {
    [ORG_SUFFIX, FAC_SUFFIX, LOC_SUFFIX, GPE_SUFFIX, EVENT_SUFFIX]
        .iter()
        .any(|l| l.contains(&k))
}

/// A stretch of words the scanner recognised.
#[derive(Debug, Clone)]
pub enum Cand {
    /// A dictionary name, with its senses.
    Dict {
        /// First word.
        w0: usize,
        /// One past the last word.
        w1: usize,
        /// What the name may mean.
        senses: Vec<Sense>,
    },
    /// A role or title phrase.
    Role {
        /// First word.
        w0: usize,
        /// One past the last word.
        w1: usize,
        /// Index in the role table.
        role: u16,
    },
    /// A capitalised name unknown to the dictionaries.
    Unknown {
        /// First word.
        w0: usize,
        /// One past the last word.
        w1: usize,
    },
}

impl Cand {
    /// Word range.
    pub fn range(&self) -> (usize, usize) {
        match *self {
            Cand::Dict { w0, w1, .. } | Cand::Role { w0, w1, .. } | Cand::Unknown { w0, w1 } => {
                (w0, w1)
            }
        }
    }
}

/// Lower-case words that may sit inside a name ("Rio de Janeiro", "bin Salman").
pub fn is_connector(k: &str) -> bool {
    matches!(
        k,
        "de" | "da"
            | "del"
            | "della"
            | "di"
            | "do"
            | "dos"
            | "das"
            | "du"
            | "van"
            | "von"
            | "der"
            | "den"
            | "la"
            | "le"
            | "al"
            | "el"
            | "bin"
            | "ibn"
            | "ben"
            | "y"
            | "of"
            | "the"
            | "and"
            | "for"
            | "on"
            | "ul"
            | "ud"
            | "abu"
    )
}

fn joinable(words: &[Word], j: usize) -> bool {
    match words[j].gap {
        Gap::Space | Gap::Hyphen => true,
        Gap::Period => {
            let p = &words[j - 1];
            p.key.len() <= 3 && (p.cap || p.upper)
        }
        _ => false,
    }
}

/// The scanner's view of the text.
pub struct Scan<'a> {
    /// Dictionaries.
    pub g: &'a Gazetteer,
    /// The words.
    pub words: &'a [Word],
    /// Sentence index of each word.
    pub sent: &'a [u32],
    /// Whether each word starts its sentence (or a quotation, a line).
    pub initial: &'a [bool],
    /// A key buffer, reused.
    pub buf: std::cell::RefCell<String>,
}

impl<'a> Scan<'a> {
    fn longest<T>(
        &self,
        i: usize,
        need_cap: bool,
        look: impl Fn(&str) -> Option<T>,
    ) -> Option<(usize, T)> {
        let words = self.words;
        let mut key = self.buf.borrow_mut();
        key.clear();
        let mut best = None;
        let mut j = i;
        while j < words.len() && j - i < self.g.max_words {
            let w = &words[j];
            if j > i && (!joinable(words, j) || self.sent[j] != self.sent[i] || w.skip) {
                break;
            }
            if need_cap && j > i && !(w.cap || w.digit || is_connector(&w.key)) {
                break;
            }
            if j > i {
                key.push(' ');
            }
            key.push_str(&w.key);
            if let Some(t) = look(&key) {
                best = Some((j + 1, t));
            }
            if !self.g.prefixes.contains(key.as_str()) {
                break;
            }
            j += 1;
        }
        // a match may not end on a connector
        best.filter(|(e, _)| !is_connector(&words[e - 1].key) || words[e - 1].cap)
    }

    fn dict_at(&self, i: usize) -> Option<(usize, Vec<Sense>)> {
        let (e, senses) = self.dict_at_ref(i)?;
        let span_upper = self.words[i..e].iter().all(|w| w.upper || w.digit);
        let senses: Vec<Sense> = senses
            .iter()
            .copied()
            .filter(|s| match *s {
                Sense::Org(_, true) => span_upper,
                Sense::Place(p, false) => self.g.places[p as usize].population >= 50_000,
                _ => true,
            })
            .collect();
        Some((e, senses))
    }

    /// Whether a dictionary name starts at word `i`, without copying its senses.
    fn dict_at_ref(&self, i: usize) -> Option<(usize, &'a [Sense])> {
        let w = &self.words[i];
        if !(w.cap || w.digit) {
            return None;
        }
        let g: &'a Gazetteer = self.g;
        let (e, senses) = self.longest(i, true, |k| g.names.get(k))?;
        let senses: &'a [Sense] = senses.as_slice();
        let span_upper = self.words[i..e].iter().all(|w| w.upper || w.digit);
        let any = senses.iter().any(|s| match *s {
            Sense::Org(_, true) => span_upper,
            Sense::Place(p, false) => self.g.places[p as usize].population >= 50_000,
            _ => true,
        });
        if !any {
            // an acronym written in lower case: try a shorter match
            return None;
        }
        if e == i + 1 && w.upper && w.key.len() > 3 {
            // a word in capitals: an acronym or a shouted headline word; only
            // countries, organisations and big places
            let big = senses.iter().any(|s| match *s {
                Sense::Country(_) | Sense::Org(..) | Sense::Demonym(_) => true,
                Sense::Place(p, _) => {
                    let p = &self.g.places[p as usize];
                    p.population >= 100_000 || p.feature != "PPL"
                }
                _ => false,
            });
            if !big {
                return None;
            }
        }
        if e == i + 1 && !span_upper && self.g.is_english(&w.key) {
            // "University", "Mobile": a word first; only a country, a person or a
            // big place by that name counts
            let strong = senses.iter().any(|s| match *s {
                Sense::Country(_) | Sense::Demonym(_) | Sense::Person(_) | Sense::Org(..) => true,
                Sense::Place(p, _) => {
                    let p = &self.g.places[p as usize];
                    p.population >= 300_000 || p.feature == "ADM1" || p.feature == "CONT"
                }
                _ => false,
            });
            if !strong {
                return None;
            }
        }
        if e == i + 1 && !span_upper && self.g.common.contains(w.key.as_str()) {
            return None;
        }
        if e == i + 1 && self.initial[i] && !w.upper {
            // sentence-initial single words: only countries, people, well-known places
            let strong = senses.iter().any(|s| match *s {
                Sense::Country(_)
                | Sense::Demonym(_)
                | Sense::Person(_)
                | Sense::Surname(_)
                | Sense::Org(..) => true,
                Sense::Place(p, true) => {
                    let p = &self.g.places[p as usize];
                    p.population >= 300_000 || p.feature == "ADM1" || p.feature == "CONT"
                }
                _ => false,
            });
            if !strong {
                return None;
            }
        }
        Some((e, senses))
    }

    fn role_at(&self, i: usize) -> Option<(usize, u16)> {
        let w = &self.words[i];
        if w.digit || w.hash || !self.g.role_first.contains(w.key.as_str()) {
            return None;
        }
        self.longest(i, false, |k| self.g.role_keys.get(k).copied())
    }

    /// All candidates, left to right, without overlap.
    pub fn candidates(&self) -> Vec<Cand> {
        let words = self.words;
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let w = &words[i];
            if w.skip {
                i += 1;
                continue;
            }
            let dict = self.dict_at(i);
            let role = self.role_at(i);
            let dlen = dict.as_ref().map_or(0, |d| d.0 - i);
            let rlen = role.map_or(0, |r| r.0 - i);
            if dlen > 0 && dlen >= rlen {
                let (e, senses) = dict.unwrap_or_default();
                // a first name that is also a place, before an unknown capitalised word: a person
                // a lone place name before an unknown capitalised word is part of
                // a longer name ("Paris Hilton", "Palacio Nacional", "Moscow Times")
                let single_place =
                    e == i + 1 && senses.iter().all(|s| matches!(s, Sense::Place(..)));
                // "Clinton said": a place name that speaks is a person
                let speaks = e < words.len()
                    && words[e].gap == Gap::Space
                    && matches!(
                        words[e].key.as_str(),
                        "said" | "says" | "told" | "added" | "wrote" | "argued" | "insisted"
                    )
                    && senses.iter().all(|s| match *s {
                        Sense::Place(p, _) => {
                            let p = &self.g.places[p as usize];
                            p.feature.starts_with("PPL") && p.feature != "PPLC"
                        }
                        _ => false,
                    });
                if speaks {
                    out.push(Cand::Unknown { w0: i, w1: e });
                    i = e;
                    continue;
                }
                if single_place && self.unknown_follows(e) {
                    let e2 = self.extend_unknown(i);
                    out.push(Cand::Unknown { w0: i, w1: e2 });
                    i = e2;
                    continue;
                }
                out.push(Cand::Dict {
                    w0: i,
                    w1: e,
                    senses,
                });
                i = e;
                continue;
            }
            if rlen > 0 {
                let (e, r) = role.unwrap_or((i + 1, 0));
                out.push(Cand::Role {
                    w0: i,
                    w1: e,
                    role: r,
                });
                i = e;
                continue;
            }
            if self.name_start(i) {
                let e = self.extend_unknown(i);
                out.push(Cand::Unknown { w0: i, w1: e });
                i = e;
                continue;
            }
            i += 1;
        }
        out
    }

    fn name_start(&self, i: usize) -> bool {
        let w = &self.words[i];
        let shouted = w.upper && w.key.len() > 4;
        let digits = w.key.bytes().any(|b| b.is_ascii_digit());
        let blocked = digits || w.hash || w.skip || shouted;
        w.cap && !blocked && !self.g.common.contains(w.key.as_str())
    }

    fn unknown_follows(&self, j: usize) -> bool {
        j < self.words.len()
            && joinable(self.words, j)
            && self.sent[j] == self.sent[j - 1]
            && self.name_start(j)
            && self.dict_at_ref(j).is_none()
    }

    fn extend_unknown(&self, i: usize) -> usize {
        let words = self.words;
        let mut j = i + 1;
        while j < words.len() {
            let w = &words[j];
            if !joinable(words, j) || self.sent[j] != self.sent[i] || w.skip || w.hash {
                break;
            }
            if is_connector(&w.key) && !w.cap {
                // "de" inside a name only when a capitalised word follows
                // "of" only after an organisation word: "School of Art", "Bank of Ghana"
                let of_ok = w.key != "of" || is_suffix(&words[j - 1].key);
                if j + 1 < words.len()
                    && words[j + 1].cap
                    && joinable(words, j + 1)
                    && w.key != "and"
                    && of_ok
                {
                    j += 1;
                    continue;
                }
                break;
            }
            if !self.name_start(j) {
                // a capitalised common word inside a name: "Grand Central Station",
                // "Health Ministry"
                let inner = w.cap
                    && !w.digit
                    && (is_suffix(&w.key)
                        || (j + 1 < words.len()
                            && joinable(words, j + 1)
                            && self.sent[j + 1] == self.sent[i]
                            && self.name_start(j + 1)));
                if !inner {
                    break;
                }
            }
            if let Some((_, senses)) = self.dict_at_ref(j) {
                let blocks = senses.iter().any(|s| {
                    matches!(
                        s,
                        Sense::Country(_) | Sense::Demonym(_) | Sense::Org(..) | Sense::Person(_)
                    )
                });
                if blocks {
                    break;
                }
            }
            if let Some((_, r)) = self.role_at(j) {
                // a capitalised group noun after a name word is part of the
                // name: "Lakeside Workers Union", "Rapid Support Forces"
                let inside = self.g.roles[r as usize].kind == "group" && w.cap;
                if !inside && !self.g.first_names.contains_key(w.key.as_str()) {
                    break;
                }
            }
            j += 1;
        }
        // drop a trailing connector
        while j > i + 1 && is_connector(&words[j - 1].key) && !words[j - 1].cap {
            j -= 1;
        }
        j
    }
}
