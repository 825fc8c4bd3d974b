//! Coda's rich cell values coerced to the type of the PostgreSQL column they go to.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::catalog::{PgType, TargetColumn};

/// A Coda row referenced by a relation cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowRef {
    /// The referenced row's table id.
    pub table_id: String,
    /// The referenced row's id.
    pub row_id: String,
}

/// A value ready to bind, or a reference still to be resolved to an id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Leave the column to its default (insert) or as it is (update).
    Omit,
    Null,
    Text(String),
    Int(i64),
    Numeric(Decimal),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    Timestamptz(DateTime<FixedOffset>),
    Timestamp(NaiveDateTime),
    Json(Value),
    Uuid(uuid::Uuid),
    TextArray(Vec<String>),
    IntArray(Vec<i64>),
    /// A relation to one Coda row, resolved through the import's row map.
    Ref(RowRef),
    /// Relations to several Coda rows, for an integer array column.
    RefList(Vec<RowRef>),
    /// A person, resolved to erp.people by email.
    Person {
        name: String,
        email: String,
    },
}

impl Cell {
    /// Appends a stable text form for the mapped-row hash to `out`: references by Coda id, people by
    /// email (the import writes all of a row's cells into one string).
    pub(crate) fn write_fingerprint(&self, out: &mut String) {
        use std::fmt::Write;
        // Writing to a String cannot fail.
        let _ = match self {
            Cell::Omit => write!(out, "omit"),
            Cell::Null => write!(out, "null"),
            Cell::Text(s) => write!(out, "t:{s}"),
            Cell::Int(i) => write!(out, "i:{i}"),
            Cell::Numeric(d) => write!(out, "n:{}", d.normalize()),
            Cell::Float(f) => write!(out, "f:{f}"),
            Cell::Bool(b) => write!(out, "b:{b}"),
            Cell::Date(d) => write!(out, "d:{d}"),
            Cell::Timestamptz(t) => write!(out, "tz:{}", t.to_rfc3339()),
            Cell::Timestamp(t) => write!(out, "ts:{t}"),
            Cell::Json(v) => write!(out, "j:{}", canonical_json(v)),
            Cell::Uuid(u) => write!(out, "u:{u}"),
            Cell::TextArray(v) => write!(out, "ta:{}", serde_json::Value::from(v.clone())),
            Cell::IntArray(v) => write!(out, "ia:{v:?}"),
            Cell::Ref(r) => write!(out, "r:{}/{}", r.table_id, r.row_id),
            Cell::RefList(v) => {
                out.push_str("rl:");
                for (k, r) in v.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "{}/{}", r.table_id, r.row_id);
                }
                Ok(())
            }
            Cell::Person { email, .. } => write!(out, "p:{}", email.to_lowercase()),
        };
    }
}

/// The result of coercing one cell: the value, and the currency when the cell was money.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Coerced {
    pub(crate) cell: Cell,
    pub(crate) currency: Option<String>,
}

impl From<Cell> for Coerced {
    fn from(cell: Cell) -> Coerced {
        Coerced {
            cell,
            currency: None,
        }
    }
}

/// Looks a Coda label up among a column's allowed labels.
pub(crate) type LabelLookup<'a> = dyn Fn(&str, &[String]) -> Option<String> + 'a;

