//! `erp.expenses`: the business's costs (Invoice Ninja expenses, Akaunting bills), by vendor, person and
//! work; a billable expense can be re-billed on a client's invoice.

use chrono::NaiveDate;
use erp_model::{
    Currency, EngagementId, Expense, ExpenseCategory, ExpenseId, ExpenseInsertForm, ExpenseStatus,
    ExpenseUpdateForm, Invoice, InvoiceId, InvoiceStatus, InvoiceUpdateForm, OrganizationId,
    PersonId, ProjectId,
};
use rust_decimal::Decimal;
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, LockType, Order};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::atomic::finish;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Expenses as Col;
use crate::{Error, Result};

use super::invoice::Invoices;

repository! {
    /// Repository of `erp.expenses`.
    Expenses for Col {
        id: ExpenseId,
        row: Expense,
        global_id: true,
        insert: ExpenseInsertForm {
            required: [description, amount, currency],
            optional: [category, status, expense_date, is_billable, vendor_org_id, person_id, project_id,
                       engagement_id, rebilled_invoice_id, receipt_url, notes],
        },
        update: ExpenseUpdateForm {
            description, category, status, expense_date, amount, currency, is_billable, vendor_org_id,
            person_id, project_id, engagement_id, rebilled_invoice_id, receipt_url, notes,
        },
        filter: ExpenseFilter,
        sort: ExpenseSort,
    }
}

sort_keys! {
    /// What an expense list can be ordered by.
    ExpenseSort for Col {
        /// Day of the expense.
        ExpenseDate => (ExpenseDate, "date"),
        /// Amount.
        Amount => (Amount, "numeric"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which expenses to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpenseFilter {
    /// Only these categories.
    pub category: Option<Vec<ExpenseCategory>>,
    /// Only these statuses.
    pub status: Option<Vec<ExpenseStatus>>,
    /// Only expenses in this currency.
    pub currency: Option<Currency>,
    /// Only billable (`true`) or non-billable (`false`) expenses.
    pub is_billable: Option<bool>,
    /// `Some(true)`: only expenses re-billed on an invoice; `Some(false)`: only those not re-billed.
    pub rebilled: Option<bool>,
    /// Only expenses of this vendor.
    pub vendor_org_id: Option<OrganizationId>,
    /// Only expenses of this person.
    pub person_id: Option<PersonId>,
    /// Only expenses of this project.
    pub project_id: Option<ProjectId>,
    /// Only expenses of this engagement.
    pub engagement_id: Option<EngagementId>,
    /// Only expenses re-billed on this invoice.
    pub rebilled_invoice_id: Option<InvoiceId>,
    /// On or after this day.
    pub date_from: Option<NaiveDate>,
    /// On or before this day.
    pub date_to: Option<NaiveDate>,
    /// Amount at least this much.
    pub amount_from: Option<Decimal>,
    /// Amount at most this much.
    pub amount_to: Option<Decimal>,
    /// Case-insensitive search in the description.
    pub description_contains: Option<String>,
}

impl ListFilter for ExpenseFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Category, self.category.as_deref())?
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::Currency, self.currency.as_ref())?
            .eq(Col::IsBillable, self.is_billable.as_ref())?
            .is_null(Col::RebilledInvoiceId, self.rebilled.map(|r| !r))
            .eq(Col::VendorOrgId, self.vendor_org_id.as_ref())?
            .eq(Col::PersonId, self.person_id.as_ref())?
            .eq(Col::ProjectId, self.project_id.as_ref())?
            .eq(Col::EngagementId, self.engagement_id.as_ref())?
            .eq(Col::RebilledInvoiceId, self.rebilled_invoice_id.as_ref())?
            .between(
                Col::ExpenseDate,
                self.date_from.as_ref(),
                self.date_to.as_ref(),
            )?
            .between(
                Col::Amount,
                self.amount_from.as_ref(),
                self.amount_to.as_ref(),
            )?
            .search(Col::Description, self.description_contains.as_deref())?
            .build())
    }
}

