//! Word lists for attribution: speech cues, words that end a noun phrase,
//! pronouns. Lookups hash the ASCII-lowercased word into a small table,
//! without allocation.

use std::sync::OnceLock;

/// Verbs of saying, in the forms news prose uses around quotations: past,
/// third person present, and the participle (`, saying ...`) where it is
/// rarely a noun or adjective.
const CUES: &[&str] = &[
    "accused",
    "accuses",
    "accusing",
    "acknowledged",
    "acknowledges",
    "acknowledging",
    "added",
    "adding",
    "adds",
    "admits",
    "admitted",
    "admitting",
    "affirmed",
    "affirms",
    "alleged",
    "alleges",
    "alleging",
    "announced",
    "announces",
    "announcing",
    "answered",
    "argued",
    "argues",
    "arguing",
    "asked",
    "asking",
    "asks",
    "asserted",
    "asserting",
    "asserts",
    "assured",
    "assures",
    "boasted",
    "boasting",
    "boasts",
    "cautioned",
    "cautioning",
    "cautions",
    "charged",
    "claimed",
    "claiming",
    "commented",
    "commenting",
    "complained",
    "complaining",
    "complains",
    "conceded",
    "concedes",
    "conceding",
    "concluded",
    "concludes",
    "concluding",
    "confirmed",
    "confirming",
    "confirms",
    "contended",
    "contending",
    "contends",
    "continued",
    "countered",
    "countering",
    "declared",
    "declares",
    "declaring",
    "denied",
    "denies",
    "denying",
    "emphasised",
    "emphasises",
    "emphasising",
    "emphasized",
    "emphasizes",
    "emphasizing",
    "explained",
    "explaining",
    "explains",
    "highlighted",
    "highlights",
    "informed",
    "informs",
    "insisted",
    "insisting",
    "insists",
    "joked",
    "jokes",
    "joking",
    "maintained",
    "mentioned",
    "noted",
    "noting",
    "observed",
    "pleaded",
    "pleading",
    "pleads",
    "pledged",
    "pledges",
    "pledging",
    "predicted",
    "predicting",
    "predicts",
    "proclaimed",
    "proclaiming",
    "proclaims",
    "promised",
    "quipped",
    "quipping",
    "quips",
    "recalled",
    "recalling",
    "recalls",
    "recounted",
    "recounting",
    "recounts",
    "reiterated",
    "reiterates",
    "reiterating",
    "remarked",
    "remarking",
    "repeated",
    "repeating",
    "replied",
    "replies",
    "replying",
    "reported",
    "responded",
    "responding",
    "responds",
    "retorted",
    "retorting",
    "retorts",
    "said",
    "saying",
    "says",
    "shouted",
    "shouts",
    "stated",
    "stating",
    "stressed",
    "stresses",
    "stressing",
    "suggested",
    "suggesting",
    "suggests",
    "swears",
    "swore",
    "telling",
    "tells",
    "testified",
    "testifies",
    "testifying",
    "told",
    "tweeted",
    "tweeting",
    "tweets",
    "underlined",
    "underlines",
    "underscored",
    "underscores",
    "underscoring",
    "urged",
    "urges",
    "urging",
    "vowed",
    "vowing",
    "vows",
    "warned",
    "warns",
    "wondered",
    "wondering",
    "wonders",
    "writes",
    "writing",
    "wrote",
    "yelled",
    "yelling",
    "yells",
];

/// Words that end a speaker's noun phrase when reading around a cue.
const NP_STOPS: &[&str] = &[
    "after",
    "also",
    "and",
    "as",
    "at",
    "because",
    "before",
    "but",
    "during",
    "earlier",
    "for",
    "from",
    "if",
    "in",
    "last",
    "later",
    "on",
    "once",
    "since",
    "that",
    "then",
    "today",
    "when",
    "where",
    "which",
    "while",
    "who",
    "with",
    "yesterday",
];

/// Words that may stand between a speaker and the cue verb: auxiliaries
/// and adverbs ("has also said", "is quoted as saying", "later told").
const AUX: &[&str] = &[
    "again",
    "already",
    "also",
    "as",
    "been",
    "did",
    "does",
    "had",
    "has",
    "have",
    "is",
    "later",
    "latest",
    "long",
    "often",
    "once",
    "previously",
    "privately",
    "publicly",
    "quoted",
    "recently",
    "repeatedly",
    "reportedly",
    "then",
    "was",
    "were",
    "will",
    "would",
];

