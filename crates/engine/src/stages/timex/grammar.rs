//! Recognition: finds time expressions in a lexed sentence and describes
//! their meaning ([`Sem`]) before any anchoring.
//!
//! Each expression has a head word (a trigger or a number); the parser for
//! the head's class reads forward for the rest of the expression and
//! backward for modifiers ("the past", "early", "every", quantities).

use super::lexicon::{lower, number_word, ordinal_word, Class, Kw, Unit, K, W};
use super::tense::{tense_at, Tense};
use attache_doc::TimexType;

/// last / next / this, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// No modifier.
    None,
    /// "last".
    Last,
    /// "next", "coming".
    Next,
    /// "this".
    This,
}

/// The clock part of a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clock {
    /// Hour and minute.
    Hm(u32, u32),
    /// Part of day: "MO", "AF", "EV", "NI".
    Pod(&'static str),
}

/// What an expression means, before anchoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sem {
    /// A value known without any anchor.
    Lit(String),
    /// A day; the year may be left to context.
    Day {
        /// Year, when written.
        y: Option<i32>,
        /// Month.
        m: u32,
        /// Day.
        d: u32,
    },
    /// A range of days.
    Range {
        /// Year, when written.
        y: Option<i32>,
        /// First month.
        m1: u32,
        /// First day.
        d1: u32,
        /// Last month.
        m2: u32,
        /// Last day.
        d2: u32,
    },
    /// A month.
    Month {
        /// Year, when written.
        y: Option<i32>,
        /// Month.
        m: u32,
        /// Modifier.
        rel: Rel,
    },
    /// A season (0 spring .. 3 winter).
    Season {
        /// Year, when written.
        y: Option<i32>,
        /// Season.
        s: u32,
        /// Modifier.
        rel: Rel,
    },
    /// A weekday (ISO 1-7).
    Weekday {
        /// Weekday.
        wd: u32,
        /// Modifier.
        rel: Rel,
    },
    /// "from Monday to Wednesday".
    WeekdayRange(u32, u32),
    /// today (0), yesterday (-1), tomorrow (1).
    RelDay(i64),
    /// A unit offset from the publication date: "last week" (-1).
    RelUnit(Unit, i64),
    /// A unit offset from the date in focus: "the following day".
    Anchored(Unit, i64),
    /// A quarter of a year.
    Quarter {
        /// Year, when written.
        y: Option<i32>,
        /// Quarter 1-4.
        q: u32,
    },
    /// "the weekend" resolved by tense.
    Weekend,
    /// A day or month in a year given relative to the publication date:
    /// "January last year".
    InYear(Box<Sem>, i64),
    /// A time of day on a day.
    Time(Option<Box<Sem>>, Clock),
}

/// A recognised expression: words `a..b` of the sentence.
#[derive(Debug, Clone)]
pub struct Cand {
    /// First word.
    pub a: usize,
    /// One past the last word.
    pub b: usize,
    /// Meaning.
    pub sem: Sem,
    /// TimeML type.
    pub kind: TimexType,
    /// Tense of the clause around it.
    pub tense: Tense,
}

/// A lexed sentence and its text.
pub struct Ctx<'a> {
    /// The whole document text.
    pub t: &'a str,
    /// The sentence's words.
    pub w: &'a [W],
}

impl<'a> Ctx<'a> {
    #[inline]
    pub fn len(&self) -> usize {
        self.w.len()
    }
    #[inline]
    pub fn s(&self, i: usize) -> &'a str {
        match self.w.get(i) {
            Some(w) => &self.t[w.s as usize..w.e as usize],
            None => "",
        }
    }
    #[inline]
    pub fn is(&self, i: usize, word: &str) -> bool {
        i < self.w.len() && self.s(i).eq_ignore_ascii_case(word)
    }
    pub fn any(&self, i: usize, words: &[&str]) -> bool {
        i < self.w.len() && {
            let s = self.s(i);
            words.iter().any(|w| s.eq_ignore_ascii_case(w))
        }
    }
    #[inline]
    pub fn class(&self, i: usize) -> Class {
        self.w.get(i).map_or(Class::None, |w| w.c)
    }
    #[inline]
    pub fn kind(&self, i: usize) -> Option<K> {
        self.w.get(i).map(|w| w.k)
    }
    /// Word `i` follows word `i - 1` with no space.
    #[inline]
    pub fn adj(&self, i: usize) -> bool {
        self.w.get(i).is_some_and(|w| !w.gap)
    }
    /// The digits of word `i`, when it is a number of at most 4 digits.
    pub fn num(&self, i: usize) -> Option<u32> {
        let w = self.w.get(i)?;
        if w.k != K::Num || w.e - w.s > 4 {
            return None;
        }
        self.s(i).parse().ok()
    }
    pub fn num_len(&self, i: usize) -> usize {
        self.w.get(i).map_or(0, |w| (w.e - w.s) as usize)
    }
    pub fn dash(&self, i: usize) -> bool {
        matches!(self.s(i), "-" | "–" | "—" | "‒")
    }
    pub fn cap(&self, i: usize) -> bool {
        self.s(i)
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_uppercase)
    }
    pub fn lower_is_any(&self, i: usize, words: &[&str]) -> bool {
        let mut buf = [0u8; 24];
        i < self.w.len() && words.contains(&lower(self.s(i), &mut buf))
    }
    /// An ordinal suffix ("th", "st") stuck to number `i`; returns its index.
    fn suffix(&self, i: usize) -> Option<usize> {
        (self.adj(i + 1) && self.any(i + 1, &["st", "nd", "rd", "th"])).then_some(i + 1)
    }
    /// "'s" possessive at `i`.
    fn possessive(&self, i: usize) -> bool {
        matches!(self.s(i), "'" | "’") && self.adj(i) && self.is(i + 1, "s") && self.adj(i + 1)
    }
}

const MONTH_PREPS: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "of",
    "from",
    "to",
    "through",
    "throughout",
    "during",
    "before",
    "after",
    "early",
    "late",
    "mid",
    "last",
    "next",
    "this",
    "coming",
    "past",
    "between",
    "every",
    "each",
    "around",
    "end",
    "beginning",
    "start",
    "middle",
    "until",
    "late-",
    "into",
];

const WEEKDAY_NAMES_BEFORE: &[&str] = &[
    "good", "black", "super", "ash", "bloody", "cyber", "holy", "palm", "easter", "maundy",
    "giving", "shrove", "low", "trinity",
];

const WEEKDAY_NAMES_AFTER: &[&str] = &[
    "times",
    "telegraph",
    "express",
    "mirror",
    "herald",
    "post",
    "tribune",
    "mail",
    "star",
    "independent",
    "school",
    "club",
    "night",
    "people",
    "sport",
    "observer",
    "business",
];

const TZ: &[&str] = &[
    "gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "cet", "cest",
    "et", "pt", "ct", "msk", "ist", "jst", "aedt", "aest", "z",
];

/// Finds the expressions in one sentence.
pub fn recognise(c: &Ctx<'_>, out: &mut Vec<Cand>) {
    let n = c.len();
    let mut i = 0;
    let mut min_a = 0;
    let first = out.len();
    while i < n {
        let before = out.len();
        let next = match c.class(i) {
            Class::None => None,
            Class::Num => num_head(c, i, min_a, out),
            Class::Month(m, ab) => month_head(c, i, m, ab, min_a, out),
            Class::Weekday(d, pl) => weekday_head(c, i, d, pl, min_a, out),
            Class::Unit(u, pl) => unit_head(c, i, u, pl, min_a, out),
            Class::Season(s) => season_head(c, i, s, min_a, out),
            Class::Pod(p) => pod_head(c, i, p, min_a, out),
            Class::Kw(k) => kw_head(c, i, k, min_a, out),
        };
        match next {
            Some(j) if out.len() > before => {
                min_a = out.last().map_or(j, |x| x.b);
                i = j.max(i + 1);
            }
            _ => {
                out.truncate(before);
                i += 1;
            }
        }
    }
    for x in out.iter_mut().skip(first) {
        x.tense = tense_at(c, x.a, x.b);
    }
}

fn cand(a: usize, b: usize, sem: Sem, kind: TimexType) -> Cand {
    Cand {
        a,
        b,
        sem,
        kind,
        tense: Tense::None,
    }
}

fn date(a: usize, b: usize, sem: Sem) -> Cand {
    cand(a, b, sem, TimexType::Date)
}

fn lit(a: usize, b: usize, v: impl Into<String>, kind: TimexType) -> Cand {
    cand(a, b, Sem::Lit(v.into()), kind)
}

/// A plausible four-digit year at word `i`.
fn year_at(c: &Ctx<'_>, i: usize) -> Option<i32> {
    if c.num_len(i) != 4 {
        return None;
    }
    let v = c.num(i)? as i32;
    (1000..=2100).contains(&v).then_some(v)
}

