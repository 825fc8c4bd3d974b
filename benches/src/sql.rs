//! The hand-written SQL of the sqlx and tokio-postgres variants: the same text the SDK sends
//! (`tests/plan_shape.rs` checks it against what the SDK really sends).

/// Get a task by id (`Tasks::get`).
pub const TASK_BY_ID: &str = r#"SELECT * FROM "erp"."tasks" WHERE "id" = $1"#;

/// A person's open tasks, first page of 100 (`Tasks::list` with `TaskFilter { status, assignee_id }`);
/// the limit is the page size plus one, to know whether there is a next page.
pub const TASK_LIST: &str = r#"SELECT * FROM "erp"."tasks" WHERE "status" = ANY($1) AND "assignee_id" = $2 ORDER BY "id" ASC LIMIT $3"#;

/// Insert one task (`Tasks::insert` with these fields set).
pub const TASK_INSERT: &str = r#"INSERT INTO "erp"."tasks" ("title", "project_id", "status", "priority", "estimated_hours", "scheduled_start_date") VALUES ($1, $2, $3, $4, $5, $6) RETURNING *"#;

/// Update two fields of a task (`Tasks::update` with `priority` and `actual_hours`).
pub const TASK_UPDATE: &str =
    r#"UPDATE "erp"."tasks" SET "priority" = $1, "actual_hours" = $2 WHERE "id" = $3 RETURNING *"#;

/// diesel_bench "trivial": the first N people.
pub const PEOPLE_FIRST: &str = r#"SELECT * FROM "erp"."people" ORDER BY "id" ASC LIMIT $1"#;

/// diesel_bench "medium complex": an owner's projects, each with its tasks (left join, filtered on the
/// indexed `owner_person_id`).
pub const PROJECTS_WITH_TASKS: &str = r#"SELECT "p".*, "t".* FROM "erp"."projects" AS "p" LEFT JOIN "erp"."tasks" AS "t" ON "t"."project_id" = "p"."id" WHERE "p"."owner_person_id" = $1"#;

/// The columns of a multi-row task insert, in the SDK's order.
pub const TASK_INSERT_COLUMNS: &str =
    r#""title", "project_id", "status", "priority", "estimated_hours", "scheduled_start_date""#;

/// `INSERT INTO erp.tasks (...) VALUES (...), ... RETURNING *` for `rows` rows of 6 values, as
/// `Tasks::insert_many` renders it.
pub fn task_insert_many(rows: usize) -> String {
    let mut sql = format!(r#"INSERT INTO "erp"."tasks" ({TASK_INSERT_COLUMNS}) VALUES "#);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        let b = r * 6;
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, ${}, ${})",
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6
        ));
    }
    sql.push_str(" RETURNING *");
    sql
}

/// First page of a sprint's tasks (`Sprints::tasks_page`, 50 per page: the limit `$2` is 51).
pub const SPRINT_PAGE: &str = r#"WITH "sprint" AS (SELECT "id", "name", "start_date", "end_date" FROM "erp"."sprints" WHERE "id" = $1) SELECT (SELECT "id" FROM "sprint") AS "sprint_id", (SELECT "name" FROM "sprint") AS "sprint_name", "id" AS "task_id", "title", "status", "priority", "project_id", "assignee_id", "scheduled_start_date", "scheduled_end_date", "estimated_hours", "id" FROM "erp"."tasks" WHERE "scheduled_start_date" >= ((SELECT "start_date" FROM "sprint")) AND "scheduled_start_date" <= ((SELECT "end_date" FROM "sprint")) ORDER BY "scheduled_start_date" ASC, "id" ASC LIMIT $2"#;

/// A sprint's whole week (`Sprints::tasks`).
pub const SPRINT_WEEK: &str = r#"WITH "sprint" AS (SELECT "id", "name", "start_date", "end_date" FROM "erp"."sprints" WHERE "id" = $1) SELECT (SELECT "id" FROM "sprint") AS "sprint_id", (SELECT "name" FROM "sprint") AS "sprint_name", "id" AS "task_id", "title", "status", "priority", "project_id", "assignee_id", "scheduled_start_date", "scheduled_end_date", "estimated_hours" FROM "erp"."tasks" WHERE "scheduled_start_date" >= ((SELECT "start_date" FROM "sprint")) AND "scheduled_start_date" <= ((SELECT "end_date" FROM "sprint")) ORDER BY "scheduled_start_date" ASC, "id" ASC"#;

/// Reference shape, not the SDK's: the week's tasks read straight from `erp.tasks` by date range, in
/// the order of `tasks_scheduled_start_date_idx`; `$3` is the limit.
pub const WEEK_RANGE: &str = r#"SELECT "id", "title", "status", "priority", "project_id", "assignee_id", "scheduled_start_date", "scheduled_end_date", "estimated_hours" FROM "erp"."tasks" WHERE "scheduled_start_date" BETWEEN $1 AND $2 ORDER BY "scheduled_start_date" ASC, "id" ASC LIMIT $3"#;

