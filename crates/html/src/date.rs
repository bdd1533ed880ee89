//! Date normalisation to ISO 8601.

/// Normalises a date or date-time string to ISO 8601: `YYYY-MM-DD`, or
/// `YYYY-MM-DDTHH:MM:SS` with the offset (`Z`, `+01:00`) when one is given.
/// Returns `None` when no plausible date is found.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    iso_like(s).or_else(|| worded(s)).or_else(|| numeric_dmy(s))
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1000..=2999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn digits(b: &[u8], p: usize, n: usize) -> Option<u32> {
    let seg = b.get(p..p + n)?;
    if !seg.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(seg).ok()?.parse().ok()
}

/// `2024-02-15`, `2024/02/15`, `20240215`, with an optional time and zone.
fn iso_like(s: &str) -> Option<String> {
    let b = s.as_bytes();
    // Find the first 4-digit run.
    let start = (0..b.len())
        .find(|&i| digits(b, i, 4).is_some() && (i == 0 || !b[i - 1].is_ascii_digit()))?;
    let y = digits(b, start, 4)?;
    let mut p = start + 4;
    let (m, d);
    match b.get(p) {
        Some(b'-') | Some(b'/') | Some(b'.') => {
            let sep = b[p];
            p += 1;
            let ml = if digits(b, p, 2).is_some() { 2 } else { 1 };
            m = digits(b, p, ml)?;
            p += ml;
            if b.get(p) != Some(&sep) {
                return None;
            }
            p += 1;
            let dl = if digits(b, p, 2).is_some() { 2 } else { 1 };
            d = digits(b, p, dl)?;
            p += dl;
        }
        Some(c) if c.is_ascii_digit() => {
            m = digits(b, p, 2)?;
            d = digits(b, p + 2, 2)?;
            p += 4;
            if b.get(p).is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
        _ => return None,
    }
    if !valid(y, m, d) {
        return None;
    }
    let date = format!("{y:04}-{m:02}-{d:02}");
    // Time.
    let mut q = p;
    if matches!(b.get(q), Some(b'T') | Some(b't') | Some(b' ')) {
        q += 1;
    } else {
        return Some(date);
    }
    let Some(hh) = digits(b, q, 2) else {
        return Some(date);
    };
    if b.get(q + 2) != Some(&b':') {
        return Some(date);
    }
    let Some(mm) = digits(b, q + 3, 2) else {
        return Some(date);
    };
    q += 5;
    let mut ss = 0;
    if b.get(q) == Some(&b':') {
        if let Some(x) = digits(b, q + 1, 2) {
            ss = x;
            q += 3;
        }
    }
    if hh > 23 || mm > 59 || ss > 60 {
        return Some(date);
    }
    if b.get(q) == Some(&b'.') || b.get(q) == Some(&b',') {
        q += 1;
        while b.get(q).is_some_and(u8::is_ascii_digit) {
            q += 1;
        }
    }
    while b.get(q) == Some(&b' ') {
        q += 1;
    }
    let zone = zone(&s[q.min(s.len())..]);
    Some(format!("{date}T{hh:02}:{mm:02}:{ss:02}{zone}"))
}

fn zone(rest: &str) -> String {
    let b = rest.as_bytes();
    match b.first() {
        Some(b'Z') | Some(b'z') => "Z".into(),
        Some(b'+') | Some(b'-') => {
            let sign = b[0] as char;
            if let Some(h) = digits(b, 1, 2) {
                let mut p = 3;
                if b.get(p) == Some(&b':') {
                    p += 1;
                }
                let m = digits(b, p, 2).unwrap_or(0);
                if h <= 14 && m < 60 {
                    return format!("{sign}{h:02}:{m:02}");
                }
            }
            String::new()
        }
        _ => {
            let up = rest.get(..3).unwrap_or("");
            if up.eq_ignore_ascii_case("UTC") || up.eq_ignore_ascii_case("GMT") {
                let z = zone(rest[3..].trim_start());
                if z.is_empty() {
                    "Z".into()
                } else {
                    z
                }
            } else {
                String::new()
            }
        }
    }
}

/// Month number from an English (or common European) month name prefix.
pub fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    const NAMES: [(&str, u32); 24] = [
        ("january", 1),
        ("february", 2),
        ("march", 3),
        ("april", 4),
        ("may", 5),
        ("june", 6),
        ("july", 7),
        ("august", 8),
        ("september", 9),
        ("october", 10),
        ("november", 11),
        ("december", 12),
        ("januar", 1),
        ("februar", 2),
        ("märz", 3),
        ("mai", 5),
        ("juni", 6),
        ("juli", 7),
        ("oktober", 10),
        ("dezember", 12),
        ("sept", 9),
        ("janvier", 1),
        ("février", 2),
        ("mars", 3),
    ];
    for (n, m) in NAMES {
        if n == w || (w.len() >= 3 && n.starts_with(&w) && w.len() <= n.len()) {
            return Some(m);
        }
    }
    None
}

