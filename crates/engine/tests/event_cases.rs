//! Runs the event case files in `testdata/events/*.toml` through the
//! standard pipeline. See the head of `travel.toml` for the format.

mod support;

use attache_doc::{Actor, Document};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    published: Option<String>,
    #[serde(default)]
    expect: Vec<Expect>,
    #[serde(default)]
    exact: bool,
    #[serde(default)]
    conflicts: Vec<Vec<String>>,
}

#[derive(Deserialize, Debug)]
struct Expect {
    source: Option<String>,
    cameo: String,
    target: Option<String>,
    /// The expected date; "" expects none.
    date: Option<String>,
    status: Option<String>,
    place: Option<String>,
}

fn actor_is(a: &Option<Actor>, want: &Option<String>) -> bool {
    let Some(want) = want else { return true };
    let Some(a) = a else { return false };
    let w = want.to_lowercase();
    a.name.to_lowercase().contains(&w)
        || a.country.as_deref() == Some(want.as_str())
        || a.code
            .as_deref()
            .is_some_and(|c| c.starts_with(want.as_str()) && want.len() == 3)
}

fn run(pipeline: &attache_engine::Pipeline, case: &Case) -> Document {
    let mut doc = support::document(&case.name, &case.text, case.published.as_deref());
    pipeline.run(&mut doc);
    doc
}

fn describe(doc: &Document) -> String {
    doc.layers
        .events
        .iter()
        .map(|e| {
            format!(
                "  {} {} -> {} date={:?} status={:?} place={:?} [{}]",
                e.cameo,
                e.source.as_ref().map_or("-", |a| a.name.as_str()),
                e.target.as_ref().map_or("-", |a| a.name.as_str()),
                e.date,
                e.status,
                e.place.as_ref().map(|p| p.name.as_str()),
                doc.slice(e.trigger)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn event_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/events");
    let pipeline = attache_engine::standard_pipeline();
    let mut failures = Vec::new();
    let mut n = 0;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        let file: File = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in &file.case {
            n += 1;
            let doc = run(&pipeline, case);
            let mut used = vec![false; doc.layers.events.len()];
            for want in &case.expect {
                let hit = doc.layers.events.iter().enumerate().position(|(i, e)| {
                    !used[i]
                        && e.cameo.starts_with(want.cameo.as_str())
                        && actor_is(&e.source, &want.source)
                        && actor_is(&e.target, &want.target)
                        && want.date.as_ref().is_none_or(|d| {
                            e.date.as_deref() == Some(d.as_str()).filter(|d| !d.is_empty())
                        })
                        && want
                            .status
                            .as_ref()
                            .is_none_or(|s| format!("{:?}", e.status).to_lowercase() == *s)
                        && want.place.as_ref().is_none_or(|p| {
                            e.place.as_ref().is_some_and(|pl| {
                                pl.name.contains(p.as_str())
                                    || pl.country.as_deref() == Some(p.as_str())
                            })
                        })
                });
                match hit {
                    Some(i) => used[i] = true,
                    None => failures.push(format!(
                        "{}: {}: missing {want:?}\n got:\n{}",
                        path.file_name().unwrap().to_string_lossy(),
                        case.name,
                        describe(&doc)
                    )),
                }
            }
            if case.exact && used.iter().any(|u| !u) {
                failures.push(format!("{}: extra events:\n{}", case.name, describe(&doc)));
            }
            for values in &case.conflicts {
                let found = doc.layers.conflicts.iter().any(|c| &c.values == values);
                if !found {
                    failures.push(format!(
                        "{}: no conflict {values:?}: {:?}",
                        case.name, doc.layers.conflicts
                    ));
                }
            }
        }
    }
    assert!(n > 0);
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
