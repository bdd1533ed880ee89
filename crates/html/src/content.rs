//! Finding the article in the tree and cutting it into role-tagged blocks.

use attache_doc::BlockRole;

use crate::cues::{cue, embed_platform, hard_drop_tag, hidden, is_block, soft_drop_tag, Cue};
use crate::dom::{collapse_ws, tag, Attr, Dom, NONE};

/// Per-node features.
pub struct Features {
    /// Cue of each element.
    pub cue: Vec<Cue>,
    /// Never content (tag, hidden), this node or an ancestor.
    pub hard_in: Vec<bool>,
    /// This node is boilerplate by tag or class.
    pub neg: Vec<bool>,
    /// Below a boilerplate node (itself included).
    pub neg_in: Vec<bool>,
    /// Non-space characters below the node (hard-dropped parts excluded).
    pub txt: Vec<u32>,
    /// Of which inside links.
    pub link: Vec<u32>,
    /// Commas below the node.
    pub commas: Vec<u32>,
    /// Has a block-level child with text.
    pub block_child: Vec<bool>,
    /// Social platform of embed containers.
    pub embed: Vec<Option<&'static str>>,
    /// Text owned directly by a block element (not inside a block child).
    pub dtxt: Vec<u32>,
    /// Of which inside links.
    pub dlink: Vec<u32>,
    /// Commas of the direct text.
    pub dcommas: Vec<u32>,
    /// `<br>`s directly in the block.
    pub dbr: Vec<u32>,
}

fn count_text(s: &str) -> (u32, u32) {
    let mut n = 0u32;
    let mut commas = 0u32;
    for c in s.chars() {
        if !c.is_whitespace() {
            n += 1;
            if c == ',' || c == '，' || c == '、' {
                commas += 1;
            }
        }
    }
    (n, commas)
}

/// Computes the features in two linear passes.
pub fn features(dom: &Dom) -> Features {
    let n = dom.nodes.len();
    let mut f = Features {
        cue: vec![Cue::default(); n],
        hard_in: vec![false; n],
        neg: vec![false; n],
        neg_in: vec![false; n],
        txt: vec![0; n],
        link: vec![0; n],
        commas: vec![0; n],
        block_child: vec![false; n],
        embed: vec![None; n],
        dtxt: vec![0; n],
        dlink: vec![0; n],
        dcommas: vec![0; n],
        dbr: vec![0; n],
    };
    let mut owner = vec![0u32; n];
    let mut in_link = vec![false; n];
    // Forward: own cues, hard drops (parents precede children).
    let mut neg_raw = vec![false; n];
    let mut key = vec![false; n];
    for i in 1..n {
        let node = &dom.nodes[i];
        let p = node.parent as usize;
        in_link[i] = in_link[p] || node.tag == tag::A;
        if node.tag == tag::TEXT {
            f.hard_in[i] = f.hard_in[p];
            if !f.hard_in[i] {
                let o = owner[p] as usize;
                let (c, k) = count_text(&dom.text[node.a as usize..node.b as usize]);
                f.dtxt[o] += c;
                f.dcommas[o] += k;
                if in_link[i] {
                    f.dlink[o] += c;
                }
            }
            continue;
        }
        let t = node.tag;
        owner[i] = if is_block(t) && t != tag::BR {
            i as u32
        } else {
            owner[p]
        };
        if t == tag::BR {
            f.dbr[owner[i] as usize] += 1;
        }
        let c = cue(dom, i as u32);
        f.cue[i] = c;
        f.embed[i] = embed_platform(dom, i as u32);
        let embed_in = f.embed[i].is_some();
        let hard = hard_drop_tag(t) || hidden(dom, i as u32);
        f.hard_in[i] = f.hard_in[p] || (hard && !embed_in);
        neg_raw[i] = !embed_in
            && !matches!(t, tag::HTML | tag::BODY)
            && ((c.neg && !c.pos) || soft_drop_tag(t));
        key[i] = t == tag::MAIN
            || dom
                .attr(i as u32, Attr::Itemprop)
                .is_some_and(|v| v.eq_ignore_ascii_case("articlebody"));
    }
    // Backward: sums (children follow their parents).
    let mut maxpos = vec![0u32; n];
    for i in (1..n).rev() {
        let node = &dom.nodes[i];
        let p = node.parent as usize;
        if node.tag == tag::TEXT {
            let (c, k) = count_text(&dom.text[node.a as usize..node.b as usize]);
            f.txt[i] = c;
            f.commas[i] = k;
        } else if node.tag == tag::A {
            f.link[i] = f.txt[i];
        }
        if f.hard_in[i] && !f.hard_in[p] {
            continue;
        }
        f.txt[p] += f.txt[i];
        f.link[p] += f.link[i];
        f.commas[p] += f.commas[i];
        if node.tag == tag::H1 && f.txt[i] >= 20 {
            key[i] = true;
        }
        if key[i] {
            key[p] = true;
        }
        let c = f.cue[i];
        let own = if c.strong && !c.neg && node.tag != tag::TEXT {
            f.txt[i]
        } else {
            0
        };
        maxpos[p] = maxpos[p].max(maxpos[i]).max(own);
        if f.txt[i] > 0 && is_block(node.tag) {
            f.block_child[p] = true;
        }
    }
    // Forward again: boilerplate cues, void on wrappers of the article
    // (those holding the page's h1, <main> or the articleBody).
    for i in 1..n {
        let p = dom.nodes[i].parent as usize;
        // A boilerplate-named wrapper around a large content-named block
        // ("sidebar-layout" around "article-content") is a layout box.
        let wrapper = maxpos[i] >= 300 && maxpos[i] * 2 >= f.txt[i];
        let neg = neg_raw[i] && !key[i] && !wrapper;
        f.neg[i] = neg;
        f.neg_in[i] = f.neg_in[p] || neg;
    }
    f
}

