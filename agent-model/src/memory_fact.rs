//! `agent.memory_facts`: a key/value fact about a client, one value per key.

use crate::MemoryFactId;
use chrono::{DateTime, Utc};

/// A row of `agent.memory_facts`: a key/value fact about a client, one value per key.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct MemoryFact {
    /// Database id.
    pub id: MemoryFactId,
    /// The client the fact is about.
    pub client_id: String,
    /// Name of the fact, unique per client.
    pub fact_key: String,
    /// Value of the fact.
    pub fact_value: String,
    /// Grouping for listing facts.
    pub category: Option<String>,
    /// Confidence from 0 to 1 (default 1).
    pub confidence_score: f64,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.memory_facts`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MemoryFactInsertForm {
    /// The client the fact is about.
    pub client_id: String,
    /// Name of the fact, unique per client.
    pub fact_key: String,
    /// Value of the fact.
    pub fact_value: String,
    /// Grouping for listing facts.
    pub category: Option<String>,
    /// Confidence from 0 to 1 (default 1).
    pub confidence_score: Option<f64>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

/// The body of a nested route such as `PUT /clients/{c}/facts`: a [`MemoryFactInsertForm`] without its
/// client, which comes from the path (or from the client-scoped transaction).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MemoryFactBody {
    /// Name of the fact, unique per client.
    pub fact_key: String,
    /// Value of the fact.
    pub fact_value: String,
    /// Grouping for listing facts.
    #[serde(default)]
    pub category: Option<String>,
    /// Confidence from 0 to 1 (default 1).
    #[serde(default)]
    pub confidence_score: Option<f64>,
    /// Free-form extra data (JSON object, default `{}`).
    #[serde(default)]
    pub metadata: Option<serde_json::Value>,
}

impl MemoryFactBody {
    /// The insert form for this client.
    pub fn into_form(self, client_id: impl Into<String>) -> MemoryFactInsertForm {
        let MemoryFactBody {
            fact_key,
            fact_value,
            category,
            confidence_score,
            metadata,
        } = self;
        MemoryFactInsertForm {
            client_id: client_id.into(),
            fact_key,
            fact_value,
            category,
            confidence_score,
            metadata,
        }
    }
}

impl MemoryFactInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(
        client_id: impl Into<String>,
        fact_key: impl Into<String>,
        fact_value: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            fact_key: fact_key.into(),
            fact_value: fact_value.into(),
            category: None,
            confidence_score: None,
            metadata: None,
        }
    }
}

/// A change to a row of `agent.memory_facts`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct MemoryFactUpdateForm {
    /// The client the fact is about.
    pub client_id: Option<String>,
    /// Name of the fact, unique per client.
    pub fact_key: Option<String>,
    /// Value of the fact.
    pub fact_value: Option<String>,
    /// Grouping for listing facts.
    #[serde(with = "::serde_with::rust::double_option")]
    pub category: Option<Option<String>>,
    /// Confidence from 0 to 1 (default 1).
    pub confidence_score: Option<f64>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl MemoryFactUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
