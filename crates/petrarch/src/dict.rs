//! Actor, agent and discard dictionaries in the PETRARCH/TABARI formats
//! (`docs/dictionaries.rst` of petrarch2).

use crate::{file_name, norm_word, read_text, Error, LineError};
use std::collections::HashMap;
use std::path::Path;

/// A phrase of a dictionary entry: normalised words, and whether the last
/// word may match as a stem (TABARI: no trailing `_`, so "ARGENTIN" matches
/// "Argentina" and "Argentine").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Words, normalised by [`norm_word`].
    pub words: Vec<String>,
    /// The last word matches any word it begins.
    pub stem_last: bool,
}

impl Phrase {
    /// Parses "ARNOR_", "CARAS GALADHON", "U.N._SECURITY_COUNCIL".
    pub fn parse(s: &str) -> Option<Phrase> {
        let s = s.trim();
        let stem_last = !s.ends_with('_');
        let words: Vec<String> = s
            .split(|c: char| c == '_' || c.is_whitespace())
            .map(norm_word)
            .filter(|w| !w.is_empty())
            .collect();
        (!words.is_empty()).then_some(Phrase { words, stem_last })
    }
}

/// A code valid for a span of dates (inclusive, YYYYMMDD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The actor code.
    pub code: String,
    /// First day, when bounded.
    pub from: Option<u32>,
    /// Last day, when bounded.
    pub to: Option<u32>,
}

/// One actor: its phrases and codes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActorEntry {
    /// The primary phrase first, then the `+` synonyms.
    pub phrases: Vec<Phrase>,
    /// The code when no date restriction applies.
    pub default_code: Option<String>,
    /// Date-restricted codes, in file order.
    pub dated: Vec<DatedCode>,
}

impl ActorEntry {
    /// The code on a date (YYYYMMDD): the first restriction that holds,
    /// else the default; with no date, the default, else the last dated code.
    pub fn code_on(&self, date: Option<u32>) -> Option<&str> {
        if let Some(d) = date {
            if let Some(c) = self
                .dated
                .iter()
                .find(|c| c.from.is_none_or(|f| f <= d) && c.to.is_none_or(|t| d <= t))
            {
                return Some(&c.code);
            }
            return self.default_code.as_deref();
        }
        self.default_code
            .as_deref()
            .or_else(|| self.dated.last().map(|c| c.code.as_str()))
    }
}

/// An actor dictionary.
#[derive(Debug, Clone, Default)]
pub struct ActorDict {
    /// The entries.
    pub entries: Vec<ActorEntry>,
    /// Lines skipped.
    pub problems: Vec<LineError>,
}

/// Parses "19950101", "950101" (years below 30 are 20YY).
fn parse_date(s: &str) -> Option<u32> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        8 => s.parse().ok(),
        6 => {
            let n: u32 = s.parse().ok()?;
            let yy = n / 10000;
            Some(n + if yy < 30 { 20_000_000 } else { 19_000_000 })
        }
        _ => None,
    }
}

/// Parses the inside of one `[...]`: "ARN", "AFGGOV >100201",
/// "USAELI 18970101-450703", "GOV <19991231".
fn parse_code(s: &str) -> Result<DatedCode, String> {
    let mut it = s.split_whitespace();
    let code = it.next().ok_or("empty code")?.to_string();
    let restriction: String = it.collect();
    let (from, to) = if restriction.is_empty() {
        (None, None)
    } else if let Some(d) = restriction.strip_prefix('>') {
        (Some(parse_date(d).ok_or("bad date")?), None)
    } else if let Some(d) = restriction.strip_prefix('<') {
        (None, Some(parse_date(d).ok_or("bad date")?))
    } else if let Some((a, b)) = restriction.split_once('-') {
        (
            Some(parse_date(a).ok_or("bad date")?),
            Some(parse_date(b).ok_or("bad date")?),
        )
    } else {
        return Err(format!("bad date restriction '{restriction}'"));
    };
    Ok(DatedCode { code, from, to })
}

/// Strips a `#` comment (and a TABARI `;` comment).
fn strip_comment(line: &str) -> &str {
    let cut = line.find(['#', ';']).unwrap_or(line.len());
    &line[..cut]
}