impl Features {
    /// Link density of a node.
    pub fn ld(&self, i: usize) -> f32 {
        if self.txt[i] == 0 {
            0.0
        } else {
            self.link[i] as f32 / self.txt[i] as f32
        }
    }
}

/// Picks the content roots: the best-scoring container and its fitting
/// siblings, in document order.
/// Also says whether class-name cues were trusted (they are not when they
/// would discard nearly all the text).
pub fn content_roots(dom: &Dom, f: &Features) -> (Vec<u32>, bool) {
    let sc = score_candidates(dom, f);
    (pick_roots(dom, f, &sc), sc.use_neg)
}

/// Scores of the candidates.
pub struct Scores {
    /// Decayed paragraph scores, weighted by link density and cues.
    pub score: Vec<f32>,
    /// Undecayed paragraph mass of each subtree.
    pub pm: Vec<f32>,
    /// The best candidate.
    pub best: u32,
    /// Its score.
    pub best_s: f32,
    /// Whether class cues were used.
    pub use_neg: bool,
}

/// Candidate scores: (scores, best node, best score, whether class cues
/// were used).
#[allow(clippy::needless_range_loop)]
pub fn score_candidates(dom: &Dom, f: &Features) -> Scores {
    let n = dom.nodes.len();
    let mut score = vec![0f32; n];
    let mut pm = vec![0f32; n];
    let mut use_neg = true;
    for round in 0..2 {
        score.iter_mut().for_each(|s| *s = 0.0);
        pm.iter_mut().for_each(|s| *s = 0.0);
        let mut total = 0f32;
        let mut kept = 0f32;
        for i in 1..n {
            let t = dom.nodes[i].tag;
            if t == tag::TEXT || f.hard_in[i] || f.dtxt[i] < 25 {
                continue;
            }
            if matches!(
                t,
                tag::H1
                    | tag::H2
                    | tag::H3
                    | tag::H4
                    | tag::H5
                    | tag::H6
                    | tag::FIGCAPTION
                    | tag::CAPTION
                    | tag::FIGURE
            ) || f.cue[i].caption
                || f.cue[i].credit
            {
                continue;
            }
            let len = f.dtxt[i] as f32;
            let paras = 1.0 + (f.dbr[i] / 2) as f32;
            let ld = f.dlink[i] as f32 / len;
            let s =
                (1.0 + f.dcommas[i].min(20 * paras as u32) as f32 + (len / 100.0).min(3.0 * paras))
                    * (1.0 - ld).max(0.0);
            total += s;
            if use_neg && f.neg_in[i] {
                continue;
            }
            kept += s;
            pm[i] += s;
            let mut a = if f.block_child[i] {
                i as u32
            } else {
                dom.nodes[i].parent
            };
            let mut level = 0;
            while a != NONE && level < 5 {
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f32 * 3.0,
                };
                score[a as usize] += s / div;
                a = dom.nodes[a as usize].parent;
                level += 1;
            }
        }
        if round == 0 && total > 0.0 && (kept < 3.0 || kept < 0.05 * total) {
            use_neg = false;
            continue;
        }
        break;
    }
    // Nodes near the headline: up to three levels above a (non-boilerplate)
    // h1. Candidates within three levels below one of them are favoured.
    let mut near = vec![false; n];
    let h1s: Vec<usize> = (1..n)
        .filter(|&i| dom.nodes[i].tag == tag::H1 && f.txt[i] >= 15 && !f.hard_in[i] && !f.neg_in[i])
        .take(4)
        .collect();
    if h1s.len() <= 2 {
        for &h in &h1s {
            let mut a = dom.nodes[h].parent;
            for _ in 0..3 {
                if a == NONE || matches!(dom.tag(a), tag::BODY | tag::HTML | tag::ROOT) {
                    break;
                }
                near[a as usize] = true;
                a = dom.nodes[a as usize].parent;
            }
        }
    }
    let mut best = NONE;
    let mut best_s = 0f32;
    for i in 1..n {
        if score[i] <= 0.0 {
            continue;
        }
        let mut s = score[i] * (1.0 - f.ld(i)).max(0.0);
        if !h1s.is_empty() {
            let mut a = i as u32;
            for _ in 0..4 {
                if a == NONE {
                    break;
                }
                if near[a as usize] {
                    s *= 1.5;
                    break;
                }
                a = dom.nodes[a as usize].parent;
            }
        }
        let c = f.cue[i];
        if c.pos && !c.neg {
            s *= 1.25;
        }
        if use_neg && f.neg[i] {
            s *= 0.3;
        }
        if matches!(dom.nodes[i].tag, tag::ARTICLE | tag::MAIN) {
            s *= 1.1;
        }
        score[i] = s;
        if s > best_s {
            best_s = s;
            best = i as u32;
        }
    }
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent as usize;
        pm[p] += pm[i];
    }
    Scores {
        score,
        pm,
        best,
        best_s,
        use_neg,
    }
}

