//! The story of a month of business (November 2025), end to end through the SDK: an offer becomes a
//! deal, the deal is won into an engagement, an invoice is drafted, an expense re-billed on it, the
//! invoice sent and partly paid, costs paid, touchpoints logged (one with its Touchpoint run and the
//! resource template it used). Then the invoice balance, the overdue list on later days, the finance
//! snapshot of the month and the template performance must show the figures worked out by hand below.

use erp_model::{
    Currency, DealInsertForm, DealPipelineRow, DealStage, EngagementInsertForm,
    ExecutionRunInsertForm, ExpenseCategory, ExpenseInsertForm, ExpenseStatus, FinanceSnapshotRow,
    InvoiceBalanceRow, InvoiceInsertForm, InvoiceStatus, OfferInsertForm, OrgType,
    OrganizationInsertForm, PaymentMethod, ProcessTemplateInsertForm, ProcessTemplateType,
    ResourceTemplateInsertForm, RunStatus, RunType, TemplateKind, TemplatePerformanceRow,
    TouchpointChannel, TouchpointInsertForm, WorkflowInsertForm,
};
use erp_repo::erp::{
    DealPipeline, Deals, ExecutionRuns, ExpensePayment, Expenses, FinanceSnapshot, InvoiceBalances,
    InvoicePayment, Invoices, Offers, Organizations, Payments, ProcessTemplates, ResourceTemplates,
    TemplatePerformance, Touchpoints, Workflows,
};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use super::{date, ts};
use crate::sessions_events::person;