/// Personal pronouns that can name a speaker.
const PRONOUNS: &[&str] = &["he", "i", "it", "she", "they", "we"];

/// A set of lowercase ASCII words: an open-addressing table of indices
/// into the list, hashed by FNV-1a, so a lookup is one hash and usually
/// one comparison.
struct WordSet {
    words: &'static [&'static str],
    slots: Vec<u16>,
}

fn fnv(bytes: &[u8]) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    h as usize
}

impl WordSet {
    fn new(words: &'static [&'static str]) -> WordSet {
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![0u16; size];
        for (i, w) in words.iter().enumerate() {
            let mut at = fnv(w.as_bytes()) & (size - 1);
            while slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = i as u16 + 1;
        }
        WordSet { words, slots }
    }

    fn contains(&self, lower: &[u8]) -> bool {
        let mask = self.slots.len() - 1;
        let mut at = fnv(lower) & mask;
        loop {
            match self.slots[at] {
                0 => return false,
                i if self.words[i as usize - 1].as_bytes() == lower => return true,
                _ => at = (at + 1) & mask,
            }
        }
    }
}

/// The table of a list, built on first use.
macro_rules! word_set {
    ($name:ident, $list:expr) => {
        fn $name() -> &'static WordSet {
            static SET: OnceLock<WordSet> = OnceLock::new();
            SET.get_or_init(|| WordSet::new($list))
        }
    };
}

word_set!(cue_set, CUES);
word_set!(stop_set, NP_STOPS);
word_set!(aux_set, AUX);
word_set!(pronoun_set, PRONOUNS);
word_set!(loose_set, LOOSE_CUES);

fn lower_in(word: &str, set: &WordSet) -> bool {
    if word.len() > 16 || !word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 16];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    set.contains(lower)
}

/// For each first letter, a bit per last letter of some cue (built at
/// compile time): most words are turned away on two bytes.
const CUE_ENDS: [u32; 26] = {
    let mut t = [0u32; 26];
    let mut i = 0;
    while i < CUES.len() {
        let w = CUES[i].as_bytes();
        let a = (w[0] - b'a') as usize;
        let z = w[w.len() - 1] - b'a';
        t[a] |= 1 << z;
        i += 1;
    }
    t
};

/// Present-tense cues that are also common nouns ("notes", "claims"): cues
/// only right after a quotation and its speaker (`,” Smith notes.`).
const LOOSE_CUES: &[&str] = &[
    "answers",
    "charges",
    "claims",
    "comments",
    "continues",
    "counters",
    "notes",
    "points",
    "posts",
    "remarks",
    "repeats",
    "reports",
    "states",
    "tells",
    "warns",
];

/// True for a cue word that is often a noun ("notes"), see [`LOOSE_CUES`].
pub fn is_loose_cue(word: &str) -> bool {
    lower_in(word, loose_set())
}

/// True for a verb of saying ("said", "Told").
pub fn is_cue(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() < 4 || b.len() > 16 {
        return false;
    }
    let a = b[0].to_ascii_lowercase().wrapping_sub(b'a') as usize;
    let z = b[b.len() - 1].to_ascii_lowercase().wrapping_sub(b'a') as u32;
    if a >= 26 || z >= 26 || CUE_ENDS[a] & (1 << z) == 0 {
        return false;
    }
    lower_in(word, cue_set())
}

/// True for a word that ends a speaker's noun phrase.
pub fn is_np_stop(word: &str) -> bool {
    lower_in(word, stop_set())
}

/// True for an auxiliary or adverb allowed between speaker and cue.
pub fn is_aux(word: &str) -> bool {
    lower_in(word, aux_set())
}

/// True for a personal pronoun that can name a speaker.
pub fn is_pronoun(word: &str) -> bool {
    lower_in(word, pronoun_set())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_unique() {
        for list in [CUES, NP_STOPS, AUX, PRONOUNS, LOOSE_CUES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn lookups_fold_case() {
        assert!(is_cue("Said") && is_cue("told") && !is_cue("sad"));
        assert!(is_pronoun("She") && !is_pronoun("Shell"));
        assert!(is_np_stop("On") && !is_np_stop("Ona"));
        assert!(!is_cue("überwältigend"));
        assert!(is_cue("saying") && is_cue("recounted") && !is_cue("States"));
        for w in CUES {
            assert!(is_cue(w) && (4..=16).contains(&w.len()), "{w}");
        }
        assert!(is_aux("Also") && !is_aux("Alsop"));
    }
}
