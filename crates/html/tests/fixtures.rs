//! Small hand-written pages under `testdata/`: each `NAME.html` is extracted
//! and compared with `NAME.expected.json` (block roles and texts, images,
//! social posts, metadata). Run with `ATTACHE_UPDATE_FIXTURES=1` to rewrite
//! the expectations after a deliberate change, then review the diff.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn snapshot(html: &str) -> Value {
    let ex = attache_html::extract(html);
    let t = &ex.text;
    let s = |sp: attache_doc::Span| &t[sp.start as usize..sp.end as usize];
    json!({
        "blocks": ex.blocks.iter().map(|b| json!([b.role.name(), s(b.span)])).collect::<Vec<_>>(),
        "images": ex.images.iter().map(|i| json!({
            "caption": s(i.caption), "credit": i.credit.map(s), "src": i.src,
        })).collect::<Vec<_>>(),
        "social_posts": ex.social_posts.iter().map(|p| json!({
            "platform": p.platform, "author": p.author, "handle": p.handle, "date": p.date,
            "hashtags": p.hashtags, "links": p.links, "text": s(p.span),
        })).collect::<Vec<_>>(),
        "meta": {
            "title": ex.meta.title, "author": ex.meta.author, "published": ex.meta.published,
            "url": ex.meta.url, "outlet": ex.meta.outlet, "lang": ex.meta.lang,
        },
    })
}

fn check_invariants(html: &str) {
    let ex = attache_html::extract(html);
    let mut prev_end = 0;
    for (k, b) in ex.blocks.iter().enumerate() {
        let (a, z) = (b.span.start as usize, b.span.end as usize);
        assert!(a <= z && z <= ex.text.len());
        assert!(ex.text.is_char_boundary(a) && ex.text.is_char_boundary(z));
        assert!(
            k == 0 || a == prev_end + 1,
            "blocks are separated by one newline"
        );
        assert!(!ex.text[a..z].contains('\n'));
        prev_end = z;
    }
    assert_eq!(prev_end, ex.text.len());
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("testdata")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    v.sort();
    v
}

#[test]
fn fixtures_match_expectations() {
    let update = std::env::var_os("ATTACHE_UPDATE_FIXTURES").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 4);
    for path in cases {
        let html = std::fs::read_to_string(&path).unwrap();
        check_invariants(&html);
        let got = snapshot(&html);
        let exp_path = path.with_extension("expected.json");
        if update {
            std::fs::write(
                &exp_path,
                serde_json::to_string_pretty(&got).unwrap() + "\n",
            )
            .unwrap();
            continue;
        }
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(&exp_path).unwrap()).unwrap();
        if got != want {
            failures.push(format!(
                "{}:\n--- got\n{}\n",
                path.display(),
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
