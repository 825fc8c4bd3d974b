//! Rows and forms of `erp.outcome_types`: categories of outcomes that results and experiments are classified by.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::OutcomeTypeId;

/// A row of `erp.outcome_types`: a category of outcome, e.g. Revenue or Time saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct OutcomeType {
    /// Database id of the outcome type.
    pub id: OutcomeTypeId,
    /// Stable global id of the outcome type, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the outcome type; unique.
    pub name: String,
    /// What counts as this kind of outcome.
    pub description: Option<String>,
    /// Whether the type is offered for new results (default true).
    pub is_active: bool,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.outcome_types`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeTypeInsertForm {
    /// Name of the outcome type; unique.
    pub name: String,
    /// What counts as this kind of outcome.
    pub description: Option<String>,
    /// Whether the type is offered for new results (default true).
    pub is_active: Option<bool>,
}

impl OutcomeTypeInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            is_active: None,
        }
    }
}

/// Changes to a row of `erp.outcome_types`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeTypeUpdateForm {
    /// Name of the outcome type; unique.
    pub name: Option<String>,
    /// What counts as this kind of outcome.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Whether the type is offered for new results (default true).
    pub is_active: Option<bool>,
}

impl OutcomeTypeUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