/// Coerces a raw rich value to `column`'s type. The error says why, in words for the report.
pub(crate) fn coerce(
    raw: &Value,
    column: &TargetColumn,
    label: &LabelLookup<'_>,
) -> Result<Coerced, String> {
    if is_empty(raw) {
        return match column.pg_type {
            PgType::TextArray => Ok(Cell::TextArray(Vec::new()).into()),
            PgType::IntegerArray => Ok(Cell::IntArray(Vec::new()).into()),
            _ if !column.not_null => Ok(Cell::Null.into()),
            _ if column.has_default => Ok(Cell::Omit.into()),
            _ => Err(format!(
                "empty, but {} is NOT NULL with no default",
                column.name
            )),
        };
    }
    match column.pg_type {
        PgType::Text => {
            let text = text_of(single(raw, true)?);
            match &column.labels {
                Some(allowed) => label(&text, allowed)
                    .map(|l| Cell::Text(l).into())
                    .ok_or_else(|| {
                        format!("unknown label {text:?} (allowed: {})", allowed.join(", "))
                    }),
                None => Ok(Cell::Text(text).into()),
            }
        }
        PgType::Integer if column.references.is_some() => reference(single(raw, false)?, column),
        PgType::Integer => {
            let v = single(raw, false)?;
            let d = number_of(v).ok_or_else(|| "not a number".to_owned())?;
            if d.fract() != Decimal::ZERO {
                return Err("not a whole number".into());
            }
            i64::try_from(d)
                .map(|i| Cell::Int(i).into())
                .map_err(|_| "out of range".into())
        }
        PgType::Numeric => {
            let v = single(raw, false)?;
            if let Some((amount, currency)) = money_of(v) {
                return Ok(Coerced {
                    cell: Cell::Numeric(amount),
                    currency,
                });
            }
            number_of(v)
                .or_else(|| duration_hours(v))
                .map(|d| Cell::Numeric(d).into())
                .ok_or_else(|| "not a number".into())
        }
        PgType::Float => {
            let v = single(raw, false)?;
            let d = money_of(v)
                .map(|(d, _)| d)
                .or_else(|| number_of(v))
                .ok_or("not a number")?;
            d.to_string()
                .parse::<f64>()
                .map(|f| Cell::Float(f).into())
                .map_err(|_| "not a number".into())
        }
        PgType::Bool => match single(raw, false)? {
            Value::Bool(b) => Ok(Cell::Bool(*b).into()),
            Value::Number(n) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => {
                Ok(Cell::Bool(n.as_i64() == Some(1)).into())
            }
            v => match text_of(v).trim().to_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "checked" => Ok(Cell::Bool(true).into()),
                "false" | "no" | "n" | "0" | "unchecked" => Ok(Cell::Bool(false).into()),
                _ => Err("not true or false".into()),
            },
        },
        PgType::Date => {
            let text = text_of(single(raw, false)?);
            parse_date(&text)
                .map(|d| Cell::Date(d).into())
                .ok_or_else(|| "not a date".into())
        }
        PgType::Timestamptz => {
            let text = text_of(single(raw, false)?);
            parse_datetime(&text)
                .map(|t| Cell::Timestamptz(t).into())
                .ok_or_else(|| "not a date-time with a zone".into())
        }
        PgType::Timestamp => {
            let text = text_of(single(raw, false)?);
            parse_datetime(&text)
                .map(|t| Cell::Timestamp(t.naive_local()).into())
                .or_else(|| {
                    parse_date(&text)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|t| Cell::Timestamp(t).into())
                })
                .ok_or_else(|| "not a date-time".into())
        }
        PgType::Json => Ok(Cell::Json(json_of(raw)).into()),
        PgType::Uuid => uuid::Uuid::from_str(text_of(single(raw, false)?).trim())
            .map(|u| Cell::Uuid(u).into())
            .map_err(|_| "not a UUID".into()),
        PgType::TextArray => {
            let items: Vec<&Value> = match raw {
                Value::Array(a) => a.iter().filter(|v| !is_empty(v)).collect(),
                v => vec![v],
            };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let text = text_of(item);
                match &column.labels {
                    Some(allowed) => out.push(label(&text, allowed).ok_or_else(|| {
                        format!("unknown label {text:?} (allowed: {})", allowed.join(", "))
                    })?),
                    None => out.push(text),
                }
            }
            Ok(Cell::TextArray(out).into())
        }
        PgType::IntegerArray => {
            let items: Vec<&Value> = match raw {
                Value::Array(a) => a.iter().filter(|v| !is_empty(v)).collect(),
                v => vec![v],
            };
            if items.iter().all(|v| row_ref(v).is_some()) {
                return Ok(Cell::RefList(items.iter().filter_map(|v| row_ref(v)).collect()).into());
            }
            let mut out = Vec::new();
            for v in items {
                let d = number_of(v).ok_or("not a list of numbers or rows")?;
                out.push(i64::try_from(d).map_err(|_| "not a whole number")?);
            }
            Ok(Cell::IntArray(out).into())
        }
        PgType::Other => Err(format!(
            "column type {} is not supported by the import",
            column.sql_type
        )),
    }
}

