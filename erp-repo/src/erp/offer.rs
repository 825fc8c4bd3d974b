//! `erp.offers`: the services the business sells, each linked to the blueprint that delivers it.

use erp_model::{
    Offer, OfferId, OfferInsertForm, OfferUpdateForm, PatternStatus, PricingModel,
    ServiceBlueprintId,
};
use rust_decimal::Decimal;
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Offers as Col;

repository! {
    /// Repository of `erp.offers`.
    Offers for Col {
        id: OfferId,
        row: Offer,
        global_id: true,
        insert: OfferInsertForm {
            required: [name],
            optional: [service_blueprint_id, description, pricing_model, base_price, currency, status],
        },
        update: OfferUpdateForm {
            service_blueprint_id, name, description, pricing_model, base_price, currency, status,
        },
        filter: OfferFilter,
        sort: OfferSort,
    }
}

sort_keys! {
    /// What an offer list can be ordered by.
    OfferSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which offers to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferFilter {
    /// Only these statuses.
    pub status: Option<Vec<PatternStatus>>,
    /// Only these pricing models.
    pub pricing_model: Option<Vec<PricingModel>>,
    /// Only offers delivered by this service blueprint.
    pub service_blueprint_id: Option<ServiceBlueprintId>,
    /// Base price at least this much.
    pub price_from: Option<Decimal>,
    /// Base price at most this much.
    pub price_to: Option<Decimal>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for OfferFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .any_of(Col::PricingModel, self.pricing_model.as_deref())?
            .eq(Col::ServiceBlueprintId, self.service_blueprint_id.as_ref())?
            .between(
                Col::BasePrice,
                self.price_from.as_ref(),
                self.price_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}
