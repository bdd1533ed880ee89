//! Query parameters: parsed strictly (an unknown or repeated parameter is a
//! 400, not silently ignored), and pagination by `limit` and `cursor`.

use crate::error::ApiError;
use serde::Serialize;
use std::collections::BTreeMap;

/// Items per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;
/// The largest page.
pub const MAX_LIMIT: usize = 1000;

/// The parameters of one request.
#[derive(Debug, Default)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// Parses a query string, allowing only the names in `allowed`.
    ///
    /// # Errors
    /// A malformed query, an unknown or repeated name (400 `bad_filter`).
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| ApiError::bad_request("bad_filter", format!("query string: {e}")))?;
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad_request(
                    "bad_filter",
                    format!("unknown parameter {k:?}; this endpoint takes {allowed:?}"),
                ));
            }
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::bad_request(
                    "bad_filter",
                    format!("parameter {k:?} is given twice"),
                ));
            }
        }
        Ok(Params(map))
    }

    /// A parameter's value, if given.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }

    /// The page asked for.
    ///
    /// # Errors
    /// A limit outside 1..=[`MAX_LIMIT`] or a cursor this server did not
    /// write.
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = match self.0.get("limit") {
            None => DEFAULT_LIMIT,
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "bad_filter",
                        format!("limit {v:?}: give a whole number from 1 to {MAX_LIMIT}"),
                    )
                })?,
        };
        let offset = match self.0.get("cursor") {
            None => 0,
            Some(c) => decode_cursor(c).ok_or_else(|| {
                ApiError::bad_request(
                    "bad_cursor",
                    format!("cursor {c:?} is not one this server gave"),
                )
            })?,
        };
        Ok(Page { limit, offset })
    }
}

/// A window over an ordered answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Items at most.
    pub limit: usize,
    /// Items skipped.
    pub offset: usize,
}

/// One page of an answer.
#[derive(Debug, Serialize)]
pub struct Paged<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Items in the whole answer.
    pub total: usize,
    /// Pass as `cursor` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl Page {
    /// Cuts this page out of a whole answer. Answers are in a fixed order
    /// of stored values, so an offset names the same place on every call
    /// while the store is unchanged.
    pub fn cut<T>(self, mut all: Vec<T>) -> Paged<T> {
        let total = all.len();
        let start = self.offset.min(total);
        let end = start.saturating_add(self.limit).min(total);
        let items: Vec<T> = all.drain(start..end).collect();
        Paged {
            items,
            total,
            next_cursor: (end < total).then(|| encode_cursor(end)),
        }
    }
}

/// Cursors are opaque to clients: "o" and the offset in base 36.
fn encode_cursor(offset: usize) -> String {
    let mut digits = Vec::new();
    let mut n = offset;
    loop {
        digits.push(std::char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.push('o');
    digits.iter().rev().collect()
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let digits = cursor.strip_prefix('o')?;
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    usize::from_str_radix(digits, 36).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_strangers_are_refused() {
        for n in [0, 1, 35, 36, 1000, 123_456_789] {
            assert_eq!(decode_cursor(&encode_cursor(n)), Some(n));
        }
        for bad in ["", "o", "x12", "o-1", "o!!", "ozzzzzzzzzzzzzzzz"] {
            assert_eq!(decode_cursor(bad), None, "{bad}");
        }
    }

    #[test]
    fn pages_cover_the_answer_once() {
        let mut seen = Vec::new();
        let mut page = Page {
            limit: 3,
            offset: 0,
        };
        loop {
            let p = page.cut((0..10).collect::<Vec<i32>>());
            assert_eq!(p.total, 10);
            seen.extend(p.items);
            match p.next_cursor {
                Some(c) => page.offset = decode_cursor(&c).unwrap(),
                None => break,
            }
        }
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        let beyond = Page {
            limit: 5,
            offset: 99,
        }
        .cut(vec![1, 2]);
        assert!(beyond.items.is_empty() && beyond.next_cursor.is_none());
    }

    #[test]
    fn unknown_and_repeated_parameters_are_refused() {
        assert!(Params::parse(Some("actor=x&bogus=1"), &["actor"]).is_err());
        assert!(Params::parse(Some("actor=x&actor=y"), &["actor"]).is_err());
        let p = Params::parse(Some("actor=Sergey%20Lavrov"), &["actor"]).unwrap();
        assert_eq!(p.get("actor").as_deref(), Some("Sergey Lavrov"));
        for bad in ["limit=0", "limit=1001", "limit=x", "cursor=zz"] {
            let p = Params::parse(Some(bad), &["limit", "cursor"]).unwrap();
            assert!(p.page().is_err(), "{bad}");
        }
    }
}
