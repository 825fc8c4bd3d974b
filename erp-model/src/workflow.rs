//! Rows and forms of `erp.workflows`: canonical SOPs, and the shape of their steps.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    AutomationStatus, FunctionalAreaId, PatternStatus, ServiceBlueprintId, WorkflowId, WorkflowStep,
};

/// A row of `erp.workflows`: the canonical SOP of a capability, reused across engagements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Workflow {
    /// Database id of the workflow.
    pub id: WorkflowId,
    /// Stable global id of the workflow, for references from outside this database.
    pub global_id: Uuid,
    /// Blueprint the workflow was drawn for; cleared if the blueprint is deleted.
    pub service_blueprint_id: Option<ServiceBlueprintId>,
    /// Functional area whose capability the workflow is; cleared if the area is deleted.
    pub functional_area_id: Option<FunctionalAreaId>,
    /// Name of the workflow.
    pub name: String,
    /// What the workflow achieves.
    pub description: Option<String>,
    /// The steps of the SOP, in order (JSONB, default empty).
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub steps: Vec<WorkflowStep>,
    /// Estimated hours for one run; the baseline of the variance analysis.
    pub estimated_hours: Option<Decimal>,
    /// How much of the workflow is automated (default `Manual`).
    pub automation_status: AutomationStatus,
    /// Version label of the workflow.
    pub version: Option<String>,
    /// Lifecycle of the workflow (default `Draft`).
    pub status: PatternStatus,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.workflows`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WorkflowInsertForm {
    /// Blueprint the workflow was drawn for; cleared if the blueprint is deleted.
    pub service_blueprint_id: Option<ServiceBlueprintId>,
    /// Functional area whose capability the workflow is; cleared if the area is deleted.
    pub functional_area_id: Option<FunctionalAreaId>,
    /// Name of the workflow.
    pub name: String,
    /// What the workflow achieves.
    pub description: Option<String>,
    /// The steps of the SOP, in order (JSONB, default empty).
    pub steps: Option<Vec<WorkflowStep>>,
    /// Estimated hours for one run; the baseline of the variance analysis.
    pub estimated_hours: Option<Decimal>,
    /// How much of the workflow is automated (default `Manual`).
    pub automation_status: Option<AutomationStatus>,
    /// Version label of the workflow.
    pub version: Option<String>,
    /// Lifecycle of the workflow (default `Draft`).
    pub status: Option<PatternStatus>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl WorkflowInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.workflows`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkflowUpdateForm {
    /// Blueprint the workflow was drawn for; cleared if the blueprint is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub service_blueprint_id: Option<Option<ServiceBlueprintId>>,
    /// Functional area whose capability the workflow is; cleared if the area is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub functional_area_id: Option<Option<FunctionalAreaId>>,
    /// Name of the workflow.
    pub name: Option<String>,
    /// What the workflow achieves.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// The steps of the SOP, in order (JSONB, default empty).
    pub steps: Option<Vec<WorkflowStep>>,
    /// Estimated hours for one run; the baseline of the variance analysis.
    #[serde(with = "::serde_with::rust::double_option")]
    pub estimated_hours: Option<Option<Decimal>>,
    /// How much of the workflow is automated (default `Manual`).
    pub automation_status: Option<AutomationStatus>,
    /// Version label of the workflow.
    #[serde(with = "::serde_with::rust::double_option")]
    pub version: Option<Option<String>>,
    /// Lifecycle of the workflow (default `Draft`).
    pub status: Option<PatternStatus>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl WorkflowUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
