//! What the server's tests share: a minimal HTTP/1.1 client over loopback
//! (one request per connection), servers on ephemeral ports, and the
//! databases to run on.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// An answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The error code of an error answer.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

/// Sends one request and reads the whole answer.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Answer> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    // A server may answer (413) before reading the whole body and close.
    let _ = s.write_all(body);
    read_answer(&mut BufReader::new(s))
}

fn read_answer<R: BufRead>(r: &mut R) -> std::io::Result<Answer> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let find = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if let Some(len) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(len, 0);
        r.read_exact(&mut body)?;
    } else if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16).map_err(std::io::Error::other)?;
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

pub fn get(addr: SocketAddr, path: &str) -> Answer {
    request(addr, "GET", path, &[], b"").unwrap()
}

pub fn post(addr: SocketAddr, path: &str, content_type: &str, body: &[u8]) -> Answer {
    request(addr, "POST", path, &[("Content-Type", content_type)], body).unwrap()
}

/// A server on an ephemeral loopback port.
pub fn serve(
    db: Option<&str>,
    tweak: impl FnOnce(&mut attache_server::Config),
) -> attache_server::Running {
    let mut config = attache_server::Config {
        db: db.map(str::to_string),
        addr: "127.0.0.1:0".parse().unwrap(),
        workers: 2,
        ..attache_server::Config::default()
    };
    tweak(&mut config);
    attache_server::start(&config).expect("the server starts")
}

/// The URL of a fresh PostgreSQL database named after `name`, when
/// `ATTACHE_TEST_PG` names a server (CI starts one).
pub fn fresh_pg(name: &str) -> Option<String> {
    let url = std::env::var("ATTACHE_TEST_PG")
        .ok()
        .filter(|v| !v.is_empty())?;
    let name = format!("t_srv_{}_{}", name, std::process::id());
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

/// Articles written for these tests (not from any gold set): each names a
/// visit with a date, a place, a quotation and a speaker.
pub const ARTICLE: &str = "Foreign Minister Sergey Lavrov will visit Havana on March 12, \
the ministry said on Friday.\n\n\"We value our friends in Cuba,\" Lavrov told reporters in Moscow.\n\n\
Cuban President Miguel Diaz-Canel met Lavrov in Havana last year.\n";
