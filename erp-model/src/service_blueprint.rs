//! Rows and forms of `erp.service_blueprints`: end-to-end service journey maps in five layers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{PatternStatus, PersonId, ServiceBlueprintId};

/// A row of `erp.service_blueprints`: how a service is delivered, from the customer's actions to the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ServiceBlueprint {
    /// Database id of the service blueprint.
    pub id: ServiceBlueprintId,
    /// Stable global id of the service blueprint, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the blueprint.
    pub name: String,
    /// What service the blueprint maps.
    pub description: Option<String>,
    /// Layer 1: what the customer does.
    pub customer_actions: Option<String>,
    /// Layer 2: the interactions the customer sees.
    pub frontstage: Option<String>,
    /// Layer 3: the work behind the scenes.
    pub backstage: Option<String>,
    /// Layer 4: the enabling systems and processes.
    pub support_processes: Option<String>,
    /// Layer 5: the artifacts the service produces.
    pub evidence: Option<String>,
    /// Version label of the blueprint.
    pub version: Option<String>,
    /// Lifecycle of the blueprint (default `Draft`).
    pub status: PatternStatus,
    /// Person who owns the blueprint; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.service_blueprints`; a `None` lets the database fill the column
/// (its default, or NULL).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ServiceBlueprintInsertForm {
    /// Name of the blueprint.
    pub name: String,
    /// What service the blueprint maps.
    pub description: Option<String>,
    /// Layer 1: what the customer does.
    pub customer_actions: Option<String>,
    /// Layer 2: the interactions the customer sees.
    pub frontstage: Option<String>,
    /// Layer 3: the work behind the scenes.
    pub backstage: Option<String>,
    /// Layer 4: the enabling systems and processes.
    pub support_processes: Option<String>,
    /// Layer 5: the artifacts the service produces.
    pub evidence: Option<String>,
    /// Version label of the blueprint.
    pub version: Option<String>,
    /// Lifecycle of the blueprint (default `Draft`).
    pub status: Option<PatternStatus>,
    /// Person who owns the blueprint; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl ServiceBlueprintInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// Changes to a row of `erp.service_blueprints`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceBlueprintUpdateForm {
    /// Name of the blueprint.
    pub name: Option<String>,
    /// What service the blueprint maps.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Layer 1: what the customer does.
    #[serde(with = "::serde_with::rust::double_option")]
    pub customer_actions: Option<Option<String>>,
    /// Layer 2: the interactions the customer sees.
    #[serde(with = "::serde_with::rust::double_option")]
    pub frontstage: Option<Option<String>>,
    /// Layer 3: the work behind the scenes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub backstage: Option<Option<String>>,
    /// Layer 4: the enabling systems and processes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub support_processes: Option<Option<String>>,
    /// Layer 5: the artifacts the service produces.
    #[serde(with = "::serde_with::rust::double_option")]
    pub evidence: Option<Option<String>>,
    /// Version label of the blueprint.
    #[serde(with = "::serde_with::rust::double_option")]
    pub version: Option<Option<String>>,
    /// Lifecycle of the blueprint (default `Draft`).
    pub status: Option<PatternStatus>,
    /// Person who owns the blueprint; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// Free-form tags.
    pub tags: Option<Vec<String>>,
}

impl ServiceBlueprintUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
