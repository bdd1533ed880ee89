//! `debug_path FILE NEEDLE`: where a piece of text sits and why it is kept
//! or dropped.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: debug_path FILE NEEDLE");
        return;
    }
    let html = std::fs::read(&args[1])
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    print!("{}", attache_html::debug_path(&html, &args[2]));
}
