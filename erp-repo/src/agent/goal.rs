//! `agent.goals`: goals about a subject, in a tree of parent goals and sub-goals.

use agent_model::{
    Goal, GoalId, GoalInsertForm, GoalPriority, GoalStatus, GoalUpdateForm, SubjectType,
};
use chrono::NaiveDate;
use sea_query::{
    Asterisk, CommonTableExpression, Condition, Expr, ExprTrait, JoinType, NullOrdering, Order,
    Query, UnionType, WithClause,
};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::Goals as Col;

/// How many levels [`Goals::ancestors`] climbs at most; a guard on top of its cycle check.
pub const MAX_GOAL_DEPTH: i32 = 100;

repository! {
    /// Repository of `agent.goals`.
    Goals for Col {
        id: GoalId,
        row: Goal,
        global_id: true,
        insert: GoalInsertForm {
            required: [subject_type, subject_id, title],
            optional: [description, success_criteria, status, priority, time_horizon_start,
                       time_horizon_end, parent_goal_id],
        },
        update: GoalUpdateForm {
            subject_type, subject_id, title, description, success_criteria, status, priority,
            time_horizon_start, time_horizon_end, parent_goal_id,
        },
        filter: GoalFilter,
        sort: GoalSort,
    }
}

sort_keys! {
    /// What a goal list can be ordered by.
    GoalSort for Col {
        /// Title, alphabetically.
        Title => (Title, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which goals to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoalFilter {
    /// Only goals about this kind of subject.
    pub subject_type: Option<SubjectType>,
    /// Only goals about this subject id.
    pub subject_id: Option<String>,
    /// Only these statuses.
    pub status: Option<Vec<GoalStatus>>,
    /// Only these priorities.
    pub priority: Option<Vec<GoalPriority>>,
    /// Only sub-goals of this goal.
    pub parent_goal_id: Option<GoalId>,
    /// `true`: only top-level goals (no parent); `false`: only sub-goals.
    pub root: Option<bool>,
    /// Horizon ending on or after this date.
    pub horizon_end_from: Option<NaiveDate>,
    /// Horizon ending on or before this date.
    pub horizon_end_to: Option<NaiveDate>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
}

impl ListFilter for GoalFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::SubjectType, self.subject_type.as_ref())?
            .eq(Col::SubjectId, self.subject_id.as_ref())?
            .any_of(Col::Status, self.status.as_deref())?
            .any_of(Col::Priority, self.priority.as_deref())?
            .eq(Col::ParentGoalId, self.parent_goal_id.as_ref())?
            .is_null(Col::ParentGoalId, self.root)
            .between(
                Col::TimeHorizonEnd,
                self.horizon_end_from.as_ref(),
                self.horizon_end_to.as_ref(),
            )?
            .search(Col::Title, self.title_contains.as_deref())?
            .build())
    }
}

impl Goals {
    /// A goal's direct sub-goals, in insertion order.
    pub async fn children<'e>(exec: impl PgExecutor<'e>, id: GoalId) -> Result<Vec<Goal>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("parent_goal_id").eq(id.0))
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// A goal's ancestors, nearest first: its parent, the parent's parent, ..., the root last. Empty
    /// for a root goal (or an unknown id).
    ///
    /// One recursive query; it stops at a goal already on the path (parent links can form a cycle, which
    /// the schema does not forbid beyond self-reference) and after [`MAX_GOAL_DEPTH`] levels.
    pub async fn ancestors<'e>(exec: impl PgExecutor<'e>, id: GoalId) -> Result<Vec<Goal>> {
        // chain(id, depth, path): the ancestor at `depth`, and the goals visited before it.
        let mut climb = Query::select()
            .expr_as(Expr::col("parent_goal_id"), "id")
            .expr_as(Expr::cust("1"), "depth")
            .expr_as(Expr::cust("ARRAY[id]"), "path")
            .from(("agent", "goals"))
            .and_where(Expr::col("id").eq(id.0))
            .and_where(Expr::col("parent_goal_id").is_not_null())
            .to_owned();
        let step = Query::select()
            .expr(Expr::col(("g", "parent_goal_id")))
            .expr(Expr::col(("c", "depth")).add(1))
            .expr(Expr::cust("c.path || g.id"))
            .from_as(("agent", "goals"), "g")
            .join_as(
                JoinType::InnerJoin,
                "chain",
                "c",
                Expr::col(("g", "id")).equals(("c", "id")),
            )
            .and_where(Expr::col(("g", "parent_goal_id")).is_not_null())
            .and_where(Expr::cust("NOT (g.parent_goal_id = ANY(c.path))"))
            .and_where(Expr::col(("c", "depth")).lt(MAX_GOAL_DEPTH))
            .to_owned();
        climb.union(UnionType::All, step);
        let chain = CommonTableExpression::new()
            .query(climb)
            .columns(["id", "depth", "path"])
            .table_name("chain")
            .to_owned();
        let stmt = Query::select()
            .column(("g", Asterisk))
            .from_as(("agent", "goals"), "g")
            .join_as(
                JoinType::InnerJoin,
                "chain",
                "c",
                Expr::col(("g", "id")).equals(("c", "id")),
            )
            .order_by(("c", "depth"), Order::Asc)
            .to_owned()
            .with(WithClause::new().recursive(true).cte(chain).to_owned());
        crud::fetch_all(exec, &stmt).await
    }

    /// A subject's open goals (proposed, active, blocked), most important first (critical, high,
    /// medium, low), then by the end of their horizon (soonest first, none last), then id.
    pub async fn open_for_subject<'e>(
        exec: impl PgExecutor<'e>,
        subject_type: SubjectType,
        subject_id: &str,
    ) -> Result<Vec<Goal>> {
        let open: Vec<GoalStatus> = GoalStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_open())
            .collect();
        let mut stmt = select::<Self>();
        stmt.cond_where(
            Where::new()
                .eq(Col::SubjectType, Some(&subject_type))?
                .eq(Col::SubjectId, Some(&subject_id))?
                .any_of(Col::Status, Some(&open[..]))?
                .build(),
        )
        .order_by_expr(priority_rank(), Order::Desc)
        .order_by_with_nulls("time_horizon_end", Order::Asc, NullOrdering::Last)
        .order_by("id", Order::Asc);
        crud::fetch_all(exec, &stmt).await
    }
}

/// Priority as a number (low = 1 .. critical = 4), from the label set's own order.
fn priority_rank() -> Expr {
    let labels: Vec<String> = GoalPriority::LABELS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    Expr::cust_with_values("array_position($1::text[], priority)", [labels])
}
