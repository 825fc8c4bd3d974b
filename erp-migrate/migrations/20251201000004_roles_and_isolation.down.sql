DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['memory_entries', 'memory_facts', 'working_state', 'episodes', 'client_profiles',
        'webhook_executions']
    LOOP
        EXECUTE format('DROP POLICY IF EXISTS %I ON agent.%I', t || '_client_isolation', t);
        EXECUTE format('ALTER TABLE agent.%I DISABLE ROW LEVEL SECURITY', t);
    END LOOP;
END;
$$;

-- The roles are cluster-wide (other databases may use them): revoke what this database granted, keep them.
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['erp_planner', 'erp_memory_writer', 'erp_sync', 'erp_anon'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA erp, agent FROM %I', r);
            EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA erp, agent FROM %I', r);
            EXECUTE format('REVOKE ALL ON SCHEMA erp, agent FROM %I', r);
        END IF;
    END LOOP;
END;
$$;
