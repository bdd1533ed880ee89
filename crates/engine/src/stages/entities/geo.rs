//! Choosing the GeoNames entry a place name refers to.

use super::gazetteer::{Gazetteer, Sense};
use super::hash::FxSet as HashSet;
use attache_doc::Geo;

/// What a toponym was resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// A country of the country table.
    Country(u16),
    /// A place of the place table.
    Place(u32),
}

/// Document-wide context for resolving toponyms.
#[derive(Debug, Default, Clone)]
pub struct GeoContext {
    /// Countries named in the document (by name, demonym or a sure place).
    pub countries: HashSet<u16>,
    /// US states named in the document (admin1 codes).
    pub us_states: HashSet<String>,
}

/// A qualifier after a comma: "Caracas, Venezuela", "Paris, Texas".
#[derive(Debug, Clone, Copy, Default)]
pub struct Qualifier<'a> {
    /// The senses of the qualifying name.
    pub senses: Option<&'a [Sense]>,
    /// The senses of a name just before, that this one may contain
    /// ("Atlanta, Georgia": Georgia contains Atlanta).
    pub inner: Option<&'a [Sense]>,
}

fn contains(g: &Gazetteer, outer: Choice, inner: &[Sense]) -> bool {
    inner.iter().any(|s| match *s {
        Sense::Place(i, _) => {
            let p = &g.places[i as usize];
            match outer {
                Choice::Country(c) => p.country == Some(c),
                Choice::Place(o) => {
                    let o = &g.places[o as usize];
                    o.feature == "ADM1"
                        && o.iso3 == p.iso3
                        && o.admin1 == p.admin1
                        && p.feature != "ADM1"
                }
            }
        }
        _ => false,
    })
}

fn qualifies(g: &Gazetteer, q: &[Sense], place: u32) -> bool {
    let p = &g.places[place as usize];
    q.iter().any(|s| match *s {
        Sense::Country(c) => p.country == Some(c),
        Sense::Place(i, _) => {
            let s = &g.places[i as usize];
            s.feature == "ADM1" && s.iso3 == p.iso3 && s.admin1 == p.admin1 && i != place
        }
        _ => false,
    })
}

/// Picks the best reading of a toponym among its senses.
pub fn choose(
    g: &Gazetteer,
    senses: &[Sense],
    ctx: &GeoContext,
    q: Qualifier<'_>,
) -> Option<Choice> {
    let mut best: Option<(f64, Choice)> = None;
    let usa = g.country_by_iso3.get("USA").copied();
    for s in senses {
        let (score, choice) = match *s {
            Sense::Country(c) => {
                let mut sc = 12.0;
                if ctx.countries.contains(&c) {
                    sc += 1.0;
                }
                (sc, Choice::Country(c))
            }
            // "Irish", "German": the country, below a country's own name
            Sense::Demonym(c) => (11.0, Choice::Country(c)),
            Sense::Place(i, primary) => {
                let p = &g.places[i as usize];
                let mut sc = match p.feature.as_str() {
                    "ADM1" => 6.0,
                    "CONT" => 9.0,
                    _ => ((p.population + 1) as f64).log10(),
                };
                if primary {
                    sc += 3.0;
                }
                if g.capitals.contains(&i) {
                    sc += 2.0;
                }
                if let Some(c) = p.country {
                    if ctx.countries.contains(&c) {
                        sc += 4.0;
                    }
                    if Some(c) == usa && p.feature != "ADM1" && ctx.us_states.contains(&p.admin1) {
                        sc += 4.0;
                    }
                }
                if let Some(qs) = q.senses {
                    if qualifies(g, qs, i) {
                        sc += 12.0;
                    } else {
                        sc -= 4.0;
                    }
                }
                (sc, Choice::Place(i))
            }
            _ => continue,
        };
        let mut score = score;
        if let Some(inner) = q.inner {
            if contains(g, choice, inner) {
                score += 10.0;
            }
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, choice));
        }
    }
    best.map(|b| b.1)
}

/// The `Geo` record of a choice.
pub fn geo_of(g: &Gazetteer, c: Choice) -> Geo {
    match c {
        Choice::Country(c) => {
            let k = &g.countries[c as usize];
            Geo {
                lat: k.lat,
                lon: k.lon,
                geonames_id: k.geonames_id,
                country: Some(k.iso3.clone()),
                feature: Some("PCLI".to_string()),
            }
        }
        Choice::Place(i) => {
            let p = &g.places[i as usize];
            Geo {
                lat: p.lat,
                lon: p.lon,
                geonames_id: Some(p.id),
                country: (!p.iso3.is_empty()).then(|| p.iso3.clone()),
                feature: Some(p.feature.clone()),
            }
        }
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6371.0;
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_texas_and_paris() {
        let g = Gazetteer::load();
        let paris = &g.names["paris"];
        let ctx = GeoContext::default();
        let Some(Choice::Place(p)) = choose(&g, paris, &ctx, Qualifier::default()) else {
            panic!()
        };
        assert_eq!(g.places[p as usize].iso3, "FRA");
        let texas = &g.names["texas"];
        let q = Qualifier {
            senses: Some(texas),
            inner: None,
        };
        let Some(Choice::Place(p)) = choose(&g, paris, &ctx, q) else {
            panic!()
        };
        assert_eq!(g.places[p as usize].admin1, "TX");
    }

    #[test]
    fn distances() {
        let d = distance_km((55.75, 37.62), (59.94, 30.31));
        assert!((d - 634.0).abs() < 10.0, "{d}");
    }
}