/// Skips an optional "." after an abbreviated month.
fn after_month(c: &Ctx<'_>, i: usize, abbrev: bool) -> usize {
    if abbrev && c.s(i + 1) == "." && c.adj(i + 1) {
        i + 2
    } else {
        i + 1
    }
}

/// A day number at `j` (1-31, with an optional ordinal suffix), and the
/// index after it.
fn day_at(c: &Ctx<'_>, j: usize) -> Option<(u32, usize)> {
    if c.num_len(j) > 2 {
        return None;
    }
    let d = c.num(j)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    let mut k = j + 1;
    if let Some(s) = c.suffix(j) {
        k = s + 1;
    }
    // Not "19:30", "19.5", "19-year", "19/2".
    if c.adj(k)
        && matches!(c.s(k), ":" | "." | "/" | ",")
        && c.adj(k + 1)
        && c.kind(k + 1) == Some(K::Num)
    {
        return None;
    }
    if c.adj(k) && c.kind(k) == Some(K::Alpha) {
        return None;
    }
    Some((d, k))
}

/// An optional ", 2024" / "2024" at `k`: the year and the index after.
fn opt_year(c: &Ctx<'_>, k: usize) -> (Option<i32>, usize) {
    if c.s(k) == "," {
        if let Some(y) = year_at(c, k + 1) {
            if !c.adj(k + 2) || c.kind(k + 2) == Some(K::Punct) && !num_follows(c, k + 2) {
                return (Some(y), k + 2);
            }
        }
    } else if let Some(y) = year_at(c, k) {
        if !(c.adj(k + 1) && c.kind(k + 1) == Some(K::Alpha)) {
            return (Some(y), k + 1);
        }
    }
    (None, k)
}

fn num_follows(c: &Ctx<'_>, k: usize) -> bool {
    matches!(c.s(k), "," | "." | ":") && c.adj(k + 1) && c.kind(k + 1) == Some(K::Num)
}

/// Modifiers before a date-like head: "early", "mid-", "late", "the end of",
/// and before them nothing else. Returns the new start.
fn lead_mods(c: &Ctx<'_>, a: usize, min_a: usize) -> usize {
    let mut a = a;
    // "mid-February", "mid-2020"
    if a >= min_a + 2 && c.dash(a - 1) && c.adj(a - 1) && c.is(a - 2, "mid") {
        return a - 2;
    }
    if a > min_a && c.any(a - 1, &["early", "late", "mid", "earlier", "later"]) {
        a -= 1;
        if a > min_a && c.is(a - 1, "the") {
            a -= 1;
        }
        return a;
    }
    if a >= min_a + 2
        && c.is(a - 1, "of")
        && c.any(
            a - 2,
            &[
                "end",
                "beginning",
                "start",
                "middle",
                "rest",
                "turn",
                "spring",
                "summer",
                "autumn",
                "fall",
                "winter",
            ],
        )
    {
        a -= 2;
        if a > min_a && c.any(a - 1, &["the", "early", "late"]) {
            a -= 1;
        }
    }
    a
}

/// "last", "next", "this", "coming" before `a`; returns the modifier and
/// the new start.
fn rel_before(c: &Ctx<'_>, a: usize, min_a: usize) -> (Rel, usize) {
    if a > min_a {
        let r = if c.is(a - 1, "last") {
            Rel::Last
        } else if c.any(a - 1, &["next", "coming"]) {
            Rel::Next
        } else if c.is(a - 1, "this") {
            Rel::This
        } else {
            return (Rel::None, a);
        };
        let mut a = a - 1;
        if r == Rel::Next && a > min_a && c.is(a - 1, "this") {
            a -= 1;
        }
        if r == Rel::Next && c.is(a, "coming") && a > min_a && c.is(a - 1, "the") {
            a -= 1;
        }
        return (r, a);
    }
    (Rel::None, a)
}

// ---------------------------------------------------------------- numbers

fn am_pm(c: &Ctx<'_>, j: usize) -> Option<(bool, usize)> {
    let mut buf = [0u8; 24];
    match lower(c.s(j), &mut buf) {
        "am" => return Some((false, j + 1)),
        "pm" => return Some((true, j + 1)),
        "a" | "p" if c.s(j + 1) == "." && c.adj(j + 1) && c.any(j + 2, &["m"]) && c.adj(j + 2) => {
            let pm = c.is(j, "p");
            let k = j + 3 + usize::from(c.s(j + 3) == "." && c.adj(j + 3));
            return Some((pm, k));
        }
        _ => {}
    }
    None
}

fn tz_at(c: &Ctx<'_>, j: usize) -> usize {
    if c.lower_is_any(j, TZ) && c.cap(j) {
        j + 1
    } else if c.is(j, "local") && c.is(j + 1, "time") {
        j + 2
    } else {
        j
    }
}

/// A day expression right after a time: "Saturday", "on Feb. 3", "today".
fn day_after(c: &Ctx<'_>, j: usize) -> Option<(Sem, usize)> {
    let j = if c.is(j, "on") || c.s(j) == "," {
        j + 1
    } else {
        j
    };
    match c.class(j) {
        Class::Weekday(d, false) if c.cap(j) => Some((
            Sem::Weekday {
                wd: d,
                rel: Rel::None,
            },
            j + 1,
        )),
        Class::Kw(Kw::Today) => Some((Sem::RelDay(0), j + 1)),
        Class::Kw(Kw::Tomorrow) => Some((Sem::RelDay(1), j + 1)),
        Class::Kw(Kw::Yesterday) => Some((Sem::RelDay(-1), j + 1)),
        Class::Month(m, ab) if c.cap(j) => {
            let k = after_month(c, j, ab);
            let (d, k) = day_at(c, k)?;
            let (y, k) = opt_year(c, k);
            Some((Sem::Day { y, m, d }, k))
        }
        _ => None,
    }
}

fn time_cand(c: &Ctx<'_>, a: usize, k: usize, h: u32, mi: u32, out: &mut Vec<Cand>) -> usize {
    let k = tz_at(c, k);
    let (day, k) = match day_after(c, k) {
        Some((s, k2)) => (Some(Box::new(s)), k2),
        None => (None, k),
    };
    out.push(cand(
        a,
        k,
        Sem::Time(day, Clock::Hm(h, mi)),
        TimexType::Time,
    ));
    k
}

