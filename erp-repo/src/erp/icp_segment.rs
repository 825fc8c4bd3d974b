//! `erp.icp_segments`: the ideal-customer-profile segments deals are qualified against.

use chrono::{DateTime, Utc};
use erp_model::{
    IcpScore, IcpSegment, IcpSegmentId, IcpSegmentInsertForm, IcpSegmentStatus,
    IcpSegmentUpdateForm,
};
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, Order};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::IcpSegments as Col;

repository! {
    /// Repository of `erp.icp_segments`.
    IcpSegments for Col {
        id: IcpSegmentId,
        row: IcpSegment,
        global_id: true,
        insert: IcpSegmentInsertForm {
            required: [name],
            optional: [description, industry, company_size, pain_points, criteria, status],
        },
        update: IcpSegmentUpdateForm {
            name, description, industry, company_size, pain_points, criteria, status,
        },
        filter: IcpSegmentFilter,
        sort: IcpSegmentSort,
    }
}

sort_keys! {
    /// What an ICP segment list can be ordered by.
    IcpSegmentSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which ICP segments to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IcpSegmentFilter {
    /// Only these statuses.
    pub status: Option<Vec<IcpSegmentStatus>>,
    /// Only this industry (exact).
    pub industry: Option<String>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for IcpSegmentFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::Industry, self.industry.as_ref())?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

impl IcpSegments {
    /// The segment's scores, best fit first (then latest scored); at most `limit` of them.
    pub async fn ranking<'e>(
        exec: impl PgExecutor<'e>,
        id: IcpSegmentId,
        limit: u32,
    ) -> Result<Vec<IcpScore>> {
        use crate::schema::erp::IcpScoring as S;
        let stmt = select::<super::IcpScores>()
            .and_where(Expr::col(S::IcpSegmentId).eq(field(S::IcpSegmentId.as_str(), &id)?))
            .order_by(S::Score, Order::Desc)
            .order_by(S::ScoredOn, Order::Desc)
            .order_by(S::Id, Order::Asc)
            .limit(u64::from(limit))
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
