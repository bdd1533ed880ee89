//! Runs the PETRARCH unit-test records (with their validation dictionaries)
//! through attache when `../shared` exists beside the workspace; skips
//! otherwise.

use attache_petrarch::validate::{run_suite, Options, SUITES};
use std::path::PathBuf;

/// Found rate (percent) the unit-test suite must reach: a little under what
/// attache reaches today, so a regression shows.
const FOUND_FLOOR: f64 = 35.0;

fn data() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = root.join("../shared/data/petrarch");
    data.join(SUITES[0].1).exists().then_some(data)
}

#[test]
fn unit_test_suite_codes_above_the_floor() {
    let Some(data) = data() else {
        eprintln!(
            "skipped: ../shared/data/petrarch is absent (reads the PETRARCH unit-test records)"
        );
        return;
    };
    let (name, file) = SUITES[0];
    let rep = run_suite(&Options::new(data), name, file).expect("the suite runs");
    let t = &rep.totals;
    eprintln!(
        "{name}: {} records, {} expected, {} found ({:.1}%), {} missed, {} extra ({:.1}% per record)",
        t.records, t.expected, t.found, rep.found_pct, t.missed, t.extra, rep.extra_per_record_pct
    );
    assert!(t.records > 250, "records read: {}", t.records);
    assert!(t.expected > 300, "expected events read: {}", t.expected);
    assert_eq!(t.found + t.missed, t.expected);
    assert!(rep.verb_predicates > 300 && rep.actor_entries > 100 && rep.agent_entries > 50);
    assert!(
        rep.found_pct >= FOUND_FLOOR,
        "found {:.1}% is under the floor {FOUND_FLOOR}%",
        rep.found_pct
    );
}
