//! Repositories of the `agent` schema.

mod artifact;
mod block;
mod block_action;
mod client_profile;
mod context_recipe;
mod episode;
mod event;
mod fact;
mod goal;
mod graph_edge;
mod graph_node;
mod memory_entry;
mod memory_fact;
mod plan;
mod profile;
mod profile_tool;
mod prompt_template;
mod reflection;
mod scheduler_run;
mod session;
mod step_evaluation;
mod tool;
mod webhook_execution;
mod working_state;

// Memory recall and whole-client operations.
mod blend;
mod context;
mod forget;
mod recall;
mod storage;

pub use artifact::*;
pub use block::*;
pub use block_action::*;
pub use client_profile::*;
pub use context_recipe::*;
pub use episode::*;
pub use event::*;
pub use fact::*;
pub use goal::*;
pub use graph_edge::*;
pub use graph_node::*;
pub use memory_entry::*;
pub use memory_fact::*;
pub use plan::*;
pub use profile::*;
pub use profile_tool::*;
pub use prompt_template::*;
pub use reflection::*;
pub use scheduler_run::*;
pub use session::*;
pub use step_evaluation::*;
pub use tool::*;
pub use webhook_execution::*;
pub use working_state::*;

pub use blend::*;
pub use context::*;
pub use forget::*;
pub use recall::*;
pub use storage::*;
