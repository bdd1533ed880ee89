//! One event per happening: reports of the same event within an article
//! are merged; dates that overlap without one containing the other are a
//! contradiction (a `date_mismatch` conflict); travel and presence events
//! become each person's itinerary.

use super::dates::{self, DayRange};
use crate::stages::entities::hash::FxMap;
use attache_doc::{
    Actor, Conflict, Entity, EntityType, Event, EventStatus, Itinerary, Place, Span, Stop,
};

/// Merged events and the conflicts found while merging.
pub struct Merged {
    /// Events, one per happening, in order of first report.
    pub events: Vec<Event>,
    /// Date contradictions.
    pub conflicts: Vec<Conflict>,
}

fn actor_key(a: &Option<Actor>, entities: &[Entity]) -> String {
    match a {
        None => String::new(),
        Some(a) => {
            // Places merge by country: "Caracas" and "Venezuela" are one trip.
            let place = a
                .entity
                .and_then(|e| entities.get(e as usize))
                .is_some_and(|e| {
                    matches!(e.kind, EntityType::Gpe | EntityType::Loc | EntityType::Fac)
                });
            match (place, &a.country, a.entity) {
                (true, Some(c), _) => format!("c:{c}"),
                (_, _, Some(e)) => format!("e:{e}"),
                _ => format!("n:{}", a.name.to_lowercase()),
            }
        }
    }
}

fn key(e: &Event, entities: &[Entity]) -> (String, String, String) {
    (
        actor_key(&e.source, entities),
        e.cameo[..e.cameo.len().min(3)].to_string(),
        actor_key(&e.target, entities),
    )
}

/// How specific a place is: a populated place beats a country.
fn specificity(p: &Option<Place>, entities: &[Entity]) -> u8 {
    let Some(p) = p else { return 0 };
    let feature = p
        .entity
        .and_then(|e| entities.get(e as usize))
        .and_then(|e| e.geo.as_ref())
        .and_then(|g| g.feature.as_deref())
        .unwrap_or("");
    if feature.starts_with("PPL") || feature.starts_with('S') {
        3
    } else if feature.starts_with("ADM") {
        2
    } else {
        1
    }
}

/// Merges reports of one event as they come. Two reports are one event
/// when source, CAMEO base code and target agree and their dates overlap
/// (or one is undated); an undated report joins the latest compatible
/// event. At most `cap` events are kept: a report that would start one more
/// is counted in `dropped` instead.
pub struct Merger<'a> {
    text: &'a str,
    entities: &'a [Entity],
    cap: usize,
    out: Vec<Event>,
    /// The events of each key, in order: only these can take a report.
    by_key: FxMap<(String, String, String), Vec<usize>>,
    conflicts: Vec<Conflict>,
    /// Events whose date is the union of contradicting reports: a later,
    /// narrower report must not hide the contradiction.
    widened: Vec<bool>,
    /// Where each event's current date was stated.
    dated_at: Vec<Span>,
    /// Reports left out because `cap` events were reached.
    pub dropped: usize,
}

