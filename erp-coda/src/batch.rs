//! The import's set-based statements: a chunk of a table's rows in one multi-row INSERT, the archive
//! in one `INSERT ... SELECT FROM UNNEST`, people found and created by the set, deferred references
//! set per column. A round trip per row was what the import spent its time on (BENCHMARKS.md (10)).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_query::{Alias, Expr, PostgresQueryBuilder, Query, Value as SqlValue};
use sea_query_sqlx::SqlxBinder;
use serde_json::Value;
use sqlx::{AssertSqlSafe, PgConnection};

use crate::import::table_name;

/// Rows per statement: big enough that the round trip no longer counts, small enough that a statement
/// stays a few hundred kilobytes.
pub(crate) const ROWS: usize = 1000;

/// PostgreSQL's limit on bind parameters per statement is 65,535.
const MAX_BINDS: usize = 65_000;

/// One coda.rows entry to write.
#[derive(Debug, Clone)]
pub(crate) struct ArchiveRow {
    pub(crate) table_id: String,
    pub(crate) row_id: String,
    pub(crate) name: String,
    pub(crate) target_table: Option<String>,
    pub(crate) target_id: Option<i64>,
    pub(crate) values: Value,
    pub(crate) values_hash: Vec<u8>,
    pub(crate) mapped_hash: Option<Vec<u8>>,
    pub(crate) created_at: Option<DateTime<Utc>>,
    pub(crate) updated_at: Option<DateTime<Utc>>,
}

/// Upserts `rows` into coda.rows by (table_id, row_id), `ROWS` to a statement.
pub(crate) async fn archive(
    conn: &mut PgConnection,
    rows: &[ArchiveRow],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(ROWS) {
        let col = |f: fn(&ArchiveRow) -> String| chunk.iter().map(f).collect::<Vec<_>>();
        sqlx::query(
            r#"INSERT INTO coda.rows (table_id, row_id, name, target_table, target_id, "values", values_hash,
                                      mapped_hash, coda_created_at, coda_updated_at)
               SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::jsonb[],
                                    $7::bytea[], $8::bytea[], $9::timestamptz[], $10::timestamptz[])
               ON CONFLICT (table_id, row_id) DO UPDATE
               SET name = EXCLUDED.name, target_table = EXCLUDED.target_table, target_id = EXCLUDED.target_id,
                   "values" = EXCLUDED."values", values_hash = EXCLUDED.values_hash,
                   mapped_hash = EXCLUDED.mapped_hash, coda_created_at = EXCLUDED.coda_created_at,
                   coda_updated_at = EXCLUDED.coda_updated_at, imported_at = now()"#,
        )
        .bind(col(|r| r.table_id.clone()))
        .bind(col(|r| r.row_id.clone()))
        .bind(col(|r| r.name.clone()))
        .bind(chunk.iter().map(|r| r.target_table.clone()).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.target_id).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.values.clone()).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.values_hash.clone()).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.mapped_hash.clone()).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.created_at).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.updated_at).collect::<Vec<_>>())
        .persistent(false)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Inserts rows (each its columns and bound values) into `target`; their new ids, in order.
