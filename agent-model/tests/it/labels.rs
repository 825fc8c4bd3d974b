//! Every label set: each label round-trips through Display, FromStr and serde; near misses are rejected
//! with an error that quotes the value and lists the allowed labels.

use agent_model::*;
use std::collections::BTreeSet;
use std::fmt::{Debug, Display};
use std::str::FromStr;

/// What the `labels!` macro gives every enum, as a trait so one generic check covers them all.
trait Labelled:
    Copy
    + Eq
    + Debug
    + Display
    + FromStr<Err = LabelError>
    + serde::Serialize
    + serde::de::DeserializeOwned
    + 'static
{
    const NAME: &'static str;
    fn all() -> &'static [Self];
    fn labels() -> &'static [&'static str];
    fn label(self) -> &'static str;
}

macro_rules! label_tests {
    ($($test:ident: $ty:ident,)+) => {
        $(
            impl Labelled for $ty {
                const NAME: &'static str = stringify!($ty);
                fn all() -> &'static [Self] {
                    $ty::ALL
                }
                fn labels() -> &'static [&'static str] {
                    $ty::LABELS
                }
                fn label(self) -> &'static str {
                    $ty::label(self)
                }
            }

            #[test]
            fn $test() {
                check::<$ty>();
            }
        )+

        /// The name of every enum tested here.
        const TESTED: &[&str] = &[$(stringify!($ty),)+];
    };
}

label_tests! {
    memory_type: MemoryType,
    session_type: SessionType,
    session_status: SessionStatus,
    subject_type: SubjectType,
    event_type: EventType,
    event_source: EventSource,
    memory_scope: MemoryScope,
    fact_type: FactType,
    goal_status: GoalStatus,
    goal_priority: GoalPriority,
    reflection_mode: ReflectionMode,
    reflection_scope: ReflectionScope,
    validator_type: ValidatorType,
    evaluation_status: EvaluationStatus,
    artifact_type: ArtifactType,
    webhook_status: WebhookStatus,
    node_type: NodeType,
    edge_type: EdgeType,
    block_type: BlockType,
    action_type: ActionType,
    plan_status: PlanStatus,
    scheduler_run_status: SchedulerRunStatus,
    prompt_template_type: PromptTemplateType,
    edge_direction: EdgeDirection,
}

fn check<T: Labelled>() {
    assert_eq!(T::all().len(), T::labels().len(), "{}", T::NAME);
    let unique: BTreeSet<_> = T::labels().iter().collect();
    assert_eq!(
        unique.len(),
        T::labels().len(),
        "{}: duplicate label",
        T::NAME
    );

    for (&value, &label) in T::all().iter().zip(T::labels()) {
        assert_eq!(value.label(), label);
        assert_eq!(value.to_string(), label);
        assert_eq!(label.parse::<T>(), Ok(value));
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, format!("\"{label}\""));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);

        let mut capitalized = label.to_owned();
        capitalized[..1].make_ascii_uppercase();
        let misses = [
            label.to_uppercase(),
            capitalized,
            format!("{label} "),
            format!(" {label}"),
            format!("{value:?}"),
            label.replace('_', "-"),
            label.replace('_', " "),
            String::new(),
        ];
        for miss in misses.iter().filter(|m| !T::labels().contains(&m.as_str())) {
            let err = miss.parse::<T>().expect_err(miss);
            assert_eq!(err.kind, T::NAME);
            assert_eq!(&err.value, miss);
            assert_eq!(err.allowed, T::labels());
            let message = err.to_string();
            assert!(message.contains(&format!("{miss:?}")), "{message}");
            for allowed in T::labels() {
                assert!(message.contains(&format!("{allowed:?}")), "{message}");
            }
            let json = serde_json::to_string(miss).unwrap();
            let serde_err = serde_json::from_str::<T>(&json)
                .expect_err(miss)
                .to_string();
            assert!(serde_err.contains(&format!("{miss:?}")), "{serde_err}");
        }
    }
}

/// Every `labels!` block of enums.rs is in the list above, so a new label set cannot go untested.
#[test]
fn every_label_set_is_tested() {
    let source = include_str!("../../src/enums.rs");
    let declared: BTreeSet<&str> = source
        .split("labels! {")
        .skip(1)
        .map(|block| {
            block
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty() && !line.starts_with("///"))
                .and_then(|line| line.strip_suffix(" {"))
                .expect("an enum name after the docs")
        })
        .collect();
    let tested: BTreeSet<&str> = TESTED.iter().copied().collect();
    assert_eq!(declared, tested);
}
