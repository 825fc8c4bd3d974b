-- Issue 12, the rest: per-client rows in sessions, events, facts and reflections (item 9); a batched expiry
-- sweep memory-gateway may run (item 3); no large objects for roles that write nothing (item 3); no JSON
-- deeper than readers read (item 5).

-- 9. Sessions, events, facts and reflections hold a client's data too. client_id NULL is a shared row (no
-- one client's: the agent's own sessions, global facts), readable by every memory-gateway connection; a
-- client's row only while the connection proves it acts for that client, as on the six protected tables.
ALTER TABLE agent.sessions ADD COLUMN client_id TEXT CONSTRAINT sessions_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.events ADD COLUMN client_id TEXT CONSTRAINT events_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.facts ADD COLUMN client_id TEXT CONSTRAINT facts_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.reflections ADD COLUMN client_id TEXT
    CONSTRAINT reflections_client_id_check CHECK (client_id <> '');
CREATE INDEX sessions_client_id_idx ON agent.sessions (client_id);
CREATE INDEX events_client_id_idx ON agent.events (client_id);
CREATE INDEX facts_client_id_idx ON agent.facts (client_id);
CREATE INDEX reflections_client_id_idx ON agent.reflections (client_id);
COMMENT ON COLUMN agent.sessions.client_id IS
    'The client whose session this is; NULL = shared (no one client''s). Row-level security shows a client''s rows only to a connection acting for it.';
COMMENT ON COLUMN agent.events.client_id IS
    'The client whose data the event holds; NULL = shared (no one client''s). Row-level security shows a client''s rows only to a connection acting for it.';
COMMENT ON COLUMN agent.facts.client_id IS
    'The client the fact is about; NULL = shared (no one client''s). Row-level security shows a client''s rows only to a connection acting for it.';
COMMENT ON COLUMN agent.reflections.client_id IS
    'The client the reflection is about; NULL = shared (no one client''s). Row-level security shows a client''s rows only to a connection acting for it.';

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['sessions', 'events', 'facts', 'reflections']
    LOOP
        EXECUTE format('ALTER TABLE agent.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON agent.%I TO erp_memory_writer '
            'USING (client_id IS NULL OR client_id = (SELECT erp.acting_client())) '
            'WITH CHECK (client_id IS NULL OR client_id = (SELECT erp.acting_client()))',
            t || '_client_isolation', t);
    END LOOP;
END;
$$;

-- 3. Sweeping expired memories in batches, under memory-gateway's role: row-level security hides every
-- client's rows from a connection acting for none, so the SDK's own DELETE removed nothing. One batch per
-- call (its own statement, so each commits and releases its locks); rows locked elsewhere are left for the
-- next sweep. Returns the number removed.
CREATE FUNCTION agent.sweep_expired_memories(batch_size INTEGER) RETURNS BIGINT
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
    WITH batch AS (
        SELECT id FROM agent.memory_entries WHERE expires_at <= now()
        LIMIT greatest(batch_size, 1) FOR UPDATE SKIP LOCKED
    ), gone AS (
        DELETE FROM agent.memory_entries m USING batch WHERE m.id = batch.id RETURNING 1
    )
    SELECT count(*) FROM gone
$$;
COMMENT ON FUNCTION agent.sweep_expired_memories(INTEGER) IS
    'Deletes up to batch_size expired memory entries of any client (skipping locked rows) and returns how many.';
REVOKE EXECUTE ON FUNCTION agent.sweep_expired_memories(INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION agent.sweep_expired_memories(INTEGER) TO erp_memory_writer;

-- 3. Large objects are created through these functions, granted to PUBLIC by default; no service role needs
-- one. Revoking needs the functions' owner (the bootstrap superuser); a deploy whose owner is not a
-- superuser gets a notice and keeps PostgreSQL's default, as README's security section says.
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        REVOKE EXECUTE ON FUNCTION pg_catalog.lo_create(oid), pg_catalog.lo_creat(integer),
            pg_catalog.lo_from_bytea(oid, bytea), pg_catalog.lo_import(text), pg_catalog.lo_import(text, oid)
            FROM PUBLIC;
    ELSE
        RAISE NOTICE 'not a superuser: every role may still create large objects (lo_create is PUBLIC)';
    END IF;
END;
$$;

-- 5. JSON deeper than the reader accepts (serde_json reads 127 levels of arrays and objects) was stored, then
-- every read of its row failed, and with it every list of that client. The SDK refuses it before writing
-- (naming the field); these checks refuse it from any other client of the database: no array or object may
-- sit inside 127 others (jsonpath level 127 is 127 containers down). NOT VALID: rows stored before this
-- migration are not rewritten (they were unreadable already); every new or changed value is checked.
DO $$
DECLARE c RECORD;
BEGIN
    FOR c IN
        SELECT col.table_schema, col.table_name, col.column_name
        FROM information_schema.columns col
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE col.table_schema IN ('erp', 'agent') AND t.table_type = 'BASE TABLE' AND col.data_type = 'jsonb'
        ORDER BY 1, 2, 3
    LOOP
        EXECUTE format(
            'ALTER TABLE %I.%I ADD CONSTRAINT %I CHECK (NOT jsonb_path_exists(%I, '
            '''strict $.**{127 to last} ? (@.type() == "array" || @.type() == "object")'')) NOT VALID',
            c.table_schema, c.table_name, c.table_name || '_' || c.column_name || '_check', c.column_name);
    END LOOP;
END;
$$;
