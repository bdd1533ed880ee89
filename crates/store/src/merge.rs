//! Cross-article merge: pure functions from the events and itinerary stops
//! of many articles to merged events (with their mentions) and merged
//! itineraries (with the articles behind each stop, and the conflicts
//! between articles). No database here: the store loads the per-article
//! facts and calls these.
//!
//! Two events are the same event when their actors match (a person by
//! folded surname, a collective actor by its code or country), their CAMEO
//! root (first two digits) is equal, their dates overlap (a missing date
//! overlaps anything) and their places match (a missing place matches
//! anything).

use crate::model::{Actor, Event, Evidence, Place, Stop};
use serde::Serialize;
use std::collections::HashMap;

/// Folds a name for matching: lower case, accents and punctuation dropped,
/// single spaces.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = deaccent(c);
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            space = true;
        }
    }
    out
}

fn deaccent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'ç' | 'č' | 'ć' => 'c',
        'Ç' | 'Č' | 'Ć' => 'C',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ñ' | 'ń' => 'n',
        'Ñ' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'Š' | 'Ś' => 'S',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        _ => c,
    }
}

/// The key two actors must share to be the same actor: `p:surname` for a
/// person, `c:CODE` for a coded collective actor, `n:folded name` else.
pub fn actor_key(actor: &Actor, person: bool) -> String {
    if person {
        let folded = fold(&actor.name);
        if let Some(surname) = folded.rsplit(' ').next().filter(|s| !s.is_empty()) {
            return format!("p:{surname}");
        }
    }
    if let Some(code) = actor.code.as_deref().filter(|c| !c.is_empty()) {
        return format!("c:{code}");
    }
    if let Some(country) = actor.country.as_deref().filter(|c| !c.is_empty()) {
        return format!("c:{country}");
    }
    format!("n:{}", fold(&actor.name))
}

/// The key two places must share: the folded name, else the country.
pub fn place_key(place: &Place) -> String {
    let name = fold(&place.name);
    if name.is_empty() {
        place.country.clone().unwrap_or_default().to_lowercase()
    } else {
        name
    }
}

/// Whether an actor matches a query: its name (folded: whole, surname, or
/// a run of whole words), its code, or its country. A query that folds to
/// nothing matches nothing.
pub fn actor_matches(actor: &Actor, query: &str) -> bool {
    let q = fold(query);
    if q.is_empty() {
        return false;
    }
    contains_words(&fold(&actor.name), &q)
        || actor
            .code
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(query.trim()))
        || actor
            .country
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(query.trim()))
}

/// Whether the folded `words` occur in the folded `name` as whole words
/// ("lavrov" in "sergey lavrov", never "l" nor "avro"); empty `words`
/// never do.
pub fn contains_words(name: &str, words: &str) -> bool {
    if words.is_empty() {
        return false;
    }
    name.match_indices(words).any(|(at, _)| {
        let end = at + words.len();
        (at == 0 || name.as_bytes()[at - 1] == b' ')
            && (end == name.len() || name.as_bytes()[end] == b' ')
    })
}

/// An ISO 8601 date value (day, month, year, week, date-time, or an
/// interval of these) as an inclusive range of days since 1970-01-01.
pub fn date_range(value: &str) -> Option<(i64, i64)> {
    let value = value.trim();
    if let Some((a, b)) = value.split_once('/') {
        let (s, _) = date_range(a)?;
        let (_, e) = date_range(b)?;
        return (s <= e).then_some((s, e));
    }
    let value = value.split('T').next()?;
    let parts: Vec<&str> = value.split('-').collect();
    let year: i64 = parse_num(parts.first()?, 4)?;
    match parts.as_slice() {
        [_] => Some((days(year, 1, 1)?, days(year, 12, 31)?)),
        [_, w] if w.starts_with('W') => {
            let week: i64 = parse_num(&w[1..], 2)?;
            if !(1..=53).contains(&week) {
                return None;
            }
            // ISO week 1 holds 4 January; weeks start on Monday.
            let jan4 = days(year, 1, 4)?;
            let monday = jan4 - (jan4 + 3).rem_euclid(7);
            let start = monday + (week - 1) * 7;
            Some((start, start + 6))
        }
        [_, m] => {
            let m = parse_num(m, 2)?;
            let last = month_len(year, m)?;
            Some((days(year, m, 1)?, days(year, m, last)?))
        }
        [_, m, d] => {
            let d = days(year, parse_num(m, 2)?, parse_num(d, 2)?)?;
            Some((d, d))
        }
        _ => None,
    }
}