fn num_head(c: &Ctx<'_>, i: usize, min_a: usize, out: &mut Vec<Cand>) -> Option<usize> {
    let len = c.num_len(i);
    // Part of a longer number: "1,2019", "3.2019", "$2020".
    if i > 0 && c.adj(i) && matches!(c.s(i - 1), "," | "." | "$" | "£" | "€" | "#" | "/" | ":") {
        // "'90s" is handled below.
        if !(matches!(c.s(i - 1), "'" | "’")) {
            return None;
        }
    }
    let v = c.num(i);
    // ISO date 2024-02-19
    if len == 4
        && c.s(i + 1) == "-"
        && c.adj(i + 1)
        && c.num_len(i + 2) == 2
        && c.adj(i + 2)
        && c.s(i + 3) == "-"
        && c.adj(i + 3)
        && c.num_len(i + 4) == 2
        && c.adj(i + 4)
        && !(c.adj(i + 5) && c.kind(i + 5) != Some(K::Punct))
    {
        let (y, m, d) = (v? as i32, c.num(i + 2)?, c.num(i + 4)?);
        super::calendar::Date::new(y, m, d)?;
        out.push(date(i, i + 5, Sem::Day { y: Some(y), m, d }));
        return Some(i + 5);
    }
    // 02/19/2024
    if len <= 2
        && c.s(i + 1) == "/"
        && c.adj(i + 1)
        && c.num_len(i + 2) <= 2
        && c.adj(i + 2)
        && c.s(i + 3) == "/"
        && c.adj(i + 3)
        && matches!(c.num_len(i + 4), 2 | 4)
        && c.adj(i + 4)
        && !(c.adj(i + 5) && matches!(c.s(i + 5), "/" | "." | "-") && c.adj(i + 6))
    {
        let (p, q) = (v?, c.num(i + 2)?);
        let mut y = c.num(i + 4)? as i32;
        if c.num_len(i + 4) == 2 {
            y += if y < 50 { 2000 } else { 1900 };
        }
        let (m, d) = if p > 12 && q <= 12 {
            (q, p)
        } else if q > 12 && p <= 12 || p == q {
            (p, q)
        } else {
            return None;
        };
        super::calendar::Date::new(y, m, d)?;
        out.push(date(i, i + 5, Sem::Day { y: Some(y), m, d }));
        return Some(i + 5);
    }
    // Quarters written "Q3" ("Q3 2024", "Q1-2023")
    if len == 1 && i > 0 && c.adj(i) && c.s(i - 1) == "Q" && i > min_a {
        let q = v?;
        if (1..=4).contains(&q) && !(c.adj(i + 1) && c.kind(i + 1) != Some(K::Punct)) {
            let k = if (c.dash(i + 1) || c.s(i + 1) == "/") && c.adj(i + 1) {
                i + 2
            } else {
                i + 1
            };
            let (y, b) = match year_at(c, k) {
                Some(y) => (Some(y), k + 1),
                None => (None, i + 1),
            };
            out.push(date(i - 1, b, Sem::Quarter { y, q }));
            return Some(b);
        }
    }
    // British clock times with a period: 6.30pm, 10.15 a.m.
    if len <= 2 && c.s(i + 1) == "." && c.adj(i + 1) && c.num_len(i + 2) == 2 && c.adj(i + 2) {
        if let Some((pm, k)) = am_pm(c, i + 3) {
            let (h, mi) = (v?, c.num(i + 2)?);
            if (1..=12).contains(&h) && mi < 60 {
                return Some(time_cand(c, i, k, to24(h, pm), mi, out));
            }
        }
    }
    // Clock times 10:30, 10:30 a.m., 3:07:35
    if len <= 2 && c.s(i + 1) == ":" && c.adj(i + 1) && c.num_len(i + 2) == 2 && c.adj(i + 2) {
        let h = v?;
        let mi = c.num(i + 2)?;
        if h > 24 || mi > 59 {
            return None;
        }
        let mut k = i + 3;
        let mut sec = None;
        if c.s(k) == ":" && c.adj(k) && c.num_len(k + 1) == 2 && c.adj(k + 1) {
            sec = c.num(k + 1);
            k += 2;
        }
        if c.adj(k)
            && matches!(c.s(k), ":" | "." | ",")
            && c.adj(k + 1)
            && c.kind(k + 1) == Some(K::Num)
        {
            return None;
        }
        if let Some((pm, k2)) = am_pm(c, k) {
            if h == 0 || h > 12 {
                return None;
            }
            let h24 = to24(h, pm);
            return Some(time_cand(c, i, k2, h24, mi, out));
        }
        let prev_ok = i > 0
            && c.any(
                i - 1,
                &[
                    "at",
                    "by",
                    "from",
                    "until",
                    "till",
                    "around",
                    "about",
                    "before",
                    "after",
                    "since",
                    "approximately",
                    "between",
                    "and",
                    "to",
                ],
            );
        if let Some(s) = sec {
            if !prev_ok || c.is(i - 1, "in") {
                out.push(lit(i, k, format!("PT{h}H{mi}M{s}S"), TimexType::Duration));
                return Some(k);
            }
        }
        let tz = tz_at(c, k) > k;
        if prev_ok || tz || day_after(c, k).is_some() {
            return Some(time_cand(c, i, k, h, mi, out));
        }
        return None;
    }
    // 10 a.m., 4pm
    if len <= 2 {
        if let Some((pm, k)) = am_pm(c, i + 1) {
            let h = v?;
            if (1..=12).contains(&h) {
                return Some(time_cand(c, i, k, to24(h, pm), 0, out));
            }
            return None;
        }
        if c.is(i + 1, "o") && matches!(c.s(i + 2), "'" | "’") && c.is(i + 3, "clock") {
            let h = v?;
            if (1..=12).contains(&h) {
                return Some(time_cand(c, i, i + 4, h, 0, out));
            }
        }
    }
    // Day first: 19 February 2024, 21-23 Feb, the 19th of February
    if len <= 2 {
        if let Some((d, mut k)) = day_at(c, i) {
            // range "21-23 Feb" / "21 to 23 February"
            if (c.dash(k) || c.any(k, &["to", "and"])) && c.num_len(k + 1) <= 2 {
                if let Some((d2, k2)) = day_at(c, k + 1) {
                    if let Class::Month(m, ab) = c.class(k2) {
                        if d2 > d && (c.cap(k2)) {
                            let k3 = after_month(c, k2, ab);
                            let (y, k3) = opt_year(c, k3);
                            out.push(date(
                                i,
                                k3,
                                Sem::Range {
                                    y,
                                    m1: m,
                                    d1: d,
                                    m2: m,
                                    d2,
                                },
                            ));
                            return Some(k3);
                        }
                    }
                }
            }
            if c.is(k, "of") && c.suffix(i).is_some() {
                k += 1;
            }
            if let Class::Month(m, ab) = c.class(k) {
                if c.cap(k) && super::calendar::Date::new(2000, m, d).is_some() {
                    let k2 = after_month(c, k, ab);
                    let (y, k2) = opt_year(c, k2);
                    let mut a = i;
                    if a > min_a && c.is(a - 1, "the") && c.suffix(i).is_some() {
                        a -= 1;
                    }
                    // "Wednesday 14 February", "Wednesday, 14 February"
                    let mut b = a;
                    if b > min_a && c.s(b - 1) == "," {
                        b -= 1;
                    }
                    if b > min_a && matches!(c.class(b - 1), Class::Weekday(_, false)) {
                        a = b - 1;
                    }
                    out.push(date(a, k2, Sem::Day { y, m, d }));
                    return Some(k2);
                }
            }
        }
    }
    // Number followed by a unit: the unit's parser takes it.
    // Decades: 1990s, '90s, the 90s
    if c.adj(i + 1) && c.is(i + 1, "s") && v.is_some_and(|v| v % 10 == 0) {
        let v = v?;
        let apos = i > 0 && matches!(c.s(i - 1), "'" | "’") && c.adj(i);
        if len == 4 && (1000..2100).contains(&v) {
            let a = lead_mods(c, i, min_a);
            out.push(lit(a, i + 2, format!("{:03}", v / 10), TimexType::Date));
            return Some(i + 2);
        }
        if len == 2 && (apos || (i > min_a && c.is(i - 1, "the"))) {
            let a = if apos { i - 1 } else { i };
            out.push(lit(a, i + 2, format!("19{}", v / 10), TimexType::Date));
            return Some(i + 2);
        }
        return None;
    }
    // Years.
    if let Some(y) = year_at(c, i) {
        if !year_context_ok(c, i, y) {
            return None;
        }
        if let Some((h, a)) = half_before(c, i, min_a) {
            out.push(date(a, i + 1, Sem::Lit(format!("{y:04}-H{h}"))));
            return Some(i + 1);
        }
        let a = lead_mods(c, i, min_a);
        out.push(date(a, i + 1, Sem::Lit(format!("{y:04}"))));
        // 2009-2010, 1957-58, 2009 to 2010
        if (c.dash(i + 1) || c.any(i + 1, &["to", "and"])) && matches!(c.num_len(i + 2), 2 | 4) {
            if let Some(v2) = c.num(i + 2) {
                let y2 = if c.num_len(i + 2) == 2 {
                    y / 100 * 100 + v2 as i32
                } else {
                    v2 as i32
                };
                if y2 > y && y2 - y < 100 && !(c.adj(i + 3) && c.kind(i + 3) != Some(K::Punct)) {
                    out.push(date(i + 2, i + 3, Sem::Lit(format!("{y2:04}"))));
                    return Some(i + 3);
                }
            }
        }
        return Some(i + 1);
    }
    None
}

/// "the first half of" before `a`: the half and the new start.
fn half_before(c: &Ctx<'_>, a: usize, min_a: usize) -> Option<(u32, usize)> {
    if a < min_a + 3 || !c.is(a - 1, "of") || !c.is(a - 2, "half") {
        return None;
    }
    let h = if c.is(a - 3, "first") {
        1
    } else if c.is(a - 3, "second") {
        2
    } else {
        return None;
    };
    let s = if a > min_a + 3 && c.is(a - 4, "the") {
        a - 4
    } else {
        a - 3
    };
    Some((h, s))
}

