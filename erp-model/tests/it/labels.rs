//! Every label set: each label round-trips through Display/FromStr and serde, near misses are rejected
//! with an error that quotes the value and lists the allowed labels, and the sets equal the DDL's CHECKs.

use std::collections::BTreeSet;
use std::fmt::{Debug, Display};
use std::str::FromStr;

use erp_model::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Near misses that no label set may accept.
const NEAR_MISSES: &[&str] = &[
    "draft",
    "Semi-Automated",
    "semi-automated",
    "",
    "Active ",
    " Active",
    "ACTIVE",
    "Done.",
];

fn check<E>(kind: &str, all: &[E], labels: &[&str])
where
    E: Copy
        + PartialEq
        + Debug
        + Display
        + FromStr<Err = LabelError>
        + Serialize
        + DeserializeOwned,
{
    assert_eq!(
        all.len(),
        labels.len(),
        "{kind}: ALL and LABELS differ in length"
    );
    assert_eq!(
        labels.iter().collect::<BTreeSet<_>>().len(),
        labels.len(),
        "{kind}: duplicate label"
    );
    for (value, label) in all.iter().zip(labels) {
        assert_eq!(value.to_string(), *label);
        assert_eq!(label.parse::<E>(), Ok(*value));
        let json = serde_json::to_string(value).unwrap();
        assert_eq!(json, format!("{label:?}"));
        assert_eq!(serde_json::from_str::<E>(&json).unwrap(), *value);
    }

    let mut misses: Vec<String> = NEAR_MISSES.iter().map(|s| (*s).to_owned()).collect();
    for label in labels {
        misses.extend([
            label.to_lowercase(),
            label.to_uppercase(),
            format!("{label} "),
            format!(" {label}"),
            label.replace(' ', "_"),
            label.replace(['-', ' '], ""),
        ]);
    }
    for miss in misses.iter().filter(|m| !labels.contains(&m.as_str())) {
        let err = miss.parse::<E>().unwrap_err();
        assert_eq!(err.kind, kind);
        assert_eq!(err.value, *miss);
        let message = err.to_string();
        assert!(
            message.contains(&format!("{miss:?}")),
            "{kind}: {message} does not quote {miss:?}"
        );
        assert!(message.contains(kind), "{message}");
        for label in labels {
            assert!(
                message.contains(&format!("{label:?}")),
                "{kind}: {message} does not list {label:?}"
            );
        }
        let json_err =
            serde_json::from_str::<E>(&serde_json::to_string(miss).unwrap()).unwrap_err();
        assert!(
            json_err.to_string().contains(&format!("{miss:?}")),
            "{json_err}"
        );
    }
    assert!(
        serde_json::from_str::<E>("1").is_err(),
        "{kind}: a number is no label"
    );
}

/// Checks every listed enum and returns each one's label set.
macro_rules! every_label_set {
    ($($name:ident),+ $(,)?) => {{
        let mut sets = Vec::new();
        $(
            check::<$name>(stringify!($name), $name::ALL, $name::LABELS);
            sets.push((stringify!($name), $name::LABELS.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>()));
        )+
        sets
    }};
}

/// The label sets of the erp migrations: every `IN ('A', 'B', ...)` list of a CHECK in 0001, and every
/// `CHECK (column IN (...))` of 0006 (whose views and indexes also hold IN lists that are no label sets).
fn ddl_label_sets() -> Vec<BTreeSet<String>> {
    let mut sets = in_lists(
        include_str!("../../../erp-migrate/migrations/20251201000001_erp_schema.up.sql"),
        " IN (",
    );
    let coda =
        include_str!("../../../erp-migrate/migrations/20251201000006_coda_business_tables.up.sql");
    let mut rest = coda;
    while let Some(at) = rest.find("CHECK (") {
        let after = &rest[at + "CHECK (".len()..];
        let column_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(0);
        if after[column_len..].starts_with(" IN (") {
            sets.extend(in_lists(&after[column_len..], " IN ("));
        }
        rest = after;
    }
    sets
}

/// The quoted lists that follow each `marker` in `ddl`; only the first when `ddl` starts with it.
fn in_lists(ddl: &str, marker: &str) -> Vec<BTreeSet<String>> {
    let mut sets = Vec::new();
    let mut rest = ddl;
    let first_only = ddl.starts_with(marker);
    while let Some(at) = rest.find(marker) {
        let after = &rest[at + marker.len()..];
        let end = after.find(')').expect("a closed IN list");
        let list = &after[..end];
        if list.trim_start().starts_with('\'') {
            sets.push(
                list.split(',')
                    .map(|l| l.trim().trim_matches('\'').to_owned())
                    .collect(),
            );
        }
        if first_only {
            break;
        }
        rest = &after[end..];
    }
    sets
}

#[test]
fn every_label_set_round_trips_rejects_near_misses_and_matches_the_schema() {
    let sets = every_label_set!(
        PatternStatus,
        RunType,
        AutomationStatus,
        ProcessTemplateType,
        ResourceTemplateType,
        OrgType,
        VentureStatus,
        ProjectStatus,
        TaskStatus,
        TaskPriority,
        EngagementStatus,
        SprintStatus,
        OkrStatus,
        PricingModel,
        DeliverableStatus,
        RunStatus,
        IcpSegmentStatus,
        DealStage,
        DealSource,
        TouchpointChannel,
        TouchpointDirection,
        TouchpointStatus,
        IcpGrade,
        InvoiceStatus,
        ExpenseCategory,
        ExpenseStatus,
        PaymentDirection,
        PaymentStatus,
        PaymentMethod,
        KpiTargetDirection,
        KpiFrequency,
        KpiStatus,
        Level,
        DecisionStatus,
        ExperimentStatus,
        ExperimentVerdict,
        NoteType,
        AssetType,
        AssetStatus,
        IdeaStatus,
    );
    // TemplateKind labels a view column, not a CHECK: it round-trips like the others.
    check::<TemplateKind>("TemplateKind", TemplateKind::ALL, TemplateKind::LABELS);
    let ddl = ddl_label_sets();
    assert!(
        ddl.len() >= 16 + 27,
        "found only {} label CHECKs in the migration",
        ddl.len()
    );
    for set in &ddl {
        assert!(
            sets.iter().any(|(_, s)| s == set),
            "the migration's label set {set:?} has no enum"
        );
    }
    for (name, set) in &sets {
        assert!(
            ddl.contains(set),
            "{name} {set:?} is not a label set of the migration"
        );
    }
}

#[test]
fn the_error_reads_well() {
    let err = "semi-automated".parse::<AutomationStatus>().unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid AutomationStatus "semi-automated": expected one of "Manual", "Semi-automated", "Automated""#
    );
}
