//! `erp.kpis`: the key performance indicators the business measures, each owned by a functional area and
//! optionally serving an OKR or a venture; their values per period are in `erp.kpi_measurements`.

use chrono::{DateTime, NaiveDate, Utc};
use erp_model::{
    FunctionalAreaId, Kpi, KpiFrequency, KpiId, KpiInsertForm, KpiMeasurement, KpiStatus,
    KpiUpdateForm, OkrId, PersonId, VentureId,
};
use sea_query::{Condition, Order};
use sqlx::PgExecutor;

use crate::Result;
use crate::crud::{self, select};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Kpis as Col;

repository! {
    /// Repository of `erp.kpis`.
    Kpis for Col {
        id: KpiId,
        row: Kpi,
        global_id: true,
        insert: KpiInsertForm {
            required: [name],
            optional: [description, functional_area_id, okr_id, venture_id, owner_person_id, unit,
                       target_value, target_direction, frequency, status],
        },
        update: KpiUpdateForm {
            name, description, functional_area_id, okr_id, venture_id, owner_person_id, unit,
            target_value, target_direction, frequency, status,
        },
        filter: KpiFilter,
        sort: KpiSort,
    }
}

sort_keys! {
    /// What a KPI list can be ordered by.
    KpiSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which KPIs to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiFilter {
    /// Only these statuses.
    pub status: Option<Vec<KpiStatus>>,
    /// Only KPIs measured this often.
    pub frequency: Option<KpiFrequency>,
    /// Only KPIs of this functional area.
    pub functional_area_id: Option<FunctionalAreaId>,
    /// Only KPIs serving this OKR.
    pub okr_id: Option<OkrId>,
    /// Only KPIs of this venture.
    pub venture_id: Option<VentureId>,
    /// Only KPIs owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for KpiFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::Frequency, self.frequency.as_ref())?
            .eq(Col::FunctionalAreaId, self.functional_area_id.as_ref())?
            .eq(Col::OkrId, self.okr_id.as_ref())?
            .eq(Col::VentureId, self.venture_id.as_ref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

impl Kpis {
    /// The KPI's measurements whose period starts between `from` and `to` (each bound optional),
    /// oldest period first: its time series.
    pub async fn series<'e>(
        exec: impl PgExecutor<'e>,
        id: KpiId,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<KpiMeasurement>> {
        use crate::schema::erp::KpiMeasurements as M;
        let mut stmt = select::<super::KpiMeasurements>();
        stmt.cond_where(
            Where::new()
                .eq(M::KpiId, Some(&id))?
                .between(M::PeriodStart, from.as_ref(), to.as_ref())?
                .build(),
        )
        .order_by(M::PeriodStart, Order::Asc);
        crud::fetch_all(exec, &stmt).await
    }
}
