-- erp.workflow_performance.avg_actual_hours with two decimals, as every other hours column: a plain
-- division of numerics has at least 16 significant digits (2.3333333333333333), which is no scale a person
-- reads hours in. variance_pct is still computed from the exact mean, so it does not change.
CREATE OR REPLACE VIEW erp.workflow_performance AS
SELECT w.id                                  AS workflow_id,
       w.name,
       w.estimated_hours,
       coalesce(s.runs_count, 0)             AS execution_runs_count,
       CASE WHEN coalesce(s.hours_count, 0) = 0 THEN NULL
            ELSE round(s.hours_sum / s.hours_count, 2)
       END                                   AS avg_actual_hours,
       CASE WHEN w.estimated_hours IS NULL OR w.estimated_hours = 0 OR coalesce(s.hours_count, 0) = 0 THEN NULL
            ELSE round((s.hours_sum / s.hours_count - w.estimated_hours) / w.estimated_hours * 100, 2)
       END                                   AS variance_pct
FROM erp.workflows w
LEFT JOIN erp_derived.workflow_run_stats s ON s.workflow_id = w.id;

COMMENT ON COLUMN erp.workflow_performance.avg_actual_hours IS
    'Average actual_hours of those runs that have hours, rounded to 2 decimals.';
