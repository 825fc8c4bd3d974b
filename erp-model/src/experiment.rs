//! Rows and forms of `erp.experiments`: learning projects.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{ExperimentId, ExperimentStatus, ExperimentVerdict, KpiId, OutcomeTypeId, PersonId};

/// A row of `erp.experiments`: a learning project testing a hypothesis against a KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Experiment {
    /// Database id of the experiment.
    pub id: ExperimentId,
    /// Stable global id of the experiment, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the experiment.
    pub name: String,
    /// What is believed and tested.
    pub hypothesis: Option<String>,
    /// What result validates the hypothesis.
    pub success_criteria: Option<String>,
    /// Lifecycle of the experiment (default `Planned`).
    pub status: ExperimentStatus,
    /// What the result says about the hypothesis.
    pub verdict: Option<ExperimentVerdict>,
    /// KPI the experiment moves; cleared if the KPI is deleted.
    pub kpi_id: Option<KpiId>,
    /// Kind of outcome sought; cleared if the outcome type is deleted.
    pub outcome_type_id: Option<OutcomeTypeId>,
    /// Person running it; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// First day.
    pub start_date: Option<NaiveDate>,
    /// Last day; not before `start_date`.
    pub end_date: Option<NaiveDate>,
    /// KPI value before.
    pub baseline_value: Option<Decimal>,
    /// KPI value aimed for.
    pub target_value: Option<Decimal>,
    /// KPI value reached.
    pub result_value: Option<Decimal>,
    /// What was learned.
    pub learnings: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.experiments`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentInsertForm {
    /// Name of the experiment.
    pub name: String,
    /// What is believed and tested.
    pub hypothesis: Option<String>,
    /// What result validates the hypothesis.
    pub success_criteria: Option<String>,
    /// Lifecycle of the experiment (default `Planned`).
    pub status: Option<ExperimentStatus>,
    /// What the result says about the hypothesis.
    pub verdict: Option<ExperimentVerdict>,
    /// KPI the experiment moves; cleared if the KPI is deleted.
    pub kpi_id: Option<KpiId>,
    /// Kind of outcome sought; cleared if the outcome type is deleted.
    pub outcome_type_id: Option<OutcomeTypeId>,
    /// Person running it; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// First day.
    pub start_date: Option<NaiveDate>,
    /// Last day; not before `start_date`.
    pub end_date: Option<NaiveDate>,
    /// KPI value before.
    pub baseline_value: Option<Decimal>,
    /// KPI value aimed for.
    pub target_value: Option<Decimal>,
    /// KPI value reached.
    pub result_value: Option<Decimal>,
    /// What was learned.
    pub learnings: Option<String>,
}

impl ExperimentInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            hypothesis: None,
            success_criteria: None,
            status: None,
            verdict: None,
            kpi_id: None,
            outcome_type_id: None,
            owner_person_id: None,
            start_date: None,
            end_date: None,
            baseline_value: None,
            target_value: None,
            result_value: None,
            learnings: None,
        }
    }
}

/// Changes to a row of `erp.experiments`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExperimentUpdateForm {
    /// Name of the experiment.
    pub name: Option<String>,
    /// What is believed and tested.
    #[serde(with = "::serde_with::rust::double_option")]
    pub hypothesis: Option<Option<String>>,
    /// What result validates the hypothesis.
    #[serde(with = "::serde_with::rust::double_option")]
    pub success_criteria: Option<Option<String>>,
    /// Lifecycle of the experiment (default `Planned`).
    pub status: Option<ExperimentStatus>,
    /// What the result says about the hypothesis.
    #[serde(with = "::serde_with::rust::double_option")]
    pub verdict: Option<Option<ExperimentVerdict>>,
    /// KPI the experiment moves; cleared if the KPI is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub kpi_id: Option<Option<KpiId>>,
    /// Kind of outcome sought; cleared if the outcome type is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub outcome_type_id: Option<Option<OutcomeTypeId>>,
    /// Person running it; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// First day.
    #[serde(with = "::serde_with::rust::double_option")]
    pub start_date: Option<Option<NaiveDate>>,
    /// Last day; not before `start_date`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub end_date: Option<Option<NaiveDate>>,
    /// KPI value before.
    #[serde(with = "::serde_with::rust::double_option")]
    pub baseline_value: Option<Option<Decimal>>,
    /// KPI value aimed for.
    #[serde(with = "::serde_with::rust::double_option")]
    pub target_value: Option<Option<Decimal>>,
    /// KPI value reached.
    #[serde(with = "::serde_with::rust::double_option")]
    pub result_value: Option<Option<Decimal>>,
    /// What was learned.
    #[serde(with = "::serde_with::rust::double_option")]
    pub learnings: Option<Option<String>>,
}

impl ExperimentUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
