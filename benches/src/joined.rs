//! The row of the "medium complex" left join for sqlx (SDK and hand-written): a project and maybe one
//! of its tasks, decoded by position since both tables share column names.

use erp_model::{Project, Task, TaskId};
use sqlx::postgres::PgRow;
use sqlx::{FromRow, Row};

/// A project and, from the left join, one of its tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectWithTask {
    /// The project.
    pub project: Project,
    /// One of its tasks; `None` for a project without tasks.
    pub task: Option<Task>,
}

impl<'r> FromRow<'r, PgRow> for ProjectWithTask {
    fn from_row(row: &'r PgRow) -> Result<Self, sqlx::Error> {
        let project = Project {
            id: row.try_get(0)?,
            global_id: row.try_get(1)?,
            name: row.try_get(2)?,
            description: row.try_get(3)?,
            owner_person_id: row.try_get(4)?,
            organization_id: row.try_get(5)?,
            venture_id: row.try_get(6)?,
            process_template_id: row.try_get(7)?,
            status: row.try_get(8)?,
            start_date: row.try_get(9)?,
            end_date: row.try_get(10)?,
            tags: row.try_get(11)?,
            created_at: row.try_get(12)?,
            updated_at: row.try_get(13)?,
        };
        let task = match row.try_get::<Option<TaskId>, _>(14)? {
            None => None,
            Some(id) => Some(Task {
                id,
                global_id: row.try_get(15)?,
                title: row.try_get(16)?,
                description: row.try_get(17)?,
                project_id: row.try_get(18)?,
                engagement_id: row.try_get(19)?,
                assignee_id: row.try_get(20)?,
                status: row.try_get(21)?,
                priority: row.try_get(22)?,
                due_date: row.try_get(23)?,
                estimated_hours: row.try_get(24)?,
                actual_hours: row.try_get(25)?,
                scheduled_start_date: row.try_get(26)?,
                scheduled_end_date: row.try_get(27)?,
                tags: row.try_get(28)?,
                created_at: row.try_get(29)?,
                updated_at: row.try_get(30)?,
            }),
        };
        Ok(ProjectWithTask { project, task })
    }
}
