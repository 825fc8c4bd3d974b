//! `erp.tasks`: planned work items, scheduled into sprints by their start date.

use chrono::NaiveDate;
use erp_model::{
    EndDate, EngagementId, IsoWeek, PersonId, ProjectId, ScheduledTask, Sprint, Task, TaskId,
    TaskInsertForm, TaskPriority, TaskStatus, TaskUpdateForm,
};
use rust_decimal::Decimal;
use sea_query::{Condition, Expr, ExprTrait, Query};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::sprint::Sprints;
use crate::crud::{self, Table, field, returning, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Tasks as Col;
use crate::{Error, Page, PageRequest, Result, SortOrder};

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
///     r#"SELECT * FROM "erp"."tasks" WHERE "status" = ANY($1) AND ("title" ILIKE $2) ORDER BY "id" ASC LIMIT $3"#
/// );
/// // The statuses travel as one array; the search is a substring match, its wildcards escaped.
/// assert_eq!(values.0[1], sea_query::Value::from(r"%50\% off%"));
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
    /// Creates a task and, when it has a scheduled start, ensures the ISO-week sprint holding that day
    /// ([`Sprints::ensure_for`]; a new sprint has no capacity), in one transaction (a savepoint inside
    /// the caller's): the task is never stored without its week's sprint.
    ///
    /// Needs only what `erp_planner` is granted: INSERT on `erp.tasks`, ensuring sprints.
    pub fn schedule<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        form: &TaskInsertForm,
    ) -> impl Future<Output = Result<ScheduledTask>> + Send {
        crate::crud::traced_op(Self::TABLE, "schedule", async move {
            let mut held = db.acquire().await?;
            Self::schedule_on(&mut held, form, None).await
        })
    }

    /// As [`Tasks::schedule`], giving a sprint it creates this capacity; an existing sprint keeps its own.
    pub fn schedule_with_capacity<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        form: &TaskInsertForm,
        capacity_hours: Decimal,
    ) -> impl Future<Output = Result<ScheduledTask>> + Send {
        crate::crud::traced_op(Self::TABLE, "schedule", async move {
            let mut held = db.acquire().await?;
            Self::schedule_on(&mut held, form, Some(capacity_hours)).await
        })
    }

    async fn schedule_on(
        conn: &mut PgConnection,
        form: &TaskInsertForm,
        capacity: Option<Decimal>,
    ) -> Result<ScheduledTask> {
        let mut tx = conn.begin().await?;
        let task = Self::insert(&mut *tx, form).await?;
        let sprint = match task.scheduled_start_date {
            Some(day) => Some(Sprints::ensure_week(&mut *tx, IsoWeek::of(day), capacity).await?),
            None => None,
        };
        tx.commit().await?;
        Ok(ScheduledTask { task, sprint })
    }

    /// Moves a task to a new scheduled start, its end as `end` says ([`EndDate::Shift`] keeps its length;
    /// `Some(day)` / `None` set / clear it), and ensures the ISO-week sprint of the new start
    /// ([`Sprints::ensure_for`]; a new sprint has no capacity), in one transaction (a savepoint inside the
    /// caller's). The task's sprint follows, since sprints are computed from the start date.
    ///
    /// [`Error::NotFound`] for an unknown task; an end before the start is the check violation
    /// `tasks_scheduled_end_date_check`. Needs only what `erp_planner` is granted: UPDATE of the
    /// scheduled dates, ensuring sprints.
    pub fn reschedule<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: TaskId,
        start: NaiveDate,
        end: impl Into<EndDate>,
    ) -> impl Future<Output = Result<ScheduledTask>> + Send {
        let end = end.into();
        crate::crud::traced_op(Self::TABLE, "reschedule", async move {
            let mut held = db.acquire().await?;
            Self::reschedule_on(&mut held, id, start, end, None).await
        })
    }

    /// As [`Tasks::reschedule`], giving a sprint it creates this capacity; an existing sprint keeps its own.
    pub fn reschedule_with_capacity<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: TaskId,
        start: NaiveDate,
        end: impl Into<EndDate>,
        capacity_hours: Decimal,
    ) -> impl Future<Output = Result<ScheduledTask>> + Send {
        let end = end.into();
        crate::crud::traced_op(Self::TABLE, "reschedule", async move {
            let mut held = db.acquire().await?;
            Self::reschedule_on(&mut held, id, start, end, Some(capacity_hours)).await
        })
    }

    async fn reschedule_on(
        conn: &mut PgConnection,
        id: TaskId,
        start: NaiveDate,
        end: EndDate,
        capacity: Option<Decimal>,
    ) -> Result<ScheduledTask> {
        let mut tx = conn.begin().await?;
        let task = Self::move_start(&mut *tx, id, start, end).await?;
        let sprint: Sprint = Sprints::ensure_week(&mut *tx, IsoWeek::of(start), capacity).await?;
        tx.commit().await?;
        Ok(ScheduledTask {
            task,
            sprint: Some(sprint),
        })
    }

    /// `UPDATE erp.tasks SET scheduled_start_date = $1, scheduled_end_date = … WHERE id = $2`, the end
    /// computed from the row's own dates, so shifting needs no read first.
    async fn move_start<'e>(
        exec: impl PgExecutor<'e>,
        id: TaskId,
        start: NaiveDate,
        end: EndDate,
    ) -> Result<Task> {
        let start_value = field("scheduled_start_date", &start)?;
        let mut values = vec![("scheduled_start_date", start_value.clone())];
        match end {
            EndDate::Keep => {}
            EndDate::Set(day) => {
                values.push(("scheduled_end_date", field("scheduled_end_date", &day)?))
            }
            EndDate::Clear => values.push(("scheduled_end_date", Expr::cust("NULL"))),
            // The right-hand side reads the row as it was: the old start.
            EndDate::Shift => values.push((
                "scheduled_end_date",
                Expr::cust_with_exprs(
                    "CASE WHEN scheduled_start_date IS NULL THEN scheduled_end_date \
                     ELSE scheduled_end_date + ($1::date - scheduled_start_date) END",
                    [start_value],
                ),
            )),
        }
        let stmt = Query::update()
            .table((Self::SCHEMA, Self::NAME))
            .values(values)
            .and_where(Expr::col("id").eq(field("id", &id)?))
            .returning(returning::<Self>())
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Self::QUALIFIED,
                id: id.to_string(),
            })
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
