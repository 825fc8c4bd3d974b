//! Data sets made by the server itself with `INSERT ... SELECT ... FROM generate_series`: set-up, never
//! measured. Every generator is deterministic (`setseed`) so each run reads the same rows.

use crate::BenchDb;

/// The first day of the sprint data: Monday of ISO week 2021-W01.
pub const FIRST_MONDAY: &str = "2021-01-04";
/// Weeks of sprint data (about five years).
pub const WEEKS: i64 = 260;
/// The week the sprint-board benchmarks read.
pub const BOARD_WEEK: &str = "2023-W20";

/// `people` people and `projects` projects, owned round-robin by the first people.
pub async fn people_and_projects(db: &BenchDb, people: i64, projects: i64, per_owner: i64) {
    db.run(&format!(
        "INSERT INTO erp.people (full_name, email, handle, role_label, is_active)
         SELECT 'Person ' || i, 'person' || i || '@example.com', 'p' || i,
                (ARRAY['Founder', 'Engineer', 'Designer', 'Client lead'])[1 + i % 4], i % 10 <> 0
         FROM generate_series(1, {people}) i;
         INSERT INTO erp.projects (name, description, owner_person_id, status, start_date, end_date, tags)
         SELECT 'Project ' || i, 'Project number ' || i, a0 + (i - 1) / {per_owner}, 'Active',
                date '2024-01-01' + i % 300, date '2024-12-31' + i % 300, ARRAY['bench']
         FROM generate_series(1, {projects}) i, (SELECT min(id) AS a0 FROM erp.people) a;"
    ))
    .await;
}

/// The per-call data set: 10,000 people; 1,000 projects, 10 per owner among the first 100 people;
/// 10,000 tasks, 10 per project and 200 per assignee among the first 50 people (40 per status).
/// Returns the id of an extra empty project the insert benchmarks write into.
pub async fn per_call(db: &BenchDb) -> i64 {
    people_and_projects(db, 10_000, 1_000, 10).await;
    db.run(
        "INSERT INTO erp.tasks (title, description, project_id, assignee_id, status, priority, due_date,
                               estimated_hours, scheduled_start_date, scheduled_end_date, tags)
         SELECT 'Task ' || i, 'Details of task ' || i, p0 + (i - 1) / 10, a0 + i % 50,
                (ARRAY['Not Started', 'In Progress', 'Blocked', 'Done', 'Cancelled'])[1 + (i / 50) % 5],
                (ARRAY['Low', 'Medium', 'High', 'Urgent'])[1 + i % 4],
                date '2025-01-01' + i % 365, 1 + i % 16,
                date '2025-01-06' + i % 364, date '2025-01-06' + i % 364 + 2, ARRAY['bench']
         FROM generate_series(1, 10000) i,
              (SELECT min(id) AS p0 FROM erp.projects) p, (SELECT min(id) AS a0 FROM erp.people) a;",
    )
    .await;
    let row = db
        .pg
        .query_one(
            "INSERT INTO erp.projects (name, owner_person_id, status)
             SELECT 'Inbox', max(id), 'Active' FROM erp.people RETURNING id",
            &[],
        )
        .await
        .expect("the inbox project");
    db.vacuum_analyze(&["erp.people", "erp.projects", "erp.tasks"])
        .await;
    row.get(0)
}

