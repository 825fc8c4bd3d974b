//! Rows and forms of `erp.deliverables`: the outputs handed to clients.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DeliverableId, DeliverableStatus, EngagementId, OfferId};

/// A row of `erp.deliverables`: an output of an engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Deliverable {
    /// Database id of the deliverable.
    pub id: DeliverableId,
    /// Stable global id of the deliverable, for references from outside this database.
    pub global_id: Uuid,
    /// Engagement that owns the deliverable; the deliverable is deleted with it.
    pub engagement_id: Option<EngagementId>,
    /// Offer the deliverable belongs to; cleared if the offer is deleted.
    pub offer_id: Option<OfferId>,
    /// Name of the deliverable.
    pub name: String,
    /// What is delivered.
    pub description: Option<String>,
    /// When it is due.
    pub due_date: Option<NaiveDate>,
    /// Lifecycle of the deliverable (default `Planned`).
    pub status: DeliverableStatus,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.deliverables`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeliverableInsertForm {
    /// Engagement that owns the deliverable; the deliverable is deleted with it.
    pub engagement_id: Option<EngagementId>,
    /// Offer the deliverable belongs to; cleared if the offer is deleted.
    pub offer_id: Option<OfferId>,
    /// Name of the deliverable.
    pub name: String,
    /// What is delivered.
    pub description: Option<String>,
    /// When it is due.
    pub due_date: Option<NaiveDate>,
    /// Lifecycle of the deliverable (default `Planned`).
    pub status: Option<DeliverableStatus>,
}

impl DeliverableInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.deliverables`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliverableUpdateForm {
    /// Engagement that owns the deliverable; the deliverable is deleted with it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub engagement_id: Option<Option<EngagementId>>,
    /// Offer the deliverable belongs to; cleared if the offer is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub offer_id: Option<Option<OfferId>>,
    /// Name of the deliverable.
    pub name: Option<String>,
    /// What is delivered.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// When it is due.
    #[serde(with = "::serde_with::rust::double_option")]
    pub due_date: Option<Option<NaiveDate>>,
    /// Lifecycle of the deliverable (default `Planned`).
    pub status: Option<DeliverableStatus>,
}

impl DeliverableUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
