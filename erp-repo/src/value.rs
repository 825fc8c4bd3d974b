//! How model values become bound sea-query parameters, with the input checks PostgreSQL would fail on.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_query::{ArrayType, Expr, Value};
use uuid::Uuid;

/// Why a value cannot be sent; the caller adds the column name.
pub type InputProblem = &'static str;

/// A Rust value that can be bound as a parameter of a statement.
pub trait SqlValue {
    /// The bound parameter, or why the value cannot be stored.
    fn sql_value(&self) -> Result<Expr, InputProblem>;
    /// A NULL of this value's type (so PostgreSQL infers the right parameter type).
    fn sql_null() -> Expr
    where
        Self: Sized,
    {
        unreachable!("only sized values are ever NULL")
    }
}

impl<T: SqlValue> SqlValue for Option<T> {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        match self {
            Some(v) => v.sql_value(),
            None => Ok(T::sql_null()),
        }
    }
    fn sql_null() -> Expr {
        T::sql_null()
    }
}

impl<T: SqlValue + ?Sized> SqlValue for &T {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        (**self).sql_value()
    }
}

/// PostgreSQL text cannot hold NUL; reject it here so the error names the column.
pub(crate) fn check_text(s: &str) -> Result<(), InputProblem> {
    if s.contains('\0') {
        Err("text must not contain NUL (\\0) characters")
    } else {
        Ok(())
    }
}

impl SqlValue for String {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        check_text(self)?;
        Ok(Expr::val(self.clone()))
    }
    fn sql_null() -> Expr {
        Expr::val(Value::String(None))
    }
}

impl SqlValue for str {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        check_text(self)?;
        Ok(Expr::val(self.to_owned()))
    }
}

impl SqlValue for Vec<String> {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        let mut items = Vec::with_capacity(self.len());
        for s in self {
            check_text(s)?;
            items.push(Value::String(Some(s.clone())));
        }
        Ok(Expr::val(Value::Array(
            ArrayType::String,
            Some(Box::new(items)),
        )))
    }
    fn sql_null() -> Expr {
        Expr::val(Value::Array(ArrayType::String, None))
    }
}

impl SqlValue for f64 {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        if self.is_finite() {
            Ok(Expr::val(*self))
        } else {
            Err("must be a finite number (not NaN or infinity)")
        }
    }
    fn sql_null() -> Expr {
        Expr::val(Value::Double(None))
    }
}

/// The deepest JSON serde_json reads back (its default recursion limit of 128 refuses the 128th level), so
/// the deepest the SDK writes: a deeper document would be stored, then fail every read of its row.
pub const MAX_JSON_DEPTH: usize = 127;

/// Checks a JSON document before it is bound: no deeper than [`MAX_JSON_DEPTH`], and no NUL in any string
/// or key (PostgreSQL's jsonb refuses `\u0000`; the six characters `\u0000` as text are fine). Walks with
/// its own stack, so a document of any depth is refused without recursing.
pub(crate) fn check_json(value: &serde_json::Value) -> Result<(), InputProblem> {
    use serde_json::Value as J;
    let mut stack = vec![(value, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        match v {
            J::String(s) => check_json_text(s)?,
            J::Array(items) => {
                if depth + 1 > MAX_JSON_DEPTH {
                    return Err(JSON_TOO_DEEP);
                }
                stack.extend(items.iter().map(|i| (i, depth + 1)));
            }
            J::Object(map) => {
                if depth + 1 > MAX_JSON_DEPTH {
                    return Err(JSON_TOO_DEEP);
                }
                for (k, i) in map {
                    check_json_text(k)?;
                    stack.push((i, depth + 1));
                }
            }
            J::Null | J::Bool(_) | J::Number(_) => {}
        }
    }
    Ok(())
}

const JSON_TOO_DEEP: InputProblem = "JSON nested deeper than 127 levels cannot be read back";

fn check_json_text(s: &str) -> Result<(), InputProblem> {
    if s.contains('\0') {
        Err("JSON strings must not contain NUL (\\u0000) characters")
    } else {
        Ok(())
    }
}

impl SqlValue for serde_json::Value {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        check_json(self)?;
        Ok(Expr::val(self.clone()))
    }
    fn sql_null() -> Expr {
        Expr::val(Value::Json(None))
    }
}

/// PostgreSQL's first date, 4714-11-24 BC (Julian day 0; the proleptic Gregorian year -4713): chrono goes
/// further back, PostgreSQL refuses earlier dates and times (SQLSTATE 22008, naming no column). Its last
/// ones (years 5874897 and 294276) lie past chrono's.
fn pg_first_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(-4713, 11, 24).unwrap_or(NaiveDate::MIN)
}

const DATE_OUT_OF_RANGE: InputProblem = "PostgreSQL stores no date before 4714-11-24 BC";

impl SqlValue for NaiveDate {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        if *self < pg_first_date() {
            return Err(DATE_OUT_OF_RANGE);
        }
        Ok(Expr::val(*self))
    }
    fn sql_null() -> Expr {
        Expr::val(Value::ChronoDate(None))
    }
}

