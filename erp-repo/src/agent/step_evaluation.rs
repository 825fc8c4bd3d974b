//! `agent.step_evaluations`: the grade of one step of an execution run, by a rule, a model, a test or a person.

use agent_model::{
    EvaluationStatus, StepEvaluation, StepEvaluationId, StepEvaluationInsertForm,
    StepEvaluationUpdateForm, ValidatorType,
};
use erp_model::ExecutionRunId;
use sea_query::{Condition, Expr, ExprTrait, Order};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::agent::StepEvaluations as Col;

repository! {
    /// Repository of `agent.step_evaluations`.
    StepEvaluations for Col {
        id: StepEvaluationId,
        row: StepEvaluation,
        global_id: false,
        insert: StepEvaluationInsertForm {
            required: [execution_run_id, step_name, step_index, validator_type],
            optional: [status, score, feedback, needs_human],
        },
        update: StepEvaluationUpdateForm {
            execution_run_id, step_name, step_index, validator_type, status, score, feedback, needs_human,
        },
        filter: StepEvaluationFilter,
        sort: StepEvaluationSort,
    }
}

sort_keys! {
    /// What a step evaluation list can be ordered by.
    StepEvaluationSort for Col {
        /// Position of the step in its run.
        StepIndex => (StepIndex, "integer"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
    }
}

/// Which step evaluations to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepEvaluationFilter {
    /// Only evaluations of this run.
    pub execution_run_id: Option<ExecutionRunId>,
    /// Only these validators.
    pub validator_type: Option<Vec<ValidatorType>>,
    /// Only these outcomes.
    pub status: Option<Vec<EvaluationStatus>>,
    /// Only those that need (or do not need) a human.
    pub needs_human: Option<bool>,
    /// Case-insensitive search in the step name.
    pub step_name_contains: Option<String>,
}

impl ListFilter for StepEvaluationFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::ExecutionRunId, self.execution_run_id.as_ref())?
            .any_of(Col::ValidatorType, self.validator_type.as_deref())?
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::NeedsHuman, self.needs_human.as_ref())?
            .search(Col::StepName, self.step_name_contains.as_deref())?
            .build())
    }
}

impl StepEvaluations {
    /// Records a step's evaluation and returns it as stored.
    pub async fn record<'e>(
        exec: impl PgExecutor<'e>,
        form: &StepEvaluationInsertForm,
    ) -> Result<StepEvaluation> {
        Self::insert(exec, form).await
    }

    /// A run's step evaluations in step order (then id, for repeated grades of one step).
    pub async fn of_run<'e>(
        exec: impl PgExecutor<'e>,
        execution_run_id: ExecutionRunId,
    ) -> Result<Vec<StepEvaluation>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("execution_run_id").eq(execution_run_id.0))
            .order_by("step_index", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }

    /// Every evaluation flagged for a human, oldest first.
    pub async fn needing_human<'e>(exec: impl PgExecutor<'e>) -> Result<Vec<StepEvaluation>> {
        let stmt = select::<Self>()
            .and_where(Expr::col("needs_human").eq(true))
            .order_by("created_at", Order::Asc)
            .order_by("id", Order::Asc)
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
