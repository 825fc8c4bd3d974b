//! Pure domain arithmetic: memory TTLs, fact validity, goal criteria, SOP estimates, typed JSONB.

use crate::fixtures::{at, fact, goal, memory_entry};
use agent_model::*;
use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal_macros::dec;
use serde_json::json;

#[test]
fn expiry_from_ttl() {
    assert_eq!(expires_at_from_ttl(at(9, 0), 90), at(10, 30));
    assert_eq!(expires_at_from_ttl(at(9, 0), 1), at(9, 1));
    // A day and a year of minutes, across a month and a year end.
    let new_year = "2025-12-31T23:30:00Z".parse::<DateTime<Utc>>().unwrap();
    assert_eq!(
        expires_at_from_ttl(new_year, 60).to_rfc3339(),
        "2026-01-01T00:30:00+00:00"
    );
    assert_eq!(
        expires_at_from_ttl(at(9, 0), 60 * 24 * 365),
        at(9, 0) + TimeDelta::days(365)
    );
    // Saturates instead of overflowing.
    assert_eq!(
        expires_at_from_ttl(DateTime::<Utc>::MAX_UTC, i32::MAX),
        DateTime::<Utc>::MAX_UTC
    );
    assert_eq!(
        expires_at_from_ttl(DateTime::<Utc>::MIN_UTC, -1),
        DateTime::<Utc>::MIN_UTC
    );
}

#[test]
fn memory_liveness() {
    let entry = MemoryEntry {
        expires_at: Some(at(10, 0)),
        ..memory_entry()
    };
    assert!(entry.is_live_at(at(8, 0)));
    assert!(entry.is_live_at(at(10, 0) - TimeDelta::microseconds(1)));
    assert!(
        !entry.is_live_at(at(10, 0)),
        "expired exactly at expires_at"
    );
    assert!(!entry.is_live_at(at(11, 0)));

    let forever = MemoryEntry {
        ttl_minutes: None,
        expires_at: None,
        ..memory_entry()
    };
    assert!(forever.is_live_at(DateTime::<Utc>::MAX_UTC));
}

#[test]
fn fact_validity() {
    let closed = Fact {
        valid_from: at(9, 0),
        valid_to: Some(at(18, 0)),
        ..fact()
    };
    assert!(!closed.is_valid_at(at(8, 59)));
    assert!(closed.is_valid_at(at(9, 0)), "valid from its first instant");
    assert!(closed.is_valid_at(at(17, 59)));
    assert!(
        !closed.is_valid_at(at(18, 0)),
        "no longer valid at valid_to"
    );

    let open = Fact {
        valid_to: None,
        ..closed.clone()
    };
    assert!(!open.is_valid_at(at(8, 59)));
    assert!(open.is_valid_at(DateTime::<Utc>::MAX_UTC));

    // Superseding: the old version ends where the new one starts, so exactly one holds at any instant.
    let old = Fact {
        valid_to: Some(at(12, 0)),
        ..closed.clone()
    };
    let new = Fact {
        valid_from: at(12, 0),
        valid_to: None,
        ..closed
    };
    for t in [at(9, 0), at(11, 59), at(12, 0), at(23, 0)] {
        assert_eq!(
            u8::from(old.is_valid_at(t)) + u8::from(new.is_valid_at(t)),
            1,
            "{t}"
        );
    }
}

#[test]
fn goal_criteria() {
    let mut g = goal();
    assert!(!g.criteria_met());
    g.success_criteria.iter_mut().for_each(|c| c.met = true);
    assert!(g.criteria_met());
    g.success_criteria.clear();
    assert!(!g.criteria_met(), "no criterion is not success");

    let parsed: Vec<SuccessCriterion> = serde_json::from_value(
        json!([{"description": "a"}, {"description": "b", "met": true, "by": "x"}]),
    )
    .unwrap();
    assert_eq!(
        parsed,
        vec![
            SuccessCriterion::new("a"),
            SuccessCriterion {
                description: "b".into(),
                met: true
            }
        ]
    );
}

#[test]
fn sop_decoding_and_estimate() {
    assert_eq!(
        serde_json::from_value::<Sop>(json!({})).unwrap(),
        Sop::default()
    );
    let sop: Sop = serde_json::from_value(json!({
        "version": 2,
        "steps": [
            {"title": "a", "estimated_hours": 1.5, "owner": "ada"},
            {"title": "b", "estimated_hours": "2.25", "tool": "mail"},
            {"title": "c"}
        ]
    }))
    .unwrap();
    assert_eq!(sop.steps.len(), 3);
    assert_eq!(sop.steps[1].tool.as_deref(), Some("mail"));
    assert_eq!(sop.steps[2], SopStep::new("c"));
    assert_eq!(sop.estimated_hours(), dec!(3.75));
    assert_eq!(Sop::default().estimated_hours(), dec!(0));
}

#[test]
fn schedule_block_decoding() {
    let blocks: Vec<ScheduleBlock> = serde_json::from_value(json!([
        {"title": "a", "starts_at": "2025-12-01T15:00:00Z", "ends_at": "2025-12-01T16:00:00Z", "task_id": 7},
        {"title": "b", "starts_at": "2025-12-01T16:00:00+01:00", "ends_at": "2025-12-01T17:00:00+01:00"}
    ]))
    .unwrap();
    assert_eq!(blocks[0].task_id, Some(erp_model::TaskId(7)));
    assert_eq!(blocks[1].task_id, None);
    assert_eq!(blocks[1].starts_at, at(15, 0));
}
