//! The annotation layers a pipeline adds to a document.
//!
//! Each layer is one `Vec`, sorted by span start, holding stand-off
//! annotations: spans into the text plus normalised values. Annotations refer
//! to each other by index into another layer, never by reference.

use crate::syntax::Syntax;
use crate::Span;
use serde::{Deserialize, Serialize};

/// Names of the layers, used by stages to declare what they need and add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Layer {
    /// Text blocks with roles.
    Blocks,
    /// Sentences, each inside one block.
    Sentences,
    /// Tokens, each inside one sentence.
    Tokens,
    /// Embedded social-media posts.
    SocialPosts,
    /// Images: captions and credits.
    Images,
    /// Named entities with their mentions.
    Entities,
    /// Date and time expressions with normalised values.
    Timexes,
    /// Quotations and reported speech with their speakers.
    Quotes,
    /// CAMEO-coded events.
    Events,
    /// Per-person dated travel stops.
    Itineraries,
    /// Places where the article contradicts itself.
    Conflicts,
    /// Syntactic words: tags, lemmas, features, dependency trees.
    Syntax,
}

impl Layer {
    /// The layer's name as it appears in records and messages.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Blocks => "blocks",
            Layer::Sentences => "sentences",
            Layer::Tokens => "tokens",
            Layer::SocialPosts => "social_posts",
            Layer::Images => "images",
            Layer::Entities => "entities",
            Layer::Timexes => "timexes",
            Layer::Quotes => "quotes",
            Layer::Events => "events",
            Layer::Itineraries => "itineraries",
            Layer::Conflicts => "conflicts",
            Layer::Syntax => "syntax",
        }
    }
}

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a block of text is, in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockRole {
    /// The article's running text.
    Body,
    /// A headline or section heading.
    Heading,
    /// A photo or video caption.
    Caption,
    /// An embedded post from a social network.
    SocialPost,
    /// A block quotation set apart from the body.
    QuoteBlock,
    /// The closing note about the author.
    AuthorBio,
    /// "By Jane Doe", "Reporting by ...".
    Byline,
    /// "MOSCOW (Reuters) -" or a bare place line opening the story.
    Dateline,
    /// Navigation, share prompts, newsletter pleas, copyright lines.
    Boilerplate,
}

impl BlockRole {
    /// The role's name as it appears in records.
    pub fn name(self) -> &'static str {
        match self {
            BlockRole::Body => "body",
            BlockRole::Heading => "heading",
            BlockRole::Caption => "caption",
            BlockRole::SocialPost => "social_post",
            BlockRole::QuoteBlock => "quote_block",
            BlockRole::AuthorBio => "author_bio",
            BlockRole::Byline => "byline",
            BlockRole::Dateline => "dateline",
            BlockRole::Boilerplate => "boilerplate",
        }
    }
}

/// A run of text with one role: a paragraph, a heading, a whole embedded post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Where the block lies.
    pub span: Span,
    /// What it is.
    pub role: BlockRole,
}

/// A sentence, wholly inside one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence lies.
    pub span: Span,
    /// Index of its block in [`Layers::blocks`].
    pub block: u32,
}

/// The lexical class of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters, with inner apostrophes, hyphens and periods of abbreviations.
    Word,
    /// Digits, with inner separators ("1,000", "3.5", "21-22" is three tokens).
    Number,
    /// Punctuation.
    Punct,
    /// Other symbols (currency, math, ©).
    Symbol,
    /// An emoji or flag, as one grapheme cluster.
    Emoji,
    /// A URL or bare domain link ("pic.twitter.com/abc").
    Url,
    /// "#G20".
    Hashtag,
    /// "@mfa_russia".
    Handle,
}

/// A token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token lies.
    pub span: Span,
    /// Its class.
    pub kind: TokenKind,
}

/// An embedded social-media post and what its text says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SocialPost {
    /// The whole post, signature included.
    pub span: Span,
    /// "twitter", "facebook", "instagram", "telegram", "mastodon", ...
    pub platform: String,
    /// Display name of the account ("MFA Russia").
    pub author: Option<String>,
    /// Handle with its "@".
    pub handle: Option<String>,
    /// ISO date (or date-time) of the post, when its signature gives one.
    pub date: Option<String>,
    /// Hashtags without "#", in order of appearance.
    pub hashtags: Vec<String>,
    /// Links found in the post.
    pub links: Vec<String>,
}

/// An image as the text knows it: its caption and photo credit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Image {
    /// The caption block (or the whole figure's text).
    pub span: Span,
    /// The caption proper, credit excluded.
    pub caption: Span,
    /// The credit ("Hector Vivas/Getty Images"), when given.
    pub credit: Option<Span>,
    /// Image source URL, when the input was HTML.
    pub src: Option<String>,
}

