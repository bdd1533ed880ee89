//! Choosing the GeoNames entry a place name refers to.

use super::gazetteer::{Gazetteer, Sense};
use super::hash::{FxMap as HashMap, FxSet as HashSet};
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
    /// States and provinces named in the document (country, admin1 code).
    pub states: HashSet<(u16, String)>,
    /// The places the document names, each read without context (its most
    /// prominent sense), with that sense's country.
    pub places: HashMap<u32, u16>,
    /// How many of `places` lie in each country.
    pub places_per_country: HashMap<u16, usize>,
    /// `places` by grid cell, to find those near a point.
    grid: HashMap<Cell, Vec<(u32, f64, f64)>>,
}

/// A grid cell: latitude and longitude divided by CELL_DEGREES.
type Cell = (i32, i32);

/// Grid cells of this many degrees; places within NEAR_KM of a point lie
/// in its cell or the eight around it (away from the poles).
const CELL_DEGREES: f64 = 4.0;
const NEAR_KM: f64 = 400.0;

fn cell(lat: f64, lon: f64) -> Cell {
    (
        (lat / CELL_DEGREES).floor() as i32,
        (lon / CELL_DEGREES).floor() as i32,
    )
}

impl GeoContext {
    /// Records a place the document names, read without context.
    pub fn add_place(&mut self, g: &Gazetteer, place: u32, country: u16) {
        if self.places.insert(place, country).is_none() {
            *self.places_per_country.entry(country).or_default() += 1;
            let p = &g.places[place as usize];
            self.grid
                .entry(cell(p.lat, p.lon))
                .or_default()
                .push((place, p.lat, p.lon));
        }
    }

    /// Whether another place the document names lies within NEAR_KM of
    /// `place` ("Athens" among Atlanta and Macon is Athens, Georgia).
    pub fn has_neighbour(&self, g: &Gazetteer, place: u32) -> bool {
        let p = &g.places[place as usize];
        let (r, c) = cell(p.lat, p.lon);
        (r - 1..=r + 1).any(|r| {
            (c - 1..=c + 1).any(|c| {
                self.grid.get(&(r, c)).is_some_and(|v| {
                    v.iter().any(|&(o, lat, lon)| {
                        o != place
                            && g.places[o as usize].name != p.name
                            && distance_km((p.lat, p.lon), (lat, lon)) <= NEAR_KM
                    })
                })
            })
        })
    }

    /// The one country all the document's other places (at least two)
    /// lie in, if there is one: `own` is the toponym's own reading, left
    /// out of the count.
    pub fn consensus(&self, own: Option<u32>) -> Option<u16> {
        let own_country = own.and_then(|p| self.places.get(&p).copied());
        let others = self.places.len() - usize::from(own_country.is_some());
        if others < 2 {
            return None;
        }
        self.places_per_country
            .iter()
            .find(|&(&c, &n)| n - usize::from(own_country == Some(c)) == others)
            .map(|(&c, _)| c)
    }
}

/// How prominent a place is without context: population (log), a main
/// name over an alternate, a national capital, a city of a million.
/// A well-known city keeps its sense against a town of the same name
/// unless the text names the town's state or country next to it, or all
/// the article's other places lie in the town's country.
fn prominence(g: &Gazetteer, i: u32, primary: bool) -> f64 {
    let p = &g.places[i as usize];
    let mut sc = match p.feature.as_str() {
        "ADM1" => 6.0,
        "CONT" => 9.0,
        _ => ((p.population + 1) as f64).log10(),
    };
    if primary {
        sc += 3.0;
    }
    let capital = g.capitals.contains(&i);
    if capital {
        sc += 2.0;
    }
    if capital || p.population >= 1_000_000 {
        sc += 2.0;
    }
    sc
}

/// The most prominent place sense, read without context.
pub fn most_prominent(g: &Gazetteer, senses: &[Sense]) -> Option<u32> {
    senses
        .iter()
        .filter_map(|s| match *s {
            Sense::Place(i, primary) => Some((prominence(g, i, primary), i)),
            _ => None,
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, i)| i)
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
    let consensus = ctx.consensus(most_prominent(g, senses));
    for s in senses {
        let (score, choice) = match *s {
            Sense::Country(c) => {
                // above a capital of the same name ("Singapore", "Kuwait")
                let mut sc = 14.0;
                if ctx.countries.contains(&c) {
                    sc += 1.0;
                }
                (sc, Choice::Country(c))
            }
            // "Irish", "German": the country, below a country's own name
            Sense::Demonym(c) => (13.0, Choice::Country(c)),
            Sense::Place(i, primary) => {
                let p = &g.places[i as usize];
                let mut sc = prominence(g, i, primary);
                if let Some(c) = p.country {
                    // A country named anywhere ("U.S. Secretary") is a weak
                    // cue; all the other places in one country a stronger one.
                    if ctx.countries.contains(&c) {
                        sc += 2.5;
                    }
                    if consensus == Some(c) {
                        sc += 1.5;
                    }
                    if ctx.has_neighbour(g, i) {
                        sc += 4.0;
                    }
                    if p.feature != "ADM1" && ctx.states.contains(&(c, p.admin1.clone())) {
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
