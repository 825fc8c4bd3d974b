//! `erp.sprints`: one ISO week of capacity planning each; a sprint's tasks are computed from their start.

use chrono::{NaiveDate, Weekday};
use erp_model::{
    IsoWeek, Sprint, SprintId, SprintInsertForm, SprintStatus, SprintTask, SprintUpdateForm,
    TaskStatus,
};
use rust_decimal::Decimal;
use sea_query::{
    Asterisk, CommonTableExpression, Condition, Expr, ExprTrait, Func, JoinType, OnConflict, Order,
    Query, SelectStatement, UnionType, WithQuery,
};
use serde::Serialize;
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::Tasks;
use crate::crud::{self, Table, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::page::{finish_page, page_query};
use crate::schema::erp::Sprints as Col;
use crate::{Error, Page, PageRequest, Result, SortKey, SortOrder};
pub use erp_model::{SprintBoard, SprintLoad};

repository! {
    /// Repository of `erp.sprints`; a sprint name is unique (`sprints_name_key`).
    Sprints for Col {
        id: SprintId,
        row: Sprint,
        global_id: true,
        insert: SprintInsertForm {
            required: [name, start_date, end_date],
            optional: [capacity_hours, status],
        },
        update: SprintUpdateForm { name, start_date, end_date, capacity_hours, status },
        filter: SprintFilter,
        sort: SprintSort,
    }
}

sort_keys! {
    /// What a sprint list can be ordered by.
    SprintSort for Col {
        /// Name, alphabetically (chronological for ISO-week names like `2025-W50`).
        Name => (Name, "text"),
        /// First day of the sprint.
        StartDate => (StartDate, "date"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which sprints to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SprintFilter {
    /// Only these statuses.
    pub status: Option<Vec<SprintStatus>>,
    /// Starting on or after this date.
    pub start_from: Option<NaiveDate>,
    /// Starting on or before this date.
    pub start_to: Option<NaiveDate>,
    /// Ending on or after this date.
    pub end_from: Option<NaiveDate>,
    /// Ending on or before this date.
    pub end_to: Option<NaiveDate>,
    /// Only sprints whose range holds this date (ends inclusive).
    pub contains_date: Option<NaiveDate>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for SprintFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .between(
                Col::StartDate,
                self.start_from.as_ref(),
                self.start_to.as_ref(),
            )?
            .between(Col::EndDate, self.end_from.as_ref(), self.end_to.as_ref())?
            // start_date <= day <= end_date: the sprint holds the day.
            .between(Col::StartDate, None, self.contains_date.as_ref())?
            .between(Col::EndDate, self.contains_date.as_ref(), None)?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

#[derive(sqlx::FromRow)]
struct LoadRow {
    capacity_hours: Option<Decimal>,
    planned_hours: Decimal,
    task_count: i64,
    unestimated_tasks: i64,
}

/// A row of `erp.sprint_tasks` with `task_id` also as `id`, the tie-breaker keyset pages need.
#[derive(sqlx::FromRow, Serialize)]
struct PagedSprintTask {
    id: i64,
    #[sqlx(flatten)]
    #[serde(flatten)]
    task: SprintTask,
}

const SPRINT_TASKS: (&str, &str) = ("erp", "sprint_tasks");

impl Sprints {
    /// The sprint's tasks (the rows of `erp.sprint_tasks` for it), by scheduled start, then task id;
    /// empty for an unknown sprint.
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub async fn tasks<'e>(exec: impl PgExecutor<'e>, sprint: SprintId) -> Result<Vec<SprintTask>> {
        let (sprint, mut tasks) = sprint_tasks_of(sprint, false)?;
        tasks
            .order_by("scheduled_start_date", Order::Asc)
            .order_by("id", Order::Asc);
        crud::fetch_all(exec, &with_sprint(sprint, tasks)).await
    }

    /// A page of the sprint's tasks, by scheduled start, then task id; hand `next` back for the
    /// following page.
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub async fn tasks_page<'e>(
        exec: impl PgExecutor<'e>,
        sprint: SprintId,
        page: &PageRequest,
    ) -> Result<Page<SprintTask>> {
        let (sprint, mut tasks) = sprint_tasks_of(sprint, true)?;
        let ordering = SortOrder::asc(SortKey {
            column: "scheduled_start_date",
            sql_type: "date",
        });
        let limit = page_query(&mut tasks, ordering, page)?;
        let rows = crud::fetch_all::<PagedSprintTask, _>(exec, &with_sprint(sprint, tasks)).await?;
        let page = finish_page(rows, ordering, limit)?;
        Ok(Page {
            items: page.items.into_iter().map(|r| r.task).collect(),
            next: page.next,
        })
    }

    /// The sprint whose range holds `date` (ends inclusive). Where several do, the shortest wins,
    /// then the one starting latest, then the newest row: the most specific sprint for the day.
    pub async fn of_date<'e>(exec: impl PgExecutor<'e>, date: NaiveDate) -> Result<Option<Sprint>> {
        let filter = SprintFilter {
            contains_date: Some(date),
            ..Default::default()
        };
        let stmt = select::<Self>()
            .cond_where(filter.condition()?)
            .order_by_expr(
                Expr::col("end_date").sub(Expr::col("start_date")),
                Order::Asc,
            )
            .order_by("start_date", Order::Desc)
            .order_by("id", Order::Desc)
            .limit(1)
            .to_owned();
        crud::fetch_optional(exec, &stmt).await
    }

    /// The sprint named after this ISO week (e.g. `2025-W50`), if it exists.
    pub async fn of_week<'e>(exec: impl PgExecutor<'e>, week: IsoWeek) -> Result<Option<Sprint>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("name").eq(field("name", &week.name())?))
            .to_owned();
        crud::fetch_optional(exec, &stmt).await
    }

    /// Ensures the ISO-week sprint holding `date` exists (named like `2025-W50`, Monday to Sunday)
    /// and returns it; safe to call again and from concurrent callers.
    pub async fn ensure_for<'e>(exec: impl PgExecutor<'e>, date: NaiveDate) -> Result<Sprint> {
        Self::ensure_week(exec, IsoWeek::of(date), None).await
    }

    /// As [`Sprints::ensure_for`], giving a new sprint this capacity; an existing sprint keeps its own.
    pub async fn ensure_for_with_capacity<'e>(
        exec: impl PgExecutor<'e>,
        date: NaiveDate,
        capacity_hours: Decimal,
    ) -> Result<Sprint> {
        Self::ensure_week(exec, IsoWeek::of(date), Some(capacity_hours)).await
    }

    /// Ensures the sprint of `week` exists and returns it, in one statement; a new sprint gets
    /// `capacity_hours`, an existing one is returned unchanged.
    ///
    /// ```sql
    /// WITH existing AS (SELECT * FROM erp.sprints WHERE name = $1),
    ///      inserted AS (INSERT INTO erp.sprints (...) SELECT $1, ... WHERE NOT EXISTS (SELECT 1 FROM existing)
    ///                   ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING *)
    /// SELECT * FROM existing UNION ALL SELECT * FROM inserted
    /// ```
    ///
    /// When the sprint is already visible, nothing is written. When it is not, the insert runs; if a
    /// concurrent caller inserted the same name first, `ON CONFLICT` waits for that caller to commit
    /// and then returns its row through a no-op update (which does touch `updated_at`). `DO NOTHING`
    /// would return no row there, and no read in the same statement can see the winner's row (it
    /// committed after the statement's snapshot), so it would need a second statement and an
    /// executor that can run two. So every caller gets exactly one row, the same id, in one round
    /// trip and on any executor.
    pub async fn ensure_week<'e>(
        exec: impl PgExecutor<'e>,
        week: IsoWeek,
        capacity_hours: Option<Decimal>,
    ) -> Result<Sprint> {
        // The first and last weeks of chrono's range have days outside it: no sprint, and no panic.
        let monday = NaiveDate::from_isoywd_opt(week.year(), week.week(), Weekday::Mon);
        let sunday = NaiveDate::from_isoywd_opt(week.year(), week.week(), Weekday::Sun);
        if monday.is_none() || sunday.is_none() {
            return Err(Error::invalid(
                "date",
                format!("the ISO week {week} has days outside the supported date range"),
            ));
        }
        let form = SprintInsertForm {
            capacity_hours,
            ..SprintInsertForm::for_week(week)
        };
        let name = field("name", &form.name)?;
        let existing = select::<Self>()
            .and_where(Expr::col("name").eq(name.clone()))
            .to_owned();
        let row = Query::select()
            .exprs([
                name,
                field("start_date", &form.start_date)?,
                field("end_date", &form.end_date)?,
                field("capacity_hours", &form.capacity_hours)?,
            ])
            .and_where(
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from("existing")
                        .to_owned(),
                )
                .not(),
            )
            .to_owned();
        let mut insert = Query::insert();
        insert
            .into_table((Self::SCHEMA, Self::NAME))
            .columns(["name", "start_date", "end_date", "capacity_hours"])
            .select_from(row)
            .map_err(|e| Error::invalid(Self::QUALIFIED, e.to_string()))?
            .on_conflict(OnConflict::column("name").update_column("name").to_owned())
            .returning_all();
        let stmt = WithQuery::new()
            .cte(
                CommonTableExpression::new()
                    .table_name("existing")
                    .query(existing)
                    .to_owned(),
            )
            .cte(
                CommonTableExpression::new()
                    .table_name("inserted")
                    .query(insert)
                    .to_owned(),
            )
            .query(
                Query::select()
                    .column(Asterisk)
                    .from("existing")
                    .union(
                        UnionType::All,
                        Query::select().column(Asterisk).from("inserted").to_owned(),
                    )
                    .to_owned(),
            )
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Self::QUALIFIED,
                id: form.name,
            })
    }

    /// The sprint's capacity against the estimated hours of its tasks, in one query; hours with two
    /// decimals. [`Sprints::board`] has the same load beside the sprint and its tasks.
    pub async fn load<'e>(exec: impl PgExecutor<'e>, sprint: SprintId) -> Result<SprintLoad> {
        let stmt = Query::select()
            .column(("s", "capacity_hours"))
            .expr_as(
                Func::coalesce([
                    Func::sum(Expr::col(("t", "estimated_hours"))).into(),
                    Expr::cust("0::numeric"),
                ]),
                "planned_hours",
            )
            .expr_as(Func::count(Expr::col(("t", "task_id"))), "task_count")
            .expr_as(
                Func::count(Expr::col(("t", "task_id")))
                    .sub(Func::count(Expr::col(("t", "estimated_hours")))),
                "unestimated_tasks",
            )
            .from_as((Self::SCHEMA, Self::NAME), "s")
            .join_as(
                JoinType::LeftJoin,
                SPRINT_TASKS,
                "t",
                Condition::all()
                    .add(Expr::col(("t", "sprint_id")).equals(("s", "id")))
                    // A cancelled task takes no capacity.
                    .add(Expr::col(("t", "status")).ne(field("status", &TaskStatus::Cancelled)?)),
            )
            .and_where(Expr::col(("s", "id")).eq(field("id", &sprint)?))
            .group_by_col(("s", "id"))
            .to_owned();
        let row: LoadRow =
            crud::fetch_optional(exec, &stmt)
                .await?
                .ok_or_else(|| Error::NotFound {
                    table: Self::QUALIFIED,
                    id: sprint.to_string(),
                })?;
        // The figures as the board computes them from its tasks: two decimals, whatever scale a zero
        // sum decodes with.
        Ok(SprintLoad {
            task_count: row.task_count,
            unestimated_tasks: row.unestimated_tasks,
            ..SprintLoad::from_sums(row.capacity_hours, row.planned_hours)
        })
    }

    /// The board of a week: its sprint, the sprint's tasks and its load, read in one transaction on one
    /// connection; fails with [`Error::NotFound`] when the week has no sprint yet (create it with
    /// [`Sprints::ensure_week`]). The load is computed from the tasks read
    /// ([`SprintLoad::from_tasks`], the same figures as [`Sprints::load`]), so it costs no third statement.
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    pub fn board<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        week: IsoWeek,
    ) -> impl Future<Output = Result<SprintBoard>> + Send {
        crate::crud::traced_op(Self::TABLE, "board", async move {
            let mut held = db.acquire().await?;
            Self::board_on(&mut held, week).await
        })
    }

    async fn board_on(conn: &mut PgConnection, week: IsoWeek) -> Result<SprintBoard> {
        let mut tx = conn.begin().await?;
        let sprint = Self::of_week(&mut *tx, week)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Self::QUALIFIED,
                id: week.name(),
            })?;
        let tasks = Self::tasks(&mut *tx, sprint.id).await?;
        tx.commit().await?;
        let load = SprintLoad::from_tasks(sprint.capacity_hours, &tasks);
        Ok(SprintBoard {
            sprint,
            tasks,
            load,
        })
    }
}