/// A dateline: "MOSCOW (Reuters) -", "CARACAS, Venezuela —", "ANKARA".
/// It may be a block of its own or the opening words of the first body
/// paragraph; either way it is recorded here.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dateline {
    /// The whole dateline, dash included.
    pub span: Span,
    /// The place ("MOSCOW", "CARACAS, Venezuela").
    pub place: Span,
    /// The agency ("Reuters"), when given.
    pub agency: Option<Span>,
    /// ISO date, when the dateline carries one ("Feb 14 (Reuters)").
    pub date: Option<String>,
}

/// The kind of a time expression (TimeML's TIMEX3 types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period: "February 19", "next week", "2023".
    Date,
    /// A time of day: "10 a.m.", "Wednesday evening".
    Time,
    /// A length of time: "five days", "less than a year".
    Duration,
    /// A recurrence: "every Monday".
    Set,
}

/// A time expression and its normalised value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    /// Where the expression lies.
    pub span: Span,
    /// Its kind.
    pub kind: TimexType,
    /// ISO 8601 value: "2024-02-19", "2024-W08", "2024-02-21/2024-02-22",
    /// "P5D", "XXXX-WXX-1"; TimeML forms such as "PAST_REF" when vague.
    pub value: String,
    /// Index of the timex (in this layer) it was resolved against, when it
    /// was anchored to another expression rather than to the publication date.
    pub anchor: Option<u32>,
}

/// The type of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation: government body, company, party, agency, IGO.
    Org,
    /// A geopolitical entity: country, city, region with a government.
    Gpe,
    /// A location without a government: sea, mountain, continent.
    Loc,
    /// A facility: building, airport, bridge.
    Fac,
    /// A named event: summit, war, forum.
    Event,
    /// Anything else named.
    Other,
}

/// How an entity is mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// By name: "Sergey Lavrov", "Lavrov".
    Name,
    /// By role or description: "the Russian foreign minister".
    Nominal,
    /// By pronoun: "he", "his".
    Pronoun,
}

/// One mention of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it lies.
    pub span: Span,
    /// How it names the entity.
    pub kind: MentionKind,
}

/// A place's position in the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// GeoNames id.
    pub geonames_id: Option<u64>,
    /// ISO 3166-1 alpha-3 country.
    pub country: Option<String>,
    /// GeoNames feature code ("PPLC", "PCLI", "ADM1").
    pub feature: Option<String>,
}

/// A named entity and all its mentions in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name ("Sergey Lavrov", "Cuba").
    pub name: String,
    /// Type.
    pub kind: EntityType,
    /// ISO 3166-1 alpha-3 country the entity belongs to.
    pub country: Option<String>,
    /// CAMEO actor code ("RUSGOV", "IGOUNO").
    pub code: Option<String>,
    /// Role or title ("Foreign Minister").
    pub role: Option<String>,
    /// Geocoding, for places.
    pub geo: Option<Geo>,
    /// Mentions, sorted by start.
    pub mentions: Vec<Mention>,
}

/// What kind of quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Whole sentences in quotation marks.
    Direct,
    /// A phrase in quotation marks inside reported speech.
    Partial,
    /// A block of quoted text set off from the body.
    Block,
    /// One or two words in quotation marks, the writer's distance.
    Scare,
    /// Reported speech without quotation marks ("X said that ...").
    Indirect,
}

/// Who said a quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Index of the speaker in [`Layers::entities`], when resolved.
    pub entity: Option<u32>,
    /// The speaker's name: the entity's name, else the words naming them.
    pub name: String,
    /// Where the speaker is named for this quotation, when they are.
    pub span: Option<Span>,
}

/// A quotation, or a piece of reported speech.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, quotation marks excluded.
    pub span: Span,
    /// Direct, partial, block, scare or indirect.
    pub kind: QuoteKind,
    /// Who said it, when known.
    pub speaker: Option<Speaker>,
    /// The verb or phrase attributing it ("said", "according to").
    pub cue: Option<Span>,
}

/// An event's participant: an entity, or a collective named by a country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Index in [`Layers::entities`], when the actor is one.
    pub entity: Option<u32>,
    /// Name.
    pub name: String,
    /// ISO 3166-1 alpha-3 country.
    pub country: Option<String>,
    /// CAMEO actor code.
    pub code: Option<String>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Index in [`Layers::entities`], when the place is one.
    pub entity: Option<u32>,
    /// Name.
    pub name: String,
    /// ISO 3166-1 alpha-3 country.
    pub country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// GeoNames id.
    pub geonames_id: Option<u64>,
}

/// Whether, and how, an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// It happened.
    Occurred,
    /// It is to happen.
    Planned,
    /// It is happening.
    Ongoing,
    /// It was put off.
    Postponed,
    /// It was called off.
    Cancelled,
    /// It did not happen.
    Negated,
    /// It might happen, under a condition.
    Hypothetical,
    /// Someone says it happened; unconfirmed.
    Claimed,
}

