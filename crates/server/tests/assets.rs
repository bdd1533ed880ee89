//! The embedded page: every vendored file is the npm package's own, as
//! the manifest says; the page loads nothing from elsewhere and no inline
//! script; every file the page names is served.

mod common;

use common::{get, serve};
use sha2::{Digest, Sha256};

fn assets() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

#[test]
fn vendored_files_match_their_manifest() {
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(assets().join("vendor/MANIFEST.toml")).unwrap())
            .unwrap();
    let mut listed = Vec::new();
    for package in manifest["package"].as_array().unwrap() {
        for name in ["name", "version", "licence", "source"] {
            assert!(
                package.get(name).and_then(|v| v.as_str()).is_some(),
                "{name}"
            );
        }
        for f in package["files"].as_array().unwrap() {
            let path = f["path"].as_str().unwrap();
            let bytes = std::fs::read(assets().join("vendor").join(path)).unwrap();
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(hash, f["sha256"].as_str().unwrap(), "{path}");
            listed.push(path.to_string());
        }
    }
    // Nothing vendored escapes the manifest.
    let mut on_disk = Vec::new();
    for dir in std::fs::read_dir(assets().join("vendor")).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            for f in std::fs::read_dir(&dir).unwrap() {
                let f = f.unwrap().path();
                on_disk.push(
                    f.strip_prefix(assets().join("vendor"))
                        .unwrap()
                        .display()
                        .to_string(),
                );
            }
        }
    }
    on_disk.sort();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn the_page_and_everything_it_names_are_served_from_here() {
    let server = serve(None, |_| {});
    let page = get(server.addr, "/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = page.text();
    assert!(!html.contains("<script>") && !html.contains("http://") && !html.contains("https://"));
    let mut names = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            names.push(part.split('"').next().unwrap().to_string());
        }
    }
    for js in ["app.js", "read.js", "explore.js"] {
        let text = std::fs::read_to_string(assets().join(js)).unwrap();
        // The SVG namespace is a name, not an address fetched.
        let text = text.replace("http://www.w3.org/2000/svg", "");
        assert!(!text.contains("http://"), "{js} names a remote address");
        assert!(!text.contains("https://"), "{js} names a remote address");
        assert!(!text.contains("innerHTML"), "{js} writes HTML from data");
        names.push(format!("/assets/{js}"));
    }
    assert!(names.len() >= 6, "{names:?}");
    for n in names.iter().filter(|n| n.starts_with('/')) {
        let r = get(server.addr, n);
        assert_eq!(r.status, 200, "{n}");
        assert!(!r.body.is_empty());
    }
    assert_eq!(get(server.addr, "/assets/..%2FCargo.toml").status, 404);
    assert_eq!(get(server.addr, "/assets/../Cargo.toml").status, 404);
    server.stop().unwrap();
}
