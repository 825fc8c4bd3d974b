//! `erp.kpi_measurements`: one measured value per KPI per period, the period starting on the first day
//! of the KPI's frequency (ISO week, month, quarter or year).

use chrono::NaiveDate;
use erp_model::{
    KpiFrequency, KpiId, KpiMeasurement, KpiMeasurementId, KpiMeasurementInsertForm,
    KpiMeasurementUpdateForm,
};
use rust_decimal::Decimal;
use sea_query::{Alias, Condition, Expr, ExprTrait, IdenStatic, OnConflict, Query};
use sqlx::PgExecutor;

use crate::crud::{self, field};
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::Table as _;
use crate::schema::erp::{KpiMeasurements as Col, Kpis as K};
use crate::{Error, Result};

repository! {
    /// Repository of `erp.kpi_measurements`.
    KpiMeasurements for Col {
        id: KpiMeasurementId,
        row: KpiMeasurement,
        global_id: true,
        insert: KpiMeasurementInsertForm {
            required: [kpi_id, period_start, value],
            optional: [notes],
        },
        update: KpiMeasurementUpdateForm { kpi_id, period_start, value, notes },
        filter: KpiMeasurementFilter,
        sort: KpiMeasurementSort,
    }
}

sort_keys! {
    /// What a KPI measurement list can be ordered by.
    KpiMeasurementSort for Col {
        /// First day of the measured period.
        PeriodStart => (PeriodStart, "date"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which KPI measurements to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiMeasurementFilter {
    /// Only measurements of this KPI.
    pub kpi_id: Option<KpiId>,
    /// Periods starting on or after this day.
    pub period_from: Option<NaiveDate>,
    /// Periods starting on or before this day.
    pub period_to: Option<NaiveDate>,
    /// Value at least this.
    pub value_from: Option<Decimal>,
    /// Value at most this.
    pub value_to: Option<Decimal>,
}

impl ListFilter for KpiMeasurementFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .eq(Col::KpiId, self.kpi_id.as_ref())?
            .between(
                Col::PeriodStart,
                self.period_from.as_ref(),
                self.period_to.as_ref(),
            )?
            .between(Col::Value, self.value_from.as_ref(), self.value_to.as_ref())?
            .build())
    }
}

impl KpiMeasurements {
    /// Records the KPI's value for the period containing `day`, in one statement: the period starts on
    /// the first day of the KPI's frequency (the ISO week's Monday, the month's, quarter's or year's
    /// first day), and a value already stored for that period is replaced (its notes are kept when
    /// `notes` is `None`). [`Error::NotFound`] naming `erp.kpis` when there is no such KPI.
    pub async fn record<'e>(
        exec: impl PgExecutor<'e>,
        kpi: KpiId,
        day: NaiveDate,
        value: Decimal,
        notes: Option<&str>,
    ) -> Result<KpiMeasurement> {
        let k = Alias::new("k");
        let frequency = |f: KpiFrequency| -> Result<Expr> {
            Ok(Expr::col((k.clone(), K::Frequency)).eq(field(K::Frequency.as_str(), &f)?))
        };
        let unit = Expr::case(frequency(KpiFrequency::Weekly)?, "week")
            .case(frequency(KpiFrequency::Monthly)?, "month")
            .case(frequency(KpiFrequency::Quarterly)?, "quarter")
            .finally("year");
        let period = Expr::cust_with_exprs(
            "date_trunc($1, CAST($2 AS timestamp))::date",
            [
                Expr::Case(Box::new(unit)),
                field(Col::PeriodStart.as_str(), &day)?,
            ],
        );
        let source = Query::select()
            .expr(Expr::col((k.clone(), K::Id)))
            .expr(period)
            .expr(field(Col::Value.as_str(), &value)?)
            .expr(field(Col::Notes.as_str(), &notes.map(str::to_owned))?)
            .from_as(K::table(), k.clone())
            .and_where(Expr::col((k, K::Id)).eq(field(K::Id.as_str(), &kpi)?))
            .to_owned();
        let stmt = Query::insert()
            .into_table(Col::table())
            .columns([Col::KpiId, Col::PeriodStart, Col::Value, Col::Notes])
            .select_from(source)
            .map_err(|e| Error::invalid(Self::TABLE, e.to_string()))?
            .on_conflict(
                OnConflict::columns([Col::KpiId, Col::PeriodStart])
                    .update_column(Col::Value)
                    .value(
                        Col::Notes,
                        Expr::cust_with_exprs(
                            "coalesce($1, $2)",
                            [
                                Expr::col((Alias::new("excluded"), Col::Notes)),
                                Expr::col((Col::Table, Col::Notes)),
                            ],
                        ),
                    )
                    .to_owned(),
            )
            .returning_all()
            .to_owned();
        crud::fetch_optional(exec, &stmt)
            .await?
            .ok_or_else(|| Error::NotFound {
                table: K::QUALIFIED,
                id: kpi.to_string(),
            })
    }
}