/// The rows of `erp.sprint_tasks WHERE sprint_id = $1`, read from `erp.tasks` between the sprint's
/// dates (and, when `with_id`, `id` after them, the tie-breaker keyset pages name):
///
/// ```sql
/// WITH "sprint" AS (SELECT "id", "name", "start_date", "end_date" FROM "erp"."sprints" WHERE "id" = $1)
/// SELECT (SELECT "id" FROM "sprint") AS "sprint_id", (SELECT "name" FROM "sprint") AS "sprint_name",
///        "id" AS "task_id", "title", ... FROM "erp"."tasks"
/// WHERE "scheduled_start_date" >= (SELECT "start_date" FROM "sprint")
///   AND "scheduled_start_date" <= (SELECT "end_date" FROM "sprint")
/// ```
///
/// The sprint is looked up once and its fields reach the scan as init-plan parameters, so the planner
/// sees one table with a bounded range of `tasks_scheduled_start_date_idx`, whose order is the board's:
/// a page stops after its rows, the whole week needs no sort, and the index holds every column read.
/// Through the view, the sprint came in by a join, and the planner had to guess how many tasks it
/// matches (its guess of a few rows made a page sort the whole week). An unknown sprint has no dates,
/// so no task compares with them: no rows.
fn sprint_tasks_of(
    sprint: SprintId,
    with_id: bool,
) -> Result<(CommonTableExpression, SelectStatement)> {
    let the_sprint = CommonTableExpression::new()
        .table_name("sprint")
        .query(
            Query::select()
                .columns(["id", "name", "start_date", "end_date"])
                .from((Sprints::SCHEMA, Sprints::NAME))
                .and_where(Expr::col("id").eq(field("sprint_id", &sprint)?))
                .to_owned(),
        )
        .to_owned();
    let of_sprint = |column: &str| Expr::cust(format!(r#"(SELECT "{column}" FROM "sprint")"#));
    let mut tasks = Query::select();
    tasks
        .expr_as(of_sprint("id"), "sprint_id")
        .expr_as(of_sprint("name"), "sprint_name")
        .expr_as(Expr::col("id"), "task_id")
        .columns([
            "title",
            "status",
            "priority",
            "project_id",
            "assignee_id",
            "scheduled_start_date",
            "scheduled_end_date",
            "estimated_hours",
        ])
        .from((Tasks::SCHEMA, Tasks::NAME))
        .and_where(Expr::col("scheduled_start_date").gte(of_sprint("start_date")))
        .and_where(Expr::col("scheduled_start_date").lte(of_sprint("end_date")));
    if with_id {
        // Last, so the view's columns keep their positions.
        tasks.column("id");
    }
    Ok((the_sprint, tasks))
}

/// `WITH "sprint" AS (...) <tasks>`.
fn with_sprint(sprint: CommonTableExpression, tasks: SelectStatement) -> WithQuery {
    WithQuery::new().cte(sprint).query(tasks).to_owned()
}
