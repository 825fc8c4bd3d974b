-- Security hardening (issue 12): signed client claims, counters that only erp.execution_runs can move,
-- roles fitted to their services, and no empty client ids.
--
-- 1. Per-client isolation no longer trusts a setting any connection can change. The acting client is the
--    `client_id` of a claim signed with a key that only the schema owner can read: an HS256 JWT
--    (`{"client_id": "...", "exp": <unix seconds>}`), passed in the setting `erp.client_claim` (the SDK's
--    `begin_as_client`) or, for PostgREST, as the request's bearer token (`request.headers`). A setting
--    written by hand, a forged signature or an expired claim gives no acting client: zero rows, and every
--    write refused by the policies' WITH CHECK. HMAC-SHA256 is built from the core's sha256() so that no
--    extension (and no extension schema) is needed.

CREATE SCHEMA erp_private;
REVOKE ALL ON SCHEMA erp_private FROM PUBLIC;
COMMENT ON SCHEMA erp_private IS
    'Owner-only: the client-claim key and the functions that use it. No service role has USAGE on it.';

-- The HMAC key block of `secret` XORed with one of HMAC's pads (0x36 inner, 0x5c outer); precomputed in
-- the key's row so that verifying a claim costs two sha256() calls.
CREATE FUNCTION erp_private.hmac_pad(secret TEXT, pad INTEGER) RETURNS BYTEA
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
DECLARE
    k BYTEA := convert_to(secret, 'UTF8');
    out BYTEA;
BEGIN
    IF octet_length(k) > 64 THEN
        k := sha256(k);
    END IF;
    k := k || decode(repeat('00', 64 - octet_length(k)), 'hex');
    out := k;
    FOR i IN 0..63 LOOP
        out := set_byte(out, i, get_byte(k, i) # pad);
    END LOOP;
    RETURN out;
END;
$$;

CREATE TABLE erp_private.client_claim_key (
    -- One row: the key in force.
    id         BOOLEAN NOT NULL DEFAULT true CONSTRAINT client_claim_key_pkey PRIMARY KEY
               CONSTRAINT client_claim_key_id_check CHECK (id),
    -- Text, so that the same string can be PostgREST's `jwt-secret` and the SDK's ERP_CLIENT_CLAIM_KEY.
    secret     TEXT NOT NULL CONSTRAINT client_claim_key_secret_check CHECK (octet_length(secret) BETWEEN 32 AND 64),
    inner_pad  BYTEA GENERATED ALWAYS AS (erp_private.hmac_pad(secret, 54)) STORED,
    outer_pad  BYTEA GENERATED ALWAYS AS (erp_private.hmac_pad(secret, 92)) STORED,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
REVOKE ALL ON erp_private.client_claim_key FROM PUBLIC;
COMMENT ON TABLE erp_private.client_claim_key IS
    'The key that signs client claims (HS256). Read it as the owner (`erp-migrate claim-key`); rotate with UPDATE.';

-- 64 hex digits from the server's strong random source (gen_random_uuid: 122 random bits each).
INSERT INTO erp_private.client_claim_key (secret)
VALUES (encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text,
                                 'UTF8')), 'hex'));

-- Mints a claim for `client_id`, valid for `valid_for`: for the owner's tooling and tests (the SDK mints
-- its own in Rust with the same key). `role` is PostgREST's claim of the database role to switch to.
CREATE FUNCTION erp_private.mint_client_claim(client_id TEXT, valid_for INTERVAL,
                                              role TEXT DEFAULT 'erp_memory_writer') RETURNS TEXT
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog AS $$
DECLARE
    signing_input TEXT;
    signature     TEXT;
BEGIN
    signing_input := rtrim(translate(encode(convert_to('{"alg":"HS256","typ":"JWT"}', 'UTF8'), 'base64'), '+/', '-_'), '=')
        || '.' || rtrim(translate(replace(encode(convert_to(jsonb_build_object(
                      'role', role, 'client_id', client_id,
                      'exp', floor(extract(epoch FROM clock_timestamp() + valid_for)))::text, 'UTF8'), 'base64'),
                      E'\n', ''), '+/', '-_'), '=');
    SELECT rtrim(translate(encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(signing_input, 'UTF8'))),
                                  'base64'), '+/', '-_'), '=')
    INTO signature
    FROM erp_private.client_claim_key k;
    RETURN signing_input || '.' || signature;
