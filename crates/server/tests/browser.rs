//! A real browser drives the page: Debian's `chromium` through
//! `chromedriver` (WebDriver over loopback), headless. Paste the example
//! article, wait for the highlighted layers, open an event's details, open
//! Explore over a small store and check the table, timeline, map and graph
//! are drawn; no console errors. Screenshots of each view land in the
//! test's output folder (`target/tmp/browser/`).
//!
//! Skipped with a message when `chromedriver` is not installed
//! (`apt-get install chromium chromium-driver`).

mod common;

use common::{request, serve, Answer};
use serde_json::{json, Value};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    addr: SocketAddr,
    session: String,
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = request(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            b"",
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn call(addr: SocketAddr, method: &str, path: &str, body: &Value) -> Value {
    let bytes = if method == "GET" {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    let a: Answer = request(
        addr,
        method,
        path,
        &[("Content-Type", "application/json")],
        &bytes,
    )
    .unwrap_or_else(|e| panic!("webdriver {path}: {e}"));
    let v = a.json();
    assert!(a.status < 400, "webdriver {method} {path}: {v}");
    v["value"].clone()
}

impl Driver {
    fn start() -> Option<Driver> {
        let bin = ["chromedriver", "/usr/bin/chromedriver"]
            .into_iter()
            .find(|b| {
                Command::new(b)
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
            })?;
        let port = TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let started = Instant::now();
        while request(addr, "GET", "/status", &[], b"").is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--window-size=1280,1000"]},
            "goog:loggingPrefs": {"browser": "ALL"}}}});
        let mut driver = Driver {
            addr,
            session: String::new(),
            child,
        };
        let session = call(addr, "POST", "/session", &caps);
        driver.session = session["sessionId"].as_str().unwrap().to_string();
        Some(driver)
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        call(
            self.addr,
            method,
            &format!("/session/{}{path}", self.session),
            &body,
        )
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        self.cmd(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[ELEMENT].as_str().unwrap().to_string())
        .collect()
    }

    /// Waits until `css` matches at least `n` elements.
    fn wait_for(&self, css: &str, n: usize) -> Vec<String> {
        let started = Instant::now();
        loop {
            let found = self.find_all(css);
            if found.len() >= n {
                return found;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no {css} on the page"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn click(&self, css: &str) {
        let e = self.wait_for(css, 1).remove(0);
        self.cmd("POST", &format!("/element/{e}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.wait_for(css, 1).remove(0);
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            json!({"text": text}),
        );
    }

    fn text(&self, css: &str) -> String {
        let e = self.wait_for(css, 1).remove(0);
        self.cmd("GET", &format!("/element/{e}/text"), json!({}))
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn script(&self, js: &str) -> Value {
        self.cmd("POST", "/execute/sync", json!({"script": js, "args": []}))
    }

    fn screenshot(&self, name: &str) {
        let png = self.cmd("GET", "/screenshot", json!({}));
        let bytes = base64_decode(png.as_str().unwrap());
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }

    /// Console messages of level SEVERE since the last call.
    fn console_errors(&self) -> Vec<String> {
        self.cmd("POST", "/se/log", json!({"type": "browser"}))
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["level"] == "SEVERE")
            .map(|l| l["message"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

/// Standard base64 (the screenshot's encoding).
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn the_page_reads_an_article_and_explores_a_store() {
    let Some(driver) = Driver::start() else {
        eprintln!("chromedriver not installed: the browser test is skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db").display().to_string();
    let server = serve(Some(&db), |_| {});
    let base = format!("http://{}", server.addr);
    let mut jsonl = std::fs::read(examples().join("articles.jsonl")).unwrap();
    // A few more articles when the shared bench corpus is there.
    if let Ok(corpus) = std::fs::read_to_string("../../../shared/data/bench-corpus/corpus.jsonl") {
        for line in corpus.lines().take(150) {
            jsonl.extend_from_slice(line.as_bytes());
            jsonl.push(b'\n');
        }
    }
    let stored = request(
        server.addr,
        "POST",
        "/api/documents",
        &[("Content-Type", "application/x-ndjson")],
        &jsonl,
    )
    .unwrap();
    assert_eq!(stored.status, 200, "{}", stored.text());

    driver.cmd("POST", "/url", json!({"url": format!("{base}/")}));
    let article = std::fs::read_to_string(examples().join("article.txt")).unwrap();
    // Pasted, not typed: ChromeDriver types only characters of the BMP
    // and the article has emoji.
    driver.cmd(
        "POST",
        "/execute/sync",
        json!({"script": "document.getElementById('article').value = arguments[0];", "args": [article]}),
    );
    driver.script("document.getElementById('published').value = '2025-03-07';");
    driver.click("#extract");
    driver.wait_for("#doc .ent", 3);
    driver.wait_for("#doc .tmx", 1);
    driver.wait_for("#doc .quo", 1);
    driver.click("#doc .ev[tabindex]");
    let code = driver.text("#event-fields dd[data-field='code']");
    assert!(
        code.contains('(') && code.len() > 5,
        "code and label: {code:?}"
    );
    assert!(!driver
        .text("#event-fields dd[data-field='evidence']")
        .is_empty());
    assert!(!driver.find_all("#doc .ev.selected").is_empty());
    driver.screenshot("read.png");

    driver.click("#tab-explore");
    driver.wait_for("#events-table tbody tr", 3);
    driver.wait_for("#timeline svg circle", 3);
    driver.wait_for("#map path.leaflet-interactive", 1);
    driver.wait_for("#map .map-event", 1);
    driver.wait_for("#graph svg path.edge", 1);
    driver.type_into("#person", "Amina Odhiambo");
    driver.click("#show-person");
    driver.wait_for("#timeline .tl-stop", 1);
    driver.wait_for("#map .map-path", 1);
    driver.screenshot("explore.png");
    driver.script("document.getElementById('h-map').scrollIntoView();");
    driver.screenshot("explore-map.png");

    driver.cmd("POST", "/window/rect", json!({"width": 390, "height": 844}));
    driver.click("#tab-read");
    let overflow = driver.script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    );
    assert!(
        overflow.as_i64().unwrap_or(0) <= 0,
        "the page is wider than a phone: {overflow}"
    );
    driver.screenshot("read-phone.png");

    let errors = driver.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    server.stop().unwrap();
}
