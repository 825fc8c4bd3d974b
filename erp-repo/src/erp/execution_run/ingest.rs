//! Bulk ingest of runs, one `INSERT ... SELECT FROM unnest(...)` per chunk: [`ExecutionRuns::ingest_runs`].

use erp_model::{ExecutionRunInsertForm, RunStatus, RunType};
use sqlx::{Acquire, AssertSqlSafe, PgConnection, Postgres};

use super::ExecutionRuns;
use super::logging::RunKey;
use crate::crud::Table;
use crate::{Error, Result};
pub use erp_model::IngestReport;

/// Rows per ingest statement: unnest binds one array per column (16 parameters whatever the row count),
/// so this only bounds the size of one message and of one statement's work.
const INGEST_CHUNK_ROWS: usize = 10_000;

impl ExecutionRuns {
    /// Ingests a batch of runs idempotently, in one statement per 10,000 runs, atomically: a run whose
    /// session (or run identifier) is already stored, or repeated within the batch, is skipped.
    ///
    /// A run of a task needs `started_at` (its natural key), as in [`ExecutionRuns::log_run`].
    pub fn ingest_runs<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        forms: &[ExecutionRunInsertForm],
    ) -> impl Future<Output = Result<IngestReport>> + Send {
        crate::crud::traced_op(Self::TABLE, "ingest_runs", async move {
            let mut held = db.acquire().await?;
            Self::ingest_runs_on(&mut held, forms).await
        })
    }

    async fn ingest_runs_on(
        conn: &mut PgConnection,
        forms: &[ExecutionRunInsertForm],
    ) -> Result<IngestReport> {
        for (i, form) in forms.iter().enumerate() {
            // The same checks as a plain insert, with the row named.
            let named = |e: Error| match e {
                Error::InvalidInput { field, reason } => {
                    Error::invalid(field, format!("run {i} of the batch: {reason}"))
                }
                other => other,
            };
            Self::insert_values(form).map_err(named)?;
            RunKey::of(form).map_err(named)?;
        }
        // Columns with a database default (NOT NULL) are left out of a statement whose runs do not set
        // them, so the default stays the schema's; runs are grouped by which of them they set.
        let mut groups: Vec<(u8, Vec<&ExecutionRunInsertForm>)> = Vec::new();
        for form in forms {
            let mask = defaulted_mask(form);
            match groups.iter_mut().find(|(m, _)| *m == mask) {
                Some((_, group)) => group.push(form),
                None => groups.push((mask, vec![form])),
            }
        }
        let mut tx = conn.begin().await?;
        let mut inserted = 0;
        for (mask, group) in &groups {
            for chunk in group.chunks(INGEST_CHUNK_ROWS) {
                let added = ingest_chunk(&mut tx, *mask, chunk).await?;
                tracing::debug!(rows = chunk.len(), inserted = added, "run ingest chunk");
                inserted += added;
            }
        }
        tx.commit().await?;
        Ok(IngestReport {
            inserted,
            skipped: forms.len() as u64 - inserted,
        })
    }
}

/// The NOT NULL columns with a default, in ingest order, with their array types.
const DEFAULTED: [(&str, &str); 4] = [
    ("run_type", "text[]"),
    ("started_at", "timestamptz[]"),
    ("status", "text[]"),
    ("metadata", "jsonb[]"),
];

/// The nullable columns without a default, always ingested (a NULL is what the database would store).
const NULLABLE: [(&str, &str); 12] = [
    ("workflow_id", "bigint[]"),
    ("process_template_id", "bigint[]"),
    ("task_id", "bigint[]"),
    ("project_id", "bigint[]"),
    ("engagement_id", "bigint[]"),
    ("executed_by", "bigint[]"),
    ("session_id", "bigint[]"),
    ("ended_at", "timestamptz[]"),
    ("estimated_hours", "numeric[]"),
    ("actual_hours", "numeric[]"),
    ("outcome_notes", "text[]"),
    ("run_identifier", "text[]"),
];

