//! Idempotent remembering per `(client_id, content)`: one `INSERT ... ON CONFLICT` statement per chunk
//! that also reads back the live duplicates it left alone.

use std::collections::HashMap;

use agent_model::{MemoryEntry, MemoryEntryInsertForm};
use sea_query::{
    ArrayType, Asterisk, CommonTableExpression, Expr, ExprTrait, OnConflict, Query, UnionType,
    Value, WithQuery,
};
use sqlx::{Acquire, PgConnection, Postgres};

use super::{MemoryEntries, TABLE, content_hash, live, not_found};
use crate::crud::{self, MAX_BIND_PARAMS, Table};
use crate::{Error, Result};
pub use agent_model::Remembered;

#[derive(sqlx::FromRow)]
struct RememberRow {
    #[sqlx(flatten)]
    entry: MemoryEntry,
    duplicate: bool,
}

// Columns an expired duplicate takes from the new form when it is remembered again (all but the key).
const REVIVED_COLUMNS: [&str; 8] = [
    "memory_type",
    "importance",
    "embedding",
    "embedding_sig",
    "ttl_minutes",
    "expires_at",
    "metadata",
    "created_at",
];

// How often one chunk is re-sent when a concurrent first write of the same content hid it from us.
const REMEMBER_ATTEMPTS: usize = 5;

impl MemoryEntries {
    /// Remembers one piece of content idempotently, per client: see [`MemoryEntries::remember_many`].
    pub fn remember<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        form: &MemoryEntryInsertForm,
    ) -> impl Future<Output = Result<Remembered>> + Send {
        crate::crud::traced_op(Self::TABLE, "remember", async move {
            let mut held = db.acquire().await?;
            let mut out = Self::remember_many_on(&mut held, std::slice::from_ref(form)).await?;
            out.pop().ok_or_else(|| not_found("remembered entry"))
        })
    }

    /// Remembers many pieces of content, one statement per chunk, and reports each in the order given.
    ///
    /// Per `(client_id, content)`:
    /// - new content is inserted (`duplicate: false`);
    /// - content the client already has in a *live* entry returns that entry unchanged (`duplicate: true`;
    ///   the first write wins, the new form's other fields are ignored — update the entry to change them);
    /// - content whose entry has *expired* is a new memory: the expired row is overwritten in place with the
    ///   new form's fields and a fresh `created_at` (same id, `duplicate: false`), so a read never revives
    ///   an expired entry but remembering again does;
    /// - the same content twice in one call is stored once; the later copies report `duplicate: true`.
    ///
    /// A statement can miss a row that a concurrent call committed after the statement began (its
    /// snapshot hides it); such forms are sent again, which is why this takes a connection. More than one
    /// chunk runs in a transaction.
    pub fn remember_many<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        forms: &[MemoryEntryInsertForm],
    ) -> impl Future<Output = Result<Vec<Remembered>>> + Send {
        crate::crud::traced_op(Self::TABLE, "remember_many", async move {
            let mut held = db.acquire().await?;
            Self::remember_many_on(&mut held, forms).await
        })
    }

    async fn remember_many_on(
        conn: &mut PgConnection,
        forms: &[MemoryEntryInsertForm],
    ) -> Result<Vec<Remembered>> {
        let rows: Vec<Vec<(&'static str, Option<Expr>)>> = forms
            .iter()
            .map(Self::insert_values)
            .collect::<Result<_>>()?;
        let keys: Vec<(String, Vec<u8>)> = forms
            .iter()
            .map(|f| (f.client_id.clone(), content_hash(&f.content)))
            .collect();
        // The first form of each key is written; the others repeat its outcome as duplicates.
        let mut first_of: HashMap<&(String, Vec<u8>), usize> = HashMap::new();
        let mut unique = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            first_of.entry(key).or_insert_with(|| {
                unique.push(i);
                i
            });
        }
        let columns = written_columns(&rows, &unique);
        // Per row its values; per statement a few constants and the two key arrays (16 is plenty).
        let per_chunk = ((MAX_BIND_PARAMS - 16) / columns.len().max(1)).max(1);
        let chunks: Vec<&[usize]> = unique.chunks(per_chunk).collect();
        let mut stored: HashMap<usize, (MemoryEntry, bool)> = HashMap::new();
        if chunks.len() > 1 {
            let mut tx = conn.begin().await?;
            for chunk in &chunks {
                remember_chunk(&mut tx, &columns, &rows, &keys, chunk, &mut stored).await?;
            }
            tx.commit().await?;
        } else {
            for chunk in &chunks {
                remember_chunk(conn, &columns, &rows, &keys, chunk, &mut stored).await?;
            }
        }
        keys.iter()
            .enumerate()
            .map(|(i, key)| {
                let first = first_of[key];
                let (entry, duplicate) = stored
                    .get(&first)
                    .cloned()
                    .ok_or_else(|| not_found(format!("remembered entry {i}")))?;
                Ok(Remembered {
                    entry,
                    duplicate: duplicate || first != i,
                })
            })
            .collect()
    }
}

