//! The CRUD every table shares: one generic implementation over [`Table`], and statement execution.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use sea_query::{
    Asterisk, ColumnRef, Condition, Expr, ExprTrait, IdenStatic, IntoColumnRef,
    PostgresQueryBuilder, Query, ReturningClause, SelectStatement,
};
use sea_query_sqlx::{SqlxBinder, SqlxValues};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{Acquire, AssertSqlSafe, FromRow, PgConnection, PgExecutor};
use tracing::Instrument;

use crate::error::{Error, Result};
use crate::page::{Page, PageRequest, SortKey, SortOrder, finish_page, page_query};
use crate::schema;
use crate::value::SqlValue;

/// PostgreSQL's limit on bind parameters in one statement.
pub const MAX_BIND_PARAMS: usize = 65_535;

/// What the shared CRUD needs to know about a table; implemented by `repository!` and `table_impl!`.
pub trait Table {
    /// The table's identifier enum, which names its columns.
    type Columns: schema::Table;
    /// `erp` or `agent`.
    const SCHEMA: &'static str = <Self::Columns as schema::Table>::SCHEMA;
    /// The table name, e.g. `tasks`.
    const NAME: &'static str = <Self::Columns as schema::Table>::NAME;
    /// `schema.table`, for errors.
    const QUALIFIED: &'static str = <Self::Columns as schema::Table>::QUALIFIED;
    /// Whether the table has a `global_id UUID` column.
    const HAS_GLOBAL_ID: bool;
    /// The columns an insert form can write, for the drift test.
    #[allow(dead_code)]
    const INSERT_FIELDS: &'static [Self::Columns];
    /// The columns an update form can write, for the drift test.
    #[allow(dead_code)]
    const UPDATE_FIELDS: &'static [Self::Columns];
    /// The typed id.
    type Id: Copy + Into<i64> + std::fmt::Display + Send + Sync;
    /// The row.
    type Row: for<'r> FromRow<'r, PgRow> + Serialize + Send + Unpin;
    /// What a caller sets on insert.
    type Insert: Sync;
    /// What a caller changes on update.
    type Update: Sync;
    /// The table's list filter.
    type Filter: Sync;
    /// The table's sort keys.
    type Sort: Into<SortKey> + Copy + Send + Sync + crate::page::SortKeys;

    /// Column values of an insert form; `None` lets the database fill the column (DEFAULT).
    fn insert_values(form: &Self::Insert) -> Result<Vec<(&'static str, Option<Expr>)>>;
    /// Column values an update form sets.
    fn update_values(form: &Self::Update) -> Result<Vec<(&'static str, Expr)>>;
    /// The filter as a condition on the table's columns.
    fn filter_condition(filter: &Self::Filter) -> Result<Condition>;
}

/// Converts one form field, naming the column when the value cannot be stored.
pub(crate) fn field<V: SqlValue + ?Sized>(column: &'static str, value: &V) -> Result<Expr> {
    value
        .sql_value()
        .and_then(|expr| crate::value::check_for_column(column, expr))
        .map_err(|reason| Error::invalid(column, reason))
}

/// A required insert field: always written.
pub(crate) fn required<V: SqlValue + ?Sized>(
    column: impl IdenStatic,
    value: &V,
) -> Result<(&'static str, Option<Expr>)> {
    let name = column.as_str();
    Ok((name, Some(field(name, value)?)))
}

/// An optional insert field: `None` leaves the column to its DEFAULT.
pub(crate) fn optional<V: SqlValue>(
    column: impl IdenStatic,
    value: Option<&V>,
) -> Result<(&'static str, Option<Expr>)> {
    let name = column.as_str();
    Ok((name, value.map(|v| field(name, v)).transpose()?))
}

/// An update field: `None` leaves the column as it is.
pub(crate) fn changed<V: SqlValue>(
    column: impl IdenStatic,
    value: Option<&V>,
) -> Result<Option<(&'static str, Expr)>> {
    let name = column.as_str();
    value.map(|v| Ok((name, field(name, v)?))).transpose()
}

/// Runs one repository call inside a `tracing` span (`erp_repo` at debug level) with its table and
/// operation, then records how many rows it returned or touched, or the error's code. Bound values are
/// never recorded: they may be personal data. Without a subscriber the span is disabled and costs a
/// relaxed atomic load (the `span_cost` group of `benches/benches/per_call.rs` measures it).
pub async fn traced<R>(
    table: &'static str,
    op: &'static str,
    rows: impl FnOnce(&R) -> u64,
    call: impl Future<Output = Result<R>>,
) -> Result<R> {
    let span = tracing::debug_span!(
        "erp_repo",
        table,
        op,
        rows = tracing::field::Empty,
        error = tracing::field::Empty
    );
    let out = call
        .instrument(span.clone())
        .await
        .map_err(|e| e.on_table(table));
    if !span.is_disabled() {
        match &out {
            Ok(r) => span.record("rows", rows(r)),
            Err(e) => span.record("error", e.code()),
        };
    }
    out
}

/// A domain operation (several statements, or one the shared CRUD does not build) in the same span as
/// [`traced`], recording only the error's code.
pub(crate) async fn traced_op<R>(
    table: &'static str,
    op: &'static str,
    call: impl Future<Output = Result<R>>,
) -> Result<R> {
    let span = tracing::debug_span!("erp_repo", table, op, error = tracing::field::Empty);
    let out = call.instrument(span.clone()).await;
    if let Err(e) = &out {
        span.record("error", e.code());
    }
    out
}

/// Renders a statement with every value as a bind parameter. The text is sea-query's own rendering of
/// static identifiers and `$n` placeholders, never caller input, hence the `AssertSqlSafe` below.
pub(crate) fn build<S: SqlxBinder>(stmt: &S) -> (String, SqlxValues) {
    stmt.build_sqlx(PostgresQueryBuilder)
}

/// Runs a statement and decodes every row.
pub async fn fetch_all<'e, R, S>(exec: impl PgExecutor<'e>, stmt: &S) -> Result<Vec<R>>
where
    R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
    S: SqlxBinder,
{
    let (sql, values) = build(stmt);
    Ok(sqlx::query_as_with::<_, R, _>(AssertSqlSafe(sql), values)
        .persistent(crate::pooler::named_statements())
        .fetch_all(exec)
        .await?)
}

/// Runs a statement and decodes at most one row.
pub(crate) async fn fetch_optional<'e, R, S>(
    exec: impl PgExecutor<'e>,
    stmt: &S,
) -> Result<Option<R>>
where
    R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
    S: SqlxBinder,
{
    let (sql, values) = build(stmt);
    Ok(sqlx::query_as_with::<_, R, _>(AssertSqlSafe(sql), values)
        .persistent(crate::pooler::named_statements())
        .fetch_optional(exec)
        .await?)
}