/// A relation or person cell for a foreign-key column.
fn reference(v: &Value, column: &TargetColumn) -> Result<Coerced, String> {
    if let Some(r) = row_ref(v) {
        return Ok(Cell::Ref(r).into());
    }
    let to_people = column.references.as_deref() == Some("erp.people");
    if let Some((name, email)) = person_of(v) {
        return if to_people {
            Ok(Cell::Person { name, email }.into())
        } else {
            Err(format!(
                "a person, but {} references {}",
                column.name,
                column.references.as_deref().unwrap_or("?")
            ))
        };
    }
    let text = text_of(v);
    if to_people && text.contains('@') && !text.contains(char::is_whitespace) {
        return Ok(Cell::Person {
            name: text.clone(),
            email: text,
        }
        .into());
    }
    Err("not a relation to a row".into())
}

/// The one value of a cell; arrays of one are unwrapped. Text targets join several values.
fn single(raw: &Value, join: bool) -> Result<&Value, String> {
    match raw {
        Value::Array(items) => {
            let items: Vec<&Value> = items.iter().filter(|v| !is_empty(v)).collect();
            match items.len() {
                0 => Ok(raw),
                1 => Ok(items[0]),
                _ if join => Ok(raw),
                n => Err(format!("{n} values for a single-valued column")),
            }
        }
        v => Ok(v),
    }
}

/// Null, an empty string, or an array of nothing but those.
pub(crate) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => strip_code(s).trim().is_empty(),
        Value::Array(a) => a.iter().all(is_empty),
        _ => false,
    }
}

/// Coda's rich format wraps some text in triple backticks; the text is what is inside.
fn strip_code(s: &str) -> &str {
    s.strip_prefix("```")
        .and_then(|r| r.strip_suffix("```"))
        .unwrap_or(s)
}

fn ld_type(v: &Value) -> Option<&str> {
    v.get("@type").and_then(Value::as_str)
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A cell as text: strings as written, people and rows by name, links by url, money as `12.50 USD`.
pub(crate) fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => strip_code(s).to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a
            .iter()
            .filter(|v| !is_empty(v))
            .map(text_of)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => match ld_type(v) {
            Some("MonetaryAmount") => match money_of(v) {
                Some((amount, Some(cur))) => format!("{amount} {cur}"),
                Some((amount, None)) => amount.to_string(),
                None => v.to_string(),
            },
            Some("WebPage") | Some("ImageObject") => {
                str_field(v, "url").unwrap_or_default().to_owned()
            }
            _ => str_field(v, "name")
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string()),
        },
    }
}

/// A `StructuredValue` row reference.
pub(crate) fn row_ref(v: &Value) -> Option<RowRef> {
    if ld_type(v) != Some("StructuredValue") {
        return None;
    }
    Some(RowRef {
        table_id: str_field(v, "tableId")?.to_owned(),
        row_id: str_field(v, "rowId")?.to_owned(),
    })
}

/// Every row reference in a cell (one, several, or none).
pub(crate) fn row_refs(v: &Value) -> Vec<RowRef> {
    match v {
        Value::Array(a) => a.iter().flat_map(row_refs).collect(),
        v => row_ref(v).into_iter().collect(),
    }
}

/// A `Person` value's name and email.
pub(crate) fn person_of(v: &Value) -> Option<(String, String)> {
    if ld_type(v) != Some("Person") {
        return None;
    }
    let email = str_field(v, "email")?.trim().to_owned();
    let name = str_field(v, "name").unwrap_or(&email).trim().to_owned();
    (!email.is_empty()).then_some((name, email))
}

