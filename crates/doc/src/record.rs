//! The article record: the JSON shape every consumer reads
//! (`shared/spec/OUTPUT.md`), written from a processed [`Document`].
//!
//! Spans become `start`/`end` byte offsets; values that are spans in the
//! document (an image's caption and credit) become text here, because
//! readers of records should not need the text to read them.

use crate::{
    Actor, Diagnostic, Document, EntityType, EventStatus, Geo, MentionKind, Place, PublishedSource,
    Quote, QuoteKind, TimexType, TokenKind,
};
use serde::Serialize;

/// What to put in a record beyond the contract's fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordOptions {
    /// Add the `tokens` layer (large: one entry per token).
    pub tokens: bool,
}

/// One article record.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// The document's id.
    pub id: &'a str,
    /// Publication date, as given or inferred.
    pub published: Option<&'a str>,
    /// Where `published` came from.
    pub published_source: PublishedSource,
    /// Headline, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    /// URL, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// Outlet, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<&'a str>,
    /// Author, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    /// The text all offsets point into.
    pub text: &'a str,
    /// Blocks with roles.
    pub blocks: Vec<BlockOut>,
    /// The dateline, when the article has one.
    pub dateline: Option<DatelineOut<'a>>,
    /// Sentences.
    pub sentences: Vec<SentenceOut>,
    /// Tokens, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<TokenOut>>,
    /// Syntactic words (tags, lemmas, trees), with the tokens when the
    /// syntax layer is present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<WordOut<'a>>>,
    /// Entities with their mentions.
    pub entities: Vec<EntityOut<'a>>,
    /// Date and time expressions.
    pub timexes: Vec<TimexOut<'a>>,
    /// Quotations with their speakers.
    pub quotes: Vec<QuoteOut<'a>>,
    /// Reported speech without quotation marks (kind `indirect`). Kept
    /// apart from `quotes`, which holds quoted words only.
    pub reported_speech: Vec<QuoteOut<'a>>,
    /// CAMEO-coded events.
    pub events: Vec<EventOut<'a>>,
    /// Per-person dated stops.
    pub itineraries: Vec<ItineraryOut<'a>>,
    /// Embedded social posts.
    pub social_posts: Vec<SocialPostOut<'a>>,
    /// Images.
    pub images: Vec<ImageOut<'a>>,
    /// Tone (filled by the tone stage).
    pub tone: Option<serde_json::Value>,
    /// Self-contradictions.
    pub conflicts: Vec<ConflictOut<'a>>,
    /// Notes from ingest and stages.
    pub diagnostics: &'a [Diagnostic],
}

/// A block in a record.
#[derive(Debug, Serialize)]
pub struct BlockOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Role name.
    pub role: &'static str,
}

/// An entity in a record.
#[derive(Debug, Serialize)]
pub struct EntityOut<'a> {
    /// "e1", "e2", ... in layer order.
    pub id: String,
    /// Canonical name.
    pub name: &'a str,
    /// Type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Country, ISO 3166-1 alpha-3.
    pub country: Option<&'a str>,
    /// CAMEO actor code.
    pub code: Option<&'a str>,
    /// Role or title.
    pub role: Option<&'a str>,
    /// Geocoding, for places.
    pub geo: Option<&'a Geo>,
    /// Mentions.
    pub mentions: Vec<MentionOut<'a>>,
}

/// A mention in a record.
#[derive(Debug, Serialize)]
pub struct MentionOut<'a> {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The mention's text.
    pub text: &'a str,
    /// Name, nominal or pronoun.
    pub kind: MentionKind,
}

/// A time expression in a record.
#[derive(Debug, Serialize)]
pub struct TimexOut<'a> {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The expression's text.
    pub text: &'a str,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// ISO 8601 value.
    pub value: &'a str,
}

/// An actor in a record.
#[derive(Debug, Serialize)]
pub struct ActorOut<'a> {
    /// Entity id ("e1"), when the actor is an entity.
    pub entity: Option<String>,
    /// Name.
    pub name: &'a str,
    /// Country.
    pub country: Option<&'a str>,
    /// CAMEO actor code.
    pub code: Option<&'a str>,
}

impl<'a> ActorOut<'a> {
    fn new(a: &'a Actor) -> ActorOut<'a> {
        ActorOut {
            entity: a.entity.map(|i| entity_id(i as usize)),
            name: &a.name,
            country: a.country.as_deref(),
            code: a.code.as_deref(),
        }
    }
}

/// A place in a record.
#[derive(Debug, Serialize)]
pub struct PlaceOut<'a> {
    /// Name.
    pub name: &'a str,
    /// Country.
    pub country: Option<&'a str>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// GeoNames id.
    pub geonames_id: Option<u64>,
    /// Entity id, when the place is an entity.
    pub entity: Option<String>,
}

