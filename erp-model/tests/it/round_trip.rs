//! Serde round trips of every row, insert form and update form, and of the JSON shapes.

use std::fmt::Debug;

use erp_model::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::samples::{Clearing, Sample};

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> Value {
    let json = serde_json::to_value(value).unwrap();
    let back: T = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(&back, value, "{json}");
    let text = serde_json::to_string(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&text).unwrap(), value);
    json
}

fn keys(json: &Value) -> Vec<String> {
    json.as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect()
}

fn nulls(json: &Value) -> Vec<String> {
    json.as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v.is_null())
        .map(|(k, _)| k.clone())
        .collect()
}

/// Columns the database fills (identity, defaults it owns, generated columns): in rows, never in forms.
const DB_FILLED: [&str; 6] = [
    "id",
    "global_id",
    "created_at",
    "updated_at",
    "variance_pct",
    "total_amount",
];

/// For every table: the fully populated row, insert form and update form round-trip; the samples really
/// are fully populated; `None` and `Some(None)` in an update form stay distinct; an empty update form
/// serializes to `{}` and the insert form leaves out what the database fills.
macro_rules! entities {
    ($($row:ident, $insert:ident, $update:ident;)+) => {
        #[test]
        fn every_entity_round_trips() {
            $(
                let row = round_trip(&$row::sample());
                assert_eq!(nulls(&row), Vec::<String>::new(), "{}: the sample leaves a column NULL", stringify!($row));

                let insert = round_trip(&$insert::sample());
                assert_eq!(nulls(&insert), Vec::<String>::new());
                for db_filled in DB_FILLED {
                    assert!(!keys(&insert).contains(&db_filled.to_owned()), "{}: {db_filled}", stringify!($insert));
                }
                // Every settable column of the row is in the insert form.
                let mut settable = keys(&row);
                settable.retain(|k| !DB_FILLED.contains(&k.as_str()));
                assert_eq!(keys(&insert), settable, "{}", stringify!($insert));

                // Set everything: same keys as the insert form, no nulls.
                let update = round_trip(&$update::sample());
                assert_eq!(keys(&update), keys(&insert), "{}", stringify!($update));
                assert!(!$update::sample().is_empty());

                // Clear every nullable column: they serialize as null and come back as Some(None).
                let clearing = $update::clearing();
                let cleared = round_trip(&clearing);
                assert_eq!(keys(&cleared), keys(&insert));
                let cleared_keys = nulls(&cleared);
                let nullable_in_row: Vec<String> = keys(&row)
                    .into_iter()
                    .filter(|k| cleared_keys.contains(k))
                    .collect();
                assert_eq!(cleared_keys, nullable_in_row);
                assert_ne!(clearing, $update::default());
                assert!(!clearing.is_empty());

                // Leave everything: nothing is written, and `{}` reads back as the empty form.
                let empty = round_trip(&$update::default());
                assert_eq!(empty, serde_json::json!({}));
                assert!($update::default().is_empty());
                assert_eq!(serde_json::from_str::<$update>("{}").unwrap(), $update::default());

                // A column absent from the JSON is left alone, one given as null is cleared.
                for key in &cleared_keys {
                    let one_null = serde_json::json!({ key.as_str(): null });
                    let form: $update = serde_json::from_value(one_null.clone()).unwrap();
                    assert!(!form.is_empty(), "{}: {key}: null must clear", stringify!($update));
                    assert_eq!(serde_json::to_value(&form).unwrap(), one_null);
                }
            )+
        }
    };
}

