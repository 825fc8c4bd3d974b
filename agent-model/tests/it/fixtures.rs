//! One fully populated row of every agent table (every nullable column set), consistent with each other:
//! every id is 1 and every foreign key points at row 1, except where the database needs a second row
//! (the parent goal, the event a fact came from, the far end of a graph edge), which is row 2.

use agent_model::*;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use erp_model::{ExecutionRunId, PatternStatus, PersonId, TaskId, TopicId};
use rust_decimal_macros::dec;
use serde_json::json;
use uuid::Uuid;

/// 2025-12-01 at `hour`:`minute` UTC.
pub fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 1, hour, minute, 0).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, d).unwrap()
}

fn uuid(n: u8) -> Uuid {
    Uuid::from_bytes([n; 16])
}

/// A fixture row's JSON with every column: a row's own JSON leaves out `embedding` and `embedding_sig`
/// (memories and episodes serialize slim), which the fixtures always set to [`embedding`] and its signature.
pub fn full_json<R: serde::Serialize>(table: &str, row: &R) -> serde_json::Value {
    let mut json = serde_json::to_value(row).unwrap();
    if ["memory_entries", "episodes"].contains(&table) {
        let object = json.as_object_mut().unwrap();
        assert!(!object.contains_key("embedding"), "{table}: slim JSON");
        object.insert(
            "embedding".into(),
            serde_json::to_value(embedding()).unwrap(),
        );
        let sig = EmbeddingSignature::of(&embedding());
        object.insert("embedding_sig".into(), serde_json::to_value(sig).unwrap());
    }
    json
}

/// An embedding of exactly representable values (so JSON and the database give them back bit for bit).
pub fn embedding() -> Embedding {
    Embedding::new(
        (0..EMBEDDING_DIM)
            .map(|i| ((i % 17) as f32 - 8.0) / 16.0)
            .collect(),
    )
    .unwrap()
}

pub const MEMORY_CONTENT: &str = "Prefers meetings before noon";

