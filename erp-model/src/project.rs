//! Rows and forms of `erp.projects`: the containers of tasks.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{OrganizationId, PersonId, ProcessTemplateId, ProjectId, ProjectStatus, VentureId};

/// A row of `erp.projects`: a container of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Project {
    /// Database id of the project.
    pub id: ProjectId,
    /// Stable global id of the project, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the project.
    pub name: String,
    /// What the project delivers.
    pub description: Option<String>,
    /// Person who owns the project; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Client organization; cleared if the organization is deleted.
    pub organization_id: Option<OrganizationId>,
    /// Venture the project belongs to; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Checklist used to deliver the project; cleared if the template is deleted.
    pub process_template_id: Option<ProcessTemplateId>,
    /// Lifecycle of the project (default `Planned`).
    pub status: ProjectStatus,
    /// First day of the project.
    pub start_date: Option<NaiveDate>,
    /// Last day of the project; not before `start_date`.
    pub end_date: Option<NaiveDate>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.projects`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProjectInsertForm {
    /// Name of the project.
    pub name: String,
    /// What the project delivers.
    pub description: Option<String>,
    /// Person who owns the project; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Client organization; cleared if the organization is deleted.
    pub organization_id: Option<OrganizationId>,
    /// Venture the project belongs to; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Checklist used to deliver the project; cleared if the template is deleted.
    pub process_template_id: Option<ProcessTemplateId>,
    /// Lifecycle of the project (default `Planned`).
    pub status: Option<ProjectStatus>,
    /// First day of the project.
    pub start_date: Option<NaiveDate>,
    /// Last day of the project; not before `start_date`.
    pub end_date: Option<NaiveDate>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl ProjectInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.projects`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectUpdateForm {
    /// Name of the project.
    pub name: Option<String>,
    /// What the project delivers.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Person who owns the project; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// Client organization; cleared if the organization is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub organization_id: Option<Option<OrganizationId>>,
    /// Venture the project belongs to; cleared if the venture is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub venture_id: Option<Option<VentureId>>,
    /// Checklist used to deliver the project; cleared if the template is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub process_template_id: Option<Option<ProcessTemplateId>>,
    /// Lifecycle of the project (default `Planned`).
    pub status: Option<ProjectStatus>,
    /// First day of the project.
    #[serde(with = "::serde_with::rust::double_option")]
    pub start_date: Option<Option<NaiveDate>>,
    /// Last day of the project; not before `start_date`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub end_date: Option<Option<NaiveDate>>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl ProjectUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
