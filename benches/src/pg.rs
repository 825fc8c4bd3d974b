//! tokio-postgres, the floor: one connection, prepared statements, rows decoded by position into the
//! same model types the SDK returns.

use erp_model::{
    Person, PersonId, Project, ProjectId, SprintTask, Task, TaskId, WorkflowPerformanceRow,
};
use tokio_postgres::{Client, NoTls, Row};

/// Connects to `url` and drives the connection on the current runtime.
pub async fn connect(url: &str) -> Client {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .expect("tokio-postgres connects");
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            eprintln!("tokio-postgres connection ended: {e}");
        }
    });
    client
}

fn label<T: std::str::FromStr>(row: &Row, i: usize) -> T
where
    T::Err: std::fmt::Debug,
{
    row.get::<_, &str>(i).parse().expect("a known label")
}

/// A row of `erp.tasks` from `SELECT *` (columns in table order, from `offset`).
pub fn task_at(row: &Row, o: usize) -> Task {
    Task {
        id: TaskId(row.get(o)),
        global_id: row.get(o + 1),
        title: row.get(o + 2),
        description: row.get(o + 3),
        project_id: row.get::<_, Option<i64>>(o + 4).map(ProjectId),
        engagement_id: row
            .get::<_, Option<i64>>(o + 5)
            .map(erp_model::EngagementId),
        assignee_id: row.get::<_, Option<i64>>(o + 6).map(PersonId),
        status: label(row, o + 7),
        priority: label(row, o + 8),
        due_date: row.get(o + 9),
        estimated_hours: row.get(o + 10),
        actual_hours: row.get(o + 11),
        scheduled_start_date: row.get(o + 12),
        scheduled_end_date: row.get(o + 13),
        tags: row.get(o + 14),
        created_at: row.get(o + 15),
        updated_at: row.get(o + 16),
    }
}

/// A row of `erp.tasks` from `SELECT *`.
pub fn task(row: &Row) -> Task {
    task_at(row, 0)
}

/// A row of `erp.people` from `SELECT *`.
pub fn person(row: &Row) -> Person {
    Person {
        id: PersonId(row.get(0)),
        global_id: row.get(1),
        full_name: row.get(2),
        email: row.get(3),
        handle: row.get(4),
        role_label: row.get(5),
        notes: row.get(6),
        is_active: row.get(7),
        created_at: row.get(8),
        updated_at: row.get(9),
    }
}

/// A project and, from the left join, one of its tasks (columns 0..14 and 14..31).
pub fn project_with_task(row: &Row) -> (Project, Option<Task>) {
    let project = Project {
        id: ProjectId(row.get(0)),
        global_id: row.get(1),
        name: row.get(2),
        description: row.get(3),
        owner_person_id: row.get::<_, Option<i64>>(4).map(PersonId),
        organization_id: row.get::<_, Option<i64>>(5).map(erp_model::OrganizationId),
        venture_id: row.get::<_, Option<i64>>(6).map(erp_model::VentureId),
        process_template_id: row
            .get::<_, Option<i64>>(7)
            .map(erp_model::ProcessTemplateId),
        status: label(row, 8),
        start_date: row.get(9),
        end_date: row.get(10),
        tags: row.get(11),
        created_at: row.get(12),
        updated_at: row.get(13),
    };
    let task = row.get::<_, Option<i64>>(14).map(|_| task_at(row, 14));
    (project, task)
}

/// A row of `erp.sprint_tasks` (`SELECT *`, plus the page's extra `id` column if any).
pub fn sprint_task(row: &Row) -> SprintTask {
    SprintTask {
        sprint_id: erp_model::SprintId(row.get(0)),
        sprint_name: row.get(1),
        task_id: TaskId(row.get(2)),
        title: row.get(3),
        status: label(row, 4),
        priority: label(row, 5),
        project_id: row.get::<_, Option<i64>>(6).map(ProjectId),
        assignee_id: row.get::<_, Option<i64>>(7).map(PersonId),
        scheduled_start_date: row.get(8),
        scheduled_end_date: row.get(9),
        estimated_hours: row.get(10),
    }
}

/// A row of `erp.workflow_performance`.
pub fn performance(row: &Row) -> WorkflowPerformanceRow {
    WorkflowPerformanceRow {
        workflow_id: erp_model::WorkflowId(row.get(0)),
        name: row.get(1),
        estimated_hours: row.get(2),
        execution_runs_count: row.get(3),
        avg_actual_hours: row.get(4),
        variance_pct: row.get(5),
    }
}
