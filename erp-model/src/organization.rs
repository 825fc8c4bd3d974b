//! Rows and forms of `erp.organizations`: clients, partners, vendors and prospects.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{OrgType, OrganizationId};

/// A row of `erp.organizations`: a client, partner, vendor, prospect or internal unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Organization {
    /// Database id of the organization.
    pub id: OrganizationId,
    /// Stable global id of the organization, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the organization.
    pub name: String,
    /// Website address.
    pub website: Option<String>,
    /// Relationship of the organization to the business.
    pub org_type: Option<OrgType>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// Whether the relationship is still active.
    pub is_active: bool,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.organizations`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrganizationInsertForm {
    /// Name of the organization.
    pub name: String,
    /// Website address.
    pub website: Option<String>,
    /// Relationship of the organization to the business.
    pub org_type: Option<OrgType>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// Whether the relationship is still active.
    pub is_active: Option<bool>,
}

impl OrganizationInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.organizations`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationUpdateForm {
    /// Name of the organization.
    pub name: Option<String>,
    /// Website address.
    #[serde(with = "::serde_with::rust::double_option")]
    pub website: Option<Option<String>>,
    /// Relationship of the organization to the business.
    #[serde(with = "::serde_with::rust::double_option")]
    pub org_type: Option<Option<OrgType>>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
    /// Whether the relationship is still active.
    pub is_active: Option<bool>,
}

impl OrganizationUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
