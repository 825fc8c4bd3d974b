//! The user guides of `docs/guides/` as doctests: `cargo test` runs every Rust block of every guide on a
//! throwaway database, so a guide that no longer matches the SDK fails the build.

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