/// A `MonetaryAmount`'s amount and currency.
pub(crate) fn money_of(v: &Value) -> Option<(Decimal, Option<String>)> {
    if ld_type(v) != Some("MonetaryAmount") {
        return None;
    }
    let amount = number_of(v.get("amount")?)?;
    let currency = str_field(v, "currency")
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    Some((amount, currency))
}

/// A number, or a numeric string (`1,200.50`, `$12`), as an exact decimal.
pub(crate) fn number_of(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => {
            let s = n.to_string();
            Decimal::from_str(&s)
                .or_else(|_| Decimal::from_scientific(&s))
                .ok()
        }
        Value::String(s) => {
            let t: String = strip_code(s)
                .trim()
                .trim_start_matches(['$', '€', '£', '¥'])
                .chars()
                .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
                .collect();
            Decimal::from_str(&t)
                .or_else(|_| Decimal::from_scientific(&t))
                .ok()
        }
        _ => None,
    }
}

/// A Coda duration (`2 hrs 30 mins`, `1 day 4 hrs`) in hours, rounded to 4 places.
pub(crate) fn duration_hours(v: &Value) -> Option<Decimal> {
    let text = text_of(v).to_lowercase();
    let mut total = Decimal::ZERO;
    let mut words = text.split_whitespace().peekable();
    let mut seen = false;
    while let Some(w) = words.next() {
        let amount = Decimal::from_str(w).ok()?;
        let unit = words.next()?;
        let hours = match unit.trim_end_matches(',') {
            "day" | "days" | "d" => Decimal::from(24),
            "hr" | "hrs" | "hour" | "hours" | "h" => Decimal::ONE,
            "min" | "mins" | "minute" | "minutes" | "m" => Decimal::ONE / Decimal::from(60),
            "sec" | "secs" | "second" | "seconds" | "s" => Decimal::ONE / Decimal::from(3600),
            _ => return None,
        };
        total = total.checked_add(amount.checked_mul(hours)?)?;
        seen = true;
    }
    seen.then(|| total.round_dp(4))
}

/// `2025-12-01`, or the date part of a date-time in its own zone (the doc's calendar day).
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if let Some(dt) = parse_datetime(t) {
        return Some(dt.date_naive());
    }
    NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d")
        .ok()
        .filter(|_| t.len() == 10 || t.as_bytes().get(10) == Some(&b'T'))
}

/// An RFC 3339 date-time, keeping its offset.
pub(crate) fn parse_datetime(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text.trim()).ok()
}

/// A cell as JSON for a jsonb column: JSON text as parsed, other text as its non-empty lines.
fn json_of(raw: &Value) -> Value {
    match raw {
        Value::String(s) => {
            let t = strip_code(s).trim();
            if (t.starts_with('[') || t.starts_with('{'))
                && let Ok(v) = serde_json::from_str::<Value>(t)
            {
                return v;
            }
            Value::Array(
                t.lines()
                    .map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim())
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_owned()))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .filter(|v| !is_empty(v))
                .map(|v| match v {
                    Value::String(s) => Value::String(strip_code(s).to_owned()),
                    v => v.clone(),
                })
                .collect(),
        ),
        v => v.clone(),
    }
}

/// JSON with object keys sorted, whatever serde_json's map order is in this build.
pub(crate) fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

/// sha256 of the [`canonical_json`] of an object (a row's values), serialized straight into the
/// hasher: the same bytes, without a string per value (this hash was 90 % of an unchanged re-import's
/// time per row).
pub(crate) fn canonical_hash(map: &serde_json::Map<String, Value>) -> Vec<u8> {
    struct Hasher(Sha256);
    impl std::io::Write for Hasher {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = Hasher(Sha256::new());
    // Serializing borrowed JSON into a writer that never fails cannot fail.
    let _ = serde_json::to_writer(&mut hasher, &CanonicalObject(map));
    hasher.0.finalize().to_vec()
}

/// A value serialized as [`canonical_json`] writes it: objects with their keys sorted.
struct Canonical<'v>(&'v Value);

struct CanonicalObject<'v>(&'v serde_json::Map<String, Value>);

