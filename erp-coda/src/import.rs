//! The import: one transaction that archives every Coda row in `coda.rows` and upserts each mapped row
//! into its PostgreSQL home by Coda row id, then checks sums and reconciles computed tables.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sea_query::{Alias, Expr, ExprTrait, PostgresQueryBuilder, Query, Value as SqlValue};
use sea_query_sqlx::SqlxBinder;
use serde_json::Value;
use sqlx::{AssertSqlSafe, PgConnection, PgPool};

use crate::batch::{self, ArchiveRow};
use crate::catalog::{PgType, TargetColumn};
use crate::doc::{CodaColumn, CodaRow, PulledDoc};
use crate::mapping::{Mapping, TableKind};
use crate::plan::{self, ColumnPlan, TablePlan};
use crate::progress::Progress;
use crate::report::{Problem, Report, TableReport};
use crate::value::{Cell, RowRef, canonical_hash, coerce, row_refs, sha256};
use crate::{Error, catalog, reconcile};

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The mapping (usually [`Mapping::builtin`], maybe with a file laid over it).
    pub mapping: Mapping,
    /// Do everything, then roll back; the report lists every value that cannot be stored.
    pub dry_run: bool,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            mapping: Mapping::builtin(),
            dry_run: false,
        }
    }
}

/// What coda.rows already knows about a row.
#[derive(Debug, Clone)]
struct Archived {
    target_id: Option<i64>,
    values_hash: Vec<u8>,
    mapped_hash: Option<Vec<u8>>,
}

/// A reference set after every table is loaded (a cycle or a self-reference).
struct Deferred {
    plan: usize,
    row_id: String,
    target_id: i64,
    column: Arc<ColumnPlan>,
    cell: Cell,
    /// The Coda cell, for the report.
    raw: Value,
}

/// A row whose cells are resolved, waiting in its table's batch to be written.
struct Pending<'a> {
    row: &'a CodaRow,
    values_hash: Vec<u8>,
    mapped_hash: Vec<u8>,
    linked: Option<i64>,
    /// People are still `Cell::Person` here; the flush resolves them by the set.
    resolved: Vec<(Arc<ColumnPlan>, Cell)>,
    later: Vec<(Arc<ColumnPlan>, Cell)>,
}

/// What one table has ready to write: rows, archive entries, and people to find or create.
#[derive(Default)]
struct Batch<'a> {
    rows: Vec<Pending<'a>>,
    /// The Coda row ids in `rows`: a row referring to one of them waits for a flush.
    keys: HashSet<&'a str>,
    archive: Vec<ArchiveRow>,
    people: Vec<(String, String)>,
}

impl Batch<'_> {
    fn len(&self) -> usize {
        self.rows.len() + self.archive.len()
    }
}

/// The outcome of preparing a row.
enum Prepared {
    /// Queued in the batch, or nothing to write, or rejected.
    Done,
    /// It refers to a row still in the batch: flush, then prepare it again.
    FlushFirst,
}

/// The state of one import.
struct Run<'a> {
    doc: &'a PulledDoc,
    mapping: &'a Mapping,
    plans: Vec<TablePlan<'a>>,
    /// Each plan's columns, shared by the rows' cells rather than cloned per row.
    columns: Vec<Vec<Arc<ColumnPlan>>>,
    /// The Coda column feeding each of `columns`.
    coda_columns: Vec<Vec<Option<&'a CodaColumn>>>,
    /// By table id, then row id.
    archived: HashMap<String, HashMap<String, Archived>>,
    /// Coda row → PostgreSQL id, for rows already imported and rows written by this import.
    ids: HashMap<RowRef, i64>,
    /// Per plan, the sha256 of everything its rows' mapping depends on besides their own values.
    plan_hashes: Vec<Vec<u8>>,
    /// Per plan: mapped as the last committed import mapped it, and without fill rules (which read
    /// other rows), so a row whose values_hash is unchanged is unchanged.
    same_plan: Vec<bool>,
    /// Which plan each Coda table id has.
    plan_of: HashMap<&'a str, usize>,
    doc_rows: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// Every doc row by table id and row id (the fill rules read related rows).
    rows_by_id: HashMap<&'a str, HashMap<&'a str, &'a CodaRow>>,
    people: HashMap<String, i64>,
    people_created: usize,
    deferred: Vec<Deferred>,
    /// Rows with a problem: rows referring to them are not written either, but only the root cause is
    /// reported.
    rejected: std::collections::HashSet<RowRef>,
    problems: Vec<Problem>,
    reports: Vec<TableReport>,
    /// Nanoseconds spent on `WRITE_STEPS`, for [`Progress::timing`] (atomic: written through `&self`).
    spent: [AtomicU64; 4],
}

/// The parts of writing rows that are timed apart.
const WRITE_STEPS: [&str; 4] = [
    "rows: write erp.people lookups",
    "rows: write target tables",
    "rows: write coda.rows",
    "rows: prepare, hashing values",
];

impl Run<'_> {
    fn spend(&self, step: usize, since: Instant) {
        let nanos = u64::try_from(since.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.spent[step].fetch_add(nanos, Ordering::Relaxed);
    }
}

/// Imports a pulled doc in one transaction: all of it, or (on any value that cannot be stored)
/// nothing, returning [`Error::Rejected`] with every problem. A dry run always rolls back and returns
/// the report, problems included.
pub async fn import(
    pool: &PgPool,
    doc: &PulledDoc,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let mut tx = pool.begin().await?;
    let (mut report, problems) = run(&mut tx, doc, options, progress).await?;
    report.problems = problems;
    if report.problems.is_empty() && !options.dry_run {
        tx.commit().await?;
        report.committed = true;
        return Ok(report);
    }
    tx.rollback().await?;
    if options.dry_run {
        return Ok(report);
    }
    Err(Error::Rejected {
        problems: report.problems.clone(),
        report: Box::new(report),
    })
}

