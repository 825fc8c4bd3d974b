//! `agent.memory_entries`: one remembered piece of content of a client, optionally embedded and expiring.

use crate::{Embedding, EmbeddingSignature, MemoryEntryId, MemoryType};
use chrono::{DateTime, TimeDelta, Utc};

/// A row of `agent.memory_entries`: one remembered piece of content of a client, optionally embedded and expiring.
///
/// In JSON it is slim, as a service answers with it: without `embedding` (1,536 floats) and
/// `embedding_sig` (derived from it), which read back as `None`, and with `content_hash` as 64 hex digits.
/// A client that needs the vector asks for it separately (`Embedding` serializes on its own).
#[serde_with::serde_as]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct MemoryEntry {
    /// Database id.
    pub id: MemoryEntryId,
    /// The client this memory belongs to; reads never cross clients.
    pub client_id: String,
    /// What is remembered.
    pub content: String,
    /// SHA-256 of `content`, set by a trigger; unique per client so remembering is idempotent.
    #[serde_as(as = "serde_with::hex::Hex")]
    pub content_hash: Vec<u8>,
    /// Kind of memory (default `semantic`).
    pub memory_type: MemoryType,
    /// Importance from 0 to 1 (default 0.5).
    pub importance: f64,
    /// Semantic embedding (1,536 `f32`); not in the row's JSON.
    #[serde(skip_serializing, default)]
    pub embedding: Option<Embedding>,
    /// 256-bit sign signature of `embedding` for a Hamming prefilter; computed from the embedding; not in
    /// the row's JSON.
    #[serde(skip_serializing, default)]
    pub embedding_sig: Option<EmbeddingSignature>,
    /// Time to live in minutes (> 0); NULL never expires.
    pub ttl_minutes: Option<i32>,
    /// When the entry stops being live; `created_at + ttl_minutes` when not given.
    pub expires_at: Option<DateTime<Utc>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
}

/// A new row of `agent.memory_entries`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
///
/// There is no `embedding_sig` field: the signature is always derived from `embedding`
/// ([`MemoryEntryInsertForm::embedding_sig`]), so the two can never disagree. The repository binds it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MemoryEntryInsertForm {
    /// The client this memory belongs to; reads never cross clients.
    pub client_id: String,
    /// What is remembered.
    pub content: String,
    /// Kind of memory (default `semantic`).
    pub memory_type: Option<MemoryType>,
    /// Importance from 0 to 1 (default 0.5).
    pub importance: Option<f64>,
    /// Semantic embedding (1,536 `f32`).
    pub embedding: Option<Embedding>,
    /// Time to live in minutes (> 0); NULL never expires.
    pub ttl_minutes: Option<i32>,
    /// When the entry stops being live; `created_at + ttl_minutes` when not given.
    pub expires_at: Option<DateTime<Utc>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl MemoryEntryInsertForm {
    /// The signature to store in `embedding_sig`: computed from `embedding`, `None` without one.
    pub fn embedding_sig(&self) -> Option<EmbeddingSignature> {
        self.embedding.as_ref().map(EmbeddingSignature::of)
    }

    /// A form with the required columns set and every other column left to the database.
    pub fn new(client_id: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            content: content.into(),
            memory_type: None,
            importance: None,
            embedding: None,
            ttl_minutes: None,
            expires_at: None,
            metadata: None,
        }
    }
}

/// The body of a nested route such as `POST /clients/{c}/memories`: a [`MemoryEntryInsertForm`] without
/// its client, which comes from the path (or from the client-scoped transaction).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MemoryEntryBody {
    /// What is remembered.
    pub content: String,
    /// Kind of memory (default `semantic`).
    #[serde(default)]
    pub memory_type: Option<MemoryType>,
    /// Importance from 0 to 1 (default 0.5).
    #[serde(default)]
    pub importance: Option<f64>,
    /// Semantic embedding (1,536 `f32`).
    #[serde(default)]
    pub embedding: Option<Embedding>,
    /// Time to live in minutes (> 0); NULL never expires.
    #[serde(default)]
    pub ttl_minutes: Option<i32>,
    /// When the entry stops being live; `created_at + ttl_minutes` when not given.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Free-form extra data (JSON object, default `{}`).
    #[serde(default)]
    pub metadata: Option<serde_json::Value>,
}

impl MemoryEntryBody {
    /// A body with only the content set.
    pub fn new(content: impl Into<String>) -> Self {
        Self {
            content: content.into(),
            ..Self::default()
        }
    }

    /// The insert form for this client.
    pub fn into_form(self, client_id: impl Into<String>) -> MemoryEntryInsertForm {
        let MemoryEntryBody {
            content,
            memory_type,
            importance,
            embedding,
            ttl_minutes,
            expires_at,
            metadata,
        } = self;
        MemoryEntryInsertForm {
            client_id: client_id.into(),
            content,
            memory_type,
            importance,
            embedding,
            ttl_minutes,
            expires_at,
            metadata,
        }
    }
}

/// A change to a row of `agent.memory_entries`: `None` leaves a column alone, `Some(None)` clears a nullable one.
///
/// Changing `embedding` changes `embedding_sig` with it ([`MemoryEntryUpdateForm::embedding_sig`]).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MemoryEntryUpdateForm {
    /// The client this memory belongs to; reads never cross clients.
    pub client_id: Option<String>,
    /// What is remembered.
    pub content: Option<String>,
    /// Kind of memory (default `semantic`).
    pub memory_type: Option<MemoryType>,
    /// Importance from 0 to 1 (default 0.5).
    pub importance: Option<f64>,
    /// Semantic embedding (1,536 `f32`).
    #[serde(with = "::serde_with::rust::double_option")]
    pub embedding: Option<Option<Embedding>>,
    /// Time to live in minutes (> 0); NULL never expires.
    ///
    /// The trigger recomputes `expires_at` only when it is NULL, so to move an existing expiry with a new
    /// TTL, clear `expires_at` in the same update (`expires_at: Some(None)`).
    #[serde(with = "::serde_with::rust::double_option")]
    pub ttl_minutes: Option<Option<i32>>,
    /// When the entry stops being live; `created_at + ttl_minutes` when not given.
    #[serde(with = "::serde_with::rust::double_option")]
    pub expires_at: Option<Option<DateTime<Utc>>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl MemoryEntryUpdateForm {
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

/// When an entry created at `created_at` with a TTL of `ttl_minutes` expires (what the database trigger
/// sets when `expires_at` is not given).
///
/// Saturates at chrono's extreme instants instead of overflowing; the database only accepts `ttl_minutes > 0`.
pub fn expires_at_from_ttl(created_at: DateTime<Utc>, ttl_minutes: i32) -> DateTime<Utc> {
    created_at
        .checked_add_signed(TimeDelta::minutes(i64::from(ttl_minutes)))
        .unwrap_or(if ttl_minutes >= 0 {
            DateTime::<Utc>::MAX_UTC
        } else {
            DateTime::<Utc>::MIN_UTC
        })
}

impl MemoryEntry {
    /// Whether the entry is live at `t`: it never expires, or `t` is before `expires_at`.
    pub fn is_live_at(&self, t: DateTime<Utc>) -> bool {
        self.expires_at.is_none_or(|end| t < end)
    }
}
