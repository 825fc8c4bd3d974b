//! agent-model's integration tests: labels, embeddings, domain arithmetic, serde, and the real schema.

/// Calls `$callback!` with every agent table as `table: fixture, Row, InsertForm, UpdateForm;`.
macro_rules! for_each_entity {
    ($callback:ident) => {
        $callback! {
            client_profiles: client_profile, ClientProfile, ClientProfileInsertForm, ClientProfileUpdateForm;
            memory_entries: memory_entry, MemoryEntry, MemoryEntryInsertForm, MemoryEntryUpdateForm;
            memory_facts: memory_fact, MemoryFact, MemoryFactInsertForm, MemoryFactUpdateForm;
            working_state: working_state, WorkingState, WorkingStateInsertForm, WorkingStateUpdateForm;
            episodes: episode, Episode, EpisodeInsertForm, EpisodeUpdateForm;
            webhook_executions: webhook_execution, WebhookExecution, WebhookExecutionInsertForm, WebhookExecutionUpdateForm;
            sessions: session, Session, SessionInsertForm, SessionUpdateForm;
            events: event, Event, EventInsertForm, EventUpdateForm;
            facts: fact, Fact, FactInsertForm, FactUpdateForm;
            goals: goal, Goal, GoalInsertForm, GoalUpdateForm;
            reflections: reflection, Reflection, ReflectionInsertForm, ReflectionUpdateForm;
            step_evaluations: step_evaluation, StepEvaluation, StepEvaluationInsertForm, StepEvaluationUpdateForm;
            artifacts: artifact, Artifact, ArtifactInsertForm, ArtifactUpdateForm;
            profiles: profile, Profile, ProfileInsertForm, ProfileUpdateForm;
            tools: tool, Tool, ToolInsertForm, ToolUpdateForm;
            context_recipes: context_recipe, ContextRecipe, ContextRecipeInsertForm, ContextRecipeUpdateForm;
            profile_tools: profile_tool, ProfileTool, ProfileToolInsertForm, ProfileToolUpdateForm;
            graph_nodes: graph_node, GraphNode, GraphNodeInsertForm, GraphNodeUpdateForm;
            graph_edges: graph_edge, GraphEdge, GraphEdgeInsertForm, GraphEdgeUpdateForm;
            blocks: block, Block, BlockInsertForm, BlockUpdateForm;
            block_actions: block_action, BlockAction, BlockActionInsertForm, BlockActionUpdateForm;
            plans: plan, Plan, PlanInsertForm, PlanUpdateForm;
            scheduler_runs: scheduler_run, SchedulerRun, SchedulerRunInsertForm, SchedulerRunUpdateForm;
            prompt_templates: prompt_template, PromptTemplate, PromptTemplateInsertForm, PromptTemplateUpdateForm;
        }
    };
}

mod arithmetic;
#[cfg(feature = "sqlx")]
mod db;
mod embedding;
mod fixtures;
mod labels;
mod serde_roundtrip;

/// Columns the database fills, so no form carries them.
pub const DB_FILLED: &[&str] = &[
    "id",
    "global_id",
    "created_at",
    "updated_at",
    "content_hash",
    "embedding_sig",
];

/// Columns an insert form sets but an update form does not, as `(table, column)`.
pub const INSERT_ONLY: &[(&str, &str)] = &[("working_state", "version")];

/// The keys of a JSON object, sorted.
pub fn keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("a JSON object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// The row's columns less those the database fills: what an insert form holds.
pub fn insert_keys(row: &serde_json::Value) -> Vec<String> {
    keys(row)
        .into_iter()
        .filter(|k| !DB_FILLED.contains(&k.as_str()))
        .collect()
}

/// What an update form holds.
pub fn update_keys(table: &str, row: &serde_json::Value) -> Vec<String> {
    insert_keys(row)
        .into_iter()
        .filter(|k| !INSERT_ONLY.contains(&(table, k.as_str())))
        .collect()
}
