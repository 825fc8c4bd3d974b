//! `agent.goals`: a goal for a subject, with success criteria and an optional parent goal.

use crate::{GoalId, GoalPriority, GoalStatus, SubjectType};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// A row of `agent.goals`: a goal for a subject, with success criteria and an optional parent goal.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Goal {
    /// Database id.
    pub id: GoalId,
    /// Stable id across systems, set by the database.
    pub global_id: Uuid,
    /// Kind of thing the goal is for.
    pub subject_type: SubjectType,
    /// Id of the thing the goal is for.
    pub subject_id: String,
    /// Short name.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// What must hold for the goal to be achieved (default empty).
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub success_criteria: Vec<SuccessCriterion>,
    /// Lifecycle (default `active`).
    pub status: GoalStatus,
    /// Importance (default `medium`).
    pub priority: GoalPriority,
    /// First day of the goal's horizon.
    pub time_horizon_start: Option<NaiveDate>,
    /// Last day of the goal's horizon (not before the start).
    pub time_horizon_end: Option<NaiveDate>,
    /// The goal this one serves.
    pub parent_goal_id: Option<GoalId>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.goals`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GoalInsertForm {
    /// Kind of thing the goal is for.
    pub subject_type: SubjectType,
    /// Id of the thing the goal is for.
    pub subject_id: String,
    /// Short name.
    pub title: String,
    /// Longer description.
    pub description: Option<String>,
    /// What must hold for the goal to be achieved (default empty).
    pub success_criteria: Option<Vec<SuccessCriterion>>,
    /// Lifecycle (default `active`).
    pub status: Option<GoalStatus>,
    /// Importance (default `medium`).
    pub priority: Option<GoalPriority>,
    /// First day of the goal's horizon.
    pub time_horizon_start: Option<NaiveDate>,
    /// Last day of the goal's horizon (not before the start).
    pub time_horizon_end: Option<NaiveDate>,
    /// The goal this one serves.
    pub parent_goal_id: Option<GoalId>,
}

impl GoalInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(
        subject_type: SubjectType,
        subject_id: impl Into<String>,
        title: impl Into<String>,
    ) -> Self {
        Self {
            subject_type,
            subject_id: subject_id.into(),
            title: title.into(),
            description: None,
            success_criteria: None,
            status: None,
            priority: None,
            time_horizon_start: None,
            time_horizon_end: None,
            parent_goal_id: None,
        }
    }
}

/// A change to a row of `agent.goals`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct GoalUpdateForm {
    /// Kind of thing the goal is for.
    pub subject_type: Option<SubjectType>,
    /// Id of the thing the goal is for.
    pub subject_id: Option<String>,
    /// Short name.
    pub title: Option<String>,
    /// Longer description.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// What must hold for the goal to be achieved (default empty).
    pub success_criteria: Option<Vec<SuccessCriterion>>,
    /// Lifecycle (default `active`).
    pub status: Option<GoalStatus>,
    /// Importance (default `medium`).
    pub priority: Option<GoalPriority>,
    /// First day of the goal's horizon.
    #[serde(with = "::serde_with::rust::double_option")]
    pub time_horizon_start: Option<Option<NaiveDate>>,
    /// Last day of the goal's horizon (not before the start).
    #[serde(with = "::serde_with::rust::double_option")]
    pub time_horizon_end: Option<Option<NaiveDate>>,
    /// The goal this one serves.
    #[serde(with = "::serde_with::rust::double_option")]
    pub parent_goal_id: Option<Option<GoalId>>,
}

impl GoalUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One success criterion of a goal (an element of `goals.success_criteria`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SuccessCriterion {
    /// What must hold.
    pub description: String,
    /// Whether it holds already (false when absent).
    #[serde(default)]
    pub met: bool,
}

impl SuccessCriterion {
    /// A criterion not met yet.
    pub fn new(description: impl Into<String>) -> Self {
        Self {
            description: description.into(),
            met: false,
        }
    }
}

impl Goal {
    /// Whether every success criterion is met (false when there is none).
    pub fn criteria_met(&self) -> bool {
        !self.success_criteria.is_empty() && self.success_criteria.iter().all(|c| c.met)
    }
}
