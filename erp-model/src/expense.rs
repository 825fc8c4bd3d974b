//! Rows and forms of `erp.expenses`: cost tracking (Invoice Ninja expenses, Akaunting bills).

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    Currency, EngagementId, ExpenseCategory, ExpenseId, ExpenseStatus, InvoiceId, OrganizationId,
    PersonId, ProjectId,
};

/// A row of `erp.expenses`: a cost the business incurred, possibly re-billed on a client invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Expense {
    /// Database id of the expense.
    pub id: ExpenseId,
    /// Stable global id of the expense, for references from outside this database.
    pub global_id: Uuid,
    /// What was bought.
    pub description: String,
    /// Kind of cost (default `Other`).
    pub category: ExpenseCategory,
    /// Lifecycle of the expense (default `Logged`).
    pub status: ExpenseStatus,
    /// Day the cost was incurred (default: today).
    pub expense_date: NaiveDate,
    /// Amount; not negative.
    pub amount: Decimal,
    /// Currency of `amount`; payments of the expense are in the same currency.
    pub currency: Currency,
    /// Whether the cost is to be passed on to a client (default false).
    pub is_billable: bool,
    /// Vendor paid; cleared if the organization is deleted.
    pub vendor_org_id: Option<OrganizationId>,
    /// Person who incurred the cost; cleared if that person is deleted.
    pub person_id: Option<PersonId>,
    /// Project the cost belongs to; cleared if the project is deleted.
    pub project_id: Option<ProjectId>,
    /// Engagement the cost belongs to; cleared if the engagement is deleted.
    pub engagement_id: Option<EngagementId>,
    /// Invoice the cost was re-billed on; cleared if the invoice is deleted.
    pub rebilled_invoice_id: Option<InvoiceId>,
    /// Where the receipt is stored.
    pub receipt_url: Option<String>,
    /// Free-form notes.
    pub notes: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.expenses`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpenseInsertForm {
    /// What was bought.
    pub description: String,
    /// Kind of cost (default `Other`).
    pub category: Option<ExpenseCategory>,
    /// Lifecycle of the expense (default `Logged`).
    pub status: Option<ExpenseStatus>,
    /// Day the cost was incurred (default: today).
    pub expense_date: Option<NaiveDate>,
    /// Amount; not negative.
    pub amount: Decimal,
    /// Currency of `amount`; payments of the expense are in the same currency.
    pub currency: Currency,
    /// Whether the cost is to be passed on to a client (default false).
    pub is_billable: Option<bool>,
    /// Vendor paid; cleared if the organization is deleted.
    pub vendor_org_id: Option<OrganizationId>,
    /// Person who incurred the cost; cleared if that person is deleted.
    pub person_id: Option<PersonId>,
    /// Project the cost belongs to; cleared if the project is deleted.
    pub project_id: Option<ProjectId>,
    /// Engagement the cost belongs to; cleared if the engagement is deleted.
    pub engagement_id: Option<EngagementId>,
    /// Invoice the cost was re-billed on; cleared if the invoice is deleted.
    pub rebilled_invoice_id: Option<InvoiceId>,
    /// Where the receipt is stored.
    pub receipt_url: Option<String>,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl ExpenseInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(description: impl Into<String>, amount: Decimal, currency: Currency) -> Self {
        Self {
            description: description.into(),
            category: None,
            status: None,
            expense_date: None,
            amount,
            currency,
            is_billable: None,
            vendor_org_id: None,
            person_id: None,
            project_id: None,
            engagement_id: None,
            rebilled_invoice_id: None,
            receipt_url: None,
            notes: None,
        }
    }
}

/// Changes to a row of `erp.expenses`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpenseUpdateForm {
    /// What was bought.
    pub description: Option<String>,
    /// Kind of cost (default `Other`).
    pub category: Option<ExpenseCategory>,
    /// Lifecycle of the expense (default `Logged`).
    pub status: Option<ExpenseStatus>,
    /// Day the cost was incurred (default: today).
    pub expense_date: Option<NaiveDate>,
    /// Amount; not negative.
    pub amount: Option<Decimal>,
    /// Currency of `amount`; payments of the expense are in the same currency.
    pub currency: Option<Currency>,
    /// Whether the cost is to be passed on to a client (default false).
    pub is_billable: Option<bool>,
    /// Vendor paid; cleared if the organization is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub vendor_org_id: Option<Option<OrganizationId>>,
    /// Person who incurred the cost; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub person_id: Option<Option<PersonId>>,
    /// Project the cost belongs to; cleared if the project is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub project_id: Option<Option<ProjectId>>,
    /// Engagement the cost belongs to; cleared if the engagement is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub engagement_id: Option<Option<EngagementId>>,
    /// Invoice the cost was re-billed on; cleared if the invoice is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub rebilled_invoice_id: Option<Option<InvoiceId>>,
    /// Where the receipt is stored.
    #[serde(with = "::serde_with::rust::double_option")]
    pub receipt_url: Option<Option<String>>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
}

impl ExpenseUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
