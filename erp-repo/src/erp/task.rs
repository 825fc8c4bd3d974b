//! `erp.tasks`: planned work items, scheduled into sprints by their start date.

use chrono::NaiveDate;
use erp_model::{
    EngagementId, PersonId, ProjectId, Task, TaskId, TaskInsertForm, TaskPriority, TaskStatus,
    TaskUpdateForm,
};
use sea_query::{Condition, Expr};
use sqlx::PgExecutor;

use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Tasks as Col;
use crate::{Page, PageRequest, Result, SortOrder};

repository! {
    /// Repository of `erp.tasks`.
    Tasks for Col {
        id: TaskId,
        row: Task,
        global_id: true,
        insert: TaskInsertForm {
            required: [title],
            optional: [description, project_id, engagement_id, assignee_id, status, priority, due_date,
                       estimated_hours, actual_hours, scheduled_start_date, scheduled_end_date, tags],
        },
        update: TaskUpdateForm {
            title, description, project_id, engagement_id, assignee_id, status, priority, due_date,
            estimated_hours, actual_hours, scheduled_start_date, scheduled_end_date, tags,
        },
        filter: TaskFilter,
        sort: TaskSort,
    }
}

sort_keys! {
    /// What a task list can be ordered by.
    TaskSort for Col {
        /// Title, alphabetically.
        Title => (Title, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which tasks to list; every field left `None` matches everything.
///
/// Each field set adds one condition, all of them joined with `AND`, every value bound:
///
/// ```
/// use erp_model::TaskStatus;
/// use erp_repo::erp::{TaskFilter, Tasks};
/// use erp_repo::{PageRequest, SortOrder};
///
/// let filter = TaskFilter {
///     status: Some(vec![TaskStatus::NotStarted, TaskStatus::InProgress]),
///     title_contains: Some("50% off".to_owned()),
///     ..TaskFilter::default()
/// };
/// let (sql, values) = Tasks::list_sql(&filter, SortOrder::default(), &PageRequest::first(50))?;
/// assert_eq!(
///     sql,
///     r#"SELECT * FROM "erp"."tasks" WHERE "status" IN ($1, $2) AND ("title" ILIKE $3) ORDER BY "id" ASC LIMIT $4"#
/// );
/// // The search is a substring match, its wildcards escaped.
/// assert_eq!(values.0[2], sea_query::Value::from(r"%50\% off%"));
/// # Ok::<(), erp_repo::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskFilter {
    /// Only these statuses.
    pub status: Option<Vec<TaskStatus>>,
    /// Only this priority.
    pub priority: Option<TaskPriority>,
    /// Only tasks of this project.
    pub project_id: Option<ProjectId>,
    /// Only tasks of this engagement.
    pub engagement_id: Option<EngagementId>,
    /// Only tasks assigned to this person.
    pub assignee_id: Option<PersonId>,
    /// Scheduled to start on or after this date.
    pub scheduled_from: Option<NaiveDate>,
    /// Scheduled to start on or before this date.
    pub scheduled_to: Option<NaiveDate>,
    /// Due on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this date.
    pub due_to: Option<NaiveDate>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
}

impl ListFilter for TaskFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::Priority, self.priority.as_ref())?
            .eq(Col::ProjectId, self.project_id.as_ref())?
            .eq(Col::EngagementId, self.engagement_id.as_ref())?
            .eq(Col::AssigneeId, self.assignee_id.as_ref())?
            .between(
                Col::ScheduledStartDate,
                self.scheduled_from.as_ref(),
                self.scheduled_to.as_ref(),
            )?
            .between(Col::DueDate, self.due_from.as_ref(), self.due_to.as_ref())?
            .search(Col::Title, self.title_contains.as_deref())?
            .build())
    }
}

impl Tasks {
    /// Moves a task to a new scheduled start (and end); its sprint follows, since sprints are computed
    /// from the start date.
    pub async fn reschedule<'e>(
        exec: impl PgExecutor<'e>,
        id: TaskId,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> Result<Task> {
        let form = TaskUpdateForm {
            scheduled_start_date: Some(Some(start)),
            scheduled_end_date: Some(end),
            ..Default::default()
        };
        Self::update(exec, id, &form).await
    }

    /// A project's tasks with one of these statuses (all statuses when empty), by priority then title.
    pub async fn of_project<'e>(
        exec: impl PgExecutor<'e>,
        project_id: ProjectId,
        statuses: &[TaskStatus],
    ) -> Result<Vec<Task>> {
        let mut stmt = select::<Self>();
        stmt.cond_where(
            Where::new()
                .eq(Col::ProjectId, Some(&project_id))?
                .any_of(Col::Status, (!statuses.is_empty()).then_some(statuses))?
                .build(),
        );
        stmt.order_by_expr(priority_rank(), sea_query::Order::Desc)
            .order_by("title", sea_query::Order::Asc);
        crud::fetch_all(exec, &stmt).await
    }

    /// A person's open tasks (not Done or Cancelled) across all projects, most urgent and earliest due first.
    pub async fn open_for_person<'e>(
        exec: impl PgExecutor<'e>,
        person: PersonId,
    ) -> Result<Vec<Task>> {
        let open: Vec<TaskStatus> = TaskStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_open())
            .collect();
        let mut stmt = select::<Self>();
        stmt.cond_where(
            Where::new()
                .eq(Col::AssigneeId, Some(&person))?
                .any_of(Col::Status, Some(&open[..]))?
                .build(),
        );
        stmt.order_by_expr(priority_rank(), sea_query::Order::Desc)
            .order_by_with_nulls(
                "due_date",
                sea_query::Order::Asc,
                sea_query::NullOrdering::Last,
            )
            .order_by("id", sea_query::Order::Asc);
        crud::fetch_all(exec, &stmt).await
    }

    /// A page of tasks; shorthand for [`Tasks::list`] with the default order.
    pub async fn page<'e>(
        exec: impl PgExecutor<'e>,
        filter: &TaskFilter,
        page: &PageRequest,
    ) -> Result<Page<Task>> {
        Self::list(exec, filter, SortOrder::default(), page).await
    }
}

/// Priority as a number (Low = 1 .. Urgent = 4), from the label set's own order.
fn priority_rank() -> Expr {
    let labels: Vec<String> = TaskPriority::LABELS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    Expr::cust_with_values("array_position($1::text[], priority)", [labels])
}
