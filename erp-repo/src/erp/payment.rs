//! `erp.payments`: money in (a customer's receipt) and out (Coda's outgoing payments, refunds), each
//! against an invoice or an expense when it settles one, in that document's currency.

use chrono::NaiveDate;
use erp_model::{
    Currency, Expense, ExpenseId, ExpenseStatus, ExpenseUpdateForm, InvoiceId, OrganizationId,
    Payment, PaymentDirection, PaymentId, PaymentInsertForm, PaymentMethod, PaymentStatus,
    PaymentUpdateForm, PersonId,
};
use rust_decimal::Decimal;
use sea_query::{Condition, Expr, ExprTrait, Func, IdenStatic, LockType, Query};
use sqlx::{Acquire, PgConnection, Postgres};

use super::atomic::finish;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::Table as _;
use crate::schema::erp::Payments as Col;
use crate::{Error, Result};

use super::expense::Expenses;

repository! {
    /// Repository of `erp.payments`.
    Payments for Col {
        id: PaymentId,
        row: Payment,
        global_id: true,
        insert: PaymentInsertForm {
            required: [direction, amount, currency],
            optional: [status, method, paid_on, reference, invoice_id, expense_id, organization_id,
                       person_id, notes],
        },
        update: PaymentUpdateForm {
            direction, status, method, amount, currency, paid_on, reference, invoice_id, expense_id,
            organization_id, person_id, notes,
        },
        filter: PaymentFilter,
        sort: PaymentSort,
    }
}

sort_keys! {
    /// What a payment list can be ordered by.
    PaymentSort for Col {
        /// Day the money moved.
        PaidOn => (PaidOn, "date"),
        /// Amount.
        Amount => (Amount, "numeric"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which payments to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PaymentFilter {
    /// Only incoming or only outgoing payments.
    pub direction: Option<PaymentDirection>,
    /// Only these statuses.
    pub status: Option<Vec<PaymentStatus>>,
    /// Only these methods.
    pub method: Option<Vec<PaymentMethod>>,
    /// Only payments in this currency.
    pub currency: Option<Currency>,
    /// Only payments against this invoice.
    pub invoice_id: Option<InvoiceId>,
    /// Only payments of this expense.
    pub expense_id: Option<ExpenseId>,
    /// Only payments from or to this organization.
    pub organization_id: Option<OrganizationId>,
    /// Only payments from or to this person.
    pub person_id: Option<PersonId>,
    /// Paid on or after this day.
    pub paid_from: Option<NaiveDate>,
    /// Paid on or before this day.
    pub paid_to: Option<NaiveDate>,
    /// Amount at least this much.
    pub amount_from: Option<Decimal>,
    /// Amount at most this much.
    pub amount_to: Option<Decimal>,
    /// Exactly this bank or processor reference.
    pub reference: Option<String>,
}

impl ListFilter for PaymentFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::Direction, self.direction.as_ref())?
            .any_of(Col::Status, self.status.as_deref())?
            .any_of(Col::Method, self.method.as_deref())?
            .eq(Col::Currency, self.currency.as_ref())?
            .eq(Col::InvoiceId, self.invoice_id.as_ref())?
            .eq(Col::ExpenseId, self.expense_id.as_ref())?
            .eq(Col::OrganizationId, self.organization_id.as_ref())?
            .eq(Col::PersonId, self.person_id.as_ref())?
            .between(Col::PaidOn, self.paid_from.as_ref(), self.paid_to.as_ref())?
            .between(
                Col::Amount,
                self.amount_from.as_ref(),
                self.amount_to.as_ref(),
            )?
            .eq(Col::Reference, self.reference.as_ref())?
            .build())
    }
}

/// Money paid out for an expense, for [`Payments::pay_expense`]: its direction (`Outgoing`), currency
/// (the expense's), status (`Completed`) and payee organization (the expense's vendor) follow from the
/// expense.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpensePayment {
    /// Amount paid; more than zero and at most what is still unpaid of the expense.
    pub amount: Decimal,
    /// Day the money left (default: today).
    pub paid_on: Option<NaiveDate>,
    /// How it was paid.
    pub method: Option<PaymentMethod>,
    /// Bank or processor reference.
    pub reference: Option<String>,
    /// The person paid (e.g. reimbursing whoever advanced the cost), if any.
    pub person_id: Option<PersonId>,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl ExpensePayment {
    /// A payment of `amount`, every other field left to its default.
    pub fn new(amount: Decimal) -> Self {
        ExpensePayment {
            amount,
            paid_on: None,
            method: None,
            reference: None,
            person_id: None,
            notes: None,
        }
    }
}