entities! {
    Person, PersonInsertForm, PersonUpdateForm;
    Organization, OrganizationInsertForm, OrganizationUpdateForm;
    Venture, VentureInsertForm, VentureUpdateForm;
    Project, ProjectInsertForm, ProjectUpdateForm;
    Task, TaskInsertForm, TaskUpdateForm;
    Sprint, SprintInsertForm, SprintUpdateForm;
    Okr, OkrInsertForm, OkrUpdateForm;
    Engagement, EngagementInsertForm, EngagementUpdateForm;
    Offer, OfferInsertForm, OfferUpdateForm;
    Deliverable, DeliverableInsertForm, DeliverableUpdateForm;
    EngagementResult, EngagementResultInsertForm, EngagementResultUpdateForm;
    ServiceBlueprint, ServiceBlueprintInsertForm, ServiceBlueprintUpdateForm;
    Workflow, WorkflowInsertForm, WorkflowUpdateForm;
    ProcessTemplate, ProcessTemplateInsertForm, ProcessTemplateUpdateForm;
    ResourceTemplate, ResourceTemplateInsertForm, ResourceTemplateUpdateForm;
    ExecutionRun, ExecutionRunInsertForm, ExecutionRunUpdateForm;
    OutcomeType, OutcomeTypeInsertForm, OutcomeTypeUpdateForm;
    FunctionalArea, FunctionalAreaInsertForm, FunctionalAreaUpdateForm;
    Topic, TopicInsertForm, TopicUpdateForm;
    IcpSegment, IcpSegmentInsertForm, IcpSegmentUpdateForm;
    Deal, DealInsertForm, DealUpdateForm;
    Touchpoint, TouchpointInsertForm, TouchpointUpdateForm;
    IcpScore, IcpScoreInsertForm, IcpScoreUpdateForm;
    Invoice, InvoiceInsertForm, InvoiceUpdateForm;
    Expense, ExpenseInsertForm, ExpenseUpdateForm;
    Payment, PaymentInsertForm, PaymentUpdateForm;
    Kpi, KpiInsertForm, KpiUpdateForm;
    KpiMeasurement, KpiMeasurementInsertForm, KpiMeasurementUpdateForm;
    DailyThreadEntry, DailyThreadEntryInsertForm, DailyThreadEntryUpdateForm;
    Decision, DecisionInsertForm, DecisionUpdateForm;
    Experiment, ExperimentInsertForm, ExperimentUpdateForm;
    Note, NoteInsertForm, NoteUpdateForm;
    Asset, AssetInsertForm, AssetUpdateForm;
    Idea, IdeaInsertForm, IdeaUpdateForm;
}

#[test]
fn json_shapes_round_trip() {
    round_trip(&WorkflowStep::sample());
    round_trip(&ChecklistItem::sample());
    round_trip(&KeyResult::sample());
    round_trip(&WorkflowStep::new("only a name"));
    round_trip(&KeyResult::new("only a description"));
}

#[test]
fn views_and_performance_round_trip() {
    use rust_decimal::Decimal;
    round_trip(&SprintTask {
        sprint_id: SprintId(1),
        sprint_name: "2025-W50".to_owned(),
        task_id: TaskId(2),
        title: "Draft plan".to_owned(),
        status: TaskStatus::InProgress,
        priority: TaskPriority::Urgent,
        project_id: Some(ProjectId(3)),
        assignee_id: None,
        scheduled_start_date: crate::samples::day(),
        scheduled_end_date: Some(crate::samples::day()),
        estimated_hours: Some(Decimal::new(25, 1)),
    });
    round_trip(&WorkflowPerformanceRow {
        workflow_id: WorkflowId(4),
        name: "Onboarding".to_owned(),
        estimated_hours: Some(Decimal::from(4)),
        execution_runs_count: 5,
        avg_actual_hours: Some(Decimal::new(46, 1)),
        variance_pct: Some(Decimal::from(15)),
    });
}

#[test]
fn ids_are_bare_numbers_and_forms_build_from_required_fields() {
    assert_eq!(
        serde_json::to_value(TaskId(42)).unwrap(),
        serde_json::json!(42)
    );
    let form = TaskInsertForm::new("Write the proposal");
    assert_eq!(
        serde_json::to_value(&form).unwrap(),
        serde_json::json!({"title": "Write the proposal"})
    );
    let result = EngagementResultInsertForm::for_engagement("Churn down", EngagementId(9));
    assert_eq!(
        (result.engagement_id, result.deliverable_id),
        (Some(EngagementId(9)), None)
    );
}