impl serde::Serialize for Canonical<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => CanonicalObject(map).serialize(s),
            Value::Array(items) => s.collect_seq(items.iter().map(Canonical)),
            v => v.serialize(s),
        }
    }
}

impl serde::Serialize for CanonicalObject<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut entries: Vec<(&String, &Value)> = self.0.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        s.collect_map(entries.into_iter().map(|(k, v)| (k, Canonical(v))))
    }
}

fn write_canonical_object(map: &serde_json::Map<String, Value>, out: &mut String) {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    out.push('{');
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // serde_json writes a str key escaped exactly as it writes a string value.
        out.push_str(&serde_json::to_string(k.as_str()).unwrap_or_default());
        out.push(':');
        write_canonical(v, out);
    }
    out.push('}');
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => write_canonical_object(map, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        v => out.push_str(&v.to_string()),
    }
}

/// sha256 of some text.
pub(crate) fn sha256(text: &str) -> Vec<u8> {
    Sha256::digest(text.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn col(pg_type: PgType, not_null: bool) -> TargetColumn {
        TargetColumn {
            name: "c".into(),
            pg_type,
            sql_type: "x".into(),
            not_null,
            has_default: false,
            generated: false,
            references: None,
            labels: None,
        }
    }

    fn no_labels(_: &str, _: &[String]) -> Option<String> {
        None
    }

    #[test]
    fn money_dates_and_durations() {
        let c = coerce(
            &json!({"@context": "http://schema.org/", "@type": "MonetaryAmount", "currency": "eur", "amount": 12.5}),
            &col(PgType::Numeric, false),
            &no_labels,
        )
        .expect("money");
        assert_eq!(c.cell, Cell::Numeric(Decimal::from_str("12.5").expect("d")));
        assert_eq!(c.currency.as_deref(), Some("EUR"));
        assert_eq!(
            parse_date("2025-12-01T00:00:00.000-08:00"),
            NaiveDate::from_ymd_opt(2025, 12, 1)
        );
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(
            duration_hours(&json!("1 day 2 hrs 30 mins")),
            Decimal::from_str("26.5").ok()
        );
        assert_eq!(
            number_of(&json!("$1,200.50")),
            Decimal::from_str("1200.50").ok()
        );
        assert!(coerce(&json!("tomorrow"), &col(PgType::Date, false), &no_labels).is_err());
    }

    #[test]
    fn empties_and_arrays() {
        assert_eq!(
            coerce(&json!(""), &col(PgType::Text, false), &no_labels).map(|c| c.cell),
            Ok(Cell::Null)
        );
        assert!(coerce(&json!([]), &col(PgType::Date, true), &no_labels).is_err());
        assert_eq!(
            coerce(
                &json!(["a", "b"]),
                &col(PgType::TextArray, true),
                &no_labels
            )
            .map(|c| c.cell),
            Ok(Cell::TextArray(vec!["a".into(), "b".into()]))
        );
        assert!(coerce(&json!([1, 2]), &col(PgType::Numeric, false), &no_labels).is_err());
        assert_eq!(
            coerce(&json!("```x```"), &col(PgType::Text, false), &no_labels).map(|c| c.cell),
            Ok(Cell::Text("x".into()))
        );
    }

    #[test]
    fn canonical_sorts_keys() {
        assert_eq!(
            canonical_json(&json!({"b": 1, "a": [{"d": 1, "c": 2}]})),
            r#"{"a":[{"c":2,"d":1}],"b":1}"#
        );
    }

    /// The hash of a row's values is over the same bytes as before it was streamed: archives written
    /// by earlier imports keep matching.
    #[test]
    fn canonical_hash_is_the_hash_of_canonical_json() {
        let values = json!({
            "c-b": {"@type": "StructuredValue", "rowId": "i-1", "name": "Ünï \"q\" \n ✓"},
            "c-a": [1.5, -2, 1e300, null, true, "", {"z": [], "y": {}}],
            "c-\u{1}": "\u{7f}</script>",
        });
        let Value::Object(map) = &values else {
            unreachable!()
        };
        assert_eq!(canonical_hash(map), sha256(&canonical_json(&values)));
    }
}
