//! `erp.experiments`: hypotheses tested against a KPI, with baseline, target and result, and what was
//! learned.

use chrono::NaiveDate;
use erp_model::{
    Experiment, ExperimentId, ExperimentInsertForm, ExperimentStatus, ExperimentUpdateForm,
    ExperimentVerdict, KpiId, OutcomeTypeId, PersonId,
};
use rust_decimal::Decimal;
use sea_query::Condition;
use sqlx::PgExecutor;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Experiments as Col;

repository! {
    /// Repository of `erp.experiments`.
    Experiments for Col {
        id: ExperimentId,
        row: Experiment,
        global_id: true,
        insert: ExperimentInsertForm {
            required: [name],
            optional: [hypothesis, success_criteria, status, verdict, kpi_id, outcome_type_id,
                       owner_person_id, start_date, end_date, baseline_value, target_value, result_value,
                       learnings],
        },
        update: ExperimentUpdateForm {
            name, hypothesis, success_criteria, status, verdict, kpi_id, outcome_type_id, owner_person_id,
            start_date, end_date, baseline_value, target_value, result_value, learnings,
        },
        filter: ExperimentFilter,
        sort: ExperimentSort,
    }
}

sort_keys! {
    /// What an experiment list can be ordered by.
    ExperimentSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which experiments to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExperimentFilter {
    /// Only these statuses.
    pub status: Option<Vec<ExperimentStatus>>,
    /// Only these verdicts.
    pub verdict: Option<Vec<ExperimentVerdict>>,
    /// Only experiments on this KPI.
    pub kpi_id: Option<KpiId>,
    /// Only experiments aiming at this outcome type.
    pub outcome_type_id: Option<OutcomeTypeId>,
    /// Only experiments owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Started on or after this day.
    pub start_from: Option<NaiveDate>,
    /// Started on or before this day.
    pub start_to: Option<NaiveDate>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for ExperimentFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .any_of(Col::Verdict, self.verdict.as_deref())?
            .eq(Col::KpiId, self.kpi_id.as_ref())?
            .eq(Col::OutcomeTypeId, self.outcome_type_id.as_ref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .between(
                Col::StartDate,
                self.start_from.as_ref(),
                self.start_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

/// How an experiment ended, for [`Experiments::conclude`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentConclusion {
    /// What the result says about the hypothesis.
    pub verdict: ExperimentVerdict,
    /// The measured result, if any.
    pub result_value: Option<Decimal>,
    /// What was learned.
    pub learnings: Option<String>,
    /// Last day of the experiment; not before its start (a check violation on `end_date` otherwise).
    pub end_date: NaiveDate,
}

impl Experiments {
    /// Concludes an experiment: status `Completed`, with its verdict, result, learnings and end date.
    pub async fn conclude<'e>(
        exec: impl PgExecutor<'e>,
        id: ExperimentId,
        conclusion: &ExperimentConclusion,
    ) -> Result<Experiment> {
        let form = ExperimentUpdateForm {
            status: Some(ExperimentStatus::Completed),
            verdict: Some(Some(conclusion.verdict)),
            result_value: conclusion.result_value.map(Some),
            learnings: conclusion.learnings.clone().map(Some),
            end_date: Some(Some(conclusion.end_date)),
            ..Default::default()
        };
        Self::update(exec, id, &form).await
    }
}
