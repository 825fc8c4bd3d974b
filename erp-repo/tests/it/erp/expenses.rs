//! Expenses: CRUD, filters and pages, re-billing on a draft invoice (with every refusal), and what is
//! still unbilled.

use erp_model::{
    Currency, EngagementInsertForm, Expense, ExpenseCategory, ExpenseInsertForm, ExpenseStatus,
    ExpenseUpdateForm, InvoiceInsertForm, InvoiceStatus, ProjectInsertForm,
};
use erp_repo::erp::{
    Engagements, ExpenseFilter, ExpenseSort, Expenses, InvoiceBalances, Invoices, Projects,
};
use erp_repo::{PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use super::{assert_check, assert_invalid, date, org};
use crate::people_orgs::{assert_visited_once_in_order, walk};
use crate::sessions_events::{person, round_trip};

#[tokio::test]
async fn expense_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let vendor = org(pool, "RailCo").await;
    let who = person(pool, "Ana").await;
    let project = Projects::insert(pool, &ProjectInsertForm::new("Acme site"))
        .await
        .unwrap();
    let engagement = Engagements::insert(pool, &EngagementInsertForm::new("Acme"))
        .await
        .unwrap();
    let form = ExpenseInsertForm {
        category: Some(ExpenseCategory::Travel),
        expense_date: Some(date("2025-11-08")),
        is_billable: Some(true),
        vendor_org_id: Some(vendor),
        person_id: Some(who),
        project_id: Some(project.id),
        engagement_id: Some(engagement.id),
        receipt_url: Some("https://r.example/1".into()),
        ..ExpenseInsertForm::new("Train to Acme", dec!(250.00), Currency::EUR)
    };
    let exp = Expenses::insert(pool, &form).await.unwrap();
    assert_eq!(
        exp,
        Expense {
            id: exp.id,
            global_id: exp.global_id,
            description: "Train to Acme".into(),
            category: ExpenseCategory::Travel,
            status: ExpenseStatus::Logged,
            expense_date: date("2025-11-08"),
            amount: dec!(250.00),
            currency: Currency::EUR,
            is_billable: true,
            vendor_org_id: Some(vendor),
            person_id: Some(who),
            project_id: Some(project.id),
            engagement_id: Some(engagement.id),
            rebilled_invoice_id: None,
            receipt_url: Some("https://r.example/1".into()),
            notes: None,
            created_at: exp.created_at,
            updated_at: exp.updated_at,
        }
    );
    assert_check(
        Expenses::insert(
            pool,
            &ExpenseInsertForm::new("refund?", dec!(-1), Currency::EUR),
        )
        .await,
        "expenses",
        "amount",
    );
    let mut ids = vec![exp.id.0];
    for (i, (category, day)) in [
        (ExpenseCategory::Software, "2025-11-01"),
        (ExpenseCategory::ProfessionalServices, "2025-11-15"),
        (ExpenseCategory::Software, "2025-12-01"),
    ]
    .into_iter()
    .enumerate()
    {
        let form = ExpenseInsertForm {
            category: Some(category),
            expense_date: Some(date(day)),
            status: Some(if i == 2 {
                ExpenseStatus::Rejected
            } else {
                ExpenseStatus::Approved
            }),
            ..ExpenseInsertForm::new(format!("Cost {i}"), dec!(40), Currency::EUR)
        };
        ids.push(Expenses::insert(pool, &form).await.unwrap().id.0);
    }
    let list = async |filter: ExpenseFilter| {
        Expenses::list(
            pool,
            &filter,
            SortOrder::asc(ExpenseSort::ExpenseDate),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.id.0)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        list(ExpenseFilter {
            category: Some(vec![ExpenseCategory::Software]),
            status: Some(vec![ExpenseStatus::Approved]),
            ..Default::default()
        })
        .await,
        [ids[1]]
    );
    assert_eq!(
        list(ExpenseFilter {
            date_from: Some(date("2025-11-05")),
            date_to: Some(date("2025-11-30")),
            ..Default::default()
        })
        .await,
        [ids[0], ids[2]]
    );
    assert_eq!(
        list(ExpenseFilter {
            rebilled: Some(false),
            is_billable: Some(false),
            amount_to: Some(dec!(40)),
            ..Default::default()
        })
        .await,
        [ids[1], ids[2], ids[3]]
    );
    for filter in [
        ExpenseFilter {
            vendor_org_id: Some(vendor),
            ..Default::default()
        },
        ExpenseFilter {
            person_id: Some(who),
            currency: Some(Currency::EUR),
            ..Default::default()
        },
        ExpenseFilter {
            project_id: Some(project.id),
            ..Default::default()
        },
        ExpenseFilter {
            engagement_id: Some(engagement.id),
            description_contains: Some("train".into()),
            ..Default::default()
        },
    ] {
        assert_eq!(list(filter).await, [exp.id.0]);
    }
    let seen = walk::<Expenses>(
        pool,
        &ExpenseFilter::default(),
        SortOrder::desc(ExpenseSort::ExpenseDate),
        2,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &[ids[3], ids[2], ids[0], ids[1]]);
    round_trip::<Expenses>(
        pool,
        exp.id,
        &exp,
        &ExpenseUpdateForm {
            status: Some(ExpenseStatus::Approved),
            receipt_url: Some(None),
            ..Default::default()
        },
        |c| Expense {
            status: ExpenseStatus::Approved,
            receipt_url: None,
            updated_at: c.updated_at,
            ..exp.clone()
        },
        &ExpenseFilter {
            vendor_org_id: Some(vendor),
            ..Default::default()
        },
        &ExpenseUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn rebill_adds_to_a_draft_invoice_once() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let engagement = Engagements::insert(pool, &EngagementInsertForm::new("Acme"))
        .await
        .unwrap();
    let billable = |desc: &str, currency| ExpenseInsertForm {
        is_billable: Some(true),
        engagement_id: Some(engagement.id),
        expense_date: Some(date("2025-11-08")),
        ..ExpenseInsertForm::new(desc, dec!(250.00), currency)
    };
    let train = Expenses::insert(pool, &billable("Train", Currency::EUR))
        .await
        .unwrap();
    let hotel = Expenses::insert(pool, &billable("Hotel", Currency::EUR))
        .await
        .unwrap();
    let flight = Expenses::insert(pool, &billable("Flight", Currency::USD))
        .await
        .unwrap();
    let own = Expenses::insert(
        pool,
        &ExpenseInsertForm::new("Laptop", dec!(999), Currency::EUR),
    )
    .await
    .unwrap();
    let invoice = Invoices::insert(
        pool,
        &InvoiceInsertForm {
            engagement_id: Some(engagement.id),
            subtotal: Some(dec!(4800.00)),
            tax_amount: Some(dec!(960.00)),
            ..InvoiceInsertForm::new("INV-1", Currency::EUR)
        },
    )
    .await
    .unwrap();
    assert_eq!(
        Expenses::unbilled(pool, engagement.id)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect::<Vec<_>>(),
        [train.id, hotel.id, flight.id]
    );
    let (linked, billed) = Expenses::rebill(&mut conn, train.id, invoice.id)
        .await
        .unwrap();
    assert_eq!(linked.rebilled_invoice_id, Some(invoice.id));
    assert_eq!(
        (billed.subtotal, billed.total_amount),
        (dec!(5050.00), dec!(6010.00))
    );
    assert_invalid(
        Expenses::rebill(&mut conn, train.id, invoice.id).await,
        "rebilled_invoice_id",
    );
    assert_invalid(
        Expenses::rebill(&mut conn, own.id, invoice.id).await,
        "is_billable",
    );
    assert_invalid(
        Expenses::rebill(&mut conn, flight.id, invoice.id).await,
        "currency",
    );
    // Nothing of a refused re-bill was written.
    assert_eq!(
        Invoices::get(pool, invoice.id).await.unwrap().subtotal,
        dec!(5050.00)
    );
    assert_eq!(
        Expenses::get(pool, flight.id)
            .await
            .unwrap()
            .rebilled_invoice_id,
        None
    );
    let mut conn2 = pool.acquire().await.unwrap();
    Invoices::send(&mut conn2, invoice.id, None).await.unwrap();
    assert_invalid(
        Expenses::rebill(&mut conn, hotel.id, invoice.id).await,
        "rebilled_invoice_id",
    );
    let balance = InvoiceBalances::of(pool, invoice.id).await.unwrap();
    assert_eq!(
        (balance.status, balance.total_amount),
        (InvoiceStatus::Sent, dec!(6010.00))
    );
    assert_eq!(
        Expenses::unbilled(pool, engagement.id)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect::<Vec<_>>(),
        [hotel.id, flight.id]
    );
    let listed = Expenses::list(
        pool,
        &ExpenseFilter {
            rebilled_invoice_id: Some(invoice.id),
            rebilled: Some(true),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(listed.items, vec![linked]);
    // Deleting the invoice makes the expense unbilled again (SET NULL).
    Invoices::delete(pool, invoice.id).await.unwrap();
    assert_eq!(
        Expenses::get(pool, train.id)
            .await
            .unwrap()
            .rebilled_invoice_id,
        None
    );
}
