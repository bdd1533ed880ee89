//! Query filters and their validation: a name that folds to nothing (empty,
//! blank, punctuation or wildcard characters only) or a date that is not a
//! real calendar date is refused rather than silently matching everything
//! or nothing.

use crate::merge::{self, MergedEvent};

/// A filter value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    /// A name without a letter or digit.
    #[error("{what} {value:?} names nothing: give a name with letters or digits")]
    EmptyName {
        /// Which filter ("--actor").
        what: &'static str,
        /// The value given.
        value: String,
    },
    /// Not an ISO 8601 calendar date.
    #[error("{what} {value:?} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate {
        /// Which filter ("--from").
        what: &'static str,
        /// The value given.
        value: String,
    },
}

/// Refuses a name that folds to nothing (matching would then be vacuous).
///
/// # Errors
/// [`FilterError::EmptyName`].
pub fn check_name(what: &'static str, value: &str) -> Result<(), FilterError> {
    if merge::fold(value).is_empty() {
        return Err(FilterError::EmptyName {
            what,
            value: value.to_string(),
        });
    }
    Ok(())
}

/// Refuses a date bound that is not a real date (YYYY, YYYY-MM,
/// YYYY-MM-DD; ISO weeks and intervals are accepted too).
///
/// # Errors
/// [`FilterError::BadDate`].
pub fn check_date(what: &'static str, value: &str) -> Result<(), FilterError> {
    // A bound is a day, month, year or week: no time, no interval (the
    // range reader would ignore what follows a 'T').
    let plain = !value.contains(['T', '/']);
    if !plain || merge::date_range(value).is_none() {
        return Err(FilterError::BadDate {
            what,
            value: value.to_string(),
        });
    }
    Ok(())
}

/// Filters of `attache events`; all optional, all must hold.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Source or target actor: name (folded, full or surname), code or
    /// country.
    pub actor: Option<String>,
    /// Target actor, as `actor`.
    pub target: Option<String>,
    /// CAMEO code prefix ("04", "042").
    pub cameo: Option<String>,
    /// Earliest date (ISO 8601): events whose date ends before are dropped.
    pub from: Option<String>,
    /// Latest date: events whose date starts after are dropped.
    pub to: Option<String>,
    /// Status ("planned").
    pub status: Option<String>,
    /// Place name (folded, whole words) or country code.
    pub place: Option<String>,
}

impl EventFilter {
    /// Refuses names that name nothing and dates that are not dates.
    ///
    /// # Errors
    /// The first bad value.
    pub fn validate(&self) -> Result<(), FilterError> {
        let names = [
            ("--actor", &self.actor),
            ("--target", &self.target),
            ("--place", &self.place),
        ];
        for (what, v) in names {
            if let Some(v) = v {
                check_name(what, v)?;
            }
        }
        check_dates(self.from.as_deref(), self.to.as_deref())
    }

    /// Whether a merged event passes.
    pub fn matches(&self, m: &MergedEvent) -> bool {
        let e = &m.event;
        let actor_hit = |q: &str| {
            e.source
                .as_ref()
                .is_some_and(|a| merge::actor_matches(a, q))
                || e.target
                    .as_ref()
                    .is_some_and(|a| merge::actor_matches(a, q))
        };
        if self.actor.as_deref().is_some_and(|q| !actor_hit(q)) {
            return false;
        }
        if let Some(q) = &self.target {
            if !e
                .target
                .as_ref()
                .is_some_and(|a| merge::actor_matches(a, q))
            {
                return false;
            }
        }
        if self
            .cameo
            .as_deref()
            .is_some_and(|c| !e.cameo.starts_with(c))
        {
            return false;
        }
        if self
            .status
            .as_deref()
            .is_some_and(|s| !e.status.eq_ignore_ascii_case(s))
        {
            return false;
        }
        if let Some(q) = &self.place {
            let hit = e.place.as_ref().is_some_and(|p| {
                merge::contains_words(&merge::fold(&p.name), &merge::fold(q))
                    || p.country
                        .as_deref()
                        .is_some_and(|c| c.eq_ignore_ascii_case(q))
            });
            if !hit {
                return false;
            }
        }
        in_range(e.date.as_deref(), self.from.as_deref(), self.to.as_deref())
    }
}

/// Refuses `from`/`to` bounds that are not dates.
///
/// # Errors
/// [`FilterError::BadDate`].
pub fn check_dates(from: Option<&str>, to: Option<&str>) -> Result<(), FilterError> {
    if let Some(v) = from {
        check_date("--from", v)?;
    }
    if let Some(v) = to {
        check_date("--to", v)?;
    }
    Ok(())
}

/// Whether a date value falls in `[from, to]`; with a bound given, an
/// undated fact falls outside.
pub fn in_range(date: Option<&str>, from: Option<&str>, to: Option<&str>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some((s, e)) = date.and_then(merge::date_range) else {
        return false;
    };
    if let Some((fs, _)) = from.and_then(merge::date_range) {
        if e < fs {
            return false;
        }
    }
    if let Some((_, te)) = to.and_then(merge::date_range) {
        if s > te {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_letters_and_impossible_dates_are_refused() {
        for bad in ["", " ", "%", "\\", ".", "_", "%%_"] {
            assert!(check_name("--actor", bad).is_err(), "{bad:?}");
        }
        assert!(check_name("--actor", "Lavrov").is_ok());
        for bad in [
            "garbage",
            "2024-13-45",
            "2023-02-29",
            "2024-1-1",
            "",
            "99999",
        ] {
            assert!(check_date("--from", bad).is_err(), "{bad:?}");
        }
        for good in ["2024", "2024-02", "2024-02-29", "2024-W07"] {
            assert!(check_date("--from", good).is_ok(), "{good:?}");
        }
    }
}
