//! Quotation and attribution evaluation on PolNeAR (political news
//! attribution relations, brat standoff).
//!
//! ```text
//! cargo run --release -p attache-engine --example polnear_eval [DIR] [SPLIT...] [--dump N]
//! ```
//!
//! `DIR` defaults to `../shared/data/polnear` next to the workspace; the
//! splits default to `dev test`. Each article's text runs through
//! `attache_engine::standard_pipeline()` with the publication date from
//! `metadata.tsv`. For a double-annotated article the first annotation file
//! (by name) is the gold.
//!
//! Gold: every `E` relation with a `Content` (sources may be missing). A
//! content made of several fragments counts as one item spanning from its
//! first to its last fragment. Offsets in the `.ann` files count characters;
//! they are converted to bytes.
//!
//! Conventions differ: PolNeAR marks every attribution (direct and indirect
//! speech, but also beliefs, plans, endorsements, "according to"), includes
//! the quotation marks and the trailing comma in the content, and keeps a
//! quotation split by its cue as one discontinuous content. attache's
//! `quotes` layer holds quoted words only (marks excluded; scare quotes are
//! not attributions and are left out of the evaluation), `reported_speech`
//! the indirect speech. Three prediction sets are scored: `quotes`,
//! `reported_speech`, and both together; and `quotes/quoted` scores
//! `quotes` against only the gold contents holding a quotation mark (the
//! part of PolNeAR the `quotes` convention covers; its precision counts
//! predictions overlapping those contents).
//!
//! Matching (as in Citron's evaluation): a predicted content matches a gold
//! content *exactly* when both spans are equal after trimming white space,
//! quotation marks and punctuation at both ends and a leading `that` (a
//! discontinuous gold content matches exactly when each of its fragments is
//! predicted exactly, and a prediction equal to one fragment is exact);
//! they *overlap* when they
//! share at least one word token (a maximal alphanumeric run). Precision is
//! the share of predicted contents matching some gold content, recall the
//! share of gold contents matched by some prediction.
//!
//! Speaker accuracy: over gold contents that have a source and that some
//! prediction overlaps (the prediction sharing most words is taken), the
//! share whose predicted speaker is right: the speaker's span overlaps the
//! gold source span, or a mention of the resolved entity does, or the
//! speaker's name shares a capitalised word with the gold source text.
//!
//! `--dump N` prints up to N missed and N spurious items per split.

use attache_doc::{Document, DocumentMeta, PublishedSource, Quote, QuoteKind, Span};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
struct Gold {
    content: (usize, usize),
    /// The content's fragments, when it is discontinuous.
    frags: Vec<(usize, usize)>,
    source: Option<(usize, usize)>,
}

/// Parses one `.ann` file into gold attributions, with byte offsets.
fn read_ann(ann: &str, char_to_byte: &[usize]) -> Vec<Gold> {
    let mut spans: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut rels = Vec::new();
    let at = |c: usize| char_to_byte[c.min(char_to_byte.len() - 1)];
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(def)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, ranges)) = def.split_once(' ') else {
                continue;
            };
            let mut frags = Vec::new();
            for r in ranges.split(';') {
                let mut it = r.split_whitespace().filter_map(|x| x.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (it.next(), it.next()) {
                    frags.push((at(a), at(b)));
                }
            }
            spans.insert(id, frags);
        } else if id.starts_with('E') {
            let mut content = None;
            let mut source = None;
            for part in def.split_whitespace() {
                if let Some(t) = part.strip_prefix("Content:") {
                    content = Some(t);
                } else if let Some(t) = part.strip_prefix("Source:") {
                    source = Some(t);
                }
            }
            if let Some(c) = content {
                rels.push((c, source));
            }
        }
    }
    let hull = |v: &Vec<(usize, usize)>| {
        let s = v.iter().map(|x| x.0).min()?;
        let e = v.iter().map(|x| x.1).max()?;
        Some((s, e))
    };
    rels.into_iter()
        .filter_map(|(c, s)| {
            let frags = spans.get(c)?.clone();
            let content = hull(&frags)?;
            let source = s.and_then(|s| spans.get(s)).and_then(hull);
            Some(Gold {
                content,
                frags,
                source,
            })
        })
        .collect()
}

