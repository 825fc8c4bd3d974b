//! A typed id per agent table, so a `SessionId` cannot be passed where a `GoalId` is wanted.

/// Id of a row of `agent.sessions`; declared in erp-model, whose `erp.execution_runs` names it.
pub use erp_model::SessionId;

erp_model::typed_id! {
    /// Id of a row of `agent.client_profiles`.
    ClientProfileId;
    /// Id of a row of `agent.memory_entries`.
    MemoryEntryId;
    /// Id of a row of `agent.memory_facts`.
    MemoryFactId;
    /// Id of a row of `agent.working_state`.
    WorkingStateId;
    /// Id of a row of `agent.episodes`.
    EpisodeId;
    /// Id of a row of `agent.webhook_executions`.
    WebhookExecutionId;
    /// Id of a row of `agent.events`.
    EventId;
    /// Id of a row of `agent.facts`.
    FactId;
    /// Id of a row of `agent.goals`.
    GoalId;
    /// Id of a row of `agent.reflections`.
    ReflectionId;
    /// Id of a row of `agent.step_evaluations`.
    StepEvaluationId;
    /// Id of a row of `agent.artifacts`.
    ArtifactId;
    /// Id of a row of `agent.profiles`.
    ProfileId;
    /// Id of a row of `agent.tools`.
    ToolId;
    /// Id of a row of `agent.context_recipes`.
    ContextRecipeId;
    /// Id of a row of `agent.profile_tools`.
    ProfileToolId;
    /// Id of a row of `agent.graph_nodes`.
    GraphNodeId;
    /// Id of a row of `agent.graph_edges`.
    GraphEdgeId;
    /// Id of a row of `agent.blocks`.
    BlockId;
    /// Id of a row of `agent.block_actions`.
    BlockActionId;
    /// Id of a row of `agent.plans`.
    PlanId;
    /// Id of a row of `agent.scheduler_runs`.
    SchedulerRunId;
    /// Id of a row of `agent.prompt_templates`.
    PromptTemplateId;
}