fn pick_roots(dom: &Dom, f: &Features, sc: &Scores) -> Vec<u32> {
    let n = dom.nodes.len();
    let (score, pm, best, best_s, use_neg) = (&sc.score, &sc.pm, sc.best, sc.best_s, sc.use_neg);
    if best == NONE {
        // Nothing paragraph-like: the body (or the root).
        let body = (0..n as u32)
            .find(|&i| dom.tag(i) == tag::BODY)
            .unwrap_or(0);
        return vec![body];
    }
    // A table row or list is part of a larger text: climb out of it.
    let mut best = best;
    while matches!(
        dom.tag(best),
        tag::TR
            | tag::TBODY
            | tag::THEAD
            | tag::TFOOT
            | tag::TABLE
            | tag::UL
            | tag::OL
            | tag::DL
            | tag::LI
            | tag::TD
    ) {
        let p = dom.nodes[best as usize].parent;
        if p == NONE || matches!(dom.tag(p), tag::BODY | tag::HTML | tag::ROOT) {
            break;
        }
        best = p;
    }
    // Climb to an ancestor holding much more good paragraph text (an
    // article cut into many small containers).
    let mut a = best;
    for _ in 0..4 {
        let p = dom.nodes[a as usize].parent;
        if p == NONE || matches!(dom.tag(p), tag::BODY | tag::HTML | tag::ROOT) {
            break;
        }
        let pu = p as usize;
        if f.ld(pu) >= 0.3 || (use_neg && f.neg[pu]) {
            break;
        }
        let bu = best as usize;
        let extra_txt = f.txt[pu].saturating_sub(f.txt[bu]);
        let extra_link = f.link[pu].saturating_sub(f.link[bu]);
        // The extra text must sit in siblings shaped like the path child
        // (same tag and class): the article's own repeated containers.
        let repeated = || {
            let (ct, cc) = (dom.tag(a), dom.attr(a, Attr::Class).unwrap_or(""));
            dom.children(p).any(|s| {
                s != a
                    && pm[s as usize] > 0.0
                    && dom.tag(s) == ct
                    && dom.attr(s, Attr::Class).unwrap_or("") == cc
            })
        };
        if pm[pu] >= 1.5 * pm[bu] && (extra_link as f32) < 0.2 * extra_txt as f32 && repeated() {
            best = p;
        }
        a = p;
    }
    // Siblings that continue the article, at the best node's level and a
    // few levels up (articles split over several sibling containers).
    let threshold = (best_s * 0.2).max(10.0);
    let mut roots = vec![best];
    let mut anc = best;
    for level in 0..3 {
        let parent = dom.nodes[anc as usize].parent;
        if parent == NONE
            || matches!(dom.tag(parent), tag::BODY | tag::HTML | tag::ROOT) && level > 0
        {
            break;
        }
        for s in dom.children(parent) {
            if s == anc {
                continue;
            }
            let si = s as usize;
            let t = dom.nodes[si].tag;
            if t == tag::TEXT || f.hard_in[si] || (use_neg && f.neg[si]) || f.txt[si] == 0 {
                continue;
            }
            let ld = f.ld(si);
            let strong = if level == 0 {
                score[si] >= threshold
            } else {
                let same_shape = dom.tag(s) == dom.tag(anc)
                    && dom.attr(s, Attr::Class).unwrap_or("")
                        == dom.attr(anc, Attr::Class).unwrap_or("");
                let mass = pm[si];
                let best_mass = pm[best as usize];
                (same_shape && mass >= (best_mass * 0.1).max(3.0) && ld < 0.3)
                    || (mass >= (best_mass * 0.5).max(8.0) && ld < 0.15)
            };
            if strong {
                roots.push(s);
            } else if level == 0 && (t == tag::P || !f.block_child[si]) {
                let len = f.txt[si];
                if (len > 80 && ld < 0.25)
                    || (len > 0 && ld == 0.0 && ends_sentence(&dom.text_of(s)))
                {
                    roots.push(s);
                }
            }
        }
        anc = parent;
    }
    // Other parts of the article in containers shaped exactly like the best
    // one (same tag and class), e.g. a story split around an ad row.
    // The shape is the best container's, or when that has no class (a bare
    // wrapper reached by climbing), the originally best one's.
    let shape = if dom.attr(best, Attr::Class).unwrap_or("").trim().is_empty() {
        sc.best
    } else {
        best
    };
    let best_class = dom.attr(shape, Attr::Class).unwrap_or("");
    if !best_class.trim().is_empty() {
        let mut scope = best;
        for _ in 0..8 {
            let p = dom.nodes[scope as usize].parent;
            if p == NONE || matches!(dom.tag(p), tag::BODY | tag::HTML | tag::ROOT) {
                break;
            }
            scope = p;
        }
        let bt = dom.tag(shape);
        let mut extra = Vec::new();
        dom.walk(scope, |i, node| {
            let iu = i as usize;
            if node.tag == tag::TEXT || f.hard_in[iu] || (use_neg && f.neg[iu]) {
                return false;
            }
            if i != best
                && i != shape
                && node.tag == bt
                && pm[iu] >= 2.0
                && f.ld(iu) < 0.2
                && dom.attr(i, Attr::Class) == Some(best_class)
            {
                extra.push(i);
                return false;
            }
            true
        });
        for e in extra {
            // Skip those inside or around an existing root.
            let inside = roots
                .iter()
                .any(|&r| is_ancestor(dom, r, e) || is_ancestor(dom, e, r));
            if !inside {
                roots.push(e);
            }
        }
    }
    roots.sort_unstable();
    // A byline just before the article text, in the same article box.
    if let Some(&first) = roots.first() {
        let mut box_ = first;
        for _ in 0..3 {
            let p = dom.nodes[box_ as usize].parent;
            if p == NONE || matches!(dom.tag(p), tag::BODY | tag::HTML | tag::ROOT) {
                break;
            }
            box_ = p;
        }
        let mut found = NONE;
        let mut visited = 0;
        dom.walk(box_, |i, node| {
            visited += 1;
            if found != NONE || i >= first || visited > 5000 {
                return false;
            }
            let iu = i as usize;
            if node.tag == tag::TEXT || f.hard_in[iu] {
                return false;
            }
            if f.cue[iu].byline && f.txt[iu] > 3 && f.txt[iu] < 120 && f.ld(iu) < 1.0
                || f.cue[iu].byline && f.txt[iu] > 3 && f.txt[iu] < 60
            {
                found = i;
                return false;
            }
            true
        });
        if found != NONE && !roots.contains(&found) {
            roots.insert(0, found);
        }
    }
    roots
}