fn parse_num(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn month_len(y: i64, m: i64) -> Option<i64> {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// Days since 1970-01-01 of a civil date.
fn days(y: i64, m: i64, d: i64) -> Option<i64> {
    if !(1..=12).contains(&m) || d < 1 || d > month_len(y, m)? {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Whether two date values overlap; a missing or unreadable date overlaps
/// anything.
pub fn dates_overlap(a: Option<&str>, b: Option<&str>) -> bool {
    match (a.and_then(date_range), b.and_then(date_range)) {
        (Some((s1, e1)), Some((s2, e2))) => s1 <= e2 && s2 <= e1,
        _ => true,
    }
}

/// The CAMEO root: the first two digits.
pub fn cameo_root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// One article's event with what the merge needs about its article.
#[derive(Debug, Clone)]
pub struct ArticleEvent {
    /// The article's id.
    pub article: String,
    /// Its publication date.
    pub published: Option<String>,
    /// Its outlet (a source, in GDELT's sense).
    pub outlet: Option<String>,
    /// Whether the source actor is a person.
    pub source_person: bool,
    /// Whether the target actor is a person.
    pub target_person: bool,
    /// The event as the article's record has it.
    pub event: Event,
}

/// One report of a merged event.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    /// The article's id.
    pub article: String,
    /// The event's id in that article's record ("v2").
    pub event: String,
    /// Where that article states it.
    pub evidence: Evidence,
    /// The date that article gives.
    pub date: Option<String>,
    /// The status that article gives.
    pub status: String,
    /// The article's publication date.
    pub published: Option<String>,
}

/// An event reported by one or more articles: a record's `events[]` entry
/// plus its mentions and counts.
#[derive(Debug, Clone, Serialize)]
pub struct MergedEvent {
    /// The representative event (its id is "m1", "m2", ...).
    #[serde(flatten)]
    pub event: Event,
    /// Every report, in article order.
    pub mentions: Vec<Mention>,
    /// Number of mentions.
    pub num_mentions: usize,
    /// Number of distinct outlets (articles without an outlet count
    /// one each).
    pub num_sources: usize,
    /// Number of distinct articles.
    pub num_articles: usize,
    /// Earliest publication date among the articles.
    pub first_seen: Option<String>,
    /// Latest publication date among the articles.
    pub last_seen: Option<String>,
}

/// Merges the events of many articles. Output order: by first mention
/// (input order); ids "m1", "m2", ... in that order.
pub fn merge_events(events: Vec<ArticleEvent>) -> Vec<MergedEvent> {
    // Candidates share actors and CAMEO root; within a group, events join
    // when dates overlap and places match.
    let mut groups: HashMap<(String, String, String), Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        let s = e
            .event
            .source
            .as_ref()
            .map(|a| actor_key(a, e.source_person));
        let t = e
            .event
            .target
            .as_ref()
            .map(|a| actor_key(a, e.target_person));
        let key = (
            s.unwrap_or_default(),
            t.unwrap_or_default(),
            cameo_root(&e.event.cameo).to_string(),
        );
        groups.entry(key).or_default().push(i);
    }
    // Complete linkage: an event joins the first cluster of its group whose
    // every member it is compatible with, so an undated, placeless report
    // cannot chain two different events together.
    // Each event's date range and place key, computed once: the linkage
    // compares every pair of a group.
    let keys: Vec<MergeKey> = events.iter().map(|e| MergeKey::of(&e.event)).collect();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut group_list: Vec<Vec<usize>> = groups.into_values().collect();
    group_list.sort_by_key(|g| g[0]);
    for members in group_list {
        let first = clusters.len();
        for i in members {
            let hit = clusters[first..]
                .iter()
                .position(|c| c.iter().all(|&j| keys[i].compatible(&keys[j])));
            match hit {
                Some(k) => clusters[first + k].push(i),
                None => clusters.push(vec![i]),
            }
        }
    }
    clusters.sort_by_key(|c| c[0]);
    let mut out = Vec::with_capacity(clusters.len());
    for (n, members) in clusters.into_iter().enumerate() {
        let reports: Vec<&ArticleEvent> = members.iter().map(|&i| &events[i]).collect();
        let mut rep = representative(&reports);
        rep.id = format!("m{}", n + 1);
        out.push(summarise(rep, &reports));
    }
    out
}

/// What decides whether two reports in one group are the same event.
struct MergeKey {
    /// The date as days; None (missing or unreadable) overlaps anything.
    days: Option<(i64, i64)>,
    /// The place key; None matches anything.
    place: Option<String>,
}

impl MergeKey {
    fn of(e: &Event) -> MergeKey {
        MergeKey {
            days: e.date.as_deref().and_then(date_range),
            place: e.place.as_ref().map(place_key),
        }
    }

    fn compatible(&self, other: &MergeKey) -> bool {
        let dates = match (self.days, other.days) {
            (Some((s1, e1)), Some((s2, e2))) => s1 <= e2 && s2 <= e1,
            _ => true,
        };
        dates
            && match (&self.place, &other.place) {
                (Some(p), Some(q)) => p == q,
                _ => true,
            }
    }
}

/// The most frequent value (first seen wins ties).
fn most_common<'a, T: PartialEq + 'a>(items: impl Iterator<Item = &'a T>) -> Option<&'a T> {
    let mut counts: Vec<(&T, usize)> = Vec::new();
    for it in items {
        match counts.iter_mut().find(|(v, _)| *v == it) {
            Some((_, n)) => *n += 1,
            None => counts.push((it, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

fn representative(reports: &[&ArticleEvent]) -> Event {
    let first = &reports[0].event;
    let mut rep = first.clone();
    if let Some(code) = most_common(reports.iter().map(|r| &r.event.cameo)) {
        if let Some(e) = reports.iter().find(|r| &r.event.cameo == code) {
            rep.cameo = e.event.cameo.clone();
            rep.quad_class = e.event.quad_class;
            rep.goldstein = e.event.goldstein;
            rep.plover_type = e.event.plover_type.clone();
            rep.plover_mode = e.event.plover_mode.clone();
        }
    }
    if let Some(s) = most_common(reports.iter().map(|r| &r.event.status)) {
        rep.status = s.clone();
    }
    // Date: the most frequent; ties go to the narrowest.
    let dates: Vec<&String> = reports
        .iter()
        .filter_map(|r| r.event.date.as_ref())
        .collect();
    if !dates.is_empty() {
        let count = |d: &String| dates.iter().filter(|x| **x == d).count();
        let width = |d: &String| date_range(d).map(|(s, e)| e - s).unwrap_or(i64::MAX);
        rep.date = dates
            .iter()
            .max_by(|a, b| count(a).cmp(&count(b)).then(width(b).cmp(&width(a))))
            .map(|d| (*d).clone());
    }
    if rep.place.is_none() {
        rep.place = reports.iter().find_map(|r| r.event.place.clone());
    }
    for side in [true, false] {
        let slot = if side {
            &mut rep.source
        } else {
            &mut rep.target
        };
        if let Some(actor) = slot {
            // Keep the fullest name, and fill missing codes.
            for r in reports {
                let other = if side {
                    &r.event.source
                } else {
                    &r.event.target
                };
                if let Some(o) = other {
                    if o.name.len() > actor.name.len() {
                        actor.name = o.name.clone();
                    }
                    if actor.code.is_none() {
                        actor.code = o.code.clone();
                    }
                    if actor.country.is_none() {
                        actor.country = o.country.clone();
                    }
                }
            }
            // Entity ids are per article: meaningless once merged.
            actor.entity = None;
        }
    }
    if let Some(p) = &mut rep.place {
        p.entity = None;
    }
    rep.confidence = reports
        .iter()
        .map(|r| r.event.confidence)
        .fold(0.0, f32::max);
    rep
}

fn summarise(rep: Event, reports: &[&ArticleEvent]) -> MergedEvent {
    let mentions: Vec<Mention> = reports
        .iter()
        .map(|r| Mention {
            article: r.article.clone(),
            event: r.event.id.clone(),
            evidence: r.event.evidence.clone(),
            date: r.event.date.clone(),
            status: r.event.status.clone(),
            published: r.published.clone(),
        })
        .collect();
    let mut articles: Vec<&str> = reports.iter().map(|r| r.article.as_str()).collect();
    articles.sort_unstable();
    articles.dedup();
    let mut sources: Vec<String> = reports
        .iter()
        .map(|r| match &r.outlet {
            Some(o) => format!("o:{}", fold(o)),
            None => format!("a:{}", r.article),
        })
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let published = reports.iter().filter_map(|r| r.published.as_deref());
    let first_seen = published.clone().min().map(str::to_string);
    let last_seen = published.max().map(str::to_string);
    MergedEvent {
        event: rep,
        num_mentions: mentions.len(),
        num_sources: sources.len(),
        num_articles: articles.len(),
        mentions,
        first_seen,
        last_seen,
    }
}

/// One article's itinerary stop.
#[derive(Debug, Clone)]
pub struct ArticleStop {
    /// The article's id.
    pub article: String,
    /// Its publication date.
    pub published: Option<String>,
    /// The traveller as that article names them.
    pub person: Actor,
    /// The stop.
    pub stop: Stop,
}

/// A stop of a merged itinerary: a record's stop plus its articles.
#[derive(Debug, Clone, Serialize)]
pub struct MergedStop {
    /// When (the date most articles give).
    pub date: Option<String>,
    /// Where.
    pub place: Place,
    /// occurred | planned | ... (the most frequent).
    pub status: String,
    /// The events behind the stop, as "article#v1".
    pub events: Vec<String>,
    /// Ids of the articles that report the stop.
    pub articles: Vec<String>,
}

/// Incompatible values given by different articles.
#[derive(Debug, Clone, Serialize)]
pub struct MergedConflict {
    /// "date_mismatch".
    pub kind: String,
    /// What about ("Sergey Lavrov in Havana").
    pub about: String,
    /// The values.
    pub values: Vec<String>,
    /// For each value, the articles that give it.
    pub articles: Vec<Vec<String>>,
}

/// A person's itinerary across articles: a record's `itineraries[]` entry
/// plus the conflicts between articles.
#[derive(Debug, Clone, Serialize)]
pub struct MergedItinerary {
    /// The traveller.
    pub person: Actor,
    /// The stops, by date (undated last).
    pub stops: Vec<MergedStop>,
    /// Dates the articles disagree on.
    pub conflicts: Vec<MergedConflict>,
}

/// Two reports of a stop at the same place further apart than this are two
/// visits, not a disagreement.
const SAME_TRIP_DAYS: i64 = 31;

/// Merges the itinerary stops of one traveller (all `stops` are about the
/// same person) reported by many articles.
pub fn merge_itinerary(stops: Vec<ArticleStop>) -> Option<MergedItinerary> {
    let mut person = stops.first()?.person.clone();
    for s in &stops {
        if s.person.name.len() > person.name.len() {
            person.name = s.person.name.clone();
        }
        if person.code.is_none() {
            person.code = s.person.code.clone();
        }
        if person.country.is_none() {
            person.country = s.person.country.clone();
        }
    }
    person.entity = None;
    // By place, then clusters of overlapping dates.
    let mut by_place: Vec<(String, Vec<&ArticleStop>)> = Vec::new();
    for s in &stops {
        let key = place_key(&s.stop.place);
        match by_place.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(s),
            None => by_place.push((key, vec![s])),
        }
    }
    let mut merged = Vec::new();
    let mut conflicts = Vec::new();
    for (_, reports) in by_place {
        let mut clusters: Vec<Vec<&ArticleStop>> = Vec::new();
        let mut undated: Vec<&ArticleStop> = Vec::new();
        for r in reports {
            if r.stop.date.as_deref().and_then(date_range).is_none() {
                undated.push(r);
                continue;
            }
            let hit = clusters.iter().position(|c| {
                c.iter()
                    .all(|x| dates_overlap(x.stop.date.as_deref(), r.stop.date.as_deref()))
            });
            match hit {
                Some(i) => clusters[i].push(r),
                None => clusters.push(vec![r]),
            }
        }
        // Clusters close in time but disjoint in dates, from different
        // articles: one trip, conflicting dates. The best supported date
        // stays; the other becomes a conflict.
        let mut trips: Vec<Vec<Vec<&ArticleStop>>> = Vec::new();
        for c in clusters {
            let span = cluster_range(&c);
            let arts = article_set(&c);
            let hit = trips.iter().position(|t| {
                t.iter().any(|o| {
                    let (s, e) = cluster_range(o);
                    let close = span.0 - e <= SAME_TRIP_DAYS && s - span.1 <= SAME_TRIP_DAYS;
                    close && article_set(o) != arts
                })
            });
            match hit {
                Some(i) => trips[i].push(c),
                None => trips.push(vec![c]),
            }
        }
        if trips.is_empty() && !undated.is_empty() {
            merged.push(merged_stop(&undated, None));
            continue;
        }
        let single = trips.len() == 1;
        for mut trip in trips {
            // Most articles first; ties to the earliest date.
            trip.sort_by(|a, b| {
                article_set(b)
                    .len()
                    .cmp(&article_set(a).len())
                    .then(cluster_range(a).cmp(&cluster_range(b)))
            });
            let mut all: Vec<&ArticleStop> = trip.iter().flatten().copied().collect();
            if single {
                all.extend(undated.iter().copied());
            }
            let date = most_common_date(&trip[0]);
            if trip.len() > 1 {
                let place = &all[0].stop.place.name;
                conflicts.push(MergedConflict {
                    kind: "date_mismatch".into(),
                    about: format!("{} in {}", person.name, place),
                    values: trip
                        .iter()
                        .map(|c| most_common_date(c).unwrap_or_default())
                        .collect(),
                    articles: trip.iter().map(|c| article_set(c)).collect(),
                });
            }
            merged.push(merged_stop(&all, date));
        }
        if !single && !undated.is_empty() {
            merged.push(merged_stop(&undated, None));
        }
    }
    merged.sort_by_key(|s| {
        (
            s.date
                .as_deref()
                .and_then(date_range)
                .map(|r| r.0)
                .unwrap_or(i64::MAX),
            s.articles.first().cloned(),
        )
    });
    Some(MergedItinerary {
        person,
        stops: merged,
        conflicts,
    })
}

fn cluster_range(c: &[&ArticleStop]) -> (i64, i64) {
    c.iter()
        .filter_map(|s| s.stop.date.as_deref().and_then(date_range))
        .fold((i64::MAX, i64::MIN), |(s, e), (a, b)| (s.min(a), e.max(b)))
}

fn article_set(c: &[&ArticleStop]) -> Vec<String> {
    let mut v: Vec<String> = c.iter().map(|s| s.article.clone()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn most_common_date(c: &[&ArticleStop]) -> Option<String> {
    most_common(c.iter().filter_map(|s| s.stop.date.as_ref())).cloned()
}

fn merged_stop(reports: &[&ArticleStop], date: Option<String>) -> MergedStop {
    let mut place = reports[0].stop.place.clone();
    for r in reports {
        if place.country.is_none() {
            place.country = r.stop.place.country.clone();
        }
        if place.lat.is_none() {
            place.lat = r.stop.place.lat;
            place.lon = r.stop.place.lon;
            place.geonames_id = r.stop.place.geonames_id;
        }
    }
    place.entity = None;
    let status = most_common(reports.iter().map(|r| &r.stop.status))
        .cloned()
        .unwrap_or_default();
    let mut events = Vec::new();
    for r in reports {
        for e in &r.stop.events {
            events.push(format!("{}#{}", r.article, e));
        }
    }
    MergedStop {
        date,
        place,
        status,
        events,
        articles: article_set(reports),
    }
}

#[cfg(test)]
mod tests;
