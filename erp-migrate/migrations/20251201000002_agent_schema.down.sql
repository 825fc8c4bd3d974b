-- Dropping agent also drops erp.execution_runs_session_id_fkey, which depends on agent.sessions.
DROP SCHEMA IF EXISTS agent CASCADE;
