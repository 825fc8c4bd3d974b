//! Rows and forms of `erp.decision_journal`: the decision journal: decisions and their rationale.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DecisionId, DecisionStatus, PersonId, ProjectId, TopicId, VentureId};

/// A row of `erp.decision_journal`: a decision, why it was made, and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Decision {
    /// Database id of the decision.
    pub id: DecisionId,
    /// Stable global id of the decision, for references from outside this database.
    pub global_id: Uuid,
    /// What was decided, in a line.
    pub title: String,
    /// Day of the decision (default: today).
    pub decided_on: NaiveDate,
    /// Lifecycle of the decision (default `Decided`).
    pub status: DecisionStatus,
    /// The situation that called for a decision.
    pub context: Option<String>,
    /// The options considered.
    pub options: Option<String>,
    /// The decision itself.
    pub decision: Option<String>,
    /// Why this option.
    pub rationale: Option<String>,
    /// What the decision should lead to.
    pub expected_outcome: Option<String>,
    /// When to review the decision; not before `decided_on`.
    pub review_on: Option<NaiveDate>,
    /// What it did lead to.
    pub actual_outcome: Option<String>,
    /// Who decided; cleared if that person is deleted.
    pub decided_by: Option<PersonId>,
    /// Venture concerned; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Project concerned; cleared if the project is deleted.
    pub project_id: Option<ProjectId>,
    /// Topic filed under; cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.decision_journal`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionInsertForm {
    /// What was decided, in a line.
    pub title: String,
    /// Day of the decision (default: today).
    pub decided_on: Option<NaiveDate>,
    /// Lifecycle of the decision (default `Decided`).
    pub status: Option<DecisionStatus>,
    /// The situation that called for a decision.
    pub context: Option<String>,
    /// The options considered.
    pub options: Option<String>,
    /// The decision itself.
    pub decision: Option<String>,
    /// Why this option.
    pub rationale: Option<String>,
    /// What the decision should lead to.
    pub expected_outcome: Option<String>,
    /// When to review the decision; not before `decided_on`.
    pub review_on: Option<NaiveDate>,
    /// What it did lead to.
    pub actual_outcome: Option<String>,
    /// Who decided; cleared if that person is deleted.
    pub decided_by: Option<PersonId>,
    /// Venture concerned; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Project concerned; cleared if the project is deleted.
    pub project_id: Option<ProjectId>,
    /// Topic filed under; cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
}

impl DecisionInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            decided_on: None,
            status: None,
            context: None,
            options: None,
            decision: None,
            rationale: None,
            expected_outcome: None,
            review_on: None,
            actual_outcome: None,
            decided_by: None,
            venture_id: None,
            project_id: None,
            topic_id: None,
        }
    }
}

/// Changes to a row of `erp.decision_journal`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionUpdateForm {
    /// What was decided, in a line.
    pub title: Option<String>,
    /// Day of the decision (default: today).
    pub decided_on: Option<NaiveDate>,
    /// Lifecycle of the decision (default `Decided`).
    pub status: Option<DecisionStatus>,
    /// The situation that called for a decision.
    #[serde(with = "::serde_with::rust::double_option")]
    pub context: Option<Option<String>>,
    /// The options considered.
    #[serde(with = "::serde_with::rust::double_option")]
    pub options: Option<Option<String>>,
    /// The decision itself.
    #[serde(with = "::serde_with::rust::double_option")]
    pub decision: Option<Option<String>>,
    /// Why this option.
    #[serde(with = "::serde_with::rust::double_option")]
    pub rationale: Option<Option<String>>,
    /// What the decision should lead to.
    #[serde(with = "::serde_with::rust::double_option")]
    pub expected_outcome: Option<Option<String>>,
    /// When to review the decision; not before `decided_on`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub review_on: Option<Option<NaiveDate>>,
    /// What it did lead to.
    #[serde(with = "::serde_with::rust::double_option")]
    pub actual_outcome: Option<Option<String>>,
    /// Who decided; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub decided_by: Option<Option<PersonId>>,
    /// Venture concerned; cleared if the venture is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub venture_id: Option<Option<VentureId>>,
    /// Project concerned; cleared if the project is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub project_id: Option<Option<ProjectId>>,
    /// Topic filed under; cleared if the topic is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub topic_id: Option<Option<TopicId>>,
}

impl DecisionUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
