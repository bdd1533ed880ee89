//! A tolerant HTML tokenizer and an arena tree.
//!
//! The tree is built with an explicit stack of open elements, never by
//! recursion, and every later pass walks it through the arena links, so
//! nesting depth costs memory, not call stack. Elements nested deeper than
//! [`MAX_DEPTH`] are flattened into their ancestor at that depth.

use memchr::{memchr, memchr2};

use crate::entities::decode_into;

/// Elements deeper than this are attached to the element at this depth.
pub const MAX_DEPTH: usize = 1024;

/// How far up the open-element stack an end tag looks for its start tag.
const END_TAG_SEARCH: usize = 200;

/// "No node".
pub const NONE: u32 = u32::MAX;

macro_rules! tags {
    ($($id:ident = $name:literal),* $(,)?) => {
        /// Tags the extractor knows, by interned id.
        #[allow(missing_docs, dead_code)]
        pub mod tag {
            tags!(@consts 0u16, $($id),*);
        }
        const KNOWN_TAGS: &[&str] = &[$($name),*];
    };
    (@consts $n:expr, $id:ident $(, $rest:ident)*) => {
        pub const $id: u16 = $n;
        tags!(@consts $n + 1u16 $(, $rest)*);
    };
    (@consts $n:expr) => {};
}

tags! {
    TEXT = "#text", ROOT = "#root",
    HTML = "html", HEAD = "head", BODY = "body", TITLE = "title", META = "meta", LINK = "link",
    SCRIPT = "script", STYLE = "style", NOSCRIPT = "noscript", TEMPLATE = "template",
    TEXTAREA = "textarea", XMP = "xmp", IFRAME = "iframe", NOEMBED = "noembed", NOFRAMES = "noframes",
    PLAINTEXT = "plaintext",
    P = "p", DIV = "div", SPAN = "span", A = "a", BR = "br", HR = "hr", IMG = "img",
    H1 = "h1", H2 = "h2", H3 = "h3", H4 = "h4", H5 = "h5", H6 = "h6",
    UL = "ul", OL = "ol", LI = "li", DL = "dl", DT = "dt", DD = "dd",
    TABLE = "table", THEAD = "thead", TBODY = "tbody", TFOOT = "tfoot", TR = "tr", TD = "td", TH = "th",
    CAPTION = "caption", BLOCKQUOTE = "blockquote", Q = "q", PRE = "pre", CODE = "code",
    FIGURE = "figure", FIGCAPTION = "figcaption", PICTURE = "picture", SOURCE = "source",
    SECTION = "section", ARTICLE = "article", MAIN = "main", HEADER = "header", FOOTER = "footer",
    NAV = "nav", ASIDE = "aside", ADDRESS = "address", FORM = "form", BUTTON = "button",
    INPUT = "input", SELECT = "select", OPTION = "option", OPTGROUP = "optgroup", LABEL = "label",
    FIELDSET = "fieldset", LEGEND = "legend", DETAILS = "details", SUMMARY = "summary",
    DIALOG = "dialog", MENU = "menu", SVG = "svg", MATH = "math", CANVAS = "canvas",
    VIDEO = "video", AUDIO = "audio", OBJECT = "object", EMBED = "embed", PARAM = "param",
    TRACK = "track", AREA = "area", BASE = "base", COL = "col", COLGROUP = "colgroup", WBR = "wbr",
    TIME = "time", B = "b", I = "i", EM = "em", STRONG = "strong", SMALL = "small", CITE = "cite",
    SUP = "sup", SUB = "sub", U = "u", S = "s", MARK = "mark", ABBR = "abbr", FONT = "font",
    CENTER = "center", HGROUP = "hgroup", MAP = "map",
}

/// Attributes the extractor reads; all others are skipped while tokenizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Attr {
    Class,
    Id,
    Href,
    Src,
    DataSrc,
    Datetime,
    Content,
    Name,
    Property,
    Itemprop,
    Itemtype,
    Rel,
    Lang,
    Type,
    Style,
    Hidden,
    AriaHidden,
    Role,
    Alt,
    Title,
    Cite,
    DataHref,
    DataPermalink,
}

