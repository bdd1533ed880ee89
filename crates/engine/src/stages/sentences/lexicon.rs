//! Word lists shared by the sentence and token stages: abbreviations,
//! sentence starters and speech cues. Every lookup is a `match` on a short
//! lowercase stack buffer or on the word itself, so nothing allocates.

/// How an abbreviation behaves before a following word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbrev {
    /// Comes before a name and never ends a sentence: "Mr.", "Gen.", "Sen.".
    Title,
    /// Comes before a number: "No. 10", "Vol. 3". Before anything else it is
    /// read as an ordinary word ("The answer was No. The vote ...").
    Numeric,
    /// A month: never ends a sentence before a digit ("Feb. 7"), otherwise
    /// like [`Abbrev::Ambiguous`].
    Month,
    /// Leads into what follows and never ends a sentence: "e.g.", "i.e.",
    /// "vs.", "approx.", "cf.".
    Lead,
    /// May end a sentence or not: "Inc.", "Jr.", "etc.", "a.m.", "U.S.",
    /// state names ("Calif."), single initials. A boundary is made only
    /// before a common sentence starter ("The", "He", "But", ...).
    Ambiguous,
}

/// The abbreviation class of `word`, a run of ASCII letters with optional
/// inner periods and without its final period ("Feb", "U.S", "e.g").
///
/// Dotted words of short segments ("U.S", "Ph.D", "J.R.R") are always
/// abbreviations; single letters are initials ([`Abbrev::Ambiguous`]) when
/// capital. Some entries only count when capitalised ("No", "Ill", "Wash").
pub(crate) fn abbreviation(word: &[u8]) -> Option<Abbrev> {
    let n = word.len();
    if n == 0 || n > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    let mut dotted = false;
    for (d, &b) in buf.iter_mut().zip(word) {
        if b == b'.' {
            dotted = true;
        } else if !b.is_ascii_alphabetic() {
            return None;
        }
        *d = b.to_ascii_lowercase();
    }
    let lower = &buf[..n];
    let capital = word[0].is_ascii_uppercase();
    if dotted {
        if !dotted_shape(word) {
            return None;
        }
        return Some(match lower {
            b"e.g" | b"i.e" | b"c.f" => Abbrev::Lead,
            _ => Abbrev::Ambiguous,
        });
    }
    if n == 1 {
        return match lower {
            b"v" => Some(Abbrev::Lead),
            // "c. 1900", "p. 14"
            b"c" | b"p" if !capital => Some(Abbrev::Numeric),
            _ if capital => Some(Abbrev::Ambiguous),
            _ => None,
        };
    }
    use Abbrev::*;
    let (kind, needs_capital) = match lower {
        b"mr" | b"mrs" | b"ms" | b"mx" | b"dr" | b"drs" | b"prof" | b"gen" | b"gov" | b"sen"
        | b"rep" | b"reps" | b"sens" | b"lt" | b"col" | b"sgt" | b"capt" | b"adm" | b"maj"
        | b"cmdr" | b"cdr" | b"cpl" | b"pvt" | b"rev" | b"hon" | b"pres" | b"supt" | b"brig"
        | b"insp" | b"det" | b"atty" | b"amb" | b"gens" | b"messrs" | b"mme" | b"mmes"
        | b"mlle" | b"msgr" | b"fr" | b"mt" | b"rt" | b"lieut" | b"spc" | b"ens" | b"pfc" => {
            (Title, true)
        }
        // "no. 5" needs its capital ("He said no. 5 voted"), the others not.
        b"no" | b"nos" => (Numeric, true),
        b"vol" | b"vols" | b"art" | b"arts" | b"fig" | b"figs" | b"ch" | b"chap" | b"pt"
        | b"pts" | b"pp" | b"para" | b"sec" | b"secs" | b"tel" | b"nr" => (Numeric, false),
        b"pop" | b"approx" => (Numeric, false),
        b"jan" | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept"
        | b"oct" | b"nov" | b"dec" => (Month, true),
        // Weekdays behave like months: "Sat. Jan. 5", "on Sat. The game".
        b"mon" | b"tue" | b"tues" | b"wed" | b"thu" | b"thur" | b"thurs" | b"fri" | b"sat"
        | b"sun" => (Month, true),
        b"vs" | b"cf" | b"viz" | b"incl" | b"esp" | b"ca" | b"appx" => (Lead, false),
        b"inc" | b"corp" | b"ltd" | b"co" | b"plc" | b"jr" | b"sr" | b"bros" | b"dept"
        | b"univ" | b"assn" | b"assoc" | b"intl" | b"natl" | b"govt" | b"ave" | b"blvd" | b"rd"
        | b"st" | b"ft" | b"esq" | b"cos" | b"hwy" | b"sq" | b"apt" | b"ste" | b"dist" | b"div"
        | b"ed" | b"eds" | b"mfg" | b"inst" | b"ct" => (Ambiguous, true),
        b"etc" | b"al" | b"est" | b"min" | b"mins" | b"hr" | b"hrs" | b"yr" | b"yrs" | b"mos"
        | b"wk" | b"wks" | b"misc" => (Ambiguous, false),
        // US states, AP style.
        b"ala" | b"ariz" | b"ark" | b"calif" | b"colo" | b"conn" | b"del" | b"fla" | b"ga"
        | b"ill" | b"ind" | b"kan" | b"kans" | b"ky" | b"la" | b"md" | b"mass" | b"mich"
        | b"minn" | b"miss" | b"mo" | b"mont" | b"neb" | b"nev" | b"okla" | b"ore" | b"pa"
        | b"penn" | b"tenn" | b"tex" | b"va" | b"vt" | b"wash" | b"wis" | b"wyo" => {
            (Ambiguous, true)
        }
        _ => return None,
    };
    (!needs_capital || capital).then_some(kind)
}