impl SqlValue for DateTime<Utc> {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        if self.date_naive() < pg_first_date() {
            return Err(DATE_OUT_OF_RANGE);
        }
        Ok(Expr::val(*self))
    }
    fn sql_null() -> Expr {
        Expr::val(Value::ChronoDateTimeUtc(None))
    }
}

/// The `NUMERIC(precision, scale)` columns, by name: every column of a name has the same type (a test
/// holds this list to the catalog). A value PostgreSQL would refuse with "numeric field overflow"
/// (SQLSTATE 22003, naming no column) is refused here, naming it.
const NUMERIC_COLUMNS: &[(&str, u32, u32)] = &[
    ("actual_hours", 10, 2),
    ("capacity_hours", 10, 2),
    ("estimated_hours", 10, 2),
    ("amount", 14, 2),
    ("base_price", 14, 2),
    ("subtotal", 14, 2),
    ("tax_amount", 14, 2),
    ("value_estimate", 14, 2),
    ("baseline_value", 16, 4),
    ("metric_value", 16, 4),
    ("result_value", 16, 4),
    ("target_value", 16, 4),
    ("value", 16, 4),
    ("probability", 5, 2),
    ("score", 5, 2),
];

/// The numeric columns the SDK checks, as `(column, precision, scale)`; for the catalog test.
#[doc(hidden)]
pub fn numeric_columns() -> &'static [(&'static str, u32, u32)] {
    NUMERIC_COLUMNS
}

/// The bound value of `column`, refused when it would overflow the column's `NUMERIC(p, s)`: PostgreSQL
/// rounds to the scale, then needs fewer than `p - s` integer digits.
pub(crate) fn check_for_column(column: &str, expr: Expr) -> Result<Expr, InputProblem> {
    if let Expr::Value(Value::Decimal(Some(d))) = &expr
        && let Some(&(_, precision, scale)) = NUMERIC_COLUMNS.iter().find(|(c, ..)| *c == column)
    {
        let rounded =
            d.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let limit = Decimal::from_i128_with_scale(10i128.pow(precision - scale), 0);
        if rounded.abs() >= limit {
            return Err(match (precision, scale) {
                (10, 2) => "numeric(10, 2): the absolute value must round to less than 10^8",
                (14, 2) => "numeric(14, 2): the absolute value must round to less than 10^12",
                (16, 4) => "numeric(16, 4): the absolute value must round to less than 10^12",
                (5, 2) => "numeric(5, 2): the absolute value must round to less than 10^3",
                _ => "too large for the column's numeric precision",
            });
        }
    }
    Ok(expr)
}

macro_rules! plain_values {
    ($($ty:ty => $variant:ident),+ $(,)?) => {$(
        impl SqlValue for $ty {
            fn sql_value(&self) -> Result<Expr, InputProblem> {
                Ok(Expr::val(self.clone()))
            }
            fn sql_null() -> Expr {
                Expr::val(Value::$variant(None))
            }
        }
    )+};
}

plain_values! {
    bool => Bool,
    i32 => Int,
    i64 => BigInt,
    Decimal => Decimal,
    Uuid => Uuid,
    Vec<u8> => Bytes,
}

/// Binds typed ids as their `BIGINT`.
macro_rules! id_values {
    ($($ty:path),+ $(,)?) => {$(
        impl SqlValue for $ty {
            fn sql_value(&self) -> Result<Expr, InputProblem> {
                Ok(Expr::val(self.0))
            }
            fn sql_null() -> Expr {
                Expr::val(Value::BigInt(None))
            }
        }
    )+};
}

/// Binds label enums as their exact database label.
macro_rules! label_values {
    ($($ty:path),+ $(,)?) => {$(
        impl SqlValue for $ty {
            fn sql_value(&self) -> Result<Expr, InputProblem> {
                Ok(Expr::val(self.label()))
            }
            fn sql_null() -> Expr {
                Expr::val(Value::String(None))
            }
        }
    )+};
}

/// Binds typed JSONB documents (workflow steps, checklists ...) through serde.
macro_rules! json_values {
    ($($ty:ty),+ $(,)?) => {$(
        impl SqlValue for $ty {
            fn sql_value(&self) -> Result<Expr, InputProblem> {
                serde_json::to_value(self).map_err(|_| "cannot be written as JSON")?.sql_value()
            }
            fn sql_null() -> Expr {
                Expr::val(Value::Json(None))
            }
        }
    )+};
}

