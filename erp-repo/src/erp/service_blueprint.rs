//! `erp.service_blueprints`: end-to-end service journey maps, the top of the pattern hierarchy.

use erp_model::{
    Offer, PatternStatus, PersonId, ServiceBlueprint, ServiceBlueprintId,
    ServiceBlueprintInsertForm, ServiceBlueprintUpdateForm, Workflow,
};
use sea_query::extension::postgres::PgExpr;
use sea_query::{Asterisk, Condition, Expr, ExprTrait, Order, Query};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::ServiceBlueprints as Col;

use super::workflow::Workflows;

repository! {
    /// Repository of `erp.service_blueprints`.
    ServiceBlueprints for Col {
        id: ServiceBlueprintId,
        row: ServiceBlueprint,
        global_id: true,
        insert: ServiceBlueprintInsertForm {
            required: [name],
            optional: [description, customer_actions, frontstage, backstage, support_processes, evidence,
                       version, status, owner_person_id, tags],
        },
        update: ServiceBlueprintUpdateForm {
            name, description, customer_actions, frontstage, backstage, support_processes, evidence,
            version, status, owner_person_id, tags,
        },
        filter: ServiceBlueprintFilter,
        sort: ServiceBlueprintSort,
    }
}

sort_keys! {
    /// What a blueprint list can be ordered by.
    ServiceBlueprintSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which blueprints to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceBlueprintFilter {
    /// Only these statuses.
    pub status: Option<Vec<PatternStatus>>,
    /// Only blueprints owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
    /// Only rows carrying every one of these tags.
    pub tags: Option<Vec<String>>,
}

impl ListFilter for ServiceBlueprintFilter {
    fn condition(&self) -> Result<Condition> {
        let w = Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?;
        Ok(with_tags(w, self.tags.as_ref())?.build())
    }
}

/// Adds `tags @> $tags` (the row carries every tag given) to a filter of a table with a `tags TEXT[]` column.
pub(super) fn with_tags(w: Where, tags: Option<&Vec<String>>) -> Result<Where> {
    Ok(match tags {
        Some(tags) => w.and(Expr::col("tags").contains(field("tags", tags)?)),
        None => w,
    })
}

impl ServiceBlueprints {
    /// The offers that implement this blueprint, by name (empty when there are none or no such blueprint).
    pub async fn offers<'e>(
        exec: impl PgExecutor<'e>,
        id: ServiceBlueprintId,
    ) -> Result<Vec<Offer>> {
        // erp.offers belongs to the commercial repositories; its row type is all this needs.
        let stmt = Query::select()
            .column(Asterisk)
            .from(("erp", "offers"))
            .and_where(Expr::col("service_blueprint_id").eq(field("service_blueprint_id", &id)?))
            .order_by("name", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// The workflows this blueprint decomposes into, by name (empty when there are none or no such blueprint).
    pub async fn workflows<'e>(
        exec: impl PgExecutor<'e>,
        id: ServiceBlueprintId,
    ) -> Result<Vec<Workflow>> {
        let stmt = select::<Workflows>()
            .and_where(Expr::col("service_blueprint_id").eq(field("service_blueprint_id", &id)?))
            .order_by("name", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