impl<'a> Merger<'a> {
    /// A merger keeping at most `cap` events.
    pub fn new(text: &'a str, entities: &'a [Entity], cap: usize) -> Merger<'a> {
        Merger {
            text,
            entities,
            cap,
            out: Vec::new(),
            by_key: FxMap::default(),
            conflicts: Vec::new(),
            widened: Vec::new(),
            dated_at: Vec::new(),
            dropped: 0,
        }
    }

    /// Adds the next report, in the article's order.
    pub fn push(&mut self, ev: Event) {
        let k = key(&ev, self.entities);
        let range = ev.date.as_deref().and_then(dates::range);
        let out = &self.out;
        let candidate = self.by_key.get(&k).and_then(|same| {
            same.iter().rev().copied().find(|&i| {
                compatible(out[i].status, ev.status)
                    && match (range, out[i].date.as_deref().and_then(dates::range)) {
                        (Some(a), Some(b)) => a.overlaps(b),
                        _ => true,
                    }
            })
        });
        let Some(i) = candidate else {
            if self.out.len() >= self.cap {
                self.dropped += 1;
                return;
            }
            self.by_key.entry(k).or_default().push(self.out.len());
            self.widened.push(false);
            self.dated_at.push(ev.evidence);
            self.out.push(ev);
            return;
        };
        let existing = &mut self.out[i];
        let old = existing.date.as_deref().and_then(dates::range);
        match (old, range) {
            (None, Some(_)) => {
                existing.date = ev.date.clone();
                self.dated_at[i] = ev.evidence;
            }
            (Some(a), Some(b)) if a.contains(b) && a != b && !self.widened[i] => {
                existing.date = ev.date.clone();
                self.dated_at[i] = ev.evidence;
            }
            (Some(a), Some(b)) if a.contains(b) => {}
            (Some(a), Some(b)) if !b.contains(a) => {
                // Overlapping, neither within the other: the article
                // contradicts itself. Keep the union as the event's span.
                let first = existing.date.clone().unwrap_or_default();
                let second = ev.date.clone().unwrap_or_default();
                self.conflicts.push(Conflict {
                    kind: "date_mismatch".into(),
                    about: about(self.text, existing),
                    values: vec![first, second],
                    evidence: vec![self.dated_at[i], ev.evidence],
                });
                self.widened[i] = true;
                existing.date = Some(dates::value_of(DayRange {
                    first: a.first.min(b.first),
                    last: a.last.max(b.last),
                }));
            }
            _ => {}
        }
        if specificity(&ev.place, self.entities) > specificity(&existing.place, self.entities) {
            existing.place = ev.place.clone();
        }
        if existing.status == EventStatus::Occurred
            && ev.status != EventStatus::Occurred
            && old.is_none()
        {
            existing.status = ev.status;
        }
        existing.confidence = existing.confidence.max(ev.confidence);
        // Reports arrive in text order, so a repeated sentence can only be
        // the last one recorded.
        if existing.evidence != ev.evidence && existing.also.last() != Some(&ev.evidence) {
            existing.also.push(ev.evidence);
        }
    }

    /// The merged events and the conflicts found.
    pub fn finish(self) -> Merged {
        Merged {
            events: self.out,
            conflicts: self.conflicts,
        }
    }
}

/// Whether two reports' statuses can describe one event.
fn compatible(a: EventStatus, b: EventStatus) -> bool {
    use EventStatus::*;
    a == b || matches!((a, b), (Planned, Ongoing) | (Ongoing, Planned))
}

fn about(text: &str, e: &Event) -> String {
    let who = e.source.as_ref().map(|a| a.name.as_str()).unwrap_or("?");
    let what = e.trigger.text(text);
    let whom = e
        .place
        .as_ref()
        .map(|p| p.name.as_str())
        .or(e.target.as_ref().map(|t| t.name.as_str()));
    match whom {
        Some(w) if !what.contains(w) => format!("{who}: {what} {w}"),
        _ => format!("{who}: {what}"),
    }
}

