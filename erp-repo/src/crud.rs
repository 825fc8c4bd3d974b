//! The CRUD every table shares: one generic implementation over [`Table`], and statement execution.

use sea_query::{
    Asterisk, Condition, Expr, ExprTrait, Order, PostgresQueryBuilder, Query, SelectStatement,
};
use sea_query_sqlx::{SqlxBinder, SqlxValues};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{Acquire, AssertSqlSafe, FromRow, PgConnection, PgExecutor};

use crate::error::{Error, Result};
use crate::page::{Cursor, CursorKey, Ordering, Page, PageRequest, SortKey};

/// PostgreSQL's limit on bind parameters in one statement.
pub const MAX_BIND_PARAMS: usize = 65_535;

/// What the shared CRUD needs to know about a table.
pub trait Table {
    /// `erp` or `agent`.
    const SCHEMA: &'static str;
    /// The table name, e.g. `tasks`.
    const NAME: &'static str;
    /// `schema.table`, for errors.
    const QUALIFIED: &'static str;
    /// Whether the table has a `global_id UUID` column.
    const HAS_GLOBAL_ID: bool;
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
    type Sort: Into<SortKey> + Copy + Send + Sync;

    /// Column values of an insert form; `None` lets the database fill the column (DEFAULT).
    fn insert_values(form: &Self::Insert) -> Result<Vec<(&'static str, Option<Expr>)>>;
    /// Column values an update form sets.
    fn update_values(form: &Self::Update) -> Result<Vec<(&'static str, Expr)>>;
    /// The filter as a condition on the table's columns.
    fn filter_condition(filter: &Self::Filter) -> Result<Condition>;
}

/// Converts one form field, naming the column when the value cannot be stored.
pub fn field<V: crate::value::SqlValue + ?Sized>(column: &'static str, value: &V) -> Result<Expr> {
    value
        .sql_value()
        .map_err(|reason| Error::invalid(column, reason))
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
        .fetch_all(exec)
        .await?)
}

/// Runs a statement and decodes at most one row.
pub async fn fetch_optional<'e, R, S>(exec: impl PgExecutor<'e>, stmt: &S) -> Result<Option<R>>
where
    R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
    S: SqlxBinder,
{
    let (sql, values) = build(stmt);
    Ok(sqlx::query_as_with::<_, R, _>(AssertSqlSafe(sql), values)
        .fetch_optional(exec)
        .await?)
}

/// Runs a statement and returns how many rows it touched.
pub async fn execute<'e, S: SqlxBinder>(exec: impl PgExecutor<'e>, stmt: &S) -> Result<u64> {
    let (sql, values) = build(stmt);
    Ok(sqlx::query_with(AssertSqlSafe(sql), values)
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

/// `SELECT * FROM schema.table`.
pub fn select<T: Table>() -> SelectStatement {
    Query::select()
        .column(Asterisk)
        .from((T::SCHEMA, T::NAME))
        .to_owned()
}

/// Inserts one row and returns it as stored.
pub async fn insert<'e, T: Table>(exec: impl PgExecutor<'e>, form: &T::Insert) -> Result<T::Row> {
    let mut stmt = Query::insert();
    stmt.into_table((T::SCHEMA, T::NAME)).returning_all();
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
            .fetch_one(exec)
            .await?,
    )
}

/// Inserts many rows, as few statements as the bind-parameter limit allows, atomically; returns them
/// in the order given.
pub async fn insert_many<T: Table>(
    conn: &mut PgConnection,
    forms: &[T::Insert],
) -> Result<Vec<T::Row>> {
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
            .returning_all();
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
}

/// The row with this id.
pub async fn get<'e, T: Table>(exec: impl PgExecutor<'e>, id: T::Id) -> Result<T::Row> {
    let stmt = select::<T>()
        .and_where(Expr::col("id").eq(id.into()))
        .to_owned();
    fetch_optional(exec, &stmt)
        .await?
        .ok_or_else(|| not_found::<T>(id))
}

/// The row with this global id.
pub async fn get_by_global_id<'e, T: Table>(
    exec: impl PgExecutor<'e>,
    global_id: uuid::Uuid,
) -> Result<T::Row> {
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
}

