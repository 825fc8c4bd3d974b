//! `agent.memory_facts`: key/value facts about a client, one value per (client, key), kept by confidence.

use agent_model::{MemoryFact, MemoryFactId, MemoryFactInsertForm, MemoryFactUpdateForm};
use chrono::{DateTime, Utc};
use sea_query::{
    Asterisk, CommonTableExpression, Condition, Expr, ExprTrait, OnConflict, Order, Query,
    UnionType, WithQuery,
};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use crate::crud::{self, Table, field, select};
use crate::filter::{ListFilter, Where};
use crate::isolation::client_scope;
use crate::macros::{repository, sort_keys};
use crate::schema::agent::MemoryFacts as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.memory_facts`.
    MemoryFacts for Col {
        id: MemoryFactId,
        row: MemoryFact,
        global_id: false,
        insert: MemoryFactInsertForm {
            required: [client_id, fact_key, fact_value],
            optional: [category, confidence_score, metadata],
        },
        update: MemoryFactUpdateForm {
            client_id, fact_key, fact_value, category, confidence_score, metadata,
        },
        filter: MemoryFactFilter,
        sort: MemoryFactSort,
    }
}

sort_keys! {
    /// What a fact list can be ordered by.
    MemoryFactSort for Col {
        /// The fact's key, alphabetically.
        FactKey => (FactKey, "text"),
        /// Confidence, 0 to 1.
        ConfidenceScore => (ConfidenceScore, "double precision"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which facts to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemoryFactFilter {
    /// Only this client's facts.
    pub client_id: Option<String>,
    /// Only this key.
    pub fact_key: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Confidence at least this.
    pub confidence_min: Option<f64>,
    /// Confidence at most this.
    pub confidence_max: Option<f64>,
    /// Last changed at or after this instant.
    pub updated_from: Option<DateTime<Utc>>,
    /// Last changed at or before this instant.
    pub updated_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the value.
    pub value_contains: Option<String>,
}

impl ListFilter for MemoryFactFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::ClientId, self.client_id.as_ref())?
            .eq(Col::FactKey, self.fact_key.as_ref())?
            .eq(Col::Category, self.category.as_ref())?
            .between(
                Col::ConfidenceScore,
                self.confidence_min.as_ref(),
                self.confidence_max.as_ref(),
            )?
            .between(
                Col::UpdatedAt,
                self.updated_from.as_ref(),
                self.updated_to.as_ref(),
            )?
            .search(Col::FactValue, self.value_contains.as_deref())?
            .build())
    }
}

// How often the upsert is re-sent when a concurrent first write of the key hid the row from its snapshot.
const UPSERT_ATTEMPTS: usize = 5;

impl MemoryFacts {
    /// Records a fact by `(client_id, fact_key)` and returns the fact as it now stands.
    ///
    /// A new key is inserted. For an existing key the form's value and confidence (1 when `None`, the
    /// column default) replace the stored ones only when `overwrite` is set or the new confidence is at least
    /// the stored one; otherwise the stored fact is kept and returned unchanged. `category` and `metadata`
    /// are replaced only when the form sets them.
    ///
    /// Takes a connection because the statement is sent again in the rare case a concurrent first write of
    /// the same key committed after it began (its snapshot cannot see that row).
    pub fn upsert<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        form: &MemoryFactInsertForm,
        overwrite: bool,
    ) -> impl Future<Output = Result<MemoryFact>> + Send {
        crate::crud::traced_op(Self::TABLE, "upsert", async move {
            let mut held = db.acquire().await?;
            Self::upsert_on(&mut held, form, overwrite).await
        })
    }

    async fn upsert_on(
        conn: &mut PgConnection,
        form: &MemoryFactInsertForm,
        overwrite: bool,
    ) -> Result<MemoryFact> {
        let stmt = upsert_statement(form, overwrite)?;
        for _ in 0..UPSERT_ATTEMPTS {
            if let Some(fact) = crud::fetch_optional(&mut *conn, &stmt).await? {
                return Ok(fact);
            }
        }
        Err(Error::NotFound {
            table: Self::QUALIFIED,
            id: format!("{}/{}", form.client_id, form.fact_key),
        })
    }

    /// The client's facts of one category, by key.
    pub async fn by_category<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        category: &str,
    ) -> Result<Vec<MemoryFact>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("client_id").eq(field("client_id", client_id)?))
            .and_where(client_scope(Self::TABLE, client_id))
            .and_where(Expr::col("category").eq(field("category", category)?))
            .order_by("fact_key", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// All the client's facts, by key.
    pub async fn of_client<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
    ) -> Result<Vec<MemoryFact>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("client_id").eq(field("client_id", client_id)?))
            .and_where(client_scope(Self::TABLE, client_id))
            .order_by("fact_key", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// The client's fact with this key, if any.
    pub async fn by_key<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        fact_key: &str,
    ) -> Result<Option<MemoryFact>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("client_id").eq(field("client_id", client_id)?))
            .and_where(client_scope(Self::TABLE, client_id))
            .and_where(Expr::col("fact_key").eq(field("fact_key", fact_key)?))
            .to_owned();
        crud::fetch_optional(exec, &stmt).await
    }
}

/// `WITH written AS (INSERT ... ON CONFLICT DO UPDATE ... WHERE wins RETURNING *)`, then the written row or,
/// when the stored fact won, the stored one.
fn upsert_statement(form: &MemoryFactInsertForm, overwrite: bool) -> Result<WithQuery> {
    let (columns, values): (Vec<_>, Vec<_>) = MemoryFacts::insert_values(form)?
        .into_iter()
        .filter_map(|(c, v)| v.map(|v| (c, v)))
        .unzip();
    let mut replaced = vec!["fact_value", "confidence_score"];
    if form.category.is_some() {
        replaced.push("category");
    }
    if form.metadata.is_some() {
        replaced.push("metadata");
    }
    let mut insert = Query::insert();
    insert
        .into_table(("agent", "memory_facts"))
        .columns(columns)
        .values(values)
        .map_err(|e| Error::invalid(MemoryFacts::QUALIFIED, e.to_string()))?
        .on_conflict(
            OnConflict::columns(["client_id", "fact_key"])
                .update_columns(replaced)
                .action_and_where(Expr::cust_with_values(
                    "($1 OR excluded.confidence_score >= memory_facts.confidence_score)",
                    [overwrite],
                ))
                .to_owned(),
        )
        .returning_all();
    let cte = CommonTableExpression::new()
        .table_name("written")
        .query(insert)
        .to_owned();
    let stored = select::<MemoryFacts>()
        .and_where(Expr::col("client_id").eq(field("client_id", &form.client_id)?))
        .and_where(Expr::col("fact_key").eq(field("fact_key", &form.fact_key)?))
        .and_where(
            Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from("written")
                    .to_owned(),
            )
            .not(),
        )
        .to_owned();
    let query = Query::select()
        .column(Asterisk)
        .from("written")
        .union(UnionType::All, stored)
        .to_owned();
    Ok(WithQuery::new().cte(cte).query(query).to_owned())
}
