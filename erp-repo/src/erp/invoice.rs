//! `erp.invoices`: what the business bills its clients (Invoice Ninja invoices, Dolibarr factures); the
//! view `erp.invoice_balances` derives each invoice's amount paid, balance due and whether it is overdue.

use chrono::NaiveDate;
use erp_model::{
    Currency, EngagementId, Invoice, InvoiceBalanceRow, InvoiceId, InvoiceInsertForm,
    InvoiceStatus, InvoiceUpdateForm, OrganizationId, Payment, PaymentDirection, PaymentInsertForm,
    PaymentMethod, PaymentStatus, PersonId, ProjectId,
};
use rust_decimal::Decimal;
use sea_query::{
    Asterisk, Condition, Expr, ExprTrait, Func, IdenStatic, LockType, NullOrdering, Order, Query,
    SelectStatement,
};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::atomic::finish;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::Table as _;
use crate::schema::erp::{InvoiceBalances as Bal, Invoices as Col};
use crate::{Error, Result};

use super::payment::Payments;

repository! {
    /// Repository of `erp.invoices`.
    Invoices for Col {
        id: InvoiceId,
        row: Invoice,
        global_id: true,
        insert: InvoiceInsertForm {
            required: [invoice_number, currency],
            optional: [organization_id, engagement_id, project_id, status, issue_date, due_date, subtotal,
                       tax_amount, document_url, notes],
        },
        update: InvoiceUpdateForm {
            invoice_number, organization_id, engagement_id, project_id, status, issue_date, due_date,
            currency, subtotal, tax_amount, document_url, notes,
        },
        filter: InvoiceFilter,
        sort: InvoiceSort,
    }
}

sort_keys! {
    /// What an invoice list can be ordered by.
    InvoiceSort for Col {
        /// Invoice number, as text.
        InvoiceNumber => (InvoiceNumber, "text"),
        /// Day of issue.
        IssueDate => (IssueDate, "date"),
        /// Total (subtotal plus tax).
        TotalAmount => (TotalAmount, "numeric"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which invoices to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InvoiceFilter {
    /// Only these statuses.
    pub status: Option<Vec<InvoiceStatus>>,
    /// Only invoices in this currency.
    pub currency: Option<Currency>,
    /// Only invoices billed to this organization.
    pub organization_id: Option<OrganizationId>,
    /// Only invoices of this engagement.
    pub engagement_id: Option<EngagementId>,
    /// Only invoices of this project.
    pub project_id: Option<ProjectId>,
    /// Issued on or after this day.
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before this day.
    pub issued_to: Option<NaiveDate>,
    /// Due on or after this day.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this day.
    pub due_to: Option<NaiveDate>,
    /// Total at least this much.
    pub total_from: Option<Decimal>,
    /// Total at most this much.
    pub total_to: Option<Decimal>,
    /// Case-insensitive search in the invoice number.
    pub number_contains: Option<String>,
}

impl ListFilter for InvoiceFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::Currency, self.currency.as_ref())?
            .eq(Col::OrganizationId, self.organization_id.as_ref())?
            .eq(Col::EngagementId, self.engagement_id.as_ref())?
            .eq(Col::ProjectId, self.project_id.as_ref())?
            .between(
                Col::IssueDate,
                self.issued_from.as_ref(),
                self.issued_to.as_ref(),
            )?
            .between(Col::DueDate, self.due_from.as_ref(), self.due_to.as_ref())?
            .between(
                Col::TotalAmount,
                self.total_from.as_ref(),
                self.total_to.as_ref(),
            )?
            .search(Col::InvoiceNumber, self.number_contains.as_deref())?
            .build())
    }
}

/// A payment received against an invoice, for [`Invoices::record_payment`]: its direction (`Incoming`),
/// currency (the invoice's), status (`Completed`) and payer organization (the invoice's) follow from the
/// invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct InvoicePayment {
    /// Amount received; more than zero and at most the balance due.
    pub amount: Decimal,
    /// Day the money arrived (default: today).
    pub paid_on: Option<NaiveDate>,
    /// How it was paid.
    pub method: Option<PaymentMethod>,
    /// Bank or processor reference.
    pub reference: Option<String>,
    /// The person who paid, if known.
    pub person_id: Option<PersonId>,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl InvoicePayment {
    /// A payment of `amount`, every other field left to its default.
    pub fn new(amount: Decimal) -> Self {
        InvoicePayment {
            amount,
            paid_on: None,
            method: None,
            reference: None,
            person_id: None,
            notes: None,
        }
    }
}

