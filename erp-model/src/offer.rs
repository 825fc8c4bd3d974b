//! Rows and forms of `erp.offers`: the services the business sells.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Currency, OfferId, PatternStatus, PricingModel, ServiceBlueprintId};

/// A row of `erp.offers`: a service offering, linked to the blueprint that delivers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Offer {
    /// Database id of the offer.
    pub id: OfferId,
    /// Stable global id of the offer, for references from outside this database.
    pub global_id: Uuid,
    /// Blueprint that delivers the offer; cleared if the blueprint is deleted.
    pub service_blueprint_id: Option<ServiceBlueprintId>,
    /// Name of the offer.
    pub name: String,
    /// What the client gets.
    pub description: Option<String>,
    /// How the offer is priced.
    pub pricing_model: Option<PricingModel>,
    /// Base price, in `currency`; not negative.
    pub base_price: Option<Decimal>,
    /// Currency of `base_price` (ISO 4217); NULL on offers from before currencies were recorded.
    pub currency: Option<Currency>,
    /// Lifecycle of the offer (default `Draft`).
    pub status: PatternStatus,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.offers`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OfferInsertForm {
    /// Blueprint that delivers the offer; cleared if the blueprint is deleted.
    pub service_blueprint_id: Option<ServiceBlueprintId>,
    /// Name of the offer.
    pub name: String,
    /// What the client gets.
    pub description: Option<String>,
    /// How the offer is priced.
    pub pricing_model: Option<PricingModel>,
    /// Base price, in `currency`; not negative.
    pub base_price: Option<Decimal>,
    /// Currency of `base_price` (ISO 4217); NULL on offers from before currencies were recorded.
    pub currency: Option<Currency>,
    /// Lifecycle of the offer (default `Draft`).
    pub status: Option<PatternStatus>,
}

impl OfferInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.offers`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferUpdateForm {
    /// Blueprint that delivers the offer; cleared if the blueprint is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub service_blueprint_id: Option<Option<ServiceBlueprintId>>,
    /// Name of the offer.
    pub name: Option<String>,
    /// What the client gets.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// How the offer is priced.
    #[serde(with = "::serde_with::rust::double_option")]
    pub pricing_model: Option<Option<PricingModel>>,
    /// Base price, in `currency`; not negative.
    #[serde(with = "::serde_with::rust::double_option")]
    pub base_price: Option<Option<Decimal>>,
    /// Currency of `base_price` (ISO 4217); NULL on offers from before currencies were recorded.
    #[serde(with = "::serde_with::rust::double_option")]
    pub currency: Option<Option<Currency>>,
    /// Lifecycle of the offer (default `Draft`).
    pub status: Option<PatternStatus>,
}

impl OfferUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
