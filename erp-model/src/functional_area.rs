//! Rows and forms of `erp.functional_areas`: capability domains, nested through a parent.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{FunctionalAreaId, PersonId};

/// A row of `erp.functional_areas`: a capability domain of the business, possibly inside a parent area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct FunctionalArea {
    /// Database id of the functional area.
    pub id: FunctionalAreaId,
    /// Stable global id of the functional area, for references from outside this database.
    pub global_id: Uuid,
    /// Area this one belongs to; cleared (making it top-level) if the parent is deleted.
    pub parent_id: Option<FunctionalAreaId>,
    /// Name of the area; unique among its siblings.
    pub name: String,
    /// What the area covers.
    pub description: Option<String>,
    /// Person responsible for the area; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Whether the area is in use (default true).
    pub is_active: bool,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.functional_areas`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionalAreaInsertForm {
    /// Area this one belongs to; cleared (making it top-level) if the parent is deleted.
    pub parent_id: Option<FunctionalAreaId>,
    /// Name of the area; unique among its siblings.
    pub name: String,
    /// What the area covers.
    pub description: Option<String>,
    /// Person responsible for the area; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Whether the area is in use (default true).
    pub is_active: Option<bool>,
}

impl FunctionalAreaInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            parent_id: None,
            name: name.into(),
            description: None,
            owner_person_id: None,
            is_active: None,
        }
    }
}

/// Changes to a row of `erp.functional_areas`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FunctionalAreaUpdateForm {
    /// Area this one belongs to; cleared (making it top-level) if the parent is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub parent_id: Option<Option<FunctionalAreaId>>,
    /// Name of the area; unique among its siblings.
    pub name: Option<String>,
    /// What the area covers.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Person responsible for the area; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// Whether the area is in use (default true).
    pub is_active: Option<bool>,
}

impl FunctionalAreaUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
