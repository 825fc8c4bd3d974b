//! A pulled Coda doc: its tables, columns and rows as the API returned them, on disk and in memory.
//!
//! A pulled directory holds the raw API responses, page by page, so an import can be rehearsed offline
//! and audited against exactly what Coda sent:
//!
//! ```text
//! DIR/doc.json                                  {"docId": ..., "apiUrl": ..., "tables": [ids in order]}
//! DIR/tables/page-0001.json                     GET /docs/{docId}/tables
//! DIR/tables/{tableId}/columns/page-0001.json   GET /docs/{docId}/tables/{tableId}/columns
//! DIR/tables/{tableId}/rows/page-0001.json      GET /docs/{docId}/tables/{tableId}/rows?valueFormat=rich
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Error;

/// A table of the doc (an item of `GET /docs/{docId}/tables`). Unknown fields are ignored, so a
/// Coda API that grows new fields does not break a pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodaTable {
    /// The table id, e.g. `grid-YYWnWyA2ek`.
    pub id: String,
    /// The table's name, e.g. `Tasks`.
    pub name: String,
    /// `table` or `view`.
    #[serde(default)]
    pub table_type: Option<String>,
    /// The row count Coda reports, when it does.
    #[serde(default)]
    pub row_count: Option<u64>,
}

/// A column of a table (an item of `GET .../columns`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodaColumn {
    /// The column id, e.g. `c-abc123`.
    pub id: String,
    /// The column's name, e.g. `Scheduled Start Date`.
    pub name: String,
    /// The column format (`{"type": "select", "isArray": false, ...}`), kept as given.
    #[serde(default)]
    pub format: Value,
    /// Whether the column is a formula.
    #[serde(default)]
    pub calculated: bool,
}

impl CodaColumn {
    /// The format's `type` (`text`, `currency`, `lookup`, `person`, `select`, `date`, ...).
    pub fn format_type(&self) -> &str {
        self.format
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// A row of a table (an item of `GET .../rows?valueFormat=rich`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodaRow {
    /// The row id, e.g. `i-tuVwxYz`: the row's identity for every import.
    pub id: String,
    /// The display name (the identifying column's value).
    #[serde(default)]
    pub name: String,
    /// When the row was created in Coda.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When the row was last changed in Coda.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Rich cell values by column id.
    #[serde(default)]
    pub values: serde_json::Map<String, Value>,
}

/// One table with its columns and every row.
#[derive(Debug, Clone, PartialEq)]
pub struct PulledTable {
    /// The table.
    pub table: CodaTable,
    /// Its columns, in Coda's order.
    pub columns: Vec<CodaColumn>,
    /// Its rows, in Coda's order.
    pub rows: Vec<CodaRow>,
}

impl PulledTable {
    /// The column with this id.
    pub fn column(&self, id: &str) -> Option<&CodaColumn> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// The column with this name (exact, then case-insensitive).
    pub fn column_named(&self, name: &str) -> Option<&CodaColumn> {
        self.columns.iter().find(|c| c.name == name).or_else(|| {
            self.columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(name))
        })
    }
}

/// A whole doc as pulled.
#[derive(Debug, Clone, PartialEq)]
pub struct PulledDoc {
    /// The doc id, e.g. `CxcSmXz318`.
    pub doc_id: String,
    /// Every table, in the order Coda listed them.
    pub tables: Vec<PulledTable>,
}

impl PulledDoc {
    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&PulledTable> {
        self.tables.iter().find(|t| t.table.id == id)
    }

    /// Every row id of the doc, by table id.
    pub fn row_index(&self) -> BTreeMap<&str, std::collections::BTreeSet<&str>> {
        self.tables
            .iter()
            .map(|t| {
                (
                    t.table.id.as_str(),
                    t.rows.iter().map(|r| r.id.as_str()).collect(),
                )
            })
            .collect()
    }

    /// Reads a directory written by [`crate::pull`]; the tables' files are parsed on up to four
    /// threads (parsing is most of an unchanged re-import's time after the rows themselves).
    pub fn load(dir: &Path) -> Result<PulledDoc, Error> {
        let manifest: Manifest = read_json(&dir.join("doc.json"))?;
        let listed: Vec<CodaTable> = read_items(&dir.join("tables"))?;
        let mut wanted = Vec::with_capacity(manifest.tables.len());
        for id in &manifest.tables {
            let table = listed
                .iter()
                .find(|t| &t.id == id)
                .cloned()
                .ok_or_else(|| Error::BadResponse {
                    path: dir.join("tables").display().to_string(),
                    message: format!("table {id} of doc.json is not in the table list"),
                })?;
            wanted.push((table, dir.join("tables").join(safe_file_name(id))));
        }
        type Loaded = Result<(Vec<CodaColumn>, Vec<CodaRow>), Error>;
        let read = |base: &Path| -> Loaded {
            Ok((
                read_items(&base.join("columns"))?,
                read_items(&base.join("rows"))?,
            ))
        };
        let next = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .clamp(1, 4)
            .min(wanted.len().max(1));
        let mut loaded: Vec<Option<Loaded>> = (0..wanted.len()).map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((_, base)) = wanted.get(k) else {
                                return mine;
                            };
                            mine.push((k, read(base)));
                        }
                    })
                })
                .collect();
            for handle in handles {
                for (k, table) in handle.join().unwrap_or_default() {
                    loaded[k] = Some(table);
                }
            }
        });
        let mut tables = Vec::with_capacity(wanted.len());
        for ((table, base), table_files) in wanted.into_iter().zip(loaded) {
            let (columns, rows) = table_files.unwrap_or_else(|| {
                Err(Error::BadResponse {
                    path: base.display().to_string(),
                    message: "reading the table's files failed".into(),
                })
            })?;
            tables.push(PulledTable {
                table,
                columns,
                rows,
            });
        }
        Ok(PulledDoc {
            doc_id: manifest.doc_id,
            tables,
        })
    }
}

/// `doc.json` of a pulled directory.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Manifest {
    pub(crate) doc_id: String,
    pub(crate) api_url: String,
    pub(crate) pulled_at: String,
    pub(crate) tables: Vec<String>,
}

/// A table or row id as a file name: Coda ids are `[A-Za-z0-9_-]`, anything else is replaced.
pub(crate) fn safe_file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub(crate) fn page_file(dir: &Path, page: usize) -> PathBuf {
    dir.join(format!("page-{page:04}.json"))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| Error::BadResponse {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Reads `page-0001.json`, `page-0002.json`, ... of a directory and concatenates their `items`.
fn read_items<T: serde::de::DeserializeOwned>(dir: &Path) -> Result<Vec<T>, Error> {
    #[derive(Deserialize)]
    struct Page<T> {
        items: Vec<T>,
    }
    let mut out = Vec::new();
    for page in 1.. {
        let path = page_file(dir, page);
        if !path.exists() {
            if page == 1 {
                return Err(Error::Io {
                    path,
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no pages pulled"),
                });
            }
            break;
        }
        let p: Page<T> = read_json(&path)?;
        out.extend(p.items);
    }
    Ok(out)
}
