-- erp: the 18 business tables of the Coda doc (seed 000) that 0001 left out, the computed views over them,
-- the Prompt Library's columns on agent.prompt_templates, and two fixes to the existing schema (issue 10).
--
-- Same conventions as 0001, relied on by erp-repo's error mapping: label columns are TEXT with a CHECK named
-- <table>_<column>_check listing the exact Coda title-case labels; every other CHECK is named after the
-- column it guards; FKs are named <table>_<column>_fkey, each with an index led by its column and its
-- ON DELETE rule commented; unique constraints are <table>_<columns>_key. updated_at is kept by
-- erp.touch_updated_at(). Money is NUMERIC(14, 2) beside a `currency` holding an ISO 4217 code (three
-- capital letters, CHECKed); a new table's currency is required, since amounts of different currencies
-- are never added up.
--
-- Which open-source ERP each record follows:
--   invoices          Invoice Ninja invoices (number, dates, status, balance derived from payments, "overdue"
--                     derived from due date and balance) and Dolibarr factures (totals net + tax, abandon =
--                     Cancelled). Line items are not modelled: the Coda doc keeps totals only.
--   payments          Invoice Ninja payments (amount, date, method, reference, status) and Akaunting
--                     transactions (a type: income/expense, here direction Incoming/Outgoing).
--   expenses          Invoice Ninja expenses (vendor, category, date, should-be-invoiced, invoice_id for the
--                     re-billed invoice) and Akaunting bills.
--   deals             Frappe CRM deals (organization, contact, owner, stage, expected close, lost reason) and
--                     Odoo crm.lead (expected revenue, probability CHECKed 0..100, won -> the engagement).
--   touchpoints       Frappe Communication (channel, sent/received direction, subject, timeline links) and
--                     Frappe CRM call logs (duration, status).
--   kpis, kpi_measurements  Odoo/Frappe KPI records: a definition with target and frequency, one measured
--                     value per period.
--   icp_segments, icp_scoring  Frappe CRM / Odoo lead scoring: a segment's criteria, a scored lead.
--   daily_thread, decision_journal, experiments, notebook, outcome_types, functional_areas, topics, assets,
--   ideas_inbox       no ERP counterpart; Frappe's Note/ToDo and Knowledge Base shapes (title, content, tags,
--                     author), with the Coda links.

-- Strategic ------------------------------------------------------------------------------------------

