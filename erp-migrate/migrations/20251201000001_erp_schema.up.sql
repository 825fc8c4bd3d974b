-- erp: the business schema that replaces the Coda doc (seeds 000, 001, 003).
--
-- Conventions, relied on by erp-repo's error mapping:
--   * every label column is TEXT with a CHECK named <table>_<column>_check listing the exact Coda labels;
--   * every other CHECK is also named <table>_<column>_check after the column it guards;
--   * foreign keys are named <table>_<column>_fkey and each has an index led by its column;
--   * unique constraints are named <table>_<columns>_key.
-- ON DELETE rules: CASCADE for owned children, SET NULL for optional links, RESTRICT where a delete
-- would erase history (execution runs, results).

-- The SDK needs PostgreSQL 15 (UNIQUE ... NULLS NOT DISTINCT, MERGE, bit_count); fail early and clearly.
DO $$
BEGIN
    IF current_setting('server_version_num')::int < 150000 THEN
        RAISE EXCEPTION 'erp-sdk needs PostgreSQL 15 or newer, this server is %', current_setting('server_version');
    END IF;
END;
$$;

CREATE SCHEMA IF NOT EXISTS erp;

-- One trigger function keeps updated_at current on every table of both schemas that has the column.
CREATE FUNCTION erp.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TABLE erp.people (
    id          BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT people_pkey PRIMARY KEY,
    global_id   UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT people_global_id_key UNIQUE,
    full_name   TEXT NOT NULL,
    email       TEXT CONSTRAINT people_email_key UNIQUE,
    handle      TEXT,
    role_label  TEXT,
    notes       TEXT,
    is_active   BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.organizations (
    id          BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT organizations_pkey PRIMARY KEY,
    global_id   UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT organizations_global_id_key UNIQUE,
    name        TEXT NOT NULL,
    website     TEXT,
    org_type    TEXT CONSTRAINT organizations_org_type_check
                CHECK (org_type IN ('Client', 'Partner', 'Vendor', 'Prospect', 'Internal')),
    notes       TEXT,
    is_active   BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.ventures (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT ventures_pkey PRIMARY KEY,
    global_id       UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT ventures_global_id_key UNIQUE,
    name            TEXT NOT NULL,
    description     TEXT,
    status          TEXT NOT NULL DEFAULT 'Active' CONSTRAINT ventures_status_check
                    CHECK (status IN ('Idea', 'Active', 'Paused', 'Closed')),
    -- SET NULL: a venture outlives the person who owned it.
    owner_person_id BIGINT CONSTRAINT ventures_owner_person_id_fkey
                    REFERENCES erp.people (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.service_blueprints (
    id                BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT service_blueprints_pkey PRIMARY KEY,
    global_id         UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT service_blueprints_global_id_key UNIQUE,
    name              TEXT NOT NULL,
    description       TEXT,
    customer_actions  TEXT,
    frontstage        TEXT,
    backstage         TEXT,
    support_processes TEXT,
    evidence          TEXT,
    version           TEXT,
    status            TEXT NOT NULL DEFAULT 'Draft' CONSTRAINT service_blueprints_status_check
                      CHECK (status IN ('Draft', 'Active', 'Deprecated')),
    -- SET NULL: the blueprint stays when its owner leaves.
    owner_person_id   BIGINT CONSTRAINT service_blueprints_owner_person_id_fkey
                      REFERENCES erp.people (id) ON DELETE SET NULL,
    tags              TEXT[] NOT NULL DEFAULT '{}',
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.workflows (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT workflows_pkey PRIMARY KEY,
    global_id            UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT workflows_global_id_key UNIQUE,
    -- SET NULL: a workflow is a reusable SOP and survives the blueprint it was first drawn for.
    service_blueprint_id BIGINT CONSTRAINT workflows_service_blueprint_id_fkey
                         REFERENCES erp.service_blueprints (id) ON DELETE SET NULL,
    name                 TEXT NOT NULL,
    description          TEXT,
    steps                JSONB NOT NULL DEFAULT '[]',
    estimated_hours      NUMERIC(10, 2) CONSTRAINT workflows_estimated_hours_check CHECK (estimated_hours >= 0),
    automation_status    TEXT NOT NULL DEFAULT 'Manual' CONSTRAINT workflows_automation_status_check
                         CHECK (automation_status IN ('Manual', 'Semi-automated', 'Automated')),
    version              TEXT,
    status               TEXT NOT NULL DEFAULT 'Draft' CONSTRAINT workflows_status_check
                         CHECK (status IN ('Draft', 'Active', 'Deprecated')),
    tags                 TEXT[] NOT NULL DEFAULT '{}',
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.process_templates (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT process_templates_pkey PRIMARY KEY,
    global_id     UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT process_templates_global_id_key UNIQUE,
    -- SET NULL: a template may exist without a parent workflow (seed 001: nullable).
    workflow_id   BIGINT CONSTRAINT process_templates_workflow_id_fkey
                  REFERENCES erp.workflows (id) ON DELETE SET NULL,
    name          TEXT NOT NULL,
    description   TEXT,
    checklist     JSONB NOT NULL DEFAULT '[]',
    template_type TEXT NOT NULL DEFAULT 'Operational' CONSTRAINT process_templates_template_type_check
                  CHECK (template_type IN ('Operational', 'Communication')),
    version       TEXT,
    status        TEXT NOT NULL DEFAULT 'Draft' CONSTRAINT process_templates_status_check
                  CHECK (status IN ('Draft', 'Active', 'Deprecated')),
    tags          TEXT[] NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.resource_templates (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT resource_templates_pkey PRIMARY KEY,
    global_id     UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT resource_templates_global_id_key UNIQUE,
    name          TEXT NOT NULL,
    description   TEXT,
    template_type TEXT NOT NULL DEFAULT 'Document' CONSTRAINT resource_templates_template_type_check
                  CHECK (template_type IN ('Document', 'Communication', 'Media')),
    storage_url   TEXT,
    version       TEXT,
    status        TEXT NOT NULL DEFAULT 'Draft' CONSTRAINT resource_templates_status_check
                  CHECK (status IN ('Draft', 'Active', 'Deprecated')),
    tags          TEXT[] NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.projects (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT projects_pkey PRIMARY KEY,
    global_id           UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT projects_global_id_key UNIQUE,
    name                TEXT NOT NULL,
    description         TEXT,
    -- SET NULL on all four: a project is kept when its owner, client, venture or template goes.
    owner_person_id     BIGINT CONSTRAINT projects_owner_person_id_fkey
                        REFERENCES erp.people (id) ON DELETE SET NULL,
    organization_id     BIGINT CONSTRAINT projects_organization_id_fkey
                        REFERENCES erp.organizations (id) ON DELETE SET NULL,
    venture_id          BIGINT CONSTRAINT projects_venture_id_fkey
                        REFERENCES erp.ventures (id) ON DELETE SET NULL,
    process_template_id BIGINT CONSTRAINT projects_process_template_id_fkey
                        REFERENCES erp.process_templates (id) ON DELETE SET NULL,
    status              TEXT NOT NULL DEFAULT 'Planned' CONSTRAINT projects_status_check
                        CHECK (status IN ('Planned', 'Active', 'On Hold', 'Completed', 'Cancelled')),
    start_date          DATE,
    end_date            DATE CONSTRAINT projects_end_date_check CHECK (end_date >= start_date),
    tags                TEXT[] NOT NULL DEFAULT '{}',
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.offers (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT offers_pkey PRIMARY KEY,
    global_id            UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT offers_global_id_key UNIQUE,
    -- SET NULL: the commercial offer stays sellable if its delivery blueprint is removed.
    service_blueprint_id BIGINT CONSTRAINT offers_service_blueprint_id_fkey
                         REFERENCES erp.service_blueprints (id) ON DELETE SET NULL,
    name                 TEXT NOT NULL,
    description          TEXT,
    pricing_model        TEXT CONSTRAINT offers_pricing_model_check
                         CHECK (pricing_model IN ('Fixed', 'Hourly', 'Retainer', 'Subscription', 'Value-based')),
    base_price           NUMERIC(14, 2) CONSTRAINT offers_base_price_check CHECK (base_price >= 0),
    status               TEXT NOT NULL DEFAULT 'Draft' CONSTRAINT offers_status_check
                         CHECK (status IN ('Draft', 'Active', 'Deprecated')),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.engagements (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT engagements_pkey PRIMARY KEY,
    global_id          UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT engagements_global_id_key UNIQUE,
    name               TEXT NOT NULL,
    -- RESTRICT: deleting a client would erase the commercial history of its engagements.
    client_org_id      BIGINT CONSTRAINT engagements_client_org_id_fkey
                       REFERENCES erp.organizations (id) ON DELETE RESTRICT,
    primary_contact_id BIGINT CONSTRAINT engagements_primary_contact_id_fkey
                       REFERENCES erp.people (id) ON DELETE SET NULL,
    project_id         BIGINT CONSTRAINT engagements_project_id_fkey
                       REFERENCES erp.projects (id) ON DELETE SET NULL,
    offer_id           BIGINT CONSTRAINT engagements_offer_id_fkey
                       REFERENCES erp.offers (id) ON DELETE SET NULL,
    offer_name         TEXT,
    status             TEXT NOT NULL DEFAULT 'Prospect' CONSTRAINT engagements_status_check
                       CHECK (status IN ('Prospect', 'Active', 'Paused', 'Completed', 'Cancelled')),
    start_date         DATE,
    end_date           DATE CONSTRAINT engagements_end_date_check CHECK (end_date >= start_date),
    value_estimate     NUMERIC(14, 2) CONSTRAINT engagements_value_estimate_check CHECK (value_estimate >= 0),
    notes              TEXT,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.tasks (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT tasks_pkey PRIMARY KEY,
    global_id            UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT tasks_global_id_key UNIQUE,
    title                TEXT NOT NULL,
    description          TEXT,
    -- CASCADE: tasks are owned by their project.
    project_id           BIGINT CONSTRAINT tasks_project_id_fkey
                         REFERENCES erp.projects (id) ON DELETE CASCADE,
    engagement_id        BIGINT CONSTRAINT tasks_engagement_id_fkey
                         REFERENCES erp.engagements (id) ON DELETE SET NULL,
    assignee_id          BIGINT CONSTRAINT tasks_assignee_id_fkey
                         REFERENCES erp.people (id) ON DELETE SET NULL,
    status               TEXT NOT NULL DEFAULT 'Not Started' CONSTRAINT tasks_status_check
                         CHECK (status IN ('Not Started', 'In Progress', 'Blocked', 'Done', 'Cancelled')),
    priority             TEXT NOT NULL DEFAULT 'Medium' CONSTRAINT tasks_priority_check
                         CHECK (priority IN ('Low', 'Medium', 'High', 'Urgent')),
    due_date             DATE,
    estimated_hours      NUMERIC(10, 2) CONSTRAINT tasks_estimated_hours_check CHECK (estimated_hours >= 0),
    actual_hours         NUMERIC(10, 2) CONSTRAINT tasks_actual_hours_check CHECK (actual_hours >= 0),
    -- No sprint column: a task's sprint is computed from scheduled_start_date (view erp.sprint_tasks).
    scheduled_start_date DATE,
    scheduled_end_date   DATE CONSTRAINT tasks_scheduled_end_date_check
                         CHECK (scheduled_end_date >= scheduled_start_date),
    tags                 TEXT[] NOT NULL DEFAULT '{}',
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.sprints (
    id             BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT sprints_pkey PRIMARY KEY,
    global_id      UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT sprints_global_id_key UNIQUE,
    -- The ISO-week name, e.g. 2025-W50; unique so "ensure the sprint of this week" is idempotent.
    name           TEXT NOT NULL CONSTRAINT sprints_name_key UNIQUE,
    start_date     DATE NOT NULL,
    end_date       DATE NOT NULL CONSTRAINT sprints_end_date_check CHECK (end_date >= start_date),
    capacity_hours NUMERIC(10, 2) CONSTRAINT sprints_capacity_hours_check CHECK (capacity_hours >= 0),
    status         TEXT NOT NULL DEFAULT 'Planned' CONSTRAINT sprints_status_check
                   CHECK (status IN ('Planned', 'Active', 'Completed')),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.okrs (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT okrs_pkey PRIMARY KEY,
    global_id          UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT okrs_global_id_key UNIQUE,
    owner_person_id    BIGINT CONSTRAINT okrs_owner_person_id_fkey
                       REFERENCES erp.people (id) ON DELETE SET NULL,
    venture_id         BIGINT CONSTRAINT okrs_venture_id_fkey
                       REFERENCES erp.ventures (id) ON DELETE SET NULL,
    venture_name       TEXT,
    objective          TEXT NOT NULL,
    key_results        JSONB NOT NULL DEFAULT '[]',
    time_horizon_start DATE,
    time_horizon_end   DATE CONSTRAINT okrs_time_horizon_end_check CHECK (time_horizon_end >= time_horizon_start),
    status             TEXT NOT NULL DEFAULT 'Draft' CONSTRAINT okrs_status_check
                       CHECK (status IN ('Draft', 'Active', 'Achieved', 'Missed', 'Abandoned')),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.deliverables (
    id            BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT deliverables_pkey PRIMARY KEY,
    global_id     UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT deliverables_global_id_key UNIQUE,
    -- CASCADE: deliverables are owned by their engagement.
    engagement_id BIGINT CONSTRAINT deliverables_engagement_id_fkey
                  REFERENCES erp.engagements (id) ON DELETE CASCADE,
    offer_id      BIGINT CONSTRAINT deliverables_offer_id_fkey
                  REFERENCES erp.offers (id) ON DELETE SET NULL,
    name          TEXT NOT NULL,
    description   TEXT,
    due_date      DATE,
    status        TEXT NOT NULL DEFAULT 'Planned' CONSTRAINT deliverables_status_check
                  CHECK (status IN ('Planned', 'In Progress', 'In Review', 'Delivered', 'Accepted', 'Rejected')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.results (
    id             BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT results_pkey PRIMARY KEY,
    global_id      UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT results_global_id_key UNIQUE,
    -- RESTRICT on both: results are the record of impact; they must be removed deliberately.
    engagement_id  BIGINT CONSTRAINT results_engagement_id_fkey
                   REFERENCES erp.engagements (id) ON DELETE RESTRICT,
    deliverable_id BIGINT CONSTRAINT results_deliverable_id_fkey
                   REFERENCES erp.deliverables (id) ON DELETE RESTRICT,
    name           TEXT NOT NULL,
    outcome        TEXT,
    impact         TEXT,
    metric_name    TEXT,
    metric_value   NUMERIC(16, 4),
    metric_unit    TEXT,
    achieved_date  DATE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT results_engagement_id_check CHECK (engagement_id IS NOT NULL OR deliverable_id IS NOT NULL)
);

CREATE TABLE erp.execution_runs (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT execution_runs_pkey PRIMARY KEY,
    global_id           UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT execution_runs_global_id_key UNIQUE,
    run_type            TEXT NOT NULL DEFAULT 'Process' CONSTRAINT execution_runs_run_type_check
                        CHECK (run_type IN ('Process', 'Touchpoint')),
    -- RESTRICT on the pattern and work links: runs are the telemetry the variance analysis learns from.
    workflow_id         BIGINT CONSTRAINT execution_runs_workflow_id_fkey
                        REFERENCES erp.workflows (id) ON DELETE RESTRICT,
    process_template_id BIGINT CONSTRAINT execution_runs_process_template_id_fkey
                        REFERENCES erp.process_templates (id) ON DELETE RESTRICT,
    task_id             BIGINT CONSTRAINT execution_runs_task_id_fkey
                        REFERENCES erp.tasks (id) ON DELETE RESTRICT,
    project_id          BIGINT CONSTRAINT execution_runs_project_id_fkey
                        REFERENCES erp.projects (id) ON DELETE RESTRICT,
    engagement_id       BIGINT CONSTRAINT execution_runs_engagement_id_fkey
                        REFERENCES erp.engagements (id) ON DELETE RESTRICT,
    -- SET NULL: who ran it is optional context, the run itself stays.
    executed_by         BIGINT CONSTRAINT execution_runs_executed_by_fkey
                        REFERENCES erp.people (id) ON DELETE SET NULL,
    -- FK to agent.sessions is added by the agent migration (the agent schema does not exist yet).
    session_id          BIGINT,
    started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at            TIMESTAMPTZ CONSTRAINT execution_runs_ended_at_check CHECK (ended_at >= started_at),
    estimated_hours     NUMERIC(10, 2) CONSTRAINT execution_runs_estimated_hours_check CHECK (estimated_hours >= 0),
    -- Filled from the session length by erp.fill_run_hours() when not given.
    actual_hours        NUMERIC(10, 2) CONSTRAINT execution_runs_actual_hours_check CHECK (actual_hours >= 0),
    variance_pct        NUMERIC GENERATED ALWAYS AS (
                            CASE WHEN estimated_hours IS NULL OR estimated_hours = 0 THEN NULL
                                 ELSE round((actual_hours - estimated_hours) / estimated_hours * 100, 2)
                            END) STORED,
    outcome_notes       TEXT,
    run_identifier      TEXT CONSTRAINT execution_runs_run_identifier_key UNIQUE,
    status              TEXT NOT NULL DEFAULT 'Completed' CONSTRAINT execution_runs_status_check
                        CHECK (status IN ('Running', 'Completed', 'Failed', 'Cancelled')),
    metadata            JSONB NOT NULL DEFAULT '{}',
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- The natural key of a work session (seed 000): logging the same session twice cannot duplicate it.
    CONSTRAINT execution_runs_task_id_started_at_key UNIQUE (task_id, started_at)
);

-- actual_hours defaults to the session length. When an update moves ended_at (or started_at) without
-- setting actual_hours itself, the hours are recomputed so they never go stale.
CREATE FUNCTION erp.fill_run_hours() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.ended_at IS DISTINCT FROM OLD.ended_at OR NEW.started_at IS DISTINCT FROM OLD.started_at)
       AND NEW.actual_hours IS NOT DISTINCT FROM OLD.actual_hours THEN
        NEW.actual_hours := NULL;
    END IF;
    -- An end before the start is left for execution_runs_ended_at_check to report, not turned into
    -- negative hours.
    IF NEW.actual_hours IS NULL AND NEW.ended_at >= NEW.started_at THEN
        NEW.actual_hours := round((extract(epoch FROM (NEW.ended_at - NEW.started_at)) / 3600)::numeric, 2);
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER execution_runs_fill_hours BEFORE INSERT OR UPDATE ON erp.execution_runs
    FOR EACH ROW EXECUTE FUNCTION erp.fill_run_hours();

-- Indexes led by every foreign-key column, and the hot paths of the sprint board and analytics.
CREATE INDEX ventures_owner_person_id_idx ON erp.ventures (owner_person_id);
CREATE INDEX service_blueprints_owner_person_id_idx ON erp.service_blueprints (owner_person_id);
CREATE INDEX workflows_service_blueprint_id_idx ON erp.workflows (service_blueprint_id);
CREATE INDEX process_templates_workflow_id_idx ON erp.process_templates (workflow_id);
CREATE INDEX projects_owner_person_id_idx ON erp.projects (owner_person_id);
CREATE INDEX projects_organization_id_idx ON erp.projects (organization_id);
CREATE INDEX projects_venture_id_idx ON erp.projects (venture_id);
CREATE INDEX projects_process_template_id_idx ON erp.projects (process_template_id);
CREATE INDEX offers_service_blueprint_id_idx ON erp.offers (service_blueprint_id);
CREATE INDEX engagements_client_org_id_idx ON erp.engagements (client_org_id);
CREATE INDEX engagements_primary_contact_id_idx ON erp.engagements (primary_contact_id);
CREATE INDEX engagements_project_id_idx ON erp.engagements (project_id);
CREATE INDEX engagements_offer_id_idx ON erp.engagements (offer_id);
CREATE INDEX tasks_project_id_idx ON erp.tasks (project_id, status);
CREATE INDEX tasks_engagement_id_idx ON erp.tasks (engagement_id);
CREATE INDEX tasks_assignee_id_idx ON erp.tasks (assignee_id, status);
CREATE INDEX tasks_scheduled_start_date_idx ON erp.tasks (scheduled_start_date, id);
CREATE INDEX sprints_start_date_idx ON erp.sprints (start_date, end_date);
CREATE INDEX okrs_owner_person_id_idx ON erp.okrs (owner_person_id);
CREATE INDEX okrs_venture_id_idx ON erp.okrs (venture_id);
CREATE INDEX deliverables_engagement_id_idx ON erp.deliverables (engagement_id);
CREATE INDEX deliverables_offer_id_idx ON erp.deliverables (offer_id);
CREATE INDEX results_engagement_id_idx ON erp.results (engagement_id);
CREATE INDEX results_deliverable_id_idx ON erp.results (deliverable_id);
CREATE INDEX execution_runs_workflow_id_idx ON erp.execution_runs (workflow_id, started_at) INCLUDE (actual_hours);
CREATE INDEX execution_runs_process_template_id_idx ON erp.execution_runs (process_template_id);
CREATE INDEX execution_runs_task_id_idx ON erp.execution_runs (task_id);
CREATE INDEX execution_runs_project_id_idx ON erp.execution_runs (project_id);
CREATE INDEX execution_runs_engagement_id_idx ON erp.execution_runs (engagement_id);
CREATE INDEX execution_runs_executed_by_idx ON erp.execution_runs (executed_by);
CREATE INDEX execution_runs_session_id_idx ON erp.execution_runs (session_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['people', 'organizations', 'ventures', 'service_blueprints', 'workflows',
        'process_templates', 'resource_templates', 'projects', 'offers', 'engagements', 'tasks', 'sprints',
        'okrs', 'deliverables', 'results', 'execution_runs']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON erp.%I FOR EACH ROW EXECUTE FUNCTION erp.touch_updated_at()',
                       t || '_touch_updated_at', t);
    END LOOP;
END;
$$;
