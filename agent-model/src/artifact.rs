//! `agent.artifacts`: a document, email, code, image ... the agent produced or refers to.

use crate::{ArtifactId, ArtifactType};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A row of `agent.artifacts`: a document, email, code, image ... the agent produced or refers to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Artifact {
    /// Database id.
    pub id: ArtifactId,
    /// Stable id across systems, set by the database.
    pub global_id: Uuid,
    /// Kind of artifact.
    pub artifact_type: ArtifactType,
    /// Its id in the system that holds it.
    pub external_id: Option<String>,
    /// Title.
    pub title: String,
    /// Short summary.
    pub summary: Option<String>,
    /// The system that holds it.
    pub source_system: Option<String>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
}

/// A new row of `agent.artifacts`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArtifactInsertForm {
    /// Kind of artifact.
    pub artifact_type: ArtifactType,
    /// Its id in the system that holds it.
    pub external_id: Option<String>,
    /// Title.
    pub title: String,
    /// Short summary.
    pub summary: Option<String>,
    /// The system that holds it.
    pub source_system: Option<String>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl ArtifactInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(artifact_type: ArtifactType, title: impl Into<String>) -> Self {
        Self {
            artifact_type,
            external_id: None,
            title: title.into(),
            summary: None,
            source_system: None,
            metadata: None,
        }
    }
}

/// A change to a row of `agent.artifacts`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ArtifactUpdateForm {
    /// Kind of artifact.
    pub artifact_type: Option<ArtifactType>,
    /// Its id in the system that holds it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub external_id: Option<Option<String>>,
    /// Title.
    pub title: Option<String>,
    /// Short summary.
    #[serde(with = "::serde_with::rust::double_option")]
    pub summary: Option<Option<String>>,
    /// The system that holds it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub source_system: Option<Option<String>>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
}

impl ArtifactUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
