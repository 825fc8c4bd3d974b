//! `agent.reflections`: daily, weekly, session and retrospective reflections.

use agent_model::{
    Reflection, ReflectionId, ReflectionInsertForm, ReflectionMode, ReflectionScope,
    ReflectionUpdateForm, SessionId, SubjectType,
};
use chrono::NaiveDate;
use erp_model::PersonId;
use sea_query::Condition;
use sqlx::PgExecutor;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Reflections as Col;

repository! {
    /// Repository of `agent.reflections`.
    Reflections for Col {
        id: ReflectionId,
        row: Reflection,
        global_id: false,
        insert: ReflectionInsertForm {
            required: [],
            optional: [session_id, reflection_date, mode, client_person_id, scope, focal_entity_type,
                       focal_entity_id, goals, accomplishments, blockers, decisions, metrics, next_actions,
                       raw_text, client_id],
        },
        update: ReflectionUpdateForm {
            session_id, reflection_date, mode, client_person_id, scope, focal_entity_type, focal_entity_id,
            goals, accomplishments, blockers, decisions, metrics, next_actions, raw_text, client_id,
        },
        filter: ReflectionFilter,
        sort: ReflectionSort,
    }
}

sort_keys! {
    /// What a reflection list can be ordered by.
    ReflectionSort for Col {
        /// The day reflected on.
        ReflectionDate => (ReflectionDate, "date"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
    }
}

/// Which reflections to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReflectionFilter {
    /// Only reflections of this session.
    pub session_id: Option<SessionId>,
    /// Only these cadences.
    pub mode: Option<Vec<ReflectionMode>>,
    /// Only this scope.
    pub scope: Option<ReflectionScope>,
    /// Only reflections for this person.
    pub client_person_id: Option<PersonId>,
    /// Only reflections focused on this kind of entity.
    pub focal_entity_type: Option<SubjectType>,
    /// Only reflections focused on this entity id.
    pub focal_entity_id: Option<String>,
    /// Reflecting on this day or later.
    pub date_from: Option<NaiveDate>,
    /// Reflecting on this day or earlier.
    pub date_to: Option<NaiveDate>,
    /// Case-insensitive search in the raw text.
    pub text_contains: Option<String>,
}

impl ListFilter for ReflectionFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::SessionId, self.session_id.as_ref())?
            .any_of(Col::Mode, self.mode.as_deref())?
            .eq(Col::Scope, self.scope.as_ref())?
            .eq(Col::ClientPersonId, self.client_person_id.as_ref())?
            .eq(Col::FocalEntityType, self.focal_entity_type.as_ref())?
            .eq(Col::FocalEntityId, self.focal_entity_id.as_ref())?
            .between(
                Col::ReflectionDate,
                self.date_from.as_ref(),
                self.date_to.as_ref(),
            )?
            .search(Col::RawText, self.text_contains.as_deref())?
            .build())
    }
}

impl Reflections {
    /// Records a reflection and returns it as stored (the date defaults to today, the mode to daily).
    pub async fn record<'e>(
        exec: impl PgExecutor<'e>,
        form: &ReflectionInsertForm,
    ) -> Result<Reflection> {
        Self::insert(exec, form).await
    }
}
