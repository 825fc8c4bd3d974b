//! Rows and forms of `erp.ventures`: the business entities that projects and OKRs belong to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{PersonId, VentureId, VentureStatus};

/// A row of `erp.ventures`: a business entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Venture {
    /// Database id of the venture.
    pub id: VentureId,
    /// Stable global id of the venture, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the venture.
    pub name: String,
    /// What the venture is.
    pub description: Option<String>,
    /// Lifecycle of the venture (default `Active`).
    pub status: VentureStatus,
    /// Person who owns the venture; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.ventures`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VentureInsertForm {
    /// Name of the venture.
    pub name: String,
    /// What the venture is.
    pub description: Option<String>,
    /// Lifecycle of the venture (default `Active`).
    pub status: Option<VentureStatus>,
    /// Person who owns the venture; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
}

impl VentureInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.ventures`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VentureUpdateForm {
    /// Name of the venture.
    pub name: Option<String>,
    /// What the venture is.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Lifecycle of the venture (default `Active`).
    pub status: Option<VentureStatus>,
    /// Person who owns the venture; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
}

impl VentureUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
