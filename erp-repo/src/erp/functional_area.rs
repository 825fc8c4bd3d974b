//! `erp.functional_areas`: the areas of the business (sales, delivery, finance ...) that own workflows and
//! KPIs; an area may nest under a parent area.

use chrono::{DateTime, Utc};
use erp_model::{
    FunctionalArea, FunctionalAreaId, FunctionalAreaInsertForm, FunctionalAreaUpdateForm, PersonId,
    Workflow as WorkflowRow,
};
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, Order};
use sqlx::{Acquire, PgExecutor, Postgres};

use super::hierarchy::{self, Direction, TreeColumns};
use crate::Result;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::FunctionalAreas as Col;

repository! {
    /// Repository of `erp.functional_areas`.
    FunctionalAreas for Col {
        id: FunctionalAreaId,
        row: FunctionalArea,
        global_id: true,
        insert: FunctionalAreaInsertForm {
            required: [name],
            optional: [parent_id, description, owner_person_id, is_active],
        },
        update: FunctionalAreaUpdateForm { parent_id, name, description, owner_person_id, is_active },
        filter: FunctionalAreaFilter,
        sort: FunctionalAreaSort,
    }
}

sort_keys! {
    /// What an area list can be ordered by.
    FunctionalAreaSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which areas to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunctionalAreaFilter {
    /// Only the direct children of this area.
    pub parent_id: Option<FunctionalAreaId>,
    /// `Some(true)`: only top-level areas; `Some(false)`: only sub-areas.
    pub top_level: Option<bool>,
    /// Only areas owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Only active (`true`) or inactive (`false`) areas.
    pub is_active: Option<bool>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for FunctionalAreaFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::ParentId, self.parent_id.as_ref())?
            .is_null(Col::ParentId, self.top_level)
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .eq(Col::IsActive, self.is_active.as_ref())?
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

impl FunctionalAreas {
    /// The direct sub-areas of `parent` (the top-level areas for `None`), by name.
    pub async fn children<'e>(
        exec: impl PgExecutor<'e>,
        parent: Option<FunctionalAreaId>,
    ) -> Result<Vec<FunctionalArea>> {
        crud::fetch_all(
            exec,
            &hierarchy::children_statement(TREE, parent.map(i64::from)),
        )
        .await
    }

    /// The area's parent, grandparent ... up to its top-level area, nearest first (empty for a
    /// top-level area); [`Error::NotFound`](crate::Error::NotFound) when there is no such area.
    pub async fn ancestors<'e>(
        exec: impl PgExecutor<'e>,
        id: FunctionalAreaId,
    ) -> Result<Vec<FunctionalArea>> {
        hierarchy::walk(exec, TREE, id.0, Direction::Up).await
    }

    /// Every area below this one, nearest first and siblings by name;
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no such area.
    pub async fn descendants<'e>(
        exec: impl PgExecutor<'e>,
        id: FunctionalAreaId,
    ) -> Result<Vec<FunctionalArea>> {
        hierarchy::walk(exec, TREE, id.0, Direction::Down).await
    }

    /// Moves an area under `parent` (`None`: makes it top-level) and returns it; refuses with
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) on `parent_id` a parent that is the area
    /// itself or below it, which a plain [`update`](Self::update) would store as a cycle.
    pub fn move_under<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        id: FunctionalAreaId,
        parent: Option<FunctionalAreaId>,
    ) -> impl Future<Output = Result<FunctionalArea>> + Send {
        async move {
            let mut conn = db.acquire().await?;
            hierarchy::move_under(&mut conn, TREE, id.0, parent.map(i64::from)).await
        }
    }

    /// The workflows this area owns, by name (empty when there are none or no such area).
    pub async fn workflows<'e>(
        exec: impl PgExecutor<'e>,
        id: FunctionalAreaId,
    ) -> Result<Vec<WorkflowRow>> {
        use crate::schema::erp::Workflows as W;
        let stmt = select::<super::Workflows>()
            .and_where(Expr::col(W::FunctionalAreaId).eq(field(W::FunctionalAreaId.as_str(), &id)?))
            .order_by(W::Name, Order::Asc)
            .order_by(W::Id, Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