/// Reference, not the SDK's: the first page from the view with the sprint's bounds also given as one-off
/// subqueries, practically the SDK's shape before migration 0015; on 0015's view the planner estimates a
/// few rows and sorts the week. `$1` is the sprint id, `$2` the limit.
pub const SPRINT_PAGE_BOUNDED: &str = r#"SELECT *, "task_id" AS "id" FROM "erp"."sprint_tasks" WHERE "sprint_id" = $1 AND "scheduled_start_date" BETWEEN (SELECT "start_date" FROM "erp"."sprints" WHERE "id" = $1) AND (SELECT "end_date" FROM "erp"."sprints" WHERE "id" = $1) ORDER BY "scheduled_start_date" ASC, "task_id" ASC LIMIT $2"#;

/// Every workflow's performance (`Workflows::performance_all`).
pub const PERFORMANCE_ALL: &str =
    r#"SELECT * FROM "erp"."workflow_performance" ORDER BY "workflow_id" ASC"#;

/// One workflow's performance (`Workflows::performance`).
pub const PERFORMANCE_ONE: &str =
    r#"SELECT * FROM "erp"."workflow_performance" WHERE "workflow_id" = $1"#;

/// Reference, not the SDK's: the aggregate over every run that the view computed before the counters
/// (migration 20251201000003), for comparison.
pub const PERFORMANCE_AGGREGATE: &str = "SELECT w.id AS workflow_id, w.name, w.estimated_hours, \
     count(r.id) AS execution_runs_count, avg(r.actual_hours) AS avg_actual_hours, \
     CASE WHEN w.estimated_hours IS NULL OR w.estimated_hours = 0 OR count(r.actual_hours) = 0 THEN NULL \
     ELSE round((avg(r.actual_hours) - w.estimated_hours) / w.estimated_hours * 100, 2) END AS variance_pct \
     FROM erp.workflows w LEFT JOIN erp.execution_runs r ON r.workflow_id = w.id \
     GROUP BY w.id ORDER BY w.id";

/// The 15 columns every ingest variant writes, in the SDK's order (`ExecutionRuns::ingest_runs` with
/// `run_type`, `started_at` and `status` set: its 12 nullable columns, then those three).
pub const RUN_COLUMNS: [&str; 15] = [
    "workflow_id",
    "process_template_id",
    "task_id",
    "project_id",
    "engagement_id",
    "executed_by",
    "session_id",
    "ended_at",
    "estimated_hours",
    "actual_hours",
    "outcome_notes",
    "run_identifier",
    "run_type",
    "started_at",
    "status",
];

/// The PostgreSQL array type of each of [`RUN_COLUMNS`].
pub const RUN_ARRAY_TYPES: [&str; 15] = [
    "bigint[]",
    "bigint[]",
    "bigint[]",
    "bigint[]",
    "bigint[]",
    "bigint[]",
    "bigint[]",
    "timestamptz[]",
    "numeric[]",
    "numeric[]",
    "text[]",
    "text[]",
    "text[]",
    "timestamptz[]",
    "text[]",
];

/// The SDK's ingest statement: `INSERT ... SELECT * FROM unnest($1::bigint[], ...) ON CONFLICT DO NOTHING`.
pub fn runs_unnest() -> String {
    let arrays: Vec<String> = RUN_ARRAY_TYPES
        .iter()
        .enumerate()
        .map(|(i, ty)| format!("${}::{ty}", i + 1))
        .collect();
    format!(
        "INSERT INTO erp.execution_runs ({}) SELECT * FROM unnest({}) ON CONFLICT DO NOTHING",
        RUN_COLUMNS.join(", "),
        arrays.join(", ")
    )
}

/// One run per statement, deduplicated on the natural key.
pub fn runs_insert_one() -> String {
    let params: Vec<String> = (1..=RUN_COLUMNS.len()).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO erp.execution_runs ({}) VALUES ({}) ON CONFLICT DO NOTHING",
        RUN_COLUMNS.join(", "),
        params.join(", ")
    )
}

/// `COPY erp.execution_runs (...) FROM STDIN (FORMAT binary)`, into `table`.
pub fn runs_copy(table: &str) -> String {
    format!(
        "COPY {table} ({}) FROM STDIN (FORMAT binary)",
        RUN_COLUMNS.join(", ")
    )
}

/// `erp.sprint_tasks` read straight from SQL, as n8n, a BI tool or PostgREST would (not the SDK's).
pub const SPRINT_VIEW_PAGE: &str = "SELECT * FROM erp.sprint_tasks WHERE sprint_id = $1 \
     ORDER BY scheduled_start_date, task_id LIMIT 50";

/// The whole week of `erp.sprint_tasks` read straight from SQL (not the SDK's).
pub const SPRINT_VIEW_WEEK: &str =
    "SELECT * FROM erp.sprint_tasks WHERE sprint_id = $1 ORDER BY scheduled_start_date, task_id";
