//! `agent.scheduler_runs`: scheduled runs of a plan, claimed by exactly one worker once due.

use agent_model::{
    PlanId, SchedulerRun, SchedulerRunId, SchedulerRunInsertForm, SchedulerRunStatus,
    SchedulerRunUpdateForm,
};
use chrono::{DateTime, Utc};
use sea_query::{Condition, Expr, ExprTrait, LockBehavior, LockType, Order, Query};
use sqlx::PgExecutor;

use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::SchedulerRuns as Col;
use crate::{Error, PageRequest, Result};

repository! {
    /// Repository of `agent.scheduler_runs`.
    SchedulerRuns for Col {
        id: SchedulerRunId,
        row: SchedulerRun,
        global_id: false,
        insert: SchedulerRunInsertForm {
            required: [plan_id],
            optional: [schedule_blocks, client_id, status, calendar_events, scheduled_for, claimed_by,
                       claimed_at, metadata],
        },
        update: SchedulerRunUpdateForm {
            plan_id, schedule_blocks, client_id, status, calendar_events, scheduled_for, claimed_by,
            claimed_at, metadata,
        },
        filter: SchedulerRunFilter,
        sort: SchedulerRunSort,
    }
}

sort_keys! {
    /// What a scheduler run list can be ordered by.
    SchedulerRunSort for Col {
        /// When it is due.
        ScheduledFor => (ScheduledFor, "timestamptz"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which scheduler runs to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchedulerRunFilter {
    /// Only runs of this plan.
    pub plan_id: Option<PlanId>,
    /// Only these statuses.
    pub status: Option<Vec<SchedulerRunStatus>>,
    /// Only runs for this client.
    pub client_id: Option<String>,
    /// Only runs claimed by this worker.
    pub claimed_by: Option<String>,
    /// Due at or after this instant.
    pub scheduled_from: Option<DateTime<Utc>>,
    /// Due at or before this instant.
    pub scheduled_to: Option<DateTime<Utc>>,
}

impl ListFilter for SchedulerRunFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::PlanId, self.plan_id.as_ref())?
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::ClientId, self.client_id.as_ref())?
            .eq(Col::ClaimedBy, self.claimed_by.as_ref())?
            .between(
                Col::ScheduledFor,
                self.scheduled_from.as_ref(),
                self.scheduled_to.as_ref(),
            )?
            .build())
    }
}

impl SchedulerRuns {
    /// A plan's scheduler runs, by due time then id.
    pub async fn of_plan<'e>(
        exec: impl PgExecutor<'e>,
        plan_id: PlanId,
    ) -> Result<Vec<SchedulerRun>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("plan_id").eq(plan_id.0))
            .order_by("scheduled_for", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// Claims up to `limit` pending runs due by `now` for `worker` (status `claimed`, `claimed_by`,
    /// `claimed_at` = the database's now) and returns them, earliest due first.
    ///
    /// One statement: the due runs are picked `FOR UPDATE SKIP LOCKED`, so concurrent workers each get
    /// different runs without waiting on each other, and a run another worker has claimed is no longer
    /// pending. `limit` is 1 to [`MAX_PAGE_SIZE`](crate::page::MAX_PAGE_SIZE).
    pub async fn claim_due<'e>(
        exec: impl PgExecutor<'e>,
        worker: &str,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<SchedulerRun>> {
        if worker.trim().is_empty() {
            return Err(Error::invalid("worker", "a worker must be named"));
        }
        let limit = PageRequest::first(limit).checked_limit()?;
        let pending = field("status", &SchedulerRunStatus::Pending)?;
        let due = Query::select()
            .column("id")
            .from(("agent", "scheduler_runs"))
            .and_where(Expr::col("status").eq(pending.clone()))
            .and_where(Expr::col("scheduled_for").lte(field("scheduled_for", &now)?))
            .order_by("scheduled_for", Order::Asc)
            .order_by("id", Order::Asc)
            .limit(limit)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .to_owned();
        let stmt = Query::update()
            .table(("agent", "scheduler_runs"))
            .values([
                ("status", field("status", &SchedulerRunStatus::Claimed)?),
                ("claimed_by", field("claimed_by", worker)?),
                ("claimed_at", Expr::cust("now()")),
            ])
            .and_where(Expr::col("id").in_subquery(due))
            .and_where(Expr::col("status").eq(pending))
            .returning_all()
            .to_owned();
        let mut runs: Vec<SchedulerRun> = crud::fetch_all(exec, &stmt).await?;
        // RETURNING has no order of its own.
        runs.sort_by_key(|r| (r.scheduled_for, r.id));
        Ok(runs)
    }

    /// Records how a run ended: `completed`, `failed` or `cancelled` (any other status is
    /// [`Error::InvalidInput`]); returns the run.
    pub async fn complete<'e>(
        exec: impl PgExecutor<'e>,
        id: SchedulerRunId,
        status: SchedulerRunStatus,
    ) -> Result<SchedulerRun> {
        if matches!(
            status,
            SchedulerRunStatus::Pending | SchedulerRunStatus::Claimed
        ) {
            return Err(Error::invalid(
                "status",
                "a run ends as completed, failed or cancelled",
            ));
        }
        let form = SchedulerRunUpdateForm {
            status: Some(status),
            ..Default::default()
        };
        Self::update(exec, id, &form).await
    }
}
