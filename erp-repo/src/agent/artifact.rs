//! `agent.artifacts`: documents, emails, code and other things the agent produced or refers to.

use agent_model::{Artifact, ArtifactId, ArtifactInsertForm, ArtifactType, ArtifactUpdateForm};
use chrono::{DateTime, Utc};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Artifacts as Col;

repository! {
    /// Repository of `agent.artifacts`.
    Artifacts for Col {
        id: ArtifactId,
        row: Artifact,
        global_id: true,
        insert: ArtifactInsertForm {
            required: [artifact_type, title],
            optional: [external_id, summary, source_system, metadata],
        },
        update: ArtifactUpdateForm {
            artifact_type, external_id, title, summary, source_system, metadata,
        },
        filter: ArtifactFilter,
        sort: ArtifactSort,
    }
}

sort_keys! {
    /// What an artifact list can be ordered by.
    ArtifactSort for Col {
        /// Title, alphabetically.
        Title => (Title, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
    }
}

/// Which artifacts to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArtifactFilter {
    /// Only these kinds of artifact.
    pub artifact_type: Option<Vec<ArtifactType>>,
    /// Only artifacts from this system.
    pub source_system: Option<String>,
    /// Only the artifact with this id in its source system.
    pub external_id: Option<String>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
}

impl ListFilter for ArtifactFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::ArtifactType, self.artifact_type.as_deref())?
            .eq(Col::SourceSystem, self.source_system.as_ref())?
            .eq(Col::ExternalId, self.external_id.as_ref())?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::Title, self.title_contains.as_deref())?
            .build())
    }
}