CREATE TABLE erp.outcome_types (
    id          BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT outcome_types_pkey PRIMARY KEY,
    global_id   UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT outcome_types_global_id_key UNIQUE,
    name        TEXT NOT NULL CONSTRAINT outcome_types_name_key UNIQUE,
    description TEXT,
    is_active   BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.functional_areas (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT functional_areas_pkey PRIMARY KEY,
    global_id       UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT functional_areas_global_id_key UNIQUE,
    -- SET NULL: a sub-area whose parent is removed becomes a top-level area.
    parent_id       BIGINT CONSTRAINT functional_areas_parent_id_fkey
                    REFERENCES erp.functional_areas (id) ON DELETE SET NULL
                    CONSTRAINT functional_areas_parent_id_check CHECK (parent_id <> id),
    name            TEXT NOT NULL,
    description     TEXT,
    -- SET NULL: the area stays when its owner leaves.
    owner_person_id BIGINT CONSTRAINT functional_areas_owner_person_id_fkey
                    REFERENCES erp.people (id) ON DELETE SET NULL,
    is_active       BOOLEAN NOT NULL DEFAULT true,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Sibling names are unique; top-level names too (NULLS NOT DISTINCT).
    CONSTRAINT functional_areas_parent_id_name_key UNIQUE NULLS NOT DISTINCT (parent_id, name)
);

CREATE TABLE erp.topics (
    id          BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT topics_pkey PRIMARY KEY,
    global_id   UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT topics_global_id_key UNIQUE,
    -- SET NULL: a sub-topic whose parent is removed becomes a top-level topic.
    parent_id   BIGINT CONSTRAINT topics_parent_id_fkey REFERENCES erp.topics (id) ON DELETE SET NULL
                CONSTRAINT topics_parent_id_check CHECK (parent_id <> id),
    name        TEXT NOT NULL,
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT topics_parent_id_name_key UNIQUE NULLS NOT DISTINCT (parent_id, name)
);

-- Links of existing tables to them.
ALTER TABLE erp.results
    -- SET NULL: the result stays; only its classification goes.
    ADD COLUMN outcome_type_id BIGINT CONSTRAINT results_outcome_type_id_fkey
        REFERENCES erp.outcome_types (id) ON DELETE SET NULL;
ALTER TABLE erp.workflows
    -- SET NULL: a workflow survives the reorganisation of functional areas.
    ADD COLUMN functional_area_id BIGINT CONSTRAINT workflows_functional_area_id_fkey
        REFERENCES erp.functional_areas (id) ON DELETE SET NULL;

-- The existing money columns get their currency. Nullable: rows and callers from before this migration
-- have none, and no currency can be assumed for them.
ALTER TABLE erp.offers
    ADD COLUMN currency TEXT CONSTRAINT offers_currency_check CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE erp.engagements
    ADD COLUMN currency TEXT CONSTRAINT engagements_currency_check CHECK (currency ~ '^[A-Z]{3}$');

-- Communication & engagement -------------------------------------------------------------------------

CREATE TABLE erp.icp_segments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT icp_segments_pkey PRIMARY KEY,
    global_id    UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT icp_segments_global_id_key UNIQUE,
    name         TEXT NOT NULL CONSTRAINT icp_segments_name_key UNIQUE,
    description  TEXT,
    industry     TEXT,
    company_size TEXT,
    -- Pains, triggers and buying signals the segment is recognised by, as written in Coda.
    pain_points  TEXT,
    -- Weighted qualification criteria, e.g. [{"criterion": "Budget", "weight": 30}] (JSONB, default []).
    criteria     JSONB NOT NULL DEFAULT '[]',
    status       TEXT NOT NULL DEFAULT 'Hypothesis' CONSTRAINT icp_segments_status_check
                 CHECK (status IN ('Hypothesis', 'Active', 'Retired')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Finance & planning ---------------------------------------------------------------------------------

CREATE TABLE erp.deals (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT deals_pkey PRIMARY KEY,
    global_id           UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT deals_global_id_key UNIQUE,
    name                TEXT NOT NULL,
    -- SET NULL on every link: the pipeline history keeps the deal when a prospect, contact, owner, offer
    -- or segment is removed.
    organization_id     BIGINT CONSTRAINT deals_organization_id_fkey
                        REFERENCES erp.organizations (id) ON DELETE SET NULL,
    contact_person_id   BIGINT CONSTRAINT deals_contact_person_id_fkey
                        REFERENCES erp.people (id) ON DELETE SET NULL,
    owner_person_id     BIGINT CONSTRAINT deals_owner_person_id_fkey
                        REFERENCES erp.people (id) ON DELETE SET NULL,
    offer_id            BIGINT CONSTRAINT deals_offer_id_fkey REFERENCES erp.offers (id) ON DELETE SET NULL,
    icp_segment_id      BIGINT CONSTRAINT deals_icp_segment_id_fkey
                        REFERENCES erp.icp_segments (id) ON DELETE SET NULL,
    -- The engagement the deal was won into: only a Won deal has one, and one deal per engagement.
    engagement_id       BIGINT CONSTRAINT deals_engagement_id_fkey
                        REFERENCES erp.engagements (id) ON DELETE SET NULL
                        CONSTRAINT deals_engagement_id_key UNIQUE,
    stage               TEXT NOT NULL DEFAULT 'Lead' CONSTRAINT deals_stage_check
                        CHECK (stage IN ('Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost')),
    source              TEXT CONSTRAINT deals_source_check
                        CHECK (source IN ('Referral', 'Inbound', 'Outbound', 'Partner', 'Event', 'Other')),
    amount              NUMERIC(14, 2) CONSTRAINT deals_amount_check CHECK (amount >= 0),
    currency            TEXT NOT NULL CONSTRAINT deals_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    -- Odoo's crm.lead check: a percentage from 0 to 100.
    probability         NUMERIC(5, 2) CONSTRAINT deals_probability_check
                        CHECK (probability >= 0 AND probability <= 100),
    expected_close_date DATE,
    closed_on           DATE,
    lost_reason         TEXT,
    notes               TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT deals_engagement_id_check CHECK (engagement_id IS NULL OR stage = 'Won')
);

CREATE TABLE erp.touchpoints (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT touchpoints_pkey PRIMARY KEY,
    global_id            UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT touchpoints_global_id_key UNIQUE,
    subject              TEXT NOT NULL,
    summary              TEXT,
    channel              TEXT NOT NULL DEFAULT 'Email' CONSTRAINT touchpoints_channel_check
                         CHECK (channel IN ('Email', 'Call', 'Meeting', 'Video Call', 'Message', 'Social',
                                            'Event', 'Other')),
    direction            TEXT NOT NULL DEFAULT 'Outbound' CONSTRAINT touchpoints_direction_check
                         CHECK (direction IN ('Inbound', 'Outbound')),
    status               TEXT NOT NULL DEFAULT 'Completed' CONSTRAINT touchpoints_status_check
                         CHECK (status IN ('Planned', 'Completed', 'No Response', 'Cancelled')),
    occurred_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    duration_minutes     INTEGER CONSTRAINT touchpoints_duration_minutes_check CHECK (duration_minutes >= 0),
    -- SET NULL on the people and commercial links: the communication record outlives them.
    person_id            BIGINT CONSTRAINT touchpoints_person_id_fkey
                         REFERENCES erp.people (id) ON DELETE SET NULL,
    organization_id      BIGINT CONSTRAINT touchpoints_organization_id_fkey
                         REFERENCES erp.organizations (id) ON DELETE SET NULL,
    owner_person_id      BIGINT CONSTRAINT touchpoints_owner_person_id_fkey
                         REFERENCES erp.people (id) ON DELETE SET NULL,
    engagement_id        BIGINT CONSTRAINT touchpoints_engagement_id_fkey
                         REFERENCES erp.engagements (id) ON DELETE SET NULL,
    deal_id              BIGINT CONSTRAINT touchpoints_deal_id_fkey REFERENCES erp.deals (id) ON DELETE SET NULL,
    -- RESTRICT: touchpoints are the usage telemetry of resource templates (erp.template_performance), as
    -- runs are of process templates; deprecate a used template instead.
    resource_template_id BIGINT CONSTRAINT touchpoints_resource_template_id_fkey
                         REFERENCES erp.resource_templates (id) ON DELETE RESTRICT,
    -- The Touchpoint-type execution run that timed it (trigger touchpoints_check_run); one touchpoint per
    -- run. SET NULL: the touchpoint stays if the run is removed.
    execution_run_id     BIGINT CONSTRAINT touchpoints_execution_run_id_fkey
                         REFERENCES erp.execution_runs (id) ON DELETE SET NULL
                         CONSTRAINT touchpoints_execution_run_id_key UNIQUE,
    next_step            TEXT,
    follow_up_on         DATE,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A touchpoint's run must be a Touchpoint run (seed 000: run_type 'Touchpoint' = a communication
-- instance). Reported as a check violation named touchpoints_execution_run_id_check, like a CHECK.
CREATE FUNCTION erp.check_touchpoint_run() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF NEW.execution_run_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM erp.execution_runs r WHERE r.id = NEW.execution_run_id AND r.run_type <> 'Touchpoint'
    ) THEN
        RAISE EXCEPTION 'execution run % of touchpoint is not a Touchpoint run', NEW.execution_run_id
            USING ERRCODE = 'check_violation', SCHEMA = 'erp', TABLE = 'touchpoints',
                  COLUMN = 'execution_run_id', CONSTRAINT = 'touchpoints_execution_run_id_check';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER touchpoints_check_run BEFORE INSERT OR UPDATE OF execution_run_id ON erp.touchpoints
    FOR EACH ROW EXECUTE FUNCTION erp.check_touchpoint_run();

CREATE TABLE erp.icp_scoring (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT icp_scoring_pkey PRIMARY KEY,
    global_id       UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT icp_scoring_global_id_key UNIQUE,
    -- CASCADE: a score is owned by the segment it measures against.
    icp_segment_id  BIGINT NOT NULL CONSTRAINT icp_scoring_icp_segment_id_fkey
                    REFERENCES erp.icp_segments (id) ON DELETE CASCADE,
    -- CASCADE: a score is about its organization (or deal) and means nothing without it.
    organization_id BIGINT CONSTRAINT icp_scoring_organization_id_fkey
                    REFERENCES erp.organizations (id) ON DELETE CASCADE,
    deal_id         BIGINT CONSTRAINT icp_scoring_deal_id_fkey REFERENCES erp.deals (id) ON DELETE CASCADE,
    -- SET NULL: who scored it is context only.
    scored_by       BIGINT CONSTRAINT icp_scoring_scored_by_fkey REFERENCES erp.people (id) ON DELETE SET NULL,
    scored_on       DATE NOT NULL DEFAULT current_date,
    -- Fit against the segment, 0 to 100.
    score           NUMERIC(5, 2) NOT NULL CONSTRAINT icp_scoring_score_check CHECK (score >= 0 AND score <= 100),
    grade           TEXT CONSTRAINT icp_scoring_grade_check
                    CHECK (grade IN ('Hot', 'Warm', 'Cold', 'Disqualified')),
    -- Score per criterion, e.g. {"Budget": 20} (JSONB, default {}).
    criteria_scores JSONB NOT NULL DEFAULT '{}',
    notes           TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT icp_scoring_organization_id_check CHECK (organization_id IS NOT NULL OR deal_id IS NOT NULL)
);

CREATE TABLE erp.invoices (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT invoices_pkey PRIMARY KEY,
    global_id       UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT invoices_global_id_key UNIQUE,
    invoice_number  TEXT NOT NULL CONSTRAINT invoices_invoice_number_key UNIQUE,
    -- RESTRICT: deleting a client would erase its billing history.
    organization_id BIGINT CONSTRAINT invoices_organization_id_fkey
                    REFERENCES erp.organizations (id) ON DELETE RESTRICT,
    -- SET NULL on both: the invoice stays when the work it billed is reorganised.
    engagement_id   BIGINT CONSTRAINT invoices_engagement_id_fkey
                    REFERENCES erp.engagements (id) ON DELETE SET NULL,
    project_id      BIGINT CONSTRAINT invoices_project_id_fkey REFERENCES erp.projects (id) ON DELETE SET NULL,
    -- Lifecycle as the business sets it; the balance and "overdue" are derived (erp.invoice_balances).
    status          TEXT NOT NULL DEFAULT 'Draft' CONSTRAINT invoices_status_check
                    CHECK (status IN ('Draft', 'Sent', 'Partially Paid', 'Paid', 'Cancelled')),
    issue_date      DATE NOT NULL DEFAULT current_date,
    due_date        DATE CONSTRAINT invoices_due_date_check CHECK (due_date >= issue_date),
    currency        TEXT NOT NULL CONSTRAINT invoices_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    -- Net amount after discounts, and the tax on it.
    subtotal        NUMERIC(14, 2) NOT NULL DEFAULT 0 CONSTRAINT invoices_subtotal_check CHECK (subtotal >= 0),
    tax_amount      NUMERIC(14, 2) NOT NULL DEFAULT 0 CONSTRAINT invoices_tax_amount_check CHECK (tax_amount >= 0),
    total_amount    NUMERIC(14, 2) GENERATED ALWAYS AS (subtotal + tax_amount) STORED,
    document_url    TEXT,
    notes           TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Target of payments' (invoice_id, currency) key: a payment is in its invoice's currency.
    CONSTRAINT invoices_id_currency_key UNIQUE (id, currency)
);

CREATE TABLE erp.expenses (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT expenses_pkey PRIMARY KEY,
    global_id           UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT expenses_global_id_key UNIQUE,
    description         TEXT NOT NULL,
    category            TEXT NOT NULL DEFAULT 'Other' CONSTRAINT expenses_category_check
                        CHECK (category IN ('Software', 'Hardware', 'Travel', 'Meals', 'Contractors',
                                            'Marketing', 'Office', 'Professional Services', 'Training',
                                            'Other')),
    status              TEXT NOT NULL DEFAULT 'Logged' CONSTRAINT expenses_status_check
                        CHECK (status IN ('Logged', 'Approved', 'Paid', 'Rejected')),
    expense_date        DATE NOT NULL DEFAULT current_date,
    amount              NUMERIC(14, 2) NOT NULL CONSTRAINT expenses_amount_check CHECK (amount >= 0),
    currency            TEXT NOT NULL CONSTRAINT expenses_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    -- Whether the cost is to be passed on to a client (Invoice Ninja's should_be_invoiced).
    is_billable         BOOLEAN NOT NULL DEFAULT false,
    -- SET NULL on every link: the cost stays on the books when the vendor, person or work goes.
    vendor_org_id       BIGINT CONSTRAINT expenses_vendor_org_id_fkey
                        REFERENCES erp.organizations (id) ON DELETE SET NULL,
    person_id           BIGINT CONSTRAINT expenses_person_id_fkey REFERENCES erp.people (id) ON DELETE SET NULL,
    project_id          BIGINT CONSTRAINT expenses_project_id_fkey REFERENCES erp.projects (id) ON DELETE SET NULL,
    engagement_id       BIGINT CONSTRAINT expenses_engagement_id_fkey
                        REFERENCES erp.engagements (id) ON DELETE SET NULL,
    -- The invoice the cost was re-billed on; SET NULL: deleting the invoice makes it unbilled again.
    rebilled_invoice_id BIGINT CONSTRAINT expenses_rebilled_invoice_id_fkey
                        REFERENCES erp.invoices (id) ON DELETE SET NULL,
    receipt_url         TEXT,
    notes               TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Target of payments' (expense_id, currency) key: a payment is in its expense's currency.
    CONSTRAINT expenses_id_currency_key UNIQUE (id, currency)
);

CREATE TABLE erp.payments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT payments_pkey PRIMARY KEY,
    global_id       UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT payments_global_id_key UNIQUE,
    -- Incoming: a customer's receipt; Outgoing: money paid out (Coda's "outgoing payments"). An outgoing
    -- payment against an invoice is a refund and lowers its amount paid.
    direction       TEXT NOT NULL CONSTRAINT payments_direction_check
                    CHECK (direction IN ('Incoming', 'Outgoing')),
    status          TEXT NOT NULL DEFAULT 'Completed' CONSTRAINT payments_status_check
                    CHECK (status IN ('Pending', 'Completed', 'Failed', 'Refunded')),
    method          TEXT CONSTRAINT payments_method_check
                    CHECK (method IN ('Bank Transfer', 'Card', 'Cash', 'Check', 'Direct Debit', 'PayPal',
                                      'Stripe', 'Other')),
    amount          NUMERIC(14, 2) NOT NULL CONSTRAINT payments_amount_check CHECK (amount > 0),
    currency        TEXT NOT NULL CONSTRAINT payments_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    paid_on         DATE NOT NULL DEFAULT current_date,
    reference       TEXT,
    -- RESTRICT on both documents: a payment is cash history; (id, currency) keys keep a payment in its
    -- invoice's or expense's currency.
    invoice_id      BIGINT,
    expense_id      BIGINT,
    -- SET NULL on the counterparty: the payment stays when the payer or payee is removed.
    organization_id BIGINT CONSTRAINT payments_organization_id_fkey
                    REFERENCES erp.organizations (id) ON DELETE SET NULL,
    person_id       BIGINT CONSTRAINT payments_person_id_fkey REFERENCES erp.people (id) ON DELETE SET NULL,
    notes           TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT payments_invoice_id_fkey FOREIGN KEY (invoice_id, currency)
        REFERENCES erp.invoices (id, currency) ON DELETE RESTRICT,
    CONSTRAINT payments_expense_id_fkey FOREIGN KEY (expense_id, currency)
        REFERENCES erp.expenses (id, currency) ON DELETE RESTRICT
);

