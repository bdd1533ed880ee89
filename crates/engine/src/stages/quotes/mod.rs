//! Quotations and reported speech, with their speakers.
//!
//! Quotation marks are paired within a block (curly, straight and
//! guillemets); a quotation left open at the end of a paragraph continues
//! when the next paragraph opens with a quotation mark, the newswire
//! convention for quotes running over paragraphs. Each quotation is then
//! classified (direct, partial, scare; block quotations come from the block
//! layer) and attributed through speech cues before, after or around it,
//! resolved to entities through the entity layer's mentions (so "she" and
//! "the Russian spokeswoman" reach the person the coreference named).
//!
//! Reported speech without quotation marks ("X said that ...", "according
//! to X, ...") goes into its own layer, `reported_speech`: `quotes` holds
//! quoted words only, as annotators of quotations count them.

mod cues;

use crate::{Stage, StageError};
use attache_doc::{
    BlockRole, Document, EntityType, Layer, Layers, MentionKind, Quote, QuoteKind, Span, Speaker,
    Token, TokenKind,
};
use cues::{is_aux, is_cue, is_loose_cue, is_np_stop, is_pronoun};

/// Finds quotations and reported speech and who said them.
#[derive(Debug, Default)]
pub struct QuoteStage;

impl QuoteStage {
    /// The stage.
    pub fn new() -> QuoteStage {
        QuoteStage
    }

    /// Start offsets of the word tokens that are cue words (or
    /// "according"), sorted: one pass over the tokens.
    fn cue_offsets(text: &str, layers: &Layers) -> Vec<usize> {
        layers
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .filter(|t| {
                let w = t.span.text(text);
                is_cue(w) || w.eq_ignore_ascii_case("according")
            })
            .map(|t| t.span.start())
            .collect()
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Blocks,
            Layer::Sentences,
            Layer::Tokens,
            Layer::SocialPosts,
            Layer::Entities,
        ]
    }

    fn provides(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }

    fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        let (text, layers) = doc.split_mut();
        let marks = pair_marks(text, layers);
        let cue_at = Self::cue_offsets(text, layers);
        if marks.is_empty()
            && cue_at.is_empty()
            && !layers
                .blocks
                .iter()
                .any(|b| b.role == BlockRole::QuoteBlock)
        {
            layers.quotes = Vec::new();
            layers.reported_speech = Vec::new();
            return Ok(());
        }
        let index = MentionIndex::new(layers);
        let mut quotes = Vec::with_capacity(marks.len());
        let mut last_speaker: Option<Speaker> = None;
        let mut last_quote_block: Option<usize> = None;
        for m in &marks {
            let ctx = Ctx::new(text, layers, &index);
            let mut q = ctx.classify(m);
            if q.kind != QuoteKind::Scare {
                q.speaker = ctx.attribute(m, &mut q.cue);
                let block = layers.block_at(m.open);
                if q.speaker.is_none() {
                    // A quotation with no cue of its own continues the
                    // previous speaker's words when it follows them closely
                    // (the same paragraph or one of the next two).
                    let near = match (block, last_quote_block) {
                        (Some(b), Some(l)) => b <= l + 2,
                        _ => false,
                    };
                    if near {
                        q.speaker = last_speaker.clone();
                    }
                }
                if let Some(s) = &q.speaker {
                    last_speaker = Some(s.clone());
                    last_quote_block = block;
                }
            }
            quotes.push(q);
        }
        // `“A.” “B,” she said.`: a quotation with no cue takes the speaker
        // of the quotation that follows it with nothing but space between.
        for i in (0..quotes.len().saturating_sub(1)).rev() {
            if quotes[i].speaker.is_some() || quotes[i].kind == QuoteKind::Scare {
                continue;
            }
            let gap = &text[marks[i].after.min(marks[i + 1].open)..marks[i + 1].open];
            if gap.trim().is_empty()
                && !gap.contains('\n')
                && quotes[i + 1].kind != QuoteKind::Scare
            {
                quotes[i].speaker = quotes[i + 1].speaker.clone();
            }
        }
        let ctx = Ctx::new(text, layers, &index);
        block_quotes(&ctx, &mut quotes);
        quotes.sort_by_key(|q| (q.span.start, q.span.end));
        let reported = reported_speech(&ctx, &quotes, &cue_at);
        layers.quotes = quotes;
        layers.reported_speech = reported;
        Ok(())
    }
}

/// A pair of quotation marks: the opening mark's offset, the content, and
/// the closing mark's end (or the end of the last block reached).
#[derive(Debug, Clone, Copy)]
struct Marks {
    open: usize,
    content: Span,
    /// Offset just past the closing mark, or the content's end when the
    /// quotation was never closed.
    after: usize,
}