/// A span trimmed of white space, quotation marks and punctuation, and of
/// a leading complementizer `that` (PolNeAR puts it in the content; attache
/// leaves it out).
fn norm(text: &str, (s, e): (usize, usize)) -> (usize, usize) {
    let body = &text[s..e];
    let mut t = body.trim_start_matches(|c: char| !c.is_alphanumeric());
    if let Some(rest) = t.strip_prefix("that ") {
        t = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    let s2 = s + body.len() - t.len();
    let t = t.trim_end_matches(|c: char| !c.is_alphanumeric());
    (s2, s2 + t.len())
}

/// Word tokens (alphanumeric runs) of a span, as start offsets.
fn words(text: &str, (s, e): (usize, usize)) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_word = false;
    for (i, c) in text[s..e].char_indices() {
        let w = c.is_alphanumeric();
        if w && !in_word {
            out.push(s + i);
        }
        in_word = w;
    }
    out
}

fn shared_words(a: &[usize], b: &[usize]) -> usize {
    // Both sorted.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[derive(Default, Clone, Copy)]
struct Counts {
    pred: usize,
    pred_exact: usize,
    pred_overlap: usize,
    gold: usize,
    gold_exact: usize,
    gold_overlap: usize,
    spk_total: usize,
    spk_right: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.pred += o.pred;
        self.pred_exact += o.pred_exact;
        self.pred_overlap += o.pred_overlap;
        self.gold += o.gold;
        self.gold_exact += o.gold_exact;
        self.gold_overlap += o.gold_overlap;
        self.spk_total += o.spk_total;
        self.spk_right += o.spk_right;
    }

    fn line(&self, label: &str) -> String {
        let f = |hit_p: usize, hit_g: usize| {
            let p = if self.pred == 0 {
                0.0
            } else {
                hit_p as f64 / self.pred as f64
            };
            let r = if self.gold == 0 {
                0.0
            } else {
                hit_g as f64 / self.gold as f64
            };
            let f1 = if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            };
            format!(
                "P {:5.1} R {:5.1} F1 {:5.1}",
                p * 100.0,
                r * 100.0,
                f1 * 100.0
            )
        };
        format!(
            "{label:<16} pred {:5} gold {:5} | exact {} | overlap {} | speaker {:5.1}% ({}/{})",
            self.pred,
            self.gold,
            f(self.pred_exact, self.gold_exact),
            f(self.pred_overlap, self.gold_overlap),
            if self.spk_total == 0 {
                0.0
            } else {
                100.0 * self.spk_right as f64 / self.spk_total as f64
            },
            self.spk_right,
            self.spk_total
        )
    }
}

fn speaker_right(doc: &Document, q: &Quote, gold_src: (usize, usize)) -> bool {
    let Some(sp) = &q.speaker else {
        return false;
    };
    let g = Span::new(gold_src.0, gold_src.1);
    if sp.span.is_some_and(|s| s.overlaps(g)) {
        return true;
    }
    if let Some(e) = sp.entity.and_then(|i| doc.layers.entities.get(i as usize)) {
        if e.mentions.iter().any(|m| m.span.overlaps(g)) {
            return true;
        }
    }
    let src = &doc.text()[gold_src.0..gold_src.1];
    sp.name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1 && w.starts_with(char::is_uppercase))
        .any(|w| {
            src.split(|c: char| !c.is_alphanumeric())
                .any(|x| x.eq_ignore_ascii_case(w))
        })
}

