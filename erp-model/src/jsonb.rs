//! The shapes of the typed JSONB columns: workflow steps, checklist items and key results.
//!
//! Decoding is lenient so that a row written by hand still decodes: unknown keys are ignored, missing
//! optional keys are `None`, and a bare string stands for an item with only its text
//! (`["Kickoff call", "Send contract"]` is a valid list of steps or checklist items).

use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::AutomationStatus;

/// One step of a workflow's SOP (an element of `erp.workflows.steps`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct WorkflowStep {
    /// What the step is, e.g. "Kickoff call".
    pub name: String,
    /// How the step is done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Estimated hours for the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_hours: Option<Decimal>,
    /// How much of the step is automated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automation: Option<AutomationStatus>,
}

impl WorkflowStep {
    /// A step with only its name.
    pub fn new(name: impl Into<String>) -> Self {
        WorkflowStep {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// One item of a process template's checklist (an element of `erp.process_templates.checklist`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ChecklistItem {
    /// What is to be checked or done.
    pub item: String,
    /// Whether it is done (`false` when absent).
    pub done: bool,
    /// Notes on the item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl ChecklistItem {
    /// An open item.
    pub fn new(item: impl Into<String>) -> Self {
        ChecklistItem {
            item: item.into(),
            ..Default::default()
        }
    }
}

/// One key result of an OKR (an element of `erp.okrs.key_results`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct KeyResult {
    /// What is measured, e.g. "Signed retainers".
    pub description: String,
    /// The value that meets the key result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Decimal>,
    /// The value reached so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<Decimal>,
    /// Unit of `target` and `current`, e.g. `EUR` or `clients`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl KeyResult {
    /// A key result with only its description.
    pub fn new(description: impl Into<String>) -> Self {
        KeyResult {
            description: description.into(),
            ..Default::default()
        }
    }
}

// What each shape accepts as an object: serde ignores unknown keys unless told otherwise, and an absent
// `Option` is `None`. Kept private so the public structs stay plain data.
#[derive(Deserialize)]
struct WorkflowStepObject {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    estimated_hours: Option<Decimal>,
    #[serde(default)]
    automation: Option<AutomationStatus>,
}

#[derive(Deserialize)]
struct ChecklistItemObject {
    item: String,
    #[serde(default)]
    done: bool,
    #[serde(default)]
    notes: Option<String>,
}

#[derive(Deserialize)]
struct KeyResultObject {
    description: String,
    #[serde(default)]
    target: Option<Decimal>,
    #[serde(default)]
    current: Option<Decimal>,
    #[serde(default)]
    unit: Option<String>,
}

impl<'de> Deserialize<'de> for WorkflowStep {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_object(
            deserializer,
            "a workflow step (an object with a name, or a string)",
            WorkflowStep::new,
            |o: WorkflowStepObject| WorkflowStep {
                name: o.name,
                description: o.description,
                estimated_hours: o.estimated_hours,
                automation: o.automation,
            },
        )
    }
}

impl<'de> Deserialize<'de> for ChecklistItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_object(
            deserializer,
            "a checklist item (an object with an item, or a string)",
            ChecklistItem::new,
            |o: ChecklistItemObject| ChecklistItem {
                item: o.item,
                done: o.done,
                notes: o.notes,
            },
        )
    }
}

impl<'de> Deserialize<'de> for KeyResult {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_object(
            deserializer,
            "a key result (an object with a description, or a string)",
            KeyResult::new,
            |o: KeyResultObject| KeyResult {
                description: o.description,
                target: o.target,
                current: o.current,
                unit: o.unit,
            },
        )
    }
}

/// Decodes `T` from a bare string (its text) or from an object shaped like `O`.
fn string_or_object<'de, D, T, O>(
    deserializer: D,
    expecting: &'static str,
    from_text: fn(String) -> T,
    from_object: fn(O) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    O: Deserialize<'de>,
{
    struct Lenient<T, O> {
        expecting: &'static str,
        from_text: fn(String) -> T,
        from_object: fn(O) -> T,
        object: PhantomData<O>,
    }

    impl<'de, T, O: Deserialize<'de>> Visitor<'de> for Lenient<T, O> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            Ok((self.from_text)(text.to_owned()))
        }

        fn visit_string<E: de::Error>(self, text: String) -> Result<T, E> {
            Ok((self.from_text)(text))
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            O::deserialize(de::value::MapAccessDeserializer::new(map)).map(self.from_object)
        }
    }

    deserializer.deserialize_any(Lenient {
        expecting,
        from_text,
        from_object,
        object: PhantomData,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hand_written_steps_decode() {
        let steps: Vec<WorkflowStep> = serde_json::from_value(json!([
            "Kickoff call",
            {"name": "Draft plan", "estimated_hours": 1.5, "automation": "Semi-automated", "owner": "dk"},
            {"name": "Review", "description": null, "estimated_hours": "0.25"}
        ]))
        .unwrap();
        assert_eq!(steps[0], WorkflowStep::new("Kickoff call"));
        assert_eq!(steps[1].estimated_hours, Some(Decimal::new(15, 1)));
        assert_eq!(steps[1].automation, Some(AutomationStatus::SemiAutomated));
        assert_eq!(steps[2].estimated_hours, Some(Decimal::new(25, 2)));
        assert_eq!(steps[2].description, None);
    }

    #[test]
    fn hand_written_checklists_and_key_results_decode() {
        let items: Vec<ChecklistItem> = serde_json::from_value(
            json!(["Send contract", {"item": "Invoice", "done": true, "by": "Friday"}]),
        )
        .unwrap();
        assert_eq!(items[0], ChecklistItem::new("Send contract"));
        assert!(items[1].done);
        let krs: Vec<KeyResult> = serde_json::from_value(
            json!([{"description": "Retainers", "target": 3, "current": 1, "unit": "clients"}]),
        )
        .unwrap();
        assert_eq!(krs[0].target, Some(Decimal::from(3)));
    }

    #[test]
    fn bad_shapes_are_rejected_with_a_clear_error() {
        let err = serde_json::from_value::<WorkflowStep>(json!(42))
            .unwrap_err()
            .to_string();
        assert!(err.contains("a workflow step"), "{err}");
        let err = serde_json::from_value::<WorkflowStep>(json!({"description": "x"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("name"), "{err}");
        let err = serde_json::from_value::<WorkflowStep>(
            json!({"name": "x", "automation": "semi-automated"}),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("\"semi-automated\""), "{err}");
    }

    #[test]
    fn absent_options_are_not_written() {
        assert_eq!(
            serde_json::to_value(WorkflowStep::new("a")).unwrap(),
            json!({"name": "a"})
        );
        assert_eq!(
            serde_json::to_value(ChecklistItem::new("a")).unwrap(),
            json!({"item": "a", "done": false})
        );
    }
}
