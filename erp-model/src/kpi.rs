//! Rows and forms of `erp.kpis`: key performance indicators.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    FunctionalAreaId, KpiFrequency, KpiId, KpiStatus, KpiTargetDirection, OkrId, PersonId,
    VentureId,
};

/// A row of `erp.kpis`: a key performance indicator with its target; its values are `erp.kpi_measurements`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Kpi {
    /// Database id of the KPI.
    pub id: KpiId,
    /// Stable global id of the KPI, for references from outside this database.
    pub global_id: Uuid,
    /// Name of the KPI.
    pub name: String,
    /// What is measured and how.
    pub description: Option<String>,
    /// Functional area measured; cleared if the area is deleted.
    pub functional_area_id: Option<FunctionalAreaId>,
    /// OKR the KPI tracks; cleared if the OKR is deleted.
    pub okr_id: Option<OkrId>,
    /// Venture measured; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Person responsible; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Unit of the values, e.g. `EUR` or `%`.
    pub unit: Option<String>,
    /// Target value.
    pub target_value: Option<Decimal>,
    /// Which way is good (default `Increase`).
    pub target_direction: KpiTargetDirection,
    /// How often it is measured (default `Monthly`).
    pub frequency: KpiFrequency,
    /// Lifecycle of the KPI (default `Active`).
    pub status: KpiStatus,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.kpis`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiInsertForm {
    /// Name of the KPI.
    pub name: String,
    /// What is measured and how.
    pub description: Option<String>,
    /// Functional area measured; cleared if the area is deleted.
    pub functional_area_id: Option<FunctionalAreaId>,
    /// OKR the KPI tracks; cleared if the OKR is deleted.
    pub okr_id: Option<OkrId>,
    /// Venture measured; cleared if the venture is deleted.
    pub venture_id: Option<VentureId>,
    /// Person responsible; cleared if that person is deleted.
    pub owner_person_id: Option<PersonId>,
    /// Unit of the values, e.g. `EUR` or `%`.
    pub unit: Option<String>,
    /// Target value.
    pub target_value: Option<Decimal>,
    /// Which way is good (default `Increase`).
    pub target_direction: Option<KpiTargetDirection>,
    /// How often it is measured (default `Monthly`).
    pub frequency: Option<KpiFrequency>,
    /// Lifecycle of the KPI (default `Active`).
    pub status: Option<KpiStatus>,
}

impl KpiInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            functional_area_id: None,
            okr_id: None,
            venture_id: None,
            owner_person_id: None,
            unit: None,
            target_value: None,
            target_direction: None,
            frequency: None,
            status: None,
        }
    }
}

/// Changes to a row of `erp.kpis`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiUpdateForm {
    /// Name of the KPI.
    pub name: Option<String>,
    /// What is measured and how.
    #[serde(with = "::serde_with::rust::double_option")]
    pub description: Option<Option<String>>,
    /// Functional area measured; cleared if the area is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub functional_area_id: Option<Option<FunctionalAreaId>>,
    /// OKR the KPI tracks; cleared if the OKR is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub okr_id: Option<Option<OkrId>>,
    /// Venture measured; cleared if the venture is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub venture_id: Option<Option<VentureId>>,
    /// Person responsible; cleared if that person is deleted.
    #[serde(with = "::serde_with::rust::double_option")]
    pub owner_person_id: Option<Option<PersonId>>,
    /// Unit of the values, e.g. `EUR` or `%`.
    #[serde(with = "::serde_with::rust::double_option")]
    pub unit: Option<Option<String>>,
    /// Target value.
    #[serde(with = "::serde_with::rust::double_option")]
    pub target_value: Option<Option<Decimal>>,
    /// Which way is good (default `Increase`).
    pub target_direction: Option<KpiTargetDirection>,
    /// How often it is measured (default `Monthly`).
    pub frequency: Option<KpiFrequency>,
    /// Lifecycle of the KPI (default `Active`).
    pub status: Option<KpiStatus>,
}

impl KpiUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
