//! Hours and variance of execution runs, and workflow performance, in exact decimals.

use chrono::{TimeZone, Utc};
use erp_model::{WorkflowPerformance, hours_between, variance_pct};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

#[test]
fn the_seed_workflow_is_4_6_hours_and_plus_15_percent() {
    let hours = [dec!(3), dec!(4), dec!(5), dec!(6), dec!(5)];
    let perf = WorkflowPerformance::from_runs(Some(dec!(4)), &hours);
    assert_eq!(
        perf,
        WorkflowPerformance {
            execution_runs_count: 5,
            avg_actual_hours: Some(dec!(4.6)),
            variance_pct: Some(dec!(15)),
        }
    );
    // The same with the database's NUMERIC(10, 2) scale.
    let hours = [dec!(3.00), dec!(4.00), dec!(5.00), dec!(6.00), dec!(5.00)];
    let perf = WorkflowPerformance::from_runs(Some(dec!(4.00)), &hours);
    assert_eq!(perf.avg_actual_hours, Some(dec!(4.6)));
    assert_eq!(perf.variance_pct, Some(dec!(15)));
}

#[test]
fn performance_without_runs_or_estimate() {
    assert_eq!(
        WorkflowPerformance::from_runs(Some(dec!(4)), &[]),
        WorkflowPerformance {
            execution_runs_count: 0,
            avg_actual_hours: None,
            variance_pct: None
        }
    );
    let none = WorkflowPerformance::from_runs(None, &[dec!(2)]);
    assert_eq!(
        (
            none.execution_runs_count,
            none.avg_actual_hours,
            none.variance_pct
        ),
        (1, Some(dec!(2)), None)
    );
    assert_eq!(
        WorkflowPerformance::from_runs(Some(dec!(0)), &[dec!(2)]).variance_pct,
        None
    );
    assert_eq!(
        WorkflowPerformance::from_runs(Some(dec!(3)), &[dec!(1), dec!(2)]).variance_pct,
        Some(dec!(-50))
    );
}

#[test]
fn variance_is_none_without_a_nonzero_estimate() {
    assert_eq!(variance_pct(dec!(4.6), Some(dec!(4))), Some(dec!(15)));
    assert_eq!(variance_pct(dec!(2), Some(dec!(4))), Some(dec!(-50)));
    assert_eq!(variance_pct(dec!(4), Some(dec!(4))), Some(Decimal::ZERO));
    assert_eq!(variance_pct(dec!(4.6), None), None);
    assert_eq!(variance_pct(dec!(4.6), Some(dec!(0))), None);
    assert_eq!(variance_pct(dec!(4.6), Some(dec!(0.00))), None);
    // 1/3 over: 33.333..% to two decimals; 0.005 % steps round away from zero like PostgreSQL.
    assert_eq!(variance_pct(dec!(4), Some(dec!(3))), Some(dec!(33.33)));
    assert_eq!(variance_pct(dec!(2.0001), Some(dec!(2))), Some(dec!(0.01)));
    assert_eq!(variance_pct(dec!(1.9999), Some(dec!(2))), Some(dec!(-0.01)));
}

#[test]
fn hours_of_a_session() {
    let start = Utc.with_ymd_and_hms(2025, 12, 9, 9, 0, 0).unwrap();
    let at = |h, m, s| Utc.with_ymd_and_hms(2025, 12, 9, h, m, s).unwrap();
    assert_eq!(hours_between(start, at(13, 36, 0)), Some(dec!(4.6)));
    assert_eq!(hours_between(start, at(9, 20, 0)), Some(dec!(0.33)));
    assert_eq!(hours_between(start, at(9, 40, 0)), Some(dec!(0.67)));
    assert_eq!(hours_between(start, start), Some(dec!(0)));
    assert_eq!(hours_between(at(10, 0, 0), start), None);
    // Across midnight and days.
    let later = Utc.with_ymd_and_hms(2025, 12, 11, 10, 30, 0).unwrap();
    assert_eq!(hours_between(start, later), Some(dec!(49.5)));
}
