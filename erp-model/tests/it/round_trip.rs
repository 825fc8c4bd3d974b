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
                for db_filled in ["id", "global_id", "created_at", "updated_at", "variance_pct"] {
                    assert!(!keys(&insert).contains(&db_filled.to_owned()), "{}: {db_filled}", stringify!($insert));
                }
                // Every settable column of the row is in the insert form.
                let mut settable = keys(&row);
                settable.retain(|k| !["id", "global_id", "created_at", "updated_at", "variance_pct"].contains(&k.as_str()));
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
