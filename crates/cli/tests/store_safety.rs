//! The store commands never lose data nor answer wrongly without a word
//! (issue 10): exports never overwrite the database nor a good file on
//! failure, queries never create a store, foreign databases are refused,
//! bad filters are usage errors, CSV cells cannot run as formulas, a closed
//! pipe is success, and exit codes tell usage (2) from runtime failures (3).

mod store_common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use store_common::*;

const READ_COMMANDS: &[&[&str]] = &[
    &["events"],
    &["itinerary", "Smith"],
    &["actors"],
    &["quotes"],
    &["export", "--format", "csv"],
];

fn small_store(dir: &Path) -> String {
    let db = dir.join("s.db").display().to_string();
    big_store(&db, 6);
    db
}

#[test]
fn export_refuses_the_database_as_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_store(dir.path());
    let before = std::fs::read(&db).unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let roundabout = sub.join("..").join("s.db").display().to_string();
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let link = link.display().to_string();
    for format in ["csv", "jsonl", "gdelt", "parquet"] {
        for out in [&db, &roundabout, &link, &format!("{db}-wal")] {
            let run = attache(&["export", "--db", &db, "--format", format, "-o", out]);
            let (status, err) = code(&run);
            assert_eq!(status, Some(2), "{format} -o {out}: {err}");
            assert!(err.contains("database"), "{err}");
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
    assert_eq!(
        ok(&["events", "--db", &db, "--format", "jsonl"])
            .lines()
            .count(),
        6
    );
}

#[test]
fn a_failed_export_leaves_the_earlier_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_store(dir.path());
    let out = dir.path().join("events.csv");
    let out_s = out.to_str().unwrap();
    ok(&["export", "--db", &db, "--format", "csv", "-o", out_s]);
    let good = std::fs::read(&out).unwrap();
    assert_eq!(String::from_utf8_lossy(&good).lines().count(), 7);
    // A stored event that no longer reads makes the next export fail.
    sql(
        &db,
        "UPDATE events SET json = 'not json' WHERE event_id = 'v1'",
    );
    for format in ["csv", "parquet"] {
        let run = attache(&["export", "--db", &db, "--format", format, "-o", out_s]);
        let (status, err) = code(&run);
        assert_eq!(status, Some(3), "{err}");
        assert_eq!(
            std::fs::read(&out).unwrap(),
            good,
            "{format} replaced the file"
        );
    }
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("s.db") && n != "events.csv")
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn an_empty_database_name_is_a_usage_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Sergey Lavrov will visit Havana on Monday.").unwrap();
    let input = input.to_str().unwrap();
    let mut commands: Vec<Vec<&str>> = vec![vec!["ingest", input]];
    commands.extend(READ_COMMANDS.iter().map(|c| c.to_vec()));
    for db in ["", " "] {
        for c in &commands {
            let mut args = c.clone();
            args.extend(["--db", db]);
            let run = attache_in(Some(dir.path()), &args);
            let (status, err) = code(&run);
            assert_eq!(status, Some(2), "{args:?}: {err}");
            assert!(err.contains("--db"), "{err}");
        }
    }
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "a file was created: {files:?}");
}

#[test]
fn queries_and_exports_never_create_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.db");
    let missing_s = missing.to_str().unwrap();
    for c in READ_COMMANDS {
        let mut args = c.to_vec();
        args.extend(["--db", missing_s]);
        let (status, err) = code(&attache(&args));
        assert_eq!(status, Some(3), "{args:?}: {err}");
        assert!(err.contains("does not exist"), "{err}");
        assert!(!missing.exists(), "{args:?} created the database");
    }
    let good = dir.path().join("existing.csv");
    std::fs::write(&good, "id,date\nm1,2024-02-19\n").unwrap();
    let run = attache(&[
        "export",
        "--db",
        missing_s,
        "--format",
        "csv",
        "-o",
        good.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(3));
    assert_eq!(
        std::fs::read_to_string(&good).unwrap(),
        "id,date\nm1,2024-02-19\n"
    );
    assert!(!missing.exists());
}

#[test]
fn a_sqlite_file_that_is_not_a_store_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("notes.db");
    sql(
        foreign.to_str().unwrap(),
        "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');",
    );
    let before = std::fs::read(&foreign).unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Sergey Lavrov will visit Havana on Monday.").unwrap();
    let f = foreign.to_str().unwrap();
    let mut commands: Vec<Vec<&str>> = vec![vec!["ingest", input.to_str().unwrap()]];
    commands.extend(READ_COMMANDS.iter().map(|c| c.to_vec()));
    for c in commands {
        let mut args = c.clone();
        args.extend(["--db", f]);
        let (status, err) = code(&attache(&args));
        assert_eq!(status, Some(3), "{args:?}: {err}");
        assert!(err.contains("not an attache store"), "{err}");
    }
    assert_eq!(std::fs::read(&foreign).unwrap(), before, "the file changed");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 2, "{files:?}");
}

