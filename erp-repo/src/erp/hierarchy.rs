//! Trees through a `parent_id` column (functional areas, topics): a node's ancestors and descendants in
//! one recursive statement, and moving a node under another without making a cycle.

use sea_query::{
    Alias, Asterisk, CommonTableExpression, Condition, Expr, ExprTrait, IdenStatic, JoinType,
    Order, Query, SelectStatement, UnionType, WithClause, WithQuery,
};
use sqlx::PgConnection;
use sqlx::postgres::PgRow;
use sqlx::{Acquire, FromRow};

use super::atomic::finish;
use crate::crud::{self, field};
use crate::error::{Error, Result};
use crate::schema;

/// Which way a walk goes from its starting node.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Parent, grandparent, ... up to the root.
    Up,
    /// Children, grandchildren, ... down to the leaves.
    Down,
}

/// The columns a tree walk needs: the table's `id`, `parent_id` and the name it orders siblings by.
#[derive(Clone, Copy)]
pub(super) struct TreeColumns<C> {
    pub id: C,
    pub parent_id: C,
    pub name: C,
}

/// `WITH RECURSIVE chain (id, parent_id, depth, path) AS (...) SELECT t.* FROM table t JOIN chain ...`:
/// the start node (depth 0) and every node reached from it, nearest first, siblings by name. The path
/// of visited ids stops a walk at a node it has seen, so a cycle made by hand-written SQL cannot loop.
fn walk_statement<C>(cols: TreeColumns<C>, start: i64, direction: Direction) -> WithQuery
where
    C: schema::Table + IdenStatic + Copy + 'static,
{
    let chain = Alias::new("chain");
    let (c, n, t) = (Alias::new("c"), Alias::new("n"), Alias::new("t"));
    let seed = Query::select()
        .expr(Expr::col(cols.id))
        .expr(Expr::col(cols.parent_id))
        .expr(Expr::cust("0"))
        .expr(Expr::cust_with_exprs("ARRAY[$1]", [Expr::col(cols.id)]))
        .from(C::table())
        .and_where(Expr::col(cols.id).eq(start))
        .to_owned();
    let link = match direction {
        Direction::Up => Expr::col((n.clone(), cols.id)).equals((c.clone(), cols.parent_id)),
        Direction::Down => Expr::col((n.clone(), cols.parent_id)).equals((c.clone(), cols.id)),
    };
    let step = Query::select()
        .expr(Expr::col((n.clone(), cols.id)))
        .expr(Expr::col((n.clone(), cols.parent_id)))
        .expr(Expr::col((c.clone(), Alias::new("depth"))).add(1))
        .expr(Expr::cust_with_exprs(
            "$1 || $2",
            [
                Expr::col((c.clone(), Alias::new("path"))),
                Expr::col((n.clone(), cols.id)),
            ],
        ))
        .from_as(C::table(), n.clone())
        .join_as(JoinType::InnerJoin, chain.clone(), c.clone(), link)
        .and_where(Expr::cust_with_exprs(
            "$1 <> ALL($2)",
            [
                Expr::col((n.clone(), cols.id)),
                Expr::col((c.clone(), Alias::new("path"))),
            ],
        ))
        .to_owned();
    let cte = CommonTableExpression::new()
        .query(seed.clone().union(UnionType::All, step).to_owned())
        .columns([
            Alias::new(cols.id.as_str()),
            Alias::new(cols.parent_id.as_str()),
            Alias::new("depth"),
            Alias::new("path"),
        ])
        .table_name(chain.clone())
        .to_owned();
    let select = Query::select()
        .column((t.clone(), Asterisk))
        .from_as(C::table(), t.clone())
        .join_as(
            JoinType::InnerJoin,
            chain,
            c.clone(),
            Condition::all().add(Expr::col((t.clone(), cols.id)).equals((c.clone(), cols.id))),
        )
        .order_by((c, Alias::new("depth")), Order::Asc)
        .order_by((t.clone(), cols.name), Order::Asc)
        .order_by((t, cols.id), Order::Asc)
        .to_owned();
    let mut with = WithClause::new();
    with.recursive(true).cte(cte);
    with.query(select)
}

