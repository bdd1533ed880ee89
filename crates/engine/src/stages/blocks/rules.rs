//! One-paragraph rules: boilerplate, bylines, author notes, headings,
//! speech cues for block quotations.

use super::lexicon::{
    AUTHOR_JOBS, BOILERPLATE_PREFIXES, FIRST_PERSON, NOT_NAMES, REPORTING_VERBS, SPEECH_CUES,
};
use super::text::{
    has_any_word, has_word, is_all_caps, is_capitalized, needles, word_count, words,
};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use regex::Regex;

/// The compiled one-paragraph rules.
#[derive(Debug)]
pub(super) struct LineRules {
    boilerplate: AhoCorasick,
    bio_is: Regex,
    bio_covers: Regex,
    bio_follow: Regex,
    bio_author: Regex,
    bio_follow_name: Regex,
    trailer: Regex,
}

/// Longest line taken for boilerplate.
const MAX_BOILERPLATE: usize = 260;
/// Bytes at the end of a speech cue that must hold the cue word.
const CUE_TAIL: usize = 60;
/// Longest "Updated 10:04 AM ET, Feb 13, 2024" line.
const MAX_STAMP: usize = 90;
/// Longest line taken for a byline.
const MAX_BYLINE: usize = 160;
/// Longest paragraph taken for an author note.
const MAX_BIO: usize = 700;
/// Longest "Follow him on Twitter" line taken as an author note by itself.
const MAX_FOLLOW: usize = 240;

impl LineRules {
    pub fn new() -> LineRules {
        let boilerplate = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(BOILERPLATE_PREFIXES)
            .expect("boilerplate patterns compile");
        let name = r"(?:\p{Lu}[\p{L}\p{M}'’\-]*\.?\s+){1,3}\p{Lu}[\p{L}\p{M}'’\-]+";
        LineRules {
            boilerplate,
            bio_is: Regex::new(&format!(
                r"^{name}\s+(?:is|was|has been|serves as|works as)\s+(?:a|an|the|our|\p{{Lu}}\S*(?:\s+\p{{Lu}}\S*){{0,3}}(?:’s|'s|’|'))\s"
            ))
            .expect("bio pattern"),
            bio_covers: Regex::new(&format!(
                r"^{name}\s+(?:covers|reports on|reports for|writes about|writes for|has covered|has reported|has written)\s"
            ))
            .expect("bio pattern"),
            bio_follow: Regex::new(
                r"(?i)\b(?:follow (?:him|her|them|me|the author)\b.{0,30}\b(?:on|at|@)|you can follow\b|can be reached at|contact (?:him|her|them|the author) at|email (?:him|her|them) at|(?:can )?reach (?:him|her|them) at|is the author of)",
            )
            .expect("bio follow pattern"),
            bio_author: Regex::new(
                r"^(?:(?:The|This|Our) (?:author|writer|columnist|reporter)s? (?:is|are|was|has|have|writes|teaches)\b|About the (?:author|writer)s?\b)",
            )
            .expect("bio author pattern"),
            bio_follow_name: Regex::new(
                r"(?:^|[.!?]\s+)(?:Follow|follow|Find|find)\s+(?:\p{Lu}[\p{L}.'’\-]*\s+){1,3}on\s+(?:Twitter|X|Facebook|Instagram|Threads|Bluesky|LinkedIn|Mastodon|Telegram|Gettr|Truth Social|Substack)\b",
            )
            .expect("bio follow-name pattern"),
            trailer: Regex::new(
                r"^\(?\s*(?:(?:Additional|Further)\s+)?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Rr]esearch|[Rr]eported|[Gg]raphics|[Pp]roduction|[Ww]ritten|[Ee]dited|[Tt]ranslated|[Ff]act-?checked)(?:\s+and\s+\w+)?\s+by\s+\S",
            )
            .expect("trailer pattern"),
        }
    }

    /// Navigation, share prompts, newsletter pleas, copyright lines.
    pub fn is_boilerplate(&self, line: &str) -> bool {
        if line.len() > MAX_BOILERPLATE {
            return false;
        }
        let start = line
            .char_indices()
            .find(|&(_, c)| c.is_alphanumeric() || c == '©' || c == '(')
            .map_or(line.len(), |(i, _)| i);
        if start > 8 {
            return false;
        }
        let s = &line[start..];
        if let Some(m) = self.boilerplate.find(Input::new(s).anchored(Anchored::Yes)) {
            let pat = BOILERPLATE_PREFIXES[m.pattern().as_usize()];
            let next = s[m.end()..].chars().next();
            let boundary =
                pat.ends_with([':', ' ', ',']) || next.is_none_or(|c| !c.is_alphanumeric());
            // Short prompts must be (nearly) the whole line.
            let whole_line_only = matches!(
                pat,
                "comments"
                    | "log in"
                    | "sign in"
                    | "advertisement"
                    | "watch now"
                    | "more from"
                    | "most read"
                    | "share this"
                    | "share on"
                    | "share via"
            );
            if boundary && (!whole_line_only || s.len() <= 60) {
                return true;
            }
        }
        if s.len() <= MAX_STAMP && is_timestamp(s) {
            return true;
        }
        let b = line.as_bytes();
        if (needles::reserved().find(b).is_some() || needles::reserved_caps().find(b).is_some())
            && ["ights reserved", "IGHTS RESERVED", "ights Reserved"]
                .iter()
                .any(|n| line.contains(n))
        {
            return true;
        }
        if s.len() >= 9 && s.as_bytes()[..9].eq_ignore_ascii_case(b"copyright") {
            let rest = s[9..].trim_start();
            return rest.starts_with(['©', '(']) || rest.starts_with(|c: char| c.is_ascii_digit());
        }
        line.contains('©') && line.len() <= 200
    }

