//! `agent.prompt_templates`: one version of a named prompt template (Coda's Prompt Library).

use crate::{PromptTemplateId, PromptTemplateType};
use chrono::{DateTime, Utc};
use erp_model::{PatternStatus, TopicId};

/// A row of `agent.prompt_templates`: one version of a named prompt template.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct PromptTemplate {
    /// Database id.
    pub id: PromptTemplateId,
    /// Name, shared by all versions.
    pub template_name: String,
    /// Role of the prompt (default `system`).
    pub template_type: PromptTemplateType,
    /// The template text.
    pub content: String,
    /// Version from 1 (default 1); unique per name.
    pub version: i32,
    /// Variables the template uses (JSON, default `[]`).
    pub variables: serde_json::Value,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: serde_json::Value,
    /// What the prompt is for (Coda's Prompt Library).
    pub purpose: Option<String>,
    /// Lifecycle of the prompt, in the Coda pattern labels (default `Active`).
    pub status: PatternStatus,
    /// Topic the prompt is filed under (`erp.topics`); cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// Model the prompt was written and tested for, e.g. `gpt-4o`.
    pub target_model: Option<String>,
    /// Free-form tags (default empty).
    pub tags: Vec<String>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (set by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// A new row of `agent.prompt_templates`: the database fills the id, timestamps and computed columns;
/// `None` lets it apply the column's default (or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct PromptTemplateInsertForm {
    /// Name, shared by all versions.
    pub template_name: String,
    /// Role of the prompt (default `system`).
    pub template_type: Option<PromptTemplateType>,
    /// The template text.
    pub content: String,
    /// Version from 1 (default 1); unique per name.
    pub version: Option<i32>,
    /// Variables the template uses (JSON, default `[]`).
    pub variables: Option<serde_json::Value>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
    /// What the prompt is for (Coda's Prompt Library).
    pub purpose: Option<String>,
    /// Lifecycle of the prompt, in the Coda pattern labels (default `Active`).
    pub status: Option<PatternStatus>,
    /// Topic the prompt is filed under (`erp.topics`); cleared if the topic is deleted.
    pub topic_id: Option<TopicId>,
    /// Model the prompt was written and tested for, e.g. `gpt-4o`.
    pub target_model: Option<String>,
    /// Free-form tags (default empty).
    pub tags: Option<Vec<String>>,
}

impl PromptTemplateInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(template_name: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            template_name: template_name.into(),
            template_type: None,
            content: content.into(),
            version: None,
            variables: None,
            metadata: None,
            purpose: None,
            status: None,
            topic_id: None,
            target_model: None,
            tags: None,
        }
    }
}

/// A change to a row of `agent.prompt_templates`: `None` leaves a column alone, `Some(None)` clears a nullable one.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PromptTemplateUpdateForm {
    /// Name, shared by all versions.
    pub template_name: Option<String>,
    /// Role of the prompt (default `system`).
    pub template_type: Option<PromptTemplateType>,
    /// The template text.
    pub content: Option<String>,
    /// Version from 1 (default 1); unique per name.
    pub version: Option<i32>,
    /// Variables the template uses (JSON, default `[]`).
    pub variables: Option<serde_json::Value>,
    /// Free-form extra data (JSON object, default `{}`).
    pub metadata: Option<serde_json::Value>,
    /// What the prompt is for (Coda's Prompt Library).
    #[serde(with = "::serde_with::rust::double_option")]
    pub purpose: Option<Option<String>>,
    /// Lifecycle of the prompt, in the Coda pattern labels (default `Active`).
    pub status: Option<PatternStatus>,
    /// Topic the prompt is filed under (`erp.topics`); cleared if the topic is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub topic_id: Option<Option<TopicId>>,
    /// Model the prompt was written and tested for, e.g. `gpt-4o`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub target_model: Option<Option<String>>,
    /// Free-form tags (default empty).
    pub tags: Option<Vec<String>>,
}

impl PromptTemplateUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
