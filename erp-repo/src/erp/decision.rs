//! `erp.decision_journal`: decisions with their context, options, rationale and expected outcome, and a
//! date to review them against what actually happened.

use chrono::NaiveDate;
use erp_model::{
    Decision, DecisionId, DecisionInsertForm, DecisionStatus, DecisionUpdateForm, PersonId,
    ProjectId, TopicId, VentureId,
};
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, Order};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::DecisionJournal as Col;

repository! {
    /// Repository of `erp.decision_journal`.
    Decisions for Col {
        id: DecisionId,
        row: Decision,
        global_id: true,
        insert: DecisionInsertForm {
            required: [title],
            optional: [decided_on, status, context, options, decision, rationale, expected_outcome,
                       review_on, actual_outcome, decided_by, venture_id, project_id, topic_id],
        },
        update: DecisionUpdateForm {
            title, decided_on, status, context, options, decision, rationale, expected_outcome,
            review_on, actual_outcome, decided_by, venture_id, project_id, topic_id,
        },
        filter: DecisionFilter,
        sort: DecisionSort,
    }
}

sort_keys! {
    /// What a decision list can be ordered by.
    DecisionSort for Col {
        /// Day decided.
        DecidedOn => (DecidedOn, "date"),
        /// Title, alphabetically.
        Title => (Title, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which decisions to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecisionFilter {
    /// Only these statuses.
    pub status: Option<Vec<DecisionStatus>>,
    /// Only decisions made by this person.
    pub decided_by: Option<PersonId>,
    /// Only decisions of this venture.
    pub venture_id: Option<VentureId>,
    /// Only decisions of this project.
    pub project_id: Option<ProjectId>,
    /// Only decisions filed under this topic.
    pub topic_id: Option<TopicId>,
    /// Decided on or after this day.
    pub decided_from: Option<NaiveDate>,
    /// Decided on or before this day.
    pub decided_to: Option<NaiveDate>,
    /// To be reviewed on or after this day.
    pub review_from: Option<NaiveDate>,
    /// To be reviewed on or before this day.
    pub review_to: Option<NaiveDate>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
}

impl ListFilter for DecisionFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::DecidedBy, self.decided_by.as_ref())?
            .eq(Col::VentureId, self.venture_id.as_ref())?
            .eq(Col::ProjectId, self.project_id.as_ref())?
            .eq(Col::TopicId, self.topic_id.as_ref())?
            .between(
                Col::DecidedOn,
                self.decided_from.as_ref(),
                self.decided_to.as_ref(),
            )?
            .between(
                Col::ReviewOn,
                self.review_from.as_ref(),
                self.review_to.as_ref(),
            )?
            .search(Col::Title, self.title_contains.as_deref())?
            .build())
    }
}

impl Decisions {
    /// The `Decided` decisions whose review date is on or before `day`: what is due for a look back,
    /// earliest review first.
    pub async fn due_for_review<'e>(
        exec: impl PgExecutor<'e>,
        day: NaiveDate,
    ) -> Result<Vec<Decision>> {
        let stmt = select::<Self>()
            .and_where(
                Expr::col(Col::Status).eq(field(Col::Status.as_str(), &DecisionStatus::Decided)?),
            )
            .and_where(Expr::col(Col::ReviewOn).lte(field(Col::ReviewOn.as_str(), &day)?))
            .order_by(Col::ReviewOn, Order::Asc)
            .order_by(Col::Id, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// Records how a decision turned out: the actual outcome, status `Reviewed`.
    pub async fn review<'e>(
        exec: impl PgExecutor<'e>,
        id: DecisionId,
        actual_outcome: &str,
    ) -> Result<Decision> {
        let form = DecisionUpdateForm {
            status: Some(DecisionStatus::Reviewed),
            actual_outcome: Some(Some(actual_outcome.to_owned())),
            ..Default::default()
        };
        Self::update(exec, id, &form).await
    }
}