/// "U.S", "Ph.D", "J.R.R", "a.m": segments of one or two letters
/// separated by single periods, at least two segments.
fn dotted_shape(word: &[u8]) -> bool {
    let mut seg = 0usize;
    let mut segs = 0usize;
    for &b in word {
        if b == b'.' {
            if seg == 0 {
                return false;
            }
            segs += 1;
            seg = 0;
        } else {
            seg += 1;
            if seg > 2 {
                return false;
            }
        }
    }
    seg > 0 && segs >= 1
}

/// Capitalised words that usually open a sentence. After an ambiguous
/// abbreviation ("U.S.", "Inc.", "p.m.", an initial), a boundary is made only
/// before one of these.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    matches!(
        word,
        "A" | "About"
            | "According"
            | "After"
            | "Again"
            | "All"
            | "Also"
            | "Although"
            | "An"
            | "And"
            | "Another"
            | "Any"
            | "As"
            | "At"
            | "Because"
            | "Before"
            | "Both"
            | "But"
            | "By"
            | "Despite"
            | "During"
            | "Each"
            | "Earlier"
            | "Either"
            | "Even"
            | "Every"
            | "Few"
            | "For"
            | "From"
            | "Further"
            | "He"
            | "Her"
            | "Here"
            | "His"
            | "How"
            | "However"
            | "I"
            | "If"
            | "In"
            | "Instead"
            | "It"
            | "Its"
            | "Just"
            | "Last"
            | "Later"
            | "Many"
            | "Meanwhile"
            | "More"
            | "Moreover"
            | "Most"
            | "Much"
            | "My"
            | "Neither"
            | "Never"
            | "Nevertheless"
            | "Next"
            | "No"
            | "Nor"
            | "Not"
            | "Now"
            | "Of"
            | "On"
            | "Once"
            | "One"
            | "Only"
            | "Or"
            | "Other"
            | "Our"
            | "Over"
            | "Several"
            | "She"
            | "Since"
            | "So"
            | "Some"
            | "Still"
            | "Such"
            | "That"
            | "The"
            | "Their"
            | "Then"
            | "There"
            | "These"
            | "They"
            | "This"
            | "Those"
            | "Though"
            | "Thus"
            | "To"
            | "Today"
            | "Under"
            | "Unlike"
            | "Until"
            | "We"
            | "What"
            | "When"
            | "Where"
            | "Whether"
            | "Which"
            | "While"
            | "Who"
            | "Why"
            | "With"
            | "Without"
            | "Yes"
            | "Too"
            | "Please"
            | "Let"
            | "Perhaps"
            | "Indeed"
            | "Recently"
            | "Finally"
            | "Among"
            | "Through"
            | "Following"
            | "Police"
            | "Officials"
            | "Authorities"
            | "Yesterday"
            | "Yet"
            | "You"
            | "Your"
    )
}

/// Verbs of saying that follow a quotation: "“Why?” Trump asked."
pub(crate) fn is_speech_cue(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "asked"
            | "asks"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "replied"
            | "wrote"
            | "writes"
            | "tweeted"
            | "shouted"
            | "yelled"
            | "explained"
            | "insisted"
            | "continued"
            | "stated"
            | "noted"
            | "argued"
            | "recalled"
            | "warned"
            | "declared"
            | "exclaimed"
            | "wondered"
            | "cried"
            | "screamed"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(abbreviation(b"Mr"), Some(Abbrev::Title));
        assert_eq!(abbreviation(b"MR"), Some(Abbrev::Title));
        assert_eq!(abbreviation(b"Feb"), Some(Abbrev::Month));
        assert_eq!(abbreviation(b"feb"), None);
        assert_eq!(abbreviation(b"No"), Some(Abbrev::Numeric));
        assert_eq!(abbreviation(b"no"), None);
        assert_eq!(abbreviation(b"U.S"), Some(Abbrev::Ambiguous));
        assert_eq!(abbreviation(b"e.g"), Some(Abbrev::Lead));
        assert_eq!(abbreviation(b"etc"), Some(Abbrev::Ambiguous));
        assert_eq!(abbreviation(b"K"), Some(Abbrev::Ambiguous));
        assert_eq!(abbreviation(b"k"), None);
        assert_eq!(abbreviation(b"ill"), None);
        assert_eq!(abbreviation(b"Ill"), Some(Abbrev::Ambiguous));
        assert_eq!(abbreviation(b"example.com"), None);
        assert_eq!(abbreviation(b"said"), None);
        assert_eq!(abbreviation(b"Washington"), None);
    }

    #[test]
    fn dotted() {
        assert!(dotted_shape(b"U.S"));
        assert!(dotted_shape(b"J.R.R"));
        assert!(dotted_shape(b"Ph.D"));
        assert!(!dotted_shape(b"pic.twitter"));
        assert!(!dotted_shape(b".S"));
        assert!(!dotted_shape(b"U..S"));
    }
}
