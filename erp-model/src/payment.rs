//! Rows and forms of `erp.payments`: money in and out: customer receipts and outgoing payments.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    Currency, ExpenseId, InvoiceId, OrganizationId, PaymentDirection, PaymentId, PaymentMethod,
    PaymentStatus, PersonId,
};

/// A row of `erp.payments`: one movement of money, incoming (a customer's receipt) or outgoing (Coda's outgoing payments).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Payment {
    /// Database id of the payment.
    pub id: PaymentId,
    /// Stable global id of the payment, for references from outside this database.
    pub global_id: Uuid,
    /// Incoming or outgoing; an outgoing payment against an invoice is a refund.
    pub direction: PaymentDirection,
    /// Whether the money moved (default `Completed`); only completed payments count in the views.
    pub status: PaymentStatus,
    /// How it was paid.
    pub method: Option<PaymentMethod>,
    /// Amount; more than zero.
    pub amount: Decimal,
    /// Currency of `amount`; the invoice's or expense's currency when one is linked.
    pub currency: Currency,
    /// Day the money moved (default: today).
    pub paid_on: NaiveDate,
    /// Bank or processor reference.
    pub reference: Option<String>,
    /// Invoice paid (or refunded); the invoice cannot be deleted while payments point to it.
    pub invoice_id: Option<InvoiceId>,
    /// Expense paid; the expense cannot be deleted while payments point to it.
    pub expense_id: Option<ExpenseId>,
    /// Payer or payee organization; cleared if it is deleted.
    pub organization_id: Option<OrganizationId>,
    /// Payer or payee person; cleared if that person is deleted.
    pub person_id: Option<PersonId>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.payments`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentInsertForm {
    /// Incoming or outgoing; an outgoing payment against an invoice is a refund.
    pub direction: PaymentDirection,
    /// Whether the money moved (default `Completed`); only completed payments count in the views.
    pub status: Option<PaymentStatus>,
    /// How it was paid.
    pub method: Option<PaymentMethod>,
    /// Amount; more than zero.
    pub amount: Decimal,
    /// Currency of `amount`; the invoice's or expense's currency when one is linked.
    pub currency: Currency,
    /// Day the money moved (default: today).
    pub paid_on: Option<NaiveDate>,
    /// Bank or processor reference.
    pub reference: Option<String>,
    /// Invoice paid (or refunded); the invoice cannot be deleted while payments point to it.
    pub invoice_id: Option<InvoiceId>,
    /// Expense paid; the expense cannot be deleted while payments point to it.
    pub expense_id: Option<ExpenseId>,
    /// Payer or payee organization; cleared if it is deleted.
    pub organization_id: Option<OrganizationId>,
    /// Payer or payee person; cleared if that person is deleted.
    pub person_id: Option<PersonId>,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl PaymentInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(direction: PaymentDirection, amount: Decimal, currency: Currency) -> Self {
        Self {
            direction,
            status: None,
            method: None,
            amount,
            currency,
            paid_on: None,
            reference: None,
            invoice_id: None,
            expense_id: None,
            organization_id: None,
            person_id: None,
            notes: None,
        }
    }
}

/// Changes to a row of `erp.payments`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentUpdateForm {
    /// Incoming or outgoing; an outgoing payment against an invoice is a refund.
    pub direction: Option<PaymentDirection>,
    /// Whether the money moved (default `Completed`); only completed payments count in the views.
    pub status: Option<PaymentStatus>,
    /// How it was paid.
    #[serde(with = "::serde_with::rust::double_option")]
    pub method: Option<Option<PaymentMethod>>,
    /// Amount; more than zero.
    pub amount: Option<Decimal>,
    /// Currency of `amount`; the invoice's or expense's currency when one is linked.
    pub currency: Option<Currency>,
    /// Day the money moved (default: today).
    pub paid_on: Option<NaiveDate>,
    /// Bank or processor reference.
    #[serde(with = "::serde_with::rust::double_option")]
    pub reference: Option<Option<String>>,
    /// Invoice paid (or refunded); the invoice cannot be deleted while payments point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub invoice_id: Option<Option<InvoiceId>>,
    /// Expense paid; the expense cannot be deleted while payments point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub expense_id: Option<Option<ExpenseId>>,
    /// Payer or payee organization; cleared if it is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub organization_id: Option<Option<OrganizationId>>,
    /// Payer or payee person; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub person_id: Option<Option<PersonId>>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
}

impl PaymentUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