/// Scores one prediction set against one article's gold.
fn score(
    doc: &Document,
    preds: &[&Quote],
    gold: &[Gold],
    misses: &mut Vec<String>,
    spurious: &mut Vec<String>,
) -> Counts {
    let text = doc.text();
    let mut c = Counts {
        pred: preds.len(),
        gold: gold.len(),
        ..Counts::default()
    };
    let pn: Vec<(usize, usize)> = preds
        .iter()
        .map(|q| norm(text, (q.span.start(), q.span.end())))
        .collect();
    let pw: Vec<Vec<usize>> = pn.iter().map(|&s| words(text, s)).collect();
    let gn: Vec<(usize, usize)> = gold.iter().map(|g| norm(text, g.content)).collect();
    // A discontinuous content (a quotation split by its cue) matches
    // exactly fragment by fragment.
    let gf: Vec<Vec<(usize, usize)>> = gold
        .iter()
        .map(|g| g.frags.iter().map(|&f| norm(text, f)).collect())
        .collect();
    let gw: Vec<Vec<usize>> = gn.iter().map(|&s| words(text, s)).collect();
    let exact_pred = |p: &(usize, usize)| gn.contains(p) || gf.iter().any(|f| f.contains(p));
    for (i, p) in pn.iter().enumerate() {
        if exact_pred(p) {
            c.pred_exact += 1;
        }
        if gw.iter().any(|g| shared_words(g, &pw[i]) > 0) {
            c.pred_overlap += 1;
            if !exact_pred(p) {
                let best = (0..gn.len()).max_by_key(|&g| shared_words(&gw[g], &pw[i]));
                if let Some(g) = best {
                    spurious.push(format!(
                        "  INEXACT {:?}\n      gold {:?}",
                        trunc(&text[p.0..p.1]),
                        trunc(&text[gn[g].0..gn[g].1])
                    ));
                }
            }
        } else {
            spurious.push(format!(
                "  SPURIOUS {:?} [{}]",
                &text[p.0..p.1],
                preds[i].speaker.as_ref().map_or("-", |s| s.name.as_str())
            ));
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if pn.contains(&gn[i]) || (gf[i].len() > 1 && gf[i].iter().all(|f| pn.contains(f))) {
            c.gold_exact += 1;
        }
        let best = pw
            .iter()
            .enumerate()
            .map(|(j, w)| (shared_words(&gw[i], w), j))
            .max()
            .filter(|b| b.0 > 0);
        match best {
            Some((_, j)) => {
                c.gold_overlap += 1;
                if let Some(src) = g.source {
                    c.spk_total += 1;
                    if speaker_right(doc, preds[j], src) {
                        c.spk_right += 1;
                    } else {
                        misses.push(format!(
                            "  SPEAKER gold {:?} got {:?} for {:?}",
                            &text[src.0..src.1],
                            preds[j].speaker.as_ref().map(|s| s.name.as_str()),
                            trunc(&text[pn[j].0..pn[j].1])
                        ));
                    }
                }
            }
            None => misses.push(format!(
                "  MISSED {:?} by {:?}",
                trunc(&text[gn[i].0..gn[i].1]),
                g.source.map(|s| &text[s.0..s.1])
            )),
        }
    }
    c
}

fn trunc(s: &str) -> String {
    if s.len() <= 140 {
        return s.to_string();
    }
    let mut e = 140;
    while !s.is_char_boundary(e) {
        e -= 1;
    }
    format!("{}…", &s[..e])
}

fn main() {
    let mut dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/polnear"
    ));
    let mut splits: Vec<String> = Vec::new();
    let mut dump = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--dump" {
            dump = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
        } else if Path::new(&a).is_dir() {
            dir = PathBuf::from(a);
        } else {
            splits.push(a);
        }
    }
    if splits.is_empty() {
        splits = vec!["dev".into(), "test".into()];
    }
    let mut dates: HashMap<String, String> = HashMap::new();
    if let Ok(meta) = std::fs::read_to_string(dir.join("metadata.tsv")) {
        for line in meta.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() > 5 && f[5].len() == 10 {
                dates.insert(f[1].to_string(), f[5].to_string());
            }
        }
    }
    let pipeline = attache_engine::standard_pipeline();
    for split in &splits {
        let tdir = dir.join(split).join("text");
        let adir = dir.join(split).join("attributions");
        let Ok(rd) = std::fs::read_dir(&tdir) else {
            eprintln!("{}: not found, skipped", tdir.display());
            continue;
        };
        let mut anns: BTreeMap<String, PathBuf> = BTreeMap::new();
        if let Ok(rd) = std::fs::read_dir(&adir) {
            let mut names: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
            names.sort();
            for p in names {
                let stem = p.file_stem().unwrap().to_string_lossy().to_string();
                if let Some((art, _annotator)) = stem.rsplit_once('_') {
                    anns.entry(art.to_string()).or_insert(p);
                }
            }
        }
        let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        files.sort();
        let (mut cq, mut cr, mut cb) = (Counts::default(), Counts::default(), Counts::default());
        let mut cqq = Counts::default();
        let mut by_kind: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        let (mut misses, mut spurious) = (Vec::new(), Vec::new());
        let mut n = 0;
        let mut panicked = 0;
        for f in files {
            let stem = f.file_stem().unwrap().to_string_lossy().to_string();
            let Some(ann_path) = anns.get(&stem) else {
                continue;
            };
            let text = std::fs::read_to_string(&f).expect("text");
            let ann = std::fs::read_to_string(ann_path).unwrap_or_default();
            let mut c2b: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            c2b.push(text.len());
            let gold = read_ann(&ann, &c2b);
            let published = dates.get(&stem).cloned();
            let meta = DocumentMeta {
                published_source: if published.is_some() {
                    PublishedSource::Input
                } else {
                    PublishedSource::Unknown
                },
                published,
                ..DocumentMeta::default()
            };
            let mut doc = Document::new(&stem, text, meta);
            // The front door catches panics per document; so does this.
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pipeline.run(&mut doc);
            }));
            if ran.is_err() {
                eprintln!("{stem}: the pipeline panicked; article skipped");
                panicked += 1;
                continue;
            }
            n += 1;
            let quotes: Vec<&Quote> = doc
                .layers
                .quotes
                .iter()
                .filter(|q| q.kind != QuoteKind::Scare)
                .collect();
            let reported: Vec<&Quote> = doc.layers.reported_speech.iter().collect();
            let both: Vec<&Quote> = quotes.iter().chain(reported.iter()).copied().collect();
            for q in &both {
                let k = match q.kind {
                    QuoteKind::Direct => "direct",
                    QuoteKind::Partial => "partial",
                    QuoteKind::Block => "block",
                    QuoteKind::Scare => "scare",
                    QuoteKind::Indirect => "indirect",
                };
                let t = doc.text();
                let p = norm(t, (q.span.start(), q.span.end()));
                let pw = words(t, p);
                let hit = gold
                    .iter()
                    .any(|g| shared_words(&words(t, norm(t, g.content)), &pw) > 0);
                let e = by_kind.entry(k).or_default();
                e.0 += 1;
                e.1 += hit as usize;
            }
            let (mut m0, mut s0) = (Vec::new(), Vec::new());
            cq.add(score(
                &doc,
                &quotes,
                &gold,
                &mut Vec::new(),
                &mut Vec::new(),
            ));
            cr.add(score(
                &doc,
                &reported,
                &gold,
                &mut Vec::new(),
                &mut Vec::new(),
            ));
            cb.add(score(&doc, &both, &gold, &mut m0, &mut s0));
            // The gold contents holding a quotation mark: what `quotes`
            // is meant to find.
            let quoted: Vec<Gold> = gold
                .iter()
                .filter(|g| {
                    let t = &doc.text()[g.content.0..g.content.1];
                    t.contains(['"', '“', '”', '«', '»']) || t.contains("''")
                })
                .cloned()
                .collect();
            cqq.add(score(
                &doc,
                &quotes,
                &quoted,
                &mut Vec::new(),
                &mut Vec::new(),
            ));
            if dump > 0 {
                for m in m0 {
                    misses.push(format!("{stem}: {m}"));
                }
                for s in s0 {
                    spurious.push(format!("{stem}: {s}"));
                }
            }
        }
        println!("== {split}: {n} articles ({panicked} skipped: the pipeline panicked)");
        println!("{}", cq.line("quotes"));
        println!("{}", cqq.line("quotes/quoted"));
        println!("{}", cr.line("reported_speech"));
        println!("{}", cb.line("both"));
        for (k, (all, hit)) in &by_kind {
            println!(
                "  {k:<9} {all:5} predicted, {:5.1}% overlap a gold content",
                100.0 * *hit as f64 / (*all).max(1) as f64
            );
        }
        if dump > 0 {
            let step = |v: &Vec<String>| (v.len() / dump).max(1);
            let sm = step(&misses);
            for m in misses.iter().step_by(sm).take(dump) {
                println!("{m}");
            }
            let ss = step(&spurious);
            for s in spurious.iter().step_by(ss).take(dump) {
                println!("{s}");
            }
        }
    }
    println!("Citron on PARC3 (reference): source 82.0%, content F1 59.3 exact / 83.3 overlap");
}