fn to24(h: u32, pm: bool) -> u32 {
    match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

const COUNT_NOUNS: &[&str] = &[
    "people",
    "percent",
    "troops",
    "men",
    "women",
    "children",
    "metres",
    "meters",
    "feet",
    "miles",
    "km",
    "kilometres",
    "kilometers",
    "tons",
    "tonnes",
    "units",
    "votes",
    "dollars",
    "euros",
    "pounds",
    "soldiers",
    "residents",
    "homes",
    "cases",
    "deaths",
    "points",
    "words",
    "times",
    "members",
    "jobs",
    "pages",
    "calories",
    "acres",
    "hectares",
    "kg",
    "mph",
    "yards",
    "barrels",
    "rubles",
    "yuan",
    "yen",
    "pesos",
    "students",
    "workers",
    "employees",
    "refugees",
    "migrants",
    "civilians",
    "patients",
    "users",
    "visitors",
    "tourists",
    "cars",
    "vehicles",
    "boats",
    "ships",
    "aircraft",
    "planes",
    "rockets",
    "missiles",
    "shells",
    "drones",
];

fn year_context_ok(c: &Ctx<'_>, i: usize, y: i32) -> bool {
    if c.adj(i + 1) && matches!(c.s(i + 1), "%" | "°") {
        return false;
    }
    if c.adj(i + 1)
        && matches!(c.s(i + 1), "." | ",")
        && c.adj(i + 2)
        && c.kind(i + 2) == Some(K::Num)
    {
        return false;
    }
    if c.adj(i + 1) && c.kind(i + 1) == Some(K::Alpha) {
        return false;
    }
    if i > 0
        && c.any(
            i - 1,
            &[
                "no",
                "number",
                "route",
                "flight",
                "page",
                "room",
                "article",
                "resolution",
                "model",
                "pages",
                "highway",
                "hwy",
                "interstate",
                "suite",
                "apt",
                "id",
            ],
        )
    {
        return false;
    }
    if i > 0 && matches!(c.s(i - 1), "$" | "£" | "€" | "#" | "¥") {
        return false;
    }
    let next = c.s(i + 1);
    if c.kind(i + 1) == Some(K::Alpha) {
        let mut buf = [0u8; 24];
        let l = lower(next, &mut buf);
        if COUNT_NOUNS.contains(&l)
            || l == "of" && c.kind(i + 2) == Some(K::Alpha) && !c.cap(i + 2) && c.is(i + 2, "them")
        {
            return false;
        }
        // A plural noun after a number reads as a count ("1500 troops"),
        // except for recent years ("2023 results").
        if !(1950..=2049).contains(&y)
            && next.as_bytes()[0].is_ascii_lowercase()
            && l.len() > 3
            && l.ends_with('s')
            && !l.ends_with("ss")
            && !l.ends_with("is")
            && !l.ends_with("us")
            && !matches!(
                l,
                "was"
                    | "has"
                    | "does"
                    | "goes"
                    | "marks"
                    | "sees"
                    | "saw"
                    | "its"
                    | "this"
                    | "less"
                    | "plus"
                    | "across"
                    | "versus"
                    | "elections"
                    | "olympics"
                    | "games"
                    | "polls"
                    | "talks"
                    | "protests"
                    | "riots"
                    | "floods"
                    | "attacks"
            )
        {
            return false;
        }
    }
    if (1900..=2099).contains(&y) {
        return true;
    }
    i > 0
        && c.any(
            i - 1,
            &[
                "in", "since", "of", "from", "by", "until", "year", "before", "after", "circa",
                "between", "and", "to", "during", "early", "late", "mid", "-",
            ],
        )
}

// ---------------------------------------------------------------- months

fn month_head(
    c: &Ctx<'_>,
    i: usize,
    m: u32,
    abbrev: bool,
    min_a: usize,
    out: &mut Vec<Cand>,
) -> Option<usize> {
    if !c.cap(i) {
        return None;
    }
    let j = after_month(c, i, abbrev);
    let mut a = lead_mods(c, i, min_a);
    // "Wednesday, February 14", "Wednesday Feb. 14"
    let weekday_a = {
        let mut b = i;
        if b > min_a && c.s(b - 1) == "," {
            b -= 1;
        }
        (b > min_a && matches!(c.class(b - 1), Class::Weekday(_, false)) && c.cap(b - 1))
            .then(|| b - 1)
    };
    if let Some((d, k)) = day_at(c, j) {
        super::calendar::Date::new(2000, m, d)?;
        let mut k = k;
        // Range: "February 21-22", "Feb. 21 to 23", "February 28 - March 2"
        let mut range = None;
        if c.dash(k) || c.any(k, &["to", "through", "until", "and", "thru"]) {
            if let Some((d2, k2)) = day_at(c, k + 1) {
                if d2 > d
                    && !(c.class(k2) == Class::None
                        && c.kind(k2) == Some(K::Alpha)
                        && is_count_noun(c, k2))
                {
                    range = Some((m, d2));
                    k = k2;
                }
            } else if let Class::Month(m2, ab2) = c.class(k + 1) {
                if c.cap(k + 1) {
                    let k1 = after_month(c, k + 1, ab2);
                    if let Some((d2, k2)) = day_at(c, k1) {
                        range = Some((m2, d2));
                        k = k2;
                    }
                }
            }
        }
        let (y, k) = opt_year(c, k);
        if let Some(wa) = weekday_a {
            a = a.min(wa);
        }
        match range {
            Some((m2, d2)) => out.push(date(
                a,
                k,
                Sem::Range {
                    y,
                    m1: m,
                    d1: d,
                    m2,
                    d2,
                },
            )),
            None => {
                if let (None, Some((n, k2))) = (y, rel_year(c, k)) {
                    out.push(date(a, k2, Sem::InYear(Box::new(Sem::Day { y, m, d }), n)));
                    return Some(k2);
                }
                out.push(date(a, k, Sem::Day { y, m, d }))
            }
        }
        return Some(k);
    }
    // February 2024, June of 2020
    let jy = if c.s(j) == "," || c.is(j, "of") {
        j + 1
    } else {
        j
    };
    if let Some(y) = year_at(c, jy) {
        if !(c.adj(jy + 1) && c.kind(jy + 1) == Some(K::Alpha)) {
            let (rel, a2) = rel_before(c, a, min_a);
            let _ = rel;
            out.push(date(
                a2.min(a),
                jy + 1,
                Sem::Month {
                    y: Some(y),
                    m,
                    rel: Rel::None,
                },
            ));
            return Some(jy + 1);
        }
    }
    if abbrev && !c.is(i, "sept") {
        return None;
    }
    // A month alone: only after a preposition or modifier, or as a possessive.
    let (rel, a2) = rel_before(c, i, min_a);
    let a = if rel != Rel::None {
        lead_mods(c, a2, min_a)
    } else {
        a
    };
    let prev_ok = (i > min_a && c.lower_is_any(i - 1, MONTH_PREPS))
        || a < i
        || (i >= 2
            && c.any(i - 1, &["and", "or", "to", "-", "–"])
            && matches!(c.class(i - 2), Class::Month(..)));
    let poss = c.possessive(i + 1);
    if !(prev_ok || poss || rel_year(c, j).is_some()) {
        return None;
    }
    // A surname: "Theresa May's", "Mrs May".
    if !prev_ok && i > 0 && name_before(c, i) {
        return None;
    }
    // "May" the modal: "may" after a preposition is rare, but "in May be" is not a date.
    if m == 5
        && c.kind(i + 1) == Some(K::Alpha)
        && !c.cap(i + 1)
        && c.any(
            i + 1,
            &[
                "be", "have", "not", "also", "well", "never", "still", "help", "want", "need",
                "take", "make", "go", "come",
            ],
        )
    {
        return None;
    }
    // "March" the verb or noun: "march to", "the March on".
    if m == 3 && c.any(i + 1, &["on", "against", "for"]) && !poss && i > 0 && c.is(i - 1, "the") {
        return None;
    }
    let sem = if i > 0 && c.any(i - 1, &["every", "each"]) {
        out.push(cand(
            i - 1,
            j,
            Sem::Lit(format!("XXXX-{m:02}")),
            TimexType::Set,
        ));
        return Some(j);
    } else {
        // "from July to November 1917": the year written after the range.
        let mut y = None;
        if rel == Rel::None && (c.dash(j) || c.any(j, &["to", "and", "or", "until", "through"])) {
            if let Class::Month(_, ab2) = c.class(j + 1) {
                let k = after_month(c, j + 1, ab2);
                let k = if c.s(k) == "," { k + 1 } else { k };
                y = year_at(c, k);
            }
        }
        Sem::Month { y, m, rel }
    };
    if let (Rel::None, Some((n, k))) = (rel, rel_year(c, j)) {
        out.push(date(a, k, Sem::InYear(Box::new(sem), n)));
        return Some(k);
    }
    out.push(date(a, j, sem));
    Some(j)
}

/// "last year", "of next year", "this year" after a month or day: the
/// year offset and the index after.
fn rel_year(c: &Ctx<'_>, k: usize) -> Option<(i64, usize)> {
    let k = if c.is(k, "of") { k + 1 } else { k };
    if !c.is(k + 1, "year") {
        return None;
    }
    let n = if c.is(k, "last") {
        -1
    } else if c.is(k, "next") {
        1
    } else if c.is(k, "this") {
        0
    } else {
        return None;
    };
    Some((n, k + 2))
}

/// The word before `i` makes `i` part of a name: a title ("Mrs", "Dr.")
/// or a capitalised word that is not a temporal trigger.
fn name_before(c: &Ctx<'_>, i: usize) -> bool {
    const TITLES: &[&str] = &[
        "mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "prime", "minister",
    ];
    let p = if c.s(i - 1) == "." && i >= 2 {
        i - 2
    } else {
        i - 1
    };
    if c.lower_is_any(p, TITLES) {
        return true;
    }
    c.kind(i - 1) == Some(K::Alpha)
        && c.cap(i - 1)
        && c.class(i - 1) == Class::None
        && i >= 2
        && c.kind(i - 2) != Some(K::Punct)
}

fn is_count_noun(c: &Ctx<'_>, i: usize) -> bool {
    c.lower_is_any(i, COUNT_NOUNS)
}

// ---------------------------------------------------------------- weekdays

fn weekday_head(
    c: &Ctx<'_>,
    i: usize,
    wd: u32,
    plural: bool,
    min_a: usize,
    out: &mut Vec<Cand>,
) -> Option<usize> {
    if !c.cap(i) {
        return None;
    }
    if i > 0 && c.cap(i - 1) && c.lower_is_any(i - 1, WEEKDAY_NAMES_BEFORE) {
        return None;
    }
    if c.cap(i + 1) && c.lower_is_any(i + 1, WEEKDAY_NAMES_AFTER) && !c.is(i + 1, "night") {
        return None;
    }
    if i > 0
        && c.is(i - 1, "the")
        && c.cap(i + 1)
        && c.class(i + 1) == Class::None
        && c.kind(i + 1) == Some(K::Alpha)
    {
        return None;
    }
    if plural {
        let a = if i > min_a && c.any(i - 1, &["on", "every", "most", "some"]) && !c.is(i - 1, "on")
        {
            i - 1
        } else {
            i
        };
        out.push(cand(
            a,
            i + 1,
            Sem::Lit(format!("XXXX-WXX-{wd}")),
            TimexType::Set,
        ));
        return Some(i + 1);
    }
    if i > min_a && c.any(i - 1, &["every", "each"]) {
        let mut b = i + 1;
        let mut v = format!("XXXX-WXX-{wd}");
        if let Class::Pod(p) = c.class(b) {
            v.push('T');
            v.push_str(p);
            b += 1;
        }
        out.push(cand(i - 1, b, Sem::Lit(v), TimexType::Set));
        return Some(b);
    }
    // Weekday followed by a full date: the month/number parser takes both.
    let j = if c.s(i + 1) == "," { i + 2 } else { i + 1 };
    if let Class::Month(m, ab) = c.class(j) {
        if c.cap(j) && day_at(c, after_month(c, j, ab)).is_some() {
            let before = out.len();
            if let Some(k) = month_head(c, j, m, ab, i, out) {
                if out.len() > before {
                    out[before].a = out[before].a.min(i);
                    let a = lead_mods(c, i, min_a);
                    out[before].a = a;
                    return Some(k);
                }
            }
        }
    }
    if c.kind(j) == Some(K::Num) {
        let before = out.len();
        if let Some(k) = num_head(c, j, i, out) {
            if out.len() > before && matches!(out[before].sem, Sem::Day { .. }) {
                out[before].a = lead_mods(c, i, min_a);
                return Some(k);
            }
            out.truncate(before);
        }
    }
    let (rel, a) = rel_before(c, i, min_a);
    let a = lead_mods(c, a, min_a);
    // Range: "Monday to Wednesday", "Monday-Wednesday"
    if c.dash(i + 1)
        || c.any(i + 1, &["to", "through", "until", "thru"])
        || (c.is(i + 1, "and") && i > 0 && c.is(i - 1, "between"))
    {
        if let Class::Weekday(wd2, false) = c.class(i + 2) {
            if c.cap(i + 2) && rel == Rel::None {
                out.push(date(a, i + 3, Sem::WeekdayRange(wd, wd2)));
                return Some(i + 3);
            }
        }
    }
    let day = Sem::Weekday { wd, rel };
    if let Class::Pod(p) = c.class(i + 1) {
        out.push(cand(
            a,
            i + 2,
            Sem::Time(Some(Box::new(day)), Clock::Pod(p)),
            TimexType::Time,
        ));
        return Some(i + 2);
    }
    out.push(date(a, i + 1, day));
    Some(i + 1)
}

// ---------------------------------------------------------------- units

/// A quantity ending at word `j` (inclusive): its start and value
/// (`None` for vague quantities: "several", "a few").
enum Qty {
    N(String),
    X,
    Half,
}

fn qty_before(c: &Ctx<'_>, j: usize, min_a: usize) -> Option<(usize, Qty)> {
    if j < min_a || j >= c.len() {
        return None;
    }
    if c.kind(j) == Some(K::Num) {
        // decimals and thousands
        if j >= min_a + 2
            && c.adj(j)
            && matches!(c.s(j - 1), "." | ",")
            && c.adj(j - 1)
            && c.kind(j - 2) == Some(K::Num)
        {
            let s = if c.s(j - 1) == "." {
                format!("{}.{}", c.s(j - 2), c.s(j))
            } else {
                format!("{}{}", c.s(j - 2), c.s(j))
            };
            return Some((j - 2, Qty::N(s)));
        }
        if c.num_len(j) > 6 {
            return None;
        }
        let v: u64 = c.s(j).parse().ok()?;
        return Some((j, Qty::N(v.to_string())));
    }
    if let Some(v) = number_word(c.s(j)) {
        // twenty-five
        if j >= min_a + 2 && c.dash(j - 1) && c.adj(j) && c.adj(j - 1) {
            if let Some(t) = number_word(c.s(j - 2)) {
                if t >= 20 && t % 10 == 0 && v < 10 {
                    return Some((j - 2, Qty::N((t + v).to_string())));
                }
            }
        }
        if v == 12 && c.is(j, "dozen") {
            if j > min_a && c.is(j - 1, "a") {
                return Some((j - 1, Qty::N("12".into())));
            }
            return None;
        }
        if v == 100 {
            if j > min_a && c.any(j - 1, &["a", "one"]) {
                return Some((j - 1, Qty::N("100".into())));
            }
            return None;
        }
        return Some((j, Qty::N(v.to_string())));
    }
    if c.any(j, &["a", "an"]) {
        if j > min_a && c.is(j - 1, "half") {
            return Some((j - 1, Qty::Half));
        }
        return Some((j, Qty::N("1".into())));
    }
    if c.is(j, "few") {
        if j > min_a && c.is(j - 1, "a") {
            return Some((j - 1, Qty::X));
        }
        return Some((j, Qty::X));
    }
    if c.any(j, &["several", "many", "some"]) {
        return Some((j, Qty::X));
    }
    if c.is(j, "of")
        && j > min_a
        && c.any(
            j - 1,
            &["couple", "dozens", "hundreds", "thousands", "tens"],
        )
    {
        let mut a = j - 1;
        if a > min_a && c.is(a - 1, "a") {
            a -= 1;
        }
        return Some((a, Qty::X));
    }
    None
}

fn unit_code(u: Unit) -> (&'static str, &'static str, u32) {
    // (prefix, letter, multiplier)
    match u {
        Unit::Second => ("PT", "S", 1),
        Unit::Minute => ("PT", "M", 1),
        Unit::Hour => ("PT", "H", 1),
        Unit::Day => ("P", "D", 1),
        Unit::Week | Unit::Weekend => ("P", "W", 1),
        Unit::Fortnight => ("P", "W", 2),
        Unit::Month => ("P", "M", 1),
        Unit::Quarter => ("P", "M", 3),
        Unit::Year => ("P", "Y", 1),
        Unit::Decade => ("P", "Y", 10),
        Unit::Century => ("P", "Y", 100),
    }
}

fn duration(u: Unit, q: &Qty) -> String {
    let (p, l, mul) = unit_code(u);
    match q {
        Qty::X => match u {
            Unit::Decade => "P10XY".replace("10X", "X").replace('Y', "DE"),
            Unit::Century => "PXCE".into(),
            _ => format!("{p}X{l}"),
        },
        Qty::Half => match u {
            Unit::Hour => "PT30M".into(),
            Unit::Minute => "PT30S".into(),
            Unit::Day => "PT12H".into(),
            Unit::Week => "P3.5D".into(),
            Unit::Month => "P2W".into(),
            Unit::Year => "P6M".into(),
            Unit::Decade => "P5Y".into(),
            Unit::Century => "P50Y".into(),
            _ => format!("{p}0.5{l}"),
        },
        Qty::N(s) => {
            if mul == 1 {
                format!("{p}{s}{l}")
            } else if let Ok(v) = s.parse::<u64>() {
                format!("{p}{}{l}", v * u64::from(mul))
            } else {
                format!("{p}{s}{l}")
            }
        }
    }
}

fn qty_n(q: &Qty) -> Option<i64> {
    match q {
        Qty::N(s) => s.parse().ok(),
        _ => None,
    }
}

const DUR_MODS2: &[(&str, &str)] = &[
    ("less", "than"),
    ("more", "than"),
    ("at", "least"),
    ("up", "to"),
    ("no", "more"),
    ("fewer", "than"),
];

/// Duration modifiers before `a` ("almost", "less than"); new start.
fn dur_mods(c: &Ctx<'_>, a: usize, min_a: usize) -> usize {
    if a > min_a
        && c.any(
            a - 1,
            &["almost", "nearly", "roughly", "approximately", "under"],
        )
    {
        return a - 1;
    }
    if a >= min_a + 2 {
        for (x, y) in DUR_MODS2 {
            if c.is(a - 2, x) && c.is(a - 1, y) {
                return a - 2;
            }
        }
    }
    a
}

fn unit_head(
    c: &Ctx<'_>,
    i: usize,
    u: Unit,
    plural: bool,
    min_a: usize,
    out: &mut Vec<Cand>,
) -> Option<usize> {
    if u == Unit::Year && !plural && c.cap(i) && i > min_a && c.is(i - 1, "new") && c.cap(i - 1) {
        return kw_head(c, i, Kw::NewYear, min_a, out);
    }
    // ages: "22-year-old"
    if c.dash(i + 1) && c.adj(i + 1) && c.is(i + 2, "old") {
        return None;
    }
    if c.possessive(i + 1) && plural {
        // "five years' time" is fine; "years'" handled by the caller's span.
    }
    // Hyphenated adjective: "five-day", "90-day", "one-year"
    if i >= min_a + 2 && c.dash(i - 1) && c.adj(i) && c.adj(i - 1) {
        if let Some((a, q)) = qty_before(c, i - 2, min_a) {
            if !matches!(q, Qty::X) {
                if u == Unit::Quarter {
                    return None;
                }
                let a = dur_mods(c, a, min_a);
                out.push(lit(a, i + 1, duration(u, &q), TimexType::Duration));
                return Some(i + 1);
            }
        }
        // "first-quarter"
        if u == Unit::Quarter {
            if let Some(o) = ordinal_word(c.s(i - 2)) {
                if (1..=4).contains(&o) {
                    let a = if i >= min_a + 3 && c.is(i - 3, "the") {
                        i - 3
                    } else {
                        i - 2
                    };
                    let (y, b) = of_year(c, i + 1);
                    out.push(date(a, b, Sem::Quarter { y, q: o }));
                    return Some(b);
                }
            }
        }
        return None;
    }
    let b = i + 1;
    // Quantity before the unit.
    let mut j = i; // first word of the core
    let mut q = None;
    if i > min_a {
        if let Some((a, qq)) = qty_before(c, i - 1, min_a) {
            let singular_ok = matches!(qq, Qty::N(ref s) if s == "1") || matches!(qq, Qty::Half);
            if plural != singular_ok
                || matches!(qq, Qty::N(ref s) if s == "1") && !plural
                || (plural && matches!(qq, Qty::N(_) | Qty::X))
            {
                j = a;
                q = Some(qq);
            }
        }
    }
    // Number range "12 to 18 months": the first number is its own duration.
    if let Some(Qty::N(_)) = &q {
        if j >= min_a + 2
            && c.any(j - 1, &["to", "and", "or", "-", "–"])
            && c.kind(j - 2) == Some(K::Num)
            && (j < 3 || !c.adj(j - 2) || c.kind(j - 3) != Some(K::Punct))
        {
            let v = c.s(j - 2).to_string();
            out.push(lit(
                j - 2,
                j - 1,
                duration(u, &Qty::N(v)),
                TimexType::Duration,
            ));
        }
    }
    if let Some(qty) = q {
        // Quantity + unit.
        let is_one = matches!(qty, Qty::N(ref s) if s == "1");
        // "two days ago"
        if c.is(b, "ago") {
            let a = if j > min_a && c.any(j - 1, &["nearly", "almost"]) {
                j - 1
            } else {
                j
            };
            let sem = match qty_n(&qty) {
                Some(n) => Sem::RelUnit(u, -n),
                None => Sem::Lit("PAST_REF".into()),
            };
            out.push(date(a, b + 1, sem));
            return Some(b + 1);
        }
        if c.any(b, &["later", "earlier"])
            && !c.is(b + 1, "than")
            && matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Year)
        {
            if let Some(n) = qty_n(&qty) {
                let n = if c.is(b, "later") { n } else { -n };
                out.push(date(j, b + 1, Sem::Anchored(u, n)));
                return Some(b + 1);
            }
        }
        if c.is(b, "from") && c.is(b + 1, "now") {
            if let Some(n) = qty_n(&qty) {
                out.push(date(j, b + 2, Sem::RelUnit(u, n)));
                return Some(b + 2);
            }
        }
        // "every two weeks"
        if j > min_a && c.any(j - 1, &["every", "each"]) {
            out.push(lit(j - 1, b, duration(u, &qty), TimexType::Set));
            return Some(b);
        }
        // "twice a week", "three times a year", "$5 billion a year"
        if is_one && c.any(j, &["a", "an"]) && plural_free_set(c, j, min_a) {
            let mut a = j;
            if a > min_a && c.any(a - 1, &["once", "twice"]) {
                a -= 1;
            } else if a >= min_a + 2 && c.is(a - 1, "times") {
                a -= 2;
            }
            out.push(lit(a, b, duration(u, &qty), TimexType::Set));
            return Some(b);
        }
        // "the past two years", "the next few months", "the 90 years"
        let mut a = j;
        let verb_last = a >= 2
            && c.is(a - 1, "last")
            && c.any(
                a - 2,
                &[
                    "to", "will", "would", "could", "can", "may", "might", "should", "must", "not",
                    "did", "does", "do", "'ll",
                ],
            );
        if a > min_a
            && !verb_last
            && c.any(
                a - 1,
                &[
                    "past",
                    "last",
                    "next",
                    "coming",
                    "previous",
                    "following",
                    "first",
                    "final",
                    "recent",
                    "preceding",
                ],
            )
        {
            a -= 1;
            if a > min_a && c.is(a - 1, "the") {
                a -= 1;
            }
        } else if a > min_a && c.is(a - 1, "the") && !is_one {
            a -= 1;
        } else {
            a = dur_mods(c, a, min_a);
        }
        // "in two weeks" with future tense: a date.
        if a == j && j > min_a && c.is(j - 1, "in") && tense_at(c, j, b) == Tense::Future {
            if let Some(n) = qty_n(&qty) {
                if matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Year) {
                    out.push(date(j, b, Sem::RelUnit(u, n)));
                    return Some(b);
                }
            }
        }
        if u == Unit::Century && is_one {
            out.push(lit(a, b, "P100Y", TimexType::Duration));
            return Some(b);
        }
        if u == Unit::Quarter && !plural {
            return None;
        }
        if u == Unit::Weekend {
            return None;
        }
        let b = if plural
            && matches!(c.s(b), "'" | "’")
            && c.adj(b)
            && !c.adj(b + 1)
            && c.kind(b + 1) == Some(K::Alpha)
        {
            b + 1
        } else {
            b
        };
        out.push(lit(a, b, duration(u, &qty), TimexType::Duration));
        return Some(b);
    }
    // No quantity.
    // Ordinals: "the 20th century", "the third quarter", "the first day"
    if i > min_a {
        let o = if c.kind(i - 1) == Some(K::Alpha)
            && i >= 2
            && c.kind(i - 2) == Some(K::Num)
            && c.adj(i - 1)
            && c.any(i - 1, &["st", "nd", "rd", "th"])
        {
            c.num(i - 2).map(|v| (v, i - 2))
        } else {
            ordinal_word(c.s(i - 1)).map(|v| (v, i - 1))
        };
        if let Some((o, oa)) = o {
            let a = if oa > min_a && c.is(oa - 1, "the") {
                oa - 1
            } else {
                oa
            };
            match u {
                Unit::Century if (1..=30).contains(&o) => {
                    out.push(lit(oa, b, format!("{:02}", o - 1), TimexType::Date));
                    return Some(b);
                }
                Unit::Quarter if (1..=4).contains(&o) => {
                    let (y, b2) = of_year(c, b);
                    let a = if oa > min_a
                        && c.kind(oa - 1) == Some(K::Num)
                        && year_at(c, oa - 1).is_some()
                    {
                        oa - 1
                    } else {
                        a
                    };
                    let y = if a < oa && c.kind(a) == Some(K::Num) {
                        year_at(c, a)
                    } else {
                        y
                    };
                    out.push(date(a, b2, Sem::Quarter { y, q: o }));
                    return Some(b2);
                }
                _ => return None,
            }
        }
    }
    // Sets: "every day", "each week", "per year", "every other week"
    // Speeds and flows are not recurrences: "70 miles per hour".
    if i >= 2
        && c.any(i - 1, &["per", "an", "a"])
        && c.lower_is_any(
            i - 2,
            &[
                "miles",
                "kilometers",
                "kilometres",
                "km",
                "meters",
                "metres",
                "liters",
                "litres",
                "knots",
                "feet",
                "inches",
                "gallons",
                "mph",
            ],
        )
    {
        return None;
    }
    if i > min_a && c.any(i - 1, &["every", "each", "per"]) && !plural {
        let v = duration(u, &Qty::N("1".into()));
        out.push(lit(i - 1, b, v, TimexType::Set));
        return Some(b);
    }
    if i >= min_a + 2 && c.is(i - 1, "other") && c.is(i - 2, "every") && !plural {
        out.push(lit(
            i - 2,
            b,
            duration(u, &Qty::N("2".into())),
            TimexType::Set,
        ));
        return Some(b);
    }
    if plural {
        if u == Unit::Weekend {
            if i > min_a && c.any(i - 1, &["on", "at"]) {
                out.push(lit(i, b, "XXXX-WXX-WE", TimexType::Set));
                return Some(b);
            }
            return None;
        }
        if u == Unit::Quarter {
            return None;
        }
        // "recent weeks", "the coming days", "the past months", "for years"
        let vague = duration(u, &Qty::X);
        if i > min_a
            && c.any(
                i - 1,
                &[
                    "recent",
                    "coming",
                    "past",
                    "last",
                    "next",
                    "previous",
                    "following",
                    "ensuing",
                    "subsequent",
                ],
            )
        {
            let mut a = i - 1;
            if a > min_a && c.is(a - 1, "the") {
                a -= 1;
            }
            if c.is(i - 1, "last") && a == i - 1 {
                return None;
            }
            out.push(lit(a, b, vague, TimexType::Duration));
            return Some(b);
        }
        if i > min_a
            && c.any(
                i - 1,
                &[
                    "for", "in", "over", "within", "take", "takes", "took", "taking", "spend",
                    "spent", "lasted", "last", "than", "after", "wait", "waited",
                ],
            )
            && !c.is(b, "of")
            && !(c.is(i - 1, "in") && c.any(b, &["ago", "later"]))
        {
            out.push(lit(i, b, vague, TimexType::Duration));
            return Some(b);
        }
        return None;
    }
    // Singular unit with a modifier.
    // "this week", "last month", "next year", "this fiscal year", "this past week"
    let mut k = i;
    if u == Unit::Year
        && k > min_a
        && c.any(
            k - 1,
            &[
                "fiscal",
                "financial",
                "calendar",
                "school",
                "academic",
                "tax",
            ],
        )
    {
        k -= 1;
    }
    if k > min_a {
        let w = k - 1;
        let mut buf = [0u8; 24];
        let word = lower(c.s(w), &mut buf).to_string();
        let the = w > min_a && c.is(w - 1, "the");
        let over = {
            let p = if the {
                w.wrapping_sub(2)
            } else {
                w.wrapping_sub(1)
            };
            p < c.len()
                && p >= min_a
                && c.any(p, &["over", "for", "within", "during", "throughout", "in"])
        };
        let mut a = if the { w - 1 } else { w };
        let sem = match word.as_str() {
            "this" | "current" => Some(Sem::RelUnit(u, 0)),
            "last" if the && over && !c.is(w.wrapping_sub(2), "in") => {
                out.push(lit(
                    a,
                    b,
                    duration(u, &Qty::N("1".into())),
                    TimexType::Duration,
                ));
                return Some(b);
            }
            "last" => {
                if w > min_a && c.is(w - 1, "this") {
                    a = w - 1;
                }
                Some(Sem::RelUnit(u, -1))
            }
            "past" => {
                if w > min_a && c.is(w - 1, "this") {
                    a = w - 1;
                    Some(Sem::RelUnit(u, -1))
                } else {
                    out.push(lit(
                        a,
                        b,
                        duration(u, &Qty::N("1".into())),
                        TimexType::Duration,
                    ));
                    return Some(b);
                }
            }
            "next" | "coming" | "following" | "previous" | "preceding" if the && over => {
                out.push(lit(
                    a,
                    b,
                    duration(u, &Qty::N("1".into())),
                    TimexType::Duration,
                ));
                return Some(b);
            }
            "next" if !the => Some(Sem::RelUnit(u, 1)),
            "coming" => {
                if w > min_a && c.is(w - 1, "this") {
                    a = w - 1;
                }
                Some(Sem::RelUnit(u, 1))
            }
            "next" | "following" | "subsequent" => Some(Sem::Anchored(u, 1)),
            "previous" | "preceding" | "prior" => Some(Sem::Anchored(u, -1)),
            "same" if the => Some(Sem::Anchored(u, 0)),
            "that" if matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Year) => {
                Some(Sem::Anchored(u, 0))
            }
            "the" if u == Unit::Weekend => Some(Sem::Weekend),
            "the" if u == Unit::Day && c.is(b, "before") && c.is(b + 1, "yesterday") => {
                out.push(date(w, b + 2, Sem::RelDay(-2)));
                return Some(b + 2);
            }
            "the" if u == Unit::Day && c.is(b, "after") && c.is(b + 1, "tomorrow") => {
                out.push(date(w, b + 2, Sem::RelDay(2)));
                return Some(b + 2);
            }
            "the" if u == Unit::Day && c.any(b, &["before", "after"]) => {
                let n = if c.is(b, "before") { -1 } else { 1 };
                if c.kind(b + 1) == Some(K::Punct) || c.class(b + 1) != Class::None {
                    out.push(date(w, b + 1, Sem::Anchored(u, n)));
                    return Some(b + 1);
                }
                None
            }
            "the"
                if u == Unit::Year
                    && k == i
                    && w > min_a
                    && c.any(w - 1, &["of", "for", "during", "throughout"]) =>
            {
                Some(Sem::RelUnit(u, 0))
            }
            "a" | "an" | "one" => {
                // handled as quantity above; here only "a" before fiscal year etc.
                None
            }
            _ => None,
        };
        if let Some(sem) = sem {
            if matches!(u, Unit::Hour | Unit::Minute | Unit::Second) {
                return None;
            }
            if matches!(sem, Sem::Anchored(..)) && u == Unit::Quarter {
                return None;
            }
            let a = lead_mods(c, a, min_a);
            let sem = match (u, &sem) {
                (Unit::Weekend, Sem::RelUnit(_, n)) => Sem::RelUnit(Unit::Weekend, *n),
                _ => sem,
            };
            let kind = if let Class::Pod(_) = c.class(b) {
                TimexType::Date
            } else {
                TimexType::Date
            };
            out.push(cand(a, b, sem, kind));
            return Some(b);
        }
    }
    None
}

