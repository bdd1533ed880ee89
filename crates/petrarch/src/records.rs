//! Validation records: PETRARCH's XML envelope (read line by line, since
//! the UD-PETRARCH files are not well-formed XML), and the PLOVER gold
//! standard records (JSON).

use crate::{read_text, Error};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// An expected (or coded) event: source, target and event codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Triple {
    /// Source actor code.
    pub source: String,
    /// Target actor code ("---" for none).
    pub target: String,
    /// Event code.
    pub code: String,
}

/// What a record expects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// The record's id.
    pub id: String,
    /// Its category (DEMO, ACTOR, ...).
    pub category: String,
    /// Its date, YYYYMMDD.
    pub date: String,
    /// `sentence="false"` / `evaluate="false"`: not to be scored.
    pub skip: bool,
    /// The sentence text.
    pub text: String,
    /// Expected events.
    pub expected: Vec<Triple>,
    /// `noevents="True"`: no event may be coded.
    pub no_events: bool,
    /// `error="..."`: the coder should raise this error (discards,
    /// datelines, bad parses).
    pub error: Option<String>,
    /// The `require_dyad` option in force (default true).
    pub require_dyad: bool,
    /// Line of the `<Sentence` tag.
    pub line: usize,
}

/// A validation file: the dictionaries its `<Environment>` names, and its
/// records.
#[derive(Debug, Clone, Default)]
pub struct ValidationFile {
    /// `<Verbfile>`.
    pub verb_file: Option<String>,
    /// `<Actorfile>` (may list several, comma-separated).
    pub actor_file: Option<String>,
    /// `<Agentfile>`.
    pub agent_file: Option<String>,
    /// `<Discardfile>`.
    pub discard_file: Option<String>,
    /// The records, in file order.
    pub records: Vec<Record>,
}

/// The value of attribute `name` in a tag's text.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let end = rest[1..].find(quote)?;
        return Some(rest[1..1 + end].to_string());
    }
    None
}

fn element_text(line: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let a = line.find(&open)? + open.len();
    let b = line[a..].find(&close)? + a;
    Some(line[a..b].trim().to_string())
}

/// Decodes the XML character references of a text ("&amp;" and the
/// numeric ones); an unknown reference stays as it is.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn truthy(v: &str) -> bool {
    v.eq_ignore_ascii_case("true")
}

impl ValidationFile {
    /// Reads a validation file.
    pub fn load(path: &Path) -> Result<ValidationFile, Error> {
        Ok(ValidationFile::parse(&read_text(path)?))
    }