/// Opening and closing quotation marks.
fn mark_at(text: &str, i: usize) -> Option<(Mark, usize)> {
    let rest = &text.as_bytes()[i..];
    match rest {
        [b'"', ..] => Some((Mark::Straight, 1)),
        [b'\'', b'\'', ..] => Some((Mark::Straight, 2)), // '' (NYT style)
        [0xE2, 0x80, 0x9C, ..] => Some((Mark::Open, 3)), // “
        [0xE2, 0x80, 0x9D, ..] => Some((Mark::Close, 3)), // ”
        [0xC2, 0xAB, ..] => Some((Mark::Open, 2)),       // «
        [0xC2, 0xBB, ..] => Some((Mark::Close, 2)),      // »
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Straight,
}

/// A straight quote opens when it follows white space, an opening bracket
/// or dash, or starts the block; otherwise it closes.
fn straight_opens(text: &str, i: usize, block_start: usize) -> bool {
    if i == block_start {
        return true;
    }
    let prev = text[..i].chars().next_back().unwrap_or(' ');
    prev.is_whitespace() || matches!(prev, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':')
}

/// Pairs quotation marks block by block. Blocks that are block quotations
/// are left to [`block_quotes`]; an unclosed quotation continues into the
/// next block when that block opens with a quotation mark.
fn pair_marks(text: &str, layers: &Layers) -> Vec<Marks> {
    let mut out = Vec::new();
    let mut pending: Option<(usize, usize)> = None; // (open offset, content start)
    let mut pending_end = 0usize;
    for block in &layers.blocks {
        if block.role == BlockRole::QuoteBlock {
            pending = None;
            continue;
        }
        let (bs, be) = (block.span.start(), block.span.end());
        if let Some((open, cstart)) = pending.take() {
            // Continue only into a paragraph that opens with a mark.
            if matches!(mark_at(text, bs), Some((Mark::Open | Mark::Straight, _))) {
                pending = Some((open, cstart));
            } else {
                out.push(unclosed(text, open, cstart, pending_end));
            }
        }
        let bytes = text.as_bytes();
        let mut i = bs;
        let mut first_in_block = pending.is_some();
        while i < be {
            match next_mark(bytes, i, be) {
                Some(p) => i = p,
                None => break,
            }
            let Some((mark, len)) = mark_at(text, i) else {
                i += 1;
                continue;
            };
            let opens = match mark {
                Mark::Open => true,
                Mark::Close => false,
                Mark::Straight => pending.is_none() && straight_opens(text, i, bs),
            };
            if first_in_block && i == bs {
                // The re-opening mark of a continued paragraph.
                first_in_block = false;
                i += len;
                continue;
            }
            first_in_block = false;
            match (opens, pending) {
                (true, None) => pending = Some((i, i + len)),
                (true, Some(_)) if mark == Mark::Open => {
                    // An opening mark inside an open quotation: the earlier
                    // one was never closed; restart here.
                    pending = Some((i, i + len));
                }
                (false, Some((open, cstart))) => {
                    let content = Span::new(cstart, i).trim(text);
                    if !content.is_empty() {
                        out.push(Marks {
                            open,
                            content,
                            after: i + len,
                        });
                    }
                    pending = None;
                }
                _ => {}
            }
            i += len;
        }
        pending_end = be;
    }
    if let Some((open, cstart)) = pending {
        out.push(unclosed(text, open, cstart, pending_end));
    }
    out.retain(|m| !m.content.is_empty());
    out
}

/// The next byte at or after `i` (before `end`) that may start a mark:
/// `"`, the lead byte of a curly quote or guillemet, or `''`.
fn next_mark(bytes: &[u8], i: usize, end: usize) -> Option<usize> {
    let found = memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[i..end]).map(|k| i + k);
    let limit = found.unwrap_or(end);
    let mut j = i;
    while let Some(k) = memchr::memchr(b'\'', &bytes[j..limit]) {
        let p = j + k;
        if bytes.get(p + 1) == Some(&b'\'') {
            return Some(p);
        }
        j = p + 1;
    }
    found
}

fn unclosed(text: &str, open: usize, cstart: usize, end: usize) -> Marks {
    let end = end.max(cstart);
    let content = Span::new(cstart, end).trim(text);
    Marks {
        open,
        content,
        after: content.end(),
    }
}

/// Read access to the text and layers with the lookups attribution needs.
struct Ctx<'a> {
    text: &'a str,
    layers: &'a Layers,
    index: &'a MentionIndex,
}

/// Every entity mention of the document, sorted by start, with its entity
/// and the entity's rank as a speaker (persons first).
struct MentionIndex {
    mentions: Vec<(Span, MentionKind, u32, u8)>,
    /// The longest mention, in bytes: mentions overlapping a span start
    /// at most this far before it.
    longest: usize,
}

impl MentionIndex {
    fn new(layers: &Layers) -> MentionIndex {
        let mut mentions = Vec::new();
        for (i, e) in layers.entities.iter().enumerate() {
            let rank = match e.kind {
                EntityType::Person => 3,
                EntityType::Org => 2,
                EntityType::Gpe => 1,
                _ => 0,
            };
            for m in &e.mentions {
                mentions.push((m.span, m.kind, i as u32, rank));
            }
        }
        mentions.sort_unstable_by_key(|m| (m.0.start(), m.0.end(), m.2));
        let longest = mentions.iter().map(|m| m.0.len()).max().unwrap_or(0);
        MentionIndex { mentions, longest }
    }

    /// The mentions that may overlap `span`.
    fn near(&self, span: Span) -> &[(Span, MentionKind, u32, u8)] {
        let from = span.start().saturating_sub(self.longest);
        let a = self.mentions.partition_point(|m| m.0.start() < from);
        let b = self.mentions.partition_point(|m| m.0.start() < span.end());
        &self.mentions[a..b.max(a)]
    }
}

impl<'a> Ctx<'a> {
    fn new(text: &'a str, layers: &'a Layers, index: &'a MentionIndex) -> Ctx<'a> {
        Ctx {
            text,
            layers,
            index,
        }
    }

    fn tok(&self, t: &Token) -> &'a str {
        t.span.text(self.text)
    }

    /// The sentence holding `offset`, or the block when no sentence does.
    fn sentence_span(&self, offset: usize) -> Span {
        let s = &self.layers.sentences;
        let i = s.partition_point(|x| x.span.end() <= offset);
        if let Some(x) = s.get(i).filter(|x| x.span.start() <= offset) {
            return x.span;
        }
        match self.layers.block_at(offset) {
            Some(b) => self.layers.blocks[b].span,
            None => Span::new(offset, offset),
        }
    }