/// The `[...]` groups of a line and the text before the first one.
fn brackets(s: &str) -> Result<(&str, Vec<&str>), String> {
    let head_end = s.find('[').unwrap_or(s.len());
    let mut groups = Vec::new();
    let mut rest = &s[head_end..];
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        // The agents example in the docs closes one with '}'.
        let close = after.find([']', '}']).ok_or("unclosed '['")?;
        groups.push(after[..close].trim());
        rest = &after[close + 1..];
    }
    Ok((&s[..head_end], groups))
}

impl ActorDict {
    /// Reads an actor dictionary file.
    pub fn load(path: &Path) -> Result<ActorDict, Error> {
        let text = read_text(path)?;
        let mut d = ActorDict::default();
        d.add_text(&file_name(path), &text);
        Ok(d)
    }

    /// Parses dictionary text and appends its entries (several files make
    /// one dictionary).
    pub fn add_text(&mut self, file: &str, text: &str) {
        let mut current: Option<ActorEntry> = None;
        for (n, raw) in text.lines().enumerate() {
            let err = |what: String| LineError {
                file: file.to_string(),
                line: n + 1,
                what,
            };
            let t = raw.trim();
            if t.is_empty() || t.starts_with("<!--") || t.starts_with('#') {
                continue;
            }
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let (head, groups) = match brackets(line) {
                Ok(x) => x,
                Err(e) => {
                    self.problems.push(err(e));
                    continue;
                }
            };
            let indented = raw.starts_with([' ', '\t']);
            let synonym = line.trim_start().starts_with('+');
            if indented && head.trim().is_empty() || synonym {
                let Some(entry) = current.as_mut() else {
                    self.problems
                        .push(err("synonym or code before any actor".into()));
                    continue;
                };
                if synonym {
                    match Phrase::parse(head.trim_start().trim_start_matches('+')) {
                        Some(p) => entry.phrases.push(p),
                        None => self.problems.push(err("empty synonym".into())),
                    }
                }
                add_codes(entry, &groups, &mut self.problems, &err);
                continue;
            }
            if let Some(done) = current.take() {
                self.entries.push(done);
            }
            let Some(p) = Phrase::parse(head) else {
                self.problems.push(err("no phrase".into()));
                continue;
            };
            let mut entry = ActorEntry {
                phrases: vec![p],
                ..ActorEntry::default()
            };
            add_codes(&mut entry, &groups, &mut self.problems, &err);
            current = Some(entry);
        }
        if let Some(done) = current.take() {
            self.entries.push(done);
        }
    }
}

fn add_codes(
    entry: &mut ActorEntry,
    groups: &[&str],
    problems: &mut Vec<LineError>,
    err: &dyn Fn(String) -> LineError,
) {
    for g in groups {
        match parse_code(g) {
            Ok(c) if c.from.is_none() && c.to.is_none() => entry.default_code = Some(c.code),
            Ok(c) => entry.dated.push(c),
            Err(e) => problems.push(err(e)),
        }
    }
}

/// One agent: its forms and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// Singular and plural forms, each a list of normalised words.
    pub forms: Vec<Vec<String>>,
    /// The code without `~` ("GOV").
    pub code: String,
    /// `NGO~`: the code goes before the actor's code, not after.
    pub before: bool,
}

/// An agent dictionary.
#[derive(Debug, Clone, Default)]
pub struct AgentDict {
    /// The entries.
    pub entries: Vec<AgentEntry>,
    /// Lines skipped.
    pub problems: Vec<LineError>,
}

/// Regular plural of a phrase's last word.
fn plural(words: &[String]) -> Vec<String> {
    let mut out = words.to_vec();
    if let Some(last) = out.last_mut() {
        *last = if last.ends_with("ss") {
            format!("{last}es")
        } else if let Some(stem) = last
            .strip_suffix('y')
            .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
        {
            format!("{stem}ies")
        } else {
            format!("{last}s")
        };
    }
    out
}

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| c == '_' || c.is_whitespace())
        .map(norm_word)
        .filter(|w| !w.is_empty())
        .collect()
}

impl AgentDict {
    /// Reads an agent dictionary file.
    pub fn load(path: &Path) -> Result<AgentDict, Error> {
        let text = read_text(path)?;
        let mut d = AgentDict::default();
        d.add_text(&file_name(path), &text);
        Ok(d)
    }