/// "of 2024", "of this year", "of last year" after a quarter.
fn of_year(c: &Ctx<'_>, b: usize) -> (Option<i32>, usize) {
    if c.is(b, "of") {
        if let Some(y) = year_at(c, b + 1) {
            return (Some(y), b + 2);
        }
    }
    if let Some(y) = year_at(c, b) {
        return (Some(y), b + 1);
    }
    (None, b)
}

/// "a" in "twice a week", "three times a day", "$5 billion a year".
fn plural_free_set(c: &Ctx<'_>, j: usize, _min_a: usize) -> bool {
    if j == 0 {
        return false;
    }
    let p = j - 1;
    matches!(c.class(p), Class::Unit(_, true))
        || c.any(p, &["once", "twice", "times", "thrice", "per"])
        || c.kind(p) == Some(K::Num)
        || c.any(
            p,
            &[
                "million", "billion", "trillion", "thousand", "hundred", "dollars", "euros",
                "percent", "each",
            ],
        )
}

// ---------------------------------------------------------------- seasons

const SEASON_PREPS: &[&str] = &[
    "this",
    "last",
    "next",
    "coming",
    "past",
    "early",
    "late",
    "the",
    "in",
    "during",
    "by",
    "until",
    "since",
    "over",
    "mid",
    "every",
    "each",
    "throughout",
];