fn attr_of(name: &[u8]) -> Option<Attr> {
    // Names arrive lower-cased.
    Some(match name {
        b"class" => Attr::Class,
        b"id" => Attr::Id,
        b"href" => Attr::Href,
        b"src" => Attr::Src,
        b"data-src" | b"data-lazy-src" | b"data-original" => Attr::DataSrc,
        b"datetime" => Attr::Datetime,
        b"content" => Attr::Content,
        b"name" => Attr::Name,
        b"property" => Attr::Property,
        b"itemprop" => Attr::Itemprop,
        b"itemtype" => Attr::Itemtype,
        b"rel" => Attr::Rel,
        b"lang" => Attr::Lang,
        b"type" => Attr::Type,
        b"style" => Attr::Style,
        b"hidden" => Attr::Hidden,
        b"aria-hidden" => Attr::AriaHidden,
        b"role" => Attr::Role,
        b"alt" => Attr::Alt,
        b"title" => Attr::Title,
        b"cite" => Attr::Cite,
        b"data-href" => Attr::DataHref,
        b"data-instgrm-permalink" => Attr::DataPermalink,
        _ => return None,
    })
}

/// One node of the arena.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// Interned tag ([`tag::TEXT`] for text nodes).
    pub tag: u16,
    /// Parent, [`NONE`] for the root.
    pub parent: u32,
    /// First child or [`NONE`].
    pub first_child: u32,
    /// Last child or [`NONE`].
    pub last_child: u32,
    /// Next sibling or [`NONE`].
    pub next: u32,
    /// Text: start in [`Dom::text`]; element: first attribute in [`Dom::attrs`].
    pub a: u32,
    /// Text: end in [`Dom::text`]; element: end of its attributes.
    pub b: u32,
}

/// The parsed page.
#[derive(Debug, Default)]
pub struct Dom {
    /// Nodes in document order; node 0 is the root.
    pub nodes: Vec<Node>,
    /// Attribute values of all elements.
    pub attrs: Vec<(Attr, String)>,
    /// Decoded text of all text nodes.
    pub text: String,
    /// Interned tag names.
    pub tag_names: Vec<String>,
    /// Problems met while parsing.
    pub warnings: Vec<String>,
}

impl Dom {
    /// Tag of a node.
    #[inline]
    pub fn tag(&self, i: u32) -> u16 {
        self.nodes[i as usize].tag
    }

    /// Tag name of a node.
    #[allow(dead_code)]
    pub fn tag_name(&self, i: u32) -> &str {
        &self.tag_names[self.tag(i) as usize]
    }

    /// The text of a text node ("" for elements).
    #[inline]
    pub fn node_text(&self, i: u32) -> &str {
        let n = &self.nodes[i as usize];
        if n.tag == tag::TEXT {
            &self.text[n.a as usize..n.b as usize]
        } else {
            ""
        }
    }

    /// An attribute of an element.
    pub fn attr(&self, i: u32, which: Attr) -> Option<&str> {
        let n = &self.nodes[i as usize];
        if n.tag == tag::TEXT {
            return None;
        }
        self.attrs[n.a as usize..n.b as usize]
            .iter()
            .find(|(k, _)| *k == which)
            .map(|(_, v)| v.as_str())
    }

