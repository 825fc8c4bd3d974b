CREATE OR REPLACE VIEW erp.workflow_performance AS
SELECT w.id                                  AS workflow_id,
       w.name,
       w.estimated_hours,
       count(r.id)                           AS execution_runs_count,
       avg(r.actual_hours)                   AS avg_actual_hours,
       CASE WHEN w.estimated_hours IS NULL OR w.estimated_hours = 0 OR count(r.actual_hours) = 0 THEN NULL
            ELSE round((avg(r.actual_hours) - w.estimated_hours) / w.estimated_hours * 100, 2)
       END                                   AS variance_pct
FROM erp.workflows w
LEFT JOIN erp.execution_runs r ON r.workflow_id = w.id
GROUP BY w.id;

DROP TRIGGER IF EXISTS execution_runs_stats_truncate ON erp.execution_runs;
DROP TRIGGER IF EXISTS execution_runs_stats_delete ON erp.execution_runs;
DROP TRIGGER IF EXISTS execution_runs_stats_update ON erp.execution_runs;
DROP TRIGGER IF EXISTS execution_runs_stats_insert ON erp.execution_runs;

DROP SCHEMA IF EXISTS erp_derived CASCADE;
