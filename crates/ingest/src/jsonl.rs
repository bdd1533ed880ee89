//! The JSONL input document.

use serde::{Deserialize, Deserializer};

/// One input document as a JSONL line carries it (`shared/spec/OUTPUT.md`).
/// Unknown fields are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct JsonlDocument {
    /// The caller's id: a string, or a number taken as its decimal form.
    #[serde(default, deserialize_with = "string_or_number")]
    pub id: Option<String>,
    /// Plain text.
    #[serde(default)]
    pub text: Option<String>,
    /// HTML.
    #[serde(default)]
    pub html: Option<String>,
    /// ISO date or date-time.
    #[serde(default, deserialize_with = "meta_field")]
    pub published: Option<MetaField>,
    /// URL.
    #[serde(default, deserialize_with = "meta_field")]
    pub url: Option<MetaField>,
    /// Headline.
    #[serde(default, deserialize_with = "meta_field")]
    pub title: Option<MetaField>,
    /// Outlet.
    #[serde(default, deserialize_with = "meta_field")]
    pub outlet: Option<MetaField>,
    /// Author.
    #[serde(default, deserialize_with = "meta_field")]
    pub author: Option<MetaField>,
}

/// A metadata field as given: a string, or a value of another JSON type,
/// which costs the document that field (with a diagnostic), not the whole
/// document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaField {
    /// A string.
    Text(String),
    /// Another JSON type: its name ("a number", "an array", ...).
    NotText(&'static str),
}

fn meta_field<'de, D: Deserializer<'de>>(d: D) -> Result<Option<MetaField>, D::Error> {
    use serde_json::Value;
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(MetaField::Text(s)),
        Some(Value::Bool(_)) => Some(MetaField::NotText("a boolean")),
        Some(Value::Number(_)) => Some(MetaField::NotText("a number")),
        Some(Value::Array(_)) => Some(MetaField::NotText("an array")),
        Some(Value::Object(_)) => Some(MetaField::NotText("an object")),
    })
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// The `"id"` of a line that failed to parse (broken, cut at the size
/// limit), if the line's top-level object names one before it breaks, so
/// the error record can still name the document. Keys of nested objects
/// and text inside strings are skipped, not mistaken for the id.
pub fn salvage_id(line: &[u8]) -> Option<String> {
    let mut i = memchr::memchr(b'{', line)? + 1;
    let (mut depth, mut at_key) = (1usize, true);
    while let Some(&b) = line.get(i) {
        match b {
            b'"' => {
                let end = string_end(line, i)?;
                let after = skip_blanks(line, end);
                if depth == 1 && at_key && line.get(after) == Some(&b':') {
                    if &line[i..end] == b"\"id\"" {
                        return id_value(line, skip_blanks(line, after + 1));
                    }
                    at_key = false;
                }
                i = end;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1).filter(|&d| d > 0)?;
            }
            b',' if depth == 1 => at_key = true,
            _ => {}
        }
        if b != b'"' {
            i += 1;
        }
    }
    None
}

/// The index just past the string starting at `start` (a '"'), or `None`
/// when it is unterminated.
fn string_end(line: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', &line[i..])?;
        if line[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
        if i > line.len() {
            return None;
        }
    }
}

fn skip_blanks(line: &[u8], from: usize) -> usize {
    from + line[from.min(line.len())..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count()
}

/// The id value at `at`: a string, or a number taken as its decimal form
/// (as [`JsonlDocument`] reads it).
fn id_value(line: &[u8], at: usize) -> Option<String> {
    if line.get(at) == Some(&b'"') {
        let end = string_end(line, at)?;
        return serde_json::from_slice::<String>(&line[at..end]).ok();
    }
    let len = line[at.min(line.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        .count();
    let n: serde_json::Number = serde_json::from_slice(line.get(at..at + len)?).ok()?;
    Some(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salvages_ids_from_broken_lines() {
        assert_eq!(
            salvage_id(br#"{"id": "abc", "text": "unterminated"#),
            Some("abc".into())
        );
        assert_eq!(salvage_id(br#"{"id":42,"text":"#), Some("42".into()));
        assert_eq!(salvage_id(b"garbage"), None);
        assert_eq!(salvage_id(br#"{"id":"a\"b","#), Some("a\"b".into()));
        assert_eq!(salvage_id(br#"{"id":"#), None);
        assert_eq!(salvage_id(b"{\"id\":\"abc"), None);
        assert_eq!(salvage_id(b"{]]]}"), None);
    }

    #[test]
    fn every_cut_of_a_line_salvages_the_id_or_nothing() {
        // A line cut at the size limit can end anywhere, even mid-escape.
        let line = br#"{"meta":{"id":"no"},"id":"a\"b\u00e9","text":"x\\y"}"#;
        for end in 0..=line.len() {
            let id = salvage_id(&line[..end]);
            assert!(
                id.is_none() || id.as_deref() == Some("a\"bé"),
                "{end}: {id:?}"
            );
        }
        assert_eq!(salvage_id(line), Some("a\"bé".into()));
    }

    #[test]
    fn salvage_reads_only_the_top_level_id() {
        // An "id" inside the text or a nested object is not the document's.
        let line =
            br#"{"text":"the \"id\": \"x\" field", "meta":{"id":"inner"}, "id":"doc7", "html":"#;
        assert_eq!(salvage_id(line), Some("doc7".into()));
        assert_eq!(salvage_id(br#"{"meta":{"id":"inner"},"text":"#), None);
        // Far past the first kilobytes, as in a line cut at the size limit.
        let mut long = br#"{"text":""#.to_vec();
        long.extend(std::iter::repeat_n(b'a', 100_000));
        long.extend_from_slice(br#"","id":-12,"html":"cut"#);
        assert_eq!(salvage_id(&long), Some("-12".into()));
    }
}
