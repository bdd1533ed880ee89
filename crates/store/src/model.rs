//! Owned, deserialisable views of the parts of a record (OUTPUT.md) the
//! store keeps. They read any record the engine writes: every field has a
//! default, unknown fields are ignored, so the engine may add fields freely.

use serde::{Deserialize, Serialize};

/// An actor of an event, the traveller of an itinerary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Actor {
    /// Entity id within its article ("e1").
    pub entity: Option<String>,
    /// Name.
    pub name: String,
    /// ISO 3166-1 alpha-3 country.
    pub country: Option<String>,
    /// CAMEO actor code.
    pub code: Option<String>,
}

/// A place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Place {
    /// Name.
    pub name: String,
    /// Country.
    pub country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// GeoNames id.
    pub geonames_id: Option<u64>,
    /// Entity id within its article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// A byte span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// Where an event is stated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Evidence {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Role of the block it lies in.
    pub block_role: String,
    /// The words that coded the event.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub trigger: String,
}

/// A CAMEO-coded event of one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    /// "v1", ...
    pub id: String,
    /// Who acted.
    pub source: Option<Actor>,
    /// Who was acted on.
    pub target: Option<Actor>,
    /// CAMEO code with its leading zero.
    pub cameo: String,
    /// Quad class.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// PLOVER type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plover_type: Option<String>,
    /// PLOVER mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plover_mode: Option<String>,
    /// occurred | planned | ...
    pub status: String,
    /// ISO 8601 date, month, week, year or interval.
    pub date: Option<String>,
    /// Where.
    pub place: Option<Place>,
    /// Where the text says it.
    pub evidence: Evidence,
    /// Confidence.
    pub confidence: f32,
}

/// One stop of an itinerary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stop {
    /// When.
    pub date: Option<String>,
    /// Where.
    pub place: Place,
    /// occurred | planned | ...
    pub status: String,
    /// Ids of the article's events behind the stop.
    pub events: Vec<String>,
}

/// A person's movements in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Itinerary {
    /// The traveller.
    pub person: Actor,
    /// The stops, in order.
    pub stops: Vec<Stop>,
}

/// A speaker of a quote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Speaker {
    /// Entity id.
    pub entity: Option<String>,
    /// Name.
    pub name: String,
}

/// A quotation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quote {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The quoted words.
    pub text: String,
    /// direct | partial | block | scare | indirect.
    pub kind: String,
    /// Who said it.
    pub speaker: Option<Speaker>,
    /// The cue ("said").
    pub cue: Option<String>,
}

/// An entity of an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entity {
    /// "e1", ...
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// PERSON | ORG | GPE | LOC | FAC | EVENT | OTHER.
    #[serde(rename = "type")]
    pub kind: String,
    /// Country.
    pub country: Option<String>,
    /// CAMEO actor code.
    pub code: Option<String>,
    /// Role or title.
    pub role: Option<String>,
    /// Mentions (only their number is kept).
    #[serde(skip_serializing)]
    pub mentions: Vec<serde::de::IgnoredAny>,
}

/// A self-contradiction found in an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Conflict {
    /// Kind ("date_mismatch").
    pub kind: String,
    /// What about.
    pub about: String,
    /// The incompatible values.
    pub values: Vec<String>,
    /// Where each is stated.
    pub evidence: Vec<Span>,
}

/// The parts of one article's record the store keeps in its tables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RecordView {
    /// Document id.
    pub id: String,
    /// Publication date.
    pub published: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Set instead of everything else when the document was unreadable.
    pub error: Option<String>,
    /// Entities.
    pub entities: Vec<Entity>,
    /// Quotations.
    pub quotes: Vec<Quote>,
    /// Events.
    pub events: Vec<Event>,
    /// Itineraries.
    pub itineraries: Vec<Itinerary>,
    /// Conflicts.
    pub conflicts: Vec<Conflict>,
}

impl RecordView {
    /// Whether the entity `id` ("e3") of this record is a person.
    pub fn is_person(&self, actor: &Actor) -> bool {
        match &actor.entity {
            Some(id) => self
                .entities
                .iter()
                .any(|e| &e.id == id && e.kind == "PERSON"),
            // No entity: a bare name without a code reads as a person.
            None => actor.code.is_none() && actor.name.contains(' '),
        }
    }
}