#[test]
fn empty_or_wildcard_names_and_invalid_dates_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_store(dir.path());
    let bad: &[&[&str]] = &[
        &["events", "--actor", ""],
        &["events", "--actor", " "],
        &["events", "--actor", "%"],
        &["events", "--actor", "\\"],
        &["events", "--actor", "."],
        &["events", "--actor", "_"],
        &["events", "--target", "%"],
        &["events", "--place", "%"],
        &["events", "--from", "garbage"],
        &["events", "--to", "2024-13-45"],
        &["events", "--from", "2023-02-29"],
        &["events", "--to", ""],
        &["itinerary", "%"],
        &["itinerary", "."],
        &["itinerary", "Smith", "--from", "2024-1-1"],
        &["quotes", "--speaker", "%"],
        &["quotes", "--speaker", ""],
    ];
    for args in bad {
        let mut a = args.to_vec();
        a.extend(["--db", &db]);
        let (status, err) = code(&attache(&a));
        assert_eq!(status, Some(2), "{a:?}: {err}");
    }
    // Valid ones still answer; wildcard characters inside a name are not
    // wildcards.
    let n = |args: &[&str]| {
        let mut a = vec!["events", "--format", "jsonl", "--db", &db];
        a.extend_from_slice(args);
        ok(&a).lines().count()
    };
    assert_eq!(n(&[]), 6);
    assert_eq!(n(&["--actor", "Smith"]), 3);
    assert_eq!(n(&["--actor", "S%"]), 0);
    assert_eq!(n(&["--actor", "_mith"]), 0);
    assert_eq!(n(&["--place", "Place_"]), 0);
    assert_eq!(n(&["--place", "place1"]), 1);
    assert_eq!(n(&["--from", "2010", "--to", "2010-01-03"]), 3);
}

#[test]
fn csv_cells_cannot_run_as_formulas_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("csv.db").display().to_string();
    store_records(
        &db,
        &[
            record(
                "=cmd|' /C calc'!A0",
                "Sergey Lavrov",
                "Havana",
                "2024-02-19",
                "=1+2",
            ),
            record("@SUM(A1)", "Sergey Lavrov", "Moscow", "2024-02-20", "+41 7"),
            record("plain", "Sergey Lavrov", "Minsk", "2024-02-21", "\tHello"),
            record("-2+3", "Sergey Lavrov", "Riga", "2024-02-22", "\rcr"),
        ],
    );
    let quotes = ok(&["quotes", "--format", "csv", "--db", &db]);
    let events = ok(&["events", "--format", "csv", "--db", &db]);
    let exported = ok(&["export", "--format", "csv", "--db", &db]);
    for csv in [&quotes, &events, &exported] {
        for line in csv.lines() {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                let risky = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                assert!(!risky, "unescaped cell {cell:?} in {line:?}");
            }
        }
    }
    assert!(quotes.contains("'=1+2"), "{quotes}");
    assert!(quotes.contains("'+41 7"), "{quotes}");
    assert!(quotes.contains("\"'\rcr\""), "{quotes}");
    assert!(events.contains("'=cmd|"), "{events}");
    assert!(events.contains("'@SUM(A1)"), "{events}");
    // Numbers are numbers: goldstein -1.5 and longitude -82.4 unprefixed.
    let row = events.lines().nth(1).unwrap();
    assert!(row.contains(",-1.5,") && row.contains(",-82.4,"), "{row}");
}

/// Runs attache with its standard output a pipe that is closed without
/// being read: the output is bigger than a pipe holds, so attache's writes
/// fail with EPIPE.
fn closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .env_remove("ATTACHE_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_pipe_is_success_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.db").display().to_string();
    big_store(&db, 4000);
    let formats: &[&[&str]] = &[&[], &["--format", "jsonl"], &["--format", "csv"]];
    for c in READ_COMMANDS
        .iter()
        .chain([&["export", "--format", "jsonl"][..]].iter())
    {
        for f in formats {
            if c[0] == "export" && !f.is_empty() {
                continue;
            }
            let mut args = c.to_vec();
            args.extend_from_slice(f);
            args.extend(["--db", &db]);
            let (status, err) = closed_pipe(&args);
            assert_eq!(status, Some(0), "{args:?}: {err}");
            assert!(err.is_empty(), "{args:?}: {err}");
        }
    }
}

