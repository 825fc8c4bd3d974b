//! Rows and forms of `erp.engagements`: commercial relationships with clients.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    Currency, EngagementId, EngagementStatus, OfferId, OrganizationId, PersonId, ProjectId,
};

/// A row of `erp.engagements`: active or past client work under an offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Engagement {
    /// Database id of the engagement.
    pub id: EngagementId,
    /// Stable global id of the engagement, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the engagement.
    pub name: String,
    /// Client organization; the organization cannot be deleted while engagements point to it.
    pub client_org_id: Option<OrganizationId>,
    /// Main contact at the client; cleared if that person is deleted.
    pub primary_contact_id: Option<PersonId>,
    /// Project that carries the work; cleared if the project is deleted.
    pub project_id: Option<ProjectId>,
    /// Offer sold; cleared if the offer is deleted.
    pub offer_id: Option<OfferId>,
    /// Name of the offer as sold (kept from Coda, independent of `offer_id`).
    pub offer_name: Option<String>,
    /// Lifecycle of the engagement (default `Prospect`).
    pub status: EngagementStatus,
    /// First day of the engagement.
    pub start_date: Option<NaiveDate>,
    /// Last day of the engagement; not before `start_date`.
    pub end_date: Option<NaiveDate>,
    /// Estimated commercial value, in `currency`; not negative.
    pub value_estimate: Option<Decimal>,
    /// Currency of `value_estimate` (ISO 4217); NULL on engagements from before currencies were recorded.
    pub currency: Option<Currency>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.engagements`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EngagementInsertForm {
    /// Name of the engagement.
    pub name: String,
    /// Client organization; the organization cannot be deleted while engagements point to it.
    pub client_org_id: Option<OrganizationId>,
    /// Main contact at the client; cleared if that person is deleted.
    pub primary_contact_id: Option<PersonId>,
    /// Project that carries the work; cleared if the project is deleted.
    pub project_id: Option<ProjectId>,
    /// Offer sold; cleared if the offer is deleted.
    pub offer_id: Option<OfferId>,
    /// Name of the offer as sold (kept from Coda, independent of `offer_id`).
    pub offer_name: Option<String>,
    /// Lifecycle of the engagement (default `Prospect`).
    pub status: Option<EngagementStatus>,
    /// First day of the engagement.
    pub start_date: Option<NaiveDate>,
    /// Last day of the engagement; not before `start_date`.
    pub end_date: Option<NaiveDate>,
    /// Estimated commercial value, in `currency`; not negative.
    pub value_estimate: Option<Decimal>,
    /// Currency of `value_estimate` (ISO 4217); NULL on engagements from before currencies were recorded.
    pub currency: Option<Currency>,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl EngagementInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.engagements`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EngagementUpdateForm {
    /// Name of the engagement.
    pub name: Option<String>,
    /// Client organization; the organization cannot be deleted while engagements point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub client_org_id: Option<Option<OrganizationId>>,
    /// Main contact at the client; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub primary_contact_id: Option<Option<PersonId>>,
    /// Project that carries the work; cleared if the project is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub project_id: Option<Option<ProjectId>>,
    /// Offer sold; cleared if the offer is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub offer_id: Option<Option<OfferId>>,
    /// Name of the offer as sold (kept from Coda, independent of `offer_id`).
    #[serde(with = "::serde_with::rust::double_option")]
    pub offer_name: Option<Option<String>>,
    /// Lifecycle of the engagement (default `Prospect`).
    pub status: Option<EngagementStatus>,
    /// First day of the engagement.
    #[serde(with = "::serde_with::rust::double_option")]
    pub start_date: Option<Option<NaiveDate>>,
    /// Last day of the engagement; not before `start_date`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub end_date: Option<Option<NaiveDate>>,
    /// Estimated commercial value, in `currency`; not negative.
    #[serde(with = "::serde_with::rust::double_option")]
    pub value_estimate: Option<Option<Decimal>>,
    /// Currency of `value_estimate` (ISO 4217); NULL on engagements from before currencies were recorded.
    #[serde(with = "::serde_with::rust::double_option")]
    pub currency: Option<Option<Currency>>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
}

impl EngagementUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
