//! The entity dictionaries, embedded in the binary and parsed once.

use super::fold::{fold_key, fold_str};
use super::hash::{FxMap as HashMap, FxSet as HashSet};

const COUNTRIES: &str = include_str!("../../../data/entities/countries.tsv");
const PLACES: &str = include_str!("../../../data/entities/places.tsv");
const ADMIN1: &str = include_str!("../../../data/entities/admin1.tsv");
const ORGS: &str = include_str!("../../../data/entities/orgs.tsv");
const PEOPLE: &str = include_str!("../../../data/entities/people.tsv");
const ROLES: &str = include_str!("../../../data/entities/roles.tsv");
const SECTORS: &str = include_str!("../../../data/entities/sectors.tsv");
const FIRST_NAMES: &str = include_str!("../../../data/entities/first_names.tsv");
const COMMON: &str = include_str!("../../../data/entities/common_words.txt");
const ENGLISH: &str = include_str!("../../../data/entities/english_words.txt");

/// Grammatical gender of a person, as far as names and titles tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Male.
    M,
    /// Female.
    F,
}

fn gender(s: &str) -> Option<Gender> {
    match s {
        "m" => Some(Gender::M),
        "f" => Some(Gender::F),
        _ => None,
    }
}

/// A country.
#[derive(Debug, Clone)]
pub struct Country {
    pub iso3: String,
    pub cameo: String,
    pub name: String,
    /// The first demonym ("Russian"), or the name when there is none.
    pub demonym: String,
    pub lat: f64,
    pub lon: f64,
    pub geonames_id: Option<u64>,
}

/// A GeoNames place.
#[derive(Debug, Clone)]
pub struct Place {
    pub id: u64,
    pub name: String,
    /// Index into `countries`, when the country is one of ours.
    pub country: Option<u16>,
    pub iso3: String,
    pub feature: String,
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// An organisation or a named region.
#[derive(Debug, Clone)]
pub struct Org {
    pub name: String,
    /// "ORG", "LOC", ...
    pub kind: String,
    /// ISO3, empty, or "*" (from context).
    pub country: String,
    pub code: String,
}

/// One office of a person.
#[derive(Debug, Clone)]
pub struct Office {
    pub country: String,
    pub code: String,
    pub role: String,
    pub from: String,
    pub to: String,
}

/// A person of the people list.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub gender: Option<Gender>,
    pub offices: Vec<Office>,
}

/// A role word ("foreign minister").
#[derive(Debug, Clone)]
pub struct Role {
    pub code: String,
    pub role: String,
    pub gender: Option<Gender>,
    /// "title", "noun", "group", "honorific".
    pub kind: String,
    /// A group noun that names an actor with no country before it
    /// ("Protesters gathered").
    pub alone: bool,
}

/// What a name key can mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// A country by its name.
    Country(u16),
    /// A demonym or adjective of a country.
    Demonym(u16),
    /// A place; `true` when the key is its main (or ASCII) name.
    Place(u32, bool),
    /// An organisation or region; `true` when the key must match in capitals.
    Org(u16, bool),
    /// A person by full name or alias.
    Person(u16),
    /// A person by surname alone.
    Surname(u16),
}

/// All dictionaries.
#[derive(Debug)]
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub places: Vec<Place>,
    pub orgs: Vec<Org>,
    pub people: Vec<Person>,
    pub roles: Vec<Role>,
    pub names: HashMap<String, Vec<Sense>>,
    pub role_keys: HashMap<String, u16>,
    /// First words of role keys.
    pub role_first: HashSet<String>,
    /// Proper prefixes of multi-word keys of `names` and `role_keys`.
    pub prefixes: HashSet<String>,
    pub first_names: HashMap<String, Gender>,
    pub common: HashSet<String>,
    /// Lower-case English vocabulary.
    pub english: HashSet<String>,
    pub country_by_iso3: HashMap<String, u16>,
    /// Place index of each country's capital.
    pub capitals: HashSet<u32>,
    pub max_words: usize,
    /// Alternate names of towns under 50,000, built on first use (by
    /// toponym resolution only; the scanner does not use them).
    small_alternates: std::sync::OnceLock<HashMap<String, Vec<Sense>>>,
}

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
}

