//! Which PostgreSQL table and column each Coda table and column goes to: the built-in mapping of the
//! 36 tables of seed 000 (`mapping.toml`), overridable by a TOML file of the same shape.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Error;

/// The built-in mapping, as TOML.
pub const BUILTIN_TOML: &str = include_str!("../mapping.toml");

/// How a Coda table's rows are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    /// Each Coda row becomes one row of the target table.
    #[default]
    Table,
    /// The target is a view computed in PostgreSQL: rows are archived and reconciled against it.
    View,
    /// Rows are archived in `coda.rows` only.
    Archive,
}

/// The key that pairs a Coda row of a computed table with a row of its view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewKey {
    /// The Coda column, e.g. `Month`.
    pub coda: String,
    /// The view's column, e.g. `month`.
    pub column: String,
}

/// Fills a column from a related row when the Coda cell is empty (seed 001's sprint → scheduled start).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FillRule {
    /// The PostgreSQL column to fill, e.g. `scheduled_start_date`.
    pub column: String,
    /// The Coda relation column of this table, e.g. `Sprint`.
    pub relation: String,
    /// The Coda column of the related row to take the value from, e.g. `Start Date`.
    pub from: String,
}

/// The mapping of one Coda table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMapping {
    /// The Coda table id, e.g. `grid-YYWnWyA2ek`; absent when the table is known by name only.
    #[serde(default)]
    pub coda_id: Option<String>,
    /// The Coda table name, e.g. `Tasks`.
    #[serde(default)]
    pub coda_name: Option<String>,
    /// The schema-qualified home, e.g. `erp.tasks`.
    #[serde(default)]
    pub target: Option<String>,
    /// Table, view or archive-only.
    #[serde(default)]
    pub kind: Option<TableKind>,
    /// For views: the column pairs that match a Coda row with a view row (all must be equal; an empty
    /// Coda cell matches NULL).
    #[serde(default)]
    pub key: Vec<ViewKey>,
    /// Coda column name → PostgreSQL column; `""` keeps the column in the archive only.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// PostgreSQL column → (Coda label → PostgreSQL label).
    #[serde(default)]
    pub aliases: BTreeMap<String, BTreeMap<String, String>>,
    /// Columns filled from related rows when empty.
    #[serde(default)]
    pub fill: Vec<FillRule>,
}

impl TableMapping {
    /// The table kind (default: table).
    pub fn kind(&self) -> TableKind {
        self.kind.unwrap_or_default()
    }

    fn same_table(&self, other: &TableMapping) -> bool {
        match (&self.coda_id, &other.coda_id) {
            (Some(a), Some(b)) => a == b,
            _ => match (&self.coda_name, &other.coda_name) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            },
        }
    }

    fn overlay(&mut self, other: TableMapping) {
        if other.coda_id.is_some() {
            self.coda_id = other.coda_id;
        }
        if other.coda_name.is_some() {
            self.coda_name = other.coda_name;
        }
        if other.target.is_some() {
            self.target = other.target;
        }
        if other.kind.is_some() {
            self.kind = other.kind;
        }
        if !other.key.is_empty() {
            self.key = other.key;
        }
        self.columns.extend(other.columns);
        for (col, aliases) in other.aliases {
            self.aliases.entry(col).or_default().extend(aliases);
        }
        if !other.fill.is_empty() {
            self.fill = other.fill;
        }
    }

    /// The explicit entry for a Coda column: `Some(None)` keeps it in the archive only.
    pub fn column_entry(&self, coda_column: &str) -> Option<Option<&str>> {
        let entry = self.columns.get(coda_column).or_else(|| {
            self.columns
                .iter()
                .find(|(k, _)| normalise(k) == normalise(coda_column))
                .map(|(_, v)| v)
        })?;
        Some(Some(entry.as_str()).filter(|s| !s.trim().is_empty()))
    }
}

/// The whole mapping.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The currency of money whose table has no currency column (default `USD`).
    #[serde(default)]
    pub default_currency: Option<String>,
    /// Aliases for every table: PostgreSQL column → (Coda label → PostgreSQL label).
    #[serde(default)]
    pub aliases: BTreeMap<String, BTreeMap<String, String>>,
    /// One entry per Coda table.
    #[serde(default)]
    pub tables: Vec<TableMapping>,
}

impl Mapping {
    /// The built-in mapping of the 36 tables of seed 000.
    pub fn builtin() -> Mapping {
        // The built-in TOML is checked by a unit test; an unparsable one is a build defect, and this
        // still does not panic: it falls back to a mapping that archives everything.
        Mapping::from_toml(BUILTIN_TOML).unwrap_or_default()
    }

    /// Parses a mapping file's text.
    pub fn from_toml(text: &str) -> Result<Mapping, Error> {
        toml::from_str(text).map_err(|e| Error::Mapping(e.to_string()))
    }