/// A CAMEO-coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Who acted.
    pub source: Option<Actor>,
    /// Who or what was acted on.
    pub target: Option<Actor>,
    /// CAMEO code with its leading zero ("042").
    pub cameo: String,
    /// CAMEO quad class (1 verbal cooperation .. 4 material conflict).
    pub quad_class: u8,
    /// Goldstein value of the code.
    pub goldstein: f32,
    /// PLOVER event type, when the code has one.
    pub plover_type: Option<String>,
    /// PLOVER mode, when the code has one.
    pub plover_mode: Option<String>,
    /// Occurred, planned, postponed ...
    pub status: EventStatus,
    /// The event's own date (ISO 8601, as timex values), when the text gives it.
    pub date: Option<String>,
    /// Where.
    pub place: Option<Place>,
    /// The clause the event was read from.
    pub evidence: Span,
    /// The words that coded it ("hold encounters with").
    pub trigger: Span,
    /// Role of the block holding the evidence.
    pub block_role: BlockRole,
    /// Confidence, 0 to 1.
    pub confidence: f32,
    /// Other spans reporting the same event in this article.
    pub also: Vec<Span>,
}

/// One stop of a person's travels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stop {
    /// When (ISO 8601 as timex values).
    pub date: Option<String>,
    /// Where.
    pub place: Place,
    /// Occurred or planned.
    pub status: EventStatus,
    /// Indices of the events in [`Layers::events`] behind the stop.
    pub events: Vec<u32>,
}

/// A person's dated stops, in date order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Itinerary {
    /// The traveller.
    pub person: Actor,
    /// The stops.
    pub stops: Vec<Stop>,
}

/// A place where the article contradicts itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// What kind: "date_mismatch".
    pub kind: String,
    /// What the contradiction is about.
    pub about: String,
    /// The incompatible values.
    pub values: Vec<String>,
    /// Where each value is stated.
    pub evidence: Vec<Span>,
}

/// All layers of one document. Each `Vec` is sorted by span start.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layers {
    /// Blocks, covering the text without overlap.
    pub blocks: Vec<Block>,
    /// Sentences.
    pub sentences: Vec<Sentence>,
    /// Tokens.
    pub tokens: Vec<Token>,
    /// Embedded social posts.
    pub social_posts: Vec<SocialPost>,
    /// Images.
    pub images: Vec<Image>,
    /// The dateline, when the article has one.
    pub dateline: Option<Dateline>,
    /// Time expressions, sorted by start.
    pub timexes: Vec<Timex>,
    /// Entities, in order of first mention; record ids are "e" + index + 1.
    pub entities: Vec<Entity>,
    /// Quotations (direct, partial, block, scare), sorted by start.
    pub quotes: Vec<Quote>,
    /// Reported speech without quotation marks (kind `Indirect`), sorted.
    pub reported_speech: Vec<Quote>,
    /// Events, in order of their evidence.
    pub events: Vec<Event>,
    /// Itineraries, one per travelling person.
    pub itineraries: Vec<Itinerary>,
    /// Self-contradictions.
    pub conflicts: Vec<Conflict>,
    /// Syntactic words and their trees.
    #[serde(default)]
    pub syntax: Syntax,
}

impl Layers {
    /// Index of the block holding byte `offset`, by binary search.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let offset = offset as u32;
        let i = self.blocks.partition_point(|b| b.span.end <= offset);
        (i < self.blocks.len() && self.blocks[i].span.start <= offset).then_some(i)
    }

    /// The tokens inside `span`, by binary search.
    pub fn tokens_in(&self, span: Span) -> &[Token] {
        let a = self.tokens.partition_point(|t| t.span.start < span.start);
        let b = self.tokens.partition_point(|t| t.span.start < span.end);
        let b = b.max(a);
        let mut end = b;
        while end > a && self.tokens[end - 1].span.end > span.end {
            end -= 1;
        }
        &self.tokens[a..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_at_finds_the_block_and_skips_gaps() {
        let layers = Layers {
            blocks: vec![
                Block {
                    span: Span::new(0, 5),
                    role: BlockRole::Body,
                },
                Block {
                    span: Span::new(6, 10),
                    role: BlockRole::Caption,
                },
            ],
            ..Layers::default()
        };
        assert_eq!(layers.block_at(0), Some(0));
        assert_eq!(layers.block_at(4), Some(0));
        assert_eq!(layers.block_at(5), None);
        assert_eq!(layers.block_at(9), Some(1));
        assert_eq!(layers.block_at(10), None);
    }

    #[test]
    fn tokens_in_a_span() {
        let t = |s, e| Token {
            span: Span::new(s, e),
            kind: TokenKind::Word,
        };
        let layers = Layers {
            tokens: vec![t(0, 2), t(3, 5), t(6, 9)],
            ..Layers::default()
        };
        assert_eq!(layers.tokens_in(Span::new(3, 9)).len(), 2);
        assert_eq!(layers.tokens_in(Span::new(0, 4)).len(), 1);
        assert!(layers.tokens_in(Span::new(10, 12)).is_empty());
    }
}
