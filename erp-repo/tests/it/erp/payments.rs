//! Payments: CRUD, filters and pages, the amount and document-currency rules, and paying an expense.

use erp_model::{
    Currency, ExpenseInsertForm, ExpenseStatus, InvoiceInsertForm, Payment, PaymentDirection,
    PaymentInsertForm, PaymentMethod, PaymentStatus, PaymentUpdateForm,
};
use erp_repo::erp::{ExpensePayment, Expenses, Invoices, PaymentFilter, PaymentSort, Payments};
use erp_repo::{PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{assert_check, assert_invalid, assert_not_found, date, org};
use crate::people_orgs::{assert_visited_once_in_order, walk};
use crate::sessions_events::{assert_fk, person, round_trip};

#[tokio::test]
async fn payment_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let acme = org(pool, "Acme").await;
    let payer = person(pool, "Pat").await;
    let invoice = Invoices::insert(pool, &InvoiceInsertForm::new("INV-1", Currency::EUR))
        .await
        .unwrap();
    let form = PaymentInsertForm {
        method: Some(PaymentMethod::Stripe),
        paid_on: Some(date("2025-11-20")),
        reference: Some("ch_123".into()),
        invoice_id: Some(invoice.id),
        organization_id: Some(acme),
        person_id: Some(payer),
        ..PaymentInsertForm::new(PaymentDirection::Incoming, dec!(250.00), Currency::EUR)
    };
    let pay = Payments::insert(pool, &form).await.unwrap();
    assert_eq!(
        pay,
        Payment {
            id: pay.id,
            global_id: pay.global_id,
            direction: PaymentDirection::Incoming,
            status: PaymentStatus::Completed,
            method: Some(PaymentMethod::Stripe),
            amount: dec!(250.00),
            currency: Currency::EUR,
            paid_on: date("2025-11-20"),
            reference: Some("ch_123".into()),
            invoice_id: Some(invoice.id),
            expense_id: None,
            organization_id: Some(acme),
            person_id: Some(payer),
            notes: None,
            created_at: pay.created_at,
            updated_at: pay.updated_at,
        }
    );
    assert_check(
        Payments::insert(
            pool,
            &PaymentInsertForm::new(PaymentDirection::Outgoing, dec!(-5), Currency::EUR),
        )
        .await,
        "payments",
        "amount",
    );
    assert_fk(
        Payments::insert(
            pool,
            &PaymentInsertForm {
                expense_id: Some(erp_model::ExpenseId(999_999)),
                ..PaymentInsertForm::new(PaymentDirection::Outgoing, dec!(5), Currency::EUR)
            },
        )
        .await,
        "payments_expense_id_fkey",
    );
    let mut ids = vec![pay.id.0];
    for (i, day) in ["2025-11-01", "2025-11-05", "2025-12-01"]
        .iter()
        .enumerate()
    {
        let form = PaymentInsertForm {
            paid_on: Some(date(day)),
            status: Some(if i == 1 {
                PaymentStatus::Pending
            } else {
                PaymentStatus::Completed
            }),
            ..PaymentInsertForm::new(
                PaymentDirection::Outgoing,
                dec!(10) * Decimal::from(i as i64 + 1),
                Currency::USD,
            )
        };
        ids.push(Payments::insert(pool, &form).await.unwrap().id.0);
    }
    let list = async |filter: PaymentFilter| {
        Payments::list(
            pool,
            &filter,
            SortOrder::asc(PaymentSort::PaidOn),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.id.0)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        list(PaymentFilter {
            direction: Some(PaymentDirection::Outgoing),
            status: Some(vec![PaymentStatus::Completed]),
            ..Default::default()
        })
        .await,
        [ids[1], ids[3]]
    );
    assert_eq!(
        list(PaymentFilter {
            paid_from: Some(date("2025-11-02")),
            paid_to: Some(date("2025-11-30")),
            ..Default::default()
        })
        .await,
        [ids[2], ids[0]]
    );
    assert_eq!(
        list(PaymentFilter {
            currency: Some(Currency::USD),
            amount_from: Some(dec!(20)),
            ..Default::default()
        })
        .await,
        [ids[2], ids[3]]
    );
    for filter in [
        PaymentFilter {
            invoice_id: Some(invoice.id),
            ..Default::default()
        },
        PaymentFilter {
            organization_id: Some(acme),
            method: Some(vec![PaymentMethod::Stripe, PaymentMethod::Card]),
            ..Default::default()
        },
        PaymentFilter {
            person_id: Some(payer),
            reference: Some("ch_123".into()),
            ..Default::default()
        },
    ] {
        assert_eq!(list(filter).await, [pay.id.0]);
    }
    let seen = walk::<Payments>(
        pool,
        &PaymentFilter::default(),
        SortOrder::desc(PaymentSort::Amount),
        1,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &[ids[0], ids[3], ids[2], ids[1]]);
    round_trip::<Payments>(
        pool,
        pay.id,
        &pay,
        &PaymentUpdateForm {
            status: Some(PaymentStatus::Refunded),
            method: Some(None),
            ..Default::default()
        },
        |c| Payment {
            status: PaymentStatus::Refunded,
            method: None,
            updated_at: c.updated_at,
            ..pay.clone()
        },
        &PaymentFilter {
            invoice_id: Some(invoice.id),
            ..Default::default()
        },
        &PaymentUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn pay_expense_in_parts_until_paid() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let vendor = org(pool, "RailCo").await;
    let expense = Expenses::insert(
        pool,
        &ExpenseInsertForm {
            vendor_org_id: Some(vendor),
            status: Some(ExpenseStatus::Approved),
            ..ExpenseInsertForm::new("Train tickets", dec!(250.00), Currency::EUR)
        },
    )
    .await
    .unwrap();
    let (first, still) = Payments::pay_expense(
        &mut conn,
        expense.id,
        &ExpensePayment {
            paid_on: Some(date("2025-11-09")),
            ..ExpensePayment::new(dec!(100.00))
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (
            first.direction,
            first.currency,
            first.expense_id,
            first.organization_id,
            first.paid_on
        ),
        (
            PaymentDirection::Outgoing,
            Currency::EUR,
            Some(expense.id),
            Some(vendor),
            date("2025-11-09")
        )
    );
    assert_eq!(still.status, ExpenseStatus::Approved);
    assert_invalid(
        Payments::pay_expense(&mut conn, expense.id, &ExpensePayment::new(dec!(150.01))).await,
        "amount",
    );
    let (_, paid) =
        Payments::pay_expense(&mut conn, expense.id, &ExpensePayment::new(dec!(150.00)))
            .await
            .unwrap();
    assert_eq!(paid.status, ExpenseStatus::Paid);
    assert_invalid(
        Payments::pay_expense(&mut conn, expense.id, &ExpensePayment::new(dec!(0.01))).await,
        "amount",
    );
    // An expense with payments is not deleted.
    assert_fk(
        Expenses::delete(pool, expense.id).await,
        "payments_expense_id_fkey",
    );
    let rejected = Expenses::insert(
        pool,
        &ExpenseInsertForm {
            status: Some(ExpenseStatus::Rejected),
            ..ExpenseInsertForm::new("Gadget", dec!(80), Currency::EUR)
        },
    )
    .await
    .unwrap();
    assert_invalid(
        Payments::pay_expense(&mut conn, rejected.id, &ExpensePayment::new(dec!(80))).await,
        "status",
    );
    assert_not_found(
        Payments::pay_expense(
            &mut conn,
            erp_model::ExpenseId(999_999),
            &ExpensePayment::new(dec!(1)),
        )
        .await,
        "erp.expenses",
    );
}