/// Each person's dated stops, from travel events (visits) and meetings
/// with a place, leaving out what did not or will not happen as told.
pub fn itineraries(
    events: &[Event],
    entities: &[Entity],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Itinerary> {
    let mut people: Vec<(Actor, Vec<(DayRange, Stop)>)> = Vec::new();
    for (i, ev) in events.iter().enumerate() {
        let Some(src) = &ev.source else { continue };
        let is_person = src
            .entity
            .and_then(|e| entities.get(e as usize))
            .is_some_and(|e| e.kind == EntityType::Person);
        if !is_person
            || !ev.cameo.starts_with("04")
            || matches!(
                ev.status,
                EventStatus::Postponed
                    | EventStatus::Cancelled
                    | EventStatus::Negated
                    | EventStatus::Hypothetical
            )
        {
            continue;
        }
        let travel = ev.cameo == "042";
        let place = match (&ev.place, travel) {
            (Some(p), _) => p.clone(),
            (None, true) => match &ev.target {
                Some(t) if t.country.is_some() => Place {
                    entity: t.entity,
                    name: t.name.clone(),
                    country: t.country.clone(),
                    lat: None,
                    lon: None,
                    geonames_id: None,
                },
                _ => continue,
            },
            (None, false) => continue,
        };
        if place.country.is_none() {
            continue;
        }
        let Some(range) = ev.date.as_deref().and_then(dates::range) else {
            continue;
        };
        let person = Actor {
            entity: src.entity,
            name: src.name.clone(),
            country: src.country.clone(),
            code: src.code.clone(),
        };
        let slot = match people.iter().position(|(p, _)| p.entity == person.entity) {
            Some(s) => s,
            None => {
                people.push((person, Vec::new()));
                people.len() - 1
            }
        };
        let stops = &mut people[slot].1;
        let same = stops
            .iter()
            .position(|(r, s)| s.place.country == place.country && r.overlaps(range));
        match same {
            Some(j) => {
                let (r, stop) = &mut stops[j];
                stop.events.push(i as u32);
                if specificity(&Some(place.clone()), entities)
                    > specificity(&Some(stop.place.clone()), entities)
                {
                    stop.place = place;
                }
                if range.len() < r.len() && r.contains(range) && travel {
                    *r = range;
                    stop.date = ev.date.clone();
                } else if !r.contains(range)
                    && !range.contains(*r)
                    && r.len() <= 7
                    && range.len() <= 7
                {
                    // One stop, two day-level dates that overlap without
                    // agreeing: a contradiction, unless already reported.
                    let values = vec![
                        stop.date.clone().unwrap_or_default(),
                        ev.date.clone().unwrap_or_default(),
                    ];
                    let known = conflicts.iter().any(|c| {
                        c.values.iter().all(|v| values.contains(v))
                            || values.iter().all(|v| c.values.contains(v))
                    });
                    if !known {
                        let first = stop.events.first().and_then(|&e| events.get(e as usize));
                        conflicts.push(Conflict {
                            kind: "date_mismatch".into(),
                            about: format!("{}: stop in {}", src.name, stop.place.name),
                            values,
                            evidence: vec![first.map_or(ev.evidence, |f| f.evidence), ev.evidence],
                        });
                    }
                }
            }
            None => stops.push((
                range,
                Stop {
                    date: ev.date.clone(),
                    place,
                    status: ev.status,
                    events: vec![i as u32],
                },
            )),
        }
    }
    people
        .into_iter()
        .map(|(person, mut stops)| {
            stops.sort_by_key(|(r, _)| (r.first, r.last));
            Itinerary {
                person,
                stops: stops.into_iter().map(|(_, s)| s).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use attache_doc::BlockRole;

    fn report(source: &str, target: &str, at: u32) -> Event {
        let actor = |name: &str| Actor {
            entity: None,
            name: name.into(),
            country: None,
            code: None,
        };
        Event {
            source: Some(actor(source)),
            target: Some(actor(target)),
            cameo: "040".into(),
            quad_class: 1,
            goldstein: 1.0,
            plover_type: None,
            plover_mode: None,
            status: EventStatus::Occurred,
            date: None,
            place: None,
            evidence: Span::new(at as usize, at as usize + 5),
            trigger: Span::new(at as usize, at as usize + 1),
            block_role: BlockRole::Body,
            confidence: 0.5,
            also: Vec::new(),
        }
    }

    #[test]
    fn reports_merge_and_new_events_stop_at_the_cap() {
        let text = "x".repeat(100);
        let mut m = Merger::new(&text, &[], 2);
        m.push(report("A", "B", 0));
        m.push(report("A", "B", 10));
        m.push(report("A", "B", 10));
        m.push(report("C", "D", 20));
        // A third distinct event is over the cap; a report of a kept one is not.
        m.push(report("E", "F", 30));
        m.push(report("A", "B", 40));
        assert_eq!(m.dropped, 1);
        let merged = m.finish();
        assert_eq!(merged.events.len(), 2);
        let also: Vec<u32> = merged.events[0].also.iter().map(|s| s.start).collect();
        assert_eq!(also, [10, 40]);
    }
}