id_values!(
    erp_model::PersonId,
    erp_model::OrganizationId,
    erp_model::VentureId,
    erp_model::ProjectId,
    erp_model::TaskId,
    erp_model::SprintId,
    erp_model::OkrId,
    erp_model::EngagementId,
    erp_model::OfferId,
    erp_model::DeliverableId,
    erp_model::EngagementResultId,
    erp_model::ServiceBlueprintId,
    erp_model::WorkflowId,
    erp_model::ProcessTemplateId,
    erp_model::ResourceTemplateId,
    erp_model::ExecutionRunId,
    erp_model::TopicId,
    erp_model::OutcomeTypeId,
    erp_model::FunctionalAreaId,
    erp_model::IcpSegmentId,
    erp_model::DealId,
    erp_model::TouchpointId,
    erp_model::IcpScoreId,
    erp_model::InvoiceId,
    erp_model::ExpenseId,
    erp_model::PaymentId,
    erp_model::KpiId,
    erp_model::KpiMeasurementId,
    erp_model::DailyThreadEntryId,
    erp_model::DecisionId,
    erp_model::ExperimentId,
    erp_model::NoteId,
    erp_model::AssetId,
    erp_model::IdeaId,
);

label_values!(
    erp_model::PatternStatus,
    erp_model::RunType,
    erp_model::AutomationStatus,
    erp_model::ProcessTemplateType,
    erp_model::ResourceTemplateType,
    erp_model::OrgType,
    erp_model::VentureStatus,
    erp_model::ProjectStatus,
    erp_model::TaskStatus,
    erp_model::TaskPriority,
    erp_model::EngagementStatus,
    erp_model::SprintStatus,
    erp_model::OkrStatus,
    erp_model::PricingModel,
    erp_model::DeliverableStatus,
    erp_model::RunStatus,
    erp_model::IcpSegmentStatus,
    erp_model::DealStage,
    erp_model::DealSource,
    erp_model::TouchpointChannel,
    erp_model::TouchpointDirection,
    erp_model::TouchpointStatus,
    erp_model::IcpGrade,
    erp_model::InvoiceStatus,
    erp_model::ExpenseCategory,
    erp_model::ExpenseStatus,
    erp_model::PaymentDirection,
    erp_model::PaymentStatus,
    erp_model::PaymentMethod,
    erp_model::KpiTargetDirection,
    erp_model::KpiFrequency,
    erp_model::KpiStatus,
    erp_model::Level,
    erp_model::DecisionStatus,
    erp_model::ExperimentStatus,
    erp_model::ExperimentVerdict,
    erp_model::NoteType,
    erp_model::AssetType,
    erp_model::AssetStatus,
    erp_model::IdeaStatus,
    erp_model::TemplateKind,
);

impl SqlValue for erp_model::Currency {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        Ok(Expr::val(self.as_str()))
    }
    fn sql_null() -> Expr {
        Expr::val(Value::String(None))
    }
}

json_values!(
    Vec<erp_model::WorkflowStep>,
    Vec<erp_model::ChecklistItem>,
    Vec<erp_model::KeyResult>,
    Vec<agent_model::SuccessCriterion>,
    agent_model::Sop,
    Vec<agent_model::ScheduleBlock>,
);

id_values!(
    agent_model::ClientProfileId,
    agent_model::MemoryEntryId,
    agent_model::MemoryFactId,
    agent_model::WorkingStateId,
    agent_model::EpisodeId,
    agent_model::WebhookExecutionId,
    agent_model::SessionId,
    agent_model::EventId,
    agent_model::FactId,
    agent_model::GoalId,
    agent_model::ReflectionId,
    agent_model::StepEvaluationId,
    agent_model::ArtifactId,
    agent_model::ProfileId,
    agent_model::ToolId,
    agent_model::ContextRecipeId,
    agent_model::ProfileToolId,
    agent_model::GraphNodeId,
    agent_model::GraphEdgeId,
    agent_model::BlockId,
    agent_model::BlockActionId,
    agent_model::PlanId,
    agent_model::SchedulerRunId,
    agent_model::PromptTemplateId,
);

label_values!(
    agent_model::MemoryType,
    agent_model::SessionType,
    agent_model::SessionStatus,
    agent_model::SubjectType,
    agent_model::EventType,
    agent_model::EventSource,
    agent_model::MemoryScope,
    agent_model::FactType,
    agent_model::GoalStatus,
    agent_model::GoalPriority,
    agent_model::ReflectionMode,
    agent_model::ReflectionScope,
    agent_model::ValidatorType,
    agent_model::EvaluationStatus,
    agent_model::ArtifactType,
    agent_model::WebhookStatus,
    agent_model::NodeType,
    agent_model::EdgeType,
    agent_model::BlockType,
    agent_model::ActionType,
    agent_model::PlanStatus,
    agent_model::SchedulerRunStatus,
    agent_model::PromptTemplateType,
);

impl SqlValue for agent_model::Embedding {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        Ok(Expr::val(self.to_bytes()))
    }
    fn sql_null() -> Expr {
        Expr::val(Value::Bytes(None))
    }
}

// sea-query has no BIT value; the signature travels as its '0101…' text and is cast by PostgreSQL.
impl SqlValue for agent_model::EmbeddingSignature {
    fn sql_value(&self) -> Result<Expr, InputProblem> {
        Ok(Expr::cust_with_values(
            "CAST($1 AS bit(256))",
            [self.to_bit_string()],
        ))
    }
    fn sql_null() -> Expr {
        Expr::cust("CAST(NULL AS bit(256))")
    }
}