/// Runs a statement and returns how many rows it touched.
pub(crate) async fn execute<'e, S: SqlxBinder>(exec: impl PgExecutor<'e>, stmt: &S) -> Result<u64> {
    let (sql, values) = build(stmt);
    Ok(sqlx::query_with(AssertSqlSafe(sql), values)
        .persistent(crate::pooler::named_statements())
        .execute(exec)
        .await?
        .rows_affected())
}

fn not_found<T: Table>(id: impl std::fmt::Display) -> Error {
    Error::NotFound {
        table: T::QUALIFIED,
        id: id.to_string(),
    }
}

/// The tables that an opt-in step widens with a column the SDK does not declare: `erp-migrate pgvector
/// enable` (`erp-migrate/optional/pgvector.sql`) adds `embedding_vec vector(1536)` to these.
///
/// Their statements name every declared column instead of `*`. sqlx does not know the `vector` type; it
/// looks an unknown result type up with a query of its own in the middle of the call, which discards an
/// unnamed prepared statement (what the SDK sends through a transaction pooler, see [`crate::pooler`])
/// and fails the call. Other tables keep `*`: their columns are exactly the declared ones (the drift
/// test), and their statements stay what hand-written sqlx sends (the benchmarks compare the two).
pub(crate) const WIDENED_TABLES: [&str; 2] = ["agent.memory_entries", "agent.episodes"];

/// Whether `T`'s statements name their columns (see [`WIDENED_TABLES`]).
fn names_columns<T: Table>() -> bool {
    WIDENED_TABLES.contains(&T::QUALIFIED)
}

/// Every column the SDK declares for `T` ([`schema::Table::COLUMNS`]), in the table's order.
pub(crate) fn columns<T: Table>() -> impl Iterator<Item = T::Columns> {
    <T::Columns as schema::Table>::COLUMNS.iter().copied()
}

/// `RETURNING *`, or every declared column of a widened table (see [`WIDENED_TABLES`]).
pub(crate) fn returning<T: Table>() -> ReturningClause {
    if names_columns::<T>() {
        Query::returning().columns(columns::<T>())
    } else {
        Query::returning().all()
    }
}

/// `SELECT * FROM schema.table`, or every declared column of a widened table (see `WIDENED_TABLES`).
pub fn select<T: Table>() -> SelectStatement {
    let mut stmt = Query::select();
    if names_columns::<T>() {
        stmt.columns(columns::<T>());
    } else {
        stmt.column(Asterisk);
    }
    stmt.from((T::SCHEMA, T::NAME)).to_owned()
}

