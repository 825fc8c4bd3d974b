-- Back to 0007: the acting client is the unsigned setting erp.client_id again, the counter trigger
-- function trusts its caller, and the roles have 0004's grants. Roles are cluster-wide and kept.

REVOKE erp_planner, erp_memory_writer, erp_sync, erp_anon FROM erp_authenticator;

DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM erp_memory_writer, erp_sync', current_database());
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
END;
$$;

REVOKE SELECT ON _sqlx_migrations FROM erp_planner, erp_memory_writer, erp_sync;

ALTER TABLE agent.step_evaluations DROP CONSTRAINT step_evaluations_execution_run_id_fkey;
ALTER TABLE agent.step_evaluations ADD CONSTRAINT step_evaluations_execution_run_id_fkey
    FOREIGN KEY (execution_run_id) REFERENCES erp.execution_runs (id) ON DELETE CASCADE;
ALTER TABLE agent.episodes DROP CONSTRAINT episodes_session_id_fkey;
ALTER TABLE agent.episodes ADD CONSTRAINT episodes_session_id_fkey
    FOREIGN KEY (session_id) REFERENCES agent.sessions (id) ON DELETE SET NULL;

DROP FUNCTION agent.sweep_expired_memories();

DROP POLICY scheduler_runs_client_isolation ON agent.scheduler_runs;
DROP POLICY scheduler_runs_planner ON agent.scheduler_runs;
DROP POLICY plans_client_isolation ON agent.plans;
DROP POLICY plans_planner ON agent.plans;
ALTER TABLE agent.scheduler_runs DISABLE ROW LEVEL SECURITY;
ALTER TABLE agent.plans DISABLE ROW LEVEL SECURITY;

DROP POLICY execution_runs_sync_delete ON erp.execution_runs;
DROP POLICY execution_runs_sync_update ON erp.execution_runs;
DROP POLICY execution_runs_finish ON erp.execution_runs;
DROP POLICY execution_runs_log ON erp.execution_runs;
DROP POLICY execution_runs_read ON erp.execution_runs;
ALTER TABLE erp.execution_runs DISABLE ROW LEVEL SECURITY;
REVOKE UPDATE (ended_at, actual_hours, outcome_notes, status, metadata) ON erp.execution_runs FROM erp_memory_writer;
GRANT UPDATE ON erp.execution_runs TO erp_memory_writer;

REVOKE INSERT, UPDATE, DELETE ON agent.plans, agent.scheduler_runs FROM erp_planner;
REVOKE INSERT, UPDATE (name) ON erp.sprints FROM erp_planner;
REVOKE UPDATE (scheduled_start_date, scheduled_end_date, due_date, status, assignee_id, estimated_hours)
    ON erp.tasks FROM erp_planner;
REVOKE INSERT ON erp.tasks FROM erp_planner;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['memory_entries', 'memory_facts', 'working_state', 'episodes', 'client_profiles',
        'webhook_executions']
    LOOP
        EXECUTE format('DROP POLICY %I ON agent.%I', t || '_client_isolation', t);
        EXECUTE format(
            'CREATE POLICY %I ON agent.%I USING (client_id = current_setting(''erp.client_id'', true)) '
            'WITH CHECK (client_id = current_setting(''erp.client_id'', true))',
            t || '_client_isolation', t);
    END LOOP;
END;
$$;

ALTER TABLE agent.episodes DROP CONSTRAINT episodes_embedding_check;
ALTER TABLE agent.episodes ADD CONSTRAINT episodes_embedding_check CHECK (octet_length(embedding) = 6144);
ALTER TABLE agent.memory_entries DROP CONSTRAINT memory_entries_embedding_check;
ALTER TABLE agent.memory_entries ADD CONSTRAINT memory_entries_embedding_check CHECK (octet_length(embedding) = 6144);

ALTER TABLE agent.scheduler_runs DROP CONSTRAINT scheduler_runs_client_id_check;
ALTER TABLE agent.plans DROP CONSTRAINT plans_client_id_check;
ALTER TABLE agent.webhook_executions DROP CONSTRAINT webhook_executions_client_id_check;
ALTER TABLE agent.client_profiles DROP CONSTRAINT client_profiles_client_id_check;
ALTER TABLE agent.episodes DROP CONSTRAINT episodes_client_id_check;
ALTER TABLE agent.working_state DROP CONSTRAINT working_state_client_id_check;
ALTER TABLE agent.memory_facts DROP CONSTRAINT memory_facts_client_id_check;
ALTER TABLE agent.memory_entries DROP CONSTRAINT memory_entries_client_id_check;

DROP FUNCTION erp_derived.rebuild_workflow_run_stats();
DROP FUNCTION erp_derived.workflow_run_stats_drift();
DROP FUNCTION erp.acting_client();

ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA erp, agent, erp_derived FROM erp_planner, erp_memory_writer, erp_sync, erp_anon;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA erp, agent, erp_derived TO PUBLIC;

-- 0005's body, unchanged.
CREATE OR REPLACE FUNCTION erp_derived.workflow_run_stats_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE erp_derived.workflow_run_stats s
        SET runs_count = s.runs_count - d.runs, hours_sum = s.hours_sum - d.hours, hours_count = s.hours_count - d.n
        FROM (SELECT workflow_id, count(*) AS runs, coalesce(sum(actual_hours), 0) AS hours, count(actual_hours) AS n
              FROM old_rows WHERE workflow_id IS NOT NULL GROUP BY workflow_id) d
        WHERE s.workflow_id = d.workflow_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO erp_derived.workflow_run_stats AS s (workflow_id, runs_count, hours_sum, hours_count)
        SELECT workflow_id, count(*), coalesce(sum(actual_hours), 0), count(actual_hours)
        FROM new_rows WHERE workflow_id IS NOT NULL
        GROUP BY workflow_id ORDER BY workflow_id
        ON CONFLICT (workflow_id) DO UPDATE
        SET runs_count = s.runs_count + EXCLUDED.runs_count,
            hours_sum = s.hours_sum + EXCLUDED.hours_sum,
            hours_count = s.hours_count + EXCLUDED.hours_count;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM erp_derived.workflow_run_stats;
    END IF;
    RETURN NULL;
END;
$$;

DROP SCHEMA erp_private CASCADE;
