-- Reverses 20251201000006_coda_business_tables.up.sql. Grants on the dropped tables and views go with them.
-- Estimates the up migration filled into runs logged earlier stay: they cannot be told apart from
-- estimates given by hand.

DROP FUNCTION IF EXISTS erp.invoices_overdue_on(DATE);
DROP VIEW IF EXISTS erp.deal_pipeline;
DROP VIEW IF EXISTS erp.template_performance;
DROP VIEW IF EXISTS erp.finance_snapshot;
DROP VIEW IF EXISTS erp.invoice_balances;

DROP INDEX IF EXISTS erp.execution_runs_process_template_id_idx;
CREATE INDEX execution_runs_process_template_id_idx ON erp.execution_runs (process_template_id);

DROP TRIGGER IF EXISTS execution_runs_fill_estimate ON erp.execution_runs;
DROP FUNCTION IF EXISTS erp.fill_run_estimate();

ALTER TABLE erp.sprints
    DROP CONSTRAINT IF EXISTS sprints_end_date_check,
    DROP CONSTRAINT IF EXISTS sprints_start_date_check,
    ADD CONSTRAINT sprints_end_date_check CHECK (end_date >= start_date);

ALTER TABLE agent.prompt_templates
    DROP COLUMN IF EXISTS tags,
    DROP COLUMN IF EXISTS target_model,
    DROP COLUMN IF EXISTS topic_id,
    DROP COLUMN IF EXISTS status,
    DROP COLUMN IF EXISTS purpose;

DROP TABLE IF EXISTS erp.ideas_inbox;
DROP TABLE IF EXISTS erp.assets;
DROP TABLE IF EXISTS erp.notebook;
DROP TABLE IF EXISTS erp.experiments;
DROP TABLE IF EXISTS erp.decision_journal;
DROP TABLE IF EXISTS erp.daily_thread;
DROP TABLE IF EXISTS erp.kpi_measurements;
DROP TABLE IF EXISTS erp.kpis;
DROP TABLE IF EXISTS erp.payments;
DROP TABLE IF EXISTS erp.expenses;
DROP TABLE IF EXISTS erp.invoices;
DROP TABLE IF EXISTS erp.icp_scoring;
DROP TABLE IF EXISTS erp.touchpoints;
DROP FUNCTION IF EXISTS erp.check_touchpoint_run();
DROP TABLE IF EXISTS erp.deals;
DROP TABLE IF EXISTS erp.icp_segments;

ALTER TABLE erp.engagements DROP COLUMN IF EXISTS currency;
ALTER TABLE erp.offers DROP COLUMN IF EXISTS currency;
ALTER TABLE erp.workflows DROP COLUMN IF EXISTS functional_area_id;
ALTER TABLE erp.results DROP COLUMN IF EXISTS outcome_type_id;

DROP TABLE IF EXISTS erp.topics;
DROP TABLE IF EXISTS erp.functional_areas;
DROP TABLE IF EXISTS erp.outcome_types;