/// The columns of the rows `T`'s statements read, each qualified by `alias`: `alias.*`, or every declared
/// column of a widened table (see [`WIDENED_TABLES`]).
pub(crate) fn columns_of<T: Table>(alias: &'static str) -> Vec<ColumnRef> {
    if names_columns::<T>() {
        columns::<T>()
            .map(|c| (alias, c).into_column_ref())
            .collect()
    } else {
        vec![(alias, Asterisk).into_column_ref()]
    }
}

/// Inserts one row and returns it as stored.
pub(crate) async fn insert<'e, T: Table>(
    exec: impl PgExecutor<'e>,
    form: &T::Insert,
) -> Result<T::Row> {
    traced(T::QUALIFIED, "insert", |_| 1, async move {
        let mut stmt = Query::insert();
        stmt.into_table((T::SCHEMA, T::NAME))
            .returning(returning::<T>());
        let (columns, values): (Vec<_>, Vec<_>) = T::insert_values(form)?
            .into_iter()
            .filter_map(|(c, v)| v.map(|v| (c, v)))
            .unzip();
        if columns.is_empty() {
            stmt.or_default_values();
        } else {
            stmt.columns(columns);
            stmt.values(values)
                .map_err(|e| Error::invalid(T::QUALIFIED, e.to_string()))?;
        }
        let (sql, values) = build(&stmt);
        Ok(
            sqlx::query_as_with::<_, T::Row, _>(AssertSqlSafe(sql), values)
                .persistent(crate::pooler::named_statements())
                .fetch_one(exec)
                .await?,
        )
    })
    .await
}

/// Inserts many rows, as few statements as the bind-parameter limit allows, atomically; returns them
/// in the order given.
pub(crate) async fn insert_many<T: Table>(
    conn: &mut PgConnection,
    forms: &[T::Insert],
) -> Result<Vec<T::Row>> {
    traced(
        T::QUALIFIED,
        "insert_many",
        |rows| rows.len() as u64,
        async move {
            let rows: Vec<Vec<(&'static str, Option<Expr>)>> =
                forms.iter().map(T::insert_values).collect::<Result<_>>()?;
            if rows.is_empty() {
                return Ok(Vec::new());
            }
            // Every row of one statement names the same columns: the union of what any row sets, with
            // DEFAULT where a row leaves the column to the database.
            let mut columns: Vec<&'static str> = Vec::new();
            for row in &rows {
                for (c, v) in row {
                    if v.is_some() && !columns.contains(c) {
                        columns.push(c);
                    }
                }
            }
            if columns.is_empty() {
                // No row sets anything: one column of all-DEFAULT values still makes a valid multi-row VALUES.
                columns.extend(rows[0].first().map(|(c, _)| *c));
            }
            let per_chunk = (MAX_BIND_PARAMS / columns.len().max(1)).max(1);
            let mut tx = conn.begin().await?;
            let mut out = Vec::with_capacity(rows.len());
            for chunk in rows.chunks(per_chunk) {
                let mut stmt = Query::insert();
                stmt.into_table((T::SCHEMA, T::NAME))
                    .columns(columns.iter().copied())
                    .returning(returning::<T>());
                for row in chunk {
                    let values = columns.iter().map(|c| {
                        row.iter()
                            .find(|(rc, _)| rc == c)
                            .and_then(|(_, v)| v.clone())
                            .unwrap_or_else(|| Expr::cust("DEFAULT"))
                    });
                    stmt.values(values)
                        .map_err(|e| Error::invalid(T::QUALIFIED, e.to_string()))?;
                }
                // RETURNING follows VALUES order for a plain INSERT ... VALUES.
                out.extend(fetch_all::<T::Row, _>(&mut *tx, &stmt).await?);
            }
            tx.commit().await?;
            Ok(out)
        },
    )
    .await
}

/// `T`'s select by id (`... WHERE "id" = $1`), built by sea-query once per table and kept for the
/// process: its text never varies, and a get by id is the call where building it each time showed (issue
/// 14: the SDK's client CPU per pooled get was 5.7 µs over hand-written sqlx's, the same one statement
/// each). One leaked string per table, so at most as many as there are tables.
fn get_sql<T: Table>() -> &'static str {
    static BY_TABLE: OnceLock<RwLock<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let cache = BY_TABLE.get_or_init(Default::default);
    let known = cache
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(T::QUALIFIED)
        .copied();
    if let Some(sql) = known {
        return sql;
    }
    let (sql, _) = build(
        &select::<T>()
            .and_where(Expr::col("id").eq(0_i64))
            .to_owned(),
    );
    cache
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .entry(T::QUALIFIED)
        .or_insert_with(|| Box::leak(sql.into_boxed_str()))
}

