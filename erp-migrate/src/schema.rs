//! Validating a live database against the schema the migrations define (`schema.snapshot`).

use std::collections::BTreeSet;
use std::fmt;

use sqlx::PgPool;

use crate::Error;

/// The schemas whose objects are validated; everything else (e.g. `public._sqlx_migrations`) is ignored.
pub const SCHEMAS: &[&str] = &["erp", "agent", "coda", "erp_derived", "erp_private"];

/// The checked-in `schema.snapshot`: the expected catalog after every embedded migration, one sorted
/// line per object. Lines starting with `#` and blank lines are comments.
pub const SNAPSHOT: &str = include_str!("../schema.snapshot");

/// The catalog query that yields one line per object of [`SCHEMAS`].
const CATALOG_SQL: &str = include_str!("catalog.sql");

/// The header written at the top of `schema.snapshot` by [`render_snapshot`].
const SNAPSHOT_HEADER: &str = "\
# The schema that erp-migrate's migrations define: one line per catalog object of the schemas erp and
# agent, sorted (the query is erp-migrate/src/catalog.sql). `erp-migrate validate` compares a live
# database with it, and the test `snapshot` checks that a freshly migrated database equals it.
# Generated: do not edit by hand. After adding or changing a migration, regenerate and review the diff:
#     UPDATE_SNAPSHOT=1 cargo test -p erp-migrate snapshot
";

/// The outcome of [`validate`]: the differences between the live catalog and the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ValidationReport {
    /// Snapshot lines with no live counterpart (dropped or changed objects), sorted.
    pub missing: Vec<String>,
    /// Live lines that are not in the snapshot (added or changed objects), sorted.
    pub extra: Vec<String>,
    /// How many objects the snapshot expects.
    pub expected: usize,
    /// Workflows whose run counters (`erp_derived.workflow_run_stats`) disagree with their runs, one line
    /// each; repair with `erp-migrate rebuild-counters`. Empty when the role may not run the check.
    pub counter_drift: Vec<String>,
}

impl ValidationReport {
    /// Whether the live schema matches the snapshot exactly.
    pub fn is_ok(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.counter_drift.is_empty()
    }
}

impl fmt::Display for ValidationReport {
    /// `schema OK (N objects)`, or one `missing: ...` / `extra: ...` line per difference.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_ok() {
            return write!(f, "schema OK ({} objects)", self.expected);
        }
        let mut first = true;
        for (tag, lines) in [
            ("missing", &self.missing),
            ("extra", &self.extra),
            ("counters", &self.counter_drift),
        ] {
            for line in lines {
                if !first {
                    writeln!(f)?;
                }
                first = false;
                write!(f, "{tag}: {line}")?;
            }
        }
        Ok(())
    }
}

