//! `agent.events`: what happened in a session, and promoting the salient ones to facts.

use agent_model::{
    Event, EventId, EventInsertForm, EventSource, EventType, EventUpdateForm, Fact, FactInsertForm,
    MemoryScope, SessionId, SubjectType,
};
use chrono::{DateTime, Utc};
use sea_query::{Condition, Expr, ExprTrait, LockType, Order, Query};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::fact::Facts;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Events as Col;
use crate::{Error, Page, PageRequest, Result, SortOrder};

repository! {
    /// Repository of `agent.events`.
    Events for Col {
        id: EventId,
        row: Event,
        global_id: false,
        insert: EventInsertForm {
            required: [session_id, event_type],
            optional: [occurred_at, event_source, subject_type, subject_id, message, payload, memory_scope,
                       salience_score, promoted_fact_id, client_id],
        },
        update: EventUpdateForm {
            session_id, occurred_at, event_type, event_source, subject_type, subject_id, message, payload,
            memory_scope, salience_score, promoted_fact_id, client_id,
        },
        filter: EventFilter,
        sort: EventSort,
    }
}

sort_keys! {
    /// What an event list can be ordered by.
    EventSort for Col {
        /// When it happened.
        OccurredAt => (OccurredAt, "timestamptz"),
        /// Salience.
        SalienceScore => (SalienceScore, "double precision"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
    }
}

/// Which events to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Only events of this session.
    pub session_id: Option<SessionId>,
    /// Only these kinds of event.
    pub event_type: Option<Vec<EventType>>,
    /// Only events from these sources.
    pub event_source: Option<Vec<EventSource>>,
    /// Only events with this memory scope.
    pub memory_scope: Option<MemoryScope>,
    /// Only events about this kind of subject.
    pub subject_type: Option<SubjectType>,
    /// Only events about this subject id.
    pub subject_id: Option<String>,
    /// `true`: only events promoted to a fact; `false`: only those not promoted.
    pub promoted: Option<bool>,
    /// Only events at least this salient.
    pub min_salience: Option<f64>,
    /// Happened at or after this instant.
    pub occurred_from: Option<DateTime<Utc>>,
    /// Happened at or before this instant.
    pub occurred_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the message.
    pub message_contains: Option<String>,
}

impl ListFilter for EventFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::SessionId, self.session_id.as_ref())?
            .any_of(Col::EventType, self.event_type.as_deref())?
            .any_of(Col::EventSource, self.event_source.as_deref())?
            .eq(Col::MemoryScope, self.memory_scope.as_ref())?
            .eq(Col::SubjectType, self.subject_type.as_ref())?
            .eq(Col::SubjectId, self.subject_id.as_ref())?
            .is_null(Col::PromotedFactId, self.promoted.map(|p| !p))
            .between(Col::SalienceScore, self.min_salience.as_ref(), None)?
            .between(
                Col::OccurredAt,
                self.occurred_from.as_ref(),
                self.occurred_to.as_ref(),
            )?
            .search(Col::Message, self.message_contains.as_deref())?
            .build())
    }
}

impl Events {
    /// Appends an event to a session; `form.session_id` must be `session_id` (a mismatch is
    /// [`Error::InvalidInput`], so an event never lands in a session the caller did not name).
    pub async fn append<'e>(
        exec: impl PgExecutor<'e>,
        session_id: SessionId,
        form: &EventInsertForm,
    ) -> Result<Event> {
        if form.session_id != session_id {
            return Err(Error::invalid(
                "session_id",
                format!(
                    "form is for session {}, appending to {session_id}",
                    form.session_id
                ),
            ));
        }
        Self::insert(exec, form).await
    }

    /// A page of a session's events in the order they happened (`occurred_at`, then id).
    pub async fn of_session<'e>(
        exec: impl PgExecutor<'e>,
        session_id: SessionId,
        page: &PageRequest,
    ) -> Result<Page<Event>> {
        let filter = EventFilter {
            session_id: Some(session_id),
            ..Default::default()
        };
        Self::list(exec, &filter, SortOrder::asc(EventSort::OccurredAt), page).await
    }

    /// Promotes an event to a fact, atomically: inserts the fact with `source_event_id` = the event and
    /// sets the event's `promoted_fact_id`; returns both as stored.
    ///
    /// The event row is locked first, so two concurrent promotions of one event cannot both succeed.
    /// An event already promoted is [`Error::InvalidInput`] on `event_id` (its fact is
    /// `event.promoted_fact_id`); a form naming another source event is [`Error::InvalidInput`] too.
    /// On any error nothing is written.
    pub fn promote_to_fact<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        event_id: EventId,
        fact: &FactInsertForm,
    ) -> impl Future<Output = Result<(Event, Fact)>> + Send {
        crate::crud::traced_op(Self::TABLE, "promote_to_fact", async move {
            let mut held = db.acquire().await?;
            Self::promote_to_fact_on(&mut held, event_id, fact).await
        })
    }

    async fn promote_to_fact_on(
        conn: &mut PgConnection,
        event_id: EventId,
        fact: &FactInsertForm,
    ) -> Result<(Event, Fact)> {
        if fact.source_event_id.is_some_and(|s| s != event_id) {
            return Err(Error::invalid(
                "source_event_id",
                format!("the fact's source event must be the promoted event {event_id}"),
            ));
        }
        let mut tx = conn.begin().await?;
        let lock = select::<Self>()
            .and_where(Expr::col("id").eq(event_id.0))
            .lock(LockType::Update)
            .to_owned();
        let event: Event = crud::fetch_optional(&mut *tx, &lock)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Events::TABLE,
                id: event_id.to_string(),
            })?;
        if let Some(existing) = event.promoted_fact_id {
            return Err(Error::invalid(
                "event_id",
                format!("event {event_id} was already promoted to fact {existing}"),
            ));
        }
        let form = FactInsertForm {
            source_event_id: Some(event_id),
            ..fact.clone()
        };
        let fact = Facts::insert(&mut *tx, &form).await?;
        let stmt = Query::update()
            .table(("agent", "events"))
            .value("promoted_fact_id", field("promoted_fact_id", &fact.id)?)
            .and_where(Expr::col("id").eq(event_id.0))
            .returning_all()
            .to_owned();
        let event: Event = crud::fetch_optional(&mut *tx, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Events::TABLE,
                id: event_id.to_string(),
            })?;
        tx.commit().await?;
        Ok((event, fact))
    }

    /// Up to `limit` events at least `min_salience` salient and not yet promoted to a fact, most salient
    /// first (then oldest); of one session, or of all when `session_id` is `None`.
    pub async fn unpromoted_salient<'e>(
        exec: impl PgExecutor<'e>,
        session_id: Option<SessionId>,
        min_salience: f64,
        limit: u32,
    ) -> Result<Vec<Event>> {
        if !(0.0..=1.0).contains(&min_salience) {
            return Err(Error::invalid(
                "min_salience",
                "must be a number from 0 to 1",
            ));
        }
        let limit = PageRequest::first(limit).checked_limit()?;
        let mut stmt = select::<Self>();
        stmt.cond_where(
            Where::new()
                .eq(Col::SessionId, session_id.as_ref())?
                .is_null(Col::PromotedFactId, Some(true))
                .between(Col::SalienceScore, Some(&min_salience), None)?
                .build(),
        )
        .order_by("salience_score", Order::Desc)
        .order_by("occurred_at", Order::Asc)
        .order_by("id", Order::Asc)
        .limit(limit);
        crud::fetch_all(exec, &stmt).await
    }
}