END;
$$;

-- The acting client of the current statement: the client_id of a valid claim in `erp.client_claim`, else
-- of a valid bearer token in PostgREST's `request.headers`, else NULL (no client: no per-client row). A claim
-- gives no client when its signature is wrong, its header is not HS256, it has expired or names no client.
-- The only way into erp_private for service roles. Policies call it as `(SELECT erp.acting_client())`, an
-- init plan evaluated once per statement; PL/pgSQL, because its plans are cached for the session where a
-- SQL-language function would be planned again in every statement.
CREATE FUNCTION erp.acting_client() RETURNS TEXT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    claim     TEXT := current_setting('erp.client_claim', true);
    parts     TEXT[];
    inner_pad BYTEA;
    outer_pad BYTEA;
    expected  TEXT;
    claims    JSONB;
BEGIN
    IF claim IS NULL OR claim = '' THEN
        claim := substring(nullif(current_setting('request.headers', true), '')::json ->> 'authorization'
                           FROM '^[Bb]earer +(.+)$');
    END IF;
    parts := string_to_array(claim, '.');
    IF cardinality(parts) IS DISTINCT FROM 3 OR length(claim) > 4096 THEN
        RETURN NULL;
    END IF;
    -- No parameters: the plan is cached once (a query using `parts` would be planned at every call).
    SELECT k.inner_pad, k.outer_pad INTO inner_pad, outer_pad FROM erp_private.client_claim_key k;
    -- HMAC-SHA256 with the precomputed pads, base64url without padding (a 32-byte digest has no newline).
    expected := rtrim(translate(encode(sha256(outer_pad || sha256(inner_pad
                                || convert_to(parts[1] || '.' || parts[2], 'UTF8'))), 'base64'), '+/', '-_'), '=');
    -- Compare digests of the two signatures, so that how long the comparison takes says nothing about how
    -- many leading characters of a guess were right.
    IF expected IS NULL OR sha256(convert_to(expected, 'UTF8')) <> sha256(convert_to(parts[3], 'UTF8')) THEN
        RETURN NULL;
    END IF;
    -- Signed with the key, so written by a key holder: decoding errors past this point are the minter's bug.
    -- The SDK's header ({"alg":"HS256","typ":"JWT"}) is recognised without decoding it.
    IF parts[1] <> 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'
       AND convert_from(decode(translate(parts[1], '-_', '+/') || repeat('=', (4 - length(parts[1]) % 4) % 4),
                               'base64'), 'UTF8')::jsonb ->> 'alg' IS DISTINCT FROM 'HS256' THEN
        RETURN NULL;
    END IF;
    claims := convert_from(decode(translate(parts[2], '-_', '+/') || repeat('=', (4 - length(parts[2]) % 4) % 4),
                                  'base64'), 'UTF8')::jsonb;
    -- clock_timestamp, not now(): a transaction that outlives its claim loses the client mid-way.
    IF jsonb_typeof(claims -> 'exp') IS DISTINCT FROM 'number'
       OR (claims ->> 'exp')::numeric <= extract(epoch FROM clock_timestamp()) THEN
        RETURN NULL;
    END IF;
    RETURN nullif(claims ->> 'client_id', '');
END;
$$;
COMMENT ON FUNCTION erp.acting_client() IS
    'The client_id of a valid signed claim (erp.client_claim, or the PostgREST bearer token); NULL otherwise.';