/// The object lines of a snapshot text: without comments and blank lines, whitespace-normalized,
/// sorted and deduplicated.
pub fn parse_snapshot(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(normalize)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The expected object lines: [`parse_snapshot`] of the embedded [`SNAPSHOT`].
pub fn expected_schema() -> Vec<String> {
    parse_snapshot(SNAPSHOT)
}

/// Reads the live catalog of [`SCHEMAS`] and returns one line per object, sorted, in the snapshot's
/// format (e.g. `column erp.tasks.title text not null`, `index erp.tasks_pkey CREATE UNIQUE INDEX ...`).
pub async fn live_schema(pool: &PgPool) -> Result<Vec<String>, Error> {
    let mut tx = pool.begin().await?;
    // Names outside pg_catalog come out schema-qualified whatever the caller's search_path is.
    sqlx::query("SET LOCAL search_path = pg_catalog")
        .execute(&mut *tx)
        .await?;
    let lines: Vec<String> = sqlx::query_scalar(CATALOG_SQL)
        .bind(SCHEMAS)
        .fetch_all(&mut *tx)
        .await?;
    tx.rollback().await?;
    Ok(lines
        .iter()
        .map(|l| normalize(l))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect())
}

/// The text of a `schema.snapshot` file holding `lines`: the header comment, then the lines sorted.
pub fn render_snapshot(lines: &[String]) -> String {
    let sorted: BTreeSet<&str> = lines.iter().map(String::as_str).collect();
    let mut out = String::from(SNAPSHOT_HEADER);
    for line in sorted {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Compares `expected` with `live` object lines (each sorted or not) into a [`ValidationReport`].
pub fn compare(expected: &[String], live: &[String]) -> ValidationReport {
    let expected_set: BTreeSet<&String> = expected.iter().collect();
    let live_set: BTreeSet<&String> = live.iter().collect();
    ValidationReport {
        missing: expected_set
            .difference(&live_set)
            .map(|s| s.to_string())
            .collect(),
        extra: live_set
            .difference(&expected_set)
            .map(|s| s.to_string())
            .collect(),
        expected: expected_set.len(),
        counter_drift: Vec::new(),
    }
}

/// Validates the live schema against the snapshot of the migrations: every schema, table, column
/// (type, nullability, default, identity), generated column, primary key, unique, check and foreign
/// key constraint (with its ON DELETE rule), index (with its definition), view, function, trigger,
/// row-level-security flag, policy and table, view and column comment of `erp` and `agent`. Drift is in the
/// report, not an error.
/// Also checks that the counters behind `erp.workflow_performance` agree with the runs, when the role may.
pub async fn validate(pool: &PgPool) -> Result<ValidationReport, Error> {
    let live = live_schema(pool).await?;
    let mut report = compare(&expected_schema(), &live);
    report.counter_drift = counter_drift(pool).await?;
    Ok(report)
}

/// One line per workflow whose counters disagree with its runs; empty when the check function is missing
/// (drift the catalog comparison reports) or the role may not execute it.
pub async fn counter_drift(pool: &PgPool) -> Result<Vec<String>, Error> {
    let may: bool = sqlx::query_scalar(
        "SELECT coalesce(has_function_privilege(to_regprocedure($1), 'EXECUTE'), false)",
    )
    .bind(COUNTER_DRIFT_FUNCTION)
    .fetch_one(pool)
    .await?;
    if !may {
        return Ok(Vec::new());
    }
    // Sums as text: exact, without a decimal crate for one report line.
    type Drift = (i64, i64, i64, String, String, i64, i64);
    let rows: Vec<Drift> = sqlx::query_as(
        "SELECT workflow_id, runs_count, expected_runs_count, hours_sum::text, expected_hours_sum::text,
                hours_count, expected_hours_count
         FROM erp_derived.workflow_run_stats_drift()",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, runs, want_runs, hours, want_hours, n, want_n)| {
            format!(
                "workflow {id}: runs_count {runs}, runs say {want_runs}; hours_sum {hours}, runs say \
                 {want_hours}; hours_count {n}, runs say {want_n}"
            )
        })
        .collect())
}

/// The owner's repair of the counters from the runs: returns how many workflows were wrong.
pub async fn rebuild_counters(pool: &PgPool) -> Result<i64, Error> {
    Ok(
        sqlx::query_scalar("SELECT erp_derived.rebuild_workflow_run_stats()")
            .fetch_one(pool)
            .await?,
    )
}

/// The function that lists drifted counters (migration 0008).
const COUNTER_DRIFT_FUNCTION: &str = "erp_derived.workflow_run_stats_drift()";

/// Collapses every run of whitespace (expressions and view bodies span lines) to one space.
fn normalize(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_skips_comments_and_normalizes() {
        let text = "# header\n\nb  x\n   a\ty \n# more\nb x\n";
        assert_eq!(
            parse_snapshot(text),
            vec!["a y".to_string(), "b x".to_string()]
        );
    }

    #[test]
    fn render_then_parse_round_trips() {
        let lines = vec!["table erp.b".to_string(), "schema erp".to_string()];
        let text = render_snapshot(&lines);
        assert!(text.starts_with('#'));
        assert_eq!(parse_snapshot(&text), vec!["schema erp", "table erp.b"]);
    }

    #[test]
    fn compare_reports_missing_and_extra() {
        let expected = vec!["a".to_string(), "b".to_string()];
        let live = vec!["b".to_string(), "c".to_string()];
        let report = compare(&expected, &live);
        assert_eq!(report.missing, vec!["a"]);
        assert_eq!(report.extra, vec!["c"]);
        assert!(!report.is_ok());
        assert_eq!(report.to_string(), "missing: a\nextra: c");
        let ok = compare(&expected, &expected);
        assert!(ok.is_ok());
        assert_eq!(ok.to_string(), "schema OK (2 objects)");
    }

    #[test]
    fn embedded_snapshot_is_sorted_and_parseable() {
        let lines = expected_schema();
        assert!(lines.iter().any(|l| l == "schema erp"));
        assert!(lines.iter().any(|l| l == "schema agent"));
    }
}