///
/// One multi-row `INSERT ... VALUES` per chunk: each row keeps its own column set (a column it does not
/// set is `DEFAULT`, as in a single-row insert that leaves it out), and PostgreSQL coerces every value to
/// its column's type exactly as for one row. `RETURNING` yields the rows in VALUES order (PostgreSQL
/// inserts and returns them one by one; Django's and Rails' bulk inserts rely on the same); the count is
/// checked.
pub(crate) async fn insert_rows(
    conn: &mut PgConnection,
    target: &str,
    rows: &[&[(String, SqlValue)]],
) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = Vec::with_capacity(rows.len());
    let mut start = 0;
    while start < rows.len() {
        // Grow the chunk while its column union stays under the bind limit.
        let mut columns: BTreeSet<&str> = BTreeSet::new();
        let mut end = start;
        while end < rows.len() && end - start < ROWS {
            let mut with: BTreeSet<&str> = columns.clone();
            with.extend(rows[end].iter().map(|(c, _)| c.as_str()));
            if end > start && with.len() * (end - start + 1) > MAX_BINDS {
                break;
            }
            columns = with;
            end += 1;
        }
        let chunk = &rows[start..end];
        start = end;
        if columns.is_empty() {
            // Nothing set on any row: DEFAULT VALUES takes one row at a time.
            for _ in chunk {
                let (sql, values) = Query::insert()
                    .into_table(table_name(target))
                    .or_default_values()
                    .returning_col(Alias::new("id"))
                    .build_sqlx(PostgresQueryBuilder);
                ids.push(
                    sqlx::query_scalar_with::<_, i64, _>(AssertSqlSafe(sql), values)
                        .fetch_one(&mut *conn)
                        .await?,
                );
            }
            continue;
        }
        let mut insert = Query::insert();
        insert
            .into_table(table_name(target))
            .columns(columns.iter().map(|c| Alias::new(*c)))
            .returning_col(Alias::new("id"));
        for row in chunk {
            let exprs = columns
                .iter()
                .map(|c| match row.iter().find(|(name, _)| name == c) {
                    Some((_, v)) => Expr::val(v.clone()),
                    None => Expr::cust("DEFAULT"),
                });
            insert
                .values(exprs)
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        }
        let (sql, values) = insert.build_sqlx(PostgresQueryBuilder);
        let got: Vec<i64> = sqlx::query_scalar_with(AssertSqlSafe(sql), values)
            .persistent(false)
            .fetch_all(&mut *conn)
            .await?;
        if got.len() != chunk.len() {
            return Err(sqlx::Error::Protocol(format!(
                "INSERT INTO {target} of {} rows returned {} ids",
                chunk.len(),
                got.len()
            )));
        }
        ids.extend(got);
    }
    Ok(ids)
}

/// `"schema"."table"`, quoted as sea-query quotes it.
fn quoted_table(qualified: &str) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    match qualified.split_once('.') {
        Some((schema, table)) => format!("{}.{}", quote(schema), quote(table)),
        None => quote(qualified),
    }
}

/// Sets `column` of each row `ids[k]` of `target` to `values[k]`, in one statement.
pub(crate) async fn set_ids(
    conn: &mut PgConnection,
    target: &str,
    column: &str,
    ids: &[i64],
    values: &[i64],
) -> Result<u64, sqlx::Error> {
    // Identifiers come from the catalog and are quoted; the ids are bound.
    let sql = format!(
        "UPDATE {} AS t SET \"{}\" = u.value FROM UNNEST($1::bigint[], $2::bigint[]) AS u(id, value) \
         WHERE t.id = u.id",
        quoted_table(target),
        column.replace('"', "\"\"")
    );
    Ok(sqlx::query(AssertSqlSafe(sql))
        .bind(ids)
        .bind(values)
        .persistent(false)
        .execute(conn)
        .await?
        .rows_affected())
}

/// The lowest erp.people id per lower-cased email among `keys`.
pub(crate) async fn find_people(
    conn: &mut PgConnection,
    keys: &[String],
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT ON (k.key) k.key, p.id
         FROM erp.people p JOIN UNNEST($1::text[]) AS k(key) ON lower(p.email) = k.key
         ORDER BY k.key, p.id",
    )
    .bind(keys)
    .fetch_all(conn)
    .await
}

/// Creates erp.people rows; each new row's email and id.
pub(crate) async fn create_people(
    conn: &mut PgConnection,
    names: &[&str],
    emails: &[&str],
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO erp.people (full_name, email)
         SELECT n, e FROM UNNEST($1::text[], $2::text[]) WITH ORDINALITY AS u(n, e, k) ORDER BY k
         RETURNING email, id",
    )
    .bind(names)
    .bind(emails)
    .fetch_all(conn)
    .await
}

/// erp.people rows with one of these lower-cased emails that no Coda row owns, lowest id first.
pub(crate) async fn adoptable_people(
    conn: &mut PgConnection,
    keys: &[String],
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT k.key, p.id
         FROM erp.people p JOIN (SELECT DISTINCT key FROM UNNEST($1::text[]) AS u(key)) AS k
              ON lower(p.email) = k.key
         WHERE NOT EXISTS (SELECT 1 FROM coda.rows r WHERE r.target_table = 'erp.people' AND r.target_id = p.id)
         ORDER BY p.id",
    )
    .bind(keys)
    .fetch_all(conn)
    .await
}