#[tokio::test]
async fn a_month_of_business() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();

    // The cast.
    let acme = Organizations::insert(
        pool,
        &OrganizationInsertForm {
            org_type: Some(OrgType::Prospect),
            ..OrganizationInsertForm::new("Acme")
        },
    )
    .await
    .unwrap()
    .id;
    let railco = Organizations::insert(
        pool,
        &OrganizationInsertForm {
            org_type: Some(OrgType::Vendor),
            ..OrganizationInsertForm::new("RailCo")
        },
    )
    .await
    .unwrap()
    .id;
    let carla = person(pool, "Carla (Acme)").await;
    let olav = person(pool, "Olav").await;
    let offer = Offers::insert(
        pool,
        &OfferInsertForm {
            base_price: Some(dec!(4800.00)),
            currency: Some(Currency::EUR),
            ..OfferInsertForm::new("Strategy Sprint")
        },
    )
    .await
    .unwrap();
    let kickoff_wf = Workflows::insert(
        pool,
        &WorkflowInsertForm {
            estimated_hours: Some(dec!(2.00)),
            ..WorkflowInsertForm::new("Client kickoff")
        },
    )
    .await
    .unwrap();
    let script = ProcessTemplates::insert(
        pool,
        &ProcessTemplateInsertForm {
            workflow_id: Some(kickoff_wf.id),
            template_type: Some(ProcessTemplateType::Communication),
            ..ProcessTemplateInsertForm::new("Kickoff call script")
        },
    )
    .await
    .unwrap();
    let deck = ResourceTemplates::insert(pool, &ResourceTemplateInsertForm::new("Proposal deck"))
        .await
        .unwrap();
    let unused = ResourceTemplates::insert(pool, &ResourceTemplateInsertForm::new("Case study"))
        .await
        .unwrap();

    // 3 Nov: a software subscription (not billable).
    let software = Expenses::insert(
        pool,
        &ExpenseInsertForm {
            category: Some(ExpenseCategory::Software),
            status: Some(ExpenseStatus::Approved),
            expense_date: Some(date("2025-11-03")),
            ..ExpenseInsertForm::new("CRM subscription", dec!(100.00), Currency::EUR)
        },
    )
    .await
    .unwrap();

    // 4 Nov: the offer becomes a deal at its base price; another prospect is qualified.
    let deal = Deals::open_for_offer(
        &mut conn,
        offer.id,
        &DealInsertForm {
            organization_id: Some(acme),
            contact_person_id: Some(carla),
            owner_person_id: Some(olav),
            stage: Some(DealStage::Proposal),
            probability: Some(dec!(60)),
            expected_close_date: Some(date("2025-11-07")),
            ..DealInsertForm::new("Acme strategy sprint", Currency::EUR)
        },
    )
    .await
    .unwrap();
    assert_eq!(deal.amount, Some(dec!(4800.00)));
    Deals::insert(
        pool,
        &DealInsertForm {
            stage: Some(DealStage::Qualified),
            amount: Some(dec!(2000.00)),
            probability: Some(dec!(25)),
            ..DealInsertForm::new("Beta audit", Currency::EUR)
        },
    )
    .await
    .unwrap();

    // 5 Nov: won into an engagement.
    let (won, engagement) = Deals::win(
        &mut conn,
        deal.id,
        date("2025-11-05"),
        &EngagementInsertForm {
            start_date: Some(date("2025-11-06")),
            ..EngagementInsertForm::new("Acme strategy sprint")
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (won.stage, won.engagement_id),
        (DealStage::Won, Some(engagement.id))
    );
    assert_eq!(
        (
            engagement.client_org_id,
            engagement.value_estimate,
            engagement.currency
        ),
        (Some(acme), Some(dec!(4800.00)), Some(Currency::EUR))
    );

    // 6 Nov: the kickoff call, 90 minutes, with the deck and the call script, timed by its run.
    let (kickoff, kickoff_run) = Touchpoints::log_with_run(
        &mut conn,
        &TouchpointInsertForm {
            channel: Some(TouchpointChannel::VideoCall),
            occurred_at: Some(ts("2025-11-06T10:00:00Z")),
            duration_minutes: Some(90),
            person_id: Some(carla),
            organization_id: Some(acme),
            owner_person_id: Some(olav),
            engagement_id: Some(engagement.id),
            deal_id: Some(deal.id),
            resource_template_id: Some(deck.id),
            ..TouchpointInsertForm::new("Kickoff")
        },
        &ExecutionRunInsertForm {
            process_template_id: Some(script.id),
            ..ExecutionRunInsertForm::new()
        },
    )
    .await
    .unwrap();
    assert_eq!(kickoff.execution_run_id, Some(kickoff_run.id));
    assert_eq!(
        (
            kickoff_run.run_type,
            kickoff_run.engagement_id,
            kickoff_run.actual_hours,
            kickoff_run.status
        ),
        (
            RunType::Touchpoint,
            Some(engagement.id),
            Some(dec!(1.50)),
            RunStatus::Completed
        )
    );

    // 8 Nov: train tickets for the client, billable; 9 Nov: paid to the vendor.
    let travel = Expenses::insert(
        pool,
        &ExpenseInsertForm {
            category: Some(ExpenseCategory::Travel),
            status: Some(ExpenseStatus::Approved),
            expense_date: Some(date("2025-11-08")),
            is_billable: Some(true),
            vendor_org_id: Some(railco),
            engagement_id: Some(engagement.id),
            ..ExpenseInsertForm::new("Train to Acme", dec!(250.00), Currency::EUR)
        },
    )
    .await
    .unwrap();
    Payments::pay_expense(
        &mut conn,
        travel.id,
        &ExpensePayment {
            paid_on: Some(date("2025-11-09")),
            ..ExpensePayment::new(dec!(250.00))
        },
    )
    .await
    .unwrap();

    // 10 Nov: the invoice is drafted (4800 + 20 % VAT), the train re-billed on it, and it is sent.
    let invoice = Invoices::insert(
        pool,
        &InvoiceInsertForm {
            organization_id: Some(acme),
            engagement_id: Some(engagement.id),
            issue_date: Some(date("2025-11-10")),
            due_date: Some(date("2025-11-24")),
            subtotal: Some(dec!(4800.00)),
            tax_amount: Some(dec!(960.00)),
            ..InvoiceInsertForm::new("INV-2025-011", Currency::EUR)
        },
    )
    .await
    .unwrap();
    let (_, rebilled) = Expenses::rebill(&mut conn, travel.id, invoice.id)
        .await
        .unwrap();
    assert_eq!(rebilled.total_amount, dec!(6010.00));
    Invoices::send(&mut conn, invoice.id, None).await.unwrap();

    // 12 Nov: a follow-up email with the deck (no run).
    Touchpoints::insert(
        pool,
        &TouchpointInsertForm {
            occurred_at: Some(ts("2025-11-12T09:00:00Z")),
            engagement_id: Some(engagement.id),
            resource_template_id: Some(deck.id),
            ..TouchpointInsertForm::new("Sprint plan and deck")
        },
    )
    .await
    .unwrap();

    // 15 Nov: the subscription is paid.
    Payments::pay_expense(
        &mut conn,
        software.id,
        &ExpensePayment {
            paid_on: Some(date("2025-11-15")),
            ..ExpensePayment::new(dec!(100.00))
        },
    )
    .await
    .unwrap();

    // 20 Nov: Acme pays 3000 of the 6010; a workshop run with the script takes 3 h and fails.
    let (_, after_payment) = Invoices::record_payment(
        &mut conn,
        invoice.id,
        &InvoicePayment {
            paid_on: Some(date("2025-11-20")),
            method: Some(PaymentMethod::BankTransfer),
            ..InvoicePayment::new(dec!(3000.00))
        },
    )
    .await
    .unwrap();
    assert_eq!(after_payment.status, InvoiceStatus::PartiallyPaid);
    ExecutionRuns::insert(
        pool,
        &ExecutionRunInsertForm {
            process_template_id: Some(script.id),
            engagement_id: Some(engagement.id),
            started_at: Some(ts("2025-11-20T14:00:00Z")),
            actual_hours: Some(dec!(3.00)),
            status: Some(RunStatus::Failed),
            ..ExecutionRunInsertForm::new()
        },
    )
    .await
    .unwrap();

    // 25 Nov: a USD tool, a rejected claim, and a second invoice left in Draft.
    Expenses::insert(
        pool,
        &ExpenseInsertForm {
            expense_date: Some(date("2025-11-25")),
            ..ExpenseInsertForm::new("API credits", dec!(40.00), Currency::USD)
        },
    )
    .await
    .unwrap();
    Expenses::insert(
        pool,
        &ExpenseInsertForm {
            status: Some(ExpenseStatus::Rejected),
            expense_date: Some(date("2025-11-25")),
            ..ExpenseInsertForm::new("Dinner", dec!(75.00), Currency::EUR)
        },
    )
    .await
    .unwrap();
    let draft = Invoices::insert(
        pool,
        &InvoiceInsertForm {
            organization_id: Some(acme),
            issue_date: Some(date("2025-11-25")),
            due_date: Some(date("2025-11-30")),
            subtotal: Some(dec!(1000.00)),
            ..InvoiceInsertForm::new("INV-2025-012", Currency::EUR)
        },
    )
    .await
    .unwrap();

    // 2 Dec: next month's first cost.
    Expenses::insert(
        pool,
        &ExpenseInsertForm {
            expense_date: Some(date("2025-12-02")),
            ..ExpenseInsertForm::new("Domain renewal", dec!(60.00), Currency::EUR)
        },
    )
    .await
    .unwrap();

    // The invoice: 4800 + 250 re-billed = 5050, + 960 VAT = 6010; 3000 paid, 3010 due.
    let balance = InvoiceBalances::of(pool, invoice.id).await.unwrap();
    assert_eq!(
        balance,
        InvoiceBalanceRow {
            invoice_id: invoice.id,
            invoice_number: "INV-2025-011".into(),
            organization_id: Some(acme),
            engagement_id: Some(engagement.id),
            project_id: None,
            status: InvoiceStatus::PartiallyPaid,
            currency: Currency::EUR,
            issue_date: date("2025-11-10"),
            due_date: Some(date("2025-11-24")),
            total_amount: dec!(6010.00),
            amount_paid: dec!(3000.00),
            balance_due: dec!(3010.00),
            is_open: true,
            overdue_today: balance.overdue_today,
        }
    );
    let today: chrono::NaiveDate = sqlx::query_scalar("SELECT current_date")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(balance.overdue_today, balance.is_overdue_on(today));
    let draft_balance = InvoiceBalances::of(pool, draft.id).await.unwrap();
    assert_eq!(
        (draft_balance.total_amount, draft_balance.is_open),
        (dec!(1000.00), false)
    );

    // Overdue: not on its due day, from the day after; the draft never.
    assert!(
        InvoiceBalances::overdue_on(pool, date("2025-11-24"))
            .await
            .unwrap()
            .is_empty()
    );
    let overdue = InvoiceBalances::overdue_on(pool, date("2025-12-01"))
        .await
        .unwrap();
    assert_eq!(overdue, vec![balance.clone()]);
    assert_eq!(overdue[0].days_overdue_on(date("2025-12-01")), Some(7));

    // November in EUR: invoiced 6010 (the draft is not), cash in 3000, cash out 250 + 100 = 350,
    // expenses 100 + 250 = 350 (the rejected dinner is not), open receivables 6010 - 3000 = 3010,
    // net 3000 - 350 = 2650. In USD only the 40 of API credits. December carries the receivables on.
    let snap = |month: &str, currency, invoiced, cash_in, cash_out, expenses, open, net| {
        FinanceSnapshotRow {
            month: date(month),
            currency,
            invoiced,
            cash_in,
            cash_out,
            expenses,
            open_receivables: open,
            net,
        }
    };
    let november = vec![
        snap(
            "2025-11-01",
            Currency::EUR,
            dec!(6010.00),
            dec!(3000.00),
            dec!(350.00),
            dec!(350.00),
            dec!(3010.00),
            dec!(2650.00),
        ),
        snap(
            "2025-11-01",
            Currency::USD,
            dec!(0),
            dec!(0),
            dec!(0),
            dec!(40.00),
            dec!(0),
            dec!(0),
        ),
    ];
    assert_eq!(
        FinanceSnapshot::months(pool, date("2025-11-01"), date("2025-11-30"))
            .await
            .unwrap(),
        november
    );
    assert_eq!(
        FinanceSnapshot::month(pool, date("2025-11-17"))
            .await
            .unwrap(),
        november
    );
    let december = snap(
        "2025-12-01",
        Currency::EUR,
        dec!(0),
        dec!(0),
        dec!(0),
        dec!(60.00),
        dec!(3010.00),
        dec!(0),
    );
    assert_eq!(
        FinanceSnapshot::months_in(pool, Currency::EUR, date("2025-10-15"), date("2025-12-31"))
            .await
            .unwrap(),
        vec![november[0].clone(), december]
    );
    super::assert_invalid(
        FinanceSnapshot::months(pool, date("2025-12-01"), date("2025-11-01")).await,
        "to",
    );

    // The call script: 2 runs (1.5 h completed, 3 h failed), mean 2.25 h against the workflow's 2 h
    // = +12.5 %, 50 % completed, last run 20 Nov 14:00. The deck: 2 touchpoints, last on 12 Nov.
    let script_row = TemplatePerformance::of(pool, script.id).await.unwrap();
    assert_eq!(
        script_row,
        TemplatePerformanceRow {
            template_kind: TemplateKind::ProcessTemplate,
            process_template_id: Some(script.id),
            resource_template_id: None,
            name: "Kickoff call script".into(),
            status: script.status,
            workflow_id: Some(kickoff_wf.id),
            workflow_estimated_hours: Some(dec!(2.00)),
            uses_count: 2,
            last_used_at: Some(ts("2025-11-20T14:00:00Z")),
            avg_actual_hours: Some(dec!(2.25)),
            variance_pct: Some(dec!(12.50)),
            completed_pct: Some(dec!(50.00)),
        }
    );
    let deck_row = TemplatePerformance::of_resource(pool, deck.id)
        .await
        .unwrap();
    assert_eq!(
        deck_row,
        TemplatePerformanceRow {
            template_kind: TemplateKind::ResourceTemplate,
            process_template_id: None,
            resource_template_id: Some(deck.id),
            name: "Proposal deck".into(),
            status: deck.status,
            workflow_id: None,
            workflow_estimated_hours: None,
            uses_count: 2,
            last_used_at: Some(ts("2025-11-12T09:00:00Z")),
            avg_actual_hours: None,
            variance_pct: None,
            completed_pct: None,
        }
    );
    let unused_row = TemplatePerformance::of_resource(pool, unused.id)
        .await
        .unwrap();
    assert_eq!((unused_row.uses_count, unused_row.last_used_at), (0, None));
    assert_eq!(
        TemplatePerformance::all(pool).await.unwrap(),
        vec![script_row.clone(), unused_row.clone(), deck_row.clone()]
    );
    assert_eq!(
        TemplatePerformance::resource_usage(pool).await.unwrap(),
        vec![deck_row, unused_row]
    );
    assert_eq!(
        TemplatePerformance::of_workflow(pool, kickoff_wf.id)
            .await
            .unwrap(),
        vec![script_row.clone()]
    );
    assert_eq!(
        TemplatePerformance::by_drift(pool).await.unwrap(),
        vec![script_row]
    );
    super::assert_not_found(
        TemplatePerformance::of(pool, erp_model::ProcessTemplateId(999_999)).await,
        "erp.process_templates",
    );

    // The pipeline: Beta still qualified (2000 × 25 % = 500 weighted), Acme won (4800 × 100 %).
    assert_eq!(
        DealPipeline::stages(pool).await.unwrap(),
        vec![
            DealPipelineRow {
                stage: DealStage::Qualified,
                stage_order: 2,
                currency: Currency::EUR,
                deals_count: 1,
                total_amount: dec!(2000.00),
                weighted_amount: dec!(500.00),
                avg_probability: Some(dec!(25.00)),
            },
            DealPipelineRow {
                stage: DealStage::Won,
                stage_order: 5,
                currency: Currency::EUR,
                deals_count: 1,
                total_amount: dec!(4800.00),
                weighted_amount: dec!(4800.00),
                avg_probability: Some(dec!(100.00)),
            },
        ]
    );
}