-- 2. The counters: the trigger function refuses to run for any table but erp.execution_runs (attached to a
--    temporary table of one's own it could otherwise forge or wipe them), and no role but the owner may
--    execute any function of the private schemas directly.
CREATE OR REPLACE FUNCTION erp_derived.workflow_run_stats_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF TG_RELID IS DISTINCT FROM 'erp.execution_runs'::regclass OR TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'erp_derived.workflow_run_stats_apply() keeps the counters of erp.execution_runs only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
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

-- Workflows whose counters disagree with their runs (none when the counters are right).
CREATE FUNCTION erp_derived.workflow_run_stats_drift()
RETURNS TABLE (workflow_id BIGINT, runs_count BIGINT, expected_runs_count BIGINT, hours_sum NUMERIC,
               expected_hours_sum NUMERIC, hours_count BIGINT, expected_hours_count BIGINT)
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    WITH actual AS (
        SELECT r.workflow_id, count(*) AS runs, coalesce(sum(r.actual_hours), 0) AS hours, count(r.actual_hours) AS n
        FROM erp.execution_runs r WHERE r.workflow_id IS NOT NULL GROUP BY r.workflow_id
    )
    SELECT coalesce(s.workflow_id, a.workflow_id), coalesce(s.runs_count, 0), coalesce(a.runs, 0),
           coalesce(s.hours_sum, 0), coalesce(a.hours, 0), coalesce(s.hours_count, 0), coalesce(a.n, 0)
    FROM erp_derived.workflow_run_stats s
    FULL JOIN actual a ON a.workflow_id = s.workflow_id
    WHERE coalesce(s.runs_count, 0) <> coalesce(a.runs, 0)
       OR coalesce(s.hours_sum, 0) <> coalesce(a.hours, 0)
       OR coalesce(s.hours_count, 0) <> coalesce(a.n, 0)
    ORDER BY 1
$$;

-- Recounts every workflow's counters from its runs and returns how many workflows were wrong. For the
-- owner (`erp-migrate rebuild-counters`); runs cannot change meanwhile (SHARE lock).
CREATE FUNCTION erp_derived.rebuild_workflow_run_stats() RETURNS BIGINT
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog AS $$
DECLARE
    wrong BIGINT;
BEGIN
    LOCK TABLE erp.execution_runs IN SHARE MODE;
    SELECT count(*) INTO wrong FROM erp_derived.workflow_run_stats_drift();
    DELETE FROM erp_derived.workflow_run_stats;
    INSERT INTO erp_derived.workflow_run_stats (workflow_id, runs_count, hours_sum, hours_count)
    SELECT workflow_id, count(*), coalesce(sum(actual_hours), 0), count(actual_hours)
    FROM erp.execution_runs WHERE workflow_id IS NOT NULL GROUP BY workflow_id;
    RETURN wrong;
END;
$$;

-- No function of these schemas is executable by PUBLIC; nor any the owner creates later in this database
-- (PUBLIC's EXECUTE is a global default, which a per-schema default cannot take away).
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA erp, agent, erp_derived, erp_private FROM PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
-- Triggers need no EXECUTE to fire; attaching one to a table of one's own does. Ordinary functions that run
-- with the caller's rights (they give nothing the caller's grants do not) stay callable by the services;
-- SECURITY DEFINER ones only where granted by name.
DO $$
DECLARE f REGPROCEDURE;
BEGIN
    FOR f IN
        SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('erp', 'agent') AND p.prokind = 'f' AND NOT p.prosecdef
          AND p.prorettype <> 'trigger'::regtype
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                                       AND d.deptype = 'e')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO erp_planner, erp_memory_writer, erp_sync', f);
    END LOOP;
END;
$$;
GRANT EXECUTE ON FUNCTION erp.acting_client() TO erp_planner, erp_memory_writer, erp_sync, erp_anon;
GRANT EXECUTE ON FUNCTION erp_derived.workflow_run_stats_drift() TO erp_planner, erp_memory_writer, erp_sync;