    fn block_role(&self, offset: usize) -> Option<BlockRole> {
        self.layers
            .block_at(offset)
            .map(|b| self.layers.blocks[b].role)
    }

    /// Word tokens of a span.
    fn words(&self, span: Span) -> impl Iterator<Item = &'a Token> + 'a {
        let text = self.text;
        self.layers.tokens_in(span).iter().filter(move |t| {
            t.kind == TokenKind::Word && t.span.text(text).chars().any(char::is_alphabetic)
        })
    }

    fn classify(&self, m: &Marks) -> Quote {
        let content = m.content.text(self.text);
        let words = self.words(m.content).count();
        let ends_sentence = content
            .trim_end_matches(['"', '\'', ')'])
            .ends_with(['.', '!', '?', ',']);
        let multi = content.contains('\n');
        let sentence = self.sentence_span(m.open);
        let before = self.text[sentence.start().min(m.open)..m.open].trim();
        let kind = if words <= 2 && !ends_sentence && !multi {
            QuoteKind::Scare
        } else if multi
            || before.is_empty()
            || before.ends_with(':')
            || (before.ends_with(',') && self.ends_with_cue(before))
            || (ends_sentence
                && content.starts_with(char::is_uppercase)
                && self.ends_with_cue(before))
            || (ends_sentence
                && content.starts_with(char::is_uppercase)
                && words >= 4
                && before
                    .chars()
                    .last()
                    .is_some_and(|c| matches!(c, '.' | '!' | '?')))
        {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
        Quote {
            span: m.content,
            kind,
            speaker: None,
            cue: None,
        }
    }

    /// True when `before` (text before a quotation) ends with a speech cue,
    /// possibly followed by a comma or colon: `she said,` / `said:`.
    fn ends_with_cue(&self, before: &str) -> bool {
        let b = before.trim_end_matches([',', ':', ' ']);
        let last = b.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        is_cue(last)
    }

    /// Finds who said the quotation in `m`; sets `cue`.
    fn attribute(&self, m: &Marks, cue: &mut Option<Span>) -> Option<Speaker> {
        let found = self.attribute_by_cues(m, cue);
        if found.is_none() && self.block_role(m.open) == Some(BlockRole::SocialPost) {
            // A post's quotation with no cue of its own: the author's.
            return self.post_author(m.open);
        }
        found
    }

    fn attribute_by_cues(&self, m: &Marks, cue: &mut Option<Span>) -> Option<Speaker> {
        let mut sentence = self.sentence_span(m.open);
        // `... adviser, Jake Sullivan, said:` split off as its own sentence.
        if sentence.start() >= m.open && m.open > 0 {
            let prev = self.text[..m.open].trim_end();
            if prev.ends_with(':')
                && self.layers.block_at(prev.len().saturating_sub(1))
                    == self.layers.block_at(m.open)
            {
                sentence = Span::new(self.sentence_span(prev.len() - 1).start(), sentence.end());
            }
        }
        // `Name: “...”`, a speaker label.
        let before = Span::new(sentence.start().min(m.open), m.open);
        if let Some(found) = self.label_before(before) {
            return Some(found);
        }
        // After the quotation: `”, Zakharova said.` / `,” said Zakharova.`
        let end_sentence = self.sentence_span(m.after.saturating_sub(1).max(m.open));
        let after_end = end_sentence.end().max(m.after);
        if let Some(found) = self.cue_after(Span::new(m.after, after_end)) {
            *cue = Some(found.1);
            return Some(found.0);
        }
        // Before it: `Zakharova said: “...”`, `X asserted that ... “...”`.
        if let Some(found) = self.cue_before(Span::new(sentence.start().min(m.open), m.open)) {
            *cue = Some(found.1);
            return Some(found.0);
        }
        // At the end of the sentence: `... “a phrase” in the text, she said.`
        if let Some(found) = self.tail_cue(Span::new(m.after, after_end)) {
            *cue = Some(found.1);
            return Some(found.0);
        }
        None
    }

    /// `Minister Karel Novotny: “...”`: a short capitalised name and a
    /// colon are all that stands before the quotation in its sentence.
    fn label_before(&self, span: Span) -> Option<Speaker> {
        let toks = self.layers.tokens_in(span);
        let (last, name) = toks.split_last()?;
        if self.tok(last) != ":" || name.is_empty() || name.len() > 5 {
            return None;
        }
        let all_caps = name.iter().all(|t| {
            let w = self.tok(t);
            w.starts_with(char::is_uppercase) || w == "." || w == "of"
        });
        if !all_caps || is_cue(self.tok(&name[name.len() - 1])) {
            return None;
        }
        let np = Span::new(name[0].span.start(), name[name.len() - 1].span.end());
        // Only a name the entity layer knows: "Update:" is no speaker.
        self.entity_in(np)?;
        self.speaker_for(np)
    }

    /// `, NP CUE` / `, CUE NP` / `, according to NP` closing a sentence
    /// part: tried after each comma of `span`, the last comma first; the
    /// cue must be followed by at most six tokens ("on Monday", "in a
    /// statement").
    fn tail_cue(&self, span: Span) -> Option<(Speaker, Span)> {
        let toks = self.layers.tokens_in(span);
        // The cue closes the span: it lies among its last ten tokens, and
        // its speaker within the 24 tokens before it.
        let lo = toks.len().saturating_sub(16);
        let last_cue = (lo..toks.len()).rev().find(|&k| {
            let w = self.tok(&toks[k]);
            is_cue(w) || w.eq_ignore_ascii_case("according")
        })?;
        let toks = &toks[last_cue.saturating_sub(26)..];
        for (c, t) in toks.iter().enumerate().rev() {
            if self.tok(t) != "," || c + 1 >= toks.len() {
                continue;
            }
            if let Some((sp, cue)) = self.cue_after_toks(&toks[c..]) {
                let rest = toks.iter().filter(|x| x.span.start() >= cue.end()).count();
                let after_speaker = sp.span.map_or(0, |s| {
                    toks.iter()
                        .filter(|x| x.span.start() >= s.end().max(cue.end()))
                        .count()
                });
                // `, said David Wasserman, an analyst at ...`
                let appositive = sp.span.is_some_and(|s| {
                    toks.iter()
                        .find(|x| x.span.start() >= s.end())
                        .is_some_and(|x| self.tok(x) == ",")
                });
                if (rest <= 8 && after_speaker <= 7)
                    || (appositive && cue.end() <= sp.span.map_or(0, |s| s.start()))
                {
                    return Some((sp, cue));
                }
            }
        }
        None
    }

    /// `, NP CUE` or `, CUE NP` right after a quotation.
    fn cue_after(&self, span: Span) -> Option<(Speaker, Span)> {
        self.cue_after_toks(self.layers.tokens_in(span))
    }

    /// [`Ctx::cue_after`] on the tokens of the span.
    fn cue_after_toks(&self, toks: &[Token]) -> Option<(Speaker, Span)> {
        let mut i = 0;
        while i < toks.len() && matches!(self.tok(&toks[i]), "," | "—" | "–" | "-") {
            i += 1;
        }
        let rest = &toks[i..];
        // according to NP
        if rest.len() > 2
            && self.tok(&rest[0]).eq_ignore_ascii_case("according")
            && self.tok(&rest[1]).eq_ignore_ascii_case("to")
        {
            let np = self.np_forward(&rest[2..])?;
            let cue = Span::new(rest[0].span.start(), rest[1].span.end());
            return self.speaker_for(np).map(|s| (s, cue));
        }
        // CUE NP (not `told NP`: that NP is the addressee)
        if let Some(first) = rest.first() {
            if is_cue(self.tok(first)) && !addressee_first(self.tok(first)) {
                let np = self.np_forward(&rest[1..]);
                if let Some(np) = np {
                    return self.speaker_for(np).map(|s| (s, first.span));
                }
            }
        }
        // NP CUE, NP at most nine tokens; or `NP, appositive, CUE`.
        let mut first_comma = None;
        for (j, t) in rest.iter().enumerate().take(24) {
            let w = self.tok(t);
            let loose = is_loose_cue(w)
                && rest
                    .get(j + 1)
                    .is_none_or(|n| matches!(self.tok(n), "." | "," | ";" | ":"));
            if j > 0 && (loose || self.is_cue_at(rest, j)) {
                let mut e = j;
                while e > 1 && is_aux(self.tok(&rest[e - 1])) {
                    e -= 1;
                }
                if let Some(c) = first_comma {
                    if self.tok(&rest[e - 1]) != "," || c == 0 {
                        return None;
                    }
                    e = c;
                }
                let np = Span::new(rest[0].span.start(), rest[e - 1].span.end());
                return self.speaker_for(np).map(|s| (s, t.span));
            }
            if j > 0 && w == "," && first_comma.is_none() {
                first_comma = Some(j);
                continue;
            }
            if first_comma.is_none() && j >= 9 {
                break;
            }
            if j > 0
                && w != ","
                && (t.kind == TokenKind::Punct && w != "." && w != "'" && w != "’" && w != "-")
            {
                break;
            }
        }
        None
    }

    /// The first speech cue of the sentence before the quotation, and its
    /// subject: `Russian ... spokeswoman Maria Zakharova said Lavrov ...`.
    fn cue_before(&self, span: Span) -> Option<(Speaker, Span)> {
        let toks = self.layers.tokens_in(span);
        // "according to NP," anywhere before.
        for (j, t) in toks.iter().enumerate() {
            if self.tok(t).eq_ignore_ascii_case("according")
                && toks
                    .get(j + 1)
                    .is_some_and(|n| self.tok(n).eq_ignore_ascii_case("to"))
            {
                let np = self.np_forward(&toks[j + 2..])?;
                let cue = Span::new(t.span.start(), toks[j + 1].span.end());
                return self.speaker_for(np).map(|s| (s, cue));
            }
        }
        for (j, t) in toks.iter().enumerate() {
            if j == 0 || !self.is_cue_at(toks, j) {
                continue;
            }
            let Some(np) = self.subject_before(toks, j) else {
                continue;
            };
            if let Some(s) = self.speaker_for(np) {
                return Some((s, t.span));
            }
        }
        None
    }

    /// A cue at `toks[j]`: a verb of saying, or `read` after a document
    /// ("a statement by the presidency read", "the letter reads").
    fn is_cue_at(&self, toks: &[Token], j: usize) -> bool {
        let w = self.tok(&toks[j]);
        if is_cue(w) {
            return true;
        }
        let next = toks.get(j + 1).map(|t| self.tok(t));
        if matches!(w, "went" | "goes") && next == Some("on") {
            return true;
        }
        if !(w.eq_ignore_ascii_case("read") || w.eq_ignore_ascii_case("reads")) {
            return false;
        }
        toks[j.saturating_sub(6)..j].iter().any(|t| {
            matches!(
                self.tok(t).to_ascii_lowercase().as_str(),
                "statement"
                    | "letter"
                    | "message"
                    | "note"
                    | "release"
                    | "communique"
                    | "communiqué"
                    | "post"
                    | "tweet"
                    | "notice"
                    | "memo"
                    | "declaration"
            )
        })
    }

    /// The subject of the cue at `toks[j]`: leftwards over auxiliaries and
    /// adverbs ("has also said"), over a parenthetical between commas
    /// ("Smith, who chairs the panel, said"), to a clause boundary. A
    /// participle after a comma (", saying ...") takes the sentence's
    /// leading noun phrase.
    fn subject_before(&self, toks: &[Token], j: usize) -> Option<Span> {
        let mut e = j;
        let mut n = 0;
        while e > 1 && n < 4 && is_aux(self.tok(&toks[e - 1])) {
            e -= 1;
            n += 1;
        }
        // A participle ("..., saying", "upon saying") speaks for the
        // sentence's subject.
        if self.tok(&toks[j]).ends_with("ing") && n == 0 {
            return self.subject_np(&toks[..j]);
        }
        // `Rep. Paul Ryan (R-WI) said`: over the parenthesis.
        if e > 1 && self.tok(&toks[e - 1]) == ")" {
            if let Some(o) = (e.saturating_sub(10)..e - 1)
                .rev()
                .find(|&o| self.tok(&toks[o]) == "(")
            {
                e = o;
            }
        }
        if e > 1 && self.tok(&toks[e - 1]) == "," {
            let lo = e.saturating_sub(25);
            match (lo..e - 1).rev().find(|&c| self.tok(&toks[c]) == ",") {
                Some(c) if c > 0 => e = c,
                _ => return None,
            }
        }
        let mut k = e;
        while k > 0 {
            let w = self.tok(&toks[k - 1]);
            if matches!(
                w,
                "," | ";" | ":" | "\"" | "“" | "”" | "(" | ")" | "—" | "–" | "'" | "''"
            ) || is_np_stop(w)
            {
                break;
            }
            k -= 1;
            if e - k >= 10 {
                break;
            }
        }
        (k < e).then(|| Span::new(toks[k].span.start(), toks[e - 1].span.end()))
    }

    /// The sentence's subject before a participle cue: the leading noun
    /// phrase of the sentence, or of a part after one of its first commas
    /// when the sentence opens with an adjunct ("At a rally in Portsmouth,
    /// N.H., on Tuesday, Senator Bernie Sanders endorsed ..."); a phrase
    /// naming an entity is preferred.
    fn subject_np(&self, toks: &[Token]) -> Option<Span> {
        let mut starts = vec![0];
        for (k, t) in toks.iter().enumerate() {
            if self.tok(t) == "," && k + 1 < toks.len() {
                starts.push(k + 1);
                if starts.len() > 4 {
                    break;
                }
            }
        }
        let mut fallback = None;
        for &st in &starts {
            let first = self.tok(&toks[st]);
            if is_np_stop(first) || opens_adjunct(first) {
                continue;
            }
            if let Some(np) = self.lead_np(&toks[st..]) {
                if self.entity_in(np).is_some() {
                    return Some(np);
                }
                fallback.get_or_insert(np);
            }
        }
        fallback
    }

    /// The noun phrase opening `toks` (the sentence's subject, roughly):
    /// capitalised words, determiners and `of`; after a lone determiner, up
    /// to three lowercase words ("The newspaper").
    fn lead_np(&self, toks: &[Token]) -> Option<Span> {
        let det = |w: &str| matches!(w.to_ascii_lowercase().as_str(), "the" | "a" | "an");
        let mut end = 0;
        for (k, t) in toks.iter().enumerate().take(8) {
            let w = self.tok(t);
            let cap = w.starts_with(char::is_uppercase);
            if !(cap || det(w) || w == "of" || w == "'s" || w == "’s") || is_cue(w) {
                break;
            }
            end = k + 1;
        }
        if end == 1 && det(self.tok(toks.first()?)) {
            while end < toks.len().min(4) {
                let w = self.tok(&toks[end]);
                if !w.chars().all(|c| c.is_lowercase())
                    || w.ends_with("ed")
                    || is_np_stop(w)
                    || is_aux(w)
                    || is_cue(w)
                {
                    break;
                }
                end += 1;
            }
        }
        if end == 0 || (end == 1 && det(self.tok(&toks[0]))) {
            return None;
        }
        Some(Span::new(toks[0].span.start(), toks[end - 1].span.end()))
    }

    /// A noun phrase read forwards from `toks`: to a comma-free stop word,
    /// sentence punctuation, or ten tokens; an appositive after a comma
    /// is kept (`the spokeswoman, Maria Zakharova`).
    fn np_forward(&self, toks: &[Token]) -> Option<Span> {
        let first = toks.first()?;
        let mut last = None;
        for (j, t) in toks.iter().enumerate().take(12) {
            let w = self.tok(t);
            if matches!(w, "." | "!" | "?" | ";" | ":" | "\"" | "“" | "”") || is_np_stop(w) {
                break;
            }
            if w == "," {
                // Keep an appositive name; stop at a clause.
                let next_is_name = toks
                    .get(j + 1)
                    .is_some_and(|n| self.tok(n).starts_with(char::is_uppercase));
                if next_is_name && last.is_some() {
                    continue;
                }
                break;
            }
            last = Some(t.span.end());
        }
        last.map(|end| Span::new(first.span.start(), end))
    }

    /// Resolves the words naming a speaker: an entity mentioned there (a
    /// person first), a pronoun resolved by coreference or to the last
    /// person named, else the words themselves.
    fn speaker_for(&self, np: Span) -> Option<Speaker> {
        let words = np.text(self.text).trim();
        if words.is_empty() {
            return None;
        }
        let first_word = words.split_whitespace().next().unwrap_or("");
        let last_word = words.split_whitespace().next_back().unwrap_or("");
        if matches!(
            last_word.to_ascii_lowercase().as_str(),
            "the"
                | "a"
                | "an"
                | "this"
                | "that"
                | "these"
                | "those"
                | "its"
                | "his"
                | "her"
                | "their"
                | "our"
                | "my"
                | "your"
        ) {
            return None;
        }
        if let Some((i, e)) = self.entity_in(np) {
            return Some(Speaker {
                entity: Some(i as u32),
                name: e.to_string(),
                span: Some(np),
            });
        }
        if is_pronoun(first_word) && words.split_whitespace().count() == 1 {
            if first_word.eq_ignore_ascii_case("i") || first_word.eq_ignore_ascii_case("we") {
                return None;
            }
            return self
                .last_person_before(np.start())
                .map(|(i, name)| Speaker {
                    entity: Some(i as u32),
                    name: name.to_string(),
                    span: Some(np),
                });
        }
        // A lowercase run is not a speaker ("the talks will", "both sides").
        let lower = words.to_lowercase();
        let name = [
            "a statement by ",
            "a statement from ",
            "the statement by ",
            "the statement from ",
            "a letter from ",
            "a letter by ",
        ]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .map(|s| words[words.len() - s.len()..].to_string())
        .unwrap_or_else(|| words.to_string());
        // "critics", "officials", "some analysts": a short plural.
        let n_words = name.split_whitespace().count();
        let plural = n_words <= 3
            && name.chars().all(|c| c.is_alphabetic() || c == ' ')
            && name.ends_with('s')
            && name.rsplit(' ').next().is_some_and(|w| {
                w.len() >= 5 && !matches!(w, "always" | "perhaps" | "sometimes" | "whereas")
            })
            && !name.ends_with("ss")
            && !name.ends_with("us");
        let named = name
            .split_whitespace()
            .any(|w| w.starts_with(char::is_uppercase))
            || lower.starts_with("the ")
            || lower.starts_with("a ")
            || plural;
        named.then_some(Speaker {
            entity: None,
            name,
            span: Some(np),
        })
    }

    /// The entity with a mention inside `np`, persons first, the last one
    /// when several (the head of "Foreign Ministry spokeswoman Maria
    /// Zakharova" is the person).
    fn entity_in(&self, np: Span) -> Option<(usize, &'a str)> {
        let mut best: Option<(u8, usize, usize)> = None;
        for &(span, kind, i, rank) in self.index.near(np) {
            // A pronoun names the speaker only when it is the whole
            // phrase: "her" in "her adviser" is someone else.
            let hit = match kind {
                MentionKind::Pronoun => span == np,
                MentionKind::Nominal => span.overlaps(np),
                MentionKind::Name => np.contains(span),
            };
            if hit {
                let key = (rank, span.start(), i as usize);
                if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                    best = Some(key);
                }
            }
        }
        best.map(|(_, _, i)| (i, self.layers.entities[i].name.as_str()))
    }

