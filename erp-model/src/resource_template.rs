//! Rows and forms of `erp.resource_templates`: reusable documents, communications and media.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{PatternStatus, ResourceTemplateId, ResourceTemplateType};

/// A row of `erp.resource_templates`: a reusable document, communication or media asset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ResourceTemplate {
    /// Database id of the resource template.
    pub id: ResourceTemplateId,
    /// Stable global id of the resource template, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the template.
    pub name: String,
    /// What the template is for.
    pub description: Option<String>,
    /// Kind of resource (default `Document`).
    pub template_type: ResourceTemplateType,
    /// Where the resource is stored.
    pub storage_url: Option<String>,
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

/// What a caller sets to insert a row of `erp.resource_templates`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResourceTemplateInsertForm {
    /// Name of the template.
    pub name: String,
    /// What the template is for.
    pub description: Option<String>,
    /// Kind of resource (default `Document`).
    pub template_type: Option<ResourceTemplateType>,
    /// Where the resource is stored.
    pub storage_url: Option<String>,
    /// Version label of the template.
    pub version: Option<String>,
    /// Lifecycle of the template (default `Draft`).
    pub status: Option<PatternStatus>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl ResourceTemplateInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.resource_templates`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceTemplateUpdateForm {
    /// Name of the template.
    pub name: Option<String>,
    /// What the template is for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Kind of resource (default `Document`).
    pub template_type: Option<ResourceTemplateType>,
    /// Where the resource is stored.
    #[serde(with = "::serde_with::rust::double_option")]
    pub storage_url: Option<Option<String>>,
    /// Version label of the template.
    #[serde(with = "::serde_with::rust::double_option")]
    pub version: Option<Option<String>>,
    /// Lifecycle of the template (default `Draft`).
    pub status: Option<PatternStatus>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl ResourceTemplateUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