/// What the completed outgoing payments of an expense add up to.
#[derive(sqlx::FromRow)]
struct PaidSoFar {
    paid: Option<Decimal>,
}

impl Payments {
    /// Pays (part of) an expense, in one transaction: inserts the `Completed` outgoing payment in the
    /// expense's currency to its vendor and, once the expense's completed outgoing payments cover its
    /// amount, marks the expense `Paid`. Returns the payment and the expense.
    ///
    /// Refused with [`Error::InvalidInput`] on `status` for a `Rejected` expense and on `amount` for
    /// more than what is still unpaid.
    pub fn pay_expense<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        expense: ExpenseId,
        payment: &ExpensePayment,
    ) -> impl Future<Output = Result<(Payment, Expense)>> + Send {
        async move {
            use crate::schema::erp::Expenses as E;
            let mut tx = db.begin().await?;
            let result: Result<_> = async {
                let tx: &mut PgConnection = &mut tx;
                let stmt = select::<Expenses>()
                    .and_where(Expr::col(E::Id).eq(field(E::Id.as_str(), &expense)?))
                    .lock(LockType::Update)
                    .to_owned();
                let stored: Expense =
                    crud::fetch_optional(&mut *tx, &stmt)
                        .await?
                        .ok_or_else(|| Error::NotFound {
                            table: Expenses::TABLE,
                            id: expense.to_string(),
                        })?;
                if stored.status == ExpenseStatus::Rejected {
                    return Err(Error::invalid(
                        E::Status.as_str(),
                        format!("expense {expense} was rejected and is not paid"),
                    ));
                }
                let paid = Query::select()
                    .expr_as(Func::sum(Expr::col(Col::Amount)), "paid")
                    .from(Col::table())
                    .and_where(
                        Expr::col(Col::ExpenseId).eq(field(Col::ExpenseId.as_str(), &expense)?),
                    )
                    .and_where(
                        Expr::col(Col::Direction)
                            .eq(field(Col::Direction.as_str(), &PaymentDirection::Outgoing)?),
                    )
                    .and_where(
                        Expr::col(Col::Status)
                            .eq(field(Col::Status.as_str(), &PaymentStatus::Completed)?),
                    )
                    .to_owned();
                let paid: Vec<PaidSoFar> = crud::fetch_all(&mut *tx, &paid).await?;
                let paid = paid.first().and_then(|p| p.paid).unwrap_or_default();
                let unpaid = stored.amount - paid;
                if payment.amount > unpaid {
                    return Err(Error::invalid(
                        Col::Amount.as_str(),
                        format!(
                            "{} {} exceeds what is unpaid of expense {expense}, {unpaid} {}",
                            payment.amount, stored.currency, stored.currency
                        ),
                    ));
                }
                let form = PaymentInsertForm {
                    status: Some(PaymentStatus::Completed),
                    method: payment.method,
                    paid_on: payment.paid_on,
                    reference: payment.reference.clone(),
                    expense_id: Some(expense),
                    organization_id: stored.vendor_org_id,
                    person_id: payment.person_id,
                    notes: payment.notes.clone(),
                    ..PaymentInsertForm::new(
                        PaymentDirection::Outgoing,
                        payment.amount,
                        stored.currency,
                    )
                };
                let inserted = Self::insert(&mut *tx, &form).await?;
                let expense_row =
                    if payment.amount == unpaid && stored.status != ExpenseStatus::Paid {
                        let form = ExpenseUpdateForm {
                            status: Some(ExpenseStatus::Paid),
                            ..Default::default()
                        };
                        Expenses::update(&mut *tx, expense, &form).await?
                    } else {
                        stored
                    };
                Ok((inserted, expense_row))
            }
            .await;
            finish(tx, result).await
        }
    }
}