/// Whether `a` is `d` or one of its ancestors.
fn is_ancestor(dom: &Dom, a: u32, d: u32) -> bool {
    let mut x = d;
    while x != NONE && x >= a {
        if x == a {
            return true;
        }
        x = dom.nodes[x as usize].parent;
    }
    false
}

fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '”', '’', '\'', ')']);
    s.ends_with('.') || s.ends_with('!') || s.ends_with('?')
}

/// A block of text with its role, before it is laid out into the text.
#[derive(Debug, Clone)]
pub struct RawBlock {
    /// Collapsed text.
    pub text: String,
    /// Role.
    pub role: BlockRole,
    /// Photo credit text (captions).
    pub credit: Option<String>,
    /// Image source (captions).
    pub img_src: Option<String>,
    /// Embed details (social posts).
    pub social: Option<SocialRaw>,
}

/// What an embed's markup says.
#[derive(Debug, Clone, Default)]
pub struct SocialRaw {
    /// Platform name.
    pub platform: &'static str,
    /// Link targets inside the embed.
    pub links: Vec<String>,
    /// Text of the last link (tweets put the date there).
    pub last_link_text: String,
    /// `<time datetime>` inside the embed.
    pub datetime: Option<String>,
}

#[derive(Clone, Copy, Default)]
struct Ctx {
    heading: bool,
    caption: bool,
    credit: bool,
    quote: bool,
    byline: bool,
    social: bool,
    link: bool,
    pre: bool,
    figure: bool,
    /// Inside an embed or a byline box: inner blocks do not break the block.
    merge: bool,
}