CREATE TABLE erp.kpis (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT kpis_pkey PRIMARY KEY,
    global_id          UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT kpis_global_id_key UNIQUE,
    name               TEXT NOT NULL,
    description        TEXT,
    -- SET NULL on every link: a KPI outlives the area, OKR, venture or owner it was set for.
    functional_area_id BIGINT CONSTRAINT kpis_functional_area_id_fkey
                       REFERENCES erp.functional_areas (id) ON DELETE SET NULL,
    okr_id             BIGINT CONSTRAINT kpis_okr_id_fkey REFERENCES erp.okrs (id) ON DELETE SET NULL,
    venture_id         BIGINT CONSTRAINT kpis_venture_id_fkey REFERENCES erp.ventures (id) ON DELETE SET NULL,
    owner_person_id    BIGINT CONSTRAINT kpis_owner_person_id_fkey
                       REFERENCES erp.people (id) ON DELETE SET NULL,
    unit               TEXT,
    target_value       NUMERIC(16, 4),
    -- Which way is good: up, down, or holding the target.
    target_direction   TEXT NOT NULL DEFAULT 'Increase' CONSTRAINT kpis_target_direction_check
                       CHECK (target_direction IN ('Increase', 'Decrease', 'Maintain')),
    frequency          TEXT NOT NULL DEFAULT 'Monthly' CONSTRAINT kpis_frequency_check
                       CHECK (frequency IN ('Weekly', 'Monthly', 'Quarterly', 'Yearly')),
    status             TEXT NOT NULL DEFAULT 'Active' CONSTRAINT kpis_status_check
                       CHECK (status IN ('Active', 'Paused', 'Retired')),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.kpi_measurements (
    id           BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT kpi_measurements_pkey PRIMARY KEY,
    global_id    UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT kpi_measurements_global_id_key UNIQUE,
    -- CASCADE: measurements are owned by their KPI.
    kpi_id       BIGINT NOT NULL CONSTRAINT kpi_measurements_kpi_id_fkey REFERENCES erp.kpis (id) ON DELETE CASCADE,
    -- First day of the measured period (of the KPI's frequency).
    period_start DATE NOT NULL,
    value        NUMERIC(16, 4) NOT NULL,
    notes        TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One value per KPI per period.
    CONSTRAINT kpi_measurements_kpi_id_period_start_key UNIQUE (kpi_id, period_start)
);

-- Knowledge & execution ------------------------------------------------------------------------------

CREATE TABLE erp.daily_thread (
    id         BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT daily_thread_pkey PRIMARY KEY,
    global_id  UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT daily_thread_global_id_key UNIQUE,
    entry_date DATE NOT NULL DEFAULT current_date,
    -- CASCADE: a person's daily notes are theirs.
    person_id  BIGINT CONSTRAINT daily_thread_person_id_fkey REFERENCES erp.people (id) ON DELETE CASCADE,
    content    TEXT NOT NULL,
    wins       TEXT,
    blockers   TEXT,
    energy     TEXT CONSTRAINT daily_thread_energy_check CHECK (energy IN ('Low', 'Medium', 'High')),
    tags       TEXT[] NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- One entry per person per day (and one unattributed entry per day).
    CONSTRAINT daily_thread_person_id_entry_date_key UNIQUE NULLS NOT DISTINCT (person_id, entry_date)
);

CREATE TABLE erp.decision_journal (
    id               BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT decision_journal_pkey PRIMARY KEY,
    global_id        UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT decision_journal_global_id_key UNIQUE,
    title            TEXT NOT NULL,
    decided_on       DATE NOT NULL DEFAULT current_date,
    status           TEXT NOT NULL DEFAULT 'Decided' CONSTRAINT decision_journal_status_check
                     CHECK (status IN ('Proposed', 'Decided', 'Reviewed', 'Reversed')),
    context          TEXT,
    options          TEXT,
    decision         TEXT,
    rationale        TEXT,
    expected_outcome TEXT,
    review_on        DATE CONSTRAINT decision_journal_review_on_check CHECK (review_on >= decided_on),
    actual_outcome   TEXT,
    -- SET NULL on every link: the decision record outlives the person, venture, project and topic.
    decided_by       BIGINT CONSTRAINT decision_journal_decided_by_fkey
                     REFERENCES erp.people (id) ON DELETE SET NULL,
    venture_id       BIGINT CONSTRAINT decision_journal_venture_id_fkey
                     REFERENCES erp.ventures (id) ON DELETE SET NULL,
    project_id       BIGINT CONSTRAINT decision_journal_project_id_fkey
                     REFERENCES erp.projects (id) ON DELETE SET NULL,
    topic_id         BIGINT CONSTRAINT decision_journal_topic_id_fkey REFERENCES erp.topics (id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.experiments (
    id               BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT experiments_pkey PRIMARY KEY,
    global_id        UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT experiments_global_id_key UNIQUE,
    name             TEXT NOT NULL,
    hypothesis       TEXT,
    success_criteria TEXT,
    status           TEXT NOT NULL DEFAULT 'Planned' CONSTRAINT experiments_status_check
                     CHECK (status IN ('Planned', 'Running', 'Completed', 'Abandoned')),
    verdict          TEXT CONSTRAINT experiments_verdict_check
                     CHECK (verdict IN ('Validated', 'Invalidated', 'Inconclusive')),
    -- SET NULL on every link: the learning stays when the KPI, outcome type or owner goes.
    kpi_id           BIGINT CONSTRAINT experiments_kpi_id_fkey REFERENCES erp.kpis (id) ON DELETE SET NULL,
    outcome_type_id  BIGINT CONSTRAINT experiments_outcome_type_id_fkey
                     REFERENCES erp.outcome_types (id) ON DELETE SET NULL,
    owner_person_id  BIGINT CONSTRAINT experiments_owner_person_id_fkey
                     REFERENCES erp.people (id) ON DELETE SET NULL,
    start_date       DATE,
    end_date         DATE CONSTRAINT experiments_end_date_check CHECK (end_date >= start_date),
    baseline_value   NUMERIC(16, 4),
    target_value     NUMERIC(16, 4),
    result_value     NUMERIC(16, 4),
    learnings        TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.notebook (
    id               BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT notebook_pkey PRIMARY KEY,
    global_id        UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT notebook_global_id_key UNIQUE,
    title            TEXT NOT NULL,
    content          TEXT,
    note_type        TEXT NOT NULL DEFAULT 'Note' CONSTRAINT notebook_note_type_check
                     CHECK (note_type IN ('Note', 'Meeting Notes', 'Research', 'Reference', 'Draft')),
    -- SET NULL on both: a note outlives its topic and author.
    topic_id         BIGINT CONSTRAINT notebook_topic_id_fkey REFERENCES erp.topics (id) ON DELETE SET NULL,
    author_person_id BIGINT CONSTRAINT notebook_author_person_id_fkey
                     REFERENCES erp.people (id) ON DELETE SET NULL,
    source_url       TEXT,
    tags             TEXT[] NOT NULL DEFAULT '{}',
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Assets & ideation ----------------------------------------------------------------------------------

CREATE TABLE erp.assets (
    id              BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT assets_pkey PRIMARY KEY,
    global_id       UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT assets_global_id_key UNIQUE,
    name            TEXT NOT NULL,
    description     TEXT,
    asset_type      TEXT NOT NULL DEFAULT 'Document' CONSTRAINT assets_asset_type_check
                    CHECK (asset_type IN ('Document', 'Template', 'Media', 'Code', 'Dataset', 'Tool', 'Other')),
    status          TEXT NOT NULL DEFAULT 'Active' CONSTRAINT assets_status_check
                    CHECK (status IN ('Draft', 'Active', 'Archived')),
    storage_url     TEXT,
    version         TEXT,
    -- SET NULL on both: the asset outlives its topic and owner.
    topic_id        BIGINT CONSTRAINT assets_topic_id_fkey REFERENCES erp.topics (id) ON DELETE SET NULL,
    owner_person_id BIGINT CONSTRAINT assets_owner_person_id_fkey REFERENCES erp.people (id) ON DELETE SET NULL,
    tags            TEXT[] NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.ideas_inbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY CONSTRAINT ideas_inbox_pkey PRIMARY KEY,
    global_id    UUID NOT NULL DEFAULT gen_random_uuid() CONSTRAINT ideas_inbox_global_id_key UNIQUE,
    title        TEXT NOT NULL,
    description  TEXT,
    status       TEXT NOT NULL DEFAULT 'New' CONSTRAINT ideas_inbox_status_check
                 CHECK (status IN ('New', 'Exploring', 'Accepted', 'Parked', 'Rejected')),
    impact       TEXT CONSTRAINT ideas_inbox_impact_check CHECK (impact IN ('Low', 'Medium', 'High')),
    effort       TEXT CONSTRAINT ideas_inbox_effort_check CHECK (effort IN ('Low', 'Medium', 'High')),
    source       TEXT,
    captured_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- SET NULL on every link: the idea stays in the inbox when its topic, author or venture goes.
    topic_id     BIGINT CONSTRAINT ideas_inbox_topic_id_fkey REFERENCES erp.topics (id) ON DELETE SET NULL,
    submitted_by BIGINT CONSTRAINT ideas_inbox_submitted_by_fkey REFERENCES erp.people (id) ON DELETE SET NULL,
    venture_id   BIGINT CONSTRAINT ideas_inbox_venture_id_fkey REFERENCES erp.ventures (id) ON DELETE SET NULL,
    tags         TEXT[] NOT NULL DEFAULT '{}',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Coda's Prompt Library is agent.prompt_templates: its columns. Status uses the Coda pattern labels.
ALTER TABLE agent.prompt_templates
    ADD COLUMN purpose      TEXT,
    ADD COLUMN status       TEXT NOT NULL DEFAULT 'Active' CONSTRAINT prompt_templates_status_check
                            CHECK (status IN ('Draft', 'Active', 'Deprecated')),
    -- SET NULL: the prompt stays when its topic is removed.
    ADD COLUMN topic_id     BIGINT CONSTRAINT prompt_templates_topic_id_fkey
                            REFERENCES erp.topics (id) ON DELETE SET NULL,
    -- The model the prompt was written and tested for, e.g. "gpt-4o".
    ADD COLUMN target_model TEXT,
    ADD COLUMN tags         TEXT[] NOT NULL DEFAULT '{}';

-- Fixes ----------------------------------------------------------------------------------------------

-- Sprints are ISO weeks (seed 001): start on a Monday, end on the Sunday six days later.
ALTER TABLE erp.sprints
    DROP CONSTRAINT sprints_end_date_check,
    ADD CONSTRAINT sprints_start_date_check CHECK (extract(isodow FROM start_date) = 1),
    ADD CONSTRAINT sprints_end_date_check CHECK (end_date = start_date + 6);

-- A run logged without estimated_hours is measured against its task's estimate, else its workflow's
-- (seed 000's variance_vs_estimate), so the generated variance_pct is the figure the business means.
-- When an update moves the run to another task or workflow without setting estimated_hours itself, the
-- estimate is taken again from the new links (as erp.fill_run_hours() does for the hours).
-- SECURITY DEFINER: the memory gateway logs runs without being allowed to read tasks and workflows.
CREATE FUNCTION erp.fill_run_estimate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.task_id IS DISTINCT FROM OLD.task_id OR NEW.workflow_id IS DISTINCT FROM OLD.workflow_id)
       AND NEW.estimated_hours IS NOT DISTINCT FROM OLD.estimated_hours THEN
        NEW.estimated_hours := NULL;
    END IF;
    IF NEW.estimated_hours IS NULL THEN
        NEW.estimated_hours := coalesce(
            (SELECT t.estimated_hours FROM erp.tasks t WHERE t.id = NEW.task_id),
            (SELECT w.estimated_hours FROM erp.workflows w WHERE w.id = NEW.workflow_id));
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER execution_runs_fill_estimate BEFORE INSERT OR UPDATE ON erp.execution_runs
    FOR EACH ROW EXECUTE FUNCTION erp.fill_run_estimate();

-- Runs logged before this migration: the same rule. (The down migration cannot tell these apart from
-- estimates given by hand and leaves them.)
UPDATE erp.execution_runs r
SET estimated_hours = coalesce(
        (SELECT t.estimated_hours FROM erp.tasks t WHERE t.id = r.task_id),
        (SELECT w.estimated_hours FROM erp.workflows w WHERE w.id = r.workflow_id))
WHERE r.estimated_hours IS NULL
  AND (r.task_id IS NOT NULL OR r.workflow_id IS NOT NULL);

-- Indexes --------------------------------------------------------------------------------------------
-- Led by every foreign-key column (unique constraints above cover deals.engagement_id,
-- touchpoints.execution_run_id, kpi_measurements.kpi_id, daily_thread.person_id and the parent ids),
-- plus what the views group and filter by.

CREATE INDEX results_outcome_type_id_idx ON erp.results (outcome_type_id);
CREATE INDEX workflows_functional_area_id_idx ON erp.workflows (functional_area_id);
CREATE INDEX functional_areas_owner_person_id_idx ON erp.functional_areas (owner_person_id);
CREATE INDEX deals_organization_id_idx ON erp.deals (organization_id);
CREATE INDEX deals_contact_person_id_idx ON erp.deals (contact_person_id);
CREATE INDEX deals_owner_person_id_idx ON erp.deals (owner_person_id, stage);
CREATE INDEX deals_offer_id_idx ON erp.deals (offer_id);
CREATE INDEX deals_icp_segment_id_idx ON erp.deals (icp_segment_id);
-- erp.deal_pipeline: an index-only scan grouped by stage and currency.
CREATE INDEX deals_stage_idx ON erp.deals (stage, currency) INCLUDE (amount, probability);
CREATE INDEX touchpoints_person_id_idx ON erp.touchpoints (person_id, occurred_at);
CREATE INDEX touchpoints_organization_id_idx ON erp.touchpoints (organization_id, occurred_at);
CREATE INDEX touchpoints_owner_person_id_idx ON erp.touchpoints (owner_person_id);
CREATE INDEX touchpoints_engagement_id_idx ON erp.touchpoints (engagement_id);
CREATE INDEX touchpoints_deal_id_idx ON erp.touchpoints (deal_id);
-- erp.template_performance: resource template usage counted from the index.
CREATE INDEX touchpoints_resource_template_id_idx ON erp.touchpoints (resource_template_id, occurred_at);
CREATE INDEX touchpoints_occurred_at_idx ON erp.touchpoints (occurred_at);
CREATE INDEX icp_scoring_icp_segment_id_idx ON erp.icp_scoring (icp_segment_id, score);
CREATE INDEX icp_scoring_organization_id_idx ON erp.icp_scoring (organization_id, scored_on);
CREATE INDEX icp_scoring_deal_id_idx ON erp.icp_scoring (deal_id);
CREATE INDEX icp_scoring_scored_by_idx ON erp.icp_scoring (scored_by);
CREATE INDEX invoices_organization_id_idx ON erp.invoices (organization_id, issue_date);
CREATE INDEX invoices_engagement_id_idx ON erp.invoices (engagement_id);
CREATE INDEX invoices_project_id_idx ON erp.invoices (project_id);
CREATE INDEX invoices_issue_date_idx ON erp.invoices (issue_date);
-- erp.invoices_overdue_on(day): only unpaid invoices are indexed, so the overdue list reads few rows.
CREATE INDEX invoices_due_date_idx ON erp.invoices (due_date) WHERE status IN ('Sent', 'Partially Paid');
CREATE INDEX expenses_vendor_org_id_idx ON erp.expenses (vendor_org_id);
CREATE INDEX expenses_person_id_idx ON erp.expenses (person_id);
CREATE INDEX expenses_project_id_idx ON erp.expenses (project_id);
CREATE INDEX expenses_engagement_id_idx ON erp.expenses (engagement_id);
CREATE INDEX expenses_rebilled_invoice_id_idx ON erp.expenses (rebilled_invoice_id);
CREATE INDEX expenses_expense_date_idx ON erp.expenses (expense_date);
-- erp.invoice_balances: an invoice's payments summed from the index alone.
CREATE INDEX payments_invoice_id_idx ON erp.payments (invoice_id) INCLUDE (status, direction, amount);
CREATE INDEX payments_expense_id_idx ON erp.payments (expense_id);
CREATE INDEX payments_organization_id_idx ON erp.payments (organization_id);
CREATE INDEX payments_person_id_idx ON erp.payments (person_id);
CREATE INDEX payments_paid_on_idx ON erp.payments (paid_on);
CREATE INDEX kpis_functional_area_id_idx ON erp.kpis (functional_area_id);
CREATE INDEX kpis_okr_id_idx ON erp.kpis (okr_id);
CREATE INDEX kpis_venture_id_idx ON erp.kpis (venture_id);
CREATE INDEX kpis_owner_person_id_idx ON erp.kpis (owner_person_id);
CREATE INDEX daily_thread_entry_date_idx ON erp.daily_thread (entry_date);
CREATE INDEX decision_journal_decided_by_idx ON erp.decision_journal (decided_by);
CREATE INDEX decision_journal_venture_id_idx ON erp.decision_journal (venture_id);
CREATE INDEX decision_journal_project_id_idx ON erp.decision_journal (project_id);
CREATE INDEX decision_journal_topic_id_idx ON erp.decision_journal (topic_id);
CREATE INDEX decision_journal_decided_on_idx ON erp.decision_journal (decided_on);
CREATE INDEX experiments_kpi_id_idx ON erp.experiments (kpi_id);
CREATE INDEX experiments_outcome_type_id_idx ON erp.experiments (outcome_type_id);
CREATE INDEX experiments_owner_person_id_idx ON erp.experiments (owner_person_id);
CREATE INDEX notebook_topic_id_idx ON erp.notebook (topic_id);
CREATE INDEX notebook_author_person_id_idx ON erp.notebook (author_person_id);
CREATE INDEX assets_topic_id_idx ON erp.assets (topic_id);
CREATE INDEX assets_owner_person_id_idx ON erp.assets (owner_person_id);
CREATE INDEX ideas_inbox_topic_id_idx ON erp.ideas_inbox (topic_id);
CREATE INDEX ideas_inbox_submitted_by_idx ON erp.ideas_inbox (submitted_by);
CREATE INDEX ideas_inbox_venture_id_idx ON erp.ideas_inbox (venture_id);
CREATE INDEX prompt_templates_topic_id_idx ON agent.prompt_templates (topic_id);
-- erp.template_performance: a process template's runs counted and summed from the index alone.
DROP INDEX erp.execution_runs_process_template_id_idx;
CREATE INDEX execution_runs_process_template_id_idx ON erp.execution_runs (process_template_id, started_at)
    INCLUDE (actual_hours, status);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['outcome_types', 'functional_areas', 'topics', 'icp_segments', 'deals',
        'touchpoints', 'icp_scoring', 'invoices', 'expenses', 'payments', 'kpis', 'kpi_measurements',
        'daily_thread', 'decision_journal', 'experiments', 'notebook', 'assets', 'ideas_inbox']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON erp.%I FOR EACH ROW EXECUTE FUNCTION erp.touch_updated_at()',
                       t || '_touch_updated_at', t);
    END LOOP;
END;
$$;

-- Views (always current, computed on read) -----------------------------------------------------------

-- Per invoice: total, amount paid (completed incoming payments less completed refunds), balance due.
-- An invoice is open while it is Sent or Partially Paid with a balance; overdue on a day when it is open
-- and its due date is before that day: erp.invoices_overdue_on(day), or overdue_today for the server's
-- current_date (which follows the session's TimeZone).
CREATE VIEW erp.invoice_balances AS
SELECT i.id                                         AS invoice_id,
       i.invoice_number,
       i.organization_id,
       i.engagement_id,
       i.project_id,
       i.status,
       i.currency,
       i.issue_date,
       i.due_date,
       i.total_amount,
       coalesce(p.amount_paid, 0)                   AS amount_paid,
       i.total_amount - coalesce(p.amount_paid, 0)  AS balance_due,
       (i.status IN ('Sent', 'Partially Paid') AND i.total_amount - coalesce(p.amount_paid, 0) > 0)
                                                    AS is_open,
       (i.status IN ('Sent', 'Partially Paid') AND i.total_amount - coalesce(p.amount_paid, 0) > 0
        AND coalesce(i.due_date < current_date, false))
                                                    AS overdue_today
FROM erp.invoices i
LEFT JOIN LATERAL (
    SELECT sum(CASE WHEN pay.direction = 'Incoming' THEN pay.amount ELSE -pay.amount END) AS amount_paid
    FROM erp.payments pay
    WHERE pay.invoice_id = i.id AND pay.status = 'Completed'
) p ON true;

COMMENT ON VIEW erp.invoice_balances IS
    'Per invoice: total_amount, amount_paid (completed incoming payments less refunds), balance_due, is_open, overdue_today.';

-- The invoices overdue on a given day: open (Sent or Partially Paid, with a balance) and due before it.
CREATE FUNCTION erp.invoices_overdue_on(p_day DATE) RETURNS SETOF erp.invoice_balances
LANGUAGE sql STABLE AS $$
    SELECT b.*
    FROM erp.invoice_balances b
    WHERE b.status IN ('Sent', 'Partially Paid') AND b.due_date < p_day AND b.balance_due > 0
$$;

-- Coda's Finance Snapshot, per calendar month and currency: invoiced (issued, not Draft or Cancelled),
-- cash_in and cash_out (completed payments by paid_on), expenses (not Rejected, by expense_date),
-- open_receivables at the month's end (everything invoiced so far less what was paid against it) and
-- net = cash_in - cash_out. Only months with some activity have a row. Each table is read once (a filter
-- on currency reaches the tables; one on month does not, since open_receivables sums every earlier month).
CREATE VIEW erp.finance_snapshot AS
WITH movements AS (
    -- Each table is summed per month and currency first (a few hundred groups, hashed in memory), then
    -- the three are added up.
    SELECT date_trunc('month', i.issue_date::timestamp)::date AS month, i.currency,
           sum(i.total_amount) AS invoiced, 0 AS cash_in, 0 AS cash_out, 0 AS expenses,
           sum(i.total_amount) AS receivable_change
    FROM erp.invoices i
    WHERE i.status NOT IN ('Draft', 'Cancelled')
    GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', p.paid_on::timestamp)::date, p.currency,
           0,
           sum(p.amount) FILTER (WHERE p.direction = 'Incoming'),
           sum(p.amount) FILTER (WHERE p.direction = 'Outgoing'),
           0,
           -- What was paid against (or refunded on) a counted invoice leaves (or re-enters) receivables.
           sum(CASE WHEN p.direction = 'Incoming' THEN -p.amount ELSE p.amount END)
               FILTER (WHERE i.status NOT IN ('Draft', 'Cancelled'))
    FROM erp.payments p
    LEFT JOIN erp.invoices i ON i.id = p.invoice_id
    WHERE p.status = 'Completed'
    GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', e.expense_date::timestamp)::date, e.currency, 0, 0, 0, sum(e.amount), 0
    FROM erp.expenses e
    WHERE e.status <> 'Rejected'
    GROUP BY 1, 2
), monthly AS (
    SELECT month, currency,
           coalesce(sum(invoiced), 0) AS invoiced, coalesce(sum(cash_in), 0) AS cash_in,
           coalesce(sum(cash_out), 0) AS cash_out, coalesce(sum(expenses), 0) AS expenses,
           coalesce(sum(receivable_change), 0) AS receivable_change
    FROM movements
    GROUP BY month, currency
)
SELECT month,
       currency,
       round(invoiced, 2)                                                              AS invoiced,
       round(cash_in, 2)                                                               AS cash_in,
       round(cash_out, 2)                                                              AS cash_out,
       round(expenses, 2)                                                              AS expenses,
       round(sum(receivable_change) OVER (PARTITION BY currency ORDER BY month), 2)    AS open_receivables,
       round(cash_in - cash_out, 2)                                                    AS net
FROM monthly;

COMMENT ON VIEW erp.finance_snapshot IS
    'Per month and currency: invoiced, cash_in, cash_out, expenses, open_receivables at month end, net = cash_in - cash_out.';

-- Coda's Template Performance ("pattern metrics & analysis"), one row per template of either kind:
--   Process Template: runs (execution_runs.process_template_id), average actual hours, variance of that
--     average against the template's workflow's estimate in percent, share of Completed runs in percent,
--     last run start;
--   Resource Template: touchpoints that used it and the last one; the run figures are NULL.
-- Averages and percentages are rounded to 2 decimals; each runs or touchpoints index is read once.
CREATE VIEW erp.template_performance AS
SELECT 'Process Template'::text                                    AS template_kind,
       pt.id                                                       AS process_template_id,
       NULL::bigint                                                AS resource_template_id,
       pt.name,
       pt.status,
       pt.workflow_id,
       w.estimated_hours                                           AS workflow_estimated_hours,
       coalesce(r.uses_count, 0)                                   AS uses_count,
       r.last_used_at,
       round(r.avg_actual_hours, 2)                                AS avg_actual_hours,
       CASE WHEN w.estimated_hours IS NULL OR w.estimated_hours = 0 OR r.avg_actual_hours IS NULL THEN NULL
            ELSE round((r.avg_actual_hours - w.estimated_hours) / w.estimated_hours * 100, 2)
       END                                                         AS variance_pct,
       CASE WHEN coalesce(r.uses_count, 0) = 0 THEN NULL
            ELSE round(r.completed_count * 100.0 / r.uses_count, 2)
       END                                                         AS completed_pct
FROM erp.process_templates pt
LEFT JOIN erp.workflows w ON w.id = pt.workflow_id
LEFT JOIN (
    SELECT process_template_id, count(*) AS uses_count, max(started_at) AS last_used_at,
           avg(actual_hours) AS avg_actual_hours, count(*) FILTER (WHERE status = 'Completed') AS completed_count
    FROM erp.execution_runs
    WHERE process_template_id IS NOT NULL
    GROUP BY process_template_id
) r ON r.process_template_id = pt.id
UNION ALL
SELECT 'Resource Template'::text,
       NULL::bigint,
       rt.id,
       rt.name,
       rt.status,
       NULL::bigint,
       NULL::numeric,
       coalesce(t.uses_count, 0),
       t.last_used_at,
       NULL::numeric,
       NULL::numeric,
       NULL::numeric
FROM erp.resource_templates rt
LEFT JOIN (
    SELECT resource_template_id, count(*) AS uses_count, max(occurred_at) AS last_used_at
    FROM erp.touchpoints
    WHERE resource_template_id IS NOT NULL
    GROUP BY resource_template_id
) t ON t.resource_template_id = rt.id;

COMMENT ON VIEW erp.template_performance IS
    'Per process template: runs, avg hours, variance vs its workflow''s estimate, completed %, last run; per resource template: touchpoints using it.';

-- The sales pipeline per stage and currency: deals, their amount, and the amount weighted by each deal's
-- probability (a deal without a probability weighs 0). stage_order sorts the stages as the funnel runs.
CREATE VIEW erp.deal_pipeline AS
SELECT d.stage,
       array_position(ARRAY['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'], d.stage) AS stage_order,
       d.currency,
       count(*)                                                                      AS deals_count,
       round(coalesce(sum(d.amount), 0), 2)                                          AS total_amount,
       round(coalesce(sum(d.amount * d.probability / 100), 0), 2)                    AS weighted_amount,
       round(avg(d.probability), 2)                                                  AS avg_probability
FROM erp.deals d
GROUP BY d.stage, d.currency;

COMMENT ON VIEW erp.deal_pipeline IS
    'Per deal stage and currency: deals_count, total_amount, weighted_amount (by probability), avg_probability.';

-- Grants, as 0004 gave them for the erp tables it knew: the planner reads, the sync job reads and writes.

GRANT SELECT ON erp.outcome_types, erp.functional_areas, erp.topics, erp.icp_segments, erp.deals,
    erp.touchpoints, erp.icp_scoring, erp.invoices, erp.expenses, erp.payments, erp.kpis, erp.kpi_measurements,
    erp.daily_thread, erp.decision_journal, erp.experiments, erp.notebook, erp.assets, erp.ideas_inbox,
    erp.invoice_balances, erp.finance_snapshot, erp.template_performance, erp.deal_pipeline
    TO erp_planner, erp_sync;
GRANT INSERT, UPDATE, DELETE ON erp.outcome_types, erp.functional_areas, erp.topics, erp.icp_segments,
    erp.deals, erp.touchpoints, erp.icp_scoring, erp.invoices, erp.expenses, erp.payments, erp.kpis,
    erp.kpi_measurements, erp.daily_thread, erp.decision_journal, erp.experiments, erp.notebook, erp.assets,
    erp.ideas_inbox
    TO erp_sync;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA erp TO erp_sync;
