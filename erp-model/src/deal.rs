//! Rows and forms of `erp.deals`: the sales pipeline (Frappe CRM deals, Odoo crm.lead).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    Currency, DealId, DealSource, DealStage, EngagementId, IcpSegmentId, OfferId, OrganizationId,
    PersonId,
};

/// A row of `erp.deals`: a sales opportunity moving through the pipeline stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Deal {
    /// Database id of the deal.
    pub id: DealId,
    /// Stable global id of the deal, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the deal.
    pub name: String,
    /// Prospect or client organization; cleared if it is deleted.
    pub organization_id: Option<OrganizationId>,
    /// Contact person at the organization; cleared if that person is deleted.
    pub contact_person_id: Option<PersonId>,
    /// Team member who owns the deal; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Offer being sold; cleared if the offer is deleted.
    pub offer_id: Option<OfferId>,
    /// ICP segment the prospect belongs to; cleared if the segment is deleted.
    pub icp_segment_id: Option<IcpSegmentId>,
    /// Engagement the deal was won into; only a `Won` deal has one, and one deal per engagement.
    pub engagement_id: Option<EngagementId>,
    /// Pipeline stage (default `Lead`).
    pub stage: DealStage,
    /// Where the deal came from.
    pub source: Option<DealSource>,
    /// Expected revenue; not negative.
    pub amount: Option<Decimal>,
    /// Currency of `amount`.
    pub currency: Currency,
    /// Chance of winning in percent, 0 to 100.
    pub probability: Option<Decimal>,
    /// When the deal is expected to close.
    pub expected_close_date: Option<NaiveDate>,
    /// When the deal was won or lost.
    pub closed_on: Option<NaiveDate>,
    /// Why the deal was lost.
    pub lost_reason: Option<String>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.deals`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealInsertForm {
    /// Name of the deal.
    pub name: String,
    /// Prospect or client organization; cleared if it is deleted.
    pub organization_id: Option<OrganizationId>,
    /// Contact person at the organization; cleared if that person is deleted.
    pub contact_person_id: Option<PersonId>,
    /// Team member who owns the deal; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Offer being sold; cleared if the offer is deleted.
    pub offer_id: Option<OfferId>,
    /// ICP segment the prospect belongs to; cleared if the segment is deleted.
    pub icp_segment_id: Option<IcpSegmentId>,
    /// Engagement the deal was won into; only a `Won` deal has one, and one deal per engagement.
    pub engagement_id: Option<EngagementId>,
    /// Pipeline stage (default `Lead`).
    pub stage: Option<DealStage>,
    /// Where the deal came from.
    pub source: Option<DealSource>,
    /// Expected revenue; not negative.
    pub amount: Option<Decimal>,
    /// Currency of `amount`.
    pub currency: Currency,
    /// Chance of winning in percent, 0 to 100.
    pub probability: Option<Decimal>,
    /// When the deal is expected to close.
    pub expected_close_date: Option<NaiveDate>,
    /// When the deal was won or lost.
    pub closed_on: Option<NaiveDate>,
    /// Why the deal was lost.
    pub lost_reason: Option<String>,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl DealInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>, currency: Currency) -> Self {
        Self {
            name: name.into(),
            organization_id: None,
            contact_person_id: None,
            owner_person_id: None,
            offer_id: None,
            icp_segment_id: None,
            engagement_id: None,
            stage: None,
            source: None,
            amount: None,
            currency,
            probability: None,
            expected_close_date: None,
            closed_on: None,
            lost_reason: None,
            notes: None,
        }
    }
}

/// Changes to a row of `erp.deals`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DealUpdateForm {
    /// Name of the deal.
    pub name: Option<String>,
    /// Prospect or client organization; cleared if it is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub organization_id: Option<Option<OrganizationId>>,
    /// Contact person at the organization; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub contact_person_id: Option<Option<PersonId>>,
    /// Team member who owns the deal; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// Offer being sold; cleared if the offer is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub offer_id: Option<Option<OfferId>>,
    /// ICP segment the prospect belongs to; cleared if the segment is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub icp_segment_id: Option<Option<IcpSegmentId>>,
    /// Engagement the deal was won into; only a `Won` deal has one, and one deal per engagement.
    #[serde(with = "::serde_with::rust::double_option")]
    pub engagement_id: Option<Option<EngagementId>>,
    /// Pipeline stage (default `Lead`).
    pub stage: Option<DealStage>,
    /// Where the deal came from.
    #[serde(with = "::serde_with::rust::double_option")]
    pub source: Option<Option<DealSource>>,
    /// Expected revenue; not negative.
    #[serde(with = "::serde_with::rust::double_option")]
    pub amount: Option<Option<Decimal>>,
    /// Currency of `amount`.
    pub currency: Option<Currency>,
    /// Chance of winning in percent, 0 to 100.
    #[serde(with = "::serde_with::rust::double_option")]
    pub probability: Option<Option<Decimal>>,
    /// When the deal is expected to close.
    #[serde(with = "::serde_with::rust::double_option")]
    pub expected_close_date: Option<Option<NaiveDate>>,
    /// When the deal was won or lost.
    #[serde(with = "::serde_with::rust::double_option")]
    pub closed_on: Option<Option<NaiveDate>>,
    /// Why the deal was lost.
    #[serde(with = "::serde_with::rust::double_option")]
    pub lost_reason: Option<Option<String>>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
}

impl DealUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
