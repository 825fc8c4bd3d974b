//! `erp.engagements`: commercial relationships with clients, and their deliverables and results.

use chrono::NaiveDate;
use erp_model::{
    Deliverable, Engagement, EngagementId, EngagementInsertForm, EngagementResult,
    EngagementStatus, EngagementUpdateForm, OfferId, OrganizationId, PersonId, ProjectId,
};
use sea_query::{Condition, Expr, ExprTrait, NullOrdering, Order, Query};
use sqlx::PgExecutor;

use super::deliverable::Deliverables;
use super::engagement_result::EngagementResults;
use crate::Result;
use crate::crud::{self, Table, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Engagements as Col;

repository! {
    /// Repository of `erp.engagements`.
    Engagements for Col {
        id: EngagementId,
        row: Engagement,
        global_id: true,
        insert: EngagementInsertForm {
            required: [name],
            optional: [client_org_id, primary_contact_id, project_id, offer_id, offer_name, status,
                       start_date, end_date, value_estimate, currency, notes],
        },
        update: EngagementUpdateForm {
            name, client_org_id, primary_contact_id, project_id, offer_id, offer_name, status,
            start_date, end_date, value_estimate, currency, notes,
        },
        filter: EngagementFilter,
        sort: EngagementSort,
    }
}

sort_keys! {
    /// What an engagement list can be ordered by.
    EngagementSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which engagements to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EngagementFilter {
    /// Only these statuses.
    pub status: Option<Vec<EngagementStatus>>,
    /// Only engagements with this client.
    pub client_org_id: Option<OrganizationId>,
    /// Only engagements with this primary contact.
    pub primary_contact_id: Option<PersonId>,
    /// Only engagements delivered by this project.
    pub project_id: Option<ProjectId>,
    /// Only engagements selling this offer.
    pub offer_id: Option<OfferId>,
    /// Starting on or after this date.
    pub start_from: Option<NaiveDate>,
    /// Starting on or before this date.
    pub start_to: Option<NaiveDate>,
    /// Ending on or after this date.
    pub end_from: Option<NaiveDate>,
    /// Ending on or before this date.
    pub end_to: Option<NaiveDate>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for EngagementFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::ClientOrgId, self.client_org_id.as_ref())?
            .eq(Col::PrimaryContactId, self.primary_contact_id.as_ref())?
            .eq(Col::ProjectId, self.project_id.as_ref())?
            .eq(Col::OfferId, self.offer_id.as_ref())?
            .between(
                Col::StartDate,
                self.start_from.as_ref(),
                self.start_to.as_ref(),
            )?
            .between(Col::EndDate, self.end_from.as_ref(), self.end_to.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

impl Engagements {
    /// The engagement's deliverables, earliest due first (undated last), then in insertion order.
    pub async fn deliverables<'e>(
        exec: impl PgExecutor<'e>,
        id: EngagementId,
    ) -> Result<Vec<Deliverable>> {
        let stmt = select::<Deliverables>()
            .and_where(Expr::col("engagement_id").eq(field("engagement_id", &id)?))
            .order_by_with_nulls("due_date", Order::Asc, NullOrdering::Last)
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// The engagement's results: those recorded against it and those recorded against one of its
    /// deliverables, earliest achieved first (unachieved last), then in insertion order.
    pub async fn results<'e>(
        exec: impl PgExecutor<'e>,
        id: EngagementId,
    ) -> Result<Vec<EngagementResult>> {
        let own_deliverables = Query::select()
            .column("id")
            .from((Deliverables::SCHEMA, Deliverables::NAME))
            .and_where(Expr::col("engagement_id").eq(field("engagement_id", &id)?))
            .to_owned();
        let stmt = select::<EngagementResults>()
            .cond_where(
                Condition::any()
                    .add(Expr::col("engagement_id").eq(field("engagement_id", &id)?))
                    .add(Expr::col("deliverable_id").in_subquery(own_deliverables)),
            )
            .order_by_with_nulls("achieved_date", Order::Asc, NullOrdering::Last)
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