/// "January 2, 2020 10:30 AM", "2 Jan 2020", "Thu, 02 Jan 2020 03:04:05 +0000".
fn worded(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
        .filter(|w| !w.is_empty())
        .collect();
    let mi = words
        .iter()
        .position(|w| w.chars().next().is_some_and(char::is_alphabetic) && month_of(w).is_some())?;
    let m = month_of(words[mi])?;
    let num = |w: &str| -> Option<u32> {
        let t = w.trim_end_matches(|c: char| c.is_alphabetic() || c == '.');
        if t.is_empty() || t.len() > 4 || !t.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let mut day = None;
    let mut year = None;
    let mut year_at = mi;
    // Day right after or right before the month.
    if let Some(d) = words
        .get(mi + 1)
        .and_then(|w| num(w))
        .filter(|d| (1..=31).contains(d))
    {
        day = Some(d);
        if let Some(y) = words
            .get(mi + 2)
            .and_then(|w| num(w))
            .filter(|y| *y >= 1000)
        {
            year = Some(y);
            year_at = mi + 2;
        }
    }
    if day.is_none() && mi > 0 {
        if let Some(d) = num(words[mi - 1]).filter(|d| (1..=31).contains(d)) {
            day = Some(d);
            if let Some(y) = words
                .get(mi + 1)
                .and_then(|w| num(w))
                .filter(|y| *y >= 1000)
            {
                year = Some(y);
                year_at = mi + 1;
            }
        }
    }
    let (d, y) = (day?, year?);
    if !valid(y, m, d) {
        return None;
    }
    let date = format!("{y:04}-{m:02}-{d:02}");
    // Optional time after the year.
    for (k, w) in words.iter().enumerate().skip(year_at + 1).take(3) {
        let w = w.trim_start_matches("at").trim();
        let b = w.as_bytes();
        let hl = if digits(b, 0, 2).is_some() { 2 } else { 1 };
        if let (Some(mut h), Some(b':'), Some(mm)) =
            (digits(b, 0, hl), b.get(hl), digits(b, hl + 1, 2))
        {
            let mut ss = 0;
            if b.get(hl + 3) == Some(&b':') {
                ss = digits(b, hl + 4, 2).unwrap_or(0);
            }
            let tail = w[(hl + 3).min(w.len())..].to_ascii_lowercase();
            let next = words
                .get(k + 1)
                .map(|x| x.to_ascii_lowercase())
                .unwrap_or_default();
            let pm = tail.contains("pm")
                || tail.contains("p.m")
                || next.starts_with("pm")
                || next.starts_with("p.m");
            let am = tail.contains("am")
                || tail.contains("a.m")
                || next.starts_with("am")
                || next.starts_with("a.m");
            if pm && h < 12 {
                h += 12;
            }
            if am && h == 12 {
                h = 0;
            }
            if h > 23 || mm > 59 || ss > 59 {
                break;
            }
            let after = words
                .get(k + if pm || am { 2 } else { 1 })
                .copied()
                .unwrap_or("");
            let z = zone(after);
            return Some(format!("{date}T{h:02}:{mm:02}:{ss:02}{z}"));
        }
    }
    Some(date)
}

/// `15.02.2024` (day first) and `02/15/2024` (month first when unambiguous by
/// value, else US order).
fn numeric_dmy(s: &str) -> Option<String> {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let al = if digits(b, i, 2).is_some() {
            2
        } else if digits(b, i, 1).is_some() {
            1
        } else {
            continue;
        };
        let a = digits(b, i, al)?;
        let sep = *b.get(i + al)?;
        if !matches!(sep, b'.' | b'/' | b'-') {
            continue;
        }
        let j = i + al + 1;
        let bl = if digits(b, j, 2).is_some() {
            2
        } else if digits(b, j, 1).is_some() {
            1
        } else {
            continue;
        };
        let c = digits(b, j, bl)?;
        if b.get(j + bl) != Some(&sep) {
            continue;
        }
        let Some(y) = digits(b, j + bl + 1, 4) else {
            continue;
        };
        // Slashes: month first (US order) when the first number can be a
        // month; dots and dashes: day first.
        let (d, m) = if sep == b'/' && a <= 12 {
            (c, a)
        } else {
            (a, c)
        };
        if valid(y, m, d) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::normalize_date;

    #[test]
    fn formats() {
        let n = |s: &str| normalize_date(s);
        assert_eq!(
            n("2019-11-18T20:30:00+00:00").as_deref(),
            Some("2019-11-18T20:30:00+00:00")
        );
        assert_eq!(
            n("2019-11-18T20:30:00.000Z").as_deref(),
            Some("2019-11-18T20:30:00Z")
        );
        assert_eq!(n("2019-11-18").as_deref(), Some("2019-11-18"));
        assert_eq!(
            n("2019/11/18 08:05").as_deref(),
            Some("2019-11-18T08:05:00")
        );
        assert_eq!(n("20191118").as_deref(), Some("2019-11-18"));
        assert_eq!(n("November 18, 2019").as_deref(), Some("2019-11-18"));
        assert_eq!(
            n("Nov. 18, 2019 3:05 PM ET").as_deref(),
            Some("2019-11-18T15:05:00")
        );
        assert_eq!(
            n("Mon, 18 Nov 2019 20:30:00 +0000").as_deref(),
            Some("2019-11-18T20:30:00+00:00")
        );
        assert_eq!(n("18.11.2019").as_deref(), Some("2019-11-18"));
        assert_eq!(n("11/18/2019").as_deref(), Some("2019-11-18"));
        assert_eq!(n("yesterday"), None);
        assert_eq!(n("2019-13-45"), None);
    }
}