    /// Parses dictionary text and appends its entries.
    pub fn add_text(&mut self, file: &str, text: &str) {
        let mut markers: HashMap<String, Vec<String>> = HashMap::new();
        for (n, raw) in text.lines().enumerate() {
            let err = |what: &str| LineError {
                file: file.to_string(),
                line: n + 1,
                what: what.to_string(),
            };
            let t = raw.trim();
            if t.is_empty() || t.starts_with("<!--") || t.starts_with('#') {
                continue;
            }
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            // "!PERSON! = MAN, MEN, WOMAN"
            if line.starts_with('!') {
                if let Some((name, list)) = line.split_once('=') {
                    let items = list
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    markers.insert(name.trim().to_string(), items);
                    continue;
                }
            }
            let (head, groups) = match brackets(line) {
                Ok(x) => x,
                Err(e) => {
                    self.problems.push(err(&e));
                    continue;
                }
            };
            let Some(code) = groups.first() else {
                self.problems.push(err("no [code]"));
                continue;
            };
            let (code, before) = if let Some(c) = code.strip_prefix('~') {
                (c, false)
            } else if let Some(c) = code.strip_suffix('~') {
                (c, true)
            } else {
                self.problems.push(err("agent code without '~'"));
                continue;
            };
            // Plural part "{...}".
            let (name, plurals) = match head.find('{') {
                Some(i) => {
                    let close = head[i..].find('}').map(|c| i + c);
                    let Some(close) = close else {
                        self.problems.push(err("unclosed '{'"));
                        continue;
                    };
                    let forms: Vec<Vec<String>> = head[i + 1..close]
                        .split_whitespace()
                        .map(words_of)
                        .filter(|w| !w.is_empty())
                        .collect();
                    (&head[..i], Some(forms))
                }
                None => (head, None),
            };
            // Substitution markers: each value replaces the marker, no plurals.
            let mut names = vec![(name.trim().to_string(), false)];
            for (m, values) in &markers {
                if names.iter().any(|(n, _)| n.contains(m.as_str())) {
                    names = names
                        .iter()
                        .flat_map(|(n, _)| values.iter().map(move |v| (n.replace(m, v), true)))
                        .collect();
                }
            }
            if names.iter().any(|(n, _)| n.contains('!')) {
                self.problems.push(err("undefined substitution marker"));
                continue;
            }
            let mut forms = Vec::new();
            for (n, substituted) in names {
                let w = words_of(&n);
                if w.is_empty() {
                    continue;
                }
                if !substituted {
                    match &plurals {
                        Some(p) => forms.extend(p.iter().cloned()),
                        None => forms.push(plural(&w)),
                    }
                }
                forms.push(w);
            }
            if forms.is_empty() {
                self.problems.push(err("no phrase"));
                continue;
            }
            self.entries.push(AgentEntry {
                forms,
                code: code.to_string(),
                before,
            });
        }
    }
}

/// A discard phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    /// Lowercase text, words separated by single spaces.
    pub text: String,
    /// `+`: the whole story is not coded, not just the sentence.
    pub story: bool,
    /// Trailing `_`: must end at a word boundary; else a stem.
    pub whole_word: bool,
}

/// A discard list.
#[derive(Debug, Clone, Default)]
pub struct DiscardList {
    /// The phrases.
    pub entries: Vec<Discard>,
}

impl DiscardList {
    /// Reads a discard file.
    pub fn load(path: &Path) -> Result<DiscardList, Error> {
        Ok(DiscardList::parse(&read_text(path)?))
    }

