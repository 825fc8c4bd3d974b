-- Least privilege (seed 002's access table) and per-client isolation of the agent's memory.
--
-- Group roles, NOLOGIN; a deployment creates a login user per service and grants it one of them:
--   erp_planner        planner-api: reads erp and the agent's planning and configuration tables.
--   erp_memory_writer  memory-gateway: reads and writes the agent schema; logs and finishes erp.execution_runs.
--   erp_sync           the Coda/n8n sync job: reads and writes erp.
--   erp_anon           anything unnamed (PostgREST's anonymous role): no access at all.
-- Roles are cluster-wide and may be shared by other databases on the server, so they are created only if
-- missing and the down migration revokes this database's grants instead of dropping them.

DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['erp_planner', 'erp_memory_writer', 'erp_sync', 'erp_anon'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END;
$$;

REVOKE ALL ON SCHEMA erp, agent FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA erp, agent FROM PUBLIC;

-- planner-api: read-only.
GRANT USAGE ON SCHEMA erp, agent TO erp_planner;
GRANT SELECT ON ALL TABLES IN SCHEMA erp TO erp_planner;
GRANT SELECT ON agent.plans, agent.scheduler_runs, agent.prompt_templates, agent.profiles, agent.tools,
    agent.context_recipes, agent.profile_tools TO erp_planner;

-- memory-gateway: the agent schema, and execution runs it logs (read back for idempotent logging,
-- updated when a run it started finishes).
GRANT USAGE ON SCHEMA erp, agent TO erp_memory_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA agent TO erp_memory_writer;
GRANT SELECT, INSERT, UPDATE ON erp.execution_runs TO erp_memory_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA agent TO erp_memory_writer;

-- The sync job: the business schema.
GRANT USAGE ON SCHEMA erp TO erp_sync;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA erp TO erp_sync;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA erp TO erp_sync;

-- erp_anon gets nothing.

-- Per-client isolation: rows of these tables are visible and writable only while the connection's acting
-- client (`SET erp.client_id`, set by the SDK per transaction) matches. Table owners (migrations, admin
-- tooling) are not subject to these policies.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['memory_entries', 'memory_facts', 'working_state', 'episodes', 'client_profiles',
        'webhook_executions']
    LOOP
        EXECUTE format('ALTER TABLE agent.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON agent.%I USING (client_id = current_setting(''erp.client_id'', true)) '
            'WITH CHECK (client_id = current_setting(''erp.client_id'', true))',
            t || '_client_isolation', t);
    END LOOP;
END;
$$;
