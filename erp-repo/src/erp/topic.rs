//! `erp.topics`: the knowledge taxonomy notes, assets, ideas, decisions and prompts are filed under; a
//! topic may nest under a parent topic.

use chrono::{DateTime, Utc};
use erp_model::{Topic, TopicId, TopicInsertForm, TopicUpdateForm};
use sea_query::Condition;
use sqlx::{Acquire, PgExecutor, Postgres};

use super::hierarchy::{self, Direction, TreeColumns};
use crate::Result;
use crate::crud;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Topics as Col;

repository! {
    /// Repository of `erp.topics`.
    Topics for Col {
        id: TopicId,
        row: Topic,
        global_id: true,
        insert: TopicInsertForm {
            required: [name],
            optional: [parent_id, description],
        },
        update: TopicUpdateForm { parent_id, name, description },
        filter: TopicFilter,
        sort: TopicSort,
    }
}

sort_keys! {
    /// What a topic list can be ordered by.
    TopicSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which topics to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopicFilter {
    /// Only the direct children of this topic.
    pub parent_id: Option<TopicId>,
    /// `Some(true)`: only top-level topics; `Some(false)`: only sub-topics.
    pub top_level: Option<bool>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for TopicFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::ParentId, self.parent_id.as_ref())?
            .is_null(Col::ParentId, self.top_level)
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

const TREE: TreeColumns<Col> = TreeColumns {
    id: Col::Id,
    parent_id: Col::ParentId,
    name: Col::Name,
};

impl Topics {
    /// The direct sub-topics of `parent` (the top-level topics for `None`), by name.
    pub async fn children<'e>(
        exec: impl PgExecutor<'e>,
        parent: Option<TopicId>,
    ) -> Result<Vec<Topic>> {
        crud::fetch_all(
            exec,
            &hierarchy::children_statement(TREE, parent.map(i64::from)),
        )
        .await
    }

    /// The topic's parent, grandparent ... up to its top-level topic, nearest first (empty for a
    /// top-level topic); [`Error::NotFound`](crate::Error::NotFound) when there is no such topic.
    pub async fn ancestors<'e>(exec: impl PgExecutor<'e>, id: TopicId) -> Result<Vec<Topic>> {
        hierarchy::walk(exec, TREE, id.0, Direction::Up).await
    }

    /// Every topic below this one, nearest first and siblings by name;
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such topic.
    pub async fn descendants<'e>(exec: impl PgExecutor<'e>, id: TopicId) -> Result<Vec<Topic>> {
        hierarchy::walk(exec, TREE, id.0, Direction::Down).await
    }

    /// Moves a topic under `parent` (`None`: makes it top-level) and returns it; refuses with
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) on `parent_id` a parent that is the topic
    /// itself or below it, which a plain [`update`](Self::update) would store as a cycle.
    pub fn move_under<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: TopicId,
        parent: Option<TopicId>,
    ) -> impl Future<Output = Result<Topic>> + Send {
        async move {
            let mut conn = db.acquire().await?;
            hierarchy::move_under(&mut conn, TREE, id.0, parent.map(i64::from)).await
        }
    }
}
