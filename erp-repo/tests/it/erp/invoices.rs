//! Invoices: CRUD, filters and pages, the date, amount and currency checks, sending, recording payments
//! (status follows the balance, no overpayment), settling after a refund, and the balance view with its
//! overdue rule.

use erp_model::{
    Currency, EngagementInsertForm, Invoice, InvoiceBalanceRow, InvoiceInsertForm, InvoiceStatus,
    InvoiceUpdateForm, PaymentDirection, PaymentInsertForm, PaymentMethod, PaymentStatus,
    ProjectInsertForm,
};
use erp_repo::erp::{
    Engagements, InvoiceBalances, InvoiceFilter, InvoicePayment, InvoiceSort, Invoices, Payments,
    Projects,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::{assert_check, assert_invalid, assert_not_found, date, org};
use crate::people_orgs::{assert_visited_once_in_order, walk};
use crate::sessions_events::{assert_fk, round_trip};

fn sent(number: &str, subtotal: Decimal, issued: &str, due: &str) -> InvoiceInsertForm {
    InvoiceInsertForm {
        status: Some(InvoiceStatus::Sent),
        subtotal: Some(subtotal),
        issue_date: Some(date(issued)),
        due_date: Some(date(due)),
        ..InvoiceInsertForm::new(number, Currency::EUR)
    }
}

#[tokio::test]
async fn invoice_crud_filters_checks_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let acme = org(pool, "Acme").await;
    let engagement = Engagements::insert(pool, &EngagementInsertForm::new("Acme"))
        .await
        .unwrap();
    let project = Projects::insert(pool, &ProjectInsertForm::new("Acme site"))
        .await
        .unwrap();
    let form = InvoiceInsertForm {
        organization_id: Some(acme),
        engagement_id: Some(engagement.id),
        project_id: Some(project.id),
        issue_date: Some(date("2025-11-10")),
        due_date: Some(date("2025-11-24")),
        subtotal: Some(dec!(4800.00)),
        tax_amount: Some(dec!(960.00)),
        document_url: Some("https://docs.example/inv-1.pdf".into()),
        ..InvoiceInsertForm::new("INV-2025-001", Currency::EUR)
    };
    let inv = Invoices::insert(pool, &form).await.unwrap();
    assert_eq!(
        inv,
        Invoice {
            id: inv.id,
            global_id: inv.global_id,
            invoice_number: "INV-2025-001".into(),
            organization_id: Some(acme),
            engagement_id: Some(engagement.id),
            project_id: Some(project.id),
            status: InvoiceStatus::Draft,
            issue_date: date("2025-11-10"),
            due_date: Some(date("2025-11-24")),
            currency: Currency::EUR,
            subtotal: dec!(4800.00),
            tax_amount: dec!(960.00),
            total_amount: dec!(5760.00),
            document_url: Some("https://docs.example/inv-1.pdf".into()),
            notes: None,
            created_at: inv.created_at,
            updated_at: inv.updated_at,
        }
    );
    let dup = Invoices::insert(pool, &InvoiceInsertForm::new("INV-2025-001", Currency::EUR)).await;
    assert!(
        matches!(&dup, Err(Error::UniqueViolation { constraint, .. }) if constraint == "invoices_invoice_number_key"),
        "{dup:?}"
    );
    assert_check(
        Invoices::update(
            pool,
            inv.id,
            &InvoiceUpdateForm {
                due_date: Some(Some(date("2025-11-01"))),
                ..Default::default()
            },
        )
        .await,
        "invoices",
        "due_date",
    );
    assert_check(
        Invoices::update(
            pool,
            inv.id,
            &InvoiceUpdateForm {
                tax_amount: Some(dec!(-0.01)),
                ..Default::default()
            },
        )
        .await,
        "invoices",
        "tax_amount",
    );
    assert_fk(
        Invoices::insert(
            pool,
            &InvoiceInsertForm {
                project_id: Some(erp_model::ProjectId(999_999)),
                ..InvoiceInsertForm::new("INV-X", Currency::EUR)
            },
        )
        .await,
        "invoices_project_id_fkey",
    );
    // RESTRICT: a client with invoices is not deleted.
    assert_fk(
        erp_repo::erp::Organizations::delete(pool, acme).await,
        "invoices_organization_id_fkey",
    );

    let mut ids = vec![inv.id.0];
    for (i, day) in ["2025-10-01", "2025-10-15", "2025-11-01", "2025-12-01"]
        .iter()
        .enumerate()
    {
        let form = InvoiceInsertForm {
            currency: if i == 3 { Currency::USD } else { Currency::EUR },
            ..sent(
                &format!("INV-2025-1{i}"),
                dec!(100) * Decimal::from(i as i64 + 1),
                day,
                day,
            )
        };
        ids.push(Invoices::insert(pool, &form).await.unwrap().id.0);
    }
    let numbers = async |filter: InvoiceFilter| {
        Invoices::list(
            pool,
            &filter,
            SortOrder::asc(InvoiceSort::IssueDate),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|i| i.invoice_number)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        numbers(InvoiceFilter {
            issued_from: Some(date("2025-10-10")),
            issued_to: Some(date("2025-11-30")),
            currency: Some(Currency::EUR),
            ..Default::default()
        })
        .await,
        ["INV-2025-11", "INV-2025-12", "INV-2025-001"]
    );
    assert_eq!(
        numbers(InvoiceFilter {
            status: Some(vec![InvoiceStatus::Draft]),
            ..Default::default()
        })
        .await,
        ["INV-2025-001"]
    );
    assert_eq!(
        numbers(InvoiceFilter {
            total_from: Some(dec!(200)),
            total_to: Some(dec!(300)),
            ..Default::default()
        })
        .await,
        ["INV-2025-11", "INV-2025-12"]
    );
    assert_eq!(
        numbers(InvoiceFilter {
            due_to: Some(date("2025-10-31")),
            number_contains: Some("-1".into()),
            ..Default::default()
        })
        .await,
        ["INV-2025-10", "INV-2025-11"]
    );
    for filter in [
        InvoiceFilter {
            organization_id: Some(acme),
            ..Default::default()
        },
        InvoiceFilter {
            engagement_id: Some(engagement.id),
            ..Default::default()
        },
        InvoiceFilter {
            project_id: Some(project.id),
            ..Default::default()
        },
    ] {
        assert_eq!(numbers(filter).await, ["INV-2025-001"]);
    }
    let seen = walk::<Invoices>(
        pool,
        &InvoiceFilter::default(),
        SortOrder::desc(InvoiceSort::TotalAmount),
        2,
        async || {},
    )
    .await;
    // Totals: 5760, 100, 200, 300, 400.
    assert_visited_once_in_order(&seen, &[ids[0], ids[4], ids[3], ids[2], ids[1]]);

    round_trip::<Invoices>(
        pool,
        inv.id,
        &inv,
        &InvoiceUpdateForm {
            tax_amount: Some(dec!(0)),
            notes: Some(Some("reverse charge".into())),
            ..Default::default()
        },
        |c| Invoice {
            tax_amount: dec!(0),
            total_amount: dec!(4800.00),
            notes: Some("reverse charge".into()),
            updated_at: c.updated_at,
            ..inv.clone()
        },
        &InvoiceFilter {
            engagement_id: Some(engagement.id),
            ..Default::default()
        },
        &InvoiceUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn send_pay_settle_and_balances() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let acme = org(pool, "Acme").await;
    let draft = Invoices::insert(
        pool,
        &InvoiceInsertForm {
            organization_id: Some(acme),
            subtotal: Some(dec!(1000.00)),
            tax_amount: Some(dec!(200.00)),
            issue_date: Some(date("2025-11-01")),
            due_date: Some(date("2025-11-15")),
            ..InvoiceInsertForm::new("INV-1", Currency::EUR)
        },
    )
    .await
    .unwrap();
    // A draft is neither paid nor open.
    assert_invalid(
        Invoices::record_payment(&mut conn, draft.id, &InvoicePayment::new(dec!(10))).await,
        "status",
    );
    let balance = InvoiceBalances::of(pool, draft.id).await.unwrap();
    assert_eq!(
        balance,
        InvoiceBalanceRow {
            invoice_id: draft.id,
            invoice_number: "INV-1".into(),
            organization_id: Some(acme),
            engagement_id: None,
            project_id: None,
            status: InvoiceStatus::Draft,
            currency: Currency::EUR,
            issue_date: date("2025-11-01"),
            due_date: Some(date("2025-11-15")),
            total_amount: dec!(1200.00),
            amount_paid: dec!(0),
            balance_due: dec!(1200.00),
            is_open: false,
            overdue_today: false,
        }
    );
    let sent = Invoices::send(&mut conn, draft.id, Some(date("2025-11-02")))
        .await
        .unwrap();
    assert_eq!(
        (sent.status, sent.issue_date),
        (InvoiceStatus::Sent, date("2025-11-02"))
    );
    assert_invalid(Invoices::send(&mut conn, draft.id, None).await, "status");
    assert_not_found(
        Invoices::send(&mut conn, erp_model::InvoiceId(999_999), None).await,
        "erp.invoices",
    );

    let payment = InvoicePayment {
        paid_on: Some(date("2025-11-20")),
        method: Some(PaymentMethod::BankTransfer),
        reference: Some("SEPA-1".into()),
        ..InvoicePayment::new(dec!(700.00))
    };
    let (paid, after) = Invoices::record_payment(&mut conn, draft.id, &payment)
        .await
        .unwrap();
    assert_eq!(
        (
            paid.direction,
            paid.status,
            paid.currency,
            paid.invoice_id,
            paid.organization_id
        ),
        (
            PaymentDirection::Incoming,
            PaymentStatus::Completed,
            Currency::EUR,
            Some(draft.id),
            Some(acme)
        )
    );
    assert_eq!(
        (
            after.status,
            after.amount_paid,
            after.balance_due,
            after.is_open
        ),
        (
            InvoiceStatus::PartiallyPaid,
            dec!(700.00),
            dec!(500.00),
            true
        )
    );
    // No silent overpayment; the refused payment writes nothing.
    assert_invalid(
        Invoices::record_payment(&mut conn, draft.id, &InvoicePayment::new(dec!(500.01))).await,
        "amount",
    );
    // Zero is the database's CHECK (amount > 0).
    assert_check(
        Invoices::record_payment(&mut conn, draft.id, &InvoicePayment::new(dec!(0))).await,
        "payments",
        "amount",
    );
    assert_eq!(
        Invoices::payments(pool, draft.id).await.unwrap(),
        vec![paid.clone()]
    );

    // Overdue: open and due before the day, not on it.
    let overdue = |day| InvoiceBalances::overdue_on(pool, date(day));
    assert!(overdue("2025-11-15").await.unwrap().is_empty());
    let late = overdue("2025-11-16").await.unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(
        (late[0].invoice_id, late[0].balance_due),
        (draft.id, dec!(500.00))
    );
    assert!(late[0].is_overdue_on(date("2025-11-16")));
    assert_eq!(late[0].days_overdue_on(date("2025-12-01")), Some(16));
    assert_eq!(
        InvoiceBalances::open(pool, Some(acme))
            .await
            .unwrap()
            .iter()
            .map(|b| b.invoice_id)
            .collect::<Vec<_>>(),
        [draft.id]
    );

    let (_, settled) =
        Invoices::record_payment(&mut conn, draft.id, &InvoicePayment::new(dec!(500.00)))
            .await
            .unwrap();
    assert_eq!(
        (settled.status, settled.balance_due, settled.is_open),
        (InvoiceStatus::Paid, dec!(0.00), false)
    );
    assert!(overdue("2026-01-01").await.unwrap().is_empty());
    assert_invalid(
        Invoices::record_payment(&mut conn, draft.id, &InvoicePayment::new(dec!(1))).await,
        "amount",
    );

    // A refund (an outgoing payment against the invoice) reopens it; settle brings the status back.
    Payments::insert(
        pool,
        &PaymentInsertForm {
            invoice_id: Some(draft.id),
            ..PaymentInsertForm::new(PaymentDirection::Outgoing, dec!(200.00), Currency::EUR)
        },
    )
    .await
    .unwrap();
    let reopened = InvoiceBalances::of(pool, draft.id).await.unwrap();
    assert_eq!(
        (reopened.amount_paid, reopened.balance_due),
        (dec!(1000.00), dec!(200.00))
    );
    // Paid is not an open status until settled.
    assert!(!reopened.is_open);
    let settled = Invoices::settle(&mut conn, draft.id).await.unwrap();
    assert_eq!(settled.status, InvoiceStatus::PartiallyPaid);
    assert_eq!(overdue("2026-01-01").await.unwrap().len(), 1);

    // A payment is in its invoice's currency (composite FK), and the invoice cannot go while paid.
    assert_fk(
        Payments::insert(
            pool,
            &PaymentInsertForm {
                invoice_id: Some(draft.id),
                ..PaymentInsertForm::new(PaymentDirection::Incoming, dec!(1), Currency::USD)
            },
        )
        .await,
        "payments_invoice_id_fkey",
    );
    assert_fk(
        Invoices::delete(pool, draft.id).await,
        "payments_invoice_id_fkey",
    );
    assert_not_found(
        InvoiceBalances::of(pool, erp_model::InvoiceId(999_999)).await,
        "erp.invoices",
    );

    // A cancelled invoice is neither paid nor overdue.
    let cancelled = Invoices::insert(
        pool,
        &InvoiceInsertForm {
            status: Some(InvoiceStatus::Cancelled),
            subtotal: Some(dec!(50)),
            issue_date: Some(date("2025-10-01")),
            due_date: Some(date("2025-10-02")),
            ..InvoiceInsertForm::new("INV-2", Currency::EUR)
        },
    )
    .await
    .unwrap();
    assert_invalid(
        Invoices::record_payment(&mut conn, cancelled.id, &InvoicePayment::new(dec!(10))).await,
        "status",
    );
    assert!(
        overdue("2026-01-01")
            .await
            .unwrap()
            .iter()
            .all(|b| b.invoice_id != cancelled.id)
    );
}