    /// The person most recently mentioned before `offset`.
    fn last_person_before(&self, offset: usize) -> Option<(usize, &'a str)> {
        let m = &self.index.mentions;
        let upto = m.partition_point(|x| x.0.start() < offset);
        let (_, _, i, _) = m[..upto]
            .iter()
            .rev()
            .find(|x| x.3 == 3 && x.0.end() <= offset)?;
        let i = *i as usize;
        Some((i, self.layers.entities[i].name.as_str()))
    }

    /// The author of the social post holding `offset`.
    fn post_author(&self, offset: usize) -> Option<Speaker> {
        let post = self
            .layers
            .social_posts
            .iter()
            .find(|p| p.span.contains(Span::new(offset, offset)))?;
        let name = post.author.clone().or_else(|| post.handle.clone())?;
        let entity = self
            .layers
            .entities
            .iter()
            .position(|e| e.name.eq_ignore_ascii_case(&name))
            .map(|i| i as u32);
        Some(Speaker {
            entity,
            name,
            span: None,
        })
    }
}

/// Block quotations: each `quote_block` block, attributed through the cue
/// line that introduces it (`Lavrov told the Duma on Wednesday:`).
fn block_quotes(ctx: &Ctx, quotes: &mut Vec<Quote>) {
    let (text, layers) = (ctx.text, ctx.layers);
    let mut speaker: Option<(Speaker, Option<Span>)> = None;
    for (i, block) in layers.blocks.iter().enumerate() {
        if block.role != BlockRole::QuoteBlock {
            if block.role != BlockRole::Boilerplate {
                speaker = None;
            }
            continue;
        }
        if speaker.is_none() && i > 0 {
            let intro = layers.blocks[i - 1].span;
            let found = ctx.cue_before(intro).or_else(|| {
                // "Her statement read:" / "X wrote on Telegram:"
                ctx.cue_after(Span::new(intro.start(), intro.end()))
            });
            speaker = found.map(|(s, c)| (s, Some(c)));
        }
        let mut span = block.span;
        let body = span.text(text);
        for open in ["“", "\"", "«"] {
            if let Some(rest) = body.strip_prefix(open) {
                let inner = rest.trim_end_matches(['”', '"', '»']);
                span = Span::new(
                    span.start() + open.len(),
                    span.start() + open.len() + inner.len(),
                );
                break;
            }
        }
        let (who, cue) = match &speaker {
            Some((s, c)) => (Some(s.clone()), *c),
            None => (None, None),
        };
        quotes.push(Quote {
            span,
            kind: QuoteKind::Block,
            speaker: who,
            cue,
        });
    }
}

