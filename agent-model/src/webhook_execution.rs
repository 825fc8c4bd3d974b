//! `agent.webhook_executions`: one call of a webhook on a client's behalf and its outcome.

use crate::{WebhookExecutionId, WebhookStatus};
use chrono::{DateTime, Utc};

/// A row of `agent.webhook_executions`: one call of a webhook on a client's behalf and its outcome.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct WebhookExecution {
    /// Database id.
    pub id: WebhookExecutionId,
    /// The client the call was made for.
    pub client_id: String,
    /// The URL called.
    pub webhook_url: String,
    /// The body sent (JSON, default `{}`).
    pub payload: serde_json::Value,
    /// The body received, if any.
    pub response: Option<serde_json::Value>,
    /// Outcome of the call.
    pub status: WebhookStatus,
    /// When the call was made (default now).
    pub executed_at: DateTime<Utc>,
}

/// A new row of `agent.webhook_executions`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WebhookExecutionInsertForm {
    /// The client the call was made for.
    pub client_id: String,
    /// The URL called.
    pub webhook_url: String,
    /// The body sent (JSON, default `{}`).
    pub payload: Option<serde_json::Value>,
    /// The body received, if any.
    pub response: Option<serde_json::Value>,
    /// Outcome of the call.
    pub status: WebhookStatus,
    /// When the call was made (default now).
    pub executed_at: Option<DateTime<Utc>>,
}

impl WebhookExecutionInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(
        client_id: impl Into<String>,
        webhook_url: impl Into<String>,
        status: WebhookStatus,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            webhook_url: webhook_url.into(),
            payload: None,
            response: None,
            status,
            executed_at: None,
        }
    }
}

/// A change to a row of `agent.webhook_executions`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct WebhookExecutionUpdateForm {
    /// The client the call was made for.
    pub client_id: Option<String>,
    /// The URL called.
    pub webhook_url: Option<String>,
    /// The body sent (JSON, default `{}`).
    pub payload: Option<serde_json::Value>,
    /// The body received, if any.
    #[serde(with = "::serde_with::rust::double_option")]
    pub response: Option<Option<serde_json::Value>>,
    /// Outcome of the call.
    pub status: Option<WebhookStatus>,
    /// When the call was made (default now).
    pub executed_at: Option<DateTime<Utc>>,
}

impl WebhookExecutionUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
