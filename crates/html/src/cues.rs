//! Class/id name cues and element classes.

use crate::dom::{tag, Attr, Dom};

/// What the class and id of an element say about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cue {
    /// Boilerplate words (nav, share, related, comment, ad...).
    pub neg: bool,
    /// Content words (article, body, content, story...).
    pub pos: bool,
    /// Strong content words (article, story, entry, main).
    pub strong: bool,
    /// A caption container.
    pub caption: bool,
    /// A photo credit.
    pub credit: bool,
    /// A byline.
    pub byline: bool,
}

const NEG_EXACT: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menus",
    "footer",
    "header",
    "masthead",
    "comment",
    "comments",
    "share",
    "shares",
    "sharing",
    "sharebar",
    "social",
    "related",
    "promo",
    "promos",
    "promotion",
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "sponsor",
    "sponsored",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "signup",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "pagination",
    "pager",
    "popup",
    "modal",
    "banner",
    "outbrain",
    "taboola",
    "recommended",
    "recommendations",
    "recirc",
    "recirculation",
    "trending",
    "popular",
    "mostread",
    "toolbar",
    "skip",
    "login",
    "overlay",
    "dropdown",
    "hamburger",
    "logo",
    "search",
    "rating",
    "follow",
    "donate",
    "disqus",
    "tags",
    "tagcloud",
    "hidden",
    "hide",
    "invisible",
    "rail",
    "utility",
    "tools",
    "actions",
    "dfp",
    "adslot",
    "adunit",
    "partner",
    "partners",
    "cta",
    "notification",
    "poll",
    "survey",
    "feedback",
    "copyright",
    "disclaimer",
    "teaser",
    "teasers",
    "more",
    "topics",
    "meta",
    "jump",
    "print",
    "email",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "subnav",
    "topnav",
    "sitenav",
    "aside",
    "zergnet",
    "signin",
    "register",
    "offcanvas",
    "drawer",
    "alert",
    "sticky",
    "next",
    "prev",
    "previous",
    "author",
    "authors",
    "bio",
    "about",
    "timestamp",
    "date",
    "byline",
];

const NEG_PREFIX: &[&str] = &[
    "advert",
    "sponsor",
    "newsletter",
    "subscri",
    "comment",
    "share",
    "social",
    "breadcrumb",
    "cookie",
    "recommend",
    "promo",
    "sidebar",
    "footer",
    "navig",
    "outbrain",
    "taboola",
    "popup",
    "related",
];

const POS_EXACT: &[&str] = &["body", "content", "post", "text", "blog", "copy"];

const STRONG_EXACT: &[&str] = &[
    "article",
    "articlebody",
    "entry",
    "main",
    "story",
    "prose",
    "richtext",
    "storybody",
    "postbody",
    "entrycontent",
    "maincontent",
    "articletext",
    "storytext",
];

/// Splits class/id values into lower-case words (on punctuation and
/// camelCase) and calls `f` on each, with the whole lower-cased token too.
fn words<F: FnMut(&str)>(s: &str, mut f: F) {
    for token in s.split_ascii_whitespace() {
        if is_utility_class(token) {
            continue;
        }
        token_words(token, &mut f);
    }
}

/// Layout utility classes ("hidden-xs", "margin-bottom", "col-md-8",
/// "mb-4", "d-none@lg") say nothing about content.
fn is_utility_class(t: &str) -> bool {
    if t.contains(['@', ':']) {
        return true;
    }
    const BREAKPOINTS: &[&str] = &[
        "xs", "sm", "md", "lg", "xl", "xxl", "print", "mobile", "desktop", "tablet",
    ];
    const PREFIXES: &[&str] = &[
        "margin", "padding", "border", "text", "bg", "font", "float", "align", "col", "has",
    ];
    let mut parts = t.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    if PREFIXES.iter().any(|p| first.eq_ignore_ascii_case(p)) && t.len() > first.len() {
        return true;
    }
    parts.any(|p| BREAKPOINTS.iter().any(|b| p.eq_ignore_ascii_case(b)))
}

fn token_words<F: FnMut(&str)>(s: &str, f: &mut F) {
    let mut w = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !w.is_empty() {
                f(&w);
                w.clear();
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            w.extend(c.to_lowercase());
        } else {
            if !w.is_empty() {
                f(&w);
                w.clear();
            }
            prev_lower = false;
        }
    }
    if !w.is_empty() {
        f(&w);
    }
}