-- 8. No empty client ids: '' is no client, never a client's key.
ALTER TABLE agent.memory_entries ADD CONSTRAINT memory_entries_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.memory_facts ADD CONSTRAINT memory_facts_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.working_state ADD CONSTRAINT working_state_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.episodes ADD CONSTRAINT episodes_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.client_profiles ADD CONSTRAINT client_profiles_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.webhook_executions ADD CONSTRAINT webhook_executions_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.plans ADD CONSTRAINT plans_client_id_check CHECK (client_id <> '');
ALTER TABLE agent.scheduler_runs ADD CONSTRAINT scheduler_runs_client_id_check CHECK (client_id <> '');

-- 5. Only finite embeddings: one NaN or infinity, written by any client of the database, made recall and
-- list fail for the whole client. A little-endian float32 is not finite when its exponent bits are all ones:
-- the high bit of its third byte and the low seven bits of its fourth, i.e. hex digits ....[89a-f].[7f]f
-- at a 4-byte boundary (about 50 µs per 6,144-byte embedding). Non-finite embeddings already stored are
-- unusable for recall and are cleared with their signature.
UPDATE agent.memory_entries SET embedding = NULL, embedding_sig = NULL
WHERE encode(embedding, 'hex') ~ '^(?:[0-9a-f]{8})*[0-9a-f]{4}[89a-f][0-9a-f][7f]f';
UPDATE agent.episodes SET embedding = NULL, embedding_sig = NULL
WHERE encode(embedding, 'hex') ~ '^(?:[0-9a-f]{8})*[0-9a-f]{4}[89a-f][0-9a-f][7f]f';
ALTER TABLE agent.memory_entries DROP CONSTRAINT memory_entries_embedding_check;
ALTER TABLE agent.memory_entries ADD CONSTRAINT memory_entries_embedding_check CHECK (
    octet_length(embedding) = 6144
    AND encode(embedding, 'hex') !~ '^(?:[0-9a-f]{8})*[0-9a-f]{4}[89a-f][0-9a-f][7f]f');
ALTER TABLE agent.episodes DROP CONSTRAINT episodes_embedding_check;
ALTER TABLE agent.episodes ADD CONSTRAINT episodes_embedding_check CHECK (
    octet_length(embedding) = 6144
    AND encode(embedding, 'hex') !~ '^(?:[0-9a-f]{8})*[0-9a-f]{4}[89a-f][0-9a-f][7f]f');

-- 1. (cont.) The six per-client tables compare with the proven client, once per statement.
DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['memory_entries', 'memory_facts', 'working_state', 'episodes', 'client_profiles',
        'webhook_executions']
    LOOP
        EXECUTE format('DROP POLICY %I ON agent.%I', t || '_client_isolation', t);
        EXECUTE format(
            'CREATE POLICY %I ON agent.%I USING (client_id = (SELECT erp.acting_client())) '
            'WITH CHECK (client_id = (SELECT erp.acting_client()))',
            t || '_client_isolation', t);
    END LOOP;
END;
$$;

-- 3. Roles fitted to their services.
-- planner-api creates and schedules tasks, ensures sprints, and writes plans and scheduler runs.
GRANT INSERT ON erp.tasks TO erp_planner;
GRANT UPDATE (scheduled_start_date, scheduled_end_date, due_date, status, assignee_id, estimated_hours)
    ON erp.tasks TO erp_planner;
-- Sprints::ensure_week's ON CONFLICT ... DO UPDATE SET name = excluded.name returns a concurrent winner's row.
GRANT INSERT, UPDATE (name) ON erp.sprints TO erp_planner;
GRANT INSERT, UPDATE, DELETE ON agent.plans, agent.scheduler_runs TO erp_planner;

-- memory-gateway finishes runs it logged: the end, hours, outcome, status and metadata of a run that has not
-- ended yet; never its task, start or pattern, never a run that has already ended.
REVOKE UPDATE ON erp.execution_runs FROM erp_memory_writer;
GRANT UPDATE (ended_at, actual_hours, outcome_notes, status, metadata) ON erp.execution_runs TO erp_memory_writer;
ALTER TABLE erp.execution_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY execution_runs_read ON erp.execution_runs FOR SELECT TO erp_planner, erp_memory_writer, erp_sync
    USING (true);