    /// Parses validation-file text. Comments are skipped; a record runs
    /// from its `<Sentence` tag to `</Sentence>` or the next record.
    pub fn parse(text: &str) -> ValidationFile {
        let mut f = ValidationFile::default();
        let mut in_comment = false;
        let mut in_text = false;
        let mut in_parse = false;
        let mut require_dyad = true;
        let mut current: Option<Record> = None;
        for (n, raw) in text.lines().enumerate() {
            let mut line = raw.trim().to_string();
            // Drop comments, also several on a line and across lines.
            let mut kept = String::new();
            loop {
                if in_comment {
                    match line.find("-->") {
                        Some(e) => {
                            line = line[e + 3..].to_string();
                            in_comment = false;
                        }
                        None => {
                            line.clear();
                            break;
                        }
                    }
                } else {
                    match line.find("<!--") {
                        Some(s) => {
                            kept.push_str(&line[..s]);
                            line = line[s + 4..].to_string();
                            in_comment = true;
                        }
                        None => {
                            kept.push_str(&line);
                            break;
                        }
                    }
                }
            }
            let line = kept.trim();
            if line.is_empty() {
                continue;
            }
            if in_parse {
                if line.contains("</Parse>") {
                    in_parse = false;
                    if line.contains("</Sentence>") {
                        if let Some(r) = current.take() {
                            f.records.push(r);
                        }
                    }
                }
                continue;
            }
            if in_text {
                if let Some(r) = current.as_mut() {
                    let part = line.split("</Text>").next().unwrap_or("");
                    if !part.is_empty() {
                        if !r.text.is_empty() {
                            r.text.push(' ');
                        }
                        r.text.push_str(part.trim());
                    }
                }
                if line.contains("</Text>") {
                    in_text = false;
                }
                continue;
            }
            for (name, slot) in [
                ("Verbfile", &mut f.verb_file),
                ("Actorfile", &mut f.actor_file),
                ("Agentfile", &mut f.agent_file),
                ("Discardfile", &mut f.discard_file),
            ] {
                if let Some(v) = element_text(line, name) {
                    *slot = Some(v);
                }
            }
            if line.starts_with("<Config") {
                if attr(line, "option").as_deref() == Some("require_dyad") {
                    require_dyad = attr(line, "value").is_none_or(|v| truthy(&v));
                }
                continue;
            }
            if line.starts_with("<Sentence ") || line == "<Sentence>" {
                if let Some(r) = current.take() {
                    f.records.push(r);
                }
                let skip = attr(line, "sentence")
                    .or_else(|| attr(line, "evaluate"))
                    .is_some_and(|v| !truthy(&v));
                current = Some(Record {
                    id: attr(line, "id").unwrap_or_default(),
                    category: attr(line, "category").unwrap_or_default(),
                    date: attr(line, "date").unwrap_or_default(),
                    skip,
                    require_dyad,
                    line: n + 1,
                    ..Record::default()
                });
                continue;
            }
            let Some(r) = current.as_mut() else {
                continue;
            };
            if line.starts_with("<EventCoding") {
                if attr(line, "noevents").is_some_and(|v| truthy(&v)) {
                    r.no_events = true;
                } else if let Some(e) = attr(line, "error") {
                    r.error = Some(e);
                } else if let Some(code) = attr(line, "eventcode") {
                    r.expected.push(Triple {
                        source: attr(line, "sourcecode").unwrap_or_else(|| "---".into()),
                        target: attr(line, "targetcode").unwrap_or_else(|| "---".into()),
                        code,
                    });
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix("<Text>") {
                match rest.split_once("</Text>") {
                    Some((t, _)) => r.text = t.trim().to_string(),
                    None => {
                        r.text = rest.trim().to_string();
                        in_text = true;
                    }
                }
                continue;
            }
            if line.starts_with("<Parse>") {
                in_parse = !line.contains("</Parse>");
                if !in_parse && line.contains("</Sentence>") {
                    if let Some(r) = current.take() {
                        f.records.push(r);
                    }
                }
                continue;
            }
            if line.starts_with("</Sentence>") || line.starts_with("</Sentences>") {
                if let Some(r) = current.take() {
                    f.records.push(r);
                }
            }
        }
        if let Some(r) = current.take() {
            f.records.push(r);
        }
        for r in &mut f.records {
            r.text = unescape(&r.text);
        }
        f
    }
}

/// An actor of a PLOVER gold record.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct PloverActor {
    /// The words naming it.
    #[serde(rename = "actorText", default)]
    pub actor_text: String,
    /// ISO 3166-1 alpha-3 country, or "IGO", ...
    #[serde(default)]
    pub code: String,
    /// "GOV", "MIL", ...
    #[serde(default)]
    pub sector: Option<String>,
}

/// A PLOVER gold standard record.
#[derive(Debug, Clone, Deserialize)]
pub struct PloverRecord {
    /// Id.
    pub id: String,
    /// The event type (PLOVER 0.5b1 names).
    pub event: String,
    /// Mode, when given.
    #[serde(default)]
    pub mode: Option<String>,
    /// Date (ISO).
    #[serde(default)]
    pub date: Option<String>,
    /// The text.
    #[serde(default)]
    pub text: Option<String>,
    /// Sources.
    #[serde(default, deserialize_with = "actor_list")]
    pub source: Vec<PloverActor>,
    /// Targets (some records give "" for none).
    #[serde(default, deserialize_with = "actor_list")]
    pub target: Vec<PloverActor>,
}

/// A list of actors; anything else (an empty string) is no actor.
fn actor_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PloverActor>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|i| serde_json::from_value(i).ok())
            .collect(),
        serde_json::Value::Object(_) => serde_json::from_value(v).into_iter().collect(),
        _ => Vec::new(),
    })
}

