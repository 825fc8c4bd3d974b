//! Rows and forms of `erp.people`: team members and client contacts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::PersonId;

/// A row of `erp.people`: a team member or a contact at a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Person {
    /// Database id of the person.
    pub id: PersonId,
    /// Stable global id of the person, for references from outside this database.
    pub global_id: Uuid,
    /// Full name, as shown everywhere.
    pub full_name: String,
    /// Email address; unique across people when set.
    pub email: Option<String>,
    /// Short handle (chat or social name).
    pub handle: Option<String>,
    /// Role in words, e.g. "Founder" or "Client lead".
    pub role_label: Option<String>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// Whether the person is still active; inactive people are kept for history.
    pub is_active: bool,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.people`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PersonInsertForm {
    /// Full name, as shown everywhere.
    pub full_name: String,
    /// Email address; unique across people when set.
    pub email: Option<String>,
    /// Short handle (chat or social name).
    pub handle: Option<String>,
    /// Role in words, e.g. "Founder" or "Client lead".
    pub role_label: Option<String>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// Whether the person is still active; inactive people are kept for history.
    pub is_active: Option<bool>,
}

impl PersonInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(full_name: impl Into<String>) -> Self {
        Self {
            full_name: full_name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.people`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonUpdateForm {
    /// Full name, as shown everywhere.
    pub full_name: Option<String>,
    /// Email address; unique across people when set.
    #[serde(with = "::serde_with::rust::double_option")]
    pub email: Option<Option<String>>,
    /// Short handle (chat or social name).
    #[serde(with = "::serde_with::rust::double_option")]
    pub handle: Option<Option<String>>,
    /// Role in words, e.g. "Founder" or "Client lead".
    #[serde(with = "::serde_with::rust::double_option")]
    pub role_label: Option<Option<String>>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
    /// Whether the person is still active; inactive people are kept for history.
    pub is_active: Option<bool>,
}

impl PersonUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
