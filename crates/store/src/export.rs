//! Flat exports of merged events: CSV (RFC 4180) and GDELT 2.0 event
//! table rows (tab-separated, its 61 columns in its order; fields attache
//! does not produce are left empty).

use crate::merge::{self, MergedEvent};
use crate::model::{Actor, Place};
use std::io::Write;

/// Quotes a CSV field when it needs it. A text cell that a spreadsheet
/// would run as a formula (first character `=`, `+`, `-`, `@`, tab or CR)
/// gets a leading `'` (OWASP's rule for CSV injection); a plain number
/// ("-1.5") is no formula and stays as it is.
pub fn csv_field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A decimal number as the exports write them: optional sign, digits, an
/// optional fraction and exponent; nothing else.
fn is_plain_number(s: &str) -> bool {
    let b = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    let int = digits(b);
    let mut i = int;
    let mut frac = 0;
    if b.get(i) == Some(&b'.') {
        frac = digits(&b[i + 1..]);
        i += 1 + frac;
    }
    if int + frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = digits(&b[i..]);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// Writes one CSV line.
pub fn csv_line<W: Write>(out: &mut W, fields: &[String]) -> std::io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", line.join(","))
}

/// Columns of [`event_csv_row`].
pub const EVENT_CSV_HEADER: &[&str] = &[
    "id",
    "date",
    "source",
    "source_code",
    "target",
    "target_code",
    "cameo",
    "quad_class",
    "goldstein",
    "status",
    "place",
    "place_country",
    "lat",
    "lon",
    "num_mentions",
    "num_sources",
    "num_articles",
    "first_seen",
    "last_seen",
    "articles",
];

fn opt(s: Option<&str>) -> String {
    s.unwrap_or("").to_string()
}

fn num(f: Option<f64>) -> String {
    f.map(|v| v.to_string()).unwrap_or_default()
}

/// One merged event as a CSV row (columns: [`EVENT_CSV_HEADER`]).
pub fn event_csv_row(m: &MergedEvent) -> Vec<String> {
    let e = &m.event;
    let name = |a: &Option<Actor>| a.as_ref().map(|a| a.name.clone()).unwrap_or_default();
    let code = |a: &Option<Actor>| opt(a.as_ref().and_then(|a| a.code.as_deref()));
    let place = e.place.as_ref();
    let mut articles: Vec<&str> = m.mentions.iter().map(|x| x.article.as_str()).collect();
    articles.dedup();
    vec![
        e.id.clone(),
        opt(e.date.as_deref()),
        name(&e.source),
        code(&e.source),
        name(&e.target),
        code(&e.target),
        e.cameo.clone(),
        e.quad_class.to_string(),
        e.goldstein.to_string(),
        e.status.clone(),
        place.map(|p| p.name.clone()).unwrap_or_default(),
        opt(place.and_then(|p| p.country.as_deref())),
        num(place.and_then(|p| p.lat)),
        num(place.and_then(|p| p.lon)),
        m.num_mentions.to_string(),
        m.num_sources.to_string(),
        m.num_articles.to_string(),
        opt(m.first_seen.as_deref()),
        opt(m.last_seen.as_deref()),
        articles.join(" "),
    ]
}