/// The columns that any of the `unique` rows sets, in declaration order of first use; a row that leaves
/// one unset writes `DEFAULT` there.
fn written_columns(
    rows: &[Vec<(&'static str, Option<Expr>)>],
    unique: &[usize],
) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = Vec::new();
    for &i in unique {
        for (c, v) in &rows[i] {
            if v.is_some() && !columns.contains(c) {
                columns.push(c);
            }
        }
    }
    columns
}

/// Sends the forms of one chunk until each has its row (see [`MemoryEntries::remember_many`]).
async fn remember_chunk(
    conn: &mut PgConnection,
    columns: &[&'static str],
    rows: &[Vec<(&'static str, Option<Expr>)>],
    keys: &[(String, Vec<u8>)],
    chunk: &[usize],
    stored: &mut HashMap<usize, (MemoryEntry, bool)>,
) -> Result<()> {
    let mut pending: Vec<usize> = chunk.to_vec();
    for _ in 0..REMEMBER_ATTEMPTS {
        let stmt = remember_statement(columns, rows, keys, &pending)?;
        let found: Vec<RememberRow> = crud::fetch_all(&mut *conn, &stmt).await?;
        let index: HashMap<(&str, &[u8]), usize> = pending
            .iter()
            .map(|&i| ((keys[i].0.as_str(), keys[i].1.as_slice()), i))
            .collect();
        for row in found {
            let key = (
                row.entry.client_id.as_str(),
                row.entry.content_hash.as_slice(),
            );
            if let Some(&i) = index.get(&key) {
                stored.insert(i, (row.entry, row.duplicate));
            }
        }
        pending.retain(|i| !stored.contains_key(i));
        if pending.is_empty() {
            return Ok(());
        }
    }
    Err(Error::NotFound {
        table: MemoryEntries::QUALIFIED,
        id: format!(
            "content of client {:?} (changed concurrently {REMEMBER_ATTEMPTS} times)",
            keys[pending[0]].0
        ),
    })
}

/// `WITH fresh AS (INSERT ... ON CONFLICT DO UPDATE ... WHERE expired RETURNING *)` then the fresh rows and
/// the live duplicates the insert left alone.
fn remember_statement(
    columns: &[&'static str],
    rows: &[Vec<(&'static str, Option<Expr>)>],
    keys: &[(String, Vec<u8>)],
    pending: &[usize],
) -> Result<WithQuery> {
    let mut insert = Query::insert();
    insert
        .into_table(TABLE)
        .columns(columns.iter().copied())
        .returning(crud::returning::<MemoryEntries>());
    for &i in pending {
        let values = columns.iter().map(|c| {
            rows[i]
                .iter()
                .find(|(rc, _)| rc == c)
                .and_then(|(_, v)| v.clone())
                .unwrap_or_else(|| Expr::cust("DEFAULT"))
        });
        insert
            .values(values)
            .map_err(|e| Error::invalid(MemoryEntries::QUALIFIED, e.to_string()))?;
    }
    // Only an expired duplicate is overwritten; a live one is left as it is and read back below.
    insert.on_conflict(
        OnConflict::columns(["client_id", "content_hash"])
            .update_columns(REVIVED_COLUMNS)
            .action_and_where(Expr::cust(
                "memory_entries.expires_at IS NOT NULL AND memory_entries.expires_at <= now()",
            ))
            .to_owned(),
    );
    let cte = CommonTableExpression::new()
        .table_name("fresh")
        .query(insert)
        .to_owned();
    let in_fresh = Query::select()
        .expr(Expr::val(1))
        .from("fresh")
        .and_where(Expr::cust(
            "fresh.client_id = m.client_id AND fresh.content_hash = m.content_hash",
        ))
        .to_owned();
    let existing = Query::select()
        .columns(crud::columns_of::<MemoryEntries>("m"))
        .expr_as(Expr::val(true), "duplicate")
        .from_as(TABLE, "m")
        // The keys travel as two arrays: a row-constructor IN list of thousands of pairs would
        // exhaust the server's stack.
        .and_where(Expr::cust_with_values(
            "(m.client_id, m.content_hash) IN \
             (SELECT * FROM unnest(CAST($1 AS text[]), CAST($2 AS bytea[])))",
            [
                Value::Array(
                    ArrayType::String,
                    Some(Box::new(
                        pending
                            .iter()
                            .map(|&i| Value::from(keys[i].0.clone()))
                            .collect(),
                    )),
                ),
                Value::Array(
                    ArrayType::Bytes,
                    Some(Box::new(
                        pending
                            .iter()
                            .map(|&i| Value::from(keys[i].1.clone()))
                            .collect(),
                    )),
                ),
            ],
        ))
        .and_where(live())
        .and_where(Expr::exists(in_fresh).not())
        .to_owned();
    let query = Query::select()
        .column(Asterisk)
        .expr_as(Expr::val(false), "duplicate")
        .from("fresh")
        .union(UnionType::All, existing)
        .to_owned();
    Ok(WithQuery::new().cte(cte).query(query).to_owned())
}

#[cfg(test)]
mod tests {
    use agent_model::{MemoryEntryInsertForm, MemoryType};
    use sea_query::PostgresQueryBuilder;

    use super::*;
    use crate::snapshot::{assert_snapshot, render};

    /// Two forms of one client, the second setting more columns than the first (which writes `DEFAULT`
    /// there), as one remember statement.
    #[test]
    fn snapshot_remember_statement() {
        let forms = [
            MemoryEntryInsertForm::new("acme", "prefers email"),
            MemoryEntryInsertForm {
                memory_type: Some(MemoryType::Episodic),
                importance: Some(0.75),
                ttl_minutes: Some(60),
                metadata: Some(serde_json::json!({"source": "call"})),
                ..MemoryEntryInsertForm::new("acme", "called on Monday")
            },
        ];
        let rows: Vec<_> = forms
            .iter()
            .map(MemoryEntries::insert_values)
            .collect::<Result<_>>()
            .unwrap();
        let keys: Vec<_> = forms
            .iter()
            .map(|f| (f.client_id.clone(), content_hash(&f.content)))
            .collect();
        let columns = written_columns(&rows, &[0, 1]);
        let stmt = remember_statement(&columns, &rows, &keys, &[0, 1]).unwrap();
        let (sql, values) = stmt.build(PostgresQueryBuilder);
        assert_snapshot("remember", &render(&sql, &values));
    }
}
