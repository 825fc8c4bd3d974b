//! `erp.deals`: the sales pipeline (Frappe CRM deals, Odoo crm.lead), from lead to won or lost; a won
//! deal points to the engagement it became. Also the view `erp.deal_pipeline`.

use chrono::{DateTime, NaiveDate, Utc};
use erp_model::{
    Currency, Deal, DealId, DealInsertForm, DealPipelineRow, DealSource, DealStage, DealUpdateForm,
    Engagement, EngagementInsertForm, EngagementStatus, IcpSegmentId, OfferId, OrganizationId,
    PersonId,
};
use rust_decimal::Decimal;
use sea_query::{Asterisk, Condition, Expr, ExprTrait, IdenStatic, LockType, Order, Query};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::atomic::finish;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::Table as _;
use crate::schema::erp::{DealPipeline as Pipe, Deals as Col};
use crate::{Error, Result};

use super::engagement::Engagements;
use super::offer::Offers;

repository! {
    /// Repository of `erp.deals`.
    Deals for Col {
        id: DealId,
        row: Deal,
        global_id: true,
        insert: DealInsertForm {
            required: [name, currency],
            optional: [organization_id, contact_person_id, owner_person_id, offer_id, icp_segment_id,
                       engagement_id, stage, source, amount, probability, expected_close_date, closed_on,
                       lost_reason, notes],
        },
        update: DealUpdateForm {
            name, organization_id, contact_person_id, owner_person_id, offer_id, icp_segment_id,
            engagement_id, stage, source, amount, currency, probability, expected_close_date, closed_on,
            lost_reason, notes,
        },
        filter: DealFilter,
        sort: DealSort,
    }
}

