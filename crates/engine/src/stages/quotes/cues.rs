//! Word lists for attribution: speech cues, words that end a noun phrase,
//! pronouns. Lookups are on ASCII-lowercased words without allocation.

/// Verbs of saying, in the forms news prose uses around quotations.
const CUES: &[&str] = &[
    "acknowledged",
    "acknowledges",
    "added",
    "adds",
    "admitted",
    "admits",
    "affirmed",
    "affirms",
    "announced",
    "announces",
    "answered",
    "answers",
    "argued",
    "argues",
    "asked",
    "asks",
    "asserted",
    "asserts",
    "cautioned",
    "cautions",
    "claimed",
    "claims",
    "commented",
    "comments",
    "complained",
    "complains",
    "conceded",
    "concedes",
    "concluded",
    "concludes",
    "confirmed",
    "confirms",
    "contended",
    "contends",
    "continued",
    "continues",
    "declared",
    "declares",
    "denied",
    "denies",
    "emphasised",
    "emphasises",
    "emphasized",
    "emphasizes",
    "explained",
    "explains",
    "highlighted",
    "highlights",
    "informed",
    "informs",
    "insisted",
    "insists",
    "maintained",
    "maintains",
    "noted",
    "notes",
    "observed",
    "observes",
    "posted",
    "posts",
    "predicted",
    "predicts",
    "promised",
    "promises",
    "quipped",
    "recalled",
    "recalls",
    "reiterated",
    "reiterates",
    "remarked",
    "remarks",
    "replied",
    "replies",
    "reported",
    "reports",
    "responded",
    "responds",
    "said",
    "says",
    "shouted",
    "stated",
    "states",
    "stressed",
    "stresses",
    "suggested",
    "suggests",
    "tells",
    "told",
    "tweeted",
    "tweets",
    "underlined",
    "underlines",
    "underscored",
    "underscores",
    "urged",
    "urges",
    "vowed",
    "vows",
    "warned",
    "warns",
    "wrote",
    "writes",
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
    "when",
    "where",
    "which",
    "while",
    "who",
    "with",
    "yesterday",
    "today",
    "earlier",
    "who",
];

/// Personal pronouns that can name a speaker.
const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it"];

fn lower_in(word: &str, list: &[&str]) -> bool {
    if word.len() > 16 || !word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 16];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    list.iter().any(|w| w.as_bytes() == lower)
}

/// True for a verb of saying ("said", "Told").
pub fn is_cue(word: &str) -> bool {
    lower_in(word, CUES)
}

/// True for a word that ends a speaker's noun phrase.
pub fn is_np_stop(word: &str) -> bool {
    lower_in(word, NP_STOPS)
}

/// True for a personal pronoun that can name a speaker.
pub fn is_pronoun(word: &str) -> bool {
    lower_in(word, PRONOUNS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_fold_case() {
        assert!(is_cue("Said") && is_cue("told") && !is_cue("sad"));
        assert!(is_pronoun("She") && !is_pronoun("Shell"));
        assert!(is_np_stop("On") && !is_np_stop("Ona"));
        assert!(!is_cue("überwältigend"));
    }
}
