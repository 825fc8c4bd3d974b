//! The columns of the `erp` schema's tables and views as sea-query identifiers, each name spelled once.

use sea_query::IdenStatic;

super::tables! {
    "erp";
    /// `erp.assets`.
    Assets {
        id, global_id, name, description, asset_type, status, storage_url, version, topic_id,
        owner_person_id, tags, created_at, updated_at,
    }
    /// `erp.daily_thread`.
    DailyThread {
        id, global_id, entry_date, person_id, content, wins, blockers, energy, tags, created_at, updated_at,
    }
    /// `erp.deal_pipeline`.
    DealPipeline {
        stage, stage_order, currency, deals_count, total_amount, weighted_amount, avg_probability,
    }
    /// `erp.deals`.
    Deals {
        id, global_id, name, organization_id, contact_person_id, owner_person_id, offer_id, icp_segment_id,
        engagement_id, stage, source, amount, currency, probability, expected_close_date, closed_on,
        lost_reason, notes, created_at, updated_at,
    }
    /// `erp.decision_journal`.
    DecisionJournal {
        id, global_id, title, decided_on, status, context, options, decision, rationale, expected_outcome,
        review_on, actual_outcome, decided_by, venture_id, project_id, topic_id, created_at, updated_at,
    }
    /// `erp.deliverables`.
    Deliverables {
        id, global_id, engagement_id, offer_id, name, description, due_date, status, created_at, updated_at,
    }
    /// `erp.engagements`.
    Engagements {
        id, global_id, name, client_org_id, primary_contact_id, project_id, offer_id, offer_name, status,
        start_date, end_date, value_estimate, notes, created_at, updated_at, currency,
    }
    /// `erp.execution_runs`.
    ExecutionRuns {
        id, global_id, run_type, workflow_id, process_template_id, task_id, project_id, engagement_id,
        executed_by, session_id, started_at, ended_at, estimated_hours, actual_hours, variance_pct,
        outcome_notes, run_identifier, status, metadata, created_at, updated_at,
    }
    /// `erp.expenses`.
    Expenses {
        id, global_id, description, category, status, expense_date, amount, currency, is_billable,
        vendor_org_id, person_id, project_id, engagement_id, rebilled_invoice_id, receipt_url, notes,
        created_at, updated_at,
    }
    /// `erp.experiments`.
    Experiments {
        id, global_id, name, hypothesis, success_criteria, status, verdict, kpi_id, outcome_type_id,
        owner_person_id, start_date, end_date, baseline_value, target_value, result_value, learnings,
        created_at, updated_at,
    }
    /// `erp.finance_snapshot`.
    FinanceSnapshot {
        month, currency, invoiced, cash_in, cash_out, expenses, open_receivables, net,
    }
    /// `erp.functional_areas`.
    FunctionalAreas {
        id, global_id, parent_id, name, description, owner_person_id, is_active, created_at, updated_at,
    }
    /// `erp.icp_scoring`.
    IcpScoring {
        id, global_id, icp_segment_id, organization_id, deal_id, scored_by, scored_on, score, grade,
        criteria_scores, notes, created_at, updated_at,
    }
    /// `erp.icp_segments`.
    IcpSegments {
        id, global_id, name, description, industry, company_size, pain_points, criteria, status, created_at,
        updated_at,
    }
    /// `erp.ideas_inbox`.
    IdeasInbox {
        id, global_id, title, description, status, impact, effort, source, captured_at, topic_id,
        submitted_by, venture_id, tags, created_at, updated_at,
    }
    /// `erp.invoice_balances`.
    InvoiceBalances {
        invoice_id, invoice_number, organization_id, engagement_id, project_id, status, currency, issue_date,
        due_date, total_amount, amount_paid, balance_due, is_open, overdue_today,
    }
    /// `erp.invoices`.
    Invoices {
        id, global_id, invoice_number, organization_id, engagement_id, project_id, status, issue_date,
        due_date, currency, subtotal, tax_amount, total_amount, document_url, notes, created_at, updated_at,
    }
    /// `erp.kpi_measurements`.
    KpiMeasurements {
        id, global_id, kpi_id, period_start, value, notes, created_at, updated_at,
    }
    /// `erp.kpis`.
    Kpis {
        id, global_id, name, description, functional_area_id, okr_id, venture_id, owner_person_id, unit,
        target_value, target_direction, frequency, status, created_at, updated_at,
    }
    /// `erp.notebook`.
    Notebook {
        id, global_id, title, content, note_type, topic_id, author_person_id, source_url, tags, created_at,
        updated_at,
    }
    /// `erp.offers`.
    Offers {
        id, global_id, service_blueprint_id, name, description, pricing_model, base_price, status,
        created_at, updated_at, currency,
    }
    /// `erp.okrs`.
    Okrs {
        id, global_id, owner_person_id, venture_id, venture_name, objective, key_results, time_horizon_start,
        time_horizon_end, status, created_at, updated_at,
    }
    /// `erp.organizations`.
    Organizations {
        id, global_id, name, website, org_type, notes, is_active, created_at, updated_at,
    }
    /// `erp.outcome_types`.
    OutcomeTypes {
        id, global_id, name, description, is_active, created_at, updated_at,
    }
    /// `erp.payments`.
    Payments {
        id, global_id, direction, status, method, amount, currency, paid_on, reference, invoice_id,
        expense_id, organization_id, person_id, notes, created_at, updated_at,
    }
    /// `erp.people`.
    People {
        id, global_id, full_name, email, handle, role_label, notes, is_active, created_at, updated_at,
    }
    /// `erp.process_templates`.
    ProcessTemplates {
        id, global_id, workflow_id, name, description, checklist, template_type, version, status, tags,
        created_at, updated_at,
    }
    /// `erp.projects`.
    Projects {
        id, global_id, name, description, owner_person_id, organization_id, venture_id, process_template_id,
        status, start_date, end_date, tags, created_at, updated_at,
    }
    /// `erp.resource_templates`.
    ResourceTemplates {
        id, global_id, name, description, template_type, storage_url, version, status, tags, created_at,
        updated_at,
    }
    /// `erp.results`.
    Results {
        id, global_id, engagement_id, deliverable_id, name, outcome, impact, metric_name, metric_value,
        metric_unit, achieved_date, created_at, updated_at, outcome_type_id,
    }
    /// `erp.service_blueprints`.
    ServiceBlueprints {
        id, global_id, name, description, customer_actions, frontstage, backstage, support_processes,
        evidence, version, status, owner_person_id, tags, created_at, updated_at,
    }
    /// `erp.sprint_tasks`.
    SprintTasks {
        sprint_id, sprint_name, task_id, title, status, priority, project_id, assignee_id,
        scheduled_start_date, scheduled_end_date, estimated_hours,
    }
    /// `erp.sprints`.
    Sprints {
        id, global_id, name, start_date, end_date, capacity_hours, status, created_at, updated_at,
    }
    /// `erp.tasks`.
    Tasks {
        id, global_id, title, description, project_id, engagement_id, assignee_id, status, priority,
        due_date, estimated_hours, actual_hours, scheduled_start_date, scheduled_end_date, tags, created_at,
        updated_at,
    }
    /// `erp.template_performance`.
    TemplatePerformance {
        template_kind, process_template_id, resource_template_id, name, status, workflow_id,
        workflow_estimated_hours, uses_count, last_used_at, avg_actual_hours, variance_pct, completed_pct,
    }
    /// `erp.topics`.
    Topics {
        id, global_id, parent_id, name, description, created_at, updated_at,
    }
    /// `erp.touchpoints`.
    Touchpoints {
        id, global_id, subject, summary, channel, direction, status, occurred_at, duration_minutes,
        person_id, organization_id, owner_person_id, engagement_id, deal_id, resource_template_id,
        execution_run_id, next_step, follow_up_on, created_at, updated_at,
    }
    /// `erp.ventures`.
    Ventures {
        id, global_id, name, description, status, owner_person_id, created_at, updated_at,
    }
    /// `erp.workflow_performance`.
    WorkflowPerformance {
        workflow_id, name, estimated_hours, execution_runs_count, avg_actual_hours, variance_pct,
    }
    /// `erp.workflows`.
    Workflows {
        id, global_id, service_blueprint_id, name, description, steps, estimated_hours, automation_status,
        version, status, tags, created_at, updated_at, functional_area_id,
    }
}