/// Reported speech in body sentences with no quotation marks: `NP CUE
/// (that) clause`, `according to NP, clause`, `clause, NP CUE.`
fn reported_speech(ctx: &Ctx, quotes: &[Quote], cue_at: &[usize]) -> Vec<Quote> {
    let (text, layers) = (ctx.text, ctx.layers);
    let mut out = Vec::new();
    for s in &layers.sentences {
        let role = layers.blocks.get(s.block as usize).map(|b| b.role);
        if role != Some(BlockRole::Body) {
            continue;
        }
        // Most sentences report nobody: skip those without a cue word.
        let c = cue_at.partition_point(|&o| o < s.span.start());
        if cue_at.get(c).is_none_or(|&o| o >= s.span.end()) {
            continue;
        }
        let sent_toks = layers.tokens_in(s.span);
        if sent_toks.len() < 5 {
            continue;
        }
        // Quotations are sorted: those overlapping the sentence are found
        // from the first one ending after its start.
        let first = quotes.partition_point(|q| q.span.end() <= s.span.start());
        let near = quotes[first..]
            .iter()
            .take_while(|q| q.span.start() < s.span.end());
        let mut any_quote = false;
        let mut quoted = false;
        for q in near.filter(|q| q.span.overlaps(s.span)) {
            any_quote = true;
            quoted |= matches!(q.kind, QuoteKind::Direct | QuoteKind::Block);
        }
        let body = s.span.text(text);
        if quoted || (!any_quote && body.contains(['"', '“', '”', '«', '»'])) {
            continue;
        }
        let toks = sent_toks;
        // according to NP, clause
        if let Some(j) = toks
            .iter()
            .position(|t| ctx.tok(t).eq_ignore_ascii_case("according"))
        {
            if toks
                .get(j + 1)
                .is_some_and(|t| ctx.tok(t).eq_ignore_ascii_case("to"))
            {
                if let Some(np) = ctx.np_forward(&toks[j + 2..]) {
                    let comma = toks.iter().skip(j + 2).position(|t| ctx.tok(t) == ",");
                    let clause = match comma {
                        Some(c) if j == 0 => {
                            let start = toks[j + 2 + c + 1..].first().map(|t| t.span.start());
                            start.map(|st| Span::new(st, s.span.end()))
                        }
                        _ if j > 0 => Some(Span::new(s.span.start(), toks[j].span.start())),
                        _ => None,
                    };
                    if let Some(clause) = clause {
                        let clause = trim_clause(text, clause);
                        if !clause.is_empty() {
                            let cue = Span::new(toks[j].span.start(), toks[j + 1].span.end());
                            out.push(Quote {
                                span: clause,
                                kind: QuoteKind::Indirect,
                                speaker: ctx.speaker_for(np),
                                cue: Some(cue),
                            });
                        }
                    }
                }
                continue;
            }
        }
        // NP CUE (that) clause.
        if let Some(r) = ctx.reported_after_cue(s.span, toks) {
            out.push(r);
            continue;
        }
        // clause, NP CUE.
        if let Some(r) = ctx.reported_before_cue(s.span, toks) {
            out.push(r);
        }
    }
    out
}

