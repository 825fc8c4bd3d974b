//! Rows and forms of `erp.results` (named `EngagementResult`, since `Result` is taken by std): outcomes and impact.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DeliverableId, EngagementId, EngagementResultId, OutcomeTypeId};

/// A row of `erp.results`: an outcome and its measured impact, tied to an engagement or a deliverable (at least one).
///
/// Named `EngagementResult` rather than `Result` so it never shadows `std::result::Result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct EngagementResult {
    /// Database id of the result.
    pub id: EngagementResultId,
    /// Stable global id of the result, for references from outside this database.
    pub global_id: Uuid,
    /// Engagement that produced the result; the engagement cannot be deleted while results point to it.
    pub engagement_id: Option<EngagementId>,
    /// Deliverable that produced the result; the deliverable cannot be deleted while results point to it.
    pub deliverable_id: Option<DeliverableId>,
    /// Name of the result.
    pub name: String,
    /// What changed for the client.
    pub outcome: Option<String>,
    /// Why it matters.
    pub impact: Option<String>,
    /// Name of the metric that measures the result.
    pub metric_name: Option<String>,
    /// Measured value of the metric.
    pub metric_value: Option<Decimal>,
    /// Unit of the metric, e.g. `%` or `EUR`.
    pub metric_unit: Option<String>,
    /// When the result was achieved.
    pub achieved_date: Option<NaiveDate>,
    /// Kind of outcome; cleared if the outcome type is deleted.
    pub outcome_type_id: Option<OutcomeTypeId>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.results`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EngagementResultInsertForm {
    /// Engagement that produced the result; the engagement cannot be deleted while results point to it.
    pub engagement_id: Option<EngagementId>,
    /// Deliverable that produced the result; the deliverable cannot be deleted while results point to it.
    pub deliverable_id: Option<DeliverableId>,
    /// Name of the result.
    pub name: String,
    /// What changed for the client.
    pub outcome: Option<String>,
    /// Why it matters.
    pub impact: Option<String>,
    /// Name of the metric that measures the result.
    pub metric_name: Option<String>,
    /// Measured value of the metric.
    pub metric_value: Option<Decimal>,
    /// Unit of the metric, e.g. `%` or `EUR`.
    pub metric_unit: Option<String>,
    /// When the result was achieved.
    pub achieved_date: Option<NaiveDate>,
    /// Kind of outcome; cleared if the outcome type is deleted.
    pub outcome_type_id: Option<OutcomeTypeId>,
}

impl EngagementResultInsertForm {
    /// A form with the required columns set and every other column left to the database.
    ///
    /// The database also needs `engagement_id` or `deliverable_id` (CHECK `results_engagement_id_check`);
    /// [`for_engagement`](Self::for_engagement) and [`for_deliverable`](Self::for_deliverable) set one.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.results`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EngagementResultUpdateForm {
    /// Engagement that produced the result; the engagement cannot be deleted while results point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub engagement_id: Option<Option<EngagementId>>,
    /// Deliverable that produced the result; the deliverable cannot be deleted while results point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub deliverable_id: Option<Option<DeliverableId>>,
    /// Name of the result.
    pub name: Option<String>,
    /// What changed for the client.
    #[serde(with = "::serde_with::rust::double_option")]
    pub outcome: Option<Option<String>>,
    /// Why it matters.
    #[serde(with = "::serde_with::rust::double_option")]
    pub impact: Option<Option<String>>,
    /// Name of the metric that measures the result.
    #[serde(with = "::serde_with::rust::double_option")]
    pub metric_name: Option<Option<String>>,
    /// Measured value of the metric.
    #[serde(with = "::serde_with::rust::double_option")]
    pub metric_value: Option<Option<Decimal>>,
    /// Unit of the metric, e.g. `%` or `EUR`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub metric_unit: Option<Option<String>>,
    /// When the result was achieved.
    #[serde(with = "::serde_with::rust::double_option")]
    pub achieved_date: Option<Option<NaiveDate>>,
    /// Kind of outcome; cleared if the outcome type is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub outcome_type_id: Option<Option<OutcomeTypeId>>,
}

impl EngagementResultUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl EngagementResultInsertForm {
    /// A result of an engagement (a result needs an engagement or a deliverable).
    pub fn for_engagement(name: impl Into<String>, engagement_id: EngagementId) -> Self {
        Self {
            engagement_id: Some(engagement_id),
            ..Self::new(name)
        }
    }

    /// A result of a deliverable (a result needs an engagement or a deliverable).
    pub fn for_deliverable(name: impl Into<String>, deliverable_id: DeliverableId) -> Self {
        Self {
            deliverable_id: Some(deliverable_id),
            ..Self::new(name)
        }
    }
}
