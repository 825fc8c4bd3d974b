//! Every closed label set of the agent schema (lower snake case, as agent code writes them).

use erp_model::labels;

labels! {
    /// Kind of a memory entry.
    MemoryType {
        /// Something that happened.
        Episodic = "episodic",
        /// A piece of knowledge.
        Semantic = "semantic",
        /// How to do something.
        Procedural = "procedural",
        /// What the client likes.
        Preference = "preference",
        /// Something noticed.
        Observation = "observation",
    }
}

labels! {
    /// Kind of an agent session.
    SessionType {
        /// A conversation.
        Chat = "chat",
        /// Planning work.
        Planning = "planning",
        /// Executing work.
        Execution = "execution",
        /// Reflecting on work.
        Reflection = "reflection",
        /// A data sync.
        Sync = "sync",
    }
}

labels! {
    /// Lifecycle of a session.
    SessionStatus {
        /// Running.
        Active = "active",
        /// Ended normally.
        Completed = "completed",
        /// Ended in error.
        Failed = "failed",
        /// Left unfinished.
        Abandoned = "abandoned",
    }
}

labels! {
    /// What a session, event, fact, goal or reflection is about.
    SubjectType {
        /// An `erp.people` row.
        Person = "person",
        /// An `erp.organizations` row.
        Organization = "organization",
        /// An `erp.ventures` row.
        Venture = "venture",
        /// An `erp.projects` row.
        Project = "project",
        /// An `erp.tasks` row.
        Task = "task",
        /// An `erp.engagements` row.
        Engagement = "engagement",
        /// An `erp.workflows` row.
        Workflow = "workflow",
        /// A memory client (`client_id`).
        Client = "client",
        /// The agent itself.
        Agent = "agent",
    }
}

labels! {
    /// Kind of a session event.
    EventType {
        /// A message.
        Message = "message",
        /// A tool invocation.
        ToolCall = "tool_call",
        /// A tool's answer.
        ToolResult = "tool_result",
        /// Something observed.
        Observation = "observation",
        /// A decision taken.
        Decision = "decision",
        /// An error.
        Error = "error",
        /// A system notice.
        System = "system",
    }
}

labels! {
    /// Who produced a session event.
    EventSource {
        /// The human.
        User = "user",
        /// The agent.
        Agent = "agent",
        /// A tool.
        Tool = "tool",
        /// The harness.
        System = "system",
        /// An incoming webhook.
        Webhook = "webhook",
    }
}

labels! {
    /// How widely an event should be remembered.
    MemoryScope {
        /// This session only.
        Session = "session",
        /// Everything about this client.
        Client = "client",
        /// Everyone.
        Global = "global",
    }
}

labels! {
    /// Kind of a time-bounded fact.
    FactType {
        /// A property of the subject.
        Attribute = "attribute",
        /// What the subject prefers.
        Preference = "preference",
        /// A link to another subject.
        Relationship = "relationship",
        /// The subject's current state.
        Status = "status",
        /// A decision about the subject.
        Decision = "decision",
        /// Something observed.
        Observation = "observation",
        /// Something the subject can do.
        Skill = "skill",
    }
}

labels! {
    /// Lifecycle of a goal.
    GoalStatus {
        /// Suggested, not adopted.
        Proposed = "proposed",
        /// Being pursued.
        Active = "active",
        /// Stuck.
        Blocked = "blocked",
        /// Met.
        Achieved = "achieved",
        /// Dropped.
        Abandoned = "abandoned",
    }
}

impl GoalStatus {
    /// Whether the goal still needs work.
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            GoalStatus::Proposed | GoalStatus::Active | GoalStatus::Blocked
        )
    }
}

labels! {
    /// Importance of a goal, lowest first.
    GoalPriority {
        /// Nice to have.
        Low = "low",
        /// The default.
        Medium = "medium",
        /// Important.
        High = "high",
        /// Must happen.
        Critical = "critical",
    }
}

labels! {
    /// Cadence of a reflection.
    ReflectionMode {
        /// End of day.
        Daily = "daily",
        /// End of week.
        Weekly = "weekly",
        /// End of a session.
        Session = "session",
        /// A look back at a finished piece of work.
        Retrospective = "retrospective",
    }
}

labels! {
    /// What a reflection covers.
    ReflectionScope {
        /// The founder's own work.
        Personal = "personal",
        /// One client.
        Client = "client",
        /// One project.
        Project = "project",
        /// One venture.
        Venture = "venture",
        /// The agent system.
        System = "system",
    }
}

labels! {
    /// Who or what graded a step.
    ValidatorType {
        /// A deterministic rule.
        Rule = "rule",
        /// A language model.
        Llm = "llm",
        /// A person.
        Human = "human",
        /// An automated test.
        Test = "test",
    }
}

labels! {
    /// Outcome of a step evaluation.
    EvaluationStatus {
        /// Not graded yet.
        Pending = "pending",
        /// Passed.
        Passed = "passed",
        /// Failed.
        Failed = "failed",
        /// Not graded.
        Skipped = "skipped",
    }
}

