#![doc = include_str!("../README.md")]

pub mod embedding;
pub mod enums;
pub mod ids;
pub mod outcomes;

pub mod artifact;
pub mod block;
pub mod block_action;
pub mod client_profile;
pub mod context_recipe;
pub mod episode;
pub mod event;
pub mod fact;
pub mod goal;
pub mod graph_edge;
pub mod graph_neighbor;
pub mod graph_node;
pub mod memory_entry;
pub mod memory_fact;
pub mod plan;
pub mod profile;
pub mod profile_tool;
pub mod prompt_template;
pub mod reflection;
pub mod scheduler_run;
pub mod session;
pub mod step_evaluation;
pub mod tool;
pub mod webhook_execution;
pub mod working_state;

pub use embedding::{
    EMBEDDING_DIM, Embedding, EmbeddingError, EmbeddingSignature, SIGNATURE_BITS, SIGNATURE_SEED,
};
pub use enums::*;
pub use erp_model::LabelError;
pub use ids::*;

pub use artifact::{Artifact, ArtifactInsertForm, ArtifactUpdateForm};
pub use block::{Block, BlockInsertForm, BlockUpdateForm};
pub use block_action::{BlockAction, BlockActionInsertForm, BlockActionUpdateForm};
pub use client_profile::{ClientProfile, ClientProfileInsertForm, ClientProfileUpdateForm};
pub use context_recipe::{ContextRecipe, ContextRecipeInsertForm, ContextRecipeUpdateForm};
pub use episode::{Episode, EpisodeInsertForm, EpisodeUpdateForm};
pub use event::{Event, EventBody, EventInsertForm, EventUpdateForm};
pub use fact::{Fact, FactInsertForm, FactUpdateForm};
pub use goal::{Goal, GoalInsertForm, GoalUpdateForm, SuccessCriterion};
pub use graph_edge::{GraphEdge, GraphEdgeInsertForm, GraphEdgeUpdateForm};
pub use graph_neighbor::GraphNeighbor;
pub use graph_node::{GraphNode, GraphNodeInsertForm, GraphNodeUpdateForm};
pub use memory_entry::{
    MemoryEntry, MemoryEntryBody, MemoryEntryInsertForm, MemoryEntryUpdateForm, expires_at_from_ttl,
};
pub use memory_fact::{MemoryFact, MemoryFactBody, MemoryFactInsertForm, MemoryFactUpdateForm};
pub use outcomes::{CasOutcome, ForgetReport, Recalled, Remembered, StartSession};
pub use plan::{Plan, PlanInsertForm, PlanUpdateForm, Sop, SopStep};
pub use profile::{Profile, ProfileInsertForm, ProfileUpdateForm};
pub use profile_tool::{ProfileTool, ProfileToolInsertForm, ProfileToolUpdateForm};
pub use prompt_template::{PromptTemplate, PromptTemplateInsertForm, PromptTemplateUpdateForm};
pub use reflection::{Reflection, ReflectionInsertForm, ReflectionUpdateForm};
pub use scheduler_run::{
    ScheduleBlock, SchedulerRun, SchedulerRunInsertForm, SchedulerRunUpdateForm,
};
pub use session::{Session, SessionInsertForm, SessionUpdateForm};
pub use step_evaluation::{StepEvaluation, StepEvaluationInsertForm, StepEvaluationUpdateForm};
pub use tool::{Tool, ToolInsertForm, ToolUpdateForm};
pub use webhook_execution::{
    WebhookExecution, WebhookExecutionInsertForm, WebhookExecutionUpdateForm,
};
pub use working_state::{WorkingState, WorkingStateInsertForm, WorkingStateUpdateForm};