/// `SELECT * FROM erp.invoices WHERE id = $1 FOR UPDATE`.
pub(super) async fn lock(conn: &mut PgConnection, id: InvoiceId) -> Result<Invoice> {
    let stmt = select::<Invoices>()
        .and_where(Expr::col(Col::Id).eq(field(Col::Id.as_str(), &id)?))
        .lock(LockType::Update)
        .to_owned();
    crud::fetch_optional(conn, &stmt)
        .await?
        .ok_or_else(|| Error::NotFound {
            table: Invoices::TABLE,
            id: id.to_string(),
        })
}

/// The status an issued invoice takes from its balance: `Paid` once nothing is due, `Partially Paid`
/// once something was paid, else `Sent`. Drafts and cancelled invoices keep theirs.
fn settled_status(current: InvoiceStatus, balance: &InvoiceBalanceRow) -> InvoiceStatus {
    match current {
        InvoiceStatus::Draft | InvoiceStatus::Cancelled => current,
        _ if balance.balance_due <= Decimal::ZERO => InvoiceStatus::Paid,
        _ if balance.amount_paid > Decimal::ZERO => InvoiceStatus::PartiallyPaid,
        _ => InvoiceStatus::Sent,
    }
}

impl Invoices {
    /// Sends a `Draft` invoice: status `Sent`, and the issue date when given. Any other status is
    /// refused with [`Error::InvalidInput`] on `status`.
    pub fn send<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: InvoiceId,
        issue_date: Option<NaiveDate>,
    ) -> impl Future<Output = Result<Invoice>> + Send {
        async move {
            let mut tx = db.begin().await?;
            let result: Result<_> = async {
                let tx: &mut PgConnection = &mut tx;
                let invoice = lock(&mut *tx, id).await?;
                if invoice.status != InvoiceStatus::Draft {
                    return Err(Error::invalid(
                        Col::Status.as_str(),
                        format!("invoice {id} is {}: only a Draft is sent", invoice.status),
                    ));
                }
                let sent = Self::update(
                    &mut *tx,
                    id,
                    &InvoiceUpdateForm {
                        status: Some(InvoiceStatus::Sent),
                        issue_date,
                        ..Default::default()
                    },
                )
                .await?;
                Ok(sent)
            }
            .await;
            finish(tx, result).await
        }
    }

    /// Records a payment received against an invoice, in one transaction: inserts the `Completed`
    /// incoming payment in the invoice's currency, then moves the invoice to `Partially Paid` or `Paid`.
    /// Returns the payment and the invoice's new balance.
    ///
    /// Refused with [`Error::InvalidInput`] on `status` for a `Draft` (send it first) or `Cancelled`
    /// invoice, and on `amount` for an amount above the balance due (no silent overpayment).
    pub fn record_payment<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: InvoiceId,
        payment: &InvoicePayment,
    ) -> impl Future<Output = Result<(Payment, InvoiceBalanceRow)>> + Send {
        async move {
            let mut tx = db.begin().await?;
            let result: Result<_> = async {
                let tx: &mut PgConnection = &mut tx;
                let invoice = lock(&mut *tx, id).await?;
                if matches!(
                    invoice.status,
                    InvoiceStatus::Draft | InvoiceStatus::Cancelled
                ) {
                    return Err(Error::invalid(
                        Col::Status.as_str(),
                        format!(
                            "invoice {id} is {}: only a sent invoice is paid",
                            invoice.status
                        ),
                    ));
                }
                let before = InvoiceBalances::of(&mut *tx, id).await?;
                if payment.amount > before.balance_due {
                    return Err(Error::invalid(
                        "amount",
                        format!(
                            "{} {} exceeds the balance due on invoice {id}, {} {}",
                            payment.amount, invoice.currency, before.balance_due, invoice.currency
                        ),
                    ));
                }
                let form = PaymentInsertForm {
                    status: Some(PaymentStatus::Completed),
                    method: payment.method,
                    paid_on: payment.paid_on,
                    reference: payment.reference.clone(),
                    invoice_id: Some(id),
                    organization_id: invoice.organization_id,
                    person_id: payment.person_id,
                    notes: payment.notes.clone(),
                    ..PaymentInsertForm::new(
                        PaymentDirection::Incoming,
                        payment.amount,
                        invoice.currency,
                    )
                };
                let stored = Payments::insert(&mut *tx, &form).await?;
                let after = InvoiceBalances::of(&mut *tx, id).await?;
                let status = settled_status(invoice.status, &after);
                let after = if status == invoice.status {
                    after
                } else {
                    Self::set_status(&mut *tx, id, status).await?;
                    InvoiceBalances::of(&mut *tx, id).await?
                };
                Ok((stored, after))
            }
            .await;
            finish(tx, result).await
        }
    }

    /// Brings an issued invoice's status in line with its payments (after a payment was changed,
    /// refunded or deleted by hand): `Paid` once nothing is due, `Partially Paid` once something was
    /// paid, else `Sent`. A `Draft` or `Cancelled` invoice is returned unchanged.
    pub fn settle<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: InvoiceId,
    ) -> impl Future<Output = Result<Invoice>> + Send {
        async move {
            let mut tx = db.begin().await?;
            let result: Result<_> = async {
                let tx: &mut PgConnection = &mut tx;
                let invoice = lock(&mut *tx, id).await?;
                let balance = InvoiceBalances::of(&mut *tx, id).await?;
                let status = settled_status(invoice.status, &balance);
                let invoice = if status == invoice.status {
                    invoice
                } else {
                    Self::set_status(&mut *tx, id, status).await?
                };
                Ok(invoice)
            }
            .await;
            finish(tx, result).await
        }
    }

    async fn set_status(
        conn: &mut PgConnection,
        id: InvoiceId,
        status: InvoiceStatus,
    ) -> Result<Invoice> {
        let form = InvoiceUpdateForm {
            status: Some(status),
            ..Default::default()
        };
        Self::update(conn, id, &form).await
    }

    /// The payments recorded against an invoice (refunds included), by day paid then id.
    pub async fn payments<'e>(exec: impl PgExecutor<'e>, id: InvoiceId) -> Result<Vec<Payment>> {
        use crate::schema::erp::Payments as P;
        let stmt = select::<Payments>()
            .and_where(Expr::col(P::InvoiceId).eq(field(P::InvoiceId.as_str(), &id)?))
            .order_by(P::PaidOn, Order::Asc)
            .order_by(P::Id, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}

/// The view `erp.invoice_balances`: per invoice, its total, what was paid against it, the balance due
/// and whether it is open; overdue on a given day through `erp.invoices_overdue_on(day)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct InvoiceBalances;

fn balances() -> SelectStatement {
    Query::select()
        .column(Asterisk)
        .from(Bal::table())
        .to_owned()
}

impl InvoiceBalances {
    /// This invoice's balance; [`Error::NotFound`] naming `erp.invoices` when there is no such invoice.
    pub async fn of<'e>(exec: impl PgExecutor<'e>, id: InvoiceId) -> Result<InvoiceBalanceRow> {
        let stmt = balances()
            .and_where(Expr::col(Bal::InvoiceId).eq(field(Bal::InvoiceId.as_str(), &id)?))
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Invoices::TABLE,
                id: id.to_string(),
            })
    }

    /// The invoices overdue on `day`: `Sent` or `Partially Paid`, with a balance, and due before that
    /// day (an invoice due on `day` itself is not overdue yet); oldest due first. Runs the SQL function
    /// `erp.invoices_overdue_on`, so the rule is the database's.
    pub async fn overdue_on<'e>(
        exec: impl PgExecutor<'e>,
        day: NaiveDate,
    ) -> Result<Vec<InvoiceBalanceRow>> {
        let stmt = Query::select()
            .column(Asterisk)
            .from_function(
                Func::cust("erp.invoices_overdue_on").arg(field("day", &day)?),
                "overdue",
            )
            .order_by(Bal::DueDate, Order::Asc)
            .order_by(Bal::InvoiceId, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// The open invoices (`Sent` or `Partially Paid` with a balance), of one organization or of all;
    /// earliest due first, invoices without a due date last.
    pub async fn open<'e>(
        exec: impl PgExecutor<'e>,
        organization: Option<OrganizationId>,
    ) -> Result<Vec<InvoiceBalanceRow>> {
        let stmt = balances()
            .cond_where(
                Where::new()
                    .any_of(
                        Bal::Status,
                        Some(&[InvoiceStatus::Sent, InvoiceStatus::PartiallyPaid][..]),
                    )?
                    .eq(Bal::IsOpen, Some(&true))?
                    .eq(Bal::OrganizationId, organization.as_ref())?
                    .build(),
            )
            .order_by_with_nulls(Bal::DueDate, Order::Asc, NullOrdering::Last)
            .order_by(Bal::InvoiceId, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
