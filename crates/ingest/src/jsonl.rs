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
    #[serde(default)]
    pub published: Option<String>,
    /// URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Outlet.
    #[serde(default)]
    pub outlet: Option<String>,
    /// Author.
    #[serde(default)]
    pub author: Option<String>,
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// The `"id"` of a line that failed to parse, if one can be read from its
/// start, so the error record can still name the document.
pub fn salvage_id(line: &[u8]) -> Option<String> {
    let head = &line[..line.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    let at = head.find("\"id\"")?;
    let rest = head[at + 4..].trim_start().strip_prefix(':')?.trim_start();
    if let Some(s) = rest.strip_prefix('"') {
        let end = s.find('"')?;
        Some(s[..end].to_string())
    } else {
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        (end > 0).then(|| rest[..end].to_string())
    }
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
    }
}