/// `n` tasks with a start spread at random over [`WEEKS`] weeks from [`FIRST_MONDAY`] (so a week holds
/// about n / 260 of them, in no particular heap order), 50 people, 200 projects, and one sprint per
/// ISO week.
pub async fn sprint_board(db: &BenchDb, n: i64) {
    people_and_projects(db, 50, 200, 4).await;
    db.run(&format!(
        "SELECT setseed(0.42);
         INSERT INTO erp.tasks (title, project_id, assignee_id, status, priority, estimated_hours,
                                scheduled_start_date, scheduled_end_date)
         SELECT 'Task ' || i, p0 + i % 200, a0 + i % 50,
                (ARRAY['Not Started', 'In Progress', 'Blocked', 'Done', 'Cancelled'])[1 + i % 5],
                (ARRAY['Low', 'Medium', 'High', 'Urgent'])[1 + i % 4], 1 + i % 16, d, d + i % 5
         FROM (SELECT i, date '{FIRST_MONDAY}' + floor(random() * {days})::int AS d
               FROM generate_series(1, {n}) i) s,
              (SELECT min(id) AS p0 FROM erp.projects) p, (SELECT min(id) AS a0 FROM erp.people) a;
         INSERT INTO erp.sprints (name, start_date, end_date, capacity_hours)
         SELECT to_char(d, 'IYYY-\"W\"IW'), d::date, d::date + 6, 120
         FROM generate_series(timestamp '{FIRST_MONDAY}', timestamp '{FIRST_MONDAY}' + interval '{last} weeks',
                              interval '1 week') d;",
        days = WEEKS * 7,
        last = WEEKS - 1,
    ))
    .await;
    db.vacuum_analyze(&["erp.people", "erp.projects", "erp.tasks", "erp.sprints"])
        .await;
}

/// The sprint the board benchmarks read: its id and first and last day.
pub async fn board_sprint(db: &BenchDb) -> (i64, chrono::NaiveDate, chrono::NaiveDate) {
    let row = db
        .pg
        .query_one(
            "SELECT id, start_date, end_date FROM erp.sprints WHERE name = $1",
            &[&BOARD_WEEK],
        )
        .await
        .expect("the board's sprint");
    (row.get(0), row.get(1), row.get(2))
}

/// `workflows` active workflows, 10,000 tasks to work on, and `runs` completed runs spread over them
/// (one a minute from 2021-01-04, 30 minutes to 4.5 hours each; hours filled in by the database).
pub async fn workflow_runs(db: &BenchDb, workflows: i64, runs: i64) {
    people_and_projects(db, 50, 200, 4).await;
    db.run(&format!(
        "INSERT INTO erp.tasks (title, project_id, estimated_hours)
         SELECT 'Task ' || i, p0 + i % 200, 1 + i % 16
         FROM generate_series(1, 10000) i, (SELECT min(id) AS p0 FROM erp.projects) p;
         INSERT INTO erp.workflows (name, estimated_hours, status)
         SELECT 'Workflow ' || i, 1 + i % 8, 'Active' FROM generate_series(1, {workflows}) i;"
    ))
    .await;
    if runs > 0 {
        db.run(&format!(
            "INSERT INTO erp.execution_runs (run_type, workflow_id, task_id, project_id, executed_by,
                                             started_at, ended_at, estimated_hours, status)
             SELECT 'Process', w0 + i % {workflows}, t0 + i % 10000, p0 + i % 200, a0 + i % 50,
                    ts, ts + make_interval(mins => 30 + i % 240), 1 + i % 8, 'Completed'
             FROM (SELECT i, timestamptz '2021-01-04 08:00+00' + make_interval(mins => i) AS ts
                   FROM generate_series(1, {runs}) i) s,
                  (SELECT min(id) AS w0 FROM erp.workflows) w, (SELECT min(id) AS t0 FROM erp.tasks) t,
                  (SELECT min(id) AS p0 FROM erp.projects) p, (SELECT min(id) AS a0 FROM erp.people) a;"
        ))
        .await;
    }
    db.vacuum_analyze(&[
        "erp.people",
        "erp.projects",
        "erp.tasks",
        "erp.workflows",
        "erp.execution_runs",
        "erp_derived.workflow_run_stats",
    ])
    .await;
}

/// The smallest id of a table, where the generated ids start.
pub async fn first_id(db: &BenchDb, table: &str) -> i64 {
    db.pg
        .query_one(&format!("SELECT min(id) FROM {table}"), &[])
        .await
        .expect("a first id")
        .get(0)
}