fn season_head(c: &Ctx<'_>, i: usize, s: u32, min_a: usize, out: &mut Vec<Cand>) -> Option<usize> {
    let b = i + 1;
    // "summer 2023", "the summer of 2023"
    let (y, b) = if let Some(y) = year_at(c, b) {
        (Some(y), b + 1)
    } else if c.is(b, "of") && year_at(c, b + 1).is_some() {
        (year_at(c, b + 1), b + 2)
    } else {
        (None, b)
    };
    let is_fall = c.is(i, "fall");
    if y.is_none() {
        if i == 0 || !c.lower_is_any(i - 1, SEASON_PREPS) {
            return None;
        }
        if is_fall
            && !c.any(
                i - 1,
                &["this", "last", "next", "coming", "past", "early", "late"],
            )
        {
            return None;
        }
        if c.kind(b) == Some(K::Alpha)
            && !c.cap(b)
            && c.any(
                b,
                &[
                    "of",
                    "school",
                    "camp",
                    "break",
                    "holidays",
                    "holiday",
                    "season",
                    "session",
                    "olympics",
                    "games",
                    "collection",
                    "months",
                    "time",
                    "heat",
                    "weather",
                    "sun",
                    "job",
                    "jobs",
                    "festival",
                    "solstice",
                ],
            )
            && !c.is(b, "of")
        {
            return None;
        }
        if c.is(b, "of") {
            // "the fall of Rome", "the spring of discontent"
            return None;
        }
    }
    if i > min_a && c.any(i - 1, &["every", "each"]) {
        let code = ["SP", "SU", "FA", "WI"][s as usize];
        out.push(cand(
            i - 1,
            b,
            Sem::Lit(format!("XXXX-{code}")),
            TimexType::Set,
        ));
        return Some(b);
    }
    let (rel, a) = rel_before(c, i, min_a);
    let a = lead_mods(c, a, min_a);
    let a = if a == i && i > min_a && c.is(i - 1, "the") {
        i - 1
    } else {
        a
    };
    out.push(date(a, b, Sem::Season { y, s, rel }));
    Some(b)
}

