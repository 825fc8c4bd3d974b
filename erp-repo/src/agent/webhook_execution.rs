//! `agent.webhook_executions`: the log of webhook calls made for a client, and their outcomes.

use agent_model::{
    WebhookExecution, WebhookExecutionId, WebhookExecutionInsertForm, WebhookExecutionUpdateForm,
    WebhookStatus,
};
use chrono::{DateTime, Utc};
use sea_query::{Condition, Order};
use sqlx::PgExecutor;

use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::page::MAX_PAGE_SIZE;
use crate::schema::agent::WebhookExecutions as Col;
use crate::{Error, Result};

repository! {
    /// Repository of `agent.webhook_executions`.
    WebhookExecutions for Col {
        id: WebhookExecutionId,
        row: WebhookExecution,
        global_id: false,
        insert: WebhookExecutionInsertForm {
            required: [client_id, webhook_url, status],
            optional: [payload, response, executed_at],
        },
        update: WebhookExecutionUpdateForm {
            client_id, webhook_url, payload, response, status, executed_at,
        },
        filter: WebhookExecutionFilter,
        sort: WebhookExecutionSort,
    }
}

sort_keys! {
    /// What a webhook log can be ordered by.
    WebhookExecutionSort for Col {
        /// When the call was made.
        ExecutedAt => (ExecutedAt, "timestamptz"),
    }
}

/// Which webhook executions to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebhookExecutionFilter {
    /// Only this client's calls.
    pub client_id: Option<String>,
    /// Only these outcomes.
    pub statuses: Option<Vec<WebhookStatus>>,
    /// Made at or after this instant.
    pub executed_from: Option<DateTime<Utc>>,
    /// Made at or before this instant.
    pub executed_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the URL.
    pub url_contains: Option<String>,
}

impl ListFilter for WebhookExecutionFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::ClientId, self.client_id.as_ref())?
            .any_of(Col::Status, self.statuses.as_deref())?
            .between(
                Col::ExecutedAt,
                self.executed_from.as_ref(),
                self.executed_to.as_ref(),
            )?
            .search(Col::WebhookUrl, self.url_contains.as_deref())?
            .build())
    }
}

impl WebhookExecutions {
    /// Logs one call; the same as [`WebhookExecutions::insert`].
    pub async fn log<'e>(
        exec: impl PgExecutor<'e>,
        form: &WebhookExecutionInsertForm,
    ) -> Result<WebhookExecution> {
        Self::insert(exec, form).await
    }

    /// The client's latest `limit` calls that did not succeed (`failed` or `timed_out`), newest first.
    pub async fn recent_failures<'e>(
        exec: impl PgExecutor<'e>,
        client_id: &str,
        limit: u32,
    ) -> Result<Vec<WebhookExecution>> {
        if limit == 0 || limit > MAX_PAGE_SIZE {
            return Err(Error::invalid(
                "limit",
                format!("must be 1 to {MAX_PAGE_SIZE}, got {limit}"),
            ));
        }
        let failures: Vec<WebhookStatus> = WebhookStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_failure())
            .collect();
        let stmt = select::<Self>()
            .cond_where(
                Where::new()
                    .eq(Col::ClientId, Some(&client_id.to_owned()))?
                    .any_of(Col::Status, Some(&failures[..]))?
                    .build(),
            )
            .order_by("executed_at", Order::Desc)
            .order_by("id", Order::Desc)
            .limit(u64::from(limit))
            .to_owned();
        crud::fetch_all(exec, &stmt).await
    }
}
