//! Rows and forms of `erp.notebook`: the notebook: unstructured notes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{NoteId, NoteType, PersonId, TopicId};

/// A row of `erp.notebook`: an unstructured note filed under a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Note {
    /// Database id of the note.
    pub id: NoteId,
    /// Stable global id of the note, for references from outside this database.
    pub global_id: Uuid,
    /// Title of the note.
    pub title: String,
    /// The note.
    pub content: Option<String>,
    /// Kind of note (default `Note`).
    pub note_type: NoteType,
    /// Topic filed under; cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// Author; cleared if that person is deleted.
    pub author_person_id: Option<PersonId>,
    /// Where the material came from.
    pub source_url: Option<String>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.notebook`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteInsertForm {
    /// Title of the note.
    pub title: String,
    /// The note.
    pub content: Option<String>,
    /// Kind of note (default `Note`).
    pub note_type: Option<NoteType>,
    /// Topic filed under; cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// Author; cleared if that person is deleted.
    pub author_person_id: Option<PersonId>,
    /// Where the material came from.
    pub source_url: Option<String>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl NoteInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            content: None,
            note_type: None,
            topic_id: None,
            author_person_id: None,
            source_url: None,
            tags: None,
        }
    }
}

/// Changes to a row of `erp.notebook`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteUpdateForm {
    /// Title of the note.
    pub title: Option<String>,
    /// The note.
    #[serde(with = "::serde_with::rust::double_option")]
    pub content: Option<Option<String>>,
    /// Kind of note (default `Note`).
    pub note_type: Option<NoteType>,
    /// Topic filed under; cleared if the topic is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub topic_id: Option<Option<TopicId>>,
    /// Author; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub author_person_id: Option<Option<PersonId>>,
    /// Where the material came from.
    #[serde(with = "::serde_with::rust::double_option")]
    pub source_url: Option<Option<String>>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl NoteUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