// ---------------------------------------------------------------- parts of day

fn pod_head(
    c: &Ctx<'_>,
    i: usize,
    p: &'static str,
    min_a: usize,
    out: &mut Vec<Cand>,
) -> Option<usize> {
    if i == 0 || i <= min_a {
        return None;
    }
    let b = i + 1;
    if c.any(i - 1, &["every", "each"]) {
        out.push(lit(i - 1, b, format!("XXXX-XX-XXT{p}"), TimexType::Set));
        return Some(b);
    }
    let (day, a) = if c.is(i - 1, "this") {
        (Sem::RelDay(0), i - 1)
    } else if c.is(i - 1, "last") && p == "NI" {
        (Sem::RelDay(-1), i - 1)
    } else if c.any(i - 1, &["early", "late"]) && i >= 2 && c.is(i - 2, "this") {
        (Sem::RelDay(0), i - 2)
    } else {
        return None;
    };
    out.push(cand(
        a,
        b,
        Sem::Time(Some(Box::new(day)), Clock::Pod(p)),
        TimexType::Time,
    ));
    Some(b)
}

// ---------------------------------------------------------------- keywords

const FUNCTION_WORDS: &[&str] = &[
    "of", "is", "was", "will", "and", "or", "for", "as", "that", "with", "to", "in", "he", "she",
    "they", "we", "it", "i", "you", "but", "has", "have", "had", "would", "could", "may", "might",
    "are", "were", "looks", "lies", "holds", "remains", "depends", "at", "on", "if", "when",
];