/// The cue of an element, from its class, id, role and itemprop.
pub fn cue(dom: &Dom, i: u32) -> Cue {
    let mut c = Cue::default();
    let class = dom.attr(i, Attr::Class).unwrap_or("");
    let id = dom.attr(i, Attr::Id).unwrap_or("");
    if let Some(p) = dom.attr(i, Attr::Itemprop) {
        let p = p.to_ascii_lowercase();
        if p == "articlebody" || p == "text" {
            c.pos = true;
            c.strong = true;
        }
        if p == "author" {
            c.byline = true;
        }
    }
    if let Some(r) = dom.attr(i, Attr::Role) {
        let r = r.to_ascii_lowercase();
        if matches!(
            r.as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "menu"
                | "menubar"
                | "search"
                | "dialog"
                | "alert"
        ) {
            c.neg = true;
        }
        if r == "main" || r == "article" {
            c.pos = true;
        }
    }
    if dom
        .attr(i, Attr::Rel)
        .is_some_and(|r| r.eq_ignore_ascii_case("author"))
    {
        c.byline = true;
    }
    if class.is_empty() && id.is_empty() {
        return c;
    }
    let mut neg = false;
    let mut pos = false;
    // Ids made from heading text ("what-are-you-looking-forward-to-next")
    // are slugs, not roles.
    let id = if id.split(['-', '_']).filter(|w| !w.is_empty()).count() >= 4 {
        ""
    } else {
        id
    };
    for s in [class, id] {
        if s.len() > 400 {
            continue;
        }
        let lower = s.to_ascii_lowercase();
        if lower.contains("sr-only")
            || lower.contains("screen-reader")
            || lower.contains("visually-hidden")
        {
            neg = true;
        }
        words(s, |w| {
            if NEG_EXACT.contains(&w) || NEG_PREFIX.iter().any(|p| w.starts_with(p)) {
                neg = true;
            }
            if POS_EXACT.contains(&w) {
                pos = true;
            }
            if STRONG_EXACT.contains(&w) {
                pos = true;
                c.strong = true;
            }
            match w {
                "caption" | "figcaption" | "captiontext" | "imagecaption" | "wp" if w != "wp" => {
                    c.caption = true;
                }
                "credit" | "credits" | "photographer" | "imagecredit" | "photocredit" => {
                    c.credit = true
                }
                "byline" | "author" | "authors" | "writer" => c.byline = true,
                _ => {}
            }
        });
    }
    // Caption / credit / byline markers are roles, not boilerplate.
    if c.caption || c.credit {
        neg = false;
    }
    c.neg |= neg;
    c.pos |= pos;
    c
}

/// Elements that are never content.
pub fn hard_drop_tag(t: u16) -> bool {
    matches!(
        t,
        tag::SCRIPT
            | tag::STYLE
            | tag::TEMPLATE
            | tag::SVG
            | tag::MATH
            | tag::CANVAS
            | tag::BUTTON
            | tag::SELECT
            | tag::INPUT
            | tag::TEXTAREA
            | tag::NAV
            | tag::IFRAME
            | tag::OBJECT
            | tag::EMBED
            | tag::DIALOG
            | tag::HEAD
            | tag::TITLE
            | tag::META
            | tag::LINK
            | tag::OPTION
            | tag::AUDIO
            | tag::VIDEO
            | tag::MENU
            | tag::LABEL
    )
}

/// Elements that are boilerplate unless they hold the content.
pub fn soft_drop_tag(t: u16) -> bool {
    matches!(
        t,
        tag::ASIDE | tag::FOOTER | tag::HEADER | tag::FORM | tag::ADDRESS
    )
}

/// Block-level elements: they end the running block.
pub fn is_block(t: u16) -> bool {
    matches!(
        t,
        tag::P
            | tag::DIV
            | tag::SECTION
            | tag::ARTICLE
            | tag::MAIN
            | tag::HEADER
            | tag::FOOTER
            | tag::ASIDE
            | tag::NAV
            | tag::H1
            | tag::H2
            | tag::H3
            | tag::H4
            | tag::H5
            | tag::H6
            | tag::UL
            | tag::OL
            | tag::LI
            | tag::DL
            | tag::DT
            | tag::DD
            | tag::TABLE
            | tag::THEAD
            | tag::TBODY
            | tag::TFOOT
            | tag::TR
            | tag::TD
            | tag::TH
            | tag::CAPTION
            | tag::BLOCKQUOTE
            | tag::FIGURE
            | tag::FIGCAPTION
            | tag::PRE
            | tag::HR
            | tag::BR
            | tag::FORM
            | tag::FIELDSET
            | tag::ADDRESS
            | tag::DETAILS
            | tag::SUMMARY
            | tag::CENTER
            | tag::HGROUP
            | tag::BODY
            | tag::HTML
            | tag::LEGEND
    )
}

/// Whether the element is hidden by attribute or inline style.
pub fn hidden(dom: &Dom, i: u32) -> bool {
    if dom.attr(i, Attr::Hidden).is_some() {
        return true;
    }
    if dom
        .attr(i, Attr::AriaHidden)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(s) = dom.attr(i, Attr::Style) {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Social platform of an embed container, if it is one.
pub fn embed_platform(dom: &Dom, i: u32) -> Option<&'static str> {
    let t = dom.tag(i);
    if t != tag::BLOCKQUOTE && t != tag::DIV {
        return None;
    }
    let class = dom.attr(i, Attr::Class).unwrap_or("").to_ascii_lowercase();
    if class.is_empty() {
        return None;
    }
    let has = |w: &str| class.split_whitespace().any(|c| c == w);
    if t == tag::BLOCKQUOTE {
        if has("twitter-tweet") || has("twitter-video") {
            return Some("twitter");
        }
        if has("instagram-media") {
            return Some("instagram");
        }
        if has("tiktok-embed") {
            return Some("tiktok");
        }
        if has("bluesky-embed") {
            return Some("bluesky");
        }
        if has("mastodon-embed") {
            return Some("mastodon");
        }
        if has("telegram-post") {
            return Some("telegram");
        }
        if has("fb-xfbml-parse-ignore") {
            return Some("facebook");
        }
    }
    if t == tag::DIV && (has("fb-post") || has("fb-video")) {
        return Some("facebook");
    }
    None
}
