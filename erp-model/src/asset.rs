//! Rows and forms of `erp.assets`: reusable resources.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{AssetId, AssetStatus, AssetType, PersonId, TopicId};

/// A row of `erp.assets`: a reusable resource (document, media, code, tool) filed under a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Asset {
    /// Database id of the asset.
    pub id: AssetId,
    /// Stable global id of the asset, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the asset.
    pub name: String,
    /// What it is and when to use it.
    pub description: Option<String>,
    /// Kind of asset (default `Document`).
    pub asset_type: AssetType,
    /// Lifecycle of the asset (default `Active`).
    pub status: AssetStatus,
    /// Where the asset is stored.
    pub storage_url: Option<String>,
    /// Version label.
    pub version: Option<String>,
    /// Topic filed under; cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// Person who maintains it; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.assets`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetInsertForm {
    /// Name of the asset.
    pub name: String,
    /// What it is and when to use it.
    pub description: Option<String>,
    /// Kind of asset (default `Document`).
    pub asset_type: Option<AssetType>,
    /// Lifecycle of the asset (default `Active`).
    pub status: Option<AssetStatus>,
    /// Where the asset is stored.
    pub storage_url: Option<String>,
    /// Version label.
    pub version: Option<String>,
    /// Topic filed under; cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// Person who maintains it; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl AssetInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            asset_type: None,
            status: None,
            storage_url: None,
            version: None,
            topic_id: None,
            owner_person_id: None,
            tags: None,
        }
    }
}

/// Changes to a row of `erp.assets`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssetUpdateForm {
    /// Name of the asset.
    pub name: Option<String>,
    /// What it is and when to use it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Kind of asset (default `Document`).
    pub asset_type: Option<AssetType>,
    /// Lifecycle of the asset (default `Active`).
    pub status: Option<AssetStatus>,
    /// Where the asset is stored.
    #[serde(with = "::serde_with::rust::double_option")]
    pub storage_url: Option<Option<String>>,
    /// Version label.
    #[serde(with = "::serde_with::rust::double_option")]
    pub version: Option<Option<String>>,
    /// Topic filed under; cleared if the topic is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub topic_id: Option<Option<TopicId>>,
    /// Person who maintains it; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl AssetUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
