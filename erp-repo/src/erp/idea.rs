//! `erp.ideas_inbox`: ideas captured on the fly, triaged by impact and effort.

use chrono::{DateTime, Utc};
use erp_model::{
    Idea, IdeaId, IdeaInsertForm, IdeaStatus, IdeaUpdateForm, Level, PersonId, TopicId, VentureId,
};
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, NullOrdering, Order};
use sqlx::PgExecutor;

use super::service_blueprint::with_tags;
use crate::Result;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::IdeasInbox as Col;

repository! {
    /// Repository of `erp.ideas_inbox`.
    Ideas for Col {
        id: IdeaId,
        row: Idea,
        global_id: true,
        insert: IdeaInsertForm {
            required: [title],
            optional: [description, status, impact, effort, source, captured_at, topic_id, submitted_by,
                       venture_id, tags],
        },
        update: IdeaUpdateForm {
            title, description, status, impact, effort, source, captured_at, topic_id, submitted_by,
            venture_id, tags,
        },
        filter: IdeaFilter,
        sort: IdeaSort,
    }
}

sort_keys! {
    /// What an idea list can be ordered by.
    IdeaSort for Col {
        /// When it was captured.
        CapturedAt => (CapturedAt, "timestamptz"),
        /// Title, alphabetically.
        Title => (Title, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which ideas to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdeaFilter {
    /// Only these statuses.
    pub status: Option<Vec<IdeaStatus>>,
    /// Only ideas of this impact.
    pub impact: Option<Level>,
    /// Only ideas of this effort.
    pub effort: Option<Level>,
    /// Only ideas filed under this topic.
    pub topic_id: Option<TopicId>,
    /// Only ideas submitted by this person.
    pub submitted_by: Option<PersonId>,
    /// Only ideas for this venture.
    pub venture_id: Option<VentureId>,
    /// Captured at or after this instant.
    pub captured_from: Option<DateTime<Utc>>,
    /// Captured at or before this instant.
    pub captured_to: Option<DateTime<Utc>>,
    /// Only ideas carrying every one of these tags.
    pub tags: Option<Vec<String>>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
}

impl ListFilter for IdeaFilter {
    fn condition(&self) -> Result<Condition> {
        let w = Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::Impact, self.impact.as_ref())?
            .eq(Col::Effort, self.effort.as_ref())?
            .eq(Col::TopicId, self.topic_id.as_ref())?
            .eq(Col::SubmittedBy, self.submitted_by.as_ref())?
            .eq(Col::VentureId, self.venture_id.as_ref())?
            .between(
                Col::CapturedAt,
                self.captured_from.as_ref(),
                self.captured_to.as_ref(),
            )?
            .search(Col::Title, self.title_contains.as_deref())?;
        Ok(with_tags(w, self.tags.as_ref())?.build())
    }
}

/// A level as a number (Low = 1 .. High = 3), from the label set's own order; NULL when unrated.
fn level_rank(column: Col) -> Expr {
    let labels: Vec<String> = Level::LABELS.iter().map(|s| (*s).to_owned()).collect();
    Expr::cust_with_exprs(
        "array_position($1::text[], $2)",
        [Expr::val(labels), Expr::col(column)],
    )
}

impl Ideas {
    /// The inbox to triage: ideas still `New` or `Exploring`, highest impact first, then lowest
    /// effort, then oldest (unrated impact or effort last).
    pub async fn triage_queue<'e>(exec: impl PgExecutor<'e>) -> Result<Vec<Idea>> {
        let open = [IdeaStatus::New, IdeaStatus::Exploring]
            .iter()
            .map(|s| field(Col::Status.as_str(), s))
            .collect::<Result<Vec<_>>>()?;
        let stmt = select::<Self>()
            .and_where(Expr::col(Col::Status).is_in(open))
            .order_by_expr_with_nulls(level_rank(Col::Impact), Order::Desc, NullOrdering::Last)
            .order_by_expr_with_nulls(level_rank(Col::Effort), Order::Asc, NullOrdering::Last)
            .order_by(Col::CapturedAt, Order::Asc)
            .order_by(Col::Id, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