    /// "By Jane Doe", "Reporting by ...; Editing by ...", "X contributed to
    /// this report". Contribution notes count as bylines: they credit the
    /// reporting, like the Reuters trailer.
    pub fn is_byline(&self, line: &str) -> bool {
        if line.len() <= MAX_BYLINE {
            let rest = [
                "By ",
                "BY ",
                "by ",
                "Written by ",
                "Words by ",
                "Story by ",
                "Text by ",
            ]
            .iter()
            .find_map(|p| line.strip_prefix(p));
            if let Some(rest) = rest {
                let first = rest.split_whitespace().next().unwrap_or("");
                let first = first.trim_end_matches([',', ':']);
                if is_capitalized(first)
                    && !NOT_NAMES.contains(&first)
                    && word_count(rest) <= 14
                    && !line.trim_end().ends_with(['.', '?', '!', ':'])
                    || is_capitalized(first)
                        && !NOT_NAMES.contains(&first)
                        && word_count(rest) <= 6
                        && !rest.contains(". ")
                {
                    return true;
                }
            }
        }
        // The trailer names its roles with " by " near the start.
        let head = &line.as_bytes()[..line.len().min(60)];
        if line.len() <= 400 && needles::by().find(head).is_some() && self.trailer.is_match(line) {
            return true;
        }
        line.len() <= 300
            && needles::contributed().find(line.as_bytes()).is_some()
            && (line.contains("contributed to this report")
                || line.contains("contributed reporting")
                || line.contains("contributed to this story")
                || line.contains("contributed to this article"))
    }

    /// A closing note about the author.
    pub fn is_author_bio(&self, line: &str) -> bool {
        if line.len() > MAX_BIO {
            return false;
        }
        // "*Jane Doe is ...", "— Jane Doe is ...".
        let line = line.trim_start_matches(|c: char| !c.is_alphanumeric());
        if self.bio_is.is_match(line) {
            let head = &line[..super::text::floor_boundary(line, 160)];
            if has_any_word(head, AUTHOR_JOBS) {
                return true;
            }
        }
        self.bio_covers.is_match(line)
            || line.len() <= MAX_FOLLOW
                && (self.bio_follow.is_match(line) || self.bio_follow_name.is_match(line))
            || self.bio_author.is_match(line)
    }

    /// A short title-case line without final punctuation.
    pub fn is_heading(&self, line: &str) -> bool {
        if line.len() > 110 || line.ends_with(['.', ',', ';', ':', '!', '"', '”', '’', '\'', ')'])
        {
            return false;
        }
        if !line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            return false;
        }
        let n = word_count(line);
        if !(2..=12).contains(&n) {
            return false;
        }
        if line.contains(['@', '#', '/']) || needles::http().find(line.as_bytes()).is_some() {
            return false;
        }
        if is_all_caps(line) {
            return true;
        }
        let mut content = 0;
        let mut caps = 0;
        for w in words(line) {
            if w.chars().count() >= 4 {
                content += 1;
                if is_capitalized(w) || w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    caps += 1;
                }
            }
        }
        content >= 1 && caps * 3 >= content * 2 && (content >= 2 || n <= 3)
    }

    /// A line ending in ':' that introduces someone's words.
    pub fn is_speech_cue(&self, line: &str) -> bool {
        if line.len() > 400 || !line.ends_with(':') {
            return false;
        }
        // The cue word belongs to the last clause: "X told the Duma on
        // Wednesday:", not "X said ... the following figures:".
        let tail = &line[super::text::floor_boundary(line, line.len().saturating_sub(CUE_TAIL))..];
        let tail = tail.rsplit_once(", ").map_or(tail, |(_, t)| t);
        has_any_word(tail, SPEECH_CUES)
    }
}

