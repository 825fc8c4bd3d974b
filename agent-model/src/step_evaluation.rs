//! `agent.step_evaluations`: the grade of one step of an execution run.

use crate::{EvaluationStatus, StepEvaluationId, ValidatorType};
use chrono::{DateTime, Utc};
use erp_model::ExecutionRunId;

/// A row of `agent.step_evaluations`: the grade of one step of an execution run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct StepEvaluation {
    /// Database id.
    pub id: StepEvaluationId,
    /// The run graded (deleted with it).
    pub execution_run_id: ExecutionRunId,
    /// Name of the step.
    pub step_name: String,
    /// Position of the step in the run, from 0.
    pub step_index: i32,
    /// Who or what graded it.
    pub validator_type: ValidatorType,
    /// Outcome (default `pending`).
    pub status: EvaluationStatus,
    /// Score from 0 to 1.
    pub score: Option<f64>,
    /// The grader's comments.
    pub feedback: Option<String>,
    /// Whether a person must look at it (default false).
    pub needs_human: bool,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
}

/// A new row of `agent.step_evaluations`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepEvaluationInsertForm {
    /// The run graded (deleted with it).
    pub execution_run_id: ExecutionRunId,
    /// Name of the step.
    pub step_name: String,
    /// Position of the step in the run, from 0.
    pub step_index: i32,
    /// Who or what graded it.
    pub validator_type: ValidatorType,
    /// Outcome (default `pending`).
    pub status: Option<EvaluationStatus>,
    /// Score from 0 to 1.
    pub score: Option<f64>,
    /// The grader's comments.
    pub feedback: Option<String>,
    /// Whether a person must look at it (default false).
    pub needs_human: Option<bool>,
}

impl StepEvaluationInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(
        execution_run_id: ExecutionRunId,
        step_name: impl Into<String>,
        step_index: i32,
        validator_type: ValidatorType,
    ) -> Self {
        Self {
            execution_run_id,
            step_name: step_name.into(),
            step_index,
            validator_type,
            status: None,
            score: None,
            feedback: None,
            needs_human: None,
        }
    }
}

/// A change to a row of `agent.step_evaluations`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct StepEvaluationUpdateForm {
    /// The run graded (deleted with it).
    pub execution_run_id: Option<ExecutionRunId>,
    /// Name of the step.
    pub step_name: Option<String>,
    /// Position of the step in the run, from 0.
    pub step_index: Option<i32>,
    /// Who or what graded it.
    pub validator_type: Option<ValidatorType>,
    /// Outcome (default `pending`).
    pub status: Option<EvaluationStatus>,
    /// Score from 0 to 1.
    #[serde(with = "::serde_with::rust::double_option")]
    pub score: Option<Option<f64>>,
    /// The grader's comments.
    #[serde(with = "::serde_with::rust::double_option")]
    pub feedback: Option<Option<String>>,
    /// Whether a person must look at it (default false).
    pub needs_human: Option<bool>,
}

impl StepEvaluationUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
