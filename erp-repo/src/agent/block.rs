//! `agent.blocks`: content blocks (notes, summaries, snippets ...) shown to the user, with their actions.

use agent_model::{
    ArtifactId, Block, BlockAction, BlockId, BlockInsertForm, BlockType, BlockUpdateForm,
};
use sea_query::{Condition, Expr, ExprTrait};
use sqlx::PgExecutor;

use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Blocks as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.blocks`.
    Blocks for Col {
        id: BlockId,
        row: Block,
        global_id: true,
        insert: BlockInsertForm {
            required: [block_type],
            optional: [title, body_md, source_table, source_id, artifact_id, vector_key, graph_key, metadata],
        },
        update: BlockUpdateForm {
            block_type, title, body_md, source_table, source_id, artifact_id, vector_key, graph_key,
            metadata,
        },
        filter: BlockFilter,
        sort: BlockSort,
    }
}

sort_keys! {
    /// What a block list can be ordered by.
    BlockSort for Col {
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which blocks to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockFilter {
    /// Only these kinds of block.
    pub block_type: Option<Vec<BlockType>>,
    /// Only blocks of this artifact.
    pub artifact_id: Option<ArtifactId>,
    /// Only blocks drawn from this table.
    pub source_table: Option<String>,
    /// Only blocks drawn from this source row (combine with `source_table`).
    pub source_id: Option<String>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
}

impl ListFilter for BlockFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::BlockType, self.block_type.as_deref())?
            .eq(Col::ArtifactId, self.artifact_id.as_ref())?
            .eq(Col::SourceTable, self.source_table.as_ref())?
            .eq(Col::SourceId, self.source_id.as_ref())?
            .search(Col::Title, self.title_contains.as_deref())?
            .build())
    }
}

#[derive(sqlx::FromRow)]
struct BlockWithDefault {
    #[sqlx(flatten)]
    block: Block,
    #[sqlx(json(nullable))]
    default_action: Option<BlockAction>,
}

impl Blocks {
    /// A block and its default action, if it has one, in one query (the action travels as JSON).
    pub async fn with_default_action<'e>(
        exec: impl PgExecutor<'e>,
        id: BlockId,
    ) -> Result<(Block, Option<BlockAction>)> {
        let stmt = select::<Self>()
            .expr_as(
                Expr::cust(
                    "(SELECT to_jsonb(a) FROM agent.block_actions a \
                     WHERE a.block_id = blocks.id AND a.is_default)",
                ),
                "default_action",
            )
            .and_where(Expr::col("id").eq(id.0))
            .to_owned();
        let row: BlockWithDefault =
            crud::fetch_optional(exec, &stmt)
                .await?
                .ok_or_else(|| Error::NotFound {
                    table: Blocks::TABLE,
                    id: id.to_string(),
                })?;
        Ok((row.block, row.default_action))
    }
}