/// The row with this id.
pub(crate) async fn get<'e, T: Table>(exec: impl PgExecutor<'e>, id: T::Id) -> Result<T::Row> {
    traced(T::QUALIFIED, "get", |_| 1, async move {
        let row = sqlx::query_as::<_, T::Row>(AssertSqlSafe(get_sql::<T>()))
            .bind(id.into())
            .persistent(crate::pooler::named_statements())
            .fetch_optional(exec)
            .await?;
        row.ok_or_else(|| not_found::<T>(id))
    })
    .await
}

/// The row with this global id.
pub(crate) async fn get_by_global_id<'e, T: Table>(
    exec: impl PgExecutor<'e>,
    global_id: uuid::Uuid,
) -> Result<T::Row> {
    traced(T::QUALIFIED, "get_by_global_id", |_| 1, async move {
        if !T::HAS_GLOBAL_ID {
            return Err(Error::invalid(
                "global_id",
                format!("{} has no global_id", T::QUALIFIED),
            ));
        }
        let stmt = select::<T>()
            .and_where(Expr::col("global_id").eq(global_id))
            .to_owned();
        fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| not_found::<T>(global_id))
    })
    .await
}

/// Applies the fields an update form sets and returns the row; an empty form changes nothing.
pub(crate) async fn update<'e, T: Table>(
    exec: impl PgExecutor<'e>,
    id: T::Id,
    form: &T::Update,
) -> Result<T::Row> {
    traced(T::QUALIFIED, "update", |_| 1, async move {
        let values = T::update_values(form)?;
        if values.is_empty() {
            return get::<T>(exec, id).await;
        }
        let mut stmt = Query::update();
        stmt.table((T::SCHEMA, T::NAME))
            .values(values)
            .and_where(Expr::col("id").eq(id.into()))
            .returning(returning::<T>());
        fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| not_found::<T>(id))
    })
    .await
}

/// Deletes the row with this id.
pub(crate) async fn delete<'e, T: Table>(exec: impl PgExecutor<'e>, id: T::Id) -> Result<()> {
    traced(T::QUALIFIED, "delete", |_| 1, async move {
        let stmt = Query::delete()
            .from_table((T::SCHEMA, T::NAME))
            .and_where(Expr::col("id").eq(id.into()))
            .to_owned();
        match execute(exec, &stmt).await? {
            0 => Err(not_found::<T>(id)),
            _ => Ok(()),
        }
    })
    .await
}

/// The select of [`list`] and its page size.
fn list_statement<T: Table>(
    filter: &T::Filter,
    order: SortOrder<T::Sort>,
    page: &PageRequest,
) -> Result<(SelectStatement, u64)> {
    let mut stmt = select::<T>();
    stmt.cond_where(T::filter_condition(filter)?);
    let limit = page_query(&mut stmt, order, page)?;
    Ok((stmt, limit))
}

/// The SQL text and bound values [`list`] runs.
pub(crate) fn list_sql<T: Table>(
    filter: &T::Filter,
    order: SortOrder<T::Sort>,
    page: &PageRequest,
) -> Result<(String, sea_query::Values)> {
    let (stmt, _) = list_statement::<T>(filter, order, page)?;
    Ok(stmt.build(PostgresQueryBuilder))
}

/// A page of rows matching `filter`, in `order`, after the page's cursor.
pub(crate) async fn list<'e, T: Table>(
    exec: impl PgExecutor<'e>,
    filter: &T::Filter,
    order: SortOrder<T::Sort>,
    page: &PageRequest,
) -> Result<Page<T::Row>> {
    traced(
        T::QUALIFIED,
        "list",
        |page| page.items.len() as u64,
        async move {
            let (stmt, limit) = list_statement::<T>(filter, order, page)?;
            let items = fetch_all::<T::Row, _>(exec, &stmt).await?;
            finish_page(items, order, limit)
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    /// [`super::WIDENED_TABLES`] are exactly the tables `optional/pgvector.sql` adds a column to.
    #[test]
    fn widened_tables_are_those_the_pgvector_step_adds_a_column_to() {
        let sql = include_str!("../../erp-migrate/optional/pgvector.sql");
        // `ALTER TABLE <table> ADD COLUMN ...`, on one line or with the clause on the next.
        let widened: Vec<&str> = sql
            .split("ALTER TABLE ")
            .skip(1)
            .filter_map(|s| {
                let (table, rest) = s.split_once(char::is_whitespace)?;
                rest.trim_start().starts_with("ADD COLUMN").then_some(table)
            })
            .collect();
        assert_eq!(widened, super::WIDENED_TABLES);
    }
}
