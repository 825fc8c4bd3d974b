//! `erp.touchpoints`: every communication with a contact (Frappe Communication and call logs), linked to
//! the person, organization, engagement or deal it was about, the resource template it used and the
//! `Touchpoint` execution run that timed it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use erp_model::{
    DealId, EngagementId, ExecutionRun, ExecutionRunId, ExecutionRunInsertForm, OrganizationId,
    PersonId, ResourceTemplateId, RunType, Touchpoint, TouchpointChannel, TouchpointDirection,
    TouchpointId, TouchpointInsertForm, TouchpointStatus, TouchpointUpdateForm,
};
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, Order};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::atomic::finish;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Touchpoints as Col;
use crate::{Error, Result};

use super::execution_run::ExecutionRuns;

repository! {
    /// Repository of `erp.touchpoints`.
    Touchpoints for Col {
        id: TouchpointId,
        row: Touchpoint,
        global_id: true,
        insert: TouchpointInsertForm {
            required: [subject],
            optional: [summary, channel, direction, status, occurred_at, duration_minutes, person_id,
                       organization_id, owner_person_id, engagement_id, deal_id, resource_template_id,
                       execution_run_id, next_step, follow_up_on],
        },
        update: TouchpointUpdateForm {
            subject, summary, channel, direction, status, occurred_at, duration_minutes, person_id,
            organization_id, owner_person_id, engagement_id, deal_id, resource_template_id,
            execution_run_id, next_step, follow_up_on,
        },
        filter: TouchpointFilter,
        sort: TouchpointSort,
    }
}

sort_keys! {
    /// What a touchpoint list can be ordered by.
    TouchpointSort for Col {
        /// When it happened (or is planned).
        OccurredAt => (OccurredAt, "timestamptz"),
        /// Subject, alphabetically.
        Subject => (Subject, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which touchpoints to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TouchpointFilter {
    /// Only these channels.
    pub channel: Option<Vec<TouchpointChannel>>,
    /// Only this direction.
    pub direction: Option<TouchpointDirection>,
    /// Only these statuses.
    pub status: Option<Vec<TouchpointStatus>>,
    /// Only touchpoints with this person.
    pub person_id: Option<PersonId>,
    /// Only touchpoints with this organization.
    pub organization_id: Option<OrganizationId>,
    /// Only touchpoints owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Only touchpoints about this engagement.
    pub engagement_id: Option<EngagementId>,
    /// Only touchpoints about this deal.
    pub deal_id: Option<DealId>,
    /// Only touchpoints that used this resource template.
    pub resource_template_id: Option<ResourceTemplateId>,
    /// Only the touchpoint timed by this run.
    pub execution_run_id: Option<ExecutionRunId>,
    /// Happened at or after this instant.
    pub occurred_from: Option<DateTime<Utc>>,
    /// Happened at or before this instant.
    pub occurred_to: Option<DateTime<Utc>>,
    /// Follow-up due on or after this day.
    pub follow_up_from: Option<NaiveDate>,
    /// Follow-up due on or before this day.
    pub follow_up_to: Option<NaiveDate>,
    /// Case-insensitive search in the subject.
    pub subject_contains: Option<String>,
}

impl ListFilter for TouchpointFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Channel, self.channel.as_deref())?
            .eq(Col::Direction, self.direction.as_ref())?
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::PersonId, self.person_id.as_ref())?
            .eq(Col::OrganizationId, self.organization_id.as_ref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .eq(Col::EngagementId, self.engagement_id.as_ref())?
            .eq(Col::DealId, self.deal_id.as_ref())?
            .eq(Col::ResourceTemplateId, self.resource_template_id.as_ref())?
            .eq(Col::ExecutionRunId, self.execution_run_id.as_ref())?
            .between(
                Col::OccurredAt,
                self.occurred_from.as_ref(),
                self.occurred_to.as_ref(),
            )?
            .between(
                Col::FollowUpOn,
                self.follow_up_from.as_ref(),
                self.follow_up_to.as_ref(),
            )?
            .search(Col::Subject, self.subject_contains.as_deref())?
            .build())
    }
}

impl Touchpoints {
    /// Logs a touchpoint together with the `Touchpoint` execution run that timed it, in one transaction,
    /// and returns both.
    ///
    /// The run's type is `Touchpoint` ([`Error::InvalidInput`] on `run_type` if the run form says
    /// otherwise, and on `execution_run_id` if the touchpoint form already names a run). Both start at
    /// the same instant: the run's `started_at`, else the touchpoint's `occurred_at`, else now. What the
    /// run form leaves `None` is taken from the touchpoint: the engagement, who executed it (the
    /// touchpoint's owner) and, from `duration_minutes`, its end (so the database fills its hours).
    pub fn log_with_run<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        touchpoint: &TouchpointInsertForm,
        run: &ExecutionRunInsertForm,
    ) -> impl Future<Output = Result<(Touchpoint, ExecutionRun)>> + Send {
        async move {
            if run.run_type.is_some_and(|t| t != RunType::Touchpoint) {
                return Err(Error::invalid(
                    "run_type",
                    "the run of a touchpoint is a Touchpoint run",
                ));
            }
            if touchpoint.execution_run_id.is_some() {
                return Err(Error::invalid(
                    Col::ExecutionRunId.as_str(),
                    "log_with_run inserts the touchpoint's run: leave execution_run_id unset",
                ));
            }
            let started = run
                .started_at
                .or(touchpoint.occurred_at)
                .unwrap_or_else(Utc::now);
            let ended = match (run.ended_at, run.actual_hours, touchpoint.duration_minutes) {
                (None, None, Some(minutes)) if minutes >= 0 => Some(
                    started
                        .checked_add_signed(Duration::minutes(i64::from(minutes)))
                        .ok_or_else(|| {
                            Error::invalid(
                                Col::DurationMinutes.as_str(),
                                "the touchpoint would end after the last representable instant",
                            )
                        })?,
                ),
                (ended, ..) => ended,
            };
            let run = ExecutionRunInsertForm {
                run_type: Some(RunType::Touchpoint),
                started_at: Some(started),
                ended_at: ended,
                engagement_id: run.engagement_id.or(touchpoint.engagement_id),
                executed_by: run.executed_by.or(touchpoint.owner_person_id),
                ..run.clone()
            };
            let mut tx = db.begin().await?;
            let result: Result<_> = async {
                let tx: &mut PgConnection = &mut tx;
                let stored_run = ExecutionRuns::insert(&mut *tx, &run).await?;
                let form = TouchpointInsertForm {
                    occurred_at: Some(started),
                    execution_run_id: Some(stored_run.id),
                    ..touchpoint.clone()
                };
                let stored = Self::insert(&mut *tx, &form).await?;
                Ok((stored, stored_run))
            }
            .await;
            finish(tx, result).await
        }
    }

    /// The touchpoints whose follow-up is due on or before `day` and not yet cancelled, earliest
    /// follow-up first.
    pub async fn follow_ups_due<'e>(
        exec: impl PgExecutor<'e>,
        day: NaiveDate,
    ) -> Result<Vec<Touchpoint>> {
        let stmt = select::<Self>()
            .and_where(Expr::col(Col::FollowUpOn).lte(field(Col::FollowUpOn.as_str(), &day)?))
            .and_where(
                Expr::col(Col::Status)
                    .ne(field(Col::Status.as_str(), &TouchpointStatus::Cancelled)?),
            )
            .order_by(Col::FollowUpOn, Order::Asc)
            .order_by(Col::Id, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
