-- agent: an AI agent's sessions, memory, configuration, graph and planning (seeds 003, 004).
-- Same conventions as the erp migration: TEXT labels with CHECKs named <table>_<column>_check,
-- FKs named <table>_<column>_fkey with an index led by their column. Agent labels are lower snake case,
-- as the agent code writes them; the Coda labels live in erp.
--
-- Embeddings are 1,536 float32 values stored as little-endian BYTEA (6,144 bytes): plain PostgreSQL 15
-- has no vector type, and bytea is ~7x cheaper to ship to the client than real[]. embedding_sig holds a
-- 256-bit sign signature of the embedding for a Hamming-distance prefilter in SQL.

CREATE SCHEMA IF NOT EXISTS agent;

-- Memory -------------------------------------------------------------------------------------------

CREATE TABLE agent.client_profiles (
    id          BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT client_profiles_pkey PRIMARY KEY,
    client_id   TEXT NOT NULL CONSTRAINT client_profiles_client_id_key UNIQUE,
    name        TEXT,
    preferences JSONB NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.memory_entries (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT memory_entries_pkey PRIMARY KEY,
    client_id     TEXT NOT NULL,
    content       TEXT NOT NULL,
    -- sha256 of content, set by agent.fill_memory_entry(); unique per client so remembering is idempotent.
    content_hash  BYTEA NOT NULL,
    memory_type   TEXT NOT NULL DEFAULT 'semantic' CONSTRAINT memory_entries_memory_type_check
                  CHECK (memory_type IN ('episodic', 'semantic', 'procedural', 'preference', 'observation')),
    importance    DOUBLE PRECISION NOT NULL DEFAULT 0.5 CONSTRAINT memory_entries_importance_check
                  CHECK (importance >= 0 AND importance <= 1),
    embedding     BYTEA CONSTRAINT memory_entries_embedding_check CHECK (octet_length(embedding) = 6144),
    embedding_sig BIT(256),
    ttl_minutes   INTEGER CONSTRAINT memory_entries_ttl_minutes_check CHECK (ttl_minutes > 0),
    -- created_at + ttl_minutes when not given (agent.fill_memory_entry()); NULL means it never expires.
    expires_at    TIMESTAMPTZ,
    metadata      JSONB NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT memory_entries_client_id_content_hash_key UNIQUE (client_id, content_hash)
);

CREATE FUNCTION agent.fill_memory_entry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.content_hash := sha256(convert_to(NEW.content, 'UTF8'));
    IF NEW.expires_at IS NULL AND NEW.ttl_minutes IS NOT NULL THEN
        NEW.expires_at := NEW.created_at + make_interval(mins => NEW.ttl_minutes);
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER memory_entries_fill BEFORE INSERT OR UPDATE OF content, ttl_minutes ON agent.memory_entries
    FOR EACH ROW EXECUTE FUNCTION agent.fill_memory_entry();

CREATE TABLE agent.memory_facts (
    id               BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT memory_facts_pkey PRIMARY KEY,
    client_id        TEXT NOT NULL,
    fact_key         TEXT NOT NULL,
    fact_value       TEXT NOT NULL,
    category         TEXT,
    confidence_score DOUBLE PRECISION NOT NULL DEFAULT 1 CONSTRAINT memory_facts_confidence_score_check
                     CHECK (confidence_score >= 0 AND confidence_score <= 1),
    metadata         JSONB NOT NULL DEFAULT '{}',
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Per client, not global as 003 wrote: one client's key must never block another's.
    CONSTRAINT memory_facts_client_id_fact_key_key UNIQUE (client_id, fact_key)
);

CREATE TABLE agent.working_state (
    id          BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT working_state_pkey PRIMARY KEY,
    client_id   TEXT NOT NULL,
    state_key   TEXT NOT NULL,
    state_value JSONB NOT NULL DEFAULT '{}',
    -- Bumped on every write so compare-and-set can detect a concurrent update.
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT working_state_client_id_state_key_key UNIQUE (client_id, state_key)
);

-- Every write bumps the version, also a hand-written one, so compare-and-set never misses an update.
CREATE FUNCTION agent.bump_working_state_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END;
$$;

CREATE TRIGGER working_state_bump_version BEFORE UPDATE ON agent.working_state
    FOR EACH ROW EXECUTE FUNCTION agent.bump_working_state_version();

-- Operations ---------------------------------------------------------------------------------------

CREATE TABLE agent.context_recipes (
    id             BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT context_recipes_pkey PRIMARY KEY,
    name           TEXT NOT NULL CONSTRAINT context_recipes_name_key UNIQUE,
    description    TEXT,
    retrieval_spec JSONB NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.profiles (
    id                        BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT profiles_pkey PRIMARY KEY,
    global_id                 UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT profiles_global_id_key UNIQUE,
    name                      TEXT NOT NULL CONSTRAINT profiles_name_key UNIQUE,
    description               TEXT,
    system_prompt_template    TEXT,
    harness_config            JSONB NOT NULL DEFAULT '{}',
    default_model             TEXT,
    default_context_recipe_id BIGINT CONSTRAINT profiles_default_context_recipe_id_fkey
                              REFERENCES agent.context_recipes (id) ON DELETE SET NULL,
    is_active                 BOOLEAN NOT NULL DEFAULT true,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.tools (
    id                BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT tools_pkey PRIMARY KEY,
    global_id         UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT tools_global_id_key UNIQUE,
    name              TEXT NOT NULL CONSTRAINT tools_name_key UNIQUE,
    description       TEXT,
    schema_definition JSONB NOT NULL DEFAULT '{}',
    is_active         BOOLEAN NOT NULL DEFAULT true,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- 003 keys this table by (profile_id, tool_id); it gets an id like every other table (so it is
-- addressed the same way) and keeps the pair unique.
CREATE TABLE agent.profile_tools (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT profile_tools_pkey PRIMARY KEY,
    -- CASCADE on both: the link is owned by the profile and by the tool.
    profile_id BIGINT NOT NULL CONSTRAINT profile_tools_profile_id_fkey
               REFERENCES agent.profiles (id) ON DELETE CASCADE,
    tool_id    BIGINT NOT NULL CONSTRAINT profile_tools_tool_id_fkey
               REFERENCES agent.tools (id) ON DELETE CASCADE,
    is_enabled BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT profile_tools_profile_id_tool_id_key UNIQUE (profile_id, tool_id)
);

CREATE TABLE agent.sessions (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT sessions_pkey PRIMARY KEY,
    global_id              UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT sessions_global_id_key UNIQUE,
    profile_id             BIGINT CONSTRAINT sessions_profile_id_fkey
                           REFERENCES agent.profiles (id) ON DELETE SET NULL,
    session_type           TEXT NOT NULL DEFAULT 'chat' CONSTRAINT sessions_session_type_check
                           CHECK (session_type IN ('chat', 'planning', 'execution', 'reflection', 'sync')),
    client_person_id       BIGINT CONSTRAINT sessions_client_person_id_fkey
                           REFERENCES erp.people (id) ON DELETE SET NULL,
    subject_type           TEXT CONSTRAINT sessions_subject_type_check
                           CHECK (subject_type IN ('person', 'organization', 'venture', 'project', 'task',
                                                   'engagement', 'workflow', 'client', 'agent')),
    subject_id             TEXT,
    status                 TEXT NOT NULL DEFAULT 'active' CONSTRAINT sessions_status_check
                           CHECK (status IN ('active', 'completed', 'failed', 'abandoned')),
    started_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at               TIMESTAMPTZ CONSTRAINT sessions_ended_at_check CHECK (ended_at >= started_at),
    trace_id               TEXT,
    context_recipe_id      BIGINT CONSTRAINT sessions_context_recipe_id_fkey
                           REFERENCES agent.context_recipes (id) ON DELETE SET NULL,
    applied_harness_config JSONB NOT NULL DEFAULT '{}',
    metadata               JSONB NOT NULL DEFAULT '{}',
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- SET NULL: a run keeps its telemetry when the agent session that logged it is removed.
ALTER TABLE erp.execution_runs ADD CONSTRAINT execution_runs_session_id_fkey
    FOREIGN KEY (session_id) REFERENCES agent.sessions (id) ON DELETE SET NULL;

CREATE TABLE agent.episodes (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT episodes_pkey PRIMARY KEY,
    client_id     TEXT NOT NULL,
    session_id    BIGINT CONSTRAINT episodes_session_id_fkey
                  REFERENCES agent.sessions (id) ON DELETE SET NULL,
    summary       TEXT NOT NULL,
    importance    DOUBLE PRECISION NOT NULL DEFAULT 0.5 CONSTRAINT episodes_importance_check
                  CHECK (importance >= 0 AND importance <= 1),
    embedding     BYTEA CONSTRAINT episodes_embedding_check CHECK (octet_length(embedding) = 6144),
    embedding_sig BIT(256),
    metadata      JSONB NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.webhook_executions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT webhook_executions_pkey PRIMARY KEY,
    client_id   TEXT NOT NULL,
    webhook_url TEXT NOT NULL,
    payload     JSONB NOT NULL DEFAULT '{}',
    response    JSONB,
    status      TEXT NOT NULL CONSTRAINT webhook_executions_status_check
                CHECK (status IN ('pending', 'succeeded', 'failed', 'timed_out')),
    executed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.facts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT facts_pkey PRIMARY KEY,
    global_id       UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT facts_global_id_key UNIQUE,
    subject_type    TEXT NOT NULL CONSTRAINT facts_subject_type_check
                    CHECK (subject_type IN ('person', 'organization', 'venture', 'project', 'task',
                                            'engagement', 'workflow', 'client', 'agent')),
    subject_id      TEXT NOT NULL,
    fact_type       TEXT NOT NULL CONSTRAINT facts_fact_type_check
                    CHECK (fact_type IN ('attribute', 'preference', 'relationship', 'status', 'decision',
                                         'observation', 'skill')),
    category        TEXT,
    content         TEXT NOT NULL,
    salience_score  DOUBLE PRECISION NOT NULL DEFAULT 0.5 CONSTRAINT facts_salience_score_check
                    CHECK (salience_score >= 0 AND salience_score <= 1),
    -- A fact is true on [valid_from, valid_to); superseding closes the old version at the new one's start.
    valid_from      TIMESTAMPTZ NOT NULL DEFAULT now(),
    valid_to        TIMESTAMPTZ CONSTRAINT facts_valid_to_check CHECK (valid_to >= valid_from),
    source_event_id BIGINT,
    source_ref      TEXT,
    metadata        JSONB NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.events (
    id               BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT events_pkey PRIMARY KEY,
    -- CASCADE: events are owned by their session.
    session_id       BIGINT NOT NULL CONSTRAINT events_session_id_fkey
                     REFERENCES agent.sessions (id) ON DELETE CASCADE,
    occurred_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    event_type       TEXT NOT NULL CONSTRAINT events_event_type_check
                     CHECK (event_type IN ('message', 'tool_call', 'tool_result', 'observation', 'decision',
                                           'error', 'system')),
    event_source     TEXT NOT NULL DEFAULT 'agent' CONSTRAINT events_event_source_check
                     CHECK (event_source IN ('user', 'agent', 'tool', 'system', 'webhook')),
    subject_type     TEXT CONSTRAINT events_subject_type_check
                     CHECK (subject_type IN ('person', 'organization', 'venture', 'project', 'task',
                                             'engagement', 'workflow', 'client', 'agent')),
    subject_id       TEXT,
    message          TEXT,
    payload          JSONB NOT NULL DEFAULT '{}',
    memory_scope     TEXT NOT NULL DEFAULT 'session' CONSTRAINT events_memory_scope_check
                     CHECK (memory_scope IN ('session', 'client', 'global')),
    salience_score   DOUBLE PRECISION NOT NULL DEFAULT 0 CONSTRAINT events_salience_score_check
                     CHECK (salience_score >= 0 AND salience_score <= 1),
    -- SET NULL: forgetting a fact does not erase the event it came from.
    promoted_fact_id BIGINT CONSTRAINT events_promoted_fact_id_fkey
                     REFERENCES agent.facts (id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The events <-> facts cycle: added after both tables exist. SET NULL: a fact outlives its source event.
ALTER TABLE agent.facts ADD CONSTRAINT facts_source_event_id_fkey
    FOREIGN KEY (source_event_id) REFERENCES agent.events (id) ON DELETE SET NULL;

CREATE TABLE agent.goals (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT goals_pkey PRIMARY KEY,
    global_id          UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT goals_global_id_key UNIQUE,
    subject_type       TEXT NOT NULL CONSTRAINT goals_subject_type_check
                       CHECK (subject_type IN ('person', 'organization', 'venture', 'project', 'task',
                                               'engagement', 'workflow', 'client', 'agent')),
    subject_id         TEXT NOT NULL,
    title              TEXT NOT NULL,
    description        TEXT,
    success_criteria   JSONB NOT NULL DEFAULT '[]',
    status             TEXT NOT NULL DEFAULT 'active' CONSTRAINT goals_status_check
                       CHECK (status IN ('proposed', 'active', 'blocked', 'achieved', 'abandoned')),
    priority           TEXT NOT NULL DEFAULT 'medium' CONSTRAINT goals_priority_check
                       CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    time_horizon_start DATE,
    time_horizon_end   DATE CONSTRAINT goals_time_horizon_end_check CHECK (time_horizon_end >= time_horizon_start),
    -- SET NULL: removing a parent goal leaves its sub-goals standing as roots.
    parent_goal_id     BIGINT CONSTRAINT goals_parent_goal_id_fkey
                       REFERENCES agent.goals (id) ON DELETE SET NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT goals_parent_goal_id_check CHECK (parent_goal_id <> id)
);

CREATE TABLE agent.reflections (
    id                BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT reflections_pkey PRIMARY KEY,
    session_id        BIGINT CONSTRAINT reflections_session_id_fkey
                      REFERENCES agent.sessions (id) ON DELETE SET NULL,
    reflection_date   DATE NOT NULL DEFAULT CURRENT_DATE,
    mode              TEXT NOT NULL DEFAULT 'daily' CONSTRAINT reflections_mode_check
                      CHECK (mode IN ('daily', 'weekly', 'session', 'retrospective')),
    client_person_id  BIGINT CONSTRAINT reflections_client_person_id_fkey
                      REFERENCES erp.people (id) ON DELETE SET NULL,
    scope             TEXT CONSTRAINT reflections_scope_check
                      CHECK (scope IN ('personal', 'client', 'project', 'venture', 'system')),
    focal_entity_type TEXT CONSTRAINT reflections_focal_entity_type_check
                      CHECK (focal_entity_type IN ('person', 'organization', 'venture', 'project', 'task',
                                                   'engagement', 'workflow', 'client', 'agent')),
    focal_entity_id   TEXT,
    goals             TEXT,
    accomplishments   TEXT,
    blockers          TEXT,
    decisions         TEXT,
    metrics           JSONB NOT NULL DEFAULT '{}',
    next_actions      TEXT,
    raw_text          TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.step_evaluations (
    id               BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT step_evaluations_pkey PRIMARY KEY,
    -- CASCADE: an evaluation is owned by the run it grades.
    execution_run_id BIGINT NOT NULL CONSTRAINT step_evaluations_execution_run_id_fkey
                     REFERENCES erp.execution_runs (id) ON DELETE CASCADE,
    step_name        TEXT NOT NULL,
    step_index       INTEGER NOT NULL CONSTRAINT step_evaluations_step_index_check CHECK (step_index >= 0),
    validator_type   TEXT NOT NULL CONSTRAINT step_evaluations_validator_type_check
                     CHECK (validator_type IN ('rule', 'llm', 'human', 'test')),
    status           TEXT NOT NULL DEFAULT 'pending' CONSTRAINT step_evaluations_status_check
                     CHECK (status IN ('pending', 'passed', 'failed', 'skipped')),
    score            DOUBLE PRECISION CONSTRAINT step_evaluations_score_check CHECK (score >= 0 AND score <= 1),
    feedback         TEXT,
    needs_human      BOOLEAN NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.artifacts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT artifacts_pkey PRIMARY KEY,
    global_id     UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT artifacts_global_id_key UNIQUE,
    artifact_type TEXT NOT NULL CONSTRAINT artifacts_artifact_type_check
                  CHECK (artifact_type IN ('document', 'email', 'code', 'image', 'link', 'note', 'dataset')),
    external_id   TEXT,
    title         TEXT NOT NULL,
    summary       TEXT,
    source_system TEXT,
    metadata      JSONB NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Graph and blocks ---------------------------------------------------------------------------------

CREATE TABLE agent.graph_nodes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT graph_nodes_pkey PRIMARY KEY,
    node_type  TEXT NOT NULL CONSTRAINT graph_nodes_node_type_check
               CHECK (node_type IN ('service_blueprint', 'workflow', 'process_template', 'resource_template',
                                    'execution_run', 'person', 'organization', 'venture', 'project', 'task',
                                    'engagement', 'offer', 'concept', 'document', 'memory', 'fact', 'goal')),
    node_id    TEXT NOT NULL CONSTRAINT graph_nodes_node_id_key UNIQUE,
    properties JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.graph_edges (
    id           BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT graph_edges_pkey PRIMARY KEY,
    -- CASCADE on both ends: an edge cannot outlive either of its nodes.
    from_node_id BIGINT NOT NULL CONSTRAINT graph_edges_from_node_id_fkey
                 REFERENCES agent.graph_nodes (id) ON DELETE CASCADE,
    to_node_id   BIGINT NOT NULL CONSTRAINT graph_edges_to_node_id_fkey
                 REFERENCES agent.graph_nodes (id) ON DELETE CASCADE,
    edge_type    TEXT NOT NULL CONSTRAINT graph_edges_edge_type_check
                 CHECK (edge_type IN ('part_of', 'derived_from', 'depends_on', 'relates_to', 'mentions', 'owns',
                                      'assigned_to', 'uses', 'produced')),
    properties   JSONB NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One edge of a type between two nodes, so upserting an edge is idempotent.
    CONSTRAINT graph_edges_from_node_id_to_node_id_edge_type_key UNIQUE (from_node_id, to_node_id, edge_type)
);

CREATE TABLE agent.blocks (
    id           BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT blocks_pkey PRIMARY KEY,
    global_id    UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT blocks_global_id_key UNIQUE,
    block_type   TEXT NOT NULL CONSTRAINT blocks_block_type_check
                 CHECK (block_type IN ('note', 'task', 'summary', 'reference', 'decision', 'checklist', 'snippet')),
    title        TEXT,
    body_md      TEXT,
    source_table TEXT,
    source_id    TEXT,
    artifact_id  BIGINT CONSTRAINT blocks_artifact_id_fkey
                 REFERENCES agent.artifacts (id) ON DELETE SET NULL,
    vector_key   TEXT,
    graph_key    TEXT,
    metadata     JSONB NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.block_actions (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT block_actions_pkey PRIMARY KEY,
    -- CASCADE: actions are owned by their block.
    block_id             BIGINT NOT NULL CONSTRAINT block_actions_block_id_fkey
                         REFERENCES agent.blocks (id) ON DELETE CASCADE,
    action_type          TEXT NOT NULL CONSTRAINT block_actions_action_type_check
                         CHECK (action_type IN ('open', 'tool_call', 'prompt', 'copy', 'share')),
    tool_name            TEXT,
    tool_params_template JSONB NOT NULL DEFAULT '{}',
    is_default           BOOLEAN NOT NULL DEFAULT false,
    metadata             JSONB NOT NULL DEFAULT '{}',
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Planning -----------------------------------------------------------------------------------------

CREATE TABLE agent.plans (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT plans_pkey PRIMARY KEY,
    plan_title TEXT NOT NULL,
    intent     TEXT,
    sop        JSONB NOT NULL DEFAULT '{}',
    client_id  TEXT,
    status     TEXT NOT NULL DEFAULT 'draft' CONSTRAINT plans_status_check
               CHECK (status IN ('draft', 'approved', 'scheduled', 'in_progress', 'completed', 'cancelled')),
    metadata   JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE agent.scheduler_runs (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT scheduler_runs_pkey PRIMARY KEY,
    -- CASCADE: scheduler runs are owned by their plan.
    plan_id         BIGINT NOT NULL CONSTRAINT scheduler_runs_plan_id_fkey
                    REFERENCES agent.plans (id) ON DELETE CASCADE,
    schedule_blocks JSONB NOT NULL DEFAULT '[]',
    client_id       TEXT,
    status          TEXT NOT NULL DEFAULT 'pending' CONSTRAINT scheduler_runs_status_check
                    CHECK (status IN ('pending', 'claimed', 'completed', 'failed', 'cancelled')),
    calendar_events JSONB NOT NULL DEFAULT '[]',
    -- When the run is due; workers claim due pending runs with FOR UPDATE SKIP LOCKED.
    scheduled_for   TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_by      TEXT,
    claimed_at      TIMESTAMPTZ,
    metadata        JSONB NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- 003 makes template_name unique; versions of one name must coexist to ask for "the latest", so the
-- pair (template_name, version) is unique instead.
CREATE TABLE agent.prompt_templates (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT prompt_templates_pkey PRIMARY KEY,
    template_name TEXT NOT NULL,
    template_type TEXT NOT NULL DEFAULT 'system' CONSTRAINT prompt_templates_template_type_check
                  CHECK (template_type IN ('system', 'user', 'tool', 'summary', 'reflection', 'planner')),
    content       TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1 CONSTRAINT prompt_templates_version_check CHECK (version >= 1),
    variables     JSONB NOT NULL DEFAULT '[]',
    metadata      JSONB NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT prompt_templates_template_name_version_key UNIQUE (template_name, version)
);

-- Indexes ------------------------------------------------------------------------------------------

CREATE INDEX memory_entries_client_id_idx ON agent.memory_entries (client_id, memory_type, created_at DESC);
CREATE INDEX memory_entries_expires_at_idx ON agent.memory_entries (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX memory_facts_client_id_category_idx ON agent.memory_facts (client_id, category);
CREATE INDEX episodes_client_id_idx ON agent.episodes (client_id, created_at DESC);
CREATE INDEX episodes_session_id_idx ON agent.episodes (session_id);
CREATE INDEX webhook_executions_client_id_idx ON agent.webhook_executions (client_id, executed_at DESC);
CREATE INDEX profiles_default_context_recipe_id_idx ON agent.profiles (default_context_recipe_id);
CREATE INDEX profile_tools_tool_id_idx ON agent.profile_tools (tool_id);
CREATE INDEX sessions_profile_id_idx ON agent.sessions (profile_id);
CREATE INDEX sessions_client_person_id_idx ON agent.sessions (client_person_id);
CREATE INDEX sessions_context_recipe_id_idx ON agent.sessions (context_recipe_id);
CREATE INDEX sessions_subject_idx ON agent.sessions (subject_type, subject_id, started_at DESC);
CREATE INDEX events_session_id_idx ON agent.events (session_id, occurred_at, id);
CREATE INDEX events_promoted_fact_id_idx ON agent.events (promoted_fact_id);
CREATE INDEX events_unpromoted_salience_idx ON agent.events (salience_score DESC) WHERE promoted_fact_id IS NULL;
CREATE INDEX facts_source_event_id_idx ON agent.facts (source_event_id);
CREATE INDEX facts_subject_idx ON agent.facts (subject_type, subject_id, fact_type, valid_from);
CREATE INDEX goals_parent_goal_id_idx ON agent.goals (parent_goal_id);
CREATE INDEX goals_subject_idx ON agent.goals (subject_type, subject_id, status);
CREATE INDEX reflections_session_id_idx ON agent.reflections (session_id);
CREATE INDEX reflections_client_person_id_idx ON agent.reflections (client_person_id);
CREATE INDEX step_evaluations_execution_run_id_idx ON agent.step_evaluations (execution_run_id, step_index);
CREATE INDEX graph_edges_from_node_id_idx ON agent.graph_edges (from_node_id);
CREATE INDEX graph_edges_to_node_id_idx ON agent.graph_edges (to_node_id);
CREATE INDEX blocks_artifact_id_idx ON agent.blocks (artifact_id);
CREATE INDEX block_actions_block_id_idx ON agent.block_actions (block_id);
-- At most one default action per block.
CREATE UNIQUE INDEX block_actions_block_id_default_key ON agent.block_actions (block_id) WHERE is_default;
CREATE INDEX plans_client_id_idx ON agent.plans (client_id);
CREATE INDEX scheduler_runs_plan_id_idx ON agent.scheduler_runs (plan_id);
CREATE INDEX scheduler_runs_due_idx ON agent.scheduler_runs (scheduled_for) WHERE status = 'pending';

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['client_profiles', 'memory_facts', 'working_state', 'profiles', 'tools',
        'sessions', 'facts', 'events', 'goals', 'graph_nodes', 'graph_edges', 'blocks', 'block_actions',
        'plans', 'scheduler_runs', 'prompt_templates']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON agent.%I FOR EACH ROW EXECUTE FUNCTION erp.touch_updated_at()',
                       t || '_touch_updated_at', t);
    END LOOP;
END;
$$;