fn kw_head(c: &Ctx<'_>, i: usize, k: Kw, min_a: usize, out: &mut Vec<Cand>) -> Option<usize> {
    let b = i + 1;
    match k {
        Kw::Today | Kw::Yesterday | Kw::Tomorrow => {
            let n = match k {
                Kw::Today => 0,
                Kw::Yesterday => -1,
                _ => 1,
            };
            if let Class::Pod(p) = c.class(b) {
                out.push(cand(
                    i,
                    b + 1,
                    Sem::Time(Some(Box::new(Sem::RelDay(n))), Clock::Pod(p)),
                    TimexType::Time,
                ));
                return Some(b + 1);
            }
            let a = lead_mods(c, i, min_a);
            out.push(date(a, b, Sem::RelDay(n)));
            Some(b)
        }
        Kw::Tonight => {
            out.push(cand(
                i,
                b,
                Sem::Time(Some(Box::new(Sem::RelDay(0))), Clock::Pod("NI")),
                TimexType::Time,
            ));
            Some(b)
        }
        Kw::Now | Kw::Currently | Kw::Nowadays => {
            if k == Kw::Now && c.dash(b) && c.adj(b) {
                // "now-defunct"
                return None;
            }
            out.push(lit(i, b, "PRESENT_REF", TimexType::Date));
            Some(b)
        }
        Kw::Recently => {
            out.push(lit(i, b, "PAST_REF", TimexType::Date));
            Some(b)
        }
        Kw::Present => {
            if i > min_a && c.is(i - 1, "at") {
                out.push(lit(i - 1, b, "PRESENT_REF", TimexType::Date));
                return Some(b);
            }
            if i > min_a
                && c.is(i - 1, "the")
                && (c.kind(b) != Some(K::Alpha) || c.lower_is_any(b, FUNCTION_WORDS))
                && !c.is(b, "of")
            {
                out.push(lit(i - 1, b, "PRESENT_REF", TimexType::Date));
                return Some(b);
            }
            None
        }
        Kw::Past | Kw::Future => {
            if i <= min_a {
                return None;
            }
            let mut a = i - 1;
            let adjs: &[&str] = if k == Kw::Future {
                &["near", "foreseeable", "distant", "immediate"]
            } else {
                &["recent", "distant"]
            };
            if c.any(a, adjs) && a > min_a && c.is(a - 1, "the") {
                a -= 1;
            } else if !c.is(a, "the") {
                return None;
            }
            if c.kind(b) == Some(K::Num)
                || c.class(b) != Class::None
                || number_word(c.s(b)).is_some()
                || c.any(b, &["few", "several", "couple", "many", "dozen"])
                || (k == Kw::Future
                    && c.kind(b) == Some(K::Alpha)
                    && !c.lower_is_any(b, FUNCTION_WORDS))
            {
                return None;
            }
            if k == Kw::Future && c.is(b, "of") {
                // "the future of the country" is still the future.
            }
            let v = if k == Kw::Past {
                "PAST_REF"
            } else {
                "FUTURE_REF"
            };
            out.push(lit(a, b, v, TimexType::Date));
            Some(b)
        }
        Kw::Daily | Kw::Weekly | Kw::Monthly | Kw::Annually | Kw::Hourly | Kw::Nightly => {
            if c.cap(i) && i > 0 && (c.is(i - 1, "the") || c.cap(b)) {
                return None;
            }
            if c.cap(i) && (c.cap(b) || (i > 0 && c.cap(i - 1) && c.kind(i - 1) == Some(K::Alpha)))
            {
                return None;
            }
            let v = match k {
                Kw::Daily => "P1D",
                Kw::Weekly => "P1W",
                Kw::Monthly => "P1M",
                Kw::Annually => "P1Y",
                Kw::Hourly => "PT1H",
                _ => "XXXX-XX-XXTNI",
            };
            out.push(lit(i, b, v, TimexType::Set));
            Some(b)
        }
        Kw::Christmas => {
            let (d, b) = if c.is(b, "eve") {
                (24, b + 1)
            } else if c.is(b, "day") {
                (25, b + 1)
            } else {
                (25, b)
            };
            let a = if i > min_a && c.any(i - 1, &["every", "each"]) {
                i - 1
            } else {
                i
            };
            if a < i {
                out.push(lit(a, b, format!("XXXX-12-{d}"), TimexType::Set));
                return Some(b);
            }
            let (y, b) = opt_year(c, b);
            let (rel, a) = rel_before(c, i, min_a);
            let sem = Sem::Day { y, m: 12, d };
            let sem = match rel {
                Rel::Last => Sem::InYear(Box::new(sem), -1),
                Rel::Next => Sem::InYear(Box::new(sem), 1),
                Rel::This => Sem::InYear(Box::new(sem), 0),
                Rel::None => sem,
            };
            out.push(date(a, b, sem));
            Some(b)
        }
        Kw::NewYear => {
            // "New Year's Day", "New Year's Eve", "New Year"
            if i == 0 || !c.is(i - 1, "new") || !c.cap(i - 1) {
                return None;
            }
            let mut k = b;
            if c.possessive(k) {
                k += 2;
            } else if matches!(c.s(k), "'" | "’") && c.adj(k) {
                k += 1;
            }
            let (m, d, k) = if c.is(k, "eve") {
                (12, 31, k + 1)
            } else if c.is(k, "day") {
                (1, 1, k + 1)
            } else {
                return None;
            };
            let (y, k) = opt_year(c, k);
            out.push(date(i - 1, k, Sem::Day { y, m, d }));
            Some(k)
        }
        Kw::Noon | Kw::Midnight => {
            let (h, m) = if k == Kw::Noon { (12, 0) } else { (24, 0) };
            Some(time_cand(c, i, b, h, m, out))
        }
    }
}
