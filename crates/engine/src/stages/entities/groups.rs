//! Group actors: a country and a sector noun ("Indian troops", "Baku's
//! defence ministry", "Venezuelan protesters") and national capitals that
//! stand for their governments ("Moscow denied the report").
//!
//! Sector nouns and their CAMEO agent codes come from `sectors.tsv`; the
//! country comes from a demonym or country name before the noun, from a
//! capital's possessive, or, for nouns that may stand alone, from the
//! article when it names only one country.

use super::fold::Gap;
use super::recognize::Cand;
use super::{Ctx, Key, Ment};
use attache_doc::{EntityType, MentionKind};

/// Verbs whose subject is an actor: a capital before one of them speaks or
/// acts for its government.
const ACTS: &[&str] = &[
    "said",
    "says",
    "denied",
    "denies",
    "warned",
    "warns",
    "accused",
    "accuses",
    "announced",
    "rejected",
    "rejects",
    "condemned",
    "condemns",
    "urged",
    "urges",
    "insisted",
    "claimed",
    "demanded",
    "threatened",
    "responded",
    "retaliated",
    "vowed",
    "dismissed",
    "blamed",
    "expelled",
    "imposed",
    "recalled",
    "summoned",
    "welcomed",
    "criticised",
    "criticized",
    "protested",
    "stated",
    "declared",
    "confirmed",
    "maintains",
    "maintained",
    "argued",
    "insists",
    "signalled",
    "signaled",
    "refused",
    "agreed",
    "approved",
    "sent",
    "pledged",
    "promised",
    "called",
    "hit",
    "struck",
    "launched",
    "sanctioned",
    "backed",
    "supports",
    "supported",
    "opposes",
    "opposed",
    "wants",
    "hopes",
    "fears",
    "sees",
    "views",
    "considers",
];

/// Words between a capital and its verb ("Moscow has denied").
const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "will", "would", "could", "may", "might", "also", "again", "quickly",
    "later", "swiftly",
];

/// Prepositions that make the following capital a place ("in Moscow").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "to", "from", "at", "near", "outside", "inside", "into", "via", "through", "around",
    "across", "toward", "towards", "of", "between", "and", "on", "over", "within", "beyond",
];

/// How a national capital is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CapitalUse {
    /// A place ("talks in Moscow").
    Place,
    /// The subject of a verb of saying or acting: the government.
    Government,
    /// A possessive before a group noun ("Baku's defence ministry"): the
    /// group's mention takes it in.
    GroupOwner,
}

