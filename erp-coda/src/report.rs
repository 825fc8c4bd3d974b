//! What an import did, per table, as text and as JSON (`--report FILE`).

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

/// A value that cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The Coda table's name (and id).
    pub table: String,
    /// The Coda row id (empty for a problem with the whole table or column).
    pub row_id: String,
    /// The Coda column (empty when not about one column).
    pub column: String,
    /// The raw value, as JSON.
    pub value: String,
    /// Why it cannot be stored.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "table {}", self.table)?;
        if !self.row_id.is_empty() {
            write!(f, ", row {}", self.row_id)?;
        }
        if !self.column.is_empty() {
            write!(f, ", column {:?}", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, ", value {}", truncate(&self.value, 120))?;
        }
        write!(f, ": {}", self.reason)
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// A money or hours column's sum in Coda beside its sum in PostgreSQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SumCheck {
    /// The Coda column.
    pub column: String,
    /// The PostgreSQL column.
    pub target_column: String,
    /// The currency, for money in several currencies (one line each).
    pub currency: Option<String>,
    /// The sum of the Coda cells.
    pub coda: Decimal,
    /// The sum of the imported rows' column.
    pub postgres: Decimal,
}

impl SumCheck {
    /// Whether the sums agree.
    pub fn agrees(&self) -> bool {
        self.coda == self.postgres
    }
}

/// One figure of a computed Coda table that differs from its PostgreSQL view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The Coda row id.
    pub row_id: String,
    /// The key (month, template) as Coda shows it.
    pub key: String,
    /// The Coda column.
    pub column: String,
    /// Coda's figure.
    pub coda: String,
    /// The view's figure (`missing` when the view has no row for the key).
    pub postgres: String,
}

/// What happened to one Coda table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct TableReport {
    /// The Coda table id.
    pub table_id: String,
    /// The Coda table name.
    pub name: String,
    /// The PostgreSQL home, if any.
    pub target: Option<String>,
    /// `table`, `view` or `archive`.
    pub kind: String,
    /// Rows in Coda.
    pub coda_rows: usize,
    /// Rows inserted into the target.
    pub inserted: usize,
    /// Target rows updated because the Coda row changed.
    pub updated: usize,
    /// Rows already imported and unchanged.
    pub unchanged: usize,
    /// Rows with a value that cannot be stored.
    pub rejected: usize,
    /// Rows archived only (views and archive-only tables).
    pub archived_only: usize,
    /// Coda columns that map to no PostgreSQL column (their cells are in coda.rows).
    pub unmapped_columns: Vec<String>,
    /// Money and hours sums.
    pub sums: Vec<SumCheck>,
    /// Rows imported before that are no longer in Coda (reported, never deleted).
    pub gone_from_coda: Vec<String>,
    /// For computed tables: every figure that differs from the view.
    pub differences: Vec<Difference>,
    /// Anything else worth knowing (e.g. a target that does not exist in this database).
    pub notes: Vec<String>,
}

/// The whole import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    /// The doc id.
    pub doc_id: String,
    /// Whether this was a dry run (rolled back whatever happened).
    pub dry_run: bool,
    /// Whether the import was committed.
    pub committed: bool,
    /// People created from Person cells whose email was not in erp.people.
    pub people_created: usize,
    /// Per table, in the doc's order.
    pub tables: Vec<TableReport>,
    /// Every value that cannot be stored.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Rows inserted, updated, unchanged and rejected over all tables.
    pub fn totals(&self) -> (usize, usize, usize, usize) {
        self.tables.iter().fold((0, 0, 0, 0), |(i, u, n, r), t| {
            (
                i + t.inserted,
                u + t.updated,
                n + t.unchanged,
                r + t.rejected,
            )
        })
    }

    /// Whether every money and hours sum agrees.
    pub fn sums_agree(&self) -> bool {
        self.tables
            .iter()
            .all(|t| t.sums.iter().all(SumCheck::agrees))
    }

    /// The report for a Coda table, by name or id.
    pub fn table(&self, name_or_id: &str) -> Option<&TableReport> {
        self.tables
            .iter()
            .find(|t| t.table_id == name_or_id || t.name == name_or_id)
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match (self.dry_run, self.committed) {
            (true, _) => "dry run, rolled back",
            (false, true) => "committed",
            (false, false) => "rolled back",
        };
        writeln!(f, "Coda doc {} ({state})", self.doc_id)?;
        writeln!(
            f,
            "{:<22} {:<32} {:>5} {:>6} {:>6} {:>6} {:>6}",
            "table", "target", "coda", "ins", "upd", "same", "rej"
        )?;
        for t in &self.tables {
            let target = match (&t.target, t.kind.as_str()) {
                (Some(target), "table") => target.clone(),
                (Some(target), kind) => format!("{target} ({kind})"),
                (None, _) => "(archive only)".into(),
            };
            writeln!(
                f,
                "{:<22} {:<32} {:>5} {:>6} {:>6} {:>6} {:>6}",
                truncate(&t.name, 22),
                truncate(&target, 32),
                t.coda_rows,
                t.inserted,
                t.updated,
                t.unchanged,
                t.rejected
            )?;
        }
        let (i, u, n, r) = self.totals();
        writeln!(
            f,
            "total: {i} inserted, {u} updated, {n} unchanged, {r} rejected; {} people created from Person cells",
            self.people_created
        )?;
        for t in &self.tables {
            let mut lines = Vec::new();
            if !t.unmapped_columns.is_empty() {
                lines.push(format!(
                    "unmapped columns (archived in coda.rows): {}",
                    t.unmapped_columns.join(", ")
                ));
            }
            for s in &t.sums {
                let cur = s
                    .currency
                    .as_deref()
                    .map(|c| format!(" {c}"))
                    .unwrap_or_default();
                let verdict = if s.agrees() { "equal" } else { "DIFFERENT" };
                lines.push(format!(
                    "sum {} -> {}{cur}: Coda {} / PostgreSQL {} ({verdict})",
                    s.column, s.target_column, s.coda, s.postgres
                ));
            }
            if !t.gone_from_coda.is_empty() {
                lines.push(format!(
                    "gone from Coda, kept in PostgreSQL: {}",
                    t.gone_from_coda.join(", ")
                ));
            }
            for d in &t.differences {
                lines.push(format!(
                    "differs: {} {} {}: Coda {} / view {}",
                    d.row_id, d.key, d.column, d.coda, d.postgres
                ));
            }
            lines.extend(t.notes.iter().cloned());
            if !lines.is_empty() {
                writeln!(f, "{}:", t.name)?;
                for l in lines {
                    writeln!(f, "  {l}")?;
                }
            }
        }
        if !self.problems.is_empty() {
            writeln!(f, "{} value(s) cannot be stored:", self.problems.len())?;
            for p in &self.problems {
                writeln!(f, "  {p}")?;
            }
        }
        Ok(())
    }
}
