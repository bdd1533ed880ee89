//! Word lists for attribution: speech cues, words that end a noun phrase,
//! pronouns. Lookups are binary searches on ASCII-lowercased words,
//! without allocation.

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

fn lower_in(word: &str, list: &[&str]) -> bool {
    if word.len() > 16 || !word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 16];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    // Every list is sorted (checked by a test): a binary search.
    list.binary_search_by(|w| w.as_bytes().cmp(lower)).is_ok()
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
    lower_in(word, LOOSE_CUES)
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
    lower_in(word, CUES)
}

/// True for a word that ends a speaker's noun phrase.
pub fn is_np_stop(word: &str) -> bool {
    lower_in(word, NP_STOPS)
}

/// Every speech cue word, and "according", for a prefilter over the text.
pub fn cue_words() -> impl Iterator<Item = &'static str> {
    CUES.iter().copied().chain(["according"])
}

/// True for an auxiliary or adverb allowed between speaker and cue.
pub fn is_aux(word: &str) -> bool {
    lower_in(word, AUX)
}

/// True for a personal pronoun that can name a speaker.
pub fn is_pronoun(word: &str) -> bool {
    lower_in(word, PRONOUNS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
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
