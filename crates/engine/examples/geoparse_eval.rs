//! Geocoding accuracy on GeoWebNews and LGL (toponym resolution given the
//! gold spans, and with the stage's own recognition).
//!
//! ```text
//! cargo run --release -p attache-engine --example geoparse_eval [DATA_DIR]
//! ```
//!
//! `DATA_DIR` defaults to `../shared/data/geoparsing` next to the workspace
//! (`GeoWebNews-GWN.xml`, `lgl.xml`; see its SOURCES.md). For every gold
//! toponym with coordinates, the stage resolves the gold span in the context
//! of its article (`EntityStage::geocode_spans`). Reported: exact (the same
//! GeoNames id, over toponyms whose gold has one), Acc@161 (within 161 km of
//! the gold point; unresolved names count as errors), the share resolved,
//! and, with the stage's own recognition (`EntityStage::entities_of`), the
//! share of gold toponyms found as a place mention and Acc@161 over all gold
//! toponyms. Mordecai3 (Halterman 2023) reports Acc@161 of 0.925 on
//! GeoWebNews and 0.794 on LGL with gold spans.

use attache_doc::EntityType;
use attache_engine::stages::entities::{distance_km, EntityStage};

struct Topo {
    start: usize,
    end: usize,
    id: Option<u64>,
    lat: f64,
    lon: f64,
}

struct Article {
    text: String,
    topos: Vec<Topo>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

fn blocks<'a>(s: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(a) = rest.find(open) {
        let Some(b) = rest[a..].find(close) else {
            break;
        };
        out.push(&rest[a + open.len()..a + b]);
        rest = &rest[a + b + close.len()..];
    }
    out
}

fn num<T: std::str::FromStr>(s: &str, open: &str, close: &str) -> Option<T> {
    between(s, open, close)?.trim().parse().ok()
}

/// Character offsets to byte offsets.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

fn article_text(a: &str) -> String {
    let raw = between(a, "<text>", "</text>").unwrap_or("");
    match raw.strip_prefix("<![CDATA[") {
        Some(r) => r.strip_suffix("]]>").unwrap_or(r).to_string(),
        None => unescape(raw),
    }
}

fn finish(text: String, mut topos: Vec<Topo>) -> Article {
    let map = byte_offsets(&text);
    topos.retain(|t| t.start < t.end && t.end < map.len());
    for t in &mut topos {
        t.start = map[t.start];
        t.end = map[t.end];
    }
    Article { text, topos }
}

fn load_gwn(path: &str) -> Vec<Article> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    blocks(&src, "<article file=", "</article>")
        .into_iter()
        .map(|a| {
            let topos = blocks(a, "<toponym>", "</toponym>")
                .into_iter()
                .filter_map(|t| {
                    Some(Topo {
                        start: num(t, "<start>", "</start>")?,
                        end: num(t, "<end>", "</end>")?,
                        id: num(t, "<geonamesID>", "</geonamesID>"),
                        lat: num(t, "<latitude>", "</latitude>")?,
                        lon: num(t, "<longitude>", "</longitude>")?,
                    })
                })
                .collect();
            finish(article_text(a), topos)
        })
        .collect()
}

fn load_lgl(path: &str) -> Vec<Article> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    blocks(&src, "<article docid=", "</article>")
        .into_iter()
        .map(|a| {
            let topos = blocks(a, "<toponym>", "</toponym>")
                .into_iter()
                .filter_map(|t| {
                    let id = between(t, "<gaztag geonameid=\"", "\"")?.parse().ok();
                    Some(Topo {
                        start: num(t, "<start>", "</start>")?,
                        end: num(t, "<end>", "</end>")?,
                        id,
                        lat: num(t, "<lat>", "</lat>")?,
                        lon: num(t, "<lon>", "</lon>")?,
                    })
                })
                .collect();
            finish(article_text(a), topos)
        })
        .collect()
}

fn eval(name: &str, arts: &[Article], stage: &EntityStage, mordecai: f64) {
    let (mut n, mut with_id, mut exact, mut a161, mut resolved) = (0, 0, 0, 0, 0);
    let (mut found, mut own161) = (0, 0);
    let mut errors = Vec::new();
    for a in arts {
        let spans: Vec<(usize, usize)> = a.topos.iter().map(|t| (t.start, t.end)).collect();
        let got = stage.geocode_spans(&a.text, &spans);
        // own recognition: place entities with a mention overlapping the gold span
        let ents = stage.entities_of(&a.text, "", &[]);
        for (t, g) in a.topos.iter().zip(&got) {
            n += 1;
            with_id += usize::from(t.id.is_some());
            if let Some(g) = g {
                resolved += 1;
                let d = distance_km((g.lat, g.lon), (t.lat, t.lon));
                if std::env::var("GEO_DEBUG").is_ok() && d > 161.0 {
                    eprintln!(
                        "WRONG\t{name}\t{}\t{:?}\t{:?}\t{:.0}",
                        &a.text[t.start..t.end],
                        g.geonames_id,
                        t.id,
                        d
                    );
                }
                errors.push(d);
                if d <= 161.0 {
                    a161 += 1;
                }
                if t.id.is_some() && g.geonames_id == t.id {
                    exact += 1;
                }
            } else {
                if std::env::var("GEO_DEBUG").is_ok() {
                    eprintln!("NONE\t{name}\t{}", &a.text[t.start..t.end]);
                }
                errors.push(20_000.0);
            }
            let own = ents.iter().find(|e| {
                matches!(e.kind, EntityType::Gpe | EntityType::Loc | EntityType::Fac)
                    && e.geo.is_some()
                    && e.mentions
                        .iter()
                        .any(|m| (m.span.start as usize) < t.end && (m.span.end as usize) > t.start)
            });
            if let Some(e) = own {
                found += 1;
                let g = e.geo.as_ref().expect("checked");
                if distance_km((g.lat, g.lon), (t.lat, t.lon)) <= 161.0 {
                    own161 += 1;
                }
            }
        }
    }
    errors.sort_by(f64::total_cmp);
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{name}: {} articles, {n} gold toponyms with coordinates ({with_id} with a GeoNames id)",
        arts.len()
    );
    println!(
        "  gold spans: exact id {:.1}% | Acc@161 {:.1}% (Mordecai3 {:.1}%) | resolved {:.1}% | median error {:.0} km",
        pct(exact, with_id),
        pct(a161, n),
        mordecai * 100.0,
        pct(resolved, n),
        errors[errors.len() / 2]
    );
    println!(
        "  own recognition: found {:.1}% of gold toponyms | Acc@161 over all gold {:.1}%",
        pct(found, n),
        pct(own161, n)
    );
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/geoparsing"
        )
        .to_string()
    });
    let stage = EntityStage::new();
    let gwn = load_gwn(&format!("{dir}/GeoWebNews-GWN.xml"));
    eval("GeoWebNews", &gwn, &stage, 0.925);
    let lgl = load_lgl(&format!("{dir}/lgl.xml"));
    eval("LGL", &lgl, &stage, 0.794);
}