impl<'a> PlaceOut<'a> {
    fn new(p: &'a Place) -> PlaceOut<'a> {
        PlaceOut {
            name: &p.name,
            country: p.country.as_deref(),
            lat: p.lat,
            lon: p.lon,
            geonames_id: p.geonames_id,
            entity: p.entity.map(|i| entity_id(i as usize)),
        }
    }
}

/// A start/end pair in a record.
#[derive(Debug, Serialize)]
pub struct SpanOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// An event's evidence in a record.
#[derive(Debug, Serialize)]
pub struct EvidenceOut<'a> {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Role of the block it lies in.
    pub block_role: &'static str,
    /// The words that coded the event.
    pub trigger: &'a str,
}

/// An event in a record.
#[derive(Debug, Serialize)]
pub struct EventOut<'a> {
    /// "v1", "v2", ...
    pub id: String,
    /// Who acted.
    pub source: Option<ActorOut<'a>>,
    /// Who was acted on.
    pub target: Option<ActorOut<'a>>,
    /// CAMEO code.
    pub cameo: &'a str,
    /// Quad class.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// PLOVER type.
    pub plover_type: Option<&'a str>,
    /// PLOVER mode.
    pub plover_mode: Option<&'a str>,
    /// Status.
    pub status: EventStatus,
    /// The event's own date.
    pub date: Option<&'a str>,
    /// Where.
    pub place: Option<PlaceOut<'a>>,
    /// Where the text says it.
    pub evidence: EvidenceOut<'a>,
    /// Other places the article reports it.
    pub also: Vec<SpanOut>,
    /// Confidence.
    pub confidence: f32,
}

/// A stop in a record.
#[derive(Debug, Serialize)]
pub struct StopOut<'a> {
    /// When.
    pub date: Option<&'a str>,
    /// Where.
    pub place: PlaceOut<'a>,
    /// Occurred or planned.
    pub status: EventStatus,
    /// Event ids.
    pub events: Vec<String>,
}

/// An itinerary in a record.
#[derive(Debug, Serialize)]
pub struct ItineraryOut<'a> {
    /// The traveller.
    pub person: ActorOut<'a>,
    /// The stops.
    pub stops: Vec<StopOut<'a>>,
}

/// A conflict in a record.
#[derive(Debug, Serialize)]
pub struct ConflictOut<'a> {
    /// Kind.
    pub kind: &'a str,
    /// What about.
    pub about: &'a str,
    /// The incompatible values.
    pub values: &'a [String],
    /// Where each is stated.
    pub evidence: Vec<SpanOut>,
}

/// The event id used in records for the event at `index` in the layer.
pub fn event_id(index: usize) -> String {
    format!("v{}", index + 1)
}

/// A quotation in a record.
#[derive(Debug, Serialize)]
pub struct QuoteOut<'a> {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The quoted words.
    pub text: &'a str,
    /// Kind.
    pub kind: QuoteKind,
    /// Who said it.
    pub speaker: Option<SpeakerOut<'a>>,
    /// The attributing verb or phrase.
    pub cue: Option<&'a str>,
}

/// A speaker in a record.
#[derive(Debug, Serialize)]
pub struct SpeakerOut<'a> {
    /// Entity id ("e2"), when resolved.
    pub entity: Option<String>,
    /// Name.
    pub name: &'a str,
}

/// The entity id used in records for the entity at `index` in the layer.
pub fn entity_id(index: usize) -> String {
    format!("e{}", index + 1)
}

/// A dateline in a record.
#[derive(Debug, Serialize)]
pub struct DatelineOut<'a> {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// The place as written.
    pub place: &'a str,
    /// The agency, when given.
    pub agency: Option<&'a str>,
    /// ISO date, when given.
    pub date: Option<&'a str>,
}

/// A sentence in a record.
#[derive(Debug, Serialize)]
pub struct SentenceOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Index of its block.
    pub block: u32,
}

/// A token in a record.
#[derive(Debug, Serialize)]
pub struct TokenOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Lexical class.
    pub kind: TokenKind,
}

/// A syntactic word in a record.
#[derive(Debug, Serialize)]
pub struct WordOut<'a> {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Index of its token.
    pub token: u32,
    /// Universal part of speech.
    pub upos: &'static str,
    /// Penn Treebank tag.
    pub xpos: &'a str,
    /// Lemma.
    pub lemma: &'a str,
    /// UD features ("Mood=Ind|Tense=Past", "_" for none).
    pub feats: String,
    /// Index of the head word; `None` for a sentence's root.
    pub head: Option<u32>,
    /// Relation to the head.
    pub deprel: &'a str,
}