impl Ctx<'_> {
    /// The country when the document names exactly one.
    pub(super) fn only_country(&self) -> Option<u16> {
        let mut it = self.geo.countries.iter();
        match (it.next(), it.next()) {
            (Some(&c), None) => Some(c),
            _ => None,
        }
    }

    /// The country of a national capital written as a possessive right
    /// before word `w` ("Baku's defence ministry").
    pub(super) fn capital_owner(&self, w: usize) -> Option<(u16, usize)> {
        if w == 0 || self.words[w].gap != Gap::Space || !self.words[w - 1].poss {
            return None;
        }
        let Cand::Dict { senses, w0, .. } = &self.cands[self.end_at[w]?] else {
            return None;
        };
        let p = self.capital_sense(senses)?;
        Some((self.g.places[p as usize].country?, *w0))
    }

    /// The national capital among `senses`, if one.
    fn capital_sense(&self, senses: &[super::Sense]) -> Option<u32> {
        senses.iter().find_map(|s| match *s {
            super::Sense::Place(p, _) if self.g.capitals.contains(&p) => Some(p),
            _ => None,
        })
    }

    /// How the capital `place`, the candidate of words `w0..w1`, is used.
    pub(super) fn capital_use(&self, w0: usize, w1: usize, place: u32) -> CapitalUse {
        let words = self.words;
        if !self.g.capitals.contains(&place) || !words[w0].cap {
            return CapitalUse::Place;
        }
        let same_sentence = |k: usize| k < words.len() && self.sent[k] == self.sent[w0];
        let after_preposition = w0 > 0
            && same_sentence(w0 - 1)
            && matches!(words[w0].gap, Gap::Space)
            && PLACE_PREPOSITIONS.contains(&words[w0 - 1].key.as_str());
        if after_preposition {
            return CapitalUse::Place;
        }
        if words[w1 - 1].poss {
            let group_follows = matches!(
                self.start_at[w1].map(|i| &self.cands[i]),
                Some(Cand::Role { role, .. }) if self.g.roles[*role as usize].kind == "group"
            );
            return if group_follows {
                CapitalUse::GroupOwner
            } else {
                CapitalUse::Place
            };
        }
        let spoken = |k: usize| {
            same_sentence(k) && words[k].gap == Gap::Space && ACTS.contains(&words[k].key.as_str())
        };
        let bridged = same_sentence(w1)
            && words[w1].gap == Gap::Space
            && AUXILIARIES.contains(&words[w1].key.as_str())
            && spoken(w1 + 1);
        if spoken(w1) || bridged {
            CapitalUse::Government
        } else {
            CapitalUse::Place
        }
    }

    /// Makes `m` the government of country `c`, named by its capital.
    pub(super) fn capital_government(&self, m: &mut Ment, c: u16) {
        let code = format!("{}GOV", self.cameo(c));
        m.kind = EntityType::Org;
        m.name = format!("{} government", self.g.countries[c as usize].demonym);
        m.country = Some(self.iso3(c));
        m.key = Some(Key::Group(code.clone()));
        m.code = Some(code);
        m.role = Some("Government".to_string());
        m.mkind = MentionKind::Nominal;
        m.geo = None;
    }

    /// Fills `m`, the candidate of group noun `role` at words `w0..w1`, as
    /// a group actor. `false` when the noun names no actor here.
    pub(super) fn group(&self, m: &mut Ment, w0: usize, w1: usize, role: u16) -> bool {
        let g = self.g;
        // "rebel leader", "military officials": the noun before another
        // role noun only says which body the head noun belongs to
        let joined_role = |at: Option<usize>| match at.map(|i| &self.cands[i]) {
            Some(Cand::Role { role, .. }) => Some(&g.roles[*role as usize]),
            _ => None,
        };
        if w1 < self.words.len()
            && self.words[w1].gap == Gap::Space
            && joined_role(self.start_at[w1]).is_some()
        {
            return false;
        }
        let body = (self.words[w0].gap == Gap::Space)
            .then(|| self.end_at[w0])
            .flatten()
            .filter(|&i| joined_role(Some(i)).is_some_and(|b| b.kind == "group"));
        let r = &g.roles[role as usize];
        let (head, sector) = match body.and_then(|i| joined_role(Some(i)).map(|b| (i, b))) {
            Some((i, b)) if b.code != "GOV" => (self.cands[i].range().0, &b.code),
            Some((i, _)) => (self.cands[i].range().0, &r.code),
            None => (w0, &r.code),
        };
        let noun = self.span_text(head, w1).to_lowercase();
        let l = self.left(head);
        let (country, adj, start) = if let Some(c) = l.country {
            // "Indian troops": the adjective is part of the mention and the
            // name; "Ethiopia's foreign ministry": the country stays a
            // mention of its own and the name takes its demonym
            match (l.country_at, l.adj.clone()) {
                (Some((at, true)), Some(adj)) => (Some(c), adj, at),
                _ => (Some(c), g.countries[c as usize].demonym.clone(), head),
            }
        } else if let Some((c, at)) = self.capital_owner(head) {
            (Some(c), g.countries[c as usize].demonym.clone(), at)
        } else if r.alone {
            match self.only_country() {
                Some(c) => (Some(c), g.countries[c as usize].demonym.clone(), head),
                None => (None, String::new(), head),
            }
        } else {
            return false;
        };
        let code = match country {
            Some(c) => format!("{}{sector}", self.cameo(c)),
            None => sector.clone(),
        };
        m.kind = EntityType::Org;
        m.w0 = start;
        m.name = if adj.is_empty() {
            noun
        } else {
            format!("{adj} {noun}")
        };
        m.key = Some(Key::Group(code.clone()));
        m.country = country.map(|c| self.iso3(c));
        m.code = Some(code);
        m.role = Some(r.role.clone());
        m.mkind = MentionKind::Nominal;
        true
    }
}