impl Expenses {
    /// Re-bills a billable expense on a client's `Draft` invoice, in one transaction: the expense points
    /// to the invoice, and the invoice's subtotal grows by the expense's amount (the Coda doc keeps
    /// totals, not line items). Returns both.
    ///
    /// Refused with [`Error::InvalidInput`]: on `is_billable` for an expense not billable, on
    /// `rebilled_invoice_id` for one already re-billed or an invoice that is no longer a `Draft` (a sent
    /// invoice is not changed), on `status` for a `Rejected` expense, and on `currency` when the two
    /// currencies differ.
    pub fn rebill<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: ExpenseId,
        invoice: InvoiceId,
    ) -> impl Future<Output = Result<(Expense, Invoice)>> + Send {
        async move {
            let mut tx = db.begin().await?;
            let result: Result<_> = async {
                let tx: &mut PgConnection = &mut tx;
                let stmt = select::<Self>()
                    .and_where(Expr::col(Col::Id).eq(field(Col::Id.as_str(), &id)?))
                    .lock(LockType::Update)
                    .to_owned();
                let expense: Expense =
                    crud::fetch_optional(&mut *tx, &stmt)
                        .await?
                        .ok_or_else(|| Error::NotFound {
                            table: Self::TABLE,
                            id: id.to_string(),
                        })?;
                let target = super::invoice::lock(&mut *tx, invoice).await?;
                if !expense.is_billable {
                    return Err(Error::invalid(
                        Col::IsBillable.as_str(),
                        format!("expense {id} is not billable"),
                    ));
                }
                if let Some(on) = expense.rebilled_invoice_id {
                    return Err(Error::invalid(
                        Col::RebilledInvoiceId.as_str(),
                        format!("expense {id} was already re-billed on invoice {on}"),
                    ));
                }
                if expense.status == ExpenseStatus::Rejected {
                    return Err(Error::invalid(
                        Col::Status.as_str(),
                        format!("expense {id} was rejected"),
                    ));
                }
                if target.status != InvoiceStatus::Draft {
                    return Err(Error::invalid(
                        Col::RebilledInvoiceId.as_str(),
                        format!(
                            "invoice {invoice} is {}: expenses are re-billed on a Draft invoice",
                            target.status
                        ),
                    ));
                }
                if target.currency != expense.currency {
                    return Err(Error::invalid(
                        Col::Currency.as_str(),
                        format!(
                            "expense {id} is in {}, invoice {invoice} in {}",
                            expense.currency, target.currency
                        ),
                    ));
                }
                let subtotal = target.subtotal.checked_add(expense.amount).ok_or_else(|| {
                    Error::invalid("subtotal", "the invoice's subtotal would overflow")
                })?;
                let billed = Invoices::update(
                    &mut *tx,
                    invoice,
                    &InvoiceUpdateForm {
                        subtotal: Some(subtotal),
                        ..Default::default()
                    },
                )
                .await?;
                let linked = Self::update(
                    &mut *tx,
                    id,
                    &ExpenseUpdateForm {
                        rebilled_invoice_id: Some(Some(invoice)),
                        ..Default::default()
                    },
                )
                .await?;
                Ok((linked, billed))
            }
            .await;
            finish(tx, result).await
        }
    }

    /// An engagement's billable expenses not yet re-billed (and not rejected), oldest first: what is
    /// still to be passed on to the client.
    pub async fn unbilled<'e>(
        exec: impl PgExecutor<'e>,
        engagement: EngagementId,
    ) -> Result<Vec<Expense>> {
        let mut stmt = select::<Self>();
        stmt.cond_where(
            Where::new()
                .eq(Col::EngagementId, Some(&engagement))?
                .eq(Col::IsBillable, Some(&true))?
                .is_null(Col::RebilledInvoiceId, Some(true))
                .and(
                    Expr::col(Col::Status)
                        .ne(field(Col::Status.as_str(), &ExpenseStatus::Rejected)?),
                )
                .build(),
        )
        .order_by(Col::ExpenseDate, Order::Asc)
        .order_by(Col::Id, Order::Asc);
        crud::fetch_all(exec, &stmt).await
    }
}
