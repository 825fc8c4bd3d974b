//! `erp.icp_scoring`: how well an organization or deal fits an ICP segment, scored 0 to 100.

use chrono::NaiveDate;
use erp_model::{
    DealId, IcpGrade, IcpScore, IcpScoreId, IcpScoreInsertForm, IcpScoreUpdateForm, IcpSegmentId,
    OrganizationId, PersonId,
};
use rust_decimal::Decimal;
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, Order};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, field, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::IcpScoring as Col;

repository! {
    /// Repository of `erp.icp_scoring`.
    IcpScores for Col {
        id: IcpScoreId,
        row: IcpScore,
        global_id: true,
        insert: IcpScoreInsertForm {
            required: [icp_segment_id, score],
            optional: [organization_id, deal_id, scored_by, scored_on, grade, criteria_scores, notes],
        },
        update: IcpScoreUpdateForm {
            icp_segment_id, organization_id, deal_id, scored_by, scored_on, score, grade,
            criteria_scores, notes,
        },
        filter: IcpScoreFilter,
        sort: IcpScoreSort,
    }
}

sort_keys! {
    /// What an ICP score list can be ordered by.
    IcpScoreSort for Col {
        /// Day scored.
        ScoredOn => (ScoredOn, "date"),
        /// The score.
        Score => (Score, "numeric"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which ICP scores to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IcpScoreFilter {
    /// Only scores against this segment.
    pub icp_segment_id: Option<IcpSegmentId>,
    /// Only scores of this organization.
    pub organization_id: Option<OrganizationId>,
    /// Only scores of this deal.
    pub deal_id: Option<DealId>,
    /// Only scores given by this person.
    pub scored_by: Option<PersonId>,
    /// Only these grades.
    pub grade: Option<Vec<IcpGrade>>,
    /// Scored on or after this day.
    pub scored_from: Option<NaiveDate>,
    /// Scored on or before this day.
    pub scored_to: Option<NaiveDate>,
    /// Score at least this.
    pub score_from: Option<Decimal>,
    /// Score at most this.
    pub score_to: Option<Decimal>,
}

impl ListFilter for IcpScoreFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::IcpSegmentId, self.icp_segment_id.as_ref())?
            .eq(Col::OrganizationId, self.organization_id.as_ref())?
            .eq(Col::DealId, self.deal_id.as_ref())?
            .eq(Col::ScoredBy, self.scored_by.as_ref())?
            .any_of(Col::Grade, self.grade.as_deref())?
            .between(
                Col::ScoredOn,
                self.scored_from.as_ref(),
                self.scored_to.as_ref(),
            )?
            .between(Col::Score, self.score_from.as_ref(), self.score_to.as_ref())?
            .build())
    }
}

impl IcpScores {
    /// The organization's latest score against each segment it was scored for, by segment id.
    pub async fn latest_for_organization<'e>(
        exec: impl PgExecutor<'e>,
        organization: OrganizationId,
    ) -> Result<Vec<IcpScore>> {
        let mut stmt = select::<Self>();
        stmt.distinct_on([Col::IcpSegmentId])
            .and_where(
                Expr::col(Col::OrganizationId)
                    .eq(field(Col::OrganizationId.as_str(), &organization)?),
            )
            .order_by(Col::IcpSegmentId, Order::Asc)
            .order_by(Col::ScoredOn, Order::Desc)
            .order_by(Col::Id, Order::Desc);
        crud::fetch_all(exec, &stmt).await
    }
}