/// Cues whose object is the addressee: the content follows a `that`.
fn takes_addressee(cue: &str) -> bool {
    [
        "told", "tells", "telling", "informed", "informs", "assured", "warned", "warns", "urged",
        "urges", "asked", "asks", "reminded",
    ]
    .iter()
    .any(|c| c.eq_ignore_ascii_case(cue))
}

/// Cues whose object right after them is the addressee, never the
/// speaker: `“...,” told Reuters` does not make Reuters the speaker.
fn addressee_first(cue: &str) -> bool {
    [
        "told", "tells", "telling", "informed", "informs", "assured", "assures", "reminded",
        "reminds",
    ]
    .iter()
    .any(|c| c.eq_ignore_ascii_case(cue))
}

/// Words after a cue that open an adjunct, not the reported clause.
fn opens_adjunct(w: &str) -> bool {
    [
        "in",
        "on",
        "at",
        "during",
        "after",
        "before",
        "to",
        "for",
        "with",
        "of",
        "about",
        "last",
        "this",
        "earlier",
        "later",
        "yesterday",
        "today",
        "tuesday",
        "monday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "by",
        "from",
        "via",
        "through",
        "as",
        "when",
        "while",
        "and",
        "or",
        "but",
        "so",
    ]
    .iter()
    .any(|c| c.eq_ignore_ascii_case(w))
}