/// A social post in a record.
#[derive(Debug, Serialize)]
pub struct SocialPostOut<'a> {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Network.
    pub platform: &'a str,
    /// Display name.
    pub author: Option<&'a str>,
    /// Handle with "@".
    pub handle: Option<&'a str>,
    /// ISO date.
    pub date: Option<&'a str>,
    /// Hashtags without "#".
    pub hashtags: &'a [String],
    /// Links.
    pub links: &'a [String],
}

/// An image in a record.
#[derive(Debug, Serialize)]
pub struct ImageOut<'a> {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Caption text, credit excluded.
    pub caption: &'a str,
    /// Photo credit.
    pub credit: Option<&'a str>,
    /// Image URL, for HTML input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src: Option<&'a str>,
}

/// The record written for a document that could not be read.
#[derive(Debug, Serialize)]
pub struct ErrorRecord<'a> {
    /// The document's id, when it could be read; else its position.
    pub id: &'a str,
    /// What went wrong.
    pub error: &'a str,
}

impl<'a> Record<'a> {
    /// The record of a processed document.
    pub fn new(doc: &'a Document, options: RecordOptions) -> Record<'a> {
        let text = doc.text();
        let l = &doc.layers;
        Record {
            id: &doc.id,
            published: doc.meta.published.as_deref(),
            published_source: doc.meta.published_source,
            title: doc.meta.title.as_deref(),
            url: doc.meta.url.as_deref(),
            outlet: doc.meta.outlet.as_deref(),
            author: doc.meta.author.as_deref(),
            text,
            blocks: l
                .blocks
                .iter()
                .map(|b| BlockOut {
                    start: b.span.start,
                    end: b.span.end,
                    role: b.role.name(),
                })
                .collect(),
            dateline: l.dateline.as_ref().map(|d| DatelineOut {
                start: d.span.start,
                end: d.span.end,
                place: d.place.text(text),
                agency: d.agency.map(|a| a.text(text)),
                date: d.date.as_deref(),
            }),
            sentences: l
                .sentences
                .iter()
                .map(|s| SentenceOut {
                    start: s.span.start,
                    end: s.span.end,
                    block: s.block,
                })
                .collect(),
            tokens: options.tokens.then(|| {
                l.tokens
                    .iter()
                    .map(|t| TokenOut {
                        start: t.span.start,
                        end: t.span.end,
                        kind: t.kind,
                    })
                    .collect()
            }),
            words: (options.tokens && !l.syntax.words.is_empty()).then(|| {
                l.syntax
                    .words
                    .iter()
                    .map(|w| WordOut {
                        start: w.span.start,
                        end: w.span.end,
                        token: w.token,
                        upos: w.upos.name(),
                        xpos: &w.xpos,
                        lemma: &w.lemma,
                        feats: w.feats.to_ud(),
                        head: w.head,
                        deprel: &w.deprel,
                    })
                    .collect()
            }),
            entities: l
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| EntityOut {
                    id: entity_id(i),
                    name: &e.name,
                    kind: e.kind,
                    country: e.country.as_deref(),
                    code: e.code.as_deref(),
                    role: e.role.as_deref(),
                    geo: e.geo.as_ref(),
                    mentions: e
                        .mentions
                        .iter()
                        .map(|m| MentionOut {
                            start: m.span.start,
                            end: m.span.end,
                            text: m.span.text(text),
                            kind: m.kind,
                        })
                        .collect(),
                })
                .collect(),
            timexes: l
                .timexes
                .iter()
                .map(|t| TimexOut {
                    start: t.span.start,
                    end: t.span.end,
                    text: t.span.text(text),
                    kind: t.kind,
                    value: &t.value,
                })
                .collect(),
            quotes: l.quotes.iter().map(|q| quote_out(q, text)).collect(),
            reported_speech: l
                .reported_speech
                .iter()
                .map(|q| quote_out(q, text))
                .collect(),
            events: l
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| EventOut {
                    id: event_id(i),
                    source: e.source.as_ref().map(ActorOut::new),
                    target: e.target.as_ref().map(ActorOut::new),
                    cameo: &e.cameo,
                    quad_class: e.quad_class,
                    goldstein: e.goldstein,
                    plover_type: e.plover_type.as_deref(),
                    plover_mode: e.plover_mode.as_deref(),
                    status: e.status,
                    date: e.date.as_deref(),
                    place: e.place.as_ref().map(PlaceOut::new),
                    evidence: EvidenceOut {
                        start: e.evidence.start,
                        end: e.evidence.end,
                        block_role: e.block_role.name(),
                        trigger: e.trigger.text(text),
                    },
                    also: e
                        .also
                        .iter()
                        .map(|s| SpanOut {
                            start: s.start,
                            end: s.end,
                        })
                        .collect(),
                    confidence: e.confidence,
                })
                .collect(),
            itineraries: l
                .itineraries
                .iter()
                .map(|it| ItineraryOut {
                    person: ActorOut::new(&it.person),
                    stops: it
                        .stops
                        .iter()
                        .map(|s| StopOut {
                            date: s.date.as_deref(),
                            place: PlaceOut::new(&s.place),
                            status: s.status,
                            events: s.events.iter().map(|&i| event_id(i as usize)).collect(),
                        })
                        .collect(),
                })
                .collect(),
            social_posts: l
                .social_posts
                .iter()
                .map(|p| SocialPostOut {
                    start: p.span.start,
                    end: p.span.end,
                    platform: &p.platform,
                    author: p.author.as_deref(),
                    handle: p.handle.as_deref(),
                    date: p.date.as_deref(),
                    hashtags: &p.hashtags,
                    links: &p.links,
                })
                .collect(),
            images: l
                .images
                .iter()
                .map(|i| ImageOut {
                    start: i.span.start,
                    end: i.span.end,
                    caption: i.caption.text(text),
                    credit: i.credit.map(|c| c.text(text)),
                    src: i.src.as_deref(),
                })
                .collect(),
            tone: None,
            conflicts: l
                .conflicts
                .iter()
                .map(|c| ConflictOut {
                    kind: &c.kind,
                    about: &c.about,
                    values: &c.values,
                    evidence: c
                        .evidence
                        .iter()
                        .map(|s| SpanOut {
                            start: s.start,
                            end: s.end,
                        })
                        .collect(),
                })
                .collect(),
            diagnostics: &doc.diagnostics,
        }
    }
}