    /// Parses discard text.
    pub fn parse(text: &str) -> DiscardList {
        let mut entries = Vec::new();
        for raw in text.lines() {
            let t = raw.trim();
            if t.is_empty() || t.starts_with("<!--") || t.starts_with('#') {
                continue;
            }
            let line = strip_comment(raw).trim();
            let (story, line) = match line.strip_prefix('+') {
                Some(l) => (true, l.trim()),
                None => (false, line),
            };
            let whole_word = line.ends_with('_');
            let words: Vec<String> = line
                .split(|c: char| c == '_' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            if words.is_empty() {
                continue;
            }
            entries.push(Discard {
                text: words.join(" "),
                story,
                whole_word,
            });
        }
        DiscardList { entries }
    }

    /// The first discard phrase found in `text`, if any.
    pub fn find(&self, text: &str) -> Option<&Discard> {
        let hay: String = format!(
            " {} ",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        )
        .to_lowercase();
        self.entries.iter().find(|d| {
            let needle = format!(" {}", d.text);
            hay.match_indices(&needle).any(|(i, _)| {
                !d.whole_word
                    || hay[i + needle.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = "\
<!-- TEST ACTORS -->
ARNOR_  [ARN]
+ARNORIAN_
ARGENTIN  [ARG]   # stem
ENT
\t[ENT]
JAMES_BYRNES_  ; CountryInfo.txt
    [USAELI 18970101-450703]
    [USAGOV 450703-470121]
TRYGVE_LIE_\t[IGOUNO 460201-521110] [ELI]# IGOrulers.txt
BROKEN [ABC
+
";

    #[test]
    fn actors_parse_with_synonyms_dates_and_problems() {
        let mut d = ActorDict::default();
        d.add_text("t.actors", ACTORS);
        assert_eq!(d.entries.len(), 5, "{:?}", d.entries);
        let arnor = &d.entries[0];
        assert_eq!(arnor.phrases.len(), 2);
        assert_eq!(arnor.phrases[1].words, ["arnorian"]);
        assert!(!arnor.phrases[0].stem_last);
        assert!(d.entries[1].phrases[0].stem_last);
        assert_eq!(d.entries[2].default_code.as_deref(), Some("ENT"));
        let byrnes = &d.entries[3];
        assert_eq!(byrnes.code_on(Some(19460101)), Some("USAGOV"));
        assert_eq!(byrnes.code_on(Some(19300101)), Some("USAELI"));
        assert_eq!(byrnes.code_on(Some(19900101)), None);
        let lie = &d.entries[4];
        assert_eq!(lie.code_on(Some(19500101)), Some("IGOUNO"));
        assert_eq!(lie.code_on(Some(19700101)), Some("ELI"));
        // "BROKEN [ABC" and the empty synonym are reported, not fatal.
        assert_eq!(d.problems.len(), 2, "{:?}", d.problems);
        assert_eq!(d.problems[0].line, 11);
        assert!(d.problems[0].to_string().starts_with("t.actors:11:"));
    }

    #[test]
    fn dates_in_both_widths() {
        assert_eq!(parse_date("950101"), Some(19950101));
        assert_eq!(parse_date("070723"), Some(20070723));
        assert_eq!(parse_date("20041207"), Some(20041207));
        assert_eq!(parse_date("2004"), None);
        assert!(parse_code("AFGGOV >100201").is_ok_and(|c| c.from == Some(20100201)));
        assert!(parse_code("X 1-2-3").is_err());
    }

    const AGENTS: &str = "\
!PERSON! = MAN, MEN, WOMAN, WOMEN
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV] # mj
PRESIDENT [~GOV]
PARTY [~PTY]
CONGRESS!PERSON! [~LEG]
HUMAN_RIGHTS_BODY  [NGO~]
NOCODE
BAD [GOV]
";

    #[test]
    fn agents_parse_plurals_markers_and_prefix_codes() {
        let mut d = AgentDict::default();
        d.add_text("t.agents", AGENTS);
        let find = |w: &str| {
            d.entries
                .iter()
                .find(|e| e.forms.iter().any(|f| f.join(" ") == w))
        };
        assert_eq!(find("police").map(|e| e.forms.len()), Some(1));
        assert!(find("attorneys general").is_some());
        assert!(find("attorney generals").is_none());
        assert!(find("presidents").is_some());
        assert!(find("parties").is_some());
        assert_eq!(find("congresswomen").map(|e| e.code.as_str()), Some("LEG"));
        assert!(find("congresswomans").is_none());
        assert!(find("human rights body").is_some_and(|e| e.before));
        assert_eq!(d.problems.len(), 2);
    }

    #[test]
    fn discards_match_stems_and_words() {
        let d = DiscardList::parse("+WORLD CUP # x\nBASEBALL_\nBOXING\n");
        assert!(d.find("Brazil won the World Cup.").is_some_and(|x| x.story));
        assert!(d.find("a baseballs game").is_none());
        assert!(d.find("a baseball game").is_some());
        assert!(d.find("boxingday").is_some());
        assert!(d.find("kickboxing").is_none());
    }
}
