//! The repositories of the rest of the Coda doc (migration 0006): a CRUD round trip per table, filters
//! and pages, labels against the database's CHECKs, the domain operations, the computed views, and
//! the story of a month of business.

mod assets_ideas;
mod deals;
mod expenses;
mod fixes;
mod icp;
mod invoices;
mod knowledge;
mod kpis;
mod labels;
mod payments;
mod story;
mod strategy;
mod touchpoints;

use std::fmt::Debug;

use chrono::{DateTime, NaiveDate, Utc};
use erp_model::{OrganizationId, OrganizationInsertForm};
use erp_repo::Error;
use erp_repo::erp::Organizations;
use sqlx::PgPool;

/// A day, from `YYYY-MM-DD`.
pub(crate) fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// An instant, from RFC 3339.
pub(crate) fn ts(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A row of `erp.organizations`.
pub(crate) async fn org(pool: &PgPool, name: &str) -> OrganizationId {
    Organizations::insert(pool, &OrganizationInsertForm::new(name))
        .await
        .unwrap()
        .id
}

/// Asserts a call was refused before reaching the database, naming `field`.
pub(crate) fn assert_invalid(result: Result<impl Debug, Error>, field: &str) {
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field: f, .. } if f == field),
        "expected invalid input on {field}: {err}"
    );
}

/// Asserts a repository call broke the CHECK on `column` of `erp.<table>`.
pub(crate) fn assert_check(result: Result<impl Debug, Error>, table: &str, column: &str) {
    let err = result.unwrap_err();
    let qualified = format!("erp.{table}");
    assert!(
        matches!(&err, Error::CheckViolation { table: t, column: Some(c), .. } if *t == qualified && c == column),
        "expected a check violation on {table}.{column}: {err}"
    );
}

/// Asserts a lookup failed with NotFound naming `table`.
pub(crate) fn assert_not_found(result: Result<impl Debug, Error>, table: &str) {
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { table: t, .. } if *t == table),
        "expected not found in {table}: {err}"
    );
}