struct Emitter<'a> {
    dom: &'a Dom,
    f: &'a Features,
    use_neg: bool,
    title: Option<String>,
    out: Vec<RawBlock>,
    ctx: Ctx,
    stack: Vec<(u32, Ctx)>,
    buf: String,
    buf_link: usize,
    buf_ctx: Option<Ctx>,
    credit: String,
    img_src: Option<String>,
    social: Option<SocialRaw>,
    seen: std::collections::HashSet<String>,
    body_seen: bool,
}

/// Cuts the content roots into blocks.
pub fn emit(
    dom: &Dom,
    f: &Features,
    roots: &[u32],
    use_neg: bool,
    title: Option<&str>,
) -> Vec<RawBlock> {
    let mut e = Emitter {
        dom,
        f,
        use_neg,
        title: title.map(norm_for_compare),
        out: Vec::new(),
        ctx: Ctx::default(),
        stack: Vec::new(),
        buf: String::new(),
        buf_link: 0,
        buf_ctx: None,
        credit: String::new(),
        img_src: None,
        social: None,
        seen: std::collections::HashSet::new(),
        body_seen: false,
    };
    for &r in roots {
        e.walk(r);
        e.flush();
    }
    e.out
}

fn norm_for_compare(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Emitter<'_> {
    fn walk(&mut self, root: u32) {
        let dom = self.dom;
        let mut cur = root;
        loop {
            let descend = self.enter(cur, cur == root);
            let n = &dom.nodes[cur as usize];
            if descend && n.first_child != NONE {
                cur = n.first_child;
                continue;
            }
            loop {
                self.leave(cur);
                if cur == root {
                    return;
                }
                let n = &dom.nodes[cur as usize];
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

    fn skip(&self, i: u32, is_root: bool) -> bool {
        let f = self.f;
        let iu = i as usize;
        if f.hard_in[iu] {
            return true;
        }
        if is_root || f.embed[iu].is_some() || self.ctx.social {
            return false;
        }
        let c = f.cue[iu];
        let t = self.dom.tag(i);
        // A plain <header> inside the article (section heads, the headline
        // box) is kept; its headline and time stamps are dropped later.
        let plain_header = t == tag::HEADER && !c.neg;
        if self.use_neg
            && f.neg[iu]
            && !plain_header
            && !(c.caption || c.credit || (c.byline && f.txt[iu] < 150))
        {
            return true;
        }
        // Link lists and link boxes.
        if matches!(
            t,
            tag::UL | tag::OL | tag::DL | tag::TABLE | tag::DIV | tag::SECTION | tag::ASIDE
        ) && f.txt[iu] > 0
            && f.block_child[iu]
            && f.ld(iu) > 0.6
        {
            return true;
        }
        false
    }

    fn enter(&mut self, i: u32, is_root: bool) -> bool {
        let dom = self.dom;
        let node = &dom.nodes[i as usize];
        if node.tag == tag::TEXT {
            let s = &dom.text[node.a as usize..node.b as usize];
            if self.buf_ctx.is_none() && s.chars().any(|c| !c.is_whitespace()) {
                self.buf_ctx = Some(self.ctx);
            }
            self.buf.push_str(s);
            if self.ctx.link {
                self.buf_link += s.len();
            }
            if self.ctx.credit {
                self.credit.push_str(s);
            }
            if self.ctx.social {
                if let Some(sr) = self.social.as_mut() {
                    if self.ctx.link {
                        sr.last_link_text.push_str(s);
                    }
                }
            }
            return false;
        }
        if self.skip(i, is_root) {
            return false;
        }
        let t = node.tag;
        let iu = i as usize;
        let saved = self.ctx;
        // Block boundaries.
        if let Some(p) = self.f.embed[iu] {
            if !self.ctx.social {
                self.flush();
                self.ctx.social = true;
                self.ctx.merge = true;
                self.social = Some(SocialRaw {
                    platform: p,
                    ..Default::default()
                });
            }
        } else if is_block(t) {
            if self.ctx.merge {
                self.buf.push(' ');
            } else {
                self.flush();
            }
        }
        let c = self.f.cue[iu];
        match t {
            tag::H1 | tag::H2 | tag::H3 | tag::H4 | tag::H5 | tag::H6 => self.ctx.heading = true,
            tag::FIGCAPTION | tag::CAPTION => self.ctx.caption = true,
            tag::FIGURE => {
                self.ctx.figure = true;
                self.img_src = None;
            }
            tag::BLOCKQUOTE => self.ctx.quote = true,
            tag::PRE => self.ctx.pre = true,
            tag::A => {
                if self.ctx.social {
                    if let (Some(sr), Some(h)) = (self.social.as_mut(), dom.attr(i, Attr::Href)) {
                        if sr.links.len() < 50 && !h.is_empty() {
                            sr.links.push(h.to_string());
                        }
                        sr.last_link_text.clear();
                    }
                }
                self.ctx.link = true;
            }
            tag::IMG | tag::SOURCE
                if (self.ctx.figure || self.ctx.caption || self.img_src.is_none()) =>
            {
                let src = dom
                    .attr(i, Attr::DataSrc)
                    .or_else(|| dom.attr(i, Attr::Src));
                if let Some(s) = src.filter(|s| !s.starts_with("data:") && !s.is_empty()) {
                    if self.img_src.is_none() || t == tag::IMG {
                        self.img_src = Some(s.to_string());
                    }
                }
            }
            tag::TIME if self.ctx.social => {
                if let (Some(sr), Some(d)) = (self.social.as_mut(), dom.attr(i, Attr::Datetime)) {
                    sr.datetime = Some(d.to_string());
                }
            }
            _ => {}
        }
        if c.caption && !self.ctx.caption && t != tag::FIGURE {
            if !is_block(t) && !self.ctx.merge {
                self.flush();
            }
            self.ctx.caption = true;
        }
        if c.credit && (self.ctx.caption || self.ctx.figure) {
            // Credits are set apart by style, often with no space in the text.
            if !self.buf.is_empty() && !self.buf.ends_with(char::is_whitespace) {
                self.buf.push(' ');
            }
            self.ctx.credit = true;
        }
        if c.byline && !self.ctx.caption && !self.ctx.merge && self.f.txt[iu] < 150 {
            if !is_block(t) {
                self.flush();
            }
            self.ctx.byline = true;
            self.ctx.merge = true;
        }
        self.stack.push((i, saved));
        true
    }

    fn leave(&mut self, i: u32) {
        let Some(&(top, saved)) = self.stack.last() else {
            return;
        };
        if top != i {
            return;
        }
        self.stack.pop();
        let t = self.dom.tag(i);
        let iu = i as usize;
        if self.f.embed[iu].is_some() && !saved.social {
            self.ctx = saved;
            self.flush_social();
            return;
        }
        if t == tag::BR {
            if self.ctx.merge {
                self.buf.push(' ');
            } else if self.ctx.pre {
                self.buf.push('\n');
            }
        }
        if is_block(t) && self.ctx.merge {
            self.buf.push(' ');
        }
        if (is_block(t) || (self.ctx.caption && !saved.caption) || (self.ctx.merge && !saved.merge))
            && !saved.merge
        {
            self.flush();
        }
        if t == tag::FIGURE {
            self.img_src = None;
        }
        self.ctx = saved;
    }

    fn flush_social(&mut self) {
        let text = collapse_ws(&self.buf);
        self.buf.clear();
        self.buf_link = 0;
        self.buf_ctx = None;
        self.credit.clear();
        let social = self.social.take();
        if text.is_empty() {
            return;
        }
        self.out.push(RawBlock {
            text,
            role: BlockRole::SocialPost,
            credit: None,
            img_src: None,
            social,
        });
    }

    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let ctx = self.buf_ctx.take().unwrap_or(self.ctx);
        let raw_len = self.buf.trim().len().max(1);
        let ld = self.buf_link as f32 / raw_len as f32;
        let text = collapse_ws(&self.buf);
        self.buf.clear();
        self.buf_link = 0;
        let credit = collapse_ws(&self.credit);
        self.credit.clear();
        if text.is_empty() {
            return;
        }
        let mut role = if ctx.caption {
            BlockRole::Caption
        } else if ctx.heading {
            BlockRole::Heading
        } else if ctx.quote {
            BlockRole::QuoteBlock
        } else if ctx.byline && text.chars().count() < 150 {
            BlockRole::Byline
        } else {
            BlockRole::Body
        };
        if ld > 0.6 && role != BlockRole::Caption {
            return;
        }
        if is_boilerplate_line(&text) {
            return;
        }
        if role == BlockRole::Heading {
            if let Some(t) = &self.title {
                let h = norm_for_compare(&text);
                if !h.is_empty()
                    && (h == *t
                        || (h.len() > 20 && t.contains(&h))
                        || (t.len() > 20 && h.contains(t.as_str())))
                {
                    return;
                }
            }
        }
        if role == BlockRole::Body {
            if looks_like_byline(&text) {
                role = BlockRole::Byline;
            } else if looks_like_dateline(&text, !self.body_seen) {
                role = BlockRole::Dateline;
            }
        }
        if role == BlockRole::Body {
            self.body_seen = true;
        }
        // Repeated blocks (slideshow and modal copies of a caption,
        // duplicated teasers) are kept once.
        if role == BlockRole::Caption && !self.seen.insert(text.clone()) {
            return;
        }
        let (credit, img_src) = if role == BlockRole::Caption {
            (
                if credit.is_empty() {
                    None
                } else {
                    Some(credit)
                },
                self.img_src.clone(),
            )
        } else {
            (None, None)
        };
        self.out.push(RawBlock {
            text,
            role,
            credit,
            img_src,
            social: None,
        });
    }
}

/// Short lines that are page furniture wherever they stand.
fn is_boilerplate_line(t: &str) -> bool {
    if t.len() > 300 {
        return false;
    }
    let l = t.to_lowercase();
    let l = l.trim_matches(|c: char| !c.is_alphanumeric());
    const EXACT: &[&str] = &[
        "advertisement",
        "advertising",
        "ad",
        "anzeige",
        "publicité",
        "publicidad",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "tweet",
        "email",
        "print",
        "read more",
        "continue reading",
        "continue reading below",
        "story continues below",
        "story continues below advertisement",
        "article continues below advertisement",
        "skip advertisement",
        "scroll to continue with content",
        "related",
        "related articles",
        "related stories",
        "see also",
        "comments",
        "leave a comment",
        "loading",
        "loading...",
        "subscribe",
        "sign up",
        "close",
        "menu",
        "search",
        "copy link",
        "link copied",
        "listen to this article",
        "click to expand",
        "image",
        "photo",
        "video",
        "advertisement continue reading below",
        "supported by",
        "caption",
        "hide caption",
        "toggle caption",
        "enlarge this image",
        "expand",
        "view gallery",
    ];
    if EXACT.contains(&l) {
        return true;
    }
    let starts = [
        "sign up for",
        "subscribe to",
        "follow us on",
        "click here to",
        "read more:",
        "related:",
        "see also:",
        "all rights reserved",
        "copyright ©",
        "© copyright",
        "share this",
        "get the latest",
        "download the app",
        "join our",
        "we use cookies",
        "this website uses cookies",
        "by clicking",
        "already a subscriber",
        "you have read",
        "this article was originally published",
    ];
    if starts.iter().any(|s| l.starts_with(s)) {
        return true;
    }
    if l.starts_with('©') || l.starts_with("copyright") {
        return true;
    }
    // Time stamps: "Posted: Fri 6:45 PM, Feb 16, 2018", "Updated 3 hours ago",
    // or a bare date.
    if t.len() < 90 {
        const STAMPS: &[&str] = &[
            "posted",
            "updated",
            "published",
            "last updated",
            "last modified",
            "modified",
            "veröffentlicht",
            "aktualisiert",
            "publié",
            "mis à jour",
            "publicado",
            "actualizado",
        ];
        if STAMPS.iter().any(|p| {
            l.strip_prefix(p)
                .is_some_and(|r| r.starts_with([':', ' ']) && r.chars().any(|c| c.is_ascii_digit()))
        }) {
            return true;
        }
        let words = t.split_whitespace().count();
        if words <= 7 && !t.ends_with('.') && crate::date::normalize_date(t).is_some() {
            return true;
        }
    }
    // Calls to action anywhere in a short line.
    const PHRASES: &[&str] = &[
        "subscribe now",
        "subscribe today",
        "subscribe to our",
        "sign up for our",
        "sign up to our",
        "sign up now",
        "download our app",
        "download the app",
        "apps for ios and android",
        "follow us on",
        "all rights reserved",
        "for the full story",
        "to view the full story",
        "already a subscriber",
        "to continue reading",
        "subject to copyright",
        "enable javascript",
        "javascript is disabled",
        "javascript must be enabled",
        "click here to",
        "newsletter",
    ];
    t.len() < 200 && PHRASES.iter().any(|p| l.contains(p))
}

fn looks_like_byline(t: &str) -> bool {
    if t.chars().count() > 100 {
        return false;
    }
    for p in [
        "By ",
        "BY ",
        "Written by ",
        "Words by ",
        "Reporting by ",
        "Von ",
        "Par ",
        "Por ",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            return r.chars().next().is_some_and(char::is_uppercase) && !r.ends_with('.');
        }
    }
    false
}

/// "WASHINGTON —", "LONDON (Reuters) -", "CARACAS, Venezuela" standing alone.
/// `bare`: a lone upper-case place name ("ANKARA") counts too (before the
/// first body paragraph).
fn looks_like_dateline(t: &str, bare: bool) -> bool {
    if t.chars().count() > 50 {
        return false;
    }
    let core = t.trim_end_matches(|c: char| {
        c == '-' || c == '—' || c == '–' || c == ':' || c.is_whitespace()
    });
    let first = core.split([',', '(']).next().unwrap_or("").trim();
    if first.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return false;
    }
    let caps = first
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let words = core.split_whitespace().count();
    caps && (t.len() != core.len() || core.contains('(') || (bare && words <= 4))
}

/// Body blocks from plain text (one paragraph per line), markup stripped.
pub fn blocks_from_plain(text: &str) -> Vec<RawBlock> {
    let mut out = Vec::new();
    for line in text.split(['\n', '\r']) {
        // The text may itself carry markup.
        let line = if line.contains('<') {
            let d = crate::dom::parse(line);
            d.text_of(0)
        } else {
            collapse_ws(&crate::entities::decode(line))
        };
        if !line.is_empty() {
            out.push(RawBlock {
                text: line,
                role: BlockRole::Body,
                credit: None,
                img_src: None,
                social: None,
            });
        }
    }
    out
}