fn quote_out<'a>(q: &'a Quote, text: &'a str) -> QuoteOut<'a> {
    QuoteOut {
        start: q.span.start,
        end: q.span.end,
        text: q.span.text(text),
        kind: q.kind,
        speaker: q.speaker.as_ref().map(|s| SpeakerOut {
            entity: s.entity.map(|i| entity_id(i as usize)),
            name: &s.name,
        }),
        cue: q.cue.map(|c| c.text(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, BlockRole, DocumentMeta, Image, Span};

    #[test]
    fn record_has_every_layer_and_text_values() {
        let mut doc = Document::new("d1", "A photo (Jo Bloggs/AP).", DocumentMeta::default());
        doc.layers.blocks.push(Block {
            span: Span::new(0, 23),
            role: BlockRole::Caption,
        });
        doc.layers.images.push(Image {
            span: Span::new(0, 23),
            caption: Span::new(0, 7),
            credit: Some(Span::new(9, 21)),
            src: None,
        });
        let v = serde_json::to_value(Record::new(&doc, RecordOptions::default())).unwrap();
        for layer in [
            "blocks",
            "sentences",
            "entities",
            "timexes",
            "quotes",
            "events",
            "itineraries",
            "social_posts",
            "images",
            "conflicts",
        ] {
            assert!(v[layer].is_array(), "{layer} missing");
        }
        assert_eq!(v["images"][0]["credit"], "Jo Bloggs/AP");
        assert_eq!(v["images"][0]["caption"], "A photo");
        assert_eq!(v["blocks"][0]["role"], "caption");
        assert_eq!(v["published_source"], "unknown");
        assert!(v.get("tokens").is_none());
    }

    #[test]
    fn syntax_words_come_with_the_tokens_option_only() {
        use crate::{FeatValue, Feats, Syntax, SyntaxWord, Token, TokenKind, Upos};
        let mut doc = Document::new("d1", "It was seen.", DocumentMeta::default());
        doc.layers.tokens.push(Token {
            span: Span::new(3, 6),
            kind: TokenKind::Word,
        });
        doc.layers.syntax = Syntax {
            words: vec![SyntaxWord {
                span: Span::new(3, 6),
                token: 0,
                upos: Upos::Aux,
                xpos: "VBD".into(),
                lemma: "be".into(),
                feats: Feats {
                    tense: Some(FeatValue::Past),
                    person: Some(FeatValue::Third),
                    ..Feats::default()
                },
                head: None,
                deprel: "root".into(),
            }],
            token_words: vec![0],
        };
        let plain = serde_json::to_value(Record::new(&doc, RecordOptions::default())).unwrap();
        assert!(plain.get("words").is_none());
        let v = serde_json::to_value(Record::new(&doc, RecordOptions { tokens: true })).unwrap();
        let w = &v["words"][0];
        assert_eq!(
            (w["upos"].as_str(), w["lemma"].as_str()),
            (Some("AUX"), Some("be"))
        );
        assert_eq!(w["feats"], "Person=3|Tense=Past");
        assert!(w["head"].is_null());
        assert_eq!(
            Feats::from_ud("Person=3|Tense=Past|Foo=Bar"),
            doc.layers.syntax.words[0].feats
        );
    }
}
