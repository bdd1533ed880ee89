//! Page metadata: `<meta>` tags, `<link rel=canonical>`, `<title>`,
//! `<time>` and JSON-LD.

use serde_json::Value;

use crate::date::normalize_date;
use crate::dom::{collapse_ws, tag, Attr, Dom};
use crate::PageMeta;

#[derive(Default)]
struct Cands {
    title: Vec<(u8, String)>,
    author: Vec<(u8, String)>,
    published: Vec<(u8, String)>,
    url: Vec<(u8, String)>,
    outlet: Vec<(u8, String)>,
    lang: Vec<(u8, String)>,
    body: Option<String>,
}

fn best(v: &mut [(u8, String)]) -> Option<String> {
    // Lowest rank wins; first seen among equals.
    v.iter()
        .enumerate()
        .min_by_key(|(i, (r, _))| (*r, *i))
        .map(|(_, (_, s))| s.clone())
}

fn push(v: &mut Vec<(u8, String)>, rank: u8, s: &str) {
    let s = collapse_ws(s);
    if !s.is_empty() && s.len() < 2000 {
        v.push((rank, s));
    }
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with('/')
}

/// Reads the metadata of a parsed page, and the JSON-LD `articleBody`
/// when there is one.
pub fn read_meta(dom: &Dom) -> (PageMeta, Option<String>) {
    let mut c = Cands::default();
    let mut first_time: Option<String> = None;
    // Text-valued candidates cost a subtree walk each: cap them so nested
    // markup cannot make this quadratic.
    let mut text_budget = 64u32;
    let mut titles_seen = 0u32;
    for i in 0..dom.nodes.len() as u32 {
        match dom.tag(i) {
            tag::META => {
                let key = dom
                    .attr(i, Attr::Property)
                    .or_else(|| dom.attr(i, Attr::Name))
                    .or_else(|| dom.attr(i, Attr::Itemprop))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(val) = dom
                    .attr(i, Attr::Content)
                    .or_else(|| dom.attr(i, Attr::Datetime))
                else {
                    continue;
                };
                meta_key(&mut c, &key, val);
            }
            tag::LINK => {
                let rel = dom.attr(i, Attr::Rel).unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    if let Some(h) = dom.attr(i, Attr::Href) {
                        push(&mut c.url, 0, h);
                    }
                }
            }
            tag::TITLE => {
                // Only the document title, not titles inside <svg>.
                titles_seen += 1;
                if titles_seen <= 8 && !inside(dom, i, tag::SVG) {
                    push(&mut c.title, 9, &dom.text_of(i));
                }
            }
            tag::HTML => {
                if let Some(l) = dom.attr(i, Attr::Lang) {
                    push(&mut c.lang, 0, l);
                }
            }
            tag::TIME => {
                if first_time.is_none() {
                    if let Some(d) = dom.attr(i, Attr::Datetime).and_then(normalize_date) {
                        first_time = Some(d);
                    }
                }
                if let Some(p) = dom.attr(i, Attr::Itemprop) {
                    if p.eq_ignore_ascii_case("datepublished") {
                        if let Some(d) = dom.attr(i, Attr::Datetime) {
                            push(&mut c.published, 2, d);
                        }
                    }
                }
            }
            tag::SCRIPT => {
                let ty = dom.attr(i, Attr::Type).unwrap_or("");
                if ty.eq_ignore_ascii_case("application/ld+json") {
                    let raw: String = dom.children(i).map(|t| dom.node_text(t)).collect();
                    json_ld(&mut c, &raw);
                }
            }
            t if t != tag::TEXT && text_budget > 0 => {
                // itemprop on ordinary elements.
                if let Some(p) = dom.attr(i, Attr::Itemprop) {
                    let p = p.to_ascii_lowercase();
                    match p.as_str() {
                        "headline" => {
                            text_budget -= 1;
                            push(&mut c.title, 4, &dom.text_of(i))
                        }
                        "datepublished" => {
                            if let Some(d) = dom
                                .attr(i, Attr::Content)
                                .or_else(|| dom.attr(i, Attr::Datetime))
                            {
                                push(&mut c.published, 2, d);
                            }
                        }
                        "author" => {
                            text_budget -= 1;
                            let t = dom.text_of(i);
                            if t.len() < 100 {
                                push(&mut c.author, 5, strip_by(&t));
                            }
                        }
                        _ => {}
                    }
                }
                if dom
                    .attr(i, Attr::Rel)
                    .is_some_and(|r| r.eq_ignore_ascii_case("author"))
                {
                    let t = dom.text_of(i);
                    if t.len() < 100 {
                        push(&mut c.author, 6, strip_by(&t));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(t) = first_time {
        c.published.push((8, t));
    }
    let outlet = best(&mut c.outlet);
    let mut title = best(&mut c.title);
    // A <title> often carries " | Site" or " - Site".
    if let (Some(t), Some(o)) = (title.as_mut(), outlet.as_ref()) {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            let suffix = format!("{sep}{o}");
            if t.len() > suffix.len() && t.ends_with(&suffix) {
                t.truncate(t.len() - suffix.len());
            }
        }
    }
    let mut published = None;
    c.published.sort_by_key(|(r, _)| *r);
    for (_, p) in &c.published {
        if let Some(d) = normalize_date(p) {
            published = Some(d);
            break;
        }
    }
    let meta = PageMeta {
        title,
        author: best(&mut c.author),
        published,
        url: best(&mut c.url),
        outlet,
        lang: best(&mut c.lang),
    };
    (meta, c.body)
}

fn inside(dom: &Dom, mut i: u32, t: u16) -> bool {
    let mut steps = 0;
    while i != crate::dom::NONE && steps < 2000 {
        if dom.tag(i) == t {
            return true;
        }
        i = dom.nodes[i as usize].parent;
        steps += 1;
    }
    false
}

fn strip_by(s: &str) -> &str {
    let t = s.trim();
    for p in ["By ", "by ", "BY ", "Von ", "Par "] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim();
        }
    }
    t
}

fn meta_key(c: &mut Cands, key: &str, val: &str) {
    match key {
        "og:title" => push(&mut c.title, 1, val),
        "twitter:title" => push(&mut c.title, 3, val),
        "parsely-title" | "sailthru.title" => push(&mut c.title, 3, val),
        "dc.title" | "dcterms.title" | "headline" => push(&mut c.title, 4, val),
        "author" | "article:author" | "parsely-author" | "sailthru.author" | "dc.creator"
        | "dcterms.creator" | "byl" | "cxenseparse:author"
            if !looks_like_url(val) =>
        {
            let rank = if key == "author" { 1 } else { 2 };
            push(&mut c.author, rank, strip_by(val));
        }
        "article:published_time" | "og:published_time" | "datepublished" => {
            push(&mut c.published, 1, val)
        }
        "date"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "publish_date"
        | "parsely-pub-date"
        | "sailthru.date"
        | "dc.date"
        | "dc.date.issued"
        | "dc.date.created"
        | "dcterms.created"
        | "dcterms.date"
        | "dcterms.issued"
        | "article.published"
        | "article_date_original"
        | "original-publish-date"
        | "publication_date"
        | "cxenseparse:recs:publishtime" => push(&mut c.published, 3, val),
        "og:updated_time" | "article:modified_time" | "lastmod" | "last-modified" => {
            push(&mut c.published, 7, val)
        }
        "og:url" => push(&mut c.url, 1, val),
        "og:site_name" => push(&mut c.outlet, 0, val),
        "application-name" | "apple-mobile-web-app-title" | "twitter:site" => {
            push(&mut c.outlet, 3, val.trim_start_matches('@'))
        }
        "og:locale" => push(&mut c.lang, 3, &val.replace('_', "-")),
        "content-language" | "language" | "dc.language" => push(&mut c.lang, 2, val),
        _ => {}
    }
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "blogposting",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "backgroundnewsarticle",
    "reviewnewsarticle",
];

fn is_article(v: &Value) -> bool {
    let ty = |s: &str| ARTICLE_TYPES.contains(&s.to_ascii_lowercase().as_str());
    match v.get("@type") {
        Some(Value::String(s)) => ty(s),
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str().is_some_and(ty)),
        _ => false,
    }
}

