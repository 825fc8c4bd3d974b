//! `agent.facts`: time-bounded facts about a subject, true on `[valid_from, valid_to)`, superseded atomically.

use agent_model::{EventId, Fact, FactId, FactInsertForm, FactType, FactUpdateForm, SubjectType};
use chrono::{DateTime, Utc};
use sea_query::{Condition, Expr, ExprTrait, LockType, Order, Query};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Facts as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.facts`.
    Facts for Col {
        id: FactId,
        row: Fact,
        global_id: true,
        insert: FactInsertForm {
            required: [subject_type, subject_id, fact_type, content],
            optional: [category, salience_score, valid_from, valid_to, source_event_id, source_ref, metadata,
                       client_id],
        },
        update: FactUpdateForm {
            subject_type, subject_id, fact_type, category, content, salience_score, valid_from, valid_to,
            source_event_id, source_ref, metadata, client_id,
        },
        filter: FactFilter,
        sort: FactSort,
    }
}

sort_keys! {
    /// What a fact list can be ordered by.
    FactSort for Col {
        /// Start of validity.
        ValidFrom => (ValidFrom, "timestamptz"),
        /// Salience.
        SalienceScore => (SalienceScore, "double precision"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
    }
}

/// Which facts to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FactFilter {
    /// Only facts about this kind of subject.
    pub subject_type: Option<SubjectType>,
    /// Only facts about this subject id.
    pub subject_id: Option<String>,
    /// Only these kinds of fact.
    pub fact_type: Option<Vec<FactType>>,
    /// Only this category.
    pub category: Option<String>,
    /// Only facts promoted from this event.
    pub source_event_id: Option<EventId>,
    /// `true`: only open facts (no `valid_to`); `false`: only closed ones.
    pub open: Option<bool>,
    /// Valid from at or after this instant.
    pub valid_from_from: Option<DateTime<Utc>>,
    /// Valid from at or before this instant.
    pub valid_from_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the content.
    pub content_contains: Option<String>,
}

impl ListFilter for FactFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::SubjectType, self.subject_type.as_ref())?
            .eq(Col::SubjectId, self.subject_id.as_ref())?
            .any_of(Col::FactType, self.fact_type.as_deref())?
            .eq(Col::Category, self.category.as_ref())?
            .eq(Col::SourceEventId, self.source_event_id.as_ref())?
            .is_null(Col::ValidTo, self.open)
            .between(
                Col::ValidFrom,
                self.valid_from_from.as_ref(),
                self.valid_from_to.as_ref(),
            )?
            .search(Col::Content, self.content_contains.as_deref())?
            .build())
    }
}

fn subject(subject_type: SubjectType, subject_id: &str) -> Result<Where> {
    Where::new()
        .eq(Col::SubjectType, Some(&subject_type))?
        .eq(Col::SubjectId, Some(&subject_id))
}

impl Facts {
    /// A subject's facts true at instant `t` (`valid_from <= t < valid_to`, an open end never ends),
    /// by fact type, then start of validity.
    pub async fn valid_at<'e>(
        exec: impl PgExecutor<'e>,
        subject_type: SubjectType,
        subject_id: &str,
        t: DateTime<Utc>,
    ) -> Result<Vec<Fact>> {
        let at = field("valid_from", &t)?;
        let mut stmt = select::<Self>();
        stmt.cond_where(
            subject(subject_type, subject_id)?
                .and(Expr::col("valid_from").lte(at.clone()))
                .and(
                    Expr::col("valid_to")
                        .is_null()
                        .or(Expr::col("valid_to").gt(at)),
                )
                .build(),
        )
        .order_by("fact_type", Order::Asc)
        .order_by("valid_from", Order::Asc)
        .order_by("id", Order::Asc);
        crud::fetch_all(exec, &stmt).await
    }

    /// Every version of one kind of fact about a subject, oldest first (by `valid_from`, then id).
    pub async fn history<'e>(
        exec: impl PgExecutor<'e>,
        subject_type: SubjectType,
        subject_id: &str,
        fact_type: FactType,
    ) -> Result<Vec<Fact>> {
        let mut stmt = select::<Self>();
        stmt.cond_where(
            subject(subject_type, subject_id)?
                .eq(Col::FactType, Some(&fact_type))?
                .build(),
        )
        .order_by("valid_from", Order::Asc)
        .order_by("id", Order::Asc);
        crud::fetch_all(exec, &stmt).await
    }

    /// Replaces a fact by a new version, atomically: inserts `new` and closes the old one at the new
    /// one's start (`old.valid_to = new.valid_from`), so exactly one of the two holds at any instant.
    /// Returns `(old as closed, new)`.
    ///
    /// The old row is locked first, so two concurrent supersedes of one fact cannot both succeed. Errors,
    /// with nothing written: the old fact missing ([`Error::NotFound`]); already closed, a different
    /// subject or fact type, or a new start not after the old start ([`Error::InvalidInput`]). A `new`
    /// without `valid_from` starts now (the transaction's time).
    pub fn supersede<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        old_id: FactId,
        new: &FactInsertForm,
    ) -> impl Future<Output = Result<(Fact, Fact)>> + Send {
        crate::crud::traced_op(Self::TABLE, "supersede", async move {
            let mut held = db.acquire().await?;
            Self::supersede_on(&mut held, old_id, new).await
        })
    }

    async fn supersede_on(
        conn: &mut PgConnection,
        old_id: FactId,
        new: &FactInsertForm,
    ) -> Result<(Fact, Fact)> {
        let mut tx = conn.begin().await?;
        let lock = select::<Self>()
            .and_where(Expr::col("id").eq(old_id.0))
            .lock(LockType::Update)
            .to_owned();
        let old: Fact = crud::fetch_optional(&mut *tx, &lock)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Facts::TABLE,
                id: old_id.to_string(),
            })?;
        if let Some(closed) = old.valid_to {
            return Err(Error::invalid(
                "old_id",
                format!("fact {old_id} was already closed at {closed}"),
            ));
        }
        if new.subject_type != old.subject_type || new.subject_id != old.subject_id {
            return Err(Error::invalid(
                "subject_id",
                "a new version must be about the same subject as the fact it supersedes",
            ));
        }
        if new.fact_type != old.fact_type {
            return Err(Error::invalid(
                "fact_type",
                "a new version must have the same fact type as the fact it supersedes",
            ));
        }
        if new.valid_from.is_some_and(|from| from <= old.valid_from) {
            return Err(Error::invalid(
                "valid_from",
                "a new version must start after the fact it supersedes",
            ));
        }
        let inserted = Self::insert(&mut *tx, new).await?;
        // Checked again for a defaulted start: now() can equal the old start within one transaction.
        if inserted.valid_from <= old.valid_from {
            return Err(Error::invalid(
                "valid_from",
                "a new version must start after the fact it supersedes",
            ));
        }
        let close = Query::update()
            .table(("agent", "facts"))
            .value("valid_to", field("valid_to", &inserted.valid_from)?)
            .and_where(Expr::col("id").eq(old_id.0))
            .returning_all()
            .to_owned();
        let closed: Fact = crud::fetch_optional(&mut *tx, &close)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: Facts::TABLE,
                id: old_id.to_string(),
            })?;
        tx.commit().await?;
        Ok((closed, inserted))
    }
}