    /// Children of a node.
    pub fn children(&self, i: u32) -> Children<'_> {
        Children {
            dom: self,
            next: self.nodes[i as usize].first_child,
        }
    }

    /// Concatenated text below a node, whitespace collapsed (iterative).
    pub fn text_of(&self, i: u32) -> String {
        let mut raw = String::new();
        self.walk(i, |_, n| {
            if n.tag == tag::TEXT {
                raw.push_str(&self.text[n.a as usize..n.b as usize]);
            }
            !matches!(n.tag, tag::SCRIPT | tag::STYLE)
        });
        collapse_ws(&raw)
    }

    /// Visits `root` and its descendants in document order; `f` returns
    /// whether to descend into the node's children.
    pub fn walk<F: FnMut(u32, &Node) -> bool>(&self, root: u32, mut f: F) {
        let mut cur = root;
        loop {
            let n = &self.nodes[cur as usize];
            if f(cur, n) && n.first_child != NONE {
                cur = n.first_child;
                continue;
            }
            // Climb until a next sibling exists.
            loop {
                if cur == root {
                    return;
                }
                let n = &self.nodes[cur as usize];
                if n.next != NONE {
                    cur = n.next;
                    break;
                }
                cur = n.parent;
                if cur == NONE {
                    return;
                }
            }
        }
    }
}

/// Iterator over a node's children.
pub struct Children<'a> {
    dom: &'a Dom,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let c = self.next;
        self.next = self.dom.nodes[c as usize].next;
        Some(c)
    }
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending = true;
        } else {
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push(c);
        }
    }
    out
}

fn is_void(t: u16) -> bool {
    matches!(
        t,
        tag::BR
            | tag::HR
            | tag::IMG
            | tag::META
            | tag::LINK
            | tag::INPUT
            | tag::SOURCE
            | tag::EMBED
            | tag::PARAM
            | tag::TRACK
            | tag::AREA
            | tag::BASE
            | tag::COL
            | tag::WBR
    )
}

/// Elements whose start closes an open `<p>`.
fn closes_p(t: u16) -> bool {
    matches!(
        t,
        tag::P
            | tag::DIV
            | tag::H1
            | tag::H2
            | tag::H3
            | tag::H4
            | tag::H5
            | tag::H6
            | tag::UL
            | tag::OL
            | tag::DL
            | tag::TABLE
            | tag::BLOCKQUOTE
            | tag::FIGURE
            | tag::FIGCAPTION
            | tag::SECTION
            | tag::ARTICLE
            | tag::MAIN
            | tag::HEADER
            | tag::FOOTER
            | tag::NAV
            | tag::ASIDE
            | tag::PRE
            | tag::FORM
            | tag::HR
            | tag::ADDRESS
            | tag::FIELDSET
            | tag::DETAILS
            | tag::MENU
            | tag::HGROUP
            | tag::CENTER
            | tag::DIALOG
    )
}

fn is_scope_boundary(t: u16) -> bool {
    matches!(
        t,
        tag::ROOT
            | tag::HTML
            | tag::TABLE
            | tag::TD
            | tag::TH
            | tag::CAPTION
            | tag::BUTTON
            | tag::TEMPLATE
            | tag::OBJECT
            | tag::SVG
            | tag::MATH
    )
}

fn is_raw_text(t: u16) -> bool {
    matches!(
        t,
        tag::SCRIPT
            | tag::STYLE
            | tag::TEXTAREA
            | tag::TITLE
            | tag::XMP
            | tag::IFRAME
            | tag::NOEMBED
            | tag::NOFRAMES
            | tag::PLAINTEXT
    )
}

struct Builder<'s> {
    src: &'s [u8],
    s: &'s str,
    dom: Dom,
    stack: Vec<u32>,
    /// How many elements of each known tag are on the stack.
    open: Vec<u32>,
    names: std::collections::HashMap<Vec<u8>, u16>,
    depth_warned: bool,
}

/// Parses HTML into a [`Dom`]. Never panics; any input gives a tree.
pub fn parse(s: &str) -> Dom {
    let mut names = std::collections::HashMap::new();
    let mut tag_names = Vec::new();
    for (i, n) in KNOWN_TAGS.iter().enumerate() {
        names.insert(n.as_bytes().to_vec(), i as u16);
        tag_names.push((*n).to_string());
    }
    let mut b = Builder {
        src: s.as_bytes(),
        s,
        dom: Dom {
            nodes: Vec::with_capacity(s.len() / 40 + 16),
            attrs: Vec::with_capacity(s.len() / 80 + 16),
            text: String::with_capacity(s.len() / 3 + 16),
            tag_names,
            warnings: Vec::new(),
        },
        stack: Vec::with_capacity(64),
        open: vec![0; KNOWN_TAGS.len()],
        names,
        depth_warned: false,
    };
    b.dom.nodes.push(Node {
        tag: tag::ROOT,
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next: NONE,
        a: 0,
        b: 0,
    });
    b.stack.push(0);
    b.run();
    b.dom
}

