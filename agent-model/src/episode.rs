//! `agent.episodes`: a summarised stretch of interaction with a client, optionally embedded.

use crate::{Embedding, EmbeddingSignature, EpisodeId, SessionId};
use chrono::{DateTime, Utc};

/// A row of `agent.episodes`: a summarised stretch of interaction with a client, optionally embedded.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Episode {
    /// Database id.
    pub id: EpisodeId,
    /// The client the episode belongs to.
    pub client_id: String,
    /// The session it summarises.
    pub session_id: Option<SessionId>,
    /// What happened.
    pub summary: String,
    /// Importance from 0 to 1 (default 0.5).
    pub importance: f64,
    /// Semantic embedding of the summary (1,536 `f32`); not in the row's JSON (it reads back as `None`).
    #[serde(skip_serializing, default)]
    pub embedding: Option<Embedding>,
    /// 256-bit sign signature of `embedding` for a Hamming prefilter; computed from the embedding; not in
    /// the row's JSON.
    #[serde(skip_serializing, default)]
    pub embedding_sig: Option<EmbeddingSignature>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
}

/// A new row of `agent.episodes`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
///
/// There is no `embedding_sig` field: the signature is always derived from `embedding`
/// ([`EpisodeInsertForm::embedding_sig`]), so the two can never disagree. The repository binds it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct EpisodeInsertForm {
    /// The client the episode belongs to.
    pub client_id: String,
    /// The session it summarises.
    pub session_id: Option<SessionId>,
    /// What happened.
    pub summary: String,
    /// Importance from 0 to 1 (default 0.5).
    pub importance: Option<f64>,
    /// Semantic embedding of the summary (1,536 `f32`).
    pub embedding: Option<Embedding>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl EpisodeInsertForm {
    /// The signature to store in `embedding_sig`: computed from `embedding`, `None` without one.
    pub fn embedding_sig(&self) -> Option<EmbeddingSignature> {
        self.embedding.as_ref().map(EmbeddingSignature::of)
    }

    /// A form with the required columns set and every other column left to the database.
    pub fn new(client_id: impl Into<String>, summary: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            session_id: None,
            summary: summary.into(),
            importance: None,
            embedding: None,
            metadata: None,
        }
    }
}

/// A change to a row of `agent.episodes`: `None` leaves a column alone, `Some(None)` clears a nullable one.
///
/// Changing `embedding` changes `embedding_sig` with it ([`EpisodeUpdateForm::embedding_sig`]).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct EpisodeUpdateForm {
    /// The client the episode belongs to.
    pub client_id: Option<String>,
    /// The session it summarises.
    #[serde(with = "::serde_with::rust::double_option")]
    pub session_id: Option<Option<SessionId>>,
    /// What happened.
    pub summary: Option<String>,
    /// Importance from 0 to 1 (default 0.5).
    pub importance: Option<f64>,
    /// Semantic embedding of the summary (1,536 `f32`).
    #[serde(with = "::serde_with::rust::double_option")]
    pub embedding: Option<Option<Embedding>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl EpisodeUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The `embedding_sig` change that goes with the `embedding` change (cleared with it, recomputed with it).
    pub fn embedding_sig(&self) -> Option<Option<EmbeddingSignature>> {
        self.embedding
            .as_ref()
            .map(|e| e.as_ref().map(EmbeddingSignature::of))
    }
}