#[test]
fn new_views_round_trip() {
    use chrono::NaiveDate;
    use rust_decimal::Decimal;
    let day = crate::samples::day();
    let balance = InvoiceBalanceRow {
        invoice_id: InvoiceId(1),
        invoice_number: "INV-2025-001".to_owned(),
        organization_id: Some(OrganizationId(2)),
        engagement_id: Some(EngagementId(3)),
        project_id: None,
        status: InvoiceStatus::PartiallyPaid,
        currency: Currency::EUR,
        issue_date: day,
        due_date: Some(day),
        total_amount: Decimal::new(120_000, 2),
        amount_paid: Decimal::new(50_000, 2),
        balance_due: Decimal::new(70_000, 2),
        is_open: true,
        overdue_today: true,
    };
    let json = round_trip(&balance);
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["status"], "Partially Paid");
    // Overdue the day after the due date, not on it; never once settled or not owed.
    assert!(!balance.is_overdue_on(day));
    let later = NaiveDate::from_ymd_opt(2026, 1, 8).unwrap();
    assert!(balance.is_overdue_on(later));
    assert_eq!(balance.days_overdue_on(later), Some(30));
    assert_eq!(balance.days_overdue_on(day), None);
    let settled = InvoiceBalanceRow {
        balance_due: Decimal::ZERO,
        ..balance.clone()
    };
    assert!(!settled.is_overdue_on(later));
    let cancelled = InvoiceBalanceRow {
        status: InvoiceStatus::Cancelled,
        ..balance.clone()
    };
    assert!(!cancelled.is_overdue_on(later));
    let undated = InvoiceBalanceRow {
        due_date: None,
        ..balance
    };
    assert!(!undated.is_overdue_on(later));

    round_trip(&FinanceSnapshotRow {
        month: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        currency: Currency::USD,
        invoiced: Decimal::new(120_000, 2),
        cash_in: Decimal::new(50_000, 2),
        cash_out: Decimal::new(8_000, 2),
        expenses: Decimal::new(8_000, 2),
        open_receivables: Decimal::new(70_000, 2),
        net: Decimal::new(42_000, 2),
    });
    round_trip(&TemplatePerformanceRow {
        template_kind: TemplateKind::ProcessTemplate,
        process_template_id: Some(ProcessTemplateId(4)),
        resource_template_id: None,
        name: "Onboarding - Retainer".to_owned(),
        status: PatternStatus::Active,
        workflow_id: Some(WorkflowId(5)),
        workflow_estimated_hours: Some(Decimal::from(4)),
        uses_count: 5,
        last_used_at: Some(crate::samples::instant()),
        avg_actual_hours: Some(Decimal::new(460, 2)),
        variance_pct: Some(Decimal::new(1500, 2)),
        completed_pct: Some(Decimal::new(8000, 2)),
    });
    let pipeline = round_trip(&DealPipelineRow {
        stage: DealStage::Negotiation,
        stage_order: 4,
        currency: Currency::EUR,
        deals_count: 2,
        total_amount: Decimal::new(2_000_000, 2),
        weighted_amount: Decimal::new(1_200_000, 2),
        avg_probability: Some(Decimal::new(6000, 2)),
    });
    assert_eq!(pipeline["stage"], "Negotiation");
}

/// The new forms' serde: an insert form needs its required fields and nothing else, leaves out what it
/// does not set; an update form accepts `{}`, keeps absent apart from `null`, and writes only what it sets.
#[test]
fn new_forms_serialize_only_what_they_set() {
    use rust_decimal::Decimal;
    let form = InvoiceInsertForm::new("INV-1", Currency::EUR);
    assert_eq!(
        serde_json::to_value(&form).unwrap(),
        serde_json::json!({"invoice_number": "INV-1", "currency": "EUR"})
    );
    let back: InvoiceInsertForm =
        serde_json::from_value(serde_json::json!({"invoice_number": "INV-1", "currency": "EUR"}))
            .unwrap();
    assert_eq!(back, form);
    // Required fields stay required; a bad currency or label is refused.
    for bad in [
        serde_json::json!({"invoice_number": "INV-1"}),
        serde_json::json!({"currency": "EUR"}),
        serde_json::json!({"invoice_number": "INV-1", "currency": "eur"}),
        serde_json::json!({"invoice_number": "INV-1", "currency": "EUR", "status": "paid"}),
    ] {
        assert!(
            serde_json::from_value::<InvoiceInsertForm>(bad.clone()).is_err(),
            "{bad}"
        );
    }
    let payment = PaymentInsertForm {
        invoice_id: Some(InvoiceId(1)),
        ..PaymentInsertForm::new(
            PaymentDirection::Incoming,
            Decimal::from(500),
            Currency::EUR,
        )
    };
    assert_eq!(
        serde_json::to_value(&payment).unwrap(),
        serde_json::json!({"direction": "Incoming", "amount": "500", "currency": "EUR", "invoice_id": 1})
    );

    let update = DealUpdateForm {
        stage: Some(DealStage::Won),
        engagement_id: Some(Some(EngagementId(9))),
        probability: Some(None),
        ..Default::default()
    };
    let json = serde_json::to_value(&update).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"stage": "Won", "engagement_id": 9, "probability": null})
    );
    assert_eq!(
        serde_json::from_value::<DealUpdateForm>(json).unwrap(),
        update
    );
    assert_eq!(
        serde_json::from_str::<DealUpdateForm>("{}").unwrap(),
        DealUpdateForm::default()
    );
    // null on a column that cannot be NULL cannot clear it: it leaves the column alone.
    assert!(
        serde_json::from_str::<DealUpdateForm>(r#"{"stage": null}"#).is_ok_and(|f| f.is_empty())
    );
}
