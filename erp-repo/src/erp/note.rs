//! `erp.notebook`: notes, meeting notes, research and reference material, filed under topics.

use chrono::{DateTime, Utc};
use erp_model::{Note, NoteId, NoteInsertForm, NoteType, NoteUpdateForm, PersonId, TopicId};
use sea_query::Condition;

use super::service_blueprint::with_tags;
use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Notebook as Col;

repository! {
    /// Repository of `erp.notebook`.
    Notes for Col {
        id: NoteId,
        row: Note,
        global_id: true,
        insert: NoteInsertForm {
            required: [title],
            optional: [content, note_type, topic_id, author_person_id, source_url, tags],
        },
        update: NoteUpdateForm { title, content, note_type, topic_id, author_person_id, source_url, tags },
        filter: NoteFilter,
        sort: NoteSort,
    }
}

sort_keys! {
    /// What a note list can be ordered by.
    NoteSort for Col {
        /// Title, alphabetically.
        Title => (Title, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which notes to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteFilter {
    /// Only these kinds of note.
    pub note_type: Option<Vec<NoteType>>,
    /// Only notes filed under this topic.
    pub topic_id: Option<TopicId>,
    /// Only notes written by this person.
    pub author_person_id: Option<PersonId>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Only notes carrying every one of these tags.
    pub tags: Option<Vec<String>>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
}

impl ListFilter for NoteFilter {
    fn condition(&self) -> Result<Condition> {
        let w = Where::new()
            .any_of(Col::NoteType, self.note_type.as_deref())?
            .eq(Col::TopicId, self.topic_id.as_ref())?
            .eq(Col::AuthorPersonId, self.author_person_id.as_ref())?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::Title, self.title_contains.as_deref())?;
        Ok(with_tags(w, self.tags.as_ref())?.build())
    }
}