impl PloverRecord {
    /// The event type in the current PLOVER names: DEMAND is REQUEST,
    /// DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is ASSAULT.
    pub fn current_event(&self) -> &str {
        match self.event.as_str() {
            "DEMAND" => "REQUEST",
            "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
            "FIGHT" => "ASSAULT",
            e => e,
        }
    }
}

/// Reads the PLOVER GSR (a JSON array); the DOCUMENT record is dropped.
pub fn load_plover(path: &Path) -> Result<Vec<PloverRecord>, Error> {
    let text = read_text(path)?;
    let all: Vec<PloverRecord> = serde_json::from_str(&text).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        what: e.to_string(),
    })?;
    Ok(all
        .into_iter()
        .filter(|r| r.event != "DOCUMENT" && r.text.is_some())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WELL_FORMED: &str = r#"<Validation>
<Environment>
    <Verbfile>V.txt</Verbfile>
    <Actorfile>A.txt</Actorfile>
</Environment>
<Sentences>
<!-- a comment with <Sentence id="X"> inside
   over lines -->
<Sentence date="19950104" id="ABOUT-01" category="DEMO" sentence="true">
<EventCoding sourcecode="RUSCOP" targetcode="RUSEDU" eventcode="212"></EventCoding>
<Text>
Russian police arrested
Russian students.
</Text>
<Parse>
(ROOT (S (NP (JJ Russian))))
</Parse>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="19950104" id="N-1" category="DEMO" sentence="false">
<EventCoding noevents="True"></EventCoding>
<Text>Nothing.</Text>
</Sentence>
</Sentences></Validation>
"#;

    const SELF_CLOSING: &str = r#"<Sentence category="OTHER" date="20150609" id="APPEALS_1" evaluate="true"/>
<EventCoding eventcode="138" sourcecode="USAGOV" targetcode="CHE" />
<EventCoding error="sentencediscard" />
<Text>
Obama wants to attack Switzerland.
</Text>
<Parse>
1	Obama	Obama	PROPN	NNP	_	2	nsubj	_	_
</Parse></Sentence>
<Sentence category="PASSIVE" date="20150609" id="PASSIVE_2" evaluate="true"/>
<EventCoding noevents="True" />
<Text>
A protestor demolished the building.
</Text>
"#;

    #[test]
    fn reads_both_envelopes() {
        let f = ValidationFile::parse(WELL_FORMED);
        assert_eq!(f.verb_file.as_deref(), Some("V.txt"));
        assert_eq!(f.actor_file.as_deref(), Some("A.txt"));
        assert_eq!(f.records.len(), 2);
        let r = &f.records[0];
        assert_eq!(r.id, "ABOUT-01");
        assert_eq!(r.text, "Russian police arrested Russian students.");
        assert_eq!(r.expected[0].code, "212");
        assert!(r.require_dyad && !r.skip);
        assert!(f.records[1].skip && f.records[1].no_events && !f.records[1].require_dyad);

        let g = ValidationFile::parse(SELF_CLOSING);
        assert_eq!(g.records.len(), 2);
        assert_eq!(g.records[0].text, "Obama wants to attack Switzerland.");
        assert_eq!(g.records[0].expected.len(), 1);
        assert_eq!(g.records[0].error.as_deref(), Some("sentencediscard"));
        assert!(g.records[1].no_events);
    }

    #[test]
    fn character_references() {
        assert_eq!(unescape("full &amp;TIETYPE ties"), "full &TIETYPE ties");
        assert_eq!(
            unescape("a &lt;b&gt; &#65;&#x42; &bogus; & c"),
            "a <b> AB &bogus; & c"
        );
    }

    #[test]
    fn attributes() {
        assert_eq!(attr(r#"<a x="1" id='b'>"#, "id").as_deref(), Some("b"));
        assert_eq!(attr(r#"<a xid="1">"#, "id"), None);
        assert_eq!(attr(r#"<a id=>"#, "id"), None);
    }
}
