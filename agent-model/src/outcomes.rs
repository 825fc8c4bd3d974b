//! What the SDK's agent operations report: results a service returns and a client reads back, without sqlx.

use erp_model::PersonId;
use serde::{Deserialize, Serialize};

use crate::*;

/// What `MemoryEntries::remember` did: the entry as stored, and whether it was already there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Remembered {
    /// The stored entry: the new one, or the live one that already had this content.
    pub entry: MemoryEntry,
    /// `true` when a live entry of the same client already had this content (nothing was written).
    pub duplicate: bool,
}

/// One recalled row and its cosine similarity to the query, in `[-1, 1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recalled<T = MemoryEntry> {
    /// The memory entry (or episode).
    pub entry: T,
    /// Cosine similarity to the query embedding.
    pub similarity: f64,
}

/// What `WorkingStates::compare_and_set` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CasOutcome {
    /// The stored version was the expected one; this is the row as written (its version bumped).
    Updated(WorkingState),
    /// Someone else wrote first; nothing was changed.
    Conflict {
        /// The row as this statement saw it (`None`: the key does not exist). Under concurrent writers it
        /// may already be outdated: retry with its version, or re-read with `WorkingStates::get_state`.
        current: Option<WorkingState>,
    },
}

/// What starting a session needs; everything is optional (a bare chat session is valid).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StartSession {
    /// The agent profile running the session.
    pub profile_id: Option<ProfileId>,
    /// Kind of session (default `chat`).
    pub session_type: Option<SessionType>,
    /// What the session is about: kind and id.
    pub subject: Option<(SubjectType, String)>,
    /// Tracing id linking the session to logs.
    pub trace_id: Option<String>,
    /// The harness configuration actually applied (default `{}`).
    pub applied_harness_config: Option<serde_json::Value>,
    /// The person the session is for.
    pub client_person_id: Option<PersonId>,
    /// The context recipe used to build its context.
    pub context_recipe_id: Option<ContextRecipeId>,
    /// Free-form extra data (default `{}`).
    pub metadata: Option<serde_json::Value>,
}

/// How many rows `forget_client` deleted from each table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgetReport {
    /// From `agent.memory_entries` (expired ones included).
    pub memories: u64,
    /// From `agent.memory_facts`.
    pub facts: u64,
    /// From `agent.working_state`.
    pub working_state: u64,
    /// From `agent.episodes`.
    pub episodes: u64,
    /// From `agent.webhook_executions`.
    pub webhook_executions: u64,
    /// Whether the client had a profile in `agent.client_profiles`.
    pub profile: bool,
}

impl StartSession {
    /// A session of this kind about this subject; set the other fields with struct update syntax.
    pub fn about(
        session_type: SessionType,
        subject_type: SubjectType,
        subject_id: impl Into<String>,
    ) -> Self {
        StartSession {
            session_type: Some(session_type),
            subject: Some((subject_type, subject_id.into())),
            ..Default::default()
        }
    }
}

impl From<StartSession> for SessionInsertForm {
    fn from(start: StartSession) -> Self {
        let (subject_type, subject_id) = start.subject.unzip();
        SessionInsertForm {
            profile_id: start.profile_id,
            session_type: start.session_type,
            client_person_id: start.client_person_id,
            subject_type,
            subject_id,
            status: Some(SessionStatus::Active),
            started_at: None,
            ended_at: None,
            trace_id: start.trace_id,
            context_recipe_id: start.context_recipe_id,
            applied_harness_config: start.applied_harness_config,
            metadata: start.metadata,
            // A started session is shared; set the form's client_id to make it one client's.
            client_id: None,
        }
    }
}
