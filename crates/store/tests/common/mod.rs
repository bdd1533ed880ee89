//! What the store's tests share: the databases to run on.

#![allow(dead_code)]

/// The URL of a fresh PostgreSQL database named after `name`, when
/// `ATTACHE_TEST_PG` names a server (CI starts one).
pub fn fresh_pg(name: &str) -> Option<String> {
    let url = std::env::var("ATTACHE_TEST_PG")
        .ok()
        .filter(|v| !v.is_empty())?;
    let name = format!("t_{}_{}", name, std::process::id());
    let mut admin = postgres::Client::connect(&url, postgres::NoTls)
        .expect("ATTACHE_TEST_PG must name a running server");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    Some(format!("{base}/{name}"))
}

/// Databases to run a test on: a fresh SQLite file, and a fresh PostgreSQL
/// database when the server is there.
pub fn databases(test: &str) -> Vec<(String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db").display().to_string();
    let mut out = vec![(path, Some(dir))];
    match fresh_pg(test) {
        Some(url) => out.push((url, None)),
        None => eprintln!("ATTACHE_TEST_PG unset: PostgreSQL half of {test} skipped"),
    }
    out
}
