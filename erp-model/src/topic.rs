//! Rows and forms of `erp.topics`: knowledge domains, nested through a parent.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TopicId;

/// A row of `erp.topics`: a knowledge domain that notes, assets, ideas and prompts are filed under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Topic {
    /// Database id of the topic.
    pub id: TopicId,
    /// Stable global id of the topic, for references from outside this database.
    pub global_id: Uuid,
    /// Topic this one belongs to; cleared (making it top-level) if the parent is deleted.
    pub parent_id: Option<TopicId>,
    /// Name of the topic; unique among its siblings.
    pub name: String,
    /// What the topic covers.
    pub description: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.topics`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicInsertForm {
    /// Topic this one belongs to; cleared (making it top-level) if the parent is deleted.
    pub parent_id: Option<TopicId>,
    /// Name of the topic; unique among its siblings.
    pub name: String,
    /// What the topic covers.
    pub description: Option<String>,
}

impl TopicInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            parent_id: None,
            name: name.into(),
            description: None,
        }
    }
}

/// Changes to a row of `erp.topics`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicUpdateForm {
    /// Topic this one belongs to; cleared (making it top-level) if the parent is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub parent_id: Option<Option<TopicId>>,
    /// Name of the topic; unique among its siblings.
    pub name: Option<String>,
    /// What the topic covers.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
}

impl TopicUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