sort_keys! {
    /// What a deal list can be ordered by.
    DealSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which deals to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealFilter {
    /// Only these stages.
    pub stage: Option<Vec<DealStage>>,
    /// `Some(true)`: only deals still in play (not `Won` or `Lost`); `Some(false)`: only closed ones.
    pub open: Option<bool>,
    /// Only these sources.
    pub source: Option<Vec<DealSource>>,
    /// Only deals in this currency.
    pub currency: Option<Currency>,
    /// Only deals with this prospect organization.
    pub organization_id: Option<OrganizationId>,
    /// Only deals with this contact.
    pub contact_person_id: Option<PersonId>,
    /// Only deals owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Only deals for this offer.
    pub offer_id: Option<OfferId>,
    /// Only deals of this ICP segment.
    pub icp_segment_id: Option<IcpSegmentId>,
    /// Only the deal won into this engagement.
    pub engagement_id: Option<erp_model::EngagementId>,
    /// Expected to close on or after this day.
    pub expected_close_from: Option<NaiveDate>,
    /// Expected to close on or before this day.
    pub expected_close_to: Option<NaiveDate>,
    /// Closed on or after this day.
    pub closed_from: Option<NaiveDate>,
    /// Closed on or before this day.
    pub closed_to: Option<NaiveDate>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Amount at least this much.
    pub amount_from: Option<Decimal>,
    /// Amount at most this much.
    pub amount_to: Option<Decimal>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for DealFilter {
    fn condition(&self) -> Result<Condition> {
        let closed = [DealStage::Won, DealStage::Lost];
        let mut w = Where::new()
            .any_of(Col::Stage, self.stage.as_deref())?
            .any_of(Col::Source, self.source.as_deref())?
            .eq(Col::Currency, self.currency.as_ref())?
            .eq(Col::OrganizationId, self.organization_id.as_ref())?
            .eq(Col::ContactPersonId, self.contact_person_id.as_ref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .eq(Col::OfferId, self.offer_id.as_ref())?
            .eq(Col::IcpSegmentId, self.icp_segment_id.as_ref())?
            .eq(Col::EngagementId, self.engagement_id.as_ref())?
            .between(
                Col::ExpectedCloseDate,
                self.expected_close_from.as_ref(),
                self.expected_close_to.as_ref(),
            )?
            .between(
                Col::ClosedOn,
                self.closed_from.as_ref(),
                self.closed_to.as_ref(),
            )?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .between(
                Col::Amount,
                self.amount_from.as_ref(),
                self.amount_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?;
        if let Some(open) = self.open {
            let labels = closed
                .iter()
                .map(|s| field(Col::Stage.as_str(), s))
                .collect::<Result<Vec<_>>>()?;
            w = w.and(if open {
                Expr::col(Col::Stage).is_not_in(labels)
            } else {
                Expr::col(Col::Stage).is_in(labels)
            });
        }
        Ok(w.build())
    }
}

/// `SELECT * FROM erp.deals WHERE id = $1 FOR UPDATE`.
async fn lock(conn: &mut PgConnection, id: DealId) -> Result<Deal> {
    let stmt = select::<Deals>()
        .and_where(Expr::col(Col::Id).eq(field(Col::Id.as_str(), &id)?))
        .lock(LockType::Update)
        .to_owned();
    crud::fetch_optional(conn, &stmt)
        .await?
        .ok_or_else(|| Error::NotFound {
            table: Deals::TABLE,
            id: id.to_string(),
        })
}

impl Deals {
    /// Opens a deal for an offer: the form's `offer_id` is set to it and, when the form has no amount,
    /// the deal takes the offer's base price, provided the offer is priced in the deal's currency
    /// ([`Error::InvalidInput`] on `amount` otherwise: no currency is converted or assumed).
    pub fn open_for_offer<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        offer: OfferId,
        form: &DealInsertForm,
    ) -> impl Future<Output = Result<Deal>> + Send {
        async move {
            let mut conn = db.acquire().await?;
            let stored = Offers::get(&mut *conn, offer).await?;
            let amount = match (form.amount, stored.base_price) {
                (Some(amount), _) => Some(amount),
                (None, None) => None,
                (None, Some(price)) if stored.currency == Some(form.currency) => Some(price),
                (None, Some(_)) => {
                    return Err(Error::invalid(
                        Col::Amount.as_str(),
                        format!(
                            "offer {offer} is priced in {}, the deal in {}: give the deal's amount",
                            stored
                                .currency
                                .map_or("no currency".to_owned(), |c| c.to_string()),
                            form.currency
                        ),
                    ));
                }
            };
            let form = DealInsertForm {
                offer_id: Some(offer),
                amount,
                ..form.clone()
            };
            Self::insert(&mut *conn, &form).await
        }
    }

    /// Wins a deal into a new engagement, in one transaction: inserts the engagement and sets the deal
    /// `Won`, closed on `closed_on`, probability 100, pointing to it. Returns both.
    ///
    /// What the engagement form leaves `None` is taken from the deal: the client organization, the
    /// primary contact, the offer (and its name), the value estimate (the deal's amount) and the
    /// currency; the status defaults to `Active`. Refused with [`Error::InvalidInput`] on `stage` for a
    /// deal already won into an engagement or `Lost` (reopen it first), and on `currency` for an
    /// engagement form in another currency than the deal's.
    pub fn win<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: DealId,
        closed_on: NaiveDate,
        engagement: &EngagementInsertForm,
    ) -> impl Future<Output = Result<(Deal, Engagement)>> + Send {
        async move {
            let mut tx = db.begin().await?;
            let result: Result<_> = async {
                let tx: &mut PgConnection = &mut tx;
                let deal = lock(&mut *tx, id).await?;
                if let Some(existing) = deal.engagement_id {
                    return Err(Error::invalid(
                        Col::Stage.as_str(),
                        format!("deal {id} was already won into engagement {existing}"),
                    ));
                }
                if deal.stage == DealStage::Lost {
                    return Err(Error::invalid(
                        Col::Stage.as_str(),
                        format!(
                            "deal {id} is Lost: move it back to an open stage before winning it"
                        ),
                    ));
                }
                if engagement.currency.is_some_and(|c| c != deal.currency) {
                    return Err(Error::invalid(
                        Col::Currency.as_str(),
                        format!(
                            "deal {id} is in {}, the engagement form in another currency",
                            deal.currency
                        ),
                    ));
                }
                let offer_name = match (
                    engagement.offer_name.clone(),
                    engagement.offer_id.or(deal.offer_id),
                ) {
                    (Some(name), _) => Some(name),
                    (None, Some(offer)) => Some(Offers::get(&mut *tx, offer).await?.name),
                    (None, None) => None,
                };
                let form = EngagementInsertForm {
                    client_org_id: engagement.client_org_id.or(deal.organization_id),
                    primary_contact_id: engagement.primary_contact_id.or(deal.contact_person_id),
                    offer_id: engagement.offer_id.or(deal.offer_id),
                    offer_name,
                    status: engagement.status.or(Some(EngagementStatus::Active)),
                    value_estimate: engagement.value_estimate.or(deal.amount),
                    currency: Some(deal.currency),
                    ..engagement.clone()
                };
                let created = Engagements::insert(&mut *tx, &form).await?;
                let won = Self::update(
                    &mut *tx,
                    id,
                    &DealUpdateForm {
                        stage: Some(DealStage::Won),
                        engagement_id: Some(Some(created.id)),
                        closed_on: Some(Some(closed_on)),
                        probability: Some(Some(Decimal::ONE_HUNDRED)),
                        lost_reason: Some(None),
                        ..Default::default()
                    },
                )
                .await?;
                Ok((won, created))
            }
            .await;
            finish(tx, result).await
        }
    }

    /// Marks a deal `Lost` on `closed_on` with the reason given, probability 0; refused with
    /// [`Error::InvalidInput`] on `stage` for a deal won into an engagement.
    pub fn lose<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: DealId,
        closed_on: NaiveDate,
        reason: Option<&str>,
    ) -> impl Future<Output = Result<Deal>> + Send {
        async move {
            let mut tx = db.begin().await?;
            let result: Result<_> = async {
                let tx: &mut PgConnection = &mut tx;
                let deal = lock(&mut *tx, id).await?;
                if let Some(engagement) = deal.engagement_id {
                    return Err(Error::invalid(
                        Col::Stage.as_str(),
                        format!(
                            "deal {id} was won into engagement {engagement} and cannot be lost"
                        ),
                    ));
                }
                let lost = Self::update(
                    &mut *tx,
                    id,
                    &DealUpdateForm {
                        stage: Some(DealStage::Lost),
                        closed_on: Some(Some(closed_on)),
                        probability: Some(Some(Decimal::ZERO)),
                        lost_reason: Some(reason.map(str::to_owned)),
                        ..Default::default()
                    },
                )
                .await?;
                Ok(lost)
            }
            .await;
            finish(tx, result).await
        }
    }
}

/// The view `erp.deal_pipeline`: per stage and currency, the number of deals, their amount and the
/// amount weighted by each deal's probability.
#[derive(Debug, Clone, Copy, Default)]
pub struct DealPipeline;

impl DealPipeline {
    /// Every stage that has deals, in funnel order (`Lead` first, `Lost` last), then by currency.
    pub async fn stages<'e>(exec: impl PgExecutor<'e>) -> Result<Vec<DealPipelineRow>> {
        let stmt = Query::select()
            .column(Asterisk)
            .from(Pipe::table())
            .order_by(Pipe::StageOrder, Order::Asc)
            .order_by(Pipe::Currency, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// The stages that have deals in this currency, in funnel order.
    pub async fn of_currency<'e>(
        exec: impl PgExecutor<'e>,
        currency: Currency,
    ) -> Result<Vec<DealPipelineRow>> {
        let stmt = Query::select()
            .column(Asterisk)
            .from(Pipe::table())
            .and_where(Expr::col(Pipe::Currency).eq(field(Pipe::Currency.as_str(), &currency)?))
            .order_by(Pipe::StageOrder, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
