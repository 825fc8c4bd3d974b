//! `erp.results`: outcomes and impact, recorded against an engagement or a deliverable.

use chrono::NaiveDate;
use erp_model::{
    DeliverableId, EngagementId, EngagementResult, EngagementResultId, EngagementResultInsertForm,
    EngagementResultUpdateForm,
};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Results as Col;

repository! {
    /// Repository of `erp.results` (rows are [`EngagementResult`]); a result needs an engagement or a
    /// deliverable, else [`Error::CheckViolation`](crate::Error::CheckViolation) on `engagement_id`.
    EngagementResults for Col {
        id: EngagementResultId,
        row: EngagementResult,
        global_id: true,
        insert: EngagementResultInsertForm {
            required: [name],
            optional: [engagement_id, deliverable_id, outcome, impact, metric_name, metric_value,
                       metric_unit, achieved_date, outcome_type_id],
        },
        update: EngagementResultUpdateForm {
            engagement_id, deliverable_id, name, outcome, impact, metric_name, metric_value,
            metric_unit, achieved_date, outcome_type_id,
        },
        filter: EngagementResultFilter,
        sort: EngagementResultSort,
    }
}

sort_keys! {
    /// What a list of results can be ordered by.
    EngagementResultSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which results to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EngagementResultFilter {
    /// Only results recorded against this engagement (not those of its deliverables; see
    /// [`Engagements::results`](crate::erp::Engagements::results) for both).
    pub engagement_id: Option<EngagementId>,
    /// Only results of this deliverable.
    pub deliverable_id: Option<DeliverableId>,
    /// Only results measuring exactly this metric.
    pub metric_name: Option<String>,
    /// Achieved on or after this date.
    pub achieved_from: Option<NaiveDate>,
    /// Achieved on or before this date.
    pub achieved_to: Option<NaiveDate>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for EngagementResultFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::EngagementId, self.engagement_id.as_ref())?
            .eq(Col::DeliverableId, self.deliverable_id.as_ref())?
            .eq(Col::MetricName, self.metric_name.as_ref())?
            .between(
                Col::AchievedDate,
                self.achieved_from.as_ref(),
                self.achieved_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}
