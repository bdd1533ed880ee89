//! Per-article look-ups: one stored record by its id, and the
//! self-contradictions the articles hold (`/api/conflicts`).

use crate::model::{Conflict, Span};
use crate::{article_order, take_text, Store, StoreError};
use serde::Serialize;

/// A contradiction stated inside one article: both values and where.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictRow {
    /// Article id.
    pub article: String,
    /// Its publication date.
    pub published: Option<String>,
    /// Kind ("date_mismatch").
    pub kind: String,
    /// What about.
    pub about: String,
    /// The incompatible values.
    pub values: Vec<String>,
    /// Where each is stated in the article's text.
    pub evidence: Vec<Span>,
}

impl Store {
    /// The stored record (JSON) of the document whose id is `id`, or of the
    /// document stored under the key `id` ("sha256:…" for inputs without
    /// an id); the latest stored when several documents share an id.
    ///
    /// # Errors
    /// Database errors.
    pub fn record(&mut self, id: &str) -> Result<Option<String>, StoreError> {
        let rows = self.db.query(
            "SELECT record FROM documents WHERE id = $1 OR doc_key = $1 \
             ORDER BY seq DESC, doc_key LIMIT 1",
            &[id.into()],
        )?;
        Ok(rows
            .into_iter()
            .next()
            .and_then(|mut r| take_text(&mut r, 0)))
    }

    /// Every article's conflicts, in article order (publication date, then
    /// document key) then record order, optionally only those of one kind.
    ///
    /// # Errors
    /// Database errors; a stored conflict that is not valid JSON.
    pub fn conflicts(&mut self, kind: Option<&str>) -> Result<Vec<ConflictRow>, StoreError> {
        let rows = self.db.query(
            "SELECT d.id, d.published, c.json, d.doc_key FROM conflicts c \
             JOIN documents d ON d.doc_key = c.doc_key ORDER BY d.doc_key, c.idx",
            &[],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for mut r in rows {
            let c: Conflict =
                serde_json::from_str(r[2].text().unwrap_or("{}")).map_err(|source| {
                    StoreError::Record {
                        id: r[0].text().unwrap_or("").to_string(),
                        source,
                    }
                })?;
            if kind.is_some_and(|k| k != c.kind) {
                continue;
            }
            let order = article_order(r[1].text(), r[3].text().unwrap_or(""));
            out.push((
                order,
                ConflictRow {
                    article: take_text(&mut r, 0).unwrap_or_default(),
                    published: take_text(&mut r, 1),
                    kind: c.kind,
                    about: c.about,
                    values: c.values,
                    evidence: c.evidence,
                },
            ));
        }
        // Stable: one article's conflicts keep their record order.
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out.into_iter().map(|(_, c)| c).collect())
    }
}