/// Applies the fields an update form sets and returns the row; an empty form changes nothing.
pub async fn update<'e, T: Table>(
    exec: impl PgExecutor<'e>,
    id: T::Id,
    form: &T::Update,
) -> Result<T::Row> {
    let values = T::update_values(form)?;
    if values.is_empty() {
        return get::<T>(exec, id).await;
    }
    let mut stmt = Query::update();
    stmt.table((T::SCHEMA, T::NAME))
        .values(values)
        .and_where(Expr::col("id").eq(id.into()))
        .returning_all();
    fetch_optional(exec, &stmt)
        .await?
        .ok_or_else(|| not_found::<T>(id))
}

/// Deletes the row with this id.
pub async fn delete<'e, T: Table>(exec: impl PgExecutor<'e>, id: T::Id) -> Result<()> {
    let stmt = Query::delete()
        .from_table((T::SCHEMA, T::NAME))
        .and_where(Expr::col("id").eq(id.into()))
        .to_owned();
    match execute(exec, &stmt).await? {
        0 => Err(not_found::<T>(id)),
        _ => Ok(()),
    }
}

/// A page of rows matching `filter`, in `ordering`, after the page's cursor.
pub async fn list<'e, T: Table>(
    exec: impl PgExecutor<'e>,
    filter: &T::Filter,
    ordering: Ordering<T::Sort>,
    page: &PageRequest,
) -> Result<Page<T::Row>> {
    let mut stmt = select::<T>();
    stmt.cond_where(T::filter_condition(filter)?);
    let limit = page_query(&mut stmt, ordering, page)?;
    let items = fetch_all::<T::Row, _>(exec, &stmt).await?;
    finish_page(items, ordering, limit)
}

/// Adds keyset ordering, the cursor's bound and LIMIT to a select; returns the page size.
pub fn page_query<K: Into<SortKey> + Copy>(
    stmt: &mut SelectStatement,
    ordering: Ordering<K>,
    page: &PageRequest,
) -> Result<u64> {
    let limit = page.checked_limit()?;
    let key: SortKey = ordering.by.into();
    if let Some(cursor) = &page.after {
        let last = cursor.decode(&ordering_tag(key, ordering.descending))?;
        let bound = Expr::tuple([
            Expr::cust_with_values(format!("$1::{}", key.sql_type), [last.k]),
            Expr::val(last.i),
        ]);
        let cols = Expr::tuple([Expr::col(key.column), Expr::col("id")]);
        stmt.and_where(if ordering.descending {
            cols.lt(bound)
        } else {
            cols.gt(bound)
        });
    }
    let dir = if ordering.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    if key.column != "id" {
        stmt.order_by(key.column, dir.clone());
    }
    stmt.order_by("id", dir).limit(limit + 1);
    Ok(limit)
}

fn ordering_tag(key: SortKey, descending: bool) -> String {
    format!("{}:{}", key.column, if descending { "desc" } else { "asc" })
}

/// Cuts the extra row fetched by [`page_query`] and makes the next cursor from the last row kept.
pub fn finish_page<R: Serialize, K: Into<SortKey> + Copy>(
    mut items: Vec<R>,
    ordering: Ordering<K>,
    limit: u64,
) -> Result<Page<R>> {
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    let next = match (more, items.last()) {
        (true, Some(last)) => Some(cursor_after(last, ordering)?),
        _ => None,
    };
    Ok(Page { items, next })
}

fn cursor_after<R: Serialize, K: Into<SortKey> + Copy>(
    row: &R,
    ordering: Ordering<K>,
) -> Result<Cursor> {
    let key: SortKey = ordering.by.into();
    let json = serde_json::to_value(row).map_err(|e| Error::invalid("cursor", e.to_string()))?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let id = json
        .get("id")
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| Error::invalid("cursor", "row has no id"))?;
    let k = json.get(key.column).and_then(text).ok_or_else(|| {
        Error::invalid(
            "cursor",
            format!("sort column {} is not a plain value", key.column),
        )
    })?;
    Ok(Cursor::encode(&CursorKey {
        o: ordering_tag(key, ordering.descending),
        k,
        i: id,
    }))
}
