//! Rows and forms of `erp.okrs`: objectives and key results, and the shape of a key result.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{KeyResult, OkrId, OkrStatus, PersonId, VentureId};

/// A row of `erp.okrs`: an objective with its measurable key results over a time horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Okr {
    /// Database id of the OKR.
    pub id: OkrId,
    /// Stable global id of the OKR, for references from outside this database.
    pub global_id: Uuid,
    /// Person who owns the OKR; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Venture the OKR is for; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Name of the venture as written in Coda (independent of `venture_id`).
    pub venture_name: Option<String>,
    /// The objective, in words.
    pub objective: String,
    /// The key results that measure the objective (JSONB, default empty).
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub key_results: Vec<KeyResult>,
    /// First day of the OKR's horizon.
    pub time_horizon_start: Option<NaiveDate>,
    /// Last day of the OKR's horizon; not before its start.
    pub time_horizon_end: Option<NaiveDate>,
    /// Lifecycle of the OKR (default `Draft`).
    pub status: OkrStatus,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.okrs`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OkrInsertForm {
    /// Person who owns the OKR; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Venture the OKR is for; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Name of the venture as written in Coda (independent of `venture_id`).
    pub venture_name: Option<String>,
    /// The objective, in words.
    pub objective: String,
    /// The key results that measure the objective (JSONB, default empty).
    pub key_results: Option<Vec<KeyResult>>,
    /// First day of the OKR's horizon.
    pub time_horizon_start: Option<NaiveDate>,
    /// Last day of the OKR's horizon; not before its start.
    pub time_horizon_end: Option<NaiveDate>,
    /// Lifecycle of the OKR (default `Draft`).
    pub status: Option<OkrStatus>,
}

impl OkrInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(objective: impl Into<String>) -> Self {
        Self {
            objective: objective.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.okrs`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OkrUpdateForm {
    /// Person who owns the OKR; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// Venture the OKR is for; cleared if the venture is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub venture_id: Option<Option<VentureId>>,
    /// Name of the venture as written in Coda (independent of `venture_id`).
    #[serde(with = "::serde_with::rust::double_option")]
    pub venture_name: Option<Option<String>>,
    /// The objective, in words.
    pub objective: Option<String>,
    /// The key results that measure the objective (JSONB, default empty).
    pub key_results: Option<Vec<KeyResult>>,
    /// First day of the OKR's horizon.
    #[serde(with = "::serde_with::rust::double_option")]
    pub time_horizon_start: Option<Option<NaiveDate>>,
    /// Last day of the OKR's horizon; not before its start.
    #[serde(with = "::serde_with::rust::double_option")]
    pub time_horizon_end: Option<Option<NaiveDate>>,
    /// Lifecycle of the OKR (default `Draft`).
    pub status: Option<OkrStatus>,
}

impl OkrUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
