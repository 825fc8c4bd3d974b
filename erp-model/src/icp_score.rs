//! Rows and forms of `erp.icp_scoring`: lead qualification: organizations and deals scored against an ICP segment.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DealId, IcpGrade, IcpScoreId, IcpSegmentId, OrganizationId, PersonId};

/// A row of `erp.icp_scoring`: one qualification of an organization or deal against an ICP segment (at least one of the two is set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct IcpScore {
    /// Database id of the score.
    pub id: IcpScoreId,
    /// Stable global id of the score, for references from outside this database.
    pub global_id: Uuid,
    /// Segment scored against; the score is deleted with the segment.
    pub icp_segment_id: IcpSegmentId,
    /// Organization scored; the score is deleted with it.
    pub organization_id: Option<OrganizationId>,
    /// Deal scored; the score is deleted with it.
    pub deal_id: Option<DealId>,
    /// Who scored it; cleared if that person is deleted.
    pub scored_by: Option<PersonId>,
    /// Day of the scoring (default: today).
    pub scored_on: NaiveDate,
    /// Fit against the segment, 0 to 100.
    pub score: Decimal,
    /// Qualification grade.
    pub grade: Option<IcpGrade>,
    /// Score per criterion, e.g. `{"Budget": 20}` (JSONB, default `{}`).
    pub criteria_scores: serde_json::Value,
    /// Free-form notes.
    pub notes: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.icp_scoring`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IcpScoreInsertForm {
    /// Segment scored against; the score is deleted with the segment.
    pub icp_segment_id: IcpSegmentId,
    /// Organization scored; the score is deleted with it.
    pub organization_id: Option<OrganizationId>,
    /// Deal scored; the score is deleted with it.
    pub deal_id: Option<DealId>,
    /// Who scored it; cleared if that person is deleted.
    pub scored_by: Option<PersonId>,
    /// Day of the scoring (default: today).
    pub scored_on: Option<NaiveDate>,
    /// Fit against the segment, 0 to 100.
    pub score: Decimal,
    /// Qualification grade.
    pub grade: Option<IcpGrade>,
    /// Score per criterion, e.g. `{"Budget": 20}` (JSONB, default `{}`).
    pub criteria_scores: Option<serde_json::Value>,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl IcpScoreInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(icp_segment_id: IcpSegmentId, score: Decimal) -> Self {
        Self {
            icp_segment_id,
            organization_id: None,
            deal_id: None,
            scored_by: None,
            scored_on: None,
            score,
            grade: None,
            criteria_scores: None,
            notes: None,
        }
    }
}

/// Changes to a row of `erp.icp_scoring`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IcpScoreUpdateForm {
    /// Segment scored against; the score is deleted with the segment.
    pub icp_segment_id: Option<IcpSegmentId>,
    /// Organization scored; the score is deleted with it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub organization_id: Option<Option<OrganizationId>>,
    /// Deal scored; the score is deleted with it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub deal_id: Option<Option<DealId>>,
    /// Who scored it; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub scored_by: Option<Option<PersonId>>,
    /// Day of the scoring (default: today).
    pub scored_on: Option<NaiveDate>,
    /// Fit against the segment, 0 to 100.
    pub score: Option<Decimal>,
    /// Qualification grade.
    #[serde(with = "::serde_with::rust::double_option")]
    pub grade: Option<Option<IcpGrade>>,
    /// Score per criterion, e.g. `{"Budget": 20}` (JSONB, default `{}`).
    pub criteria_scores: Option<serde_json::Value>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
}

impl IcpScoreUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