/// Which of [`DEFAULTED`] a form sets, one bit each.
fn defaulted_mask(form: &ExecutionRunInsertForm) -> u8 {
    [
        form.run_type.is_some(),
        form.started_at.is_some(),
        form.status.is_some(),
        form.metadata.is_some(),
    ]
    .iter()
    .enumerate()
    .fold(0, |mask, (bit, set)| mask | (u8::from(*set) << bit))
}

/// The columns a chunk with this defaulted mask ingests, with their array types: every nullable column,
/// then the defaulted ones its runs set.
fn ingest_columns(mask: u8) -> Vec<(&'static str, &'static str)> {
    NULLABLE
        .iter()
        .copied()
        .chain(
            DEFAULTED
                .iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, c)| *c),
        )
        .collect()
}

/// The ingest statement for these columns, one `$n::type[]` array parameter per column.
fn ingest_sql(columns: &[(&str, &str)]) -> String {
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let arrays: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, ty))| format!("${}::{ty}", i + 1))
        .collect();
    // Raw SQL because sea-query cannot express INSERT ... SELECT FROM unnest(arrays): built only from the
    // static column names and types above, every value bound as one array per column.
    format!(
        "INSERT INTO erp.execution_runs ({}) SELECT * FROM unnest({}) ON CONFLICT DO NOTHING",
        names.join(", "),
        arrays.join(", ")
    )
}

/// One `INSERT ... SELECT * FROM unnest(...) ON CONFLICT DO NOTHING` for runs that set the same defaulted
/// columns; returns how many it inserted.
async fn ingest_chunk(
    conn: &mut PgConnection,
    mask: u8,
    chunk: &[&ExecutionRunInsertForm],
) -> Result<u64> {
    let columns = ingest_columns(mask);
    let ids = |f: fn(&ExecutionRunInsertForm) -> Option<i64>| {
        chunk.iter().map(|r| f(r)).collect::<Vec<_>>()
    };
    let mut query = sqlx::query(AssertSqlSafe(ingest_sql(&columns)))
        .persistent(crate::pooler::named_statements())
        .bind(ids(|r| r.workflow_id.map(|i| i.0)))
        .bind(ids(|r| r.process_template_id.map(|i| i.0)))
        .bind(ids(|r| r.task_id.map(|i| i.0)))
        .bind(ids(|r| r.project_id.map(|i| i.0)))
        .bind(ids(|r| r.engagement_id.map(|i| i.0)))
        .bind(ids(|r| r.executed_by.map(|i| i.0)))
        .bind(ids(|r| r.session_id.map(|i| i.0)))
        .bind(chunk.iter().map(|r| r.ended_at).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.estimated_hours).collect::<Vec<_>>())
        .bind(chunk.iter().map(|r| r.actual_hours).collect::<Vec<_>>())
        .bind(
            chunk
                .iter()
                .map(|r| r.outcome_notes.as_deref())
                .collect::<Vec<_>>(),
        )
        .bind(
            chunk
                .iter()
                .map(|r| r.run_identifier.as_deref())
                .collect::<Vec<_>>(),
        );
    if mask & 1 != 0 {
        query = query.bind(
            chunk
                .iter()
                .map(|r| r.run_type.map(RunType::label))
                .collect::<Vec<_>>(),
        );
    }
    if mask & 2 != 0 {
        query = query.bind(chunk.iter().map(|r| r.started_at).collect::<Vec<_>>());
    }
    if mask & 4 != 0 {
        query = query.bind(
            chunk
                .iter()
                .map(|r| r.status.map(RunStatus::label))
                .collect::<Vec<_>>(),
        );
    }
    if mask & 8 != 0 {
        query = query.bind(chunk.iter().map(|r| r.metadata.clone()).collect::<Vec<_>>());
    }
    Ok(query.execute(conn).await?.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::assert_snapshot;

    /// The ingest statement of a chunk whose runs set no defaulted column, and of one that sets them all.
    #[test]
    fn snapshot_ingest_statement() {
        assert_snapshot("ingest_runs_defaults_left", &ingest_sql(&ingest_columns(0)));
        assert_snapshot(
            "ingest_runs_defaults_set",
            &ingest_sql(&ingest_columns(0b1111)),
        );
    }
}