impl Builder<'_> {
    fn top(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn append(&mut self, node: Node) -> u32 {
        let id = self.dom.nodes.len() as u32;
        let parent = node.parent as usize;
        self.dom.nodes.push(node);
        let last = self.dom.nodes[parent].last_child;
        if last == NONE {
            self.dom.nodes[parent].first_child = id;
        } else {
            self.dom.nodes[last as usize].next = id;
        }
        self.dom.nodes[parent].last_child = id;
        id
    }

    fn add_text(&mut self, raw: &str, decode: bool) {
        if raw.is_empty() {
            return;
        }
        let start = self.dom.text.len();
        if decode {
            decode_into(raw, &mut self.dom.text);
        } else {
            self.dom.text.push_str(raw);
        }
        let end = self.dom.text.len();
        let parent = self.top();
        // Merge with a preceding text sibling.
        let last = self.dom.nodes[parent as usize].last_child;
        if last != NONE {
            let l = &mut self.dom.nodes[last as usize];
            if l.tag == tag::TEXT && l.b as usize == start {
                l.b = end as u32;
                return;
            }
        }
        self.append(Node {
            tag: tag::TEXT,
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            a: start as u32,
            b: end as u32,
        });
    }

    fn intern(&mut self, name: &[u8]) -> u16 {
        if let Some(&t) = self.names.get(name) {
            return t;
        }
        if self.dom.tag_names.len() >= u16::MAX as usize - 1 {
            return tag::SPAN;
        }
        let id = self.dom.tag_names.len() as u16;
        self.dom
            .tag_names
            .push(String::from_utf8_lossy(name).into_owned());
        self.names.insert(name.to_vec(), id);
        id
    }

    /// Pops the stack down to `k` entries.
    fn truncate(&mut self, k: usize) {
        while self.stack.len() > k.max(1) {
            let Some(top) = self.stack.pop() else { break };
            let t = self.dom.nodes[top as usize].tag as usize;
            if let Some(c) = self.open.get_mut(t) {
                *c = c.saturating_sub(1);
            }
        }
    }

    /// Pops up to and including the nearest open `t`, looking no further
    /// than a scope boundary (when `scoped`) or [`END_TAG_SEARCH`] entries.
    fn close(&mut self, t: u16, scoped: bool, stop: &[u16]) -> bool {
        if self.open.get(t as usize).is_some_and(|&c| c == 0) {
            return false;
        }
        let n = self.stack.len();
        for k in (1..n).rev().take(END_TAG_SEARCH) {
            let tt = self.dom.nodes[self.stack[k] as usize].tag;
            if tt == t {
                self.truncate(k);
                return true;
            }
            if (scoped && is_scope_boundary(tt)) || stop.contains(&tt) {
                return false;
            }
        }
        false
    }

    fn run(&mut self) {
        let src = self.src;
        let len = src.len();
        let mut pos = 0usize;
        let mut text_start = 0usize;
        while pos < len {
            let Some(off) = memchr(b'<', &src[pos..]) else {
                break;
            };
            let lt = pos + off;
            let next = src.get(lt + 1).copied().unwrap_or(0);
            if next.is_ascii_alphabetic() {
                self.flush_text(text_start, lt);
                pos = self.start_tag(lt + 1);
                text_start = pos;
            } else if next == b'/' {
                let c = src.get(lt + 2).copied().unwrap_or(0);
                if c.is_ascii_alphabetic() {
                    self.flush_text(text_start, lt);
                    pos = self.end_tag(lt + 2);
                    text_start = pos;
                } else if c == b'>' {
                    self.flush_text(text_start, lt);
                    pos = lt + 3;
                    text_start = pos;
                } else {
                    // "</" followed by junk: a bogus comment up to '>'.
                    self.flush_text(text_start, lt);
                    pos = find_byte(src, lt + 2, b'>').map_or(len, |p| p + 1);
                    text_start = pos;
                }
            } else if next == b'!' {
                self.flush_text(text_start, lt);
                if src[lt..].starts_with(b"<!--") {
                    pos = find_seq(src, lt + 4, b"-->").map_or(len, |p| p + 3);
                } else if src[lt..].starts_with(b"<![CDATA[") {
                    pos = find_seq(src, lt + 9, b"]]>").map_or(len, |p| p + 3);
                } else {
                    pos = find_byte(src, lt + 2, b'>').map_or(len, |p| p + 1);
                }
                text_start = pos;
            } else if next == b'?' {
                self.flush_text(text_start, lt);
                pos = find_byte(src, lt + 2, b'>').map_or(len, |p| p + 1);
                text_start = pos;
            } else {
                pos = lt + 1;
            }
        }
        self.flush_text(text_start, len);
    }

    fn flush_text(&mut self, a: usize, b: usize) {
        if a < b {
            let s = self.s;
            if let Some(t) = s.get(a..b) {
                // Text outside head elements belongs to the body.
                if self.open[tag::HEAD as usize] > 0
                    && self.dom.nodes[self.top() as usize].tag == tag::HEAD
                    && t.bytes().any(|c| !c.is_ascii_whitespace())
                {
                    self.close(tag::HEAD, false, &[]);
                }
                self.add_text(t, true);
            }
        }
    }

    /// Parses a start tag whose name starts at `p`; returns the position
    /// after it (and after its raw text content, if any).
    fn start_tag(&mut self, mut p: usize) -> usize {
        let src = self.src;
        let len = src.len();
        let name_start = p;
        while p < len && !matches!(src[p], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            p += 1;
        }
        let lname = src[name_start..p].to_ascii_lowercase();
        let t = self.intern(&lname);
        let attr_start = self.dom.attrs.len() as u32;
        let mut self_closing = false;
        // Attributes.
        loop {
            while p < len && matches!(src[p], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                p += 1;
            }
            if p >= len {
                break;
            }
            match src[p] {
                b'>' => {
                    p += 1;
                    break;
                }
                b'/' => {
                    p += 1;
                    if src.get(p) == Some(&b'>') {
                        self_closing = true;
                    }
                    continue;
                }
                _ => {}
            }
            let an = p;
            p += 1;
            while p < len
                && !matches!(
                    src[p],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
                )
            {
                p += 1;
            }
            let aname_end = p;
            while p < len && matches!(src[p], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                p += 1;
            }
            let mut value: Option<(usize, usize)> = None;
            if p < len && src[p] == b'=' {
                p += 1;
                while p < len && matches!(src[p], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                    p += 1;
                }
                if p < len && (src[p] == b'"' || src[p] == b'\'') {
                    let q = src[p];
                    let vs = p + 1;
                    let ve = find_byte(src, vs, q).unwrap_or(len);
                    value = Some((vs, ve));
                    p = (ve + 1).min(len);
                } else {
                    let vs = p;
                    while p < len
                        && !matches!(src[p], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    {
                        p += 1;
                    }
                    value = Some((vs, p));
                }
            }
            let raw_name = &src[an..aname_end];
            if raw_name.len() <= 24 {
                let mut buf = [0u8; 24];
                let lower = &mut buf[..raw_name.len()];
                lower.copy_from_slice(raw_name);
                lower.make_ascii_lowercase();
                if let Some(a) = attr_of(lower) {
                    let already = self.dom.attrs[attr_start as usize..]
                        .iter()
                        .any(|(k, _)| *k == a);
                    if !already {
                        let mut v = String::new();
                        if let Some((vs, ve)) = value {
                            if let Some(raw) = self.s.get(vs..ve) {
                                decode_into(raw, &mut v);
                            }
                        }
                        self.dom.attrs.push((a, v));
                    }
                }
            }
        }
        let attr_end = self.dom.attrs.len() as u32;

        // Implied end tags. Body content closes an open <head>.
        if !matches!(
            t,
            tag::META
                | tag::LINK
                | tag::TITLE
                | tag::SCRIPT
                | tag::STYLE
                | tag::BASE
                | tag::NOSCRIPT
                | tag::TEMPLATE
                | tag::HEAD
        ) && self.open[tag::HEAD as usize] > 0
        {
            self.close(tag::HEAD, false, &[]);
        }
        if closes_p(t) {
            self.close(tag::P, true, &[]);
        }
        match t {
            tag::LI => {
                self.close(tag::LI, true, &[tag::UL, tag::OL, tag::MENU]);
            }
            tag::DT | tag::DD if !self.close(tag::DT, true, &[tag::DL]) => {
                self.close(tag::DD, true, &[tag::DL]);
            }
            tag::TR => {
                self.close(tag::TR, false, &[tag::TABLE]);
            }
            tag::TD | tag::TH if !self.close(tag::TD, false, &[tag::TR, tag::TABLE]) => {
                self.close(tag::TH, false, &[tag::TR, tag::TABLE]);
            }
            tag::OPTION => {
                self.close(tag::OPTION, false, &[tag::SELECT]);
            }
            tag::A => {
                self.close(tag::A, true, &[]);
            }
            tag::H1 | tag::H2 | tag::H3 | tag::H4 | tag::H5 | tag::H6 => {
                let top = self.top();
                let tt = self.dom.nodes[top as usize].tag;
                if (tag::H1..=tag::H6).contains(&tt) {
                    let k = self.stack.len() - 1;
                    self.truncate(k);
                }
            }
            _ => {}
        }

        let parent = self.top();
        let id = self.append(Node {
            tag: t,
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            a: attr_start,
            b: attr_end,
        });

        // Inside <svg>/<math>, <title> and friends are ordinary elements.
        let foreign_ctx = matches!(t, tag::TITLE | tag::STYLE | tag::SCRIPT)
            && self
                .stack
                .iter()
                .rev()
                .take(64)
                .any(|&k| matches!(self.dom.nodes[k as usize].tag, tag::SVG | tag::MATH));
        let raw_end = if is_raw_text(t)
            && !(self_closing && foreign_ctx)
            && !(t == tag::TITLE && foreign_ctx)
        {
            let name = self.dom.tag_names[t as usize].clone();
            let end = find_end_tag(src, p, name.as_bytes());
            // An unterminated <title>/<textarea> would swallow the page.
            if end == len && matches!(t, tag::TITLE | tag::TEXTAREA) {
                None
            } else {
                Some(end)
            }
        } else {
            None
        };
        if let Some(end) = raw_end {
            let keep = match t {
                tag::SCRIPT => {
                    let ty = self.dom.attr(id, Attr::Type).unwrap_or("");
                    ty.eq_ignore_ascii_case("application/ld+json")
                }
                tag::TITLE | tag::TEXTAREA => true,
                _ => false,
            };
            if keep {
                if let Some(raw) = self.s.get(p..end) {
                    self.stack.push(id);
                    self.add_text(raw, t != tag::SCRIPT);
                    self.stack.pop();
                }
            }
            // Skip past "</name ...>".
            return match find_byte(src, end, b'>') {
                Some(gt) if end < len => gt + 1,
                _ => len,
            };
        }

        let foreign = t as usize >= KNOWN_TAGS.len() || matches!(t, tag::SVG | tag::MATH);
        let in_foreign = || {
            self.stack
                .iter()
                .rev()
                .take(64)
                .any(|&k| matches!(self.dom.nodes[k as usize].tag, tag::SVG | tag::MATH))
        };
        if is_void(t) || (self_closing && (foreign || in_foreign())) {
            return p;
        }
        if self.stack.len() >= MAX_DEPTH {
            if !self.depth_warned {
                self.depth_warned = true;
                self.dom
                    .warnings
                    .push(format!("nesting deeper than {MAX_DEPTH} flattened"));
            }
            return p;
        }
        self.stack.push(id);
        if let Some(c) = self.open.get_mut(t as usize) {
            *c += 1;
        }
        p
    }

    fn end_tag(&mut self, mut p: usize) -> usize {
        let src = self.src;
        let len = src.len();
        let ns = p;
        while p < len && !matches!(src[p], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            p += 1;
        }
        let lname = src[ns..p].to_ascii_lowercase();
        let after = find_byte(src, p, b'>').map_or(len, |g| g + 1);
        let Some(&t) = self.names.get(&lname) else {
            return after;
        };
        match t {
            tag::BODY | tag::HTML => {}
            tag::BR => {
                let parent = self.top();
                self.append(Node {
                    tag: tag::BR,
                    parent,
                    first_child: NONE,
                    last_child: NONE,
                    next: NONE,
                    a: 0,
                    b: 0,
                });
            }
            tag::P => {
                self.close(tag::P, true, &[]);
            }
            tag::LI => {
                self.close(tag::LI, true, &[tag::UL, tag::OL]);
            }
            _ => {
                self.close(t, false, &[]);
            }
        }
        after
    }
}

fn find_byte(src: &[u8], from: usize, b: u8) -> Option<usize> {
    if from >= src.len() {
        return None;
    }
    memchr(b, &src[from..]).map(|o| from + o)
}

fn find_seq(src: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= src.len() {
        return None;
    }
    memchr::memmem::find(&src[from..], pat).map(|o| from + o)
}

/// Position of `</name` (case-insensitive) at or after `from`, or the end.
fn find_end_tag(src: &[u8], from: usize, name: &[u8]) -> usize {
    let mut p = from;
    while p < src.len() {
        let Some(o) = memchr2(b'<', b'<', &src[p..]) else {
            return src.len();
        };
        let lt = p + o;
        if src.get(lt + 1) == Some(&b'/') {
            let ns = lt + 2;
            let ne = ns + name.len();
            if ne <= src.len() && src[ns..ne].eq_ignore_ascii_case(name) {
                let c = src.get(ne).copied().unwrap_or(b'>');
                if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
                    return lt;
                }
            }
        }
        p = lt + 1;
    }
    src.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_tree_with_implied_ends() {
        let d = parse("<div><p>one<p>two &amp; <b>three</div><ul><li>a<li>b</ul>");
        let div = d.nodes[0].first_child;
        assert_eq!(d.tag(div), tag::DIV);
        let ps: Vec<u32> = d.children(div).collect();
        assert_eq!(ps.len(), 2);
        assert_eq!(d.text_of(ps[1]), "two & three");
        let ul = d.nodes[div as usize].next;
        assert_eq!(d.children(ul).count(), 2);
    }

    #[test]
    fn deep_nesting_is_flattened_not_recursed() {
        let s = "<div>".repeat(100_000) + "x" + &"</div>".repeat(100_000);
        let d = parse(&s);
        assert_eq!(d.text_of(0), "x");
        assert!(!d.warnings.is_empty());
    }

    #[test]
    fn body_content_closes_an_unclosed_head() {
        let d = parse("<html><head><title>T</title><meta charset=utf-8><div><p>Text</p></div>");
        let div = (0..d.nodes.len() as u32)
            .find(|&i| d.tag(i) == tag::DIV)
            .unwrap();
        let parent = d.nodes[div as usize].parent;
        assert_eq!(d.tag(parent), tag::HTML);
        let d = parse("<head><title>T</title>Loose text");
        let t = (0..d.nodes.len() as u32)
            .find(|&i| d.node_text(i) == "Loose text")
            .unwrap();
        assert_ne!(d.tag(d.nodes[t as usize].parent), tag::HEAD);
    }

    #[test]
    fn raw_text_and_comments() {
        let d = parse("<script>if (a<b) {}</script><!-- <p>x</p> --><p>y</p><style>p{}</style>");
        assert_eq!(d.text_of(0), "y");
    }
}