/// The GDELT 2.0 event table's columns, in order.
pub const GDELT_COLUMNS: &[&str] = &[
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Known-group (IGO/NGO...) prefixes of CAMEO actor codes.
const GROUP_PREFIXES: &[&str] = &["IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"];

fn actor_columns(a: Option<&Actor>) -> [String; 10] {
    let mut cols: [String; 10] = Default::default();
    let Some(a) = a else { return cols };
    let code = a.code.clone().unwrap_or_default();
    cols[0] = code.clone();
    cols[1] = a.name.to_uppercase();
    let group = GROUP_PREFIXES.iter().any(|p| code.starts_with(p));
    if group {
        cols[3] = code.get(3..).unwrap_or("").to_string();
    } else {
        cols[2] = a
            .country
            .clone()
            .or_else(|| code.get(..3).map(str::to_string))
            .unwrap_or_default();
        // Role codes follow the country: up to three of three letters.
        let roles = code.get(3..).unwrap_or("");
        for (i, chunk) in roles.as_bytes().chunks(3).take(3).enumerate() {
            if chunk.len() == 3 {
                cols[7 + i] = String::from_utf8_lossy(chunk).into_owned();
            }
        }
    }
    cols
}

fn geo_columns(p: Option<&Place>) -> [String; 8] {
    let mut cols: [String; 8] = Default::default();
    let Some(p) = p else { return cols };
    cols[1] = p.name.clone();
    // GDELT's geo country code is FIPS 10-4; attache knows ISO 3166 only,
    // so that column stays empty.
    cols[5] = num(p.lat);
    cols[6] = num(p.lon);
    cols[7] = p.geonames_id.map(|g| g.to_string()).unwrap_or_default();
    if p.lat.is_some() {
        // 1 country, 4 world city (GDELT's types); attache places with
        // coordinates are cities unless the name is the country's own.
        cols[0] = "4".into();
    }
    cols
}

/// One merged event as a GDELT 2.0 event row. `n` is its GLOBALEVENTID;
/// `date_added` is `YYYYMMDDHHMMSS`.
pub fn gdelt_row(m: &MergedEvent, n: u64, date_added: &str) -> Vec<String> {
    let e = &m.event;
    let day = e
        .date
        .as_deref()
        .and_then(merge::date_range)
        .or_else(|| m.first_seen.as_deref().and_then(merge::date_range))
        .map(|(s, _)| s);
    let (sqldate, monthyear, year, fraction) = match day.map(civil) {
        Some((y, mo, d)) => (
            format!("{y:04}{mo:02}{d:02}"),
            format!("{y:04}{mo:02}"),
            format!("{y:04}"),
            format!("{:.4}", y as f64 + day_of_year(y, mo, d) as f64 / 365.0),
        ),
        None => Default::default(),
    };
    let mut row = Vec::with_capacity(GDELT_COLUMNS.len());
    row.push(n.to_string());
    row.extend([sqldate, monthyear, year, fraction]);
    row.extend(actor_columns(e.source.as_ref()));
    row.extend(actor_columns(e.target.as_ref()));
    let root = merge::cameo_root(&e.cameo).to_string();
    let base = e.cameo.get(..3).unwrap_or(&e.cameo).to_string();
    // Root event: reported in a body block (GDELT: in the lead paragraph).
    let is_root = m.mentions.iter().any(|x| x.evidence.block_role == "body");
    row.extend([
        u8::from(is_root).to_string(),
        e.cameo.clone(),
        base,
        root,
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        m.num_mentions.to_string(),
        m.num_sources.to_string(),
        m.num_articles.to_string(),
        String::new(),
    ]);
    // Actor geography is not known apart from the event's place.
    row.extend(geo_columns(None));
    row.extend(geo_columns(None));
    row.extend(geo_columns(e.place.as_ref()));
    row.push(date_added.to_string());
    row.push(String::new());
    debug_assert_eq!(row.len(), GDELT_COLUMNS.len());
    row
}

/// Writes a GDELT row: tabs, with tabs and newlines inside fields turned
/// into spaces.
pub fn gdelt_line<W: Write>(out: &mut W, row: &[String]) -> std::io::Result<()> {
    let clean: Vec<String> = row
        .iter()
        .map(|f| f.replace(['\t', '\n', '\r'], " "))
        .collect();
    writeln!(out, "{}", clean.join("\t"))
}

/// Civil date of a day number (days since 1970-01-01).
pub fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn day_of_year(y: i64, m: i64, d: i64) -> i64 {
    let start = merge::date_range(&format!("{y:04}"))
        .map(|r| r.0)
        .unwrap_or(0);
    let day = merge::date_range(&format!("{y:04}-{m:02}-{d:02}"))
        .map(|r| r.0)
        .unwrap_or(0);
    day - start + 1
}

/// Merged events as a Parquet file (for DuckDB, pandas): the CSV columns
/// with numbers typed, plus the mentions as a JSON string column.
#[cfg(feature = "parquet")]
pub fn write_parquet<W: Write + Send>(
    events: &[MergedEvent],
    out: W,
) -> Result<(), crate::StoreError> {
    use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use std::sync::Arc;
    let err = |e: &dyn std::fmt::Display| crate::StoreError::Parquet(e.to_string());
    // Column kinds: text, except these.
    let real = ["goldstein", "lat", "lon"];
    let int = ["quad_class", "num_mentions", "num_sources", "num_articles"];
    let mut fields: Vec<Field> = EVENT_CSV_HEADER
        .iter()
        .map(|h| {
            let t = if real.contains(h) {
                DataType::Float64
            } else if int.contains(h) {
                DataType::Int64
            } else {
                DataType::Utf8
            };
            Field::new(*h, t, true)
        })
        .collect();
    fields.push(Field::new("mentions", DataType::Utf8, true));
    let schema = Arc::new(Schema::new(fields));
    let mut writer =
        parquet::arrow::ArrowWriter::try_new(out, schema.clone(), None).map_err(|e| err(&e))?;
    for chunk in events.chunks(8192) {
        let rows: Vec<Vec<String>> = chunk.iter().map(event_csv_row).collect();
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(EVENT_CSV_HEADER.len() + 1);
        for (i, h) in EVENT_CSV_HEADER.iter().enumerate() {
            let cell = |r: &Vec<String>| Some(r[i].clone()).filter(|c| !c.is_empty());
            let col: ArrayRef = if real.contains(h) {
                Arc::new(Float64Array::from_iter(
                    rows.iter()
                        .map(|r| cell(r).and_then(|c| c.parse::<f64>().ok())),
                ))
            } else if int.contains(h) {
                Arc::new(Int64Array::from_iter(
                    rows.iter()
                        .map(|r| cell(r).and_then(|c| c.parse::<i64>().ok())),
                ))
            } else {
                Arc::new(StringArray::from_iter(rows.iter().map(cell)))
            };
            columns.push(col);
        }
        columns.push(Arc::new(StringArray::from_iter(chunk.iter().map(|m| {
            Some(serde_json::to_string(&m.mentions).unwrap_or_default())
        }))));
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| err(&e))?;
        writer.write(&batch).map_err(|e| err(&e))?;
    }
    writer.close().map_err(|e| err(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips() {
        for (s, ymd) in [("1970-01-01", (1970, 1, 1)), ("2024-02-29", (2024, 2, 29))] {
            let d = merge::date_range(s).unwrap().0;
            assert_eq!(civil(d), ymd);
        }
    }

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn csv_text_cells_never_start_a_formula() {
        assert_eq!(csv_field("=1+2"), "'=1+2");
        assert_eq!(csv_field("+41 7"), "'+41 7");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("\rx"), "\"'\rx\"");
        assert_eq!(csv_field("=a,b"), "\"'=a,b\"");
        for n in ["-1.5", "-82.4", "+3", "-0.25e-3", "12"] {
            assert_eq!(csv_field(n), n);
        }
        for t in ["-", "-.", "-e5", "-1e", "-inf", "-NaN", "-1-1"] {
            assert_eq!(csv_field(t), format!("'{t}"));
        }
    }

    #[test]
    fn gdelt_actor_columns_split_codes() {
        let a = Actor {
            entity: None,
            name: "Sergey Lavrov".into(),
            country: Some("RUS".into()),
            code: Some("RUSGOV".into()),
        };
        let c = actor_columns(Some(&a));
        assert_eq!(c[0], "RUSGOV");
        assert_eq!(c[1], "SERGEY LAVROV");
        assert_eq!(c[2], "RUS");
        assert_eq!(c[7], "GOV");
        assert_eq!(GDELT_COLUMNS.len(), 61);
    }
}