fn col<'a>(r: &[&'a str], i: usize) -> &'a str {
    r.get(i).copied().unwrap_or("").trim()
}

fn alts(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|a| !a.is_empty())
}

impl Gazetteer {
    /// Parses the embedded tables.
    pub fn load() -> Gazetteer {
        let mut g = Gazetteer {
            countries: Vec::new(),
            places: Vec::new(),
            orgs: Vec::new(),
            people: Vec::new(),
            roles: Vec::new(),
            names: HashMap::with_capacity_and_hasher(150_000, Default::default()),
            role_keys: HashMap::default(),
            role_first: HashSet::default(),
            prefixes: HashSet::with_capacity_and_hasher(60_000, Default::default()),
            first_names: HashMap::default(),
            common: HashSet::default(),
            english: HashSet::default(),
            country_by_iso3: HashMap::default(),
            capitals: HashSet::default(),
            max_words: 1,
            small_alternates: std::sync::OnceLock::new(),
        };
        // countries
        let mut demonyms = Vec::new();
        for r in rows(COUNTRIES) {
            let i = g.countries.len() as u16;
            let iso3 = col(&r, 0).to_string();
            g.country_by_iso3.insert(iso3.clone(), i);
            g.countries.push(Country {
                iso3,
                cameo: col(&r, 2).to_string(),
                name: col(&r, 3).to_string(),
                demonym: alts(col(&r, 5)).next().unwrap_or(col(&r, 3)).to_string(),
                lat: col(&r, 7).parse().unwrap_or(0.0),
                lon: col(&r, 8).parse().unwrap_or(0.0),
                geonames_id: None,
            });
            g.add_name(col(&r, 3), Sense::Country(i));
            for a in alts(col(&r, 4)) {
                let upper = a
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
                if upper && a.len() <= 4 {
                    // "US", "UK", "DRC": capitals only; stored as a country all the same
                    g.add_name(a, Sense::Country(i));
                } else {
                    g.add_name(a, Sense::Country(i));
                }
            }
            for d in alts(col(&r, 5)) {
                demonyms.push((d.to_string(), i));
            }
        }
        for (d, i) in demonyms {
            g.add_name(&d, Sense::Demonym(i));
            if d.ends_with('n') || d.ends_with('i') || d.ends_with('k') || d.ends_with('e') {
                g.add_name(&format!("{d}s"), Sense::Demonym(i));
            }
        }
        // places
        for r in rows(PLACES).chain(rows(ADMIN1)) {
            let id: u64 = col(&r, 0).parse().unwrap_or(0);
            let iso3 = col(&r, 5).to_string();
            let feature = col(&r, 6).to_string();
            let country = g.country_by_iso3.get(&iso3).copied();
            if feature == "PCLI" {
                if let Some(c) = country {
                    g.countries[c as usize].geonames_id = Some(id);
                }
                continue;
            }
            let i = g.places.len() as u32;
            let name = col(&r, 1).to_string();
            g.add_name(&name, Sense::Place(i, true));
            // "Saint Petersburg" is written "St. Petersburg" and the other way round
            let key = fold_key(&name);
            if let Some(rest) = key.strip_prefix("saint ") {
                g.add_key(format!("st {rest}"), Sense::Place(i, true));
            } else if let Some(rest) = key.strip_prefix("st ") {
                g.add_key(format!("saint {rest}"), Sense::Place(i, true));
            }
            let ascii = col(&r, 2);
            if fold_key(ascii) != fold_key(&name) {
                g.add_name(ascii, Sense::Place(i, true));
            }
            // alternate names only for larger places: small towns' alternate
            // names are too often people's names or words
            // alternate names of towns under 50,000 are left out: the scanner
            // ignores them (too often people's names or words) and they slow
            // the start
            let population: u64 = col(&r, 10).parse().unwrap_or(0);
            if population >= 50_000 || feature == "PPLC" {
                for a in alts(col(&r, 3)) {
                    g.add_name(a, Sense::Place(i, false));
                }
            }
            if feature == "PPLC" {
                g.capitals.insert(i);
            }
            g.places.push(Place {
                id,
                name,
                country,
                iso3,
                feature,
                admin1: col(&r, 7).to_string(),
                lat: col(&r, 8).parse().unwrap_or(0.0),
                lon: col(&r, 9).parse().unwrap_or(0.0),
                population: col(&r, 10).parse().unwrap_or(0),
            });
        }
        // organisations
        for r in rows(ORGS) {
            let i = g.orgs.len() as u16;
            let name = col(&r, 0);
            g.orgs.push(Org {
                name: name.to_string(),
                kind: col(&r, 2).to_string(),
                country: col(&r, 3).to_string(),
                code: col(&r, 4).to_string(),
            });
            for a in std::iter::once(name).chain(alts(col(&r, 1))) {
                let letters: Vec<char> = a.chars().filter(|c| c.is_alphabetic()).collect();
                let acronym = letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase());
                g.add_name(a, Sense::Org(i, acronym));
            }
        }
        // people
        let mut by_name: HashMap<String, u16> = HashMap::default();
        for r in rows(PEOPLE) {
            let name = col(&r, 0);
            let key = fold_key(name);
            let office = Office {
                country: col(&r, 2).to_string(),
                code: col(&r, 3).to_string(),
                role: col(&r, 4).to_string(),
                from: col(&r, 5).to_string(),
                to: col(&r, 6).to_string(),
            };
            if let Some(&i) = by_name.get(&key) {
                g.people[i as usize].offices.push(office);
                continue;
            }
            let i = g.people.len() as u16;
            by_name.insert(key, i);
            g.people.push(Person {
                name: name.to_string(),
                gender: gender(col(&r, 7)),
                offices: vec![office],
            });
            g.add_name(name, Sense::Person(i));
            for a in alts(col(&r, 1)) {
                g.add_name(a, Sense::Person(i));
            }
        }
        // first names and common words (needed before surnames)
        for r in rows(FIRST_NAMES) {
            if let Some(gd) = gender(col(&r, 1)) {
                g.first_names.entry(fold_str(col(&r, 0))).or_insert(gd);
            }
        }
        for l in ENGLISH.lines() {
            let l = l.trim();
            if !l.is_empty() && !l.starts_with('#') {
                g.english.insert(l.to_string());
            }
        }
        for l in COMMON.lines() {
            let l = l.trim();
            if !l.is_empty() && !l.starts_with('#') {
                g.common.insert(l.to_string());
            }
        }
        // surnames of people: the last word of each full name and alias,
        // when it is not a first name, a common word or a place name
        let mut surnames: HashMap<String, Vec<u16>> = HashMap::default();
        for (i, p) in g.people.iter().enumerate() {
            let key = fold_key(&p.name);
            let mut words: Vec<&str> = key.split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            if words.last() == Some(&"jr") {
                words.pop();
            }
            let last = words[words.len() - 1];
            let mut cands = vec![last.to_string()];
            // Spanish double surnames: "Bruno Rodriguez Parrilla" -> "rodriguez parrilla"
            if words.len() >= 3 && !g.first_names.contains_key(words[1]) {
                cands.push(words[1..].join(" "));
            }
            for c in cands {
                if c.len() < 4 || g.first_names.contains_key(&c) || g.common.contains(&c) {
                    continue;
                }
                surnames.entry(c).or_default().push(i as u16);
            }
        }
        for (s, ps) in surnames {
            let taken = g.names.get(&s).is_some_and(|v| {
                v.iter()
                    .any(|x| matches!(x, Sense::Country(_) | Sense::Org(..) | Sense::Demonym(_)))
            });
            if taken {
                continue;
            }
            for p in ps {
                g.add_key(s.clone(), Sense::Surname(p));
            }
        }
        // roles
        for r in rows(ROLES) {
            let i = g.roles.len() as u16;
            g.roles.push(Role {
                code: col(&r, 1).to_string(),
                role: col(&r, 2).to_string(),
                gender: gender(col(&r, 3)),
                kind: col(&r, 4).to_string(),
                alone: false,
            });
            g.add_role_key(col(&r, 0), i);
        }
        // group sector nouns: every spelling is a key of one role
        for r in rows(SECTORS) {
            let i = g.roles.len() as u16;
            let nouns: Vec<&str> = alts(col(&r, 0)).collect();
            g.roles.push(Role {
                code: col(&r, 1).to_string(),
                role: super::title_case(nouns.first().copied().unwrap_or_default()),
                gender: None,
                kind: "group".to_string(),
                alone: col(&r, 2) == "yes",
            });
            for n in nouns {
                g.add_role_key(n, i);
            }
        }
        g
    }

    fn add_role_key(&mut self, phrase: &str, role: u16) {
        let key = fold_key(phrase);
        self.add_prefixes(&key);
        self.role_first
            .insert(key.split(' ').next().unwrap_or("").to_string());
        self.role_keys.insert(key, role);
    }

    fn add_name(&mut self, name: &str, sense: Sense) {
        let key = fold_key(name);
        if key.is_empty() {
            return;
        }
        self.add_key(key, sense);
    }

    fn add_key(&mut self, key: String, sense: Sense) {
        self.add_prefixes(&key);
        let v = self.names.entry(key).or_default();
        if !v.contains(&sense) {
            v.push(sense);
        }
    }

    fn add_prefixes(&mut self, key: &str) {
        let mut n = 1;
        for (i, b) in key.bytes().enumerate() {
            if b == b' ' {
                n += 1;
                if !self.prefixes.contains(&key[..i]) {
                    self.prefixes.insert(key[..i].to_string());
                }
            }
        }
        self.max_words = self.max_words.max(n);
    }

    /// Adds the dated person entries of a PETRARCH/Phoenix `.actors`
    /// dictionary: an entry line `NAME_` (words joined by `_`), `+SYNONYM`
    /// lines, and code lines `[RUSGOV >20040309]`, `[RUSGOV 19940922-20040712]`,
    /// `[USAELI <20170120]` (dates YYYYMMDD or YYMMDD). Entries without a
    /// dated code (countries, bodies) are left out: the built-in tables have
    /// those. Returns the number of people added.
    pub fn add_petrarch_actors(&mut self, text: &str) -> usize {
        fn date(s: &str) -> String {
            let d: String = s.chars().filter(char::is_ascii_digit).collect();
            match d.len() {
                8 => format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]),
                6 => {
                    let yy: u32 = d[..2].parse().unwrap_or(0);
                    let century = if yy < 50 { "20" } else { "19" };
                    format!("{century}{}-{}-{}", &d[..2], &d[2..4], &d[4..])
                }
                _ => String::new(),
            }
        }
        fn name_of(raw: &str) -> String {
            raw.trim()
                .trim_start_matches('+')
                .split('#')
                .next()
                .unwrap_or("")
                .split('[')
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches('_')
                .replace('_', " ")
        }
        let mut added = 0;
        let mut names: Vec<String> = Vec::new();
        let mut offices: Vec<Office> = Vec::new();
        let mut flush = |g: &mut Gazetteer, names: &mut Vec<String>, offices: &mut Vec<Office>| {
            if !names.is_empty() && !offices.is_empty() {
                let i = g.people.len() as u16;
                let pretty = names[0]
                    .split(' ')
                    .map(|w| {
                        let mut c = w.chars();
                        match c.next() {
                            Some(f) => f
                                .to_uppercase()
                                .chain(c.flat_map(char::to_lowercase))
                                .collect(),
                            None => String::new(),
                        }
                    })
                    .collect::<Vec<String>>()
                    .join(" ");
                g.people.push(Person {
                    name: pretty,
                    gender: None,
                    offices: std::mem::take(offices),
                });
                for n in names.iter() {
                    let key = fold_key(n);
                    if key.contains(' ') {
                        g.add_key(key, Sense::Person(i));
                    } else if key.len() >= 4
                        && !g.common.contains(&key)
                        && !g.first_names.contains_key(&key)
                    {
                        g.add_key(key, Sense::Surname(i));
                    }
                }
                added += 1;
            }
            names.clear();
            offices.clear();
        };
        for line in text.lines() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if t.starts_with('[') {
                let inner = t.trim_start_matches('[').split(']').next().unwrap_or("");
                let mut parts = inner.split_whitespace();
                let code = parts.next().unwrap_or("").to_string();
                let when = parts.next().unwrap_or("");
                if code.len() < 3 || when.is_empty() {
                    continue;
                }
                let (from, to) = if let Some(d) = when.strip_prefix('>') {
                    (date(d), String::new())
                } else if let Some(d) = when.strip_prefix('<') {
                    ("0000-01-01".to_string(), date(d))
                } else if let Some((a, b)) = when.split_once('-') {
                    (date(a), date(b))
                } else {
                    continue;
                };
                let country = code[..3].to_string();
                offices.push(Office {
                    country,
                    code,
                    role: String::new(),
                    from,
                    to,
                });
                continue;
            }
            if let Some(syn) = t.strip_prefix('+') {
                names.push(name_of(syn));
                continue;
            }
            if !line.starts_with(char::is_whitespace) {
                flush(self, &mut names, &mut offices);
                let n = name_of(t);
                if !n.is_empty() {
                    names.push(n);
                }
                // a code on the entry line itself: "NAME_ [RUSGOV >2004]"
                if let Some(c) = t.split('[').nth(1) {
                    let mut parts = c.split(']').next().unwrap_or("").split_whitespace();
                    let code = parts.next().unwrap_or("").to_string();
                    if let (Some(when), true) = (parts.next(), code.len() >= 3) {
                        if let Some(d) = when.strip_prefix('>') {
                            let country = code[..3].to_string();
                            offices.push(Office {
                                country,
                                code,
                                role: String::new(),
                                from: date(d),
                                to: String::new(),
                            });
                        }
                    }
                }
            }
        }
        flush(self, &mut names, &mut offices);
        added
    }

    /// Senses of a folded name, with the alternate names of small towns.
    pub fn place_senses(&self, key: &str) -> Vec<Sense> {
        let mut v: Vec<Sense> = self.names.get(key).cloned().unwrap_or_default();
        let small = self.small_alternates.get_or_init(|| {
            let mut m: HashMap<String, Vec<Sense>> = HashMap::default();
            let mut i = 0u32;
            for r in rows(PLACES) {
                if col(&r, 6) == "PCLI" {
                    continue;
                }
                let population: u64 = col(&r, 10).parse().unwrap_or(0);
                if population < 50_000 && col(&r, 6) != "PPLC" {
                    for a in alts(col(&r, 3)) {
                        m.entry(fold_key(a))
                            .or_default()
                            .push(Sense::Place(i, false));
                    }
                }
                i += 1;
            }
            m
        });
        if let Some(s) = small.get(key) {
            v.extend(
                s.iter()
                    .copied()
                    .filter(|s| !v.contains(s))
                    .collect::<Vec<_>>(),
            );
        }
        v
    }

    /// Whether a folded word is an English word, or the plural of one.
    pub fn is_english(&self, k: &str) -> bool {
        self.english.contains(k)
            || k.strip_suffix('s')
                .is_some_and(|s| self.english.contains(s))
            || k.strip_suffix("es")
                .is_some_and(|s| self.english.contains(s))
    }

    /// The office a person held on `date` (ISO, may be empty): the one
    /// running then, or else the latest begun before it, flagged as past.
    pub fn office_at(&self, p: u16, date: &str) -> Option<(&Office, bool)> {
        let person = self.people.get(p as usize)?;
        if date.is_empty() {
            return person
                .offices
                .iter()
                .find(|o| o.to.is_empty())
                .or(person.offices.last())
                .map(|o| (o, true));
        }
        let d = &date[..date.len().min(10)];
        let running = person
            .offices
            .iter()
            .filter(|o| o.from.as_str() <= d && (o.to.is_empty() || o.to.as_str() >= d))
            .max_by(|a, b| a.from.cmp(&b.from));
        if let Some(o) = running {
            return Some((o, true));
        }
        person
            .offices
            .iter()
            .filter(|o| o.from.as_str() <= d)
            .max_by(|a, b| a.from.cmp(&b.from))
            .map(|o| (o, false))
    }

    /// The CAMEO code of an office: a full code as given, or the country's
    /// code plus the sector.
    pub fn office_code(&self, o: &Office) -> String {
        if o.code.len() > 3 {
            return o.code.clone();
        }
        let cameo = self
            .country_by_iso3
            .get(&o.country)
            .map(|&c| self.countries[c as usize].cameo.as_str())
            .unwrap_or(o.country.as_str());
        format!("{cameo}{}", o.code)
    }

    /// ISO3 of a person's country, when it is a country.
    pub fn office_country(&self, o: &Office) -> Option<String> {
        self.country_by_iso3
            .contains_key(&o.country)
            .then(|| o.country.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_all_tables() {
        let g = Gazetteer::load();
        assert!(g.countries.len() > 190);
        assert!(g.places.len() > 30_000);
        assert!(g.people.len() > 300);
        let rus = g.country_by_iso3["RUS"];
        assert!(g.names["russian"].contains(&Sense::Demonym(rus)));
        assert!(g.names["russians"].contains(&Sense::Demonym(rus)));
        assert!(g.names["russia"].contains(&Sense::Country(rus)));
        assert_eq!(g.countries[rus as usize].geonames_id, Some(2017370));
        assert!(g.names["diaz canel"]
            .iter()
            .any(|s| matches!(s, Sense::Surname(_))));
        assert!(g.prefixes.contains("rio de"));
        assert!(g.names["caracas"]
            .iter()
            .any(|s| matches!(s, Sense::Place(_, true))));
    }

    #[test]
    fn sector_nouns_carry_cameo_agent_codes() {
        // agent codes of the CAMEO manual's actor table
        const AGENTS: &[&str] = &[
            "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "REB", "UAF", "CVL", "EDU", "LAB",
            "MED", "BUS", "NGO", "REF",
        ];
        let g = Gazetteer::load();
        let groups: Vec<&Role> = g.roles.iter().filter(|r| r.kind == "group").collect();
        assert!(groups.len() > 40, "{}", groups.len());
        for r in &groups {
            assert!(AGENTS.contains(&r.code.as_str()), "{} {}", r.role, r.code);
        }
        let code = |k: &str| g.roles[g.role_keys[k] as usize].code.as_str();
        assert_eq!(code("defence ministry"), code("defense ministry"));
        assert_eq!(code("protestors"), "OPP");
        assert_eq!(code("militants"), "UAF");
        assert!(g.roles[g.role_keys["police"] as usize].alone);
        assert!(!g.roles[g.role_keys["official"] as usize].alone);
    }

    #[test]
    fn offices_follow_the_date() {
        let g = Gazetteer::load();
        let Some(Sense::Person(p)) = g.names["rex tillerson"].first().copied() else {
            panic!()
        };
        let (o, now) = g.office_at(p, "2017-06-01").unwrap();
        assert!(now && o.role == "Secretary of State");
        let (_, now) = g.office_at(p, "2020-01-01").unwrap();
        assert!(!now);
        assert_eq!(g.office_code(o), "USAGOV");
    }
}
