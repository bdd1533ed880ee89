//! Normalisation: from a [`Sem`] and its anchors to an ISO 8601 / TimeML
//! value.

use super::calendar::{year_str, Date};
use super::grammar::{Clock, Rel, Sem};
use super::lexicon::Unit;
use super::tense::Tense;

/// The anchors an expression may be resolved against.
#[derive(Debug, Clone, Copy)]
pub struct Anchors {
    /// Publication date.
    pub dct: Option<Date>,
    /// The day in focus (last day-level date of the paragraph).
    pub focus: Option<Date>,
    /// The year in focus (last year or date written in the paragraph).
    pub focus_year: Option<i32>,
    /// A year given earlier in the same sentence.
    pub year: Option<i32>,
}

/// A resolved value.
#[derive(Debug, Clone)]
pub struct Value {
    /// The value.
    pub value: String,
    /// The day it denotes, when it is one day.
    pub day: Option<Date>,
    /// Whether the focus anchor (or the sentence's year) was used.
    pub used_focus: bool,
}

fn v(value: String, day: Option<Date>) -> Value {
    Value {
        value,
        day,
        used_focus: false,
    }
}

/// The year for day `m`/`d` when the text gives none.
fn guess_year(m: u32, d: u32, tense: Tense, dct: Date) -> i32 {
    let y = dct.y;
    let Some(cand) = Date::new(y, m, d).or_else(|| Date::new(y, m, 28)) else {
        return y;
    };
    let diff = cand.days() - dct.days();
    match tense {
        Tense::Past if diff > 7 => y - 1,
        Tense::Future if diff < -7 => y + 1,
        Tense::None if diff > 300 => y - 1,
        Tense::None if diff < -300 => y + 1,
        _ => y,
    }
}

fn month_year(m: u32, rel: Rel, tense: Tense, dct: Date) -> i32 {
    let y = dct.y;
    match rel {
        Rel::Last => {
            if m < dct.m {
                y
            } else {
                y - 1
            }
        }
        Rel::Next => {
            if m > dct.m {
                y
            } else {
                y + 1
            }
        }
        Rel::This => y,
        Rel::None => match tense {
            Tense::Past if m > dct.m => y - 1,
            Tense::Future if m < dct.m => y + 1,
            Tense::None if m > dct.m + 10 => y - 1,
            Tense::None if m + 10 < dct.m => y + 1,
            _ => y,
        },
    }
}

/// The season a month falls in; January and February belong to the
/// winter that began the year before (-1, before this year's spring).
fn season_of(m: u32) -> i32 {
    match m {
        1 | 2 => -1,
        3..=5 => 0,
        6..=8 => 1,
        9..=11 => 2,
        _ => 3,
    }
}

const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

fn weekday_date(wd: u32, rel: Rel, tense: Tense, dct: Date) -> Date {
    let w0 = dct.weekday() as i64;
    let wd = wd as i64;
    let back = (w0 - wd).rem_euclid(7);
    let fwd = (wd - w0).rem_euclid(7);
    let past = |strict: bool| dct.add_days(-(if strict && back == 0 { 7 } else { back }));
    let future = |strict: bool| dct.add_days(if strict && fwd == 0 { 7 } else { fwd });
    match rel {
        Rel::Last => past(true),
        Rel::Next => future(true),
        Rel::This => {
            if tense == Tense::Past {
                past(false)
            } else {
                future(false)
            }
        }
        Rel::None => {
            if tense == Tense::Future {
                future(false)
            } else {
                past(false)
            }
        }
    }
}

