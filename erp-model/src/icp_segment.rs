//! Rows and forms of `erp.icp_segments`: ideal-customer-profile segments.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{IcpSegmentId, IcpSegmentStatus};

/// A row of `erp.icp_segments`: a customer segment of the ideal customer profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct IcpSegment {
    /// Database id of the segment.
    pub id: IcpSegmentId,
    /// Stable global id of the segment, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the segment; unique.
    pub name: String,
    /// Who is in the segment.
    pub description: Option<String>,
    /// Industry of the segment's organizations.
    pub industry: Option<String>,
    /// Typical size of the segment's organizations, e.g. `11-50`.
    pub company_size: Option<String>,
    /// Pains, triggers and buying signals the segment is recognised by.
    pub pain_points: Option<String>,
    /// Weighted qualification criteria, e.g. `[{"criterion": "Budget", "weight": 30}]` (JSONB, default `[]`).
    pub criteria: serde_json::Value,
    /// Lifecycle of the segment (default `Hypothesis`).
    pub status: IcpSegmentStatus,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.icp_segments`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IcpSegmentInsertForm {
    /// Name of the segment; unique.
    pub name: String,
    /// Who is in the segment.
    pub description: Option<String>,
    /// Industry of the segment's organizations.
    pub industry: Option<String>,
    /// Typical size of the segment's organizations, e.g. `11-50`.
    pub company_size: Option<String>,
    /// Pains, triggers and buying signals the segment is recognised by.
    pub pain_points: Option<String>,
    /// Weighted qualification criteria, e.g. `[{"criterion": "Budget", "weight": 30}]` (JSONB, default `[]`).
    pub criteria: Option<serde_json::Value>,
    /// Lifecycle of the segment (default `Hypothesis`).
    pub status: Option<IcpSegmentStatus>,
}

impl IcpSegmentInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            industry: None,
            company_size: None,
            pain_points: None,
            criteria: None,
            status: None,
        }
    }
}

/// Changes to a row of `erp.icp_segments`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IcpSegmentUpdateForm {
    /// Name of the segment; unique.
    pub name: Option<String>,
    /// Who is in the segment.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Industry of the segment's organizations.
    #[serde(with = "::serde_with::rust::double_option")]
    pub industry: Option<Option<String>>,
    /// Typical size of the segment's organizations, e.g. `11-50`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub company_size: Option<Option<String>>,
    /// Pains, triggers and buying signals the segment is recognised by.
    #[serde(with = "::serde_with::rust::double_option")]
    pub pain_points: Option<Option<String>>,
    /// Weighted qualification criteria, e.g. `[{"criterion": "Budget", "weight": 30}]` (JSONB, default `[]`).
    pub criteria: Option<serde_json::Value>,
    /// Lifecycle of the segment (default `Hypothesis`).
    pub status: Option<IcpSegmentStatus>,
}

impl IcpSegmentUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