/// sha256 of [`MEMORY_CONTENT`], what the database trigger stores in `content_hash`.
pub fn memory_content_hash() -> Vec<u8> {
    let hex = "5a245a3279645b2e5c873136f2fee8747c6c8b1c5ae3d4f98dd35c2ff4e83d2b";
    (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

pub fn client_profile() -> ClientProfile {
    ClientProfile {
        id: ClientProfileId(1),
        client_id: "client-42".into(),
        name: Some("Acme".into()),
        preferences: json!({"tone": "brief"}),
        created_at: at(8, 0),
        updated_at: at(8, 5),
    }
}

pub fn memory_entry() -> MemoryEntry {
    MemoryEntry {
        id: MemoryEntryId(1),
        client_id: "client-42".into(),
        content: MEMORY_CONTENT.into(),
        content_hash: memory_content_hash(),
        memory_type: MemoryType::Preference,
        importance: 0.75,
        embedding: Some(embedding()),
        embedding_sig: Some(EmbeddingSignature::of(&embedding())),
        ttl_minutes: Some(90),
        expires_at: Some(at(10, 0)),
        metadata: json!({"source": "chat"}),
        created_at: at(8, 30),
    }
}

pub fn memory_fact() -> MemoryFact {
    MemoryFact {
        id: MemoryFactId(1),
        client_id: "client-42".into(),
        fact_key: "timezone".into(),
        fact_value: "Europe/Paris".into(),
        category: Some("profile".into()),
        confidence_score: 0.5,
        metadata: json!({"by": "agent"}),
        created_at: at(8, 0),
        updated_at: at(8, 1),
    }
}

pub fn working_state() -> WorkingState {
    WorkingState {
        id: WorkingStateId(1),
        client_id: "client-42".into(),
        state_key: "draft".into(),
        state_value: json!({"step": 3, "done": [1, 2]}),
        version: 7,
        created_at: at(8, 0),
        updated_at: at(8, 2),
    }
}

pub fn episode() -> Episode {
    Episode {
        id: EpisodeId(1),
        client_id: "client-42".into(),
        session_id: Some(SessionId(1)),
        summary: "Planned the week".into(),
        importance: 0.25,
        embedding: Some(embedding()),
        embedding_sig: Some(EmbeddingSignature::of(&embedding())),
        metadata: json!({"turns": 12}),
        created_at: at(9, 30),
    }
}

pub fn webhook_execution() -> WebhookExecution {
    WebhookExecution {
        id: WebhookExecutionId(1),
        client_id: "client-42".into(),
        webhook_url: "https://hooks.example.com/x".into(),
        payload: json!({"event": "ping"}),
        response: Some(json!({"ok": false})),
        status: WebhookStatus::TimedOut,
        executed_at: at(9, 0),
    }
}

pub fn session() -> Session {
    Session {
        id: SessionId(1),
        global_id: uuid(1),
        profile_id: Some(ProfileId(1)),
        session_type: SessionType::Planning,
        client_person_id: Some(PersonId(1)),
        subject_type: Some(SubjectType::Project),
        subject_id: Some("17".into()),
        status: SessionStatus::Completed,
        started_at: at(9, 0),
        ended_at: Some(at(9, 45)),
        trace_id: Some("trace-abc".into()),
        context_recipe_id: Some(ContextRecipeId(1)),
        applied_harness_config: json!({"temperature": 0.5}),
        metadata: json!({"channel": "cli"}),
        created_at: at(9, 0),
        updated_at: at(9, 45),
        client_id: Some("client-42".into()),
    }
}

pub fn event() -> Event {
    Event {
        id: EventId(1),
        session_id: SessionId(1),
        occurred_at: at(9, 10),
        event_type: EventType::ToolResult,
        event_source: EventSource::Tool,
        subject_type: Some(SubjectType::Task),
        subject_id: Some("99".into()),
        message: Some("calendar read".into()),
        payload: json!({"events": 3}),
        memory_scope: MemoryScope::Client,
        salience_score: 0.875,
        promoted_fact_id: Some(FactId(1)),
        created_at: at(9, 10),
        updated_at: at(9, 11),
        client_id: Some("client-42".into()),
    }
}

pub fn fact() -> Fact {
    Fact {
        id: FactId(1),
        global_id: uuid(2),
        subject_type: SubjectType::Client,
        subject_id: "client-42".into(),
        fact_type: FactType::Preference,
        category: Some("scheduling".into()),
        content: "Mornings only".into(),
        salience_score: 0.625,
        valid_from: at(9, 0),
        valid_to: Some(at(18, 0)),
        source_event_id: Some(EventId(2)),
        source_ref: Some("chat:2025-12-01".into()),
        metadata: json!({"confidence": "high"}),
        created_at: at(9, 5),
        updated_at: at(9, 6),
        client_id: Some("client-42".into()),
    }
}

pub fn goal() -> Goal {
    Goal {
        id: GoalId(1),
        global_id: uuid(3),
        subject_type: SubjectType::Venture,
        subject_id: "3".into(),
        title: "Ship the SDK".into(),
        description: Some("Memory and planner on one crate".into()),
        success_criteria: vec![
            SuccessCriterion {
                description: "CI green".into(),
                met: true,
            },
            SuccessCriterion::new("Docs written"),
        ],
        status: GoalStatus::Blocked,
        priority: GoalPriority::Critical,
        time_horizon_start: Some(day(1)),
        time_horizon_end: Some(day(31)),
        parent_goal_id: Some(GoalId(2)),
        created_at: at(7, 0),
        updated_at: at(7, 30),
    }
}

pub fn reflection() -> Reflection {
    Reflection {
        id: ReflectionId(1),
        session_id: Some(SessionId(1)),
        reflection_date: day(1),
        mode: ReflectionMode::Weekly,
        client_person_id: Some(PersonId(1)),
        scope: Some(ReflectionScope::Project),
        focal_entity_type: Some(SubjectType::Project),
        focal_entity_id: Some("17".into()),
        goals: Some("Finish the model".into()),
        accomplishments: Some("Ids and labels".into()),
        blockers: Some("None".into()),
        decisions: Some("Bytea embeddings".into()),
        metrics: json!({"hours": 6}),
        next_actions: Some("Repositories".into()),
        raw_text: Some("A good week.".into()),
        created_at: at(18, 0),
        client_id: Some("client-42".into()),
    }
}

pub fn step_evaluation() -> StepEvaluation {
    StepEvaluation {
        id: StepEvaluationId(1),
        execution_run_id: ExecutionRunId(1),
        step_name: "lint".into(),
        step_index: 2,
        validator_type: ValidatorType::Llm,
        status: EvaluationStatus::Failed,
        score: Some(0.25),
        feedback: Some("Too long".into()),
        needs_human: true,
        created_at: at(11, 0),
    }
}

pub fn artifact() -> Artifact {
    Artifact {
        id: ArtifactId(1),
        global_id: uuid(4),
        artifact_type: ArtifactType::Dataset,
        external_id: Some("drive:123".into()),
        title: "Q4 numbers".into(),
        summary: Some("Revenue by month".into()),
        source_system: Some("drive".into()),
        metadata: json!({"rows": 12}),
        created_at: at(12, 0),
    }
}

pub fn profile() -> Profile {
    Profile {
        id: ProfileId(1),
        global_id: uuid(5),
        name: "planner".into(),
        description: Some("Plans the week".into()),
        system_prompt_template: Some("You plan.".into()),
        harness_config: json!({"max_turns": 8}),
        default_model: Some("model-x".into()),
        default_context_recipe_id: Some(ContextRecipeId(1)),
        is_active: false,
        created_at: at(6, 0),
        updated_at: at(6, 1),
    }
}

pub fn tool() -> Tool {
    Tool {
        id: ToolId(1),
        global_id: uuid(6),
        name: "calendar.read".into(),
        description: Some("Reads the calendar".into()),
        schema_definition: json!({"type": "object"}),
        is_active: false,
        created_at: at(6, 0),
        updated_at: at(6, 2),
    }
}

pub fn context_recipe() -> ContextRecipe {
    ContextRecipe {
        id: ContextRecipeId(1),
        name: "default".into(),
        description: Some("Facts and recent episodes".into()),
        retrieval_spec: json!({"top_k": 10}),
        created_at: at(6, 0),
    }
}

pub fn profile_tool() -> ProfileTool {
    ProfileTool {
        id: ProfileToolId(1),
        profile_id: ProfileId(1),
        tool_id: ToolId(1),
        is_enabled: false,
        created_at: at(6, 3),
    }
}

pub fn graph_node() -> GraphNode {
    GraphNode {
        id: GraphNodeId(1),
        node_type: NodeType::ServiceBlueprint,
        node_id: "service_blueprint:1".into(),
        properties: json!({"name": "Audit"}),
        created_at: at(5, 0),
        updated_at: at(5, 1),
    }
}

pub fn graph_edge() -> GraphEdge {
    GraphEdge {
        id: GraphEdgeId(1),
        from_node_id: GraphNodeId(1),
        to_node_id: GraphNodeId(2),
        edge_type: EdgeType::DependsOn,
        properties: json!({"weight": 2}),
        created_at: at(5, 2),
        updated_at: at(5, 3),
    }
}

pub fn block() -> Block {
    Block {
        id: BlockId(1),
        global_id: uuid(7),
        block_type: BlockType::Checklist,
        title: Some("Launch".into()),
        body_md: Some("- [ ] ship".into()),
        source_table: Some("erp.tasks".into()),
        source_id: Some("99".into()),
        artifact_id: Some(ArtifactId(1)),
        vector_key: Some("vec:1".into()),
        graph_key: Some("task:99".into()),
        metadata: json!({"pinned": true}),
        created_at: at(13, 0),
        updated_at: at(13, 1),
    }
}

pub fn block_action() -> BlockAction {
    BlockAction {
        id: BlockActionId(1),
        block_id: BlockId(1),
        action_type: ActionType::ToolCall,
        tool_name: Some("calendar.read".into()),
        tool_params_template: json!({"day": "{{date}}"}),
        is_default: true,
        metadata: json!({"icon": "cal"}),
        created_at: at(13, 2),
        updated_at: at(13, 3),
    }
}

pub fn plan() -> Plan {
    Plan {
        id: PlanId(1),
        plan_title: "Onboard Acme".into(),
        intent: Some("Get Acme live".into()),
        sop: Sop {
            steps: vec![
                SopStep {
                    title: "Kick-off".into(),
                    description: Some("Agree on scope".into()),
                    estimated_hours: Some(dec!(1.5)),
                    tool: Some("calendar.write".into()),
                },
                SopStep::new("Send the contract"),
            ],
        },
        client_id: Some("client-42".into()),
        status: PlanStatus::InProgress,
        metadata: json!({"owner": "ada"}),
        created_at: at(14, 0),
        updated_at: at(14, 1),
    }
}

pub fn scheduler_run() -> SchedulerRun {
    SchedulerRun {
        id: SchedulerRunId(1),
        plan_id: PlanId(1),
        schedule_blocks: vec![ScheduleBlock {
            title: "Kick-off".into(),
            starts_at: at(15, 0),
            ends_at: at(16, 30),
            task_id: Some(TaskId(99)),
        }],
        client_id: Some("client-42".into()),
        status: SchedulerRunStatus::Claimed,
        calendar_events: json!([{"id": "evt-1"}]),
        scheduled_for: at(14, 30),
        claimed_by: Some("worker-1".into()),
        claimed_at: Some(at(14, 31)),
        metadata: json!({"attempt": 1}),
        created_at: at(14, 0),
        updated_at: at(14, 31),
    }
}

pub fn prompt_template() -> PromptTemplate {
    PromptTemplate {
        id: PromptTemplateId(1),
        template_name: "weekly-review".into(),
        template_type: PromptTemplateType::Reflection,
        content: "Review {{week}}".into(),
        version: 3,
        variables: json!(["week"]),
        metadata: json!({"lang": "en"}),
        purpose: Some("Close the week with a review".into()),
        status: PatternStatus::Deprecated,
        topic_id: Some(TopicId(1)),
        target_model: Some("gpt-4o".into()),
        tags: vec!["review".into(), "weekly".into()],
        created_at: at(4, 0),
        updated_at: at(4, 1),
    }
}