/// "Updated 10:04 AM ET, Tue February 13, 2024", "Published: 14 Feb 2024".
fn is_timestamp(s: &str) -> bool {
    const STAMPS: &[&str] = &[
        "updated",
        "last updated",
        "published",
        "first published",
        "posted on",
        "posted at",
    ];
    let b = s.as_bytes();
    STAMPS.iter().any(|p| {
        b.len() > p.len()
            && b[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            && !b[p.len()].is_ascii_alphanumeric()
    }) && b.iter().any(u8::is_ascii_digit)
}

/// A paragraph that reads as narration: it reports speech.
/// "he said", "Zakharova said", "according to"; not "as I said", "we said".
pub(super) fn reports_speech(line: &str) -> bool {
    if !has_any_word(line, REPORTING_VERBS) {
        return false;
    }
    let mut prev = "";
    for w in words(line) {
        if REPORTING_VERBS.contains(&w) && !matches!(prev, "I" | "we" | "We" | "you" | "You") {
            return true;
        }
        prev = w;
    }
    false
}

/// The paragraph after a cue talks about the cue's speaker in the third
/// person ("Lavrov told the Duma:" / "Lavrov has long argued ..."): it
/// is narration, unless it speaks in the first person.
pub(super) fn names_speaker(cue: &str, para: &str) -> bool {
    let speaker = words(cue)
        .take_while(|w| !SPEECH_CUES.contains(w))
        .filter(|w| is_capitalized(w) && w.chars().count() >= 4)
        .filter(|w| {
            !matches!(
                *w,
                "After" | "During" | "When" | "While" | "This" | "That" | "Then"
            )
        });
    let mut named = false;
    for w in speaker {
        if words(para).take(12).any(|p| p == w) {
            named = true;
            break;
        }
    }
    named && !FIRST_PERSON.iter().any(|w| has_word(para, w))
}

/// A paragraph that continues a quotation: opens with a quote mark, or
/// speaks in the first person without reporting verbs.
pub(super) fn continues_quote(line: &str) -> bool {
    if reports_speech(line) {
        return false;
    }
    line.starts_with(['“', '"', '‘', '\'', '«']) || FIRST_PERSON.iter().any(|w| has_word(line, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate() {
        let r = LineRules::new();
        for l in [
            "Sign up for our daily newsletter",
            "Advertisement",
            "ADVERTISEMENT",
            "Read more: Floods hit the north",
            "© 2024 Example Media. All rights reserved.",
            "Copyright 2023 The Daily Paper",
            "Click here to subscribe",
            "Related: How the vote works",
            "Share this article",
            "We use cookies to improve your experience.",
        ] {
            assert!(r.is_boilerplate(l), "{l}");
        }
        for l in [
            "Comments by the minister drew criticism from all sides of the house.",
            "Copyright law was the subject of the hearing.",
            "Reading more widely helps.",
            "Sharepoint was down.",
        ] {
            assert!(!r.is_boilerplate(l), "{l}");
        }
    }

    #[test]
    fn bylines() {
        let r = LineRules::new();
        assert!(r.is_byline("By Jane Doe"));
        assert!(r.is_byline("By Jane Doe and John Roe, Reuters"));
        assert!(r.is_byline("(Reporting by Ann Lee; Editing by Bo Kim)"));
        assert!(r.is_byline("Additional reporting by Sam Poe in Paris; Writing by Al Roy"));
        assert!(r.is_byline("The Associated Press contributed to this report."));
        assert!(!r.is_byline("By the end of the year, prices had doubled."));
        assert!(!r.is_byline("By Tuesday the talks had collapsed and both sides went home."));
    }

    #[test]
    fn bios() {
        let r = LineRules::new();
        assert!(r.is_author_bio("Jane K. Doe is a freelance writer based in Lima."));
        assert!(r.is_author_bio("Sam Poe covers energy for the paper."));
        assert!(r.is_author_bio("Follow her on Twitter @janedoe."));
        assert!(r.is_author_bio("He is a reporter. You can follow him on Twitter here."));
        assert!(!r.is_author_bio("Maduro is a socialist leader who won the vote."));
        assert!(!r.is_author_bio("John Smith is a former soldier who was arrested in May."));
        assert!(r.is_author_bio("Ana Ruiz is Daily Ledger’s Latin America correspondent."));
        assert!(r.is_author_bio("Follow Ana Ruiz on Facebook and Twitter."));
        assert!(!r.is_author_bio("Ana Ruiz is Venezuela’s top diplomat in Brazil."));
        assert!(reports_speech("“We will win,” he said."));
        assert!(!reports_speech("As I said before, we will not give up."));
        assert!(names_speaker(
            "Lavrov told the Duma on Wednesday:",
            "Lavrov has long argued for closer ties."
        ));
        assert!(!names_speaker(
            "Lavrov told the Duma on Wednesday:",
            "We are working within the group."
        ));
    }

    #[test]
    fn headings_and_cues() {
        let r = LineRules::new();
        assert!(r.is_heading("What Comes Next for the Talks"));
        assert!(r.is_heading("THE BACKSTORY"));
        assert!(!r.is_heading("The talks ended without a deal."));
        assert!(!r.is_heading("He said that the talks would go on"));
        assert!(r.is_speech_cue("In a statement, the ministry said:"));
        assert!(r.is_speech_cue("She wrote:"));
        assert!(!r.is_speech_cue("The measures include:"));
    }
}
