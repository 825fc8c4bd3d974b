//! `agent.plans`: a plan: an intent and the standard operating procedure to carry it out.

use crate::{PlanId, PlanStatus};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// A row of `agent.plans`: a plan: an intent and the standard operating procedure to carry it out.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Plan {
    /// Database id.
    pub id: PlanId,
    /// Title.
    pub plan_title: String,
    /// What the plan is meant to achieve.
    pub intent: Option<String>,
    /// Its standard operating procedure (default empty).
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub sop: Sop,
    /// The client it is for.
    pub client_id: Option<String>,
    /// Lifecycle (default `draft`).
    pub status: PlanStatus,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.plans`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct PlanInsertForm {
    /// Title.
    pub plan_title: String,
    /// What the plan is meant to achieve.
    pub intent: Option<String>,
    /// Its standard operating procedure (default empty).
    pub sop: Option<Sop>,
    /// The client it is for.
    pub client_id: Option<String>,
    /// Lifecycle (default `draft`).
    pub status: Option<PlanStatus>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl PlanInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(plan_title: impl Into<String>) -> Self {
        Self {
            plan_title: plan_title.into(),
            intent: None,
            sop: None,
            client_id: None,
            status: None,
            metadata: None,
        }
    }
}

/// A change to a row of `agent.plans`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PlanUpdateForm {
    /// Title.
    pub plan_title: Option<String>,
    /// What the plan is meant to achieve.
    #[serde(with = "::serde_with::rust::double_option")]
    pub intent: Option<Option<String>>,
    /// Its standard operating procedure (default empty).
    pub sop: Option<Sop>,
    /// The client it is for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_id: Option<Option<String>>,
    /// Lifecycle (default `draft`).
    pub status: Option<PlanStatus>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl PlanUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A plan's standard operating procedure (`plans.sop`); an empty JSON object is an empty procedure.
///
/// Unknown keys are ignored, so SOPs written by newer agents still decode.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Sop {
    /// The steps, in order.
    pub steps: Vec<SopStep>,
}

/// One step of a standard operating procedure.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SopStep {
    /// What to do, in a few words.
    pub title: String,
    /// How to do it.
    pub description: Option<String>,
    /// How long it should take, in hours.
    pub estimated_hours: Option<Decimal>,
    /// The tool that carries it out, if any.
    pub tool: Option<String>,
}

impl SopStep {
    /// A step with only a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }
}

impl Sop {
    /// Sum of the steps' estimates (steps without one count as zero).
    pub fn estimated_hours(&self) -> Decimal {
        self.steps.iter().filter_map(|s| s.estimated_hours).sum()
    }
}