/// The nodes reached from `start` (nearest first, siblings by name), without `start` itself;
/// [`Error::NotFound`] naming `table` when there is no node `start`.
pub(super) async fn walk<'e, C, R>(
    exec: impl sqlx::PgExecutor<'e>,
    cols: TreeColumns<C>,
    start: i64,
    direction: Direction,
) -> Result<Vec<R>>
where
    C: schema::Table + IdenStatic + Copy + 'static,
    R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    let stmt = walk_statement(cols, start, direction);
    let mut rows: Vec<R> = crud::fetch_all(exec, &stmt).await?;
    if rows.is_empty() {
        return Err(Error::NotFound {
            table: C::QUALIFIED,
            id: start.to_string(),
        });
    }
    // Depth 0 sorts first: the start node itself.
    rows.remove(0);
    Ok(rows)
}

/// The direct children of `parent` (or the top-level nodes for `None`), by name.
pub(super) fn children_statement<C>(cols: TreeColumns<C>, parent: Option<i64>) -> SelectStatement
where
    C: schema::Table + IdenStatic + Copy + 'static,
{
    let mut stmt = Query::select()
        .column(Asterisk)
        .from(C::table())
        .order_by(cols.name, Order::Asc)
        .order_by(cols.id, Order::Asc)
        .to_owned();
    match parent {
        Some(p) => stmt.and_where(Expr::col(cols.parent_id).eq(p)),
        None => stmt.and_where(Expr::col(cols.parent_id).is_null()),
    };
    stmt
}

/// Sets `node`'s parent to `parent` (`None`: a top-level node) and returns the row, refusing with
/// [`Error::InvalidInput`] on `parent_id` a parent that is the node itself or one of its descendants.
///
/// Moves of one table are serialised by a transaction-scoped advisory lock, so two concurrent moves
/// cannot together make a cycle that neither would make alone.
pub(super) async fn move_under<C, R>(
    conn: &mut PgConnection,
    cols: TreeColumns<C>,
    node: i64,
    parent: Option<i64>,
) -> Result<R>
where
    C: schema::Table + IdenStatic + Copy + 'static,
    R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    let mut tx = conn.begin().await?;
    let result: Result<R> = async {
    let tx: &mut PgConnection = &mut tx;
    let lock = Query::select()
        .expr(Expr::cust_with_values(
            "pg_advisory_xact_lock(hashtext($1))",
            [C::QUALIFIED],
        ))
        .to_owned();
    crud::execute(&mut *tx, &lock).await?;
    if let Some(p) = parent {
        if p == node {
            return Err(Error::invalid(
                cols.parent_id.as_str(),
                format!("{} {node} cannot be its own parent", C::QUALIFIED),
            ));
        }
        // Walking up from the new parent must not reach the node.
        let up = walk_statement(cols, p, Direction::Up);
        let ids: Vec<IdRow> = crud::fetch_all(&mut *tx, &up).await?;
        if ids.is_empty() {
            return Err(Error::NotFound {
                table: C::QUALIFIED,
                id: p.to_string(),
            });
        }
        if ids.iter().any(|r| r.id == node) {
            return Err(Error::invalid(
                cols.parent_id.as_str(),
                format!(
                    "{} {p} is a descendant of {node}: moving {node} under it would make a cycle",
                    C::QUALIFIED
                ),
            ));
        }
    }
    let stmt = Query::update()
        .table(C::table())
        .value(cols.parent_id, field(cols.parent_id.as_str(), &parent)?)
        .and_where(Expr::col(cols.id).eq(node))
        .returning_all()
        .to_owned();
    let row: Option<R> = crud::fetch_optional(&mut *tx, &stmt).await?;
    let row = row.ok_or_else(|| Error::NotFound {
        table: C::QUALIFIED,
        id: node.to_string(),
    })?;
    Ok(row)
    }
    .await;
    finish(tx, result).await
}

/// Just the id of a walked node.
#[derive(FromRow)]
struct IdRow {
    id: i64,
}