    /// Reads a mapping file.
    pub fn load(path: &Path) -> Result<Mapping, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Mapping::from_toml(&text).map_err(|e| Error::Mapping(format!("{}: {e}", path.display())))
    }

    /// This mapping with `file` laid over it: its tables replace or extend these entry by entry.
    pub fn overlaid(mut self, file: Mapping) -> Mapping {
        if file.default_currency.is_some() {
            self.default_currency = file.default_currency;
        }
        for (col, aliases) in file.aliases {
            self.aliases.entry(col).or_default().extend(aliases);
        }
        for table in file.tables {
            match self.tables.iter_mut().find(|t| t.same_table(&table)) {
                Some(existing) => existing.overlay(table),
                None => self.tables.push(table),
            }
        }
        self
    }

    /// The currency of money columns without a currency column of their own.
    pub fn default_currency(&self) -> &str {
        self.default_currency.as_deref().unwrap_or("USD")
    }

    /// The entry for a Coda table: by id, else by name (case-insensitive).
    pub fn table(&self, id: &str, name: &str) -> Option<&TableMapping> {
        self.tables
            .iter()
            .find(|t| t.coda_id.as_deref() == Some(id))
            .or_else(|| {
                self.tables.iter().find(|t| {
                    t.coda_id.is_none()
                        && t.coda_name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
            })
    }

    /// The PostgreSQL label for a Coda label of `column`, or `None` when nothing matches.
    ///
    /// Exact match first, then the table's aliases, then the global aliases (alias keys compared
    /// trimmed and case-insensitively), then the allowed labels trimmed and case-insensitively.
    pub fn label<'a>(
        &'a self,
        table: Option<&'a TableMapping>,
        column: &str,
        coda: &str,
        allowed: &'a [String],
    ) -> Option<&'a str> {
        if let Some(l) = allowed.iter().find(|l| *l == coda) {
            return Some(l);
        }
        let wanted = coda.trim().to_lowercase();
        let alias = |aliases: &'a BTreeMap<String, BTreeMap<String, String>>| {
            aliases
                .get(column)?
                .iter()
                .find(|(k, _)| k.trim().to_lowercase() == wanted)
                .map(|(_, v)| v.as_str())
        };
        if let Some(v) = table
            .and_then(|t| alias(&t.aliases))
            .or_else(|| alias(&self.aliases))
        {
            return allowed.iter().find(|l| *l == v).map(String::as_str);
        }
        allowed
            .iter()
            .find(|l| l.trim().to_lowercase() == wanted)
            .map(String::as_str)
    }
}

/// A column name with case, spaces, hyphens, underscores and other punctuation removed.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_names_all_36_tables() {
        let m = Mapping::from_toml(BUILTIN_TOML).expect("the built-in mapping parses");
        assert_eq!(m.tables.len(), 36);
        let targets: std::collections::BTreeSet<_> =
            m.tables.iter().filter_map(|t| t.target.clone()).collect();
        assert_eq!(targets.len(), 36, "every table has its own target");
        assert!(m.tables.iter().all(|t| t.target.is_some()));
        assert_eq!(
            m.table("grid-YYWnWyA2ek", "x")
                .and_then(|t| t.target.as_deref()),
            Some("erp.tasks")
        );
        assert_eq!(
            m.table("grid-whatever", "execution runs")
                .and_then(|t| t.target.as_deref()),
            Some("erp.execution_runs")
        );
        assert_eq!(
            m.table("grid-DrVH4Xzndu", "")
                .and_then(|t| t.target.as_deref()),
            Some("agent.prompt_templates")
        );
    }

    #[test]
    fn normalised_names() {
        assert_eq!(
            normalise("Scheduled Start Date"),
            normalise("scheduled_start_date")
        );
        assert_eq!(normalise("Semi-automated"), "semiautomated");
        assert_eq!(normalise("Variance %"), "variance");
    }

    #[test]
    fn overlay_replaces_entry_by_entry() {
        let file = Mapping::from_toml(
            r#"
            default_currency = "EUR"
            [[tables]]
            coda_id = "grid-YYWnWyA2ek"
            [tables.columns]
            "Sprint" = "title"
            [tables.aliases.status]
            "Waiting" = "Blocked"
            [[tables]]
            coda_id = "grid-new"
            target = "erp.extra"
            "#,
        )
        .expect("parses");
        let m = Mapping::builtin().overlaid(file);
        assert_eq!(m.default_currency(), "EUR");
        let tasks = m.table("grid-YYWnWyA2ek", "Tasks").expect("tasks");
        assert_eq!(tasks.target.as_deref(), Some("erp.tasks"));
        assert_eq!(tasks.column_entry("Sprint"), Some(Some("title")));
        assert_eq!(tasks.column_entry("Task"), Some(Some("title")));
        assert_eq!(tasks.fill.len(), 1);
        assert_eq!(m.tables.len(), 37);
        let allowed: Vec<String> = ["Not Started", "Blocked"].map(String::from).to_vec();
        assert_eq!(
            m.label(Some(tasks), "status", " waiting ", &allowed),
            Some("Blocked")
        );
        assert_eq!(
            m.label(Some(tasks), "status", "todo", &allowed),
            Some("Not Started")
        );
        assert_eq!(
            m.label(Some(tasks), "status", "NOT STARTED ", &allowed),
            Some("Not Started")
        );
        assert_eq!(m.label(Some(tasks), "status", "Someday", &allowed), None);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(Mapping::from_toml("[[tables]]\ncoda_idd = \"x\"").is_err());
    }
}
