//! The user guides of `docs/guides/` and the service integration guide as doctests: `cargo test` runs every
//! Rust block of each on a throwaway database, so a guide that no longer matches the SDK fails the build.
//! (The Coda guide runs as a doctest of `erp-coda`, which this crate does not depend on.)

/// How to create a Service Blueprint.
#[doc = include_str!("../../docs/guides/create-a-service-blueprint.md")]
pub mod create_a_service_blueprint {}

/// How to create a Workflow.
#[doc = include_str!("../../docs/guides/create-a-workflow.md")]
pub mod create_a_workflow {}

/// How to adapt a Workflow into a Process Template.
#[doc = include_str!("../../docs/guides/adapt-a-workflow-into-a-process-template.md")]
pub mod adapt_a_workflow_into_a_process_template {}

/// How to log an Execution Run.
#[doc = include_str!("../../docs/guides/log-an-execution-run.md")]
pub mod log_an_execution_run {}

/// How to plan a week: sprints from scheduled dates.
#[doc = include_str!("../../docs/guides/plan-a-week.md")]
pub mod plan_a_week {}

/// How to read workflow and template performance.
#[doc = include_str!("../../docs/guides/read-workflow-and-template-performance.md")]
pub mod read_workflow_and_template_performance {}

/// How to record an invoice and its payments.
#[doc = include_str!("../../docs/guides/record-an-invoice-and-payments.md")]
pub mod record_an_invoice_and_payments {}

/// The service integration guide (`docs/integration.md`).
#[doc = include_str!("../../docs/integration.md")]
pub mod integration {}
