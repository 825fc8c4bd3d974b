//! Rows and forms of `erp.process_templates`: context-specific checklists, and the shape of their items.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{ChecklistItem, PatternStatus, ProcessTemplateId, ProcessTemplateType, WorkflowId};

/// A row of `erp.process_templates`: a checklist adapted from a workflow for one context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ProcessTemplate {
    /// Database id of the process template.
    pub id: ProcessTemplateId,
    /// Stable global id of the process template, for references from outside this database.
    pub global_id: Uuid,
    /// Workflow the template derives from, if any; cleared if the workflow is deleted.
    pub workflow_id: Option<WorkflowId>,
    /// Name of the template, e.g. "Onboarding - Retainer".
    pub name: String,
    /// What the template is for.
    pub description: Option<String>,
    /// The checklist items, in order (JSONB, default empty).
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub checklist: Vec<ChecklistItem>,
    /// Kind of template (default `Operational`).
    pub template_type: ProcessTemplateType,
    /// Version label of the template.
    pub version: Option<String>,
    /// Lifecycle of the template (default `Draft`).
    pub status: PatternStatus,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.process_templates`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProcessTemplateInsertForm {
    /// Workflow the template derives from, if any; cleared if the workflow is deleted.
    pub workflow_id: Option<WorkflowId>,
    /// Name of the template, e.g. "Onboarding - Retainer".
    pub name: String,
    /// What the template is for.
    pub description: Option<String>,
    /// The checklist items, in order (JSONB, default empty).
    pub checklist: Option<Vec<ChecklistItem>>,
    /// Kind of template (default `Operational`).
    pub template_type: Option<ProcessTemplateType>,
    /// Version label of the template.
    pub version: Option<String>,
    /// Lifecycle of the template (default `Draft`).
    pub status: Option<PatternStatus>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl ProcessTemplateInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.process_templates`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProcessTemplateUpdateForm {
    /// Workflow the template derives from, if any; cleared if the workflow is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub workflow_id: Option<Option<WorkflowId>>,
    /// Name of the template, e.g. "Onboarding - Retainer".
    pub name: Option<String>,
    /// What the template is for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// The checklist items, in order (JSONB, default empty).
    pub checklist: Option<Vec<ChecklistItem>>,
    /// Kind of template (default `Operational`).
    pub template_type: Option<ProcessTemplateType>,
    /// Version label of the template.
    #[serde(with = "::serde_with::rust::double_option")]
    pub version: Option<Option<String>>,
    /// Lifecycle of the template (default `Draft`).
    pub status: Option<PatternStatus>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl ProcessTemplateUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