fn unit_value(u: Unit, n: i64, base: Date) -> (String, Option<Date>) {
    match u {
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
            let d = base.add_days(n);
            (d.day_value(), Some(d))
        }
        Unit::Week => (base.add_days(7 * n).week_value(), None),
        Unit::Fortnight => (base.add_days(14 * n).week_value(), None),
        Unit::Weekend => (format!("{}-WE", base.add_days(7 * n).week_value()), None),
        Unit::Month => {
            let (y, m) = base.add_months(n);
            (format!("{}-{:02}", year_str(y), m), None)
        }
        Unit::Quarter => {
            let idx = i64::from(base.y) * 4 + i64::from((base.m - 1) / 3) + n;
            (
                format!(
                    "{}-Q{}",
                    year_str(idx.div_euclid(4) as i32),
                    idx.rem_euclid(4) + 1
                ),
                None,
            )
        }
        Unit::Year => (year_str(base.y + n as i32), None),
        Unit::Decade => (format!("{:03}", (i64::from(base.y) / 10 + n).max(0)), None),
        Unit::Century => (format!("{:02}", (i64::from(base.y) / 100 + n).max(0)), None),
    }
}

fn unit_unknown(u: Unit) -> &'static str {
    match u {
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => "XXXX-XX-XX",
        Unit::Week | Unit::Fortnight => "XXXX-WXX",
        Unit::Weekend => "XXXX-WXX-WE",
        Unit::Month => "XXXX-XX",
        Unit::Quarter => "XXXX-QX",
        Unit::Year => "XXXX",
        Unit::Decade => "XXX",
        Unit::Century => "XX",
    }
}

fn ymd(y: Option<i32>, m: u32, d: u32) -> (String, Option<Date>) {
    match y {
        Some(y) => (
            format!("{}-{:02}-{:02}", year_str(y), m, d),
            Date::new(y, m, d),
        ),
        None => (format!("XXXX-{m:02}-{d:02}"), None),
    }
}