#[test]
fn exit_codes_tell_usage_errors_from_runtime_failures() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_store(dir.path());
    // Usage: clap's own and ours.
    assert_eq!(
        attache(&["events", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(
        attache(&["export", "--db", &db, "--format", "parquet"])
            .status
            .code(),
        Some(2)
    );
    let to_a_dir = attache(&["export", "--db", &db, "--format", "csv", "-o", "."]);
    assert_eq!(to_a_dir.status.code(), Some(2));
    let records_as_csv = attache(&["export", "--db", &db, "--format", "csv", "--records"]);
    assert_eq!(records_as_csv.status.code(), Some(2));
    // Runtime: a store that cannot be read.
    sql(&db, "UPDATE events SET json = '{' WHERE event_id = 'v1'");
    let (status, err) = code(&attache(&["events", "--db", &db]));
    assert_eq!(status, Some(3), "{err}");
    // 1: an input that could not be read; nobody travels is also 1.
    let (status, _) = code(&attache(&["itinerary", "Nobody", "--db", &db]));
    assert_eq!(status, Some(1));
    let missing = dir.path().join("missing.txt");
    let fresh = dir.path().join("fresh.db");
    let (status, err) = code(&attache(&[
        "ingest",
        missing.to_str().unwrap(),
        "--db",
        fresh.to_str().unwrap(),
    ]));
    assert_eq!(status, Some(1), "{err}");
}

#[test]
fn read_commands_open_the_store_read_only_even_in_a_read_only_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let db = ro.join("s.db").display().to_string();
    big_store(&db, 6);
    let listing = || {
        let mut v: Vec<String> = std::fs::read_dir(&ro)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let files = listing();
    let bytes = std::fs::read(&db).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = ro.join(".probe");
    let as_root = std::fs::write(&probe, b"").is_ok();
    let mut users = vec![None];
    if as_root {
        std::fs::remove_file(&probe).unwrap();
        // Root may write a 0555 directory: run the commands again as an
        // unprivileged user, for whom it really is read-only.
        let nobody = Command::new("runuser")
            .args(["-u", "nobody", "--", "true"])
            .status()
            .is_ok_and(|s| s.success());
        if nobody {
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            users.push(Some("nobody"));
        } else {
            eprintln!("running as root without runuser/nobody: the permission is not exercised");
        }
    }
    let out = dir.path().join("out.csv");
    for user in users {
        for c in READ_COMMANDS {
            let mut args = c.to_vec();
            args.extend(["--db", &db]);
            let run = match user {
                None => {
                    if c[0] == "export" {
                        args.extend(["-o", out.to_str().unwrap()]);
                    }
                    attache(&args)
                }
                Some(u) => Command::new("runuser")
                    .args(["-u", u, "--", env!("CARGO_BIN_EXE_attache")])
                    .args(&args)
                    .stdin(Stdio::null())
                    .output()
                    .unwrap(),
            };
            let (status, err) = code(&run);
            assert_eq!(status, Some(0), "{user:?} {args:?}: {err}");
            assert!(!run.stdout.is_empty() || c[0] == "export");
        }
    }
    // Nothing written beside the database (no -wal, -shm nor -journal),
    // nor in it: even root, who may write, opens it immutable because the
    // directory's mode says read-only.
    assert_eq!(listing(), files);
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 7);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_corrected_document_replaces_its_error_record_and_a_changed_one_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("fix.jsonl");
    let input_s = input.to_str().unwrap();
    let broken =
        r#"{"id": "fix-1", "published": "2024-02-14", "text": "Sergey Lavrov will visit Havana"#;
    let fixed = r#"{"id": "fix-1", "published": "2024-02-14", "text": "Russian Foreign Minister Sergey Lavrov will visit Havana on February 19, the ministry said."}"#;
    let changed = r#"{"id": "fix-1", "published": "2024-02-14", "text": "Russian Foreign Minister Sergey Lavrov will visit Minsk on March 3, the ministry said."}"#;
    for db in databases(dir.path(), "fix") {
        let ingest = |line: &str| {
            std::fs::write(&input, format!("{line}\n")).unwrap();
            String::from_utf8_lossy(&attache(&["ingest", input_s, "--db", &db]).stderr).into_owned()
        };
        let events = || ok(&["events", "--format", "jsonl", "--db", &db]);
        let err = ingest(broken);
        assert!(
            err.contains("1 new") && err.contains("(1 unreadable)"),
            "{err}"
        );
        assert_eq!(events(), "");
        let err = ingest(fixed);
        assert!(
            err.contains("1 replaced") && err.contains("(0 unreadable)"),
            "{db}: {err}"
        );
        let first = events();
        assert!(
            first.contains("Havana") && !first.contains("Minsk"),
            "{first}"
        );
        let err = ingest(fixed);
        assert!(err.contains("0 new, 1 already stored"), "{err}");
        let err = ingest(changed);
        assert!(err.contains("1 replaced"), "{err}");
        let now = events();
        assert!(
            now.contains("Minsk") && !now.contains("Havana"),
            "{db}: {now}"
        );
        let records = ok(&["export", "--format", "jsonl", "--records", "--db", &db]);
        assert_eq!(records.lines().count(), 1);
    }
}