CREATE POLICY execution_runs_log ON erp.execution_runs FOR INSERT TO erp_memory_writer, erp_sync
    WITH CHECK (true);
CREATE POLICY execution_runs_finish ON erp.execution_runs FOR UPDATE TO erp_memory_writer
    USING (ended_at IS NULL) WITH CHECK (true);
CREATE POLICY execution_runs_sync_update ON erp.execution_runs FOR UPDATE TO erp_sync USING (true) WITH CHECK (true);
CREATE POLICY execution_runs_sync_delete ON erp.execution_runs FOR DELETE TO erp_sync USING (true);

-- Plans and scheduler runs carry a client: the planner works across clients, memory-gateway only for the
-- client it proves (rows of no client are the planner's alone).
ALTER TABLE agent.plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent.scheduler_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY plans_planner ON agent.plans TO erp_planner USING (true) WITH CHECK (true);
CREATE POLICY plans_client_isolation ON agent.plans TO erp_memory_writer
    USING (client_id = (SELECT erp.acting_client())) WITH CHECK (client_id = (SELECT erp.acting_client()));
CREATE POLICY scheduler_runs_planner ON agent.scheduler_runs TO erp_planner USING (true) WITH CHECK (true);
CREATE POLICY scheduler_runs_client_isolation ON agent.scheduler_runs TO erp_memory_writer
    USING (client_id = (SELECT erp.acting_client())) WITH CHECK (client_id = (SELECT erp.acting_client()));

-- 10. ON DELETE rules that crossed a boundary, now RESTRICT: the referencing rows must be removed first, by
-- a role allowed to remove them.
-- RESTRICT: sessions are shared, episodes per client; SET NULL let any memory-gateway connection change
-- another client's episodes by deleting a session.
ALTER TABLE agent.episodes DROP CONSTRAINT episodes_session_id_fkey;
ALTER TABLE agent.episodes ADD CONSTRAINT episodes_session_id_fkey
    FOREIGN KEY (session_id) REFERENCES agent.sessions (id) ON DELETE RESTRICT;
-- RESTRICT: the sync job deletes runs but may not touch the agent's evaluations of them; CASCADE did.
ALTER TABLE agent.step_evaluations DROP CONSTRAINT step_evaluations_execution_run_id_fkey;
ALTER TABLE agent.step_evaluations ADD CONSTRAINT step_evaluations_execution_run_id_fkey
    FOREIGN KEY (execution_run_id) REFERENCES erp.execution_runs (id) ON DELETE RESTRICT;

-- Sweeping expired memories is housekeeping across clients: memory-gateway may run it without acting for
-- anyone, through this function only. Returns the number of entries removed.
CREATE FUNCTION agent.sweep_expired_memories() RETURNS BIGINT
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
    WITH gone AS (DELETE FROM agent.memory_entries WHERE expires_at <= now() RETURNING 1)
    SELECT count(*) FROM gone
$$;
GRANT EXECUTE ON FUNCTION agent.sweep_expired_memories() TO erp_memory_writer;

-- 4. Services check, read-only, that the database is migrated (erp_migrate::check): they read sqlx's table.
GRANT SELECT ON _sqlx_migrations TO erp_planner, erp_memory_writer, erp_sync;

-- Read-only and anonymous roles create no temporary tables. TEMPORARY is a database privilege granted to
-- PUBLIC by default and cannot be denied to one role, so it is revoked from PUBLIC and granted to the
-- writers (the owner keeps it as the database's owner). Database privileges live in the cluster's catalog:
-- a database cloned from a migrated template does not inherit them.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO erp_memory_writer, erp_sync', current_database());
END;
$$;

-- PostgREST (seed 004): it logs in as erp_authenticator and switches, per request, to the JWT's role.
-- NOINHERIT: logged in, it has none of its members' rights until SET ROLE. Set its password at deploy.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'erp_authenticator') THEN
        CREATE ROLE erp_authenticator LOGIN NOINHERIT;
    END IF;
END;
$$;
GRANT erp_planner, erp_memory_writer, erp_sync, erp_anon TO erp_authenticator;