/// Resolves `sem` in a clause of tense `tense`.
pub fn resolve(sem: &Sem, tense: Tense, an: Anchors) -> Value {
    let dct = an.dct;
    match sem {
        Sem::Lit(s) => v(s.clone(), None),
        Sem::Day { y, m, d } => {
            let mut used = false;
            let y = y.or_else(|| {
                if let Some(y) = an.year {
                    used = true;
                    return Some(y);
                }
                // "February 29" in a year without one: which leap year the
                // text means is unknown, so the year stays open.
                dct.map(|dct| guess_year(*m, *d, tense, dct))
                    .filter(|&y| Date::new(y, *m, *d).is_some())
            });
            let (s, day) = ymd(y, *m, *d);
            Value {
                value: s,
                day,
                used_focus: used,
            }
        }
        Sem::Range { y, m1, d1, m2, d2 } => {
            let y1 = y
                .or(an.year)
                .or_else(|| dct.map(|dct| guess_year(*m1, *d1, tense, dct)));
            let y2 = y1.map(|y| if m2 < m1 { y + 1 } else { y });
            let (a, _) = ymd(y1, *m1, *d1);
            let (b, _) = ymd(y2, *m2, *d2);
            v(format!("{a}/{b}"), None)
        }
        Sem::Month { y, m, rel } => match (y, dct) {
            (Some(y), _) => v(format!("{}-{m:02}", year_str(*y)), None),
            (None, Some(dct)) => v(
                format!("{}-{m:02}", year_str(month_year(*m, *rel, tense, dct))),
                None,
            ),
            (None, None) => v(format!("XXXX-{m:02}"), None),
        },
        Sem::Season { y, s, rel } => {
            let code = SEASONS[*s as usize];
            let y = match (y, dct) {
                (Some(y), _) => Some(*y),
                (None, Some(dct)) => {
                    let cur = season_of(dct.m);
                    let s = &(*s as i32);
                    let wy = if cur == -1 && *s == 3 {
                        dct.y - 1
                    } else {
                        dct.y
                    };
                    Some(match rel {
                        Rel::Last => {
                            if *s < cur {
                                dct.y
                            } else {
                                dct.y - 1
                            }
                        }
                        Rel::Next => {
                            if *s > cur {
                                dct.y
                            } else {
                                dct.y + 1
                            }
                        }
                        Rel::This => wy,
                        Rel::None => match tense {
                            Tense::Past if *s > cur => dct.y - 1,
                            Tense::Future if *s < cur => dct.y + 1,
                            _ => wy,
                        },
                    })
                }
                (None, None) => None,
            };
            match y {
                Some(y) => v(format!("{}-{code}", year_str(y)), None),
                None => v(format!("XXXX-{code}"), None),
            }
        }
        Sem::Weekday { wd, rel } => match dct {
            Some(dct) => {
                let d = weekday_date(*wd, *rel, tense, dct);
                v(d.day_value(), Some(d))
            }
            None => v(format!("XXXX-WXX-{wd}"), None),
        },
        Sem::WeekdayRange(a, b) => match dct {
            Some(dct) => {
                let d1 = weekday_date(*a, Rel::None, tense, dct);
                let d2 = d1.add_days((i64::from(*b) - i64::from(*a)).rem_euclid(7));
                v(format!("{}/{}", d1.day_value(), d2.day_value()), None)
            }
            None => v(format!("XXXX-WXX-{a}/XXXX-WXX-{b}"), None),
        },
        Sem::RelDay(n) => match dct {
            Some(dct) => {
                let d = dct.add_days(*n);
                v(d.day_value(), Some(d))
            }
            None => v("XXXX-XX-XX".into(), None),
        },
        Sem::RelUnit(u, n) => match dct {
            Some(dct) => {
                let (s, d) = unit_value(*u, *n, dct);
                v(s, d)
            }
            None => v(unit_unknown(*u).into(), None),
        },
        Sem::Anchored(Unit::Year, n) if an.focus_year.is_some() => Value {
            value: year_str(an.focus_year.unwrap_or(0) + *n as i32),
            day: None,
            used_focus: true,
        },
        Sem::Anchored(u, n) => {
            let (base, used) = match (an.focus, dct) {
                (Some(f), _) => (Some(f), true),
                (None, d) => (d, false),
            };
            match base {
                Some(b) => {
                    let (s, d) = unit_value(*u, *n, b);
                    Value {
                        value: s,
                        day: d,
                        used_focus: used,
                    }
                }
                None => v(unit_unknown(*u).into(), None),
            }
        }
        Sem::Quarter { y, q } => {
            let y = y.or_else(|| {
                dct.map(|dct| {
                    let cur = (dct.m - 1) / 3 + 1;
                    if tense == Tense::Past && *q > cur {
                        dct.y - 1
                    } else {
                        dct.y
                    }
                })
            });
            match y {
                Some(y) => v(format!("{}-Q{q}", year_str(y)), None),
                None => v(format!("XXXX-Q{q}"), None),
            }
        }
        Sem::Weekend => match dct {
            Some(dct) => {
                let wd = dct.weekday();
                let base = if tense == Tense::Future || wd >= 6 {
                    dct
                } else {
                    dct.add_days(-7)
                };
                v(format!("{}-WE", base.week_value()), None)
            }
            None => v("XXXX-WXX-WE".into(), None),
        },
        Sem::InYear(inner, n) => match dct {
            Some(dct) => {
                let y = Some(dct.y + *n as i32);
                let inner = match &**inner {
                    Sem::Day { m, d, .. } => Sem::Day { y, m: *m, d: *d },
                    Sem::Month { m, .. } => Sem::Month {
                        y,
                        m: *m,
                        rel: Rel::None,
                    },
                    other => other.clone(),
                };
                resolve(&inner, tense, an)
            }
            None => resolve(inner, tense, Anchors { dct: None, ..an }),
        },
        Sem::Time(day, clock) => {
            let (dv, used, on) = match day {
                Some(s) => {
                    let r = resolve(s, tense, an);
                    (r.value, r.used_focus, r.day)
                }
                None => match (an.focus, dct) {
                    (Some(f), _) => (f.day_value(), true, Some(f)),
                    (None, Some(d)) => (d.day_value(), false, Some(d)),
                    (None, None) => ("XXXX-XX-XX".into(), false, None),
                },
            };
            let t = match clock {
                Clock::Hm(h, m) => format!("{h:02}:{m:02}"),
                Clock::Pod(p) => (*p).to_string(),
            };
            Value {
                value: format!("{dv}T{t}"),
                day: on,
                used_focus: used,
            }
        }
    }
}
