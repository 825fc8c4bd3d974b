//! Rows and forms of `erp.invoices`: customer billing (Invoice Ninja invoices, Dolibarr factures).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Currency, EngagementId, InvoiceId, InvoiceStatus, OrganizationId, ProjectId};

/// A row of `erp.invoices`: a bill sent to a client; its balance and whether it is overdue are derived (`erp.invoice_balances`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Invoice {
    /// Database id of the invoice.
    pub id: InvoiceId,
    /// Stable global id of the invoice, for references from outside this database.
    pub global_id: Uuid,
    /// Invoice number as printed; unique.
    pub invoice_number: String,
    /// Billed organization; it cannot be deleted while invoices point to it.
    pub organization_id: Option<OrganizationId>,
    /// Engagement billed; cleared if the engagement is deleted.
    pub engagement_id: Option<EngagementId>,
    /// Project billed; cleared if the project is deleted.
    pub project_id: Option<ProjectId>,
    /// Lifecycle as the business sets it (default `Draft`).
    pub status: InvoiceStatus,
    /// Day of issue (default: today).
    pub issue_date: NaiveDate,
    /// Day payment is due; not before `issue_date`.
    pub due_date: Option<NaiveDate>,
    /// Currency of the invoice; its payments are in the same currency.
    pub currency: Currency,
    /// Net amount after discounts (default 0); not negative.
    pub subtotal: Decimal,
    /// Tax on the subtotal (default 0); not negative.
    pub tax_amount: Decimal,
    /// Computed by the database: `subtotal + tax_amount`.
    pub total_amount: Decimal,
    /// Where the invoice document is stored.
    pub document_url: Option<String>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.invoices`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoiceInsertForm {
    /// Invoice number as printed; unique.
    pub invoice_number: String,
    /// Billed organization; it cannot be deleted while invoices point to it.
    pub organization_id: Option<OrganizationId>,
    /// Engagement billed; cleared if the engagement is deleted.
    pub engagement_id: Option<EngagementId>,
    /// Project billed; cleared if the project is deleted.
    pub project_id: Option<ProjectId>,
    /// Lifecycle as the business sets it (default `Draft`).
    pub status: Option<InvoiceStatus>,
    /// Day of issue (default: today).
    pub issue_date: Option<NaiveDate>,
    /// Day payment is due; not before `issue_date`.
    pub due_date: Option<NaiveDate>,
    /// Currency of the invoice; its payments are in the same currency.
    pub currency: Currency,
    /// Net amount after discounts (default 0); not negative.
    pub subtotal: Option<Decimal>,
    /// Tax on the subtotal (default 0); not negative.
    pub tax_amount: Option<Decimal>,
    /// Where the invoice document is stored.
    pub document_url: Option<String>,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl InvoiceInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(invoice_number: impl Into<String>, currency: Currency) -> Self {
        Self {
            invoice_number: invoice_number.into(),
            organization_id: None,
            engagement_id: None,
            project_id: None,
            status: None,
            issue_date: None,
            due_date: None,
            currency,
            subtotal: None,
            tax_amount: None,
            document_url: None,
            notes: None,
        }
    }
}

/// Changes to a row of `erp.invoices`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceUpdateForm {
    /// Invoice number as printed; unique.
    pub invoice_number: Option<String>,
    /// Billed organization; it cannot be deleted while invoices point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub organization_id: Option<Option<OrganizationId>>,
    /// Engagement billed; cleared if the engagement is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub engagement_id: Option<Option<EngagementId>>,
    /// Project billed; cleared if the project is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub project_id: Option<Option<ProjectId>>,
    /// Lifecycle as the business sets it (default `Draft`).
    pub status: Option<InvoiceStatus>,
    /// Day of issue (default: today).
    pub issue_date: Option<NaiveDate>,
    /// Day payment is due; not before `issue_date`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub due_date: Option<Option<NaiveDate>>,
    /// Currency of the invoice; its payments are in the same currency.
    pub currency: Option<Currency>,
    /// Net amount after discounts (default 0); not negative.
    pub subtotal: Option<Decimal>,
    /// Tax on the subtotal (default 0); not negative.
    pub tax_amount: Option<Decimal>,
    /// Where the invoice document is stored.
    #[serde(with = "::serde_with::rust::double_option")]
    pub document_url: Option<Option<String>>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
}

impl InvoiceUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