labels! {
    /// Kind of an artifact.
    ArtifactType {
        /// A document.
        Document = "document",
        /// An email.
        Email = "email",
        /// Source code.
        Code = "code",
        /// An image.
        Image = "image",
        /// A link.
        Link = "link",
        /// A note.
        Note = "note",
        /// A dataset.
        Dataset = "dataset",
    }
}

labels! {
    /// Outcome of a webhook call.
    WebhookStatus {
        /// Not answered yet.
        Pending = "pending",
        /// Answered with success.
        Succeeded = "succeeded",
        /// Answered with an error.
        Failed = "failed",
        /// Not answered in time.
        TimedOut = "timed_out",
    }
}

impl WebhookStatus {
    /// Whether the call did not succeed (`failed` or `timed_out`).
    pub const fn is_failure(self) -> bool {
        matches!(self, WebhookStatus::Failed | WebhookStatus::TimedOut)
    }
}

labels! {
    /// Kind of a graph node.
    NodeType {
        /// An `erp.service_blueprints` row.
        ServiceBlueprint = "service_blueprint",
        /// An `erp.workflows` row.
        Workflow = "workflow",
        /// An `erp.process_templates` row.
        ProcessTemplate = "process_template",
        /// An `erp.resource_templates` row.
        ResourceTemplate = "resource_template",
        /// An `erp.execution_runs` row.
        ExecutionRun = "execution_run",
        /// A person.
        Person = "person",
        /// An organization.
        Organization = "organization",
        /// A venture.
        Venture = "venture",
        /// A project.
        Project = "project",
        /// A task.
        Task = "task",
        /// An engagement.
        Engagement = "engagement",
        /// An offer.
        Offer = "offer",
        /// An idea or topic.
        Concept = "concept",
        /// A document.
        Document = "document",
        /// A memory entry.
        Memory = "memory",
        /// A fact.
        Fact = "fact",
        /// A goal.
        Goal = "goal",
    }
}

labels! {
    /// Kind of a graph edge, read from the `from` node to the `to` node.
    EdgeType {
        /// `from` is a part of `to`.
        PartOf = "part_of",
        /// `from` was derived from `to`.
        DerivedFrom = "derived_from",
        /// `from` needs `to`.
        DependsOn = "depends_on",
        /// A loose association.
        RelatesTo = "relates_to",
        /// `from` mentions `to`.
        Mentions = "mentions",
        /// `from` owns `to`.
        Owns = "owns",
        /// `from` is assigned to `to`.
        AssignedTo = "assigned_to",
        /// `from` uses `to`.
        Uses = "uses",
        /// `from` produced `to`.
        Produced = "produced",
    }
}

labels! {
    /// Kind of a content block.
    BlockType {
        /// A note.
        Note = "note",
        /// A task.
        Task = "task",
        /// A summary.
        Summary = "summary",
        /// A reference.
        Reference = "reference",
        /// A decision.
        Decision = "decision",
        /// A checklist.
        Checklist = "checklist",
        /// A snippet.
        Snippet = "snippet",
    }
}

labels! {
    /// What a block action does.
    ActionType {
        /// Open the block's source.
        Open = "open",
        /// Call a tool.
        ToolCall = "tool_call",
        /// Send a prompt.
        Prompt = "prompt",
        /// Copy the block.
        Copy = "copy",
        /// Share the block.
        Share = "share",
    }
}

labels! {
    /// Lifecycle of a plan.
    PlanStatus {
        /// Being written.
        Draft = "draft",
        /// Approved.
        Approved = "approved",
        /// Scheduled into the calendar.
        Scheduled = "scheduled",
        /// Being carried out.
        InProgress = "in_progress",
        /// Done.
        Completed = "completed",
        /// Dropped.
        Cancelled = "cancelled",
    }
}

labels! {
    /// Lifecycle of a scheduler run.
    SchedulerRunStatus {
        /// Waiting to be claimed once due.
        Pending = "pending",
        /// Taken by a worker.
        Claimed = "claimed",
        /// Done.
        Completed = "completed",
        /// Ended in error.
        Failed = "failed",
        /// Dropped.
        Cancelled = "cancelled",
    }
}

labels! {
    /// Role of a prompt template.
    PromptTemplateType {
        /// A system prompt.
        System = "system",
        /// A user prompt.
        User = "user",
        /// A tool description.
        Tool = "tool",
        /// A summarisation prompt.
        Summary = "summary",
        /// A reflection prompt.
        Reflection = "reflection",
        /// A planning prompt.
        Planner = "planner",
    }
}

labels! {
    /// Which way a graph edge points, seen from the node whose neighbours are listed.
    EdgeDirection {
        /// The edge goes from the node to the neighbour.
        Outgoing = "outgoing",
        /// The edge comes from the neighbour to the node.
        Incoming = "incoming",
    }
}
