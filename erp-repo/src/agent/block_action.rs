//! `agent.block_actions`: what a block offers to do (open, call a tool, prompt ...), at most one default.

use agent_model::{
    ActionType, BlockAction, BlockActionId, BlockActionInsertForm, BlockActionUpdateForm, BlockId,
};
use sea_query::{Condition, Expr, ExprTrait, LockType, Order, Query};
use sqlx::{Acquire, PgConnection, PgExecutor, Postgres};

use super::block::Blocks;
use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::BlockActions as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.block_actions`.
    BlockActions for Col {
        id: BlockActionId,
        row: BlockAction,
        global_id: false,
        insert: BlockActionInsertForm {
            required: [block_id, action_type],
            optional: [tool_name, tool_params_template, is_default, metadata],
        },
        update: BlockActionUpdateForm {
            block_id, action_type, tool_name, tool_params_template, is_default, metadata,
        },
        filter: BlockActionFilter,
        sort: BlockActionSort,
    }
}

sort_keys! {
    /// What a block action list can be ordered by.
    BlockActionSort for Col {
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which block actions to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockActionFilter {
    /// Only actions of this block.
    pub block_id: Option<BlockId>,
    /// Only these kinds of action.
    pub action_type: Option<Vec<ActionType>>,
    /// Only default (or only non-default) actions.
    pub is_default: Option<bool>,
    /// Only actions calling this tool.
    pub tool_name: Option<String>,
}

impl ListFilter for BlockActionFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::BlockId, self.block_id.as_ref())?
            .any_of(Col::ActionType, self.action_type.as_deref())?
            .eq(Col::IsDefault, self.is_default.as_ref())?
            .eq(Col::ToolName, self.tool_name.as_ref())?
            .build())
    }
}

impl BlockActions {
    /// A block's actions, in insertion order.
    pub async fn of_block<'e>(
        exec: impl PgExecutor<'e>,
        block_id: BlockId,
    ) -> Result<Vec<BlockAction>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("block_id").eq(block_id.0))
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// Makes `action_id` its block's default action, atomically: the previous default stops being one
    /// in the same transaction. Returns the new default (unchanged, not rewritten, if it already was).
    ///
    /// The block row is locked first, so concurrent changes of one block's default take turns instead of
    /// colliding on `block_actions_block_id_default_key`. An unknown block or action is
    /// [`Error::NotFound`]; an action of another block is [`Error::InvalidInput`] on `action_id`.
    pub fn set_default<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        block_id: BlockId,
        action_id: BlockActionId,
    ) -> impl Future<Output = Result<BlockAction>> + Send {
        crate::crud::traced_op(Self::TABLE, "set_default", async move {
            let mut held = db.acquire().await?;
            Self::set_default_on(&mut held, block_id, action_id).await
        })
    }

    async fn set_default_on(
        conn: &mut PgConnection,
        block_id: BlockId,
        action_id: BlockActionId,
    ) -> Result<BlockAction> {
        let mut tx = conn.begin().await?;
        let lock = Query::select()
            .column("id")
            .from(("agent", "blocks"))
            .and_where(Expr::col("id").eq(block_id.0))
            .lock(LockType::Update)
            .to_owned();
        let locked: Option<(i64,)> = crud::fetch_optional(&mut *tx, &lock).await?;
        if locked.is_none() {
            return Err(Error::NotFound {
                table: <Blocks as crud::Table>::QUALIFIED,
                id: block_id.to_string(),
            });
        }
        let action = Self::get(&mut *tx, action_id).await?;
        if action.block_id != block_id {
            return Err(Error::invalid(
                "action_id",
                format!(
                    "action {action_id} belongs to block {}, not {block_id}",
                    action.block_id
                ),
            ));
        }
        if action.is_default {
            // Already the default, and the partial unique index allows no other: nothing to write.
            return Ok(action);
        }
        let unset = Query::update()
            .table(("agent", "block_actions"))
            .value("is_default", false)
            .and_where(Expr::col("block_id").eq(block_id.0))
            .and_where(Expr::col("is_default").eq(true))
            .and_where(Expr::col("id").ne(action_id.0))
            .to_owned();
        crud::execute(&mut *tx, &unset).await?;
        let set = Query::update()
            .table(("agent", "block_actions"))
            .value("is_default", true)
            .and_where(Expr::col("id").eq(action_id.0))
            .returning_all()
            .to_owned();
        let action: BlockAction =
            crud::fetch_optional(&mut *tx, &set)
                .await?
                .ok_or_else(|| Error::NotFound {
                    table: BlockActions::TABLE,
                    id: action_id.to_string(),
                })?;
        tx.commit().await?;
        Ok(action)
    }
}
