//! Half-open byte ranges into a document's text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
///
/// Offsets are `u32`: one document is capped well below 4 GiB by ingest, and
/// the smaller type halves the size of the token layer.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// Why a span could not be made over a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SpanError {
    /// `start > end`.
    #[error("span start {start} is after its end {end}")]
    Reversed {
        /// The start given.
        start: usize,
        /// The end given.
        end: usize,
    },
    /// The span reaches past the end of the text.
    #[error("span {start}..{end} is out of bounds for a text of {len} bytes")]
    OutOfBounds {
        /// The start given.
        start: usize,
        /// The end given.
        end: usize,
        /// The text's length.
        len: usize,
    },
    /// An end falls inside a multi-byte character.
    #[error("span end {offset} is not on a character boundary")]
    NotCharBoundary {
        /// The offending offset.
        offset: usize,
    },
}

impl Span {
    /// A span from raw offsets, trusted by the caller to be in bounds and on
    /// character boundaries of the text it is used with.
    ///
    /// # Panics
    /// In debug builds, when `start > end`.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// A span checked against `text`: in bounds, ordered, on char boundaries.
    ///
    /// # Errors
    /// Any [`SpanError`] that the offsets violate.
    pub fn checked(text: &str, start: usize, end: usize) -> Result<Span, SpanError> {
        if start > end {
            return Err(SpanError::Reversed { start, end });
        }
        if end > text.len() {
            return Err(SpanError::OutOfBounds {
                start,
                end,
                len: text.len(),
            });
        }
        for offset in [start, end] {
            if !text.is_char_boundary(offset) {
                return Err(SpanError::NotCharBoundary { offset });
            }
        }
        Ok(Span::new(start, end))
    }

    /// First byte as `usize`.
    #[inline]
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// One past the last byte as `usize`.
    #[inline]
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The covered text.
    ///
    /// # Panics
    /// When the span is not valid for `text` (a bug in the stage that made it).
    #[inline]
    pub fn text(self, text: &str) -> &str {
        &text[self.start()..self.end()]
    }

    /// The same span with leading and trailing white space of `text` removed.
    pub fn trim(self, text: &str) -> Span {
        let s = self.text(text);
        let lead = s.len() - s.trim_start().len();
        let body = s.trim();
        Span::new(self.start() + lead, self.start() + lead + body.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_rejects_bad_offsets() {
        let text = "Díaz";
        assert!(Span::checked(text, 0, 5).is_ok());
        assert_eq!(
            Span::checked(text, 2, 1),
            Err(SpanError::Reversed { start: 2, end: 1 })
        );
        assert_eq!(
            Span::checked(text, 0, 6),
            Err(SpanError::OutOfBounds {
                start: 0,
                end: 6,
                len: 5
            })
        );
        assert_eq!(
            Span::checked(text, 0, 2),
            Err(SpanError::NotCharBoundary { offset: 2 })
        );
    }

    #[test]
    fn trim_and_relations() {
        let text = "  hello  ";
        let s = Span::new(0, text.len()).trim(text);
        assert_eq!(s.text(text), "hello");
        assert!(Span::new(0, 9).contains(s));
        assert!(s.overlaps(Span::new(6, 8)));
        assert!(!s.overlaps(Span::new(7, 9)));
    }
}