async fn run(
    conn: &mut PgConnection,
    doc: &PulledDoc,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<(Report, Vec<Problem>), Error> {
    let mut step = Steps {
        progress,
        at: Instant::now(),
    };
    let migrated: bool = sqlx::query_scalar("SELECT to_regclass('coda.rows') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await?;
    if !migrated {
        return Err(Error::NotMigrated("coda.rows".into()));
    }
    // One import at a time: a second one waits for the first to commit and then finds its rows.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('erp-coda import'))")
        .execute(&mut *conn)
        .await?;

    let mapping = &options.mapping;
    let catalog = catalog::read_tables(conn, &plan::wanted_targets(doc, mapping)).await?;
    let mut problems = Vec::new();
    let plans = plan::build(doc, mapping, &catalog, &mut problems);
    let plan_hashes = plan_hashes(mapping, &plans);
    let mut r = Run {
        doc,
        mapping,
        plan_hashes,
        same_plan: vec![false; plans.len()],
        plan_of: plans
            .iter()
            .enumerate()
            .map(|(i, p)| (p.pulled.table.id.as_str(), i))
            .collect(),
        reports: plans.iter().map(table_report).collect(),
        columns: plans
            .iter()
            .map(|p| p.columns.iter().cloned().map(Arc::new).collect())
            .collect(),
        coda_columns: plans
            .iter()
            .map(|p| {
                p.columns
                    .iter()
                    .map(|c| p.pulled.column(&c.coda_id))
                    .collect()
            })
            .collect(),
        plans,
        archived: HashMap::new(),
        ids: HashMap::new(),
        doc_rows: doc.row_index(),
        rows_by_id: doc
            .tables
            .iter()
            .map(|t| {
                (
                    t.table.id.as_str(),
                    t.rows.iter().map(|r| (r.id.as_str(), r)).collect(),
                )
            })
            .collect(),
        people: HashMap::new(),
        people_created: 0,
        deferred: Vec::new(),
        rejected: std::collections::HashSet::new(),
        problems,
        spent: Default::default(),
    };
    step.done("catalog and plan");
    r.load_archive(conn).await?;
    step.done("read coda.rows");
    r.archive_tables(conn).await?;
    step.done("write coda.tables and coda.columns");
    let (mut preparing, mut writing) = (Duration::ZERO, Duration::ZERO);

    let total: usize = doc.tables.iter().map(|t| t.rows.len()).sum();
    progress.start("rows", Some(total as u64));
    for i in plan::load_order(&r.plans) {
        let pulled = r.plans[i].pulled;
        progress.message(&pulled.table.name);
        let mut batch = Batch::default();
        for row in &pulled.rows {
            let started = Instant::now();
            while let Prepared::FlushFirst = r.prepare_row(i, row, &mut batch) {
                r.flush(conn, i, &mut batch).await?;
            }
            preparing += started.elapsed();
            if batch.len() >= batch::ROWS {
                let started = Instant::now();
                r.flush(conn, i, &mut batch).await?;
                writing += started.elapsed();
            }
            progress.advance(1);
        }
        let started = Instant::now();
        r.flush(conn, i, &mut batch).await?;
        writing += started.elapsed();
    }
    progress.finish();
    progress.timing("rows: prepare", preparing);
    progress.timing("rows: write", writing);
    for (name, nanos) in WRITE_STEPS.iter().zip(&r.spent) {
        progress.timing(name, Duration::from_nanos(nanos.load(Ordering::Relaxed)));
    }
    step.at = Instant::now();
    r.set_deferred(conn).await?;
    r.gone_from_coda();
    step.done("deferred references");
    if r.problems.is_empty() {
        let sums = reconcile::sums(conn, &r.plans, &r.ids, r.mapping).await?;
        for (i, checks) in sums {
            for s in &checks {
                if !s.agrees() {
                    r.problems.push(Problem {
                        table: r.plans[i].label(),
                        row_id: String::new(),
                        column: s.column.clone(),
                        value: String::new(),
                        reason: format!(
                            "sum in Coda {} differs from the sum in {}.{} {}",
                            s.coda,
                            r.plans[i]
                                .target
                                .as_ref()
                                .map(|t| t.name.as_str())
                                .unwrap_or("?"),
                            s.target_column,
                            s.postgres
                        ),
                    });
                }
            }
            r.reports[i].sums = checks;
        }
    }
    step.done("sums");
    for i in 0..r.plans.len() {
        if r.plans[i].kind == TableKind::View && r.plans[i].target.is_some() {
            r.reports[i].differences =
                reconcile::view(conn, &r.plans[i], r.mapping, &r.ids, &mut r.problems).await?;
        }
    }
    step.done("views");
    let report = Report {
        doc_id: doc.doc_id.clone(),
        dry_run: options.dry_run,
        committed: false,
        people_created: r.people_created,
        tables: r.reports,
        problems: Vec::new(),
    };
    Ok((report, r.problems))
}

/// Bump when coercion or the mapped-row fingerprint changes meaning, so no stored plan_hash matches.
const FINGERPRINT_VERSION: u32 = 1;

/// Per plan, the sha256 of what its rows' mapped form depends on besides their own values: the
/// mapping (labels, aliases, default currency), the plan's target and columns (types, labels,
/// currency columns), the Coda columns' formats, where every table's rows are kept (relations are
/// checked against it), and the SDK's version. Debug forms: every part is ordered (Vec, BTreeMap).
fn plan_hashes(mapping: &Mapping, plans: &[TablePlan<'_>]) -> Vec<Vec<u8>> {
    let homes: Vec<(&str, Option<&str>)> = plans
        .iter()
        .map(|p| (p.pulled.table.id.as_str(), p.writes_to()))
        .collect();
    let common = format!(
        "erp-coda {} fingerprint {FINGERPRINT_VERSION}\n{mapping:?}\n{homes:?}",
        env!("CARGO_PKG_VERSION")
    );
    plans
        .iter()
        .map(|p| {
            sha256(&format!(
                "{common}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
                p.kind, p.target, p.columns, p.mapping, p.pulled.columns
            ))
        })
        .collect()
}

/// Reports how long each step of the import took.
struct Steps<'p> {
    progress: &'p dyn Progress,
    at: Instant,
}

impl Steps<'_> {
    fn done(&mut self, name: &str) {
        self.progress.timing(name, self.at.elapsed());
        self.at = Instant::now();
    }
}

fn table_report(p: &TablePlan<'_>) -> TableReport {
    TableReport {
        table_id: p.pulled.table.id.clone(),
        name: p.pulled.table.name.clone(),
        target: p.archive_target(),
        kind: match p.kind {
            TableKind::Table => "table",
            TableKind::View => "view",
            TableKind::Archive => "archive",
        }
        .into(),
        coda_rows: p.pulled.rows.len(),
        unmapped_columns: p.unmapped.clone(),
        notes: p.notes.clone(),
        ..TableReport::default()
    }
}

/// Renders a sea-query statement with every value bound.
fn build<S: SqlxBinder>(stmt: &S) -> (String, sea_query_sqlx::SqlxValues) {
    stmt.build_sqlx(PostgresQueryBuilder)
}

async fn execute<S: SqlxBinder>(conn: &mut PgConnection, stmt: &S) -> Result<u64, sqlx::Error> {
    let (sql, values) = build(stmt);
    Ok(sqlx::query_with(AssertSqlSafe(sql), values)
        .execute(conn)
        .await?
        .rows_affected())
}

async fn fetch_id<S: SqlxBinder>(
    conn: &mut PgConnection,
    stmt: &S,
) -> Result<Option<i64>, sqlx::Error> {
    let (sql, values) = build(stmt);
    sqlx::query_scalar_with::<_, i64, _>(AssertSqlSafe(sql), values)
        .fetch_optional(conn)
        .await
}

/// `("erp", "tasks")` as a sea-query table name.
pub(crate) fn table_name(qualified: &str) -> (Alias, Alias) {
    let (schema, table) = qualified.split_once('.').unwrap_or(("public", qualified));
    (Alias::new(schema), Alias::new(table))
}

/// A typed NULL, so PostgreSQL sees the column's type for the parameter.
fn null_of(t: PgType) -> SqlValue {
    match t {
        PgType::Text | PgType::Other => SqlValue::String(None),
        PgType::Integer => SqlValue::BigInt(None),
        PgType::Numeric => SqlValue::Decimal(None),
        PgType::Float => SqlValue::Double(None),
        PgType::Bool => SqlValue::Bool(None),
        PgType::Date => SqlValue::ChronoDate(None),
        PgType::Timestamptz => SqlValue::ChronoDateTimeWithTimeZone(None),
        PgType::Timestamp => SqlValue::ChronoDateTime(None),
        PgType::Json => SqlValue::Json(None),
        PgType::Uuid => SqlValue::Uuid(None),
        PgType::TextArray => SqlValue::Array(sea_query::ArrayType::String, None),
        PgType::IntegerArray => SqlValue::Array(sea_query::ArrayType::BigInt, None),
    }
}

/// A resolved cell as a bind value (references must already be ids).
fn bind_value(cell: Cell, t: PgType) -> SqlValue {
    match cell {
        Cell::Null | Cell::Omit | Cell::Ref(_) | Cell::RefList(_) | Cell::Person { .. } => {
            null_of(t)
        }
        Cell::Text(s) => s.into(),
        Cell::Int(i) => i.into(),
        Cell::Numeric(d) => d.into(),
        Cell::Float(f) => f.into(),
        Cell::Bool(b) => b.into(),
        Cell::Date(d) => d.into(),
        Cell::Timestamptz(t) => t.into(),
        Cell::Timestamp(t) => t.into(),
        Cell::Json(v) => v.into(),
        Cell::Uuid(u) => u.into(),
        Cell::TextArray(v) => v.into(),
        Cell::IntArray(v) => v.into(),
    }
}

/// What a reference resolves to now.
enum Resolved {
    Id(i64),
    Later,
    /// The referenced row has a problem of its own.
    Rejected,
}

impl<'a> Run<'a> {
    async fn load_archive(&mut self, conn: &mut PgConnection) -> Result<(), Error> {
        let table_ids: Vec<String> = self.doc.tables.iter().map(|t| t.table.id.clone()).collect();
        let planned: HashMap<String, Vec<u8>> = sqlx::query_as(
            "SELECT table_id, plan_hash FROM coda.tables
             WHERE table_id = ANY($1) AND plan_hash IS NOT NULL",
        )
        .bind(&table_ids)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
        for (k, p) in self.plans.iter().enumerate() {
            self.same_plan[k] = planned.get(&p.pulled.table.id) == Some(&self.plan_hashes[k])
                && p.mapping.is_none_or(|m| m.fill.is_empty());
        }
        #[derive(sqlx::FromRow)]
        struct ArchivedRow {
            table_id: String,
            row_id: String,
            target_id: Option<i64>,
            values_hash: Vec<u8>,
            mapped_hash: Option<Vec<u8>>,
        }
        let rows: Vec<ArchivedRow> = sqlx::query_as(
            "SELECT table_id, row_id, target_id, values_hash, mapped_hash FROM coda.rows
             WHERE target_id IS NOT NULL OR table_id = ANY($1)",
        )
        .bind(&table_ids)
        .fetch_all(&mut *conn)
        .await?;
        for r in rows {
            if let Some(id) = r.target_id {
                self.ids.insert(
                    RowRef {
                        table_id: r.table_id.clone(),
                        row_id: r.row_id.clone(),
                    },
                    id,
                );
            }
            self.archived.entry(r.table_id).or_default().insert(
                r.row_id,
                Archived {
                    target_id: r.target_id,
                    values_hash: r.values_hash,
                    mapped_hash: r.mapped_hash,
                },
            );
        }
        Ok(())
    }

    /// Records the doc's tables and columns in coda.tables / coda.columns, touching only what changed
    /// (a statement for the tables and one for the columns).
    async fn archive_tables(&self, conn: &mut PgConnection) -> Result<(), Error> {
        let tables = |f: fn(&TablePlan<'a>, &PulledDoc) -> Option<String>| -> Vec<Option<String>> {
            self.plans.iter().map(|p| f(p, self.doc)).collect()
        };
        sqlx::query(
            "INSERT INTO coda.tables AS t (table_id, doc_id, name, target_table, plan_hash)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[])
             ON CONFLICT (table_id) DO UPDATE
             SET doc_id = EXCLUDED.doc_id, name = EXCLUDED.name, target_table = EXCLUDED.target_table,
                 plan_hash = EXCLUDED.plan_hash, imported_at = now()
             WHERE (t.doc_id, t.name, t.target_table, t.plan_hash) IS DISTINCT FROM
                   (EXCLUDED.doc_id, EXCLUDED.name, EXCLUDED.target_table, EXCLUDED.plan_hash)",
        )
        .bind(tables(|p, _| Some(p.pulled.table.id.clone())))
        .bind(tables(|_, d| Some(d.doc_id.clone())))
        .bind(tables(|p, _| Some(p.pulled.table.name.clone())))
        .bind(tables(|p, _| p.archive_target()))
        // Stored with the import's other writes: it counts only once the import commits.
        .bind(&self.plan_hashes)
        .execute(&mut *conn)
        .await?;
        let mut columns: [Vec<Option<String>>; 4] = Default::default();
        let mut formats: Vec<Value> = Vec::new();
        for p in &self.plans {
            for c in &p.pulled.columns {
                let target = p
                    .columns
                    .iter()
                    .find(|cp| cp.coda_id == c.id)
                    .map(|cp| cp.target.name.clone());
                columns[0].push(Some(p.pulled.table.id.clone()));
                columns[1].push(Some(c.id.clone()));
                columns[2].push(Some(c.name.clone()));
                formats.push(c.format.clone());
                columns[3].push(target);
            }
        }
        let [table_ids, column_ids, names, targets] = columns;
        sqlx::query(
            "INSERT INTO coda.columns AS c (table_id, column_id, name, format, target_column)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[])
             ON CONFLICT (table_id, column_id) DO UPDATE
             SET name = EXCLUDED.name, format = EXCLUDED.format, target_column = EXCLUDED.target_column,
                 imported_at = now()
             WHERE (c.name, c.format, c.target_column) IS DISTINCT FROM
                   (EXCLUDED.name, EXCLUDED.format, EXCLUDED.target_column)",
        )
        .bind(table_ids)
        .bind(column_ids)
        .bind(names)
        .bind(formats)
        .bind(targets)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    fn problem(
        &self,
        plan: usize,
        row: &str,
        column: &str,
        value: &Value,
        reason: impl Into<String>,
    ) -> Problem {
        Problem {
            table: self.plans[plan].label(),
            row_id: row.to_owned(),
            column: column.to_owned(),
            value: if value.is_null() {
                String::new()
            } else {
                value.to_string()
            },
            reason: reason.into(),
        }
    }

    /// Coerces and resolves a row, and queues what it writes in `batch`.
    fn prepare_row(&mut self, i: usize, row: &'a CodaRow, batch: &mut Batch<'a>) -> Prepared {
        let started = Instant::now();
        let values_hash = canonical_hash(&row.values);
        self.spend(3, started);
        let table_id = self.plans[i].pulled.table.id.clone();
        let archived = self
            .archived
            .get(table_id.as_str())
            .and_then(|t| t.get(row.id.as_str()))
            .cloned();
        let Some(target) = self.plans[i].writes_to().map(str::to_owned) else {
            if archived.as_ref().map(|a| &a.values_hash) != Some(&values_hash) {
                let entry = self.archive_entry(i, row, values_hash, None, None);
                batch.archive.push(entry);
            }
            self.reports[i].archived_only += 1;
            return Prepared::Done;
        };

        if self.same_plan[i]
            && let Some(a) = &archived
            && a.target_id.is_some()
            && a.mapped_hash.is_some()
            && a.values_hash == values_hash
        {
            // Same values, mapped the same way: the same mapped_hash, without coercing a cell. The
            // row's id is already known from coda.rows.
            self.reports[i].unchanged += 1;
            return Prepared::Done;
        }
        let mut problems = Vec::new();
        let mut cells: Vec<(Arc<ColumnPlan>, Cell)> = Vec::new();
        let mut currencies: BTreeMap<String, (TargetColumn, String)> = BTreeMap::new();
        let table_mapping = self.plans[i].mapping;
        let mapping = self.mapping;
        for (k, cp) in self.columns[i].clone().into_iter().enumerate() {
            let raw = row.values.get(&cp.coda_id).unwrap_or(&Value::Null);
            let label = |coda: &str, allowed: &[String]| {
                mapping
                    .label(table_mapping, &cp.target.name, coda, allowed)
                    .map(str::to_owned)
            };
            match coerce(raw, &cp.target, &label) {
                Ok(c) => {
                    if let Some(scale) = numeric_scale(&cp.target.sql_type)
                        && let Cell::Numeric(d) = &c.cell
                        && d.normalize().scale() > scale
                    {
                        problems.push(self.problem(
                            i,
                            &row.id,
                            &cp.coda_name,
                            raw,
                            format!(
                                "{} keeps {scale} decimal places; {d} would be rounded",
                                cp.target.sql_type
                            ),
                        ));
                    }
                    // Money with no currency of its own (or a plain number in a money column) takes the
                    // Coda column's currency, else the mapping's default.
                    let coda_column = self.coda_columns[i][k];
                    let currency = c.currency.or_else(|| {
                        let money_column =
                            coda_column.is_some_and(|col| col.format_type() == "currency");
                        (money_column
                            && cp.currency_column.is_some()
                            && matches!(c.cell, Cell::Numeric(_)))
                        .then(|| {
                            coda_column
                                .and_then(|col| {
                                    col.format.get("currencyCode").and_then(Value::as_str)
                                })
                                .unwrap_or(mapping.default_currency())
                                .to_uppercase()
                        })
                    });
                    if let Some(cur) = currency {
                        match &cp.currency_column {
                            Some(cc) => match currencies.get(&cc.name) {
                                Some((_, other)) if *other != cur => problems.push(self.problem(
                                    i,
                                    &row.id,
                                    &cp.coda_name,
                                    raw,
                                    format!("currency {cur} differs from {other} in the same row's {}", cc.name),
                                )),
                                _ => {
                                    currencies.insert(cc.name.clone(), (cc.clone(), cur));
                                }
                            },
                            None if cur != mapping.default_currency() => problems.push(self.problem(
                                i,
                                &row.id,
                                &cp.coda_name,
                                raw,
                                format!(
                                    "{target} has no currency column, so only {} amounts can be stored",
                                    mapping.default_currency()
                                ),
                            )),
                            None => {}
                        }
                    }
                    cells.push((cp, c.cell));
                }
                Err(reason) => problems.push(self.problem(i, &row.id, &cp.coda_name, raw, reason)),
            }
        }
        for (name, (column, cur)) in currencies {
            cells.push((
                Arc::new(ColumnPlan {
                    coda_id: String::new(),
                    coda_name: format!("{name} (from the money's currency)"),
                    target: column,
                    currency_column: None,
                }),
                Cell::Text(cur),
            ));
        }
        self.apply_fill_rules(i, row, &mut cells, &mut problems);

        // Relations and people become ids; references to rows not loaded yet wait for the second pass.
        let mut later: Vec<(Arc<ColumnPlan>, Cell)> = Vec::new();
        let mut consequence = false;
        let mut fingerprint = String::from(target.as_str());
        let mut resolved: Vec<(Arc<ColumnPlan>, Cell)> = Vec::with_capacity(cells.len());
        cells.sort_by(|a, b| a.0.target.name.cmp(&b.0.target.name));
        for (cp, cell) in cells {
            fingerprint.push('\n');
            fingerprint.push_str(&cp.target.name);
            fingerprint.push('=');
            cell.write_fingerprint(&mut fingerprint);
            let raw = row.values.get(&cp.coda_id).unwrap_or(&Value::Null);
            let waits_for_batch =
                |r: &RowRef| r.table_id == table_id && batch.keys.contains(r.row_id.as_str());
            // A reference into the batch itself (a self-reference) is set in the second pass, as a
            // reference to a row loaded later is; only a NOT NULL column makes the batch flush first.
            let into_batch = match &cell {
                Cell::Ref(r) => waits_for_batch(r),
                Cell::RefList(refs) => refs.iter().any(waits_for_batch),
                _ => false,
            };
            if into_batch {
                if cp.target.not_null {
                    return Prepared::FlushFirst;
                }
                later.push((cp, cell));
                continue;
            }
            match cell {
                Cell::Ref(ref r) => match self.resolve(i, &cp.target, r) {
                    Ok(Resolved::Id(id)) => resolved.push((cp, Cell::Int(id))),
                    Ok(Resolved::Later) if cp.target.not_null => problems.push(self.problem(
                        i,
                        &row.id,
                        &cp.coda_name,
                        raw,
                        "refers to a row loaded later, and the column is NOT NULL".to_owned(),
                    )),
                    Ok(Resolved::Later) => later.push((cp, cell)),
                    Ok(Resolved::Rejected) => consequence = true,
                    Err(reason) => {
                        problems.push(self.problem(i, &row.id, &cp.coda_name, raw, reason))
                    }
                },
                Cell::RefList(ref refs) => {
                    let mut ids = Vec::new();
                    let mut wait = false;
                    for r in refs {
                        match self.resolve(i, &cp.target, r) {
                            Ok(Resolved::Id(id)) => ids.push(id),
                            Ok(Resolved::Later) => wait = true,
                            Ok(Resolved::Rejected) => consequence = true,
                            Err(reason) => {
                                problems.push(self.problem(i, &row.id, &cp.coda_name, raw, reason))
                            }
                        }
                    }
                    if wait {
                        later.push((cp, cell));
                    } else {
                        resolved.push((cp, Cell::IntArray(ids)));
                    }
                }
                Cell::Person { name, email } => {
                    batch.people.push((name.clone(), email.clone()));
                    resolved.push((cp, Cell::Person { name, email }));
                }
                cell => resolved.push((cp, cell)),
            }
        }
        let mapped_hash = sha256(&fingerprint);
        if !problems.is_empty() || consequence {
            self.reports[i].rejected += 1;
            self.problems.extend(problems);
            self.rejected.insert(RowRef {
                table_id,
                row_id: row.id.clone(),
            });
            return Prepared::Done;
        }

        let linked = archived.as_ref().and_then(|a| a.target_id);
        if let (Some(_), Some(a)) = (linked, &archived)
            && a.mapped_hash.as_deref() == Some(mapped_hash.as_slice())
        {
            if a.values_hash != values_hash {
                let entry = self.archive_entry(i, row, values_hash, linked, Some(mapped_hash));
                batch.archive.push(entry);
            }
            self.reports[i].unchanged += 1;
            return Prepared::Done;
        }
        batch.keys.insert(row.id.as_str());
        batch.rows.push(Pending {
            row,
            values_hash,
            mapped_hash,
            linked,
            resolved,
            later,
        });
        Prepared::Done
    }

    /// Writes the batch: people first, then in one savepoint the archive entries and the rows, a chunk
    /// to a statement. When the database refuses anything in it, the savepoint is rolled back and the
    /// batch written again row by row, so each refused row is reported with its reason.
    async fn flush(
        &mut self,
        conn: &mut PgConnection,
        i: usize,
        batch: &mut Batch<'a>,
    ) -> Result<(), Error> {
        let started = Instant::now();
        self.resolve_people(conn, &mut batch.people).await?;
        self.spend(0, started);
        let mut rows = std::mem::take(&mut batch.rows);
        batch.keys.clear();
        let queued = std::mem::take(&mut batch.archive);
        if rows.is_empty() && queued.is_empty() {
            return Ok(());
        }
        for p in &mut rows {
            for (_, cell) in &mut p.resolved {
                if let Cell::Person { email, .. } = cell {
                    let id = self.people.get(&email.trim().to_lowercase()).copied();
                    *cell =
                        Cell::Int(id.ok_or_else(|| {
                            Error::Mapping(format!("no erp.people id for {email}"))
                        })?);
                }
            }
        }
        sqlx::query("SAVEPOINT coda_batch")
            .execute(&mut *conn)
            .await?;
        let started = Instant::now();
        let mut written = batch::archive(conn, &queued).await.map(|()| Vec::new());
        self.spend(2, started);
        if written.is_ok() && !rows.is_empty() {
            written = self.write_batch(conn, i, &rows).await;
        }
        match written {
            Ok(written) => {
                sqlx::query("RELEASE SAVEPOINT coda_batch")
                    .execute(&mut *conn)
                    .await?;
                for (p, (id, inserted)) in rows.into_iter().zip(written) {
                    self.written(i, p, id, inserted);
                }
            }
            Err(sqlx::Error::Database(_)) => {
                for undo in [
                    "ROLLBACK TO SAVEPOINT coda_batch",
                    "RELEASE SAVEPOINT coda_batch",
                ] {
                    sqlx::query(undo).execute(&mut *conn).await?;
                }
                batch::archive(conn, &queued).await?;
                for p in rows {
                    self.write_one(conn, i, p).await?;
                }
            }
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }

    /// A written row: its id for later references, its deferred references, its count.
    fn written(&mut self, i: usize, p: Pending<'a>, id: i64, inserted: bool) {
        if inserted {
            self.reports[i].inserted += 1;
        } else {
            self.reports[i].updated += 1;
        }
        self.ids.insert(
            RowRef {
                table_id: self.plans[i].pulled.table.id.clone(),
                row_id: p.row.id.clone(),
            },
            id,
        );
        for (column, cell) in p.later {
            let raw = p
                .row
                .values
                .get(&column.coda_id)
                .cloned()
                .unwrap_or(Value::Null);
            self.deferred.push(Deferred {
                plan: i,
                row_id: p.row.id.clone(),
                target_id: id,
                column,
                cell,
                raw,
            });
        }
    }

    /// A batch's rows: adopted people and linked rows updated, new rows inserted a chunk to a
    /// statement, then their archive entries; each row's id and whether it was inserted.
    async fn write_batch(
        &self,
        conn: &mut PgConnection,
        i: usize,
        rows: &[Pending<'a>],
    ) -> Result<Vec<(i64, bool)>, sqlx::Error> {
        let target = self.plans[i].writes_to().unwrap_or_default();
        let sets: Vec<Vec<(String, SqlValue)>> = rows.iter().map(|p| set_of(&p.resolved)).collect();
        let mut existing: Vec<Option<i64>> = rows.iter().map(|p| p.linked).collect();
        if target == "erp.people" {
            let wanted: Vec<(usize, String)> = rows
                .iter()
                .enumerate()
                .filter(|(k, _)| existing[*k].is_none())
                .filter_map(|(k, p)| Some((k, email_of(&p.resolved)?)))
                .collect();
            if !wanted.is_empty() {
                let started = Instant::now();
                let keys: Vec<String> = wanted.iter().map(|(_, e)| e.clone()).collect();
                let mut free: HashMap<String, VecDeque<i64>> = HashMap::new();
                for (key, id) in batch::adoptable_people(conn, &keys).await? {
                    free.entry(key).or_default().push_back(id);
                }
                // As row by row: each row takes the lowest free id with its email.
                for (k, key) in wanted {
                    existing[k] = free.get_mut(&key).and_then(VecDeque::pop_front);
                }
                self.spend(0, started);
            }
        }
        let started = Instant::now();
        let mut out = vec![(0, false); rows.len()];
        let mut new = Vec::new();
        for (k, set) in sets.iter().enumerate() {
            match existing[k] {
                Some(id) if set.is_empty() => out[k] = (id, false),
                Some(id) => {
                    let mut update = Query::update();
                    update
                        .table(table_name(target))
                        .values(
                            set.iter()
                                .map(|(c, v)| (Alias::new(c), Expr::val(v.clone()))),
                        )
                        .and_where(Expr::col(Alias::new("id")).eq(id));
                    if execute(conn, &update).await? == 1 {
                        out[k] = (id, false);
                    } else {
                        // Deleted in PostgreSQL since: Coda wins until cutover, so it comes back.
                        new.push(k);
                    }
                }
                None => new.push(k),
            }
        }
        let new_sets: Vec<&[(String, SqlValue)]> =
            new.iter().map(|&k| sets[k].as_slice()).collect();
        let ids = batch::insert_rows(conn, target, &new_sets).await?;
        for (&k, id) in new.iter().zip(ids) {
            out[k] = (id, true);
        }
        self.spend(1, started);
        let started = Instant::now();
        let entries: Vec<ArchiveRow> = rows
            .iter()
            .zip(&out)
            .map(|(p, (id, _))| {
                self.archive_entry(
                    i,
                    p.row,
                    p.values_hash.clone(),
                    Some(*id),
                    Some(p.mapped_hash.clone()),
                )
            })
            .collect();
        batch::archive(conn, &entries).await?;
        self.spend(2, started);
        Ok(out)
    }

    /// One row in its own savepoint, as every row was written before batches: a row the database
    /// refuses is reported and the import goes on, so a dry run lists every problem at once.
    async fn write_one(
        &mut self,
        conn: &mut PgConnection,
        i: usize,
        p: Pending<'a>,
    ) -> Result<(), Error> {
        let row = p.row;
        let target = self.plans[i].writes_to().unwrap_or_default().to_owned();
        sqlx::query("SAVEPOINT coda_row")
            .execute(&mut *conn)
            .await?;
        let written = self
            .write_row(conn, i, row, &target, p.linked, &p.resolved)
            .await;
        match written {
            Ok((id, inserted)) => {
                let entry = self.archive_entry(
                    i,
                    row,
                    p.values_hash.clone(),
                    Some(id),
                    Some(p.mapped_hash.clone()),
                );
                batch::archive(conn, &[entry]).await?;
                sqlx::query("RELEASE SAVEPOINT coda_row")
                    .execute(&mut *conn)
                    .await?;
                self.written(i, p, id, inserted);
                Ok(())
            }
            Err(sqlx::Error::Database(e)) => {
                sqlx::query("ROLLBACK TO SAVEPOINT coda_row")
                    .execute(&mut *conn)
                    .await?;
                let constraint = e.constraint().unwrap_or_default().to_owned();
                let (column, raw) = p
                    .resolved
                    .iter()
                    .find(|(cp, _)| !constraint.is_empty() && constraint.contains(&cp.target.name))
                    .map(|(cp, _)| {
                        (
                            cp.coda_name.clone(),
                            row.values.get(&cp.coda_id).cloned().unwrap_or(Value::Null),
                        )
                    })
                    .unwrap_or_default();
                let reason = if constraint.is_empty() {
                    format!("{target} refused the row: {}", e.message())
                } else {
                    format!("{target} refused the row ({constraint}): {}", e.message())
                };
                let problem = self.problem(i, &row.id, &column, &raw, reason);
                self.problems.push(problem);
                self.reports[i].rejected += 1;
                self.rejected.insert(RowRef {
                    table_id: self.plans[i].pulled.table.id.clone(),
                    row_id: row.id.clone(),
                });
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Inserts or updates the target row; returns its id and whether it was inserted.
    async fn write_row(
        &self,
        conn: &mut PgConnection,
        i: usize,
        row: &CodaRow,
        target: &str,
        linked: Option<i64>,
        cells: &[(Arc<ColumnPlan>, Cell)],
    ) -> Result<(i64, bool), sqlx::Error> {
        let set: Vec<(Alias, SqlValue)> = cells
            .iter()
            .filter(|(_, c)| *c != Cell::Omit)
            .map(|(cp, c)| {
                (
                    Alias::new(&cp.target.name),
                    bind_value(c.clone(), cp.target.pg_type),
                )
            })
            .collect();
        let existing = match linked {
            Some(id) => Some(id),
            // A person already in erp.people (created from a Person cell, or by hand) is adopted by
            // email rather than duplicated.
            None if target == "erp.people" => self.adoptable_person(conn, i, row, cells).await?,
            None => None,
        };
        if let Some(id) = existing {
            if set.is_empty() {
                return Ok((id, false));
            }
            let mut update = Query::update();
            update
                .table(table_name(target))
                .values(set.iter().map(|(c, v)| (c.clone(), Expr::val(v.clone()))))
                .and_where(Expr::col(Alias::new("id")).eq(id));
            if execute(conn, &update).await? == 1 {
                return Ok((id, false));
            }
            // The row was deleted in PostgreSQL since: Coda wins until cutover, so it comes back.
        }
        let mut insert = Query::insert();
        insert
            .into_table(table_name(target))
            .returning_col(Alias::new("id"));
        if set.is_empty() {
            insert.or_default_values();
        } else {
            insert.columns(set.iter().map(|(c, _)| c.clone()));
            insert
                .values(set.into_iter().map(|(_, v)| Expr::val(v)))
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        }
        let id = fetch_id(conn, &insert).await?.ok_or_else(|| {
            sqlx::Error::Protocol("INSERT ... RETURNING id returned nothing".into())
        })?;
        Ok((id, true))
    }

    /// An erp.people row with this row's email that no other Coda row owns.
    async fn adoptable_person(
        &self,
        conn: &mut PgConnection,
        _i: usize,
        _row: &CodaRow,
        cells: &[(Arc<ColumnPlan>, Cell)],
    ) -> Result<Option<i64>, sqlx::Error> {
        let Some(email) = email_of(cells) else {
            return Ok(None);
        };
        sqlx::query_scalar(
            "SELECT p.id FROM erp.people p
             WHERE lower(p.email) = $1
               AND NOT EXISTS (SELECT 1 FROM coda.rows r WHERE r.target_table = 'erp.people' AND r.target_id = p.id)
             ORDER BY p.id LIMIT 1",
        )
        .bind(email)
        .fetch_optional(conn)
        .await
    }

    /// The erp.people ids of the batch's Person cells, by email: found, or created when missing (in
    /// the order the cells came, the first cell's name for a new person).
    async fn resolve_people(
        &mut self,
        conn: &mut PgConnection,
        wanted: &mut Vec<(String, String)>,
    ) -> Result<(), Error> {
        let mut seen = HashSet::new();
        let mut missing: Vec<(String, String, String)> = Vec::new();
        for (name, email) in wanted.drain(..) {
            let key = email.trim().to_lowercase();
            if !self.people.contains_key(&key) && seen.insert(key.clone()) {
                missing.push((key, name.trim().to_owned(), email.trim().to_owned()));
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = missing.iter().map(|(k, _, _)| k.clone()).collect();
        for (key, id) in batch::find_people(conn, &keys).await? {
            self.people.insert(key, id);
        }
        missing.retain(|(k, _, _)| !self.people.contains_key(k));
        if missing.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = missing.iter().map(|(_, n, _)| n.as_str()).collect();
        let emails: Vec<&str> = missing.iter().map(|(_, _, e)| e.as_str()).collect();
        let created = batch::create_people(conn, &names, &emails).await?;
        if created.len() != missing.len() {
            return Err(Error::Mapping(format!(
                "INSERT erp.people of {} people returned {} ids",
                missing.len(),
                created.len()
            )));
        }
        self.people_created += created.len();
        for (email, id) in created {
            self.people.insert(email.trim().to_lowercase(), id);
        }
        Ok(())
    }

    /// A relation cell's target id, `Later` when its row is in the doc but not loaded yet.
    fn resolve(&self, i: usize, column: &TargetColumn, r: &RowRef) -> Result<Resolved, String> {
        let wanted = column.references.as_deref().unwrap_or("?");
        if let Some(&p) = self.plan_of.get(r.table_id.as_str()) {
            let plan = &self.plans[p];
            match plan.writes_to() {
                Some(t) if t == wanted => {}
                Some(t) => {
                    return Err(format!(
                        "a row of {} (kept in {t}), but {} references {wanted}",
                        plan.pulled.table.name, column.name
                    ));
                }
                None => {
                    return Err(format!(
                        "a row of {}, which has no PostgreSQL table, but {} references {wanted}",
                        plan.pulled.table.name, column.name
                    ));
                }
            }
        }
        if let Some(id) = self.ids.get(r) {
            return Ok(Resolved::Id(*id));
        }
        if self.rejected.contains(r) {
            return Ok(Resolved::Rejected);
        }
        let _ = i;
        if self
            .doc_rows
            .get(r.table_id.as_str())
            .is_some_and(|rows| rows.contains(r.row_id.as_str()))
        {
            return Ok(Resolved::Later);
        }
        Err(format!(
            "dangling relation: row {} of table {} does not exist",
            r.row_id, r.table_id
        ))
    }

    /// Seed 001's relationship update and its kin: an empty column takes the related row's value.
    fn apply_fill_rules(
        &self,
        i: usize,
        row: &CodaRow,
        cells: &mut Vec<(Arc<ColumnPlan>, Cell)>,
        problems: &mut Vec<Problem>,
    ) {
        let plan = &self.plans[i];
        let (Some(entry), Some(target)) = (plan.mapping, plan.target.as_ref()) else {
            return;
        };
        for rule in &entry.fill {
            let Some(column) = target.column(&rule.column) else {
                continue;
            };
            let filled = cells.iter().any(|(cp, c)| {
                cp.target.name == rule.column && !matches!(c, Cell::Null | Cell::Omit)
            });
            if filled {
                continue;
            }
            let Some(relation) = plan.pulled.column_named(&rule.relation) else {
                continue;
            };
            let raw = row.values.get(&relation.id).unwrap_or(&Value::Null);
            let Some(r) = row_refs(raw).into_iter().next() else {
                continue;
            };
            let source = self
                .doc
                .table(&r.table_id)
                .and_then(|t| t.column_named(&rule.from))
                .and_then(|c| {
                    self.rows_by_id
                        .get(r.table_id.as_str())?
                        .get(r.row_id.as_str())?
                        .values
                        .get(&c.id)
                });
            let Some(source) = source else {
                problems.push(self.problem(
                    i,
                    &row.id,
                    &relation.name,
                    raw,
                    format!(
                        "{} of the related row is not in the doc, so {} cannot be filled",
                        rule.from, rule.column
                    ),
                ));
                continue;
            };
            match coerce(source, column, &|_, _| None) {
                Ok(c) => {
                    cells.retain(|(cp, _)| cp.target.name != rule.column);
                    cells.push((
                        Arc::new(ColumnPlan {
                            coda_id: relation.id.clone(),
                            coda_name: format!(
                                "{} ({} of the related row)",
                                relation.name, rule.from
                            ),
                            target: column.clone(),
                            currency_column: None,
                        }),
                        c.cell,
                    ));
                }
                Err(reason) => {
                    problems.push(self.problem(i, &row.id, &relation.name, source, reason))
                }
            }
        }
    }

    /// Second pass: references into rows loaded after their referrer (cycles, self-references), one
    /// statement per column for single references.
    async fn set_deferred(&mut self, conn: &mut PgConnection) -> Result<(), Error> {
        let mut singles: BTreeMap<(usize, String), (Vec<i64>, Vec<i64>)> = BTreeMap::new();
        for d in std::mem::take(&mut self.deferred) {
            let refs = match &d.cell {
                Cell::Ref(r) => vec![r.clone()],
                Cell::RefList(v) => v.clone(),
                _ => continue,
            };
            let mut ids = Vec::new();
            for r in &refs {
                match self.ids.get(r) {
                    Some(id) => ids.push(*id),
                    // Its own problem is reported; this import is rolled back anyway.
                    None if self.rejected.contains(r) => {}
                    None => {
                        let p = self.problem(
                            d.plan,
                            &d.row_id,
                            &d.column.coda_name,
                            &d.raw,
                            format!(
                                "refers to row {} of {}, which could not be imported",
                                r.row_id, r.table_id
                            ),
                        );
                        self.problems.push(p);
                    }
                }
            }
            if ids.len() != refs.len() {
                continue;
            }
            let Some(target) = self.plans[d.plan].writes_to() else {
                continue;
            };
            match (d.cell, ids.first()) {
                (Cell::RefList(_), _) => {
                    let mut update = Query::update();
                    update
                        .table(table_name(target))
                        .value(Alias::new(&d.column.target.name), Expr::val(ids))
                        .and_where(Expr::col(Alias::new("id")).eq(d.target_id));
                    execute(conn, &update).await?;
                }
                (_, Some(id)) => {
                    let (rows, values) = singles
                        .entry((d.plan, d.column.target.name.clone()))
                        .or_default();
                    rows.push(d.target_id);
                    values.push(*id);
                }
                (_, None) => {}
            }
        }
        for ((plan, column), (rows, values)) in singles {
            if let Some(target) = self.plans[plan].writes_to() {
                batch::set_ids(conn, target, &column, &rows, &values).await?;
            }
        }
        Ok(())
    }

    /// Rows imported before whose Coda row is gone: reported, never deleted.
    fn gone_from_coda(&mut self) {
        for (i, p) in self.plans.iter().enumerate() {
            let present = self.doc_rows.get(p.pulled.table.id.as_str());
            let mut gone: Vec<String> = self
                .archived
                .get(p.pulled.table.id.as_str())
                .into_iter()
                .flat_map(HashMap::keys)
                .filter(|r| !present.is_some_and(|s| s.contains(r.as_str())))
                .cloned()
                .collect();
            gone.sort();
            self.reports[i].gone_from_coda = gone;
        }
    }

    /// The coda.rows entry of a row.
    fn archive_entry(
        &self,
        i: usize,
        row: &CodaRow,
        values_hash: Vec<u8>,
        target_id: Option<i64>,
        mapped_hash: Option<Vec<u8>>,
    ) -> ArchiveRow {
        let plan = &self.plans[i];
        let ts = |s: &Option<String>| {
            s.as_deref()
                .and_then(crate::value::parse_datetime)
                .map(|t| t.with_timezone(&chrono::Utc))
        };
        ArchiveRow {
            table_id: plan.pulled.table.id.clone(),
            row_id: row.id.clone(),
            name: row.name.clone(),
            target_table: plan.archive_target(),
            target_id,
            values: Value::Object(row.values.clone()),
            values_hash,
            mapped_hash,
            created_at: ts(&row.created_at),
            updated_at: ts(&row.updated_at),
        }
    }
}

/// The columns a row sets and their bound values (`Omit` leaves a column to its default).
fn set_of(cells: &[(Arc<ColumnPlan>, Cell)]) -> Vec<(String, SqlValue)> {
    cells
        .iter()
        .filter(|(_, c)| *c != Cell::Omit)
        .map(|(cp, c)| {
            (
                cp.target.name.clone(),
                bind_value(c.clone(), cp.target.pg_type),
            )
        })
        .collect()
}

/// The lower-cased email a row of erp.people sets.
fn email_of(cells: &[(Arc<ColumnPlan>, Cell)]) -> Option<String> {
    cells.iter().find_map(|(cp, c)| match c {
        Cell::Text(e) if cp.target.name == "email" => Some(e.trim().to_lowercase()),
        _ => None,
    })
}

/// The scale of `numeric(p,s)`, if the type has one.
fn numeric_scale(sql_type: &str) -> Option<u32> {
    let inner = sql_type.strip_prefix("numeric(")?.strip_suffix(')')?;
    inner.split_once(',')?.1.trim().parse().ok()
}
