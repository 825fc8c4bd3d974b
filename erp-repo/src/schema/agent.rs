//! The columns of the `agent` schema's tables and views as sea-query identifiers, each name spelled once.

use sea_query::IdenStatic;

super::tables! {
    "agent";
    /// `agent.artifacts`.
    Artifacts {
        id, global_id, artifact_type, external_id, title, summary, source_system, metadata, created_at,
    }
    /// `agent.block_actions`.
    BlockActions {
        id, block_id, action_type, tool_name, tool_params_template, is_default, metadata, created_at,
        updated_at,
    }
    /// `agent.blocks`.
    Blocks {
        id, global_id, block_type, title, body_md, source_table, source_id, artifact_id, vector_key,
        graph_key, metadata, created_at, updated_at,
    }
    /// `agent.client_profiles`.
    ClientProfiles {
        id, client_id, name, preferences, created_at, updated_at,
    }
    /// `agent.context_recipes`.
    ContextRecipes {
        id, name, description, retrieval_spec, created_at,
    }
    /// `agent.episodes`.
    Episodes {
        id, client_id, session_id, summary, importance, embedding, embedding_sig, metadata, created_at,
    }
    /// `agent.events`.
    Events {
        id, session_id, occurred_at, event_type, event_source, subject_type, subject_id, message, payload,
        memory_scope, salience_score, promoted_fact_id, created_at, updated_at, client_id,
    }
    /// `agent.facts`.
    Facts {
        id, global_id, subject_type, subject_id, fact_type, category, content, salience_score, valid_from,
        valid_to, source_event_id, source_ref, metadata, created_at, updated_at, client_id,
    }
    /// `agent.goals`.
    Goals {
        id, global_id, subject_type, subject_id, title, description, success_criteria, status, priority,
        time_horizon_start, time_horizon_end, parent_goal_id, created_at, updated_at,
    }
    /// `agent.graph_edges`.
    GraphEdges {
        id, from_node_id, to_node_id, edge_type, properties, created_at, updated_at,
    }
    /// `agent.graph_nodes`.
    GraphNodes {
        id, node_type, node_id, properties, created_at, updated_at,
    }
    /// `agent.memory_entries`.
    MemoryEntries {
        id, client_id, content, content_hash, memory_type, importance, embedding, embedding_sig, ttl_minutes,
        expires_at, metadata, created_at,
    }
    /// `agent.memory_facts`.
    MemoryFacts {
        id, client_id, fact_key, fact_value, category, confidence_score, metadata, created_at, updated_at,
    }
    /// `agent.plans`.
    Plans {
        id, plan_title, intent, sop, client_id, status, metadata, created_at, updated_at,
    }
    /// `agent.profile_tools`.
    ProfileTools {
        id, profile_id, tool_id, is_enabled, created_at,
    }
    /// `agent.profiles`.
    Profiles {
        id, global_id, name, description, system_prompt_template, harness_config, default_model,
        default_context_recipe_id, is_active, created_at, updated_at,
    }
    /// `agent.prompt_templates`.
    PromptTemplates {
        id, template_name, template_type, content, version, variables, metadata, created_at, updated_at,
        purpose, status, topic_id, target_model, tags,
    }
    /// `agent.reflections`.
    Reflections {
        id, session_id, reflection_date, mode, client_person_id, scope, focal_entity_type, focal_entity_id,
        goals, accomplishments, blockers, decisions, metrics, next_actions, raw_text, created_at, client_id,
    }
    /// `agent.scheduler_runs`.
    SchedulerRuns {
        id, plan_id, schedule_blocks, client_id, status, calendar_events, scheduled_for, claimed_by,
        claimed_at, metadata, created_at, updated_at,
    }
    /// `agent.sessions`.
    Sessions {
        id, global_id, profile_id, session_type, client_person_id, subject_type, subject_id, status,
        started_at, ended_at, trace_id, context_recipe_id, applied_harness_config, metadata, created_at,
        updated_at, client_id,
    }
    /// `agent.step_evaluations`.
    StepEvaluations {
        id, execution_run_id, step_name, step_index, validator_type, status, score, feedback, needs_human,
        created_at,
    }
    /// `agent.tools`.
    Tools {
        id, global_id, name, description, schema_definition, is_active, created_at, updated_at,
    }
    /// `agent.webhook_executions`.
    WebhookExecutions {
        id, client_id, webhook_url, payload, response, status, executed_at,
    }
    /// `agent.working_state`.
    WorkingState {
        id, client_id, state_key, state_value, version, created_at, updated_at,
    }
}
