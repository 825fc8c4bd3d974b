-- Back to 0009: sessions, events, facts and reflections shared by every memory-gateway connection, the
-- one-statement sweep only, large objects for PUBLIC, JSON of any depth.
DO $$
DECLARE c RECORD;
BEGIN
    FOR c IN
        SELECT col.table_schema, col.table_name, col.column_name
        FROM information_schema.columns col
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE col.table_schema IN ('erp', 'agent') AND t.table_type = 'BASE TABLE' AND col.data_type = 'jsonb'
    LOOP
        EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT %I', c.table_schema, c.table_name,
            c.table_name || '_' || c.column_name || '_check');
    END LOOP;
END;
$$;
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        GRANT EXECUTE ON FUNCTION pg_catalog.lo_create(oid), pg_catalog.lo_creat(integer),
            pg_catalog.lo_from_bytea(oid, bytea), pg_catalog.lo_import(text), pg_catalog.lo_import(text, oid)
            TO PUBLIC;
    END IF;
END;
$$;

DROP FUNCTION agent.sweep_expired_memories(INTEGER);

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['sessions', 'events', 'facts', 'reflections']
    LOOP
        EXECUTE format('DROP POLICY %I ON agent.%I', t || '_client_isolation', t);
        EXECUTE format('ALTER TABLE agent.%I DISABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE agent.%I DROP COLUMN client_id', t);
    END LOOP;
END;
$$;