impl<'a> Ctx<'a> {
    /// `NP CUE (adjunct) that clause` / `NP said clause`: the first cue
    /// with a speaker as its subject.
    fn reported_after_cue(&self, sent: Span, toks: &[Token]) -> Option<Quote> {
        for (j, t) in toks.iter().enumerate() {
            let w = self.tok(t);
            if !is_cue(w) || j == 0 {
                continue;
            }
            let Some(np) = self.subject_before(toks, j) else {
                continue;
            };
            let np_text = np.text(self.text);
            if !np_text.starts_with(char::is_uppercase) && !is_pronoun(np_text) {
                continue;
            }
            if np_text.eq_ignore_ascii_case("i") || np_text.eq_ignore_ascii_case("we") {
                continue;
            }
            // The clause: after a `that` close by, else right after the cue.
            let that = toks[j + 1..]
                .iter()
                .take(10)
                .take_while(|x| {
                    !matches!(self.tok(x), "." | ";" | ":" | "“" | "\"") && !is_cue(self.tok(x))
                })
                .position(|x| self.tok(x).eq_ignore_ascii_case("that"));
            let k = match that {
                Some(p) => j + 2 + p,
                None => {
                    let next = toks.get(j + 1).map(|x| self.tok(x)).unwrap_or(".");
                    if takes_addressee(w)
                        || opens_adjunct(next)
                        || !next.starts_with(char::is_alphabetic)
                        || w.ends_with("ing")
                            && toks
                                .get(j.wrapping_sub(1))
                                .is_none_or(|x| self.tok(x) != ",")
                    {
                        continue;
                    }
                    j + 1
                }
            };
            let first = toks.get(k)?;
            let clause = trim_clause(self.text, Span::new(first.span.start(), sent.end()));
            if self.words(clause).count() < 3 {
                continue;
            }
            let speaker = self.speaker_for(np)?;
            return Some(Quote {
                span: clause,
                kind: QuoteKind::Indirect,
                speaker: Some(speaker),
                cue: Some(t.span),
            });
        }
        None
    }

