//! Hours of a work session, variance against an estimate, and a workflow's performance from its runs.
//!
//! The same arithmetic as the database (trigger `erp.fill_run_hours`, column `execution_runs.variance_pct`,
//! view `erp.workflow_performance`), in exact decimals, so callers can predict what the database stores.

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// PostgreSQL's `round(numeric, 2)`: two decimals, halves away from zero (not banker's rounding).
fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `round(numeric, 2)` with the scale kept at 2, as PostgreSQL prints it: `4.6` is `4.60`.
fn hours2(value: Decimal) -> Decimal {
    let mut rounded = round2(value);
    rounded.rescale(2);
    rounded
}

/// Hours from a session's start to its end, rounded to 2 decimals as the database does
/// (`round(epoch / 3600, 2)`); `None` when the session ends before it starts.
///
/// Counts whole microseconds, PostgreSQL's timestamp resolution.
pub fn hours_between(started_at: DateTime<Utc>, ended_at: DateTime<Utc>) -> Option<Decimal> {
    let span = ended_at.signed_duration_since(started_at);
    if span < chrono::TimeDelta::zero() {
        return None;
    }
    let micros =
        i128::from(span.num_seconds()) * 1_000_000 + i128::from(span.subsec_nanos() / 1_000);
    let seconds = Decimal::from_i128_with_scale(micros, 6);
    Some(round2(seconds / Decimal::from(3_600)))
}

/// Variance of actual hours against an estimate in percent, `(actual - estimate) / estimate * 100`,
/// rounded to 2 decimals as the database does; `None` when the estimate is missing or zero.
///
/// Positive means the work took longer than estimated: 4.6 h against 4 h is `15`.
pub fn variance_pct(actual: Decimal, estimate: Option<Decimal>) -> Option<Decimal> {
    let estimate = estimate.filter(|e| !e.is_zero())?;
    Some(round2(
        (actual - estimate) / estimate * Decimal::ONE_HUNDRED,
    ))
}

/// How a workflow performs against its estimate, from the hours of its runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowPerformance {
    /// Number of runs counted.
    pub execution_runs_count: i64,
    /// Mean hours per run, rounded to 2 decimals as the view does; `None` without runs.
    pub avg_actual_hours: Option<Decimal>,
    /// Variance of the (unrounded) mean against the estimate in percent, rounded to 2 decimals; `None`
    /// without runs or without a non-zero estimate.
    pub variance_pct: Option<Decimal>,
}

impl WorkflowPerformance {
    /// Performance from the estimate and the hours of each run that has them.
    ///
    /// The view `erp.workflow_performance` also counts runs whose hours are still NULL; pass only the hours
    /// you have, and the count is the number of hours given.
    ///
    /// ```
    /// use erp_model::WorkflowPerformance;
    /// use rust_decimal::Decimal;
    ///
    /// let hours = [3, 4, 5, 6, 5].map(Decimal::from);
    /// let perf = WorkflowPerformance::from_runs(Some(Decimal::from(4)), &hours);
    /// assert_eq!(perf.avg_actual_hours, Some(Decimal::new(46, 1)));
    /// assert_eq!(perf.variance_pct, Some(Decimal::from(15)));
    /// // Two decimals, as the view: 7/3 h is 2.33, not 2.3333333333333333333333333333.
    /// let perf = WorkflowPerformance::from_runs(None, &[1, 3, 3].map(Decimal::from));
    /// assert_eq!(perf.avg_actual_hours.unwrap().to_string(), "2.33");
    /// ```
    pub fn from_runs(estimate: Option<Decimal>, hours: &[Decimal]) -> WorkflowPerformance {
        let count = hours.len();
        let avg = (count > 0).then(|| hours.iter().sum::<Decimal>() / Decimal::from(count));
        WorkflowPerformance {
            execution_runs_count: i64::try_from(count).unwrap_or(i64::MAX),
            avg_actual_hours: avg.map(hours2),
            variance_pct: avg.and_then(|avg| variance_pct(avg, estimate)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 12, 9, h, m, s).unwrap()
    }

    #[test]
    fn hours_round_half_away_from_zero() {
        // 18 s is exactly 0.005 h: PostgreSQL rounds it up, banker's rounding would give 0.00.
        assert_eq!(
            hours_between(at(9, 0, 0), at(9, 0, 18)),
            Some(Decimal::new(1, 2))
        );
        assert_eq!(
            hours_between(at(9, 0, 0), at(10, 30, 0)),
            Some(Decimal::new(150, 2))
        );
        assert_eq!(hours_between(at(9, 0, 0), at(9, 0, 0)), Some(Decimal::ZERO));
        assert_eq!(hours_between(at(10, 0, 0), at(9, 0, 0)), None);
    }

    #[test]
    fn variance_needs_a_nonzero_estimate() {
        assert_eq!(variance_pct(Decimal::from(5), None), None);
        assert_eq!(variance_pct(Decimal::from(5), Some(Decimal::ZERO)), None);
        assert_eq!(
            variance_pct(Decimal::from(5), Some(Decimal::new(0, 2))),
            None
        );
        assert_eq!(
            variance_pct(Decimal::from(3), Some(Decimal::from(4))),
            Some(Decimal::from(-25))
        );
        // -66.666..% rounds to -66.67 (away from zero).
        assert_eq!(
            variance_pct(Decimal::from(1), Some(Decimal::from(3))),
            Some(Decimal::new(-6667, 2))
        );
    }
}
