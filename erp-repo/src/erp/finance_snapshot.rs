//! The view `erp.finance_snapshot` (Coda's Finance Snapshot): per month and currency, what was invoiced,
//! the cash in and out, expenses, open receivables at the month's end and the net cash flow.

use chrono::{Datelike, NaiveDate};
use erp_model::{Currency, FinanceSnapshotRow};
use sea_query::{Asterisk, Expr, ExprTrait, IdenStatic, Order, Query, SelectStatement};
use sqlx::PgExecutor;

use crate::crud::{self, field};
use crate::schema::Table as _;
use crate::schema::erp::FinanceSnapshot as Col;
use crate::{Error, Result};

/// The view `erp.finance_snapshot`; only months with an invoice, payment or expense have rows.
#[derive(Debug, Clone, Copy, Default)]
pub struct FinanceSnapshot;

/// The first day of `day`'s month.
fn month_of(day: NaiveDate) -> NaiveDate {
    // Day 1 exists in every month, so with_day(1) never fails; the fallback is unreachable.
    day.with_day(1).unwrap_or(day)
}

/// The months from `from`'s to `to`'s (both included), refusing a range that ends before it starts.
fn months_between(from: NaiveDate, to: NaiveDate) -> Result<SelectStatement> {
    if to < from {
        return Err(Error::invalid(
            "to",
            format!("the range ends ({to}) before it starts ({from})"),
        ));
    }
    Ok(Query::select()
        .column(Asterisk)
        .from(Col::table())
        .and_where(Expr::col(Col::Month).gte(field(Col::Month.as_str(), &month_of(from))?))
        .and_where(Expr::col(Col::Month).lte(field(Col::Month.as_str(), &month_of(to))?))
        .order_by(Col::Month, Order::Asc)
        .order_by(Col::Currency, Order::Asc)
        .to_owned())
}

impl FinanceSnapshot {
    /// Every currency's figures for each month from `from`'s month to `to`'s (both included), by month
    /// then currency. [`Error::InvalidInput`] on `to` when `to` is before `from`.
    pub async fn months<'e>(
        exec: impl PgExecutor<'e>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<FinanceSnapshotRow>> {
        crud::fetch_all(exec, &months_between(from, to)?).await
    }

    /// One currency's figures for each month from `from`'s month to `to`'s, by month; the currency
    /// filter reaches the underlying tables, so this reads only that currency's rows.
    pub async fn months_in<'e>(
        exec: impl PgExecutor<'e>,
        currency: Currency,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<FinanceSnapshotRow>> {
        let stmt = months_between(from, to)?
            .and_where(Expr::col(Col::Currency).eq(field(Col::Currency.as_str(), &currency)?))
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// Every currency's figures for the month containing `day`, by currency.
    pub async fn month<'e>(
        exec: impl PgExecutor<'e>,
        day: NaiveDate,
    ) -> Result<Vec<FinanceSnapshotRow>> {
        Self::months(exec, day, day).await
    }
}
