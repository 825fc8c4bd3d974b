//! Rows and forms of `erp.touchpoints`: communication instances: emails, calls, meetings.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    DealId, EngagementId, ExecutionRunId, OrganizationId, PersonId, ResourceTemplateId,
    TouchpointChannel, TouchpointDirection, TouchpointId, TouchpointStatus,
};

/// A row of `erp.touchpoints`: one communication with a contact, possibly timed by a `Touchpoint` execution run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Touchpoint {
    /// Database id of the touchpoint.
    pub id: TouchpointId,
    /// Stable global id of the touchpoint, for references from outside this database.
    pub global_id: Uuid,
    /// What the communication was about.
    pub subject: String,
    /// What was said or agreed.
    pub summary: Option<String>,
    /// How it happened (default `Email`).
    pub channel: TouchpointChannel,
    /// Who reached out (default `Outbound`).
    pub direction: TouchpointDirection,
    /// Whether it happened (default `Completed`).
    pub status: TouchpointStatus,
    /// When it happened (default: now).
    pub occurred_at: DateTime<Utc>,
    /// Length in minutes; not negative.
    pub duration_minutes: Option<i32>,
    /// Contact person; cleared if that person is deleted.
    pub person_id: Option<PersonId>,
    /// Contact organization; cleared if it is deleted.
    pub organization_id: Option<OrganizationId>,
    /// Team member who had the touchpoint; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Engagement it belongs to; cleared if the engagement is deleted.
    pub engagement_id: Option<EngagementId>,
    /// Deal it belongs to; cleared if the deal is deleted.
    pub deal_id: Option<DealId>,
    /// Resource template used (email template, script, deck); the template cannot be deleted while touchpoints point to it.
    pub resource_template_id: Option<ResourceTemplateId>,
    /// The `Touchpoint`-type execution run that timed it (a run of another type is refused, `touchpoints_execution_run_id_check`); one touchpoint per run; cleared if the run is deleted.
    pub execution_run_id: Option<ExecutionRunId>,
    /// What happens next.
    pub next_step: Option<String>,
    /// When to follow up.
    pub follow_up_on: Option<NaiveDate>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.touchpoints`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchpointInsertForm {
    /// What the communication was about.
    pub subject: String,
    /// What was said or agreed.
    pub summary: Option<String>,
    /// How it happened (default `Email`).
    pub channel: Option<TouchpointChannel>,
    /// Who reached out (default `Outbound`).
    pub direction: Option<TouchpointDirection>,
    /// Whether it happened (default `Completed`).
    pub status: Option<TouchpointStatus>,
    /// When it happened (default: now).
    pub occurred_at: Option<DateTime<Utc>>,
    /// Length in minutes; not negative.
    pub duration_minutes: Option<i32>,
    /// Contact person; cleared if that person is deleted.
    pub person_id: Option<PersonId>,
    /// Contact organization; cleared if it is deleted.
    pub organization_id: Option<OrganizationId>,
    /// Team member who had the touchpoint; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Engagement it belongs to; cleared if the engagement is deleted.
    pub engagement_id: Option<EngagementId>,
    /// Deal it belongs to; cleared if the deal is deleted.
    pub deal_id: Option<DealId>,
    /// Resource template used (email template, script, deck); the template cannot be deleted while touchpoints point to it.
    pub resource_template_id: Option<ResourceTemplateId>,
    /// The `Touchpoint`-type execution run that timed it (a run of another type is refused, `touchpoints_execution_run_id_check`); one touchpoint per run; cleared if the run is deleted.
    pub execution_run_id: Option<ExecutionRunId>,
    /// What happens next.
    pub next_step: Option<String>,
    /// When to follow up.
    pub follow_up_on: Option<NaiveDate>,
}

impl TouchpointInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            summary: None,
            channel: None,
            direction: None,
            status: None,
            occurred_at: None,
            duration_minutes: None,
            person_id: None,
            organization_id: None,
            owner_person_id: None,
            engagement_id: None,
            deal_id: None,
            resource_template_id: None,
            execution_run_id: None,
            next_step: None,
            follow_up_on: None,
        }
    }
}

/// Changes to a row of `erp.touchpoints`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TouchpointUpdateForm {
    /// What the communication was about.
    pub subject: Option<String>,
    /// What was said or agreed.
    #[serde(with = "::serde_with::rust::double_option")]
    pub summary: Option<Option<String>>,
    /// How it happened (default `Email`).
    pub channel: Option<TouchpointChannel>,
    /// Who reached out (default `Outbound`).
    pub direction: Option<TouchpointDirection>,
    /// Whether it happened (default `Completed`).
    pub status: Option<TouchpointStatus>,
    /// When it happened (default: now).
    pub occurred_at: Option<DateTime<Utc>>,
    /// Length in minutes; not negative.
    #[serde(with = "::serde_with::rust::double_option")]
    pub duration_minutes: Option<Option<i32>>,
    /// Contact person; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub person_id: Option<Option<PersonId>>,
    /// Contact organization; cleared if it is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub organization_id: Option<Option<OrganizationId>>,
    /// Team member who had the touchpoint; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// Engagement it belongs to; cleared if the engagement is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub engagement_id: Option<Option<EngagementId>>,
    /// Deal it belongs to; cleared if the deal is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub deal_id: Option<Option<DealId>>,
    /// Resource template used (email template, script, deck); the template cannot be deleted while touchpoints point to it.
    #[serde(with = "::serde_with::rust::double_option")]
    pub resource_template_id: Option<Option<ResourceTemplateId>>,
    /// The `Touchpoint`-type execution run that timed it (a run of another type is refused, `touchpoints_execution_run_id_check`); one touchpoint per run; cleared if the run is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub execution_run_id: Option<Option<ExecutionRunId>>,
    /// What happens next.
    #[serde(with = "::serde_with::rust::double_option")]
    pub next_step: Option<Option<String>>,
    /// When to follow up.
    #[serde(with = "::serde_with::rust::double_option")]
    pub follow_up_on: Option<Option<NaiveDate>>,
}

impl TouchpointUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
