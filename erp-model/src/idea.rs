//! Rows and forms of `erp.ideas_inbox`: the ideas inbox: brainstorm capture.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{IdeaId, IdeaStatus, Level, PersonId, TopicId, VentureId};

/// A row of `erp.ideas_inbox`: an idea captured for later triage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Idea {
    /// Database id of the idea.
    pub id: IdeaId,
    /// Stable global id of the idea, for references from outside this database.
    pub global_id: Uuid,
    /// The idea, in a line.
    pub title: String,
    /// More on the idea.
    pub description: Option<String>,
    /// Triage state (default `New`).
    pub status: IdeaStatus,
    /// Expected impact.
    pub impact: Option<Level>,
    /// Expected effort.
    pub effort: Option<Level>,
    /// Where the idea came from.
    pub source: Option<String>,
    /// When it was captured (default: now).
    pub captured_at: DateTime<Utc>,
    /// Topic filed under; cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// Who had the idea; cleared if that person is deleted.
    pub submitted_by: Option<PersonId>,
    /// Venture it is for; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.ideas_inbox`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdeaInsertForm {
    /// The idea, in a line.
    pub title: String,
    /// More on the idea.
    pub description: Option<String>,
    /// Triage state (default `New`).
    pub status: Option<IdeaStatus>,
    /// Expected impact.
    pub impact: Option<Level>,
    /// Expected effort.
    pub effort: Option<Level>,
    /// Where the idea came from.
    pub source: Option<String>,
    /// When it was captured (default: now).
    pub captured_at: Option<DateTime<Utc>>,
    /// Topic filed under; cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// Who had the idea; cleared if that person is deleted.
    pub submitted_by: Option<PersonId>,
    /// Venture it is for; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl IdeaInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: None,
            status: None,
            impact: None,
            effort: None,
            source: None,
            captured_at: None,
            topic_id: None,
            submitted_by: None,
            venture_id: None,
            tags: None,
        }
    }
}

/// Changes to a row of `erp.ideas_inbox`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IdeaUpdateForm {
    /// The idea, in a line.
    pub title: Option<String>,
    /// More on the idea.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Triage state (default `New`).
    pub status: Option<IdeaStatus>,
    /// Expected impact.
    #[serde(with = "::serde_with::rust::double_option")]
    pub impact: Option<Option<Level>>,
    /// Expected effort.
    #[serde(with = "::serde_with::rust::double_option")]
    pub effort: Option<Option<Level>>,
    /// Where the idea came from.
    #[serde(with = "::serde_with::rust::double_option")]
    pub source: Option<Option<String>>,
    /// When it was captured (default: now).
    pub captured_at: Option<DateTime<Utc>>,
    /// Topic filed under; cleared if the topic is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub topic_id: Option<Option<TopicId>>,
    /// Who had the idea; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub submitted_by: Option<Option<PersonId>>,
    /// Venture it is for; cleared if the venture is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub venture_id: Option<Option<VentureId>>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl IdeaUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
