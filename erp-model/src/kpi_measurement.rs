//! Rows and forms of `erp.kpi_measurements`: the measured values of KPIs, one per KPI per period.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{KpiId, KpiMeasurementId};

/// A row of `erp.kpi_measurements`: a KPI's value for one period; `(kpi_id, period_start)` is unique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct KpiMeasurement {
    /// Database id of the measurement.
    pub id: KpiMeasurementId,
    /// Stable global id of the measurement, for references from outside this database.
    pub global_id: Uuid,
    /// KPI measured; the measurement is deleted with it.
    pub kpi_id: KpiId,
    /// First day of the measured period.
    pub period_start: NaiveDate,
    /// Measured value.
    pub value: Decimal,
    /// Free-form notes.
    pub notes: Option<String>,
    /// When the row was inserted.
    pub created_at: DateTime<Utc>,
    /// When the row was last changed (kept current by a trigger).
    pub updated_at: DateTime<Utc>,
}

/// What a caller sets to insert a row of `erp.kpi_measurements`; a `None` lets the database fill the column
/// (its default, or NULL). Build it with [`new`](Self::new) and struct update syntax.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiMeasurementInsertForm {
    /// KPI measured; the measurement is deleted with it.
    pub kpi_id: KpiId,
    /// First day of the measured period.
    pub period_start: NaiveDate,
    /// Measured value.
    pub value: Decimal,
    /// Free-form notes.
    pub notes: Option<String>,
}

impl KpiMeasurementInsertForm {
    /// A form with the required columns set and every other column left to the database.
    pub fn new(kpi_id: KpiId, period_start: NaiveDate, value: Decimal) -> Self {
        Self {
            kpi_id,
            period_start,
            value,
            notes: None,
        }
    }
}

/// Changes to a row of `erp.kpi_measurements`: `None` leaves a column as it is, `Some(value)` sets it, and for a
/// nullable column `Some(None)` clears it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiMeasurementUpdateForm {
    /// KPI measured; the measurement is deleted with it.
    pub kpi_id: Option<KpiId>,
    /// First day of the measured period.
    pub period_start: Option<NaiveDate>,
    /// Measured value.
    pub value: Option<Decimal>,
    /// Free-form notes.
    #[serde(with = "::serde_with::rust::double_option")]
    pub notes: Option<Option<String>>,
}

impl KpiMeasurementUpdateForm {
    /// Whether the form changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