fn json_ld(c: &mut Cands, raw: &str) {
    let raw = raw.trim();
    let raw = raw
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    let raw = raw
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    if raw.len() > 4_000_000 {
        return;
    }
    let Ok(v) = serde_json::from_str::<Value>(raw) else {
        return;
    };
    // Breadth-first over arrays and @graph, a few levels deep, no recursion.
    let mut queue: Vec<(&Value, u8)> = vec![(&v, 0)];
    let mut k = 0;
    while k < queue.len() && k < 500 {
        let (cur, depth) = queue[k];
        k += 1;
        match cur {
            Value::Array(a) if depth < 4 => queue.extend(a.iter().map(|x| (x, depth + 1))),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    if depth < 4 {
                        queue.push((g, depth + 1));
                    }
                }
                if is_article(cur) {
                    article_obj(c, cur);
                } else if let Some(Value::String(name)) = o.get("name") {
                    let is_site = match o.get("@type") {
                        Some(Value::String(s)) => s == "WebSite" || s == "NewsMediaOrganization",
                        _ => false,
                    };
                    if is_site {
                        push(&mut c.outlet, 2, name);
                    }
                }
            }
            _ => {}
        }
    }
}

fn names_of(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        Value::Array(a) => a.iter().take(20).flat_map(names_of).collect(),
        _ => vec![],
    }
}

fn article_obj(c: &mut Cands, v: &Value) {
    if let Some(h) = v.get("headline").and_then(Value::as_str) {
        push(&mut c.title, 2, h);
    } else if let Some(h) = v.get("name").and_then(Value::as_str) {
        push(&mut c.title, 5, h);
    }
    if let Some(d) = v.get("datePublished").and_then(Value::as_str) {
        push(&mut c.published, 0, d);
    } else if let Some(d) = v.get("dateCreated").and_then(Value::as_str) {
        push(&mut c.published, 4, d);
    }
    if let Some(a) = v.get("author") {
        let names: Vec<String> = names_of(a)
            .into_iter()
            .filter(|n| !looks_like_url(n))
            .collect();
        if !names.is_empty() {
            let names: Vec<&str> = names.iter().map(|n| strip_by(n)).collect();
            push(&mut c.author, 0, &names.join(", "));
        }
    }
    if let Some(p) = v.get("publisher") {
        if let Some(n) = names_of(p).into_iter().next() {
            push(&mut c.outlet, 1, &n);
        }
    }
    if let Some(u) = v.get("url").and_then(Value::as_str) {
        push(&mut c.url, 2, u);
    } else if let Some(u) = v.get("mainEntityOfPage") {
        let u = match u {
            Value::String(s) => Some(s.as_str()),
            Value::Object(o) => o.get("@id").and_then(Value::as_str),
            _ => None,
        };
        if let Some(u) = u {
            push(&mut c.url, 3, u);
        }
    }
    if let Some(b) = v.get("articleBody").and_then(Value::as_str) {
        if c.body.as_ref().is_none_or(|old| old.len() < b.len()) {
            c.body = Some(b.to_string());
        }
    }
    if let Some(l) = v.get("inLanguage").and_then(Value::as_str) {
        push(&mut c.lang, 1, l);
    }
}