    /// `clause, NP CUE (adjunct).`: the content before the last comma.
    fn reported_before_cue(&self, sent: Span, toks: &[Token]) -> Option<Quote> {
        let tail = self.tail_cue(Span::new(toks.get(3)?.span.start(), sent.end()))?;
        let comma = toks.iter().rev().find(|t| {
            self.tok(t) == ","
                && t.span.end()
                    <= tail
                        .0
                        .span
                        .map_or(tail.1.start(), |s| s.start().min(tail.1.start()))
        })?;
        let clause = trim_clause(self.text, Span::new(sent.start(), comma.span.start()));
        if self.words(clause).count() < 4 {
            return None;
        }
        Some(Quote {
            span: clause,
            kind: QuoteKind::Indirect,
            speaker: Some(tail.0),
            cue: Some(tail.1),
        })
    }
}

/// A clause without its final punctuation.
fn trim_clause(text: &str, span: Span) -> Span {
    let s = span.trim(text);
    let body = s.text(text);
    let trimmed = body.trim_end_matches(['.', '!', '?', ',', ' ']);
    Span::new(s.start(), s.start() + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use attache_doc::{Block, DocumentMeta, Sentence};

    fn doc(text: &str) -> Document {
        let mut d = Document::new("t", text, DocumentMeta::default());
        crate::stages::blocks::BlockStage::new()
            .run(&mut d)
            .unwrap();
        crate::stages::sentences::SentenceStage::new()
            .run(&mut d)
            .unwrap();
        crate::stages::tokens::TokenStage::new()
            .run(&mut d)
            .unwrap();
        QuoteStage::new().run(&mut d).unwrap();
        d
    }

    fn quotes(d: &Document) -> Vec<(&str, QuoteKind, Option<&str>)> {
        d.layers
            .quotes
            .iter()
            .map(|q| {
                (
                    d.slice(q.span),
                    q.kind,
                    q.speaker.as_ref().map(|s| s.name.as_str()),
                )
            })
            .collect()
    }

    #[test]
    fn direct_with_cue_after() {
        let d = doc("\u{201c}We will win,\u{201d} Smith said.");
        assert_eq!(
            quotes(&d),
            [("We will win,", QuoteKind::Direct, Some("Smith"))]
        );
        assert_eq!(d.slice(d.layers.quotes[0].cue.unwrap()), "said");
    }

    #[test]
    fn direct_with_cue_first_after() {
        let d = doc("\"The talks failed,\" said Foreign Minister Ana Costa.");
        assert_eq!(
            quotes(&d),
            [(
                "The talks failed,",
                QuoteKind::Direct,
                Some("Foreign Minister Ana Costa")
            )]
        );
    }

    #[test]
    fn partial_attributed_to_subject() {
        let d = doc("Ministry spokesman John Park said the visit would cover \u{201c}all aspects of trade and security\u{201d} issues.");
        let q = quotes(&d);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, QuoteKind::Partial);
        assert_eq!(q[0].2, Some("Ministry spokesman John Park"));
    }

    #[test]
    fn scare_quotes_have_no_speaker() {
        let d = doc("Officials called it a \u{201c}misunderstanding\u{201d} on Monday.");
        assert_eq!(quotes(&d), [("misunderstanding", QuoteKind::Scare, None)]);
    }

    #[test]
    fn quotation_running_over_paragraphs() {
        let d = doc("\u{201c}This is the first paragraph of a long statement.\n\u{201c}And this is the second one,\u{201d} the minister said.");
        let q = quotes(&d);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].0.starts_with("This is the first"));
        assert!(q[0].0.ends_with("second one,"));
        assert_eq!(q[0].2, Some("the minister"));
    }

    #[test]
    fn block_quote_gets_the_cue_line_speaker() {
        let text = "Costa told parliament on Tuesday:\nWe are ready to sign the agreement today.";
        let mut d = Document::new("t", text, DocumentMeta::default());
        let (a, b) = (Span::new(0, 33), Span::new(34, text.len()));
        d.layers.blocks = vec![
            Block {
                span: a,
                role: BlockRole::Body,
            },
            Block {
                span: b,
                role: BlockRole::QuoteBlock,
            },
        ];
        d.layers.sentences = vec![
            Sentence { span: a, block: 0 },
            Sentence { span: b, block: 1 },
        ];
        crate::stages::tokens::TokenStage::new()
            .run(&mut d)
            .unwrap();
        QuoteStage::new().run(&mut d).unwrap();
        assert_eq!(
            quotes(&d),
            [(
                "We are ready to sign the agreement today.",
                QuoteKind::Block,
                Some("Costa")
            )]
        );
    }

    #[test]
    fn reported_speech_is_kept_apart() {
        let d = doc("Costa said that the border would reopen next month.");
        assert!(d.layers.quotes.is_empty());
        let r = &d.layers.reported_speech;
        assert_eq!(r.len(), 1);
        assert_eq!(d.slice(r[0].span), "the border would reopen next month");
        assert_eq!(r[0].speaker.as_ref().unwrap().name, "Costa");
    }

    #[test]
    fn unbalanced_marks_do_not_panic() {
        for t in [
            "\"",
            "“",
            "”",
            "a \" b",
            "“a\n”",
            "«x",
            "\"\"\"\"",
            "said, “",
            "” said X",
        ] {
            doc(t);
        }
    }
}
