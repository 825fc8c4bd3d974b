//! KPIs and their measurements: CRUD, filters, one value per KPI per period, and recording a value for
//! the period of the KPI's frequency (an upsert).

use erp_model::{
    FunctionalAreaInsertForm, Kpi, KpiFrequency, KpiInsertForm, KpiMeasurement,
    KpiMeasurementInsertForm, KpiMeasurementUpdateForm, KpiStatus, KpiTargetDirection,
    KpiUpdateForm, OkrInsertForm, VentureInsertForm,
};
use erp_repo::erp::{
    FunctionalAreas, KpiFilter, KpiMeasurementFilter, KpiMeasurementSort, KpiMeasurements, KpiSort,
    Kpis, Okrs, Ventures,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use super::{assert_not_found, date};
use crate::sessions_events::{person, round_trip};

#[tokio::test]
async fn kpi_crud_and_filters() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let area = FunctionalAreas::insert(pool, &FunctionalAreaInsertForm::new("Sales"))
        .await
        .unwrap();
    let okr = Okrs::insert(pool, &OkrInsertForm::new("Grow revenue"))
        .await
        .unwrap();
    let venture = Ventures::insert(pool, &VentureInsertForm::new("Consulting"))
        .await
        .unwrap();
    let owner = person(pool, "Olav").await;
    let form = KpiInsertForm {
        description: Some("monthly recurring revenue".into()),
        functional_area_id: Some(area.id),
        okr_id: Some(okr.id),
        venture_id: Some(venture.id),
        owner_person_id: Some(owner),
        unit: Some("EUR".into()),
        target_value: Some(dec!(20000)),
        ..KpiInsertForm::new("MRR")
    };
    let kpi = Kpis::insert(pool, &form).await.unwrap();
    assert_eq!(
        kpi,
        Kpi {
            id: kpi.id,
            global_id: kpi.global_id,
            name: "MRR".into(),
            description: Some("monthly recurring revenue".into()),
            functional_area_id: Some(area.id),
            okr_id: Some(okr.id),
            venture_id: Some(venture.id),
            owner_person_id: Some(owner),
            unit: Some("EUR".into()),
            target_value: Some(dec!(20000)),
            target_direction: KpiTargetDirection::Increase,
            frequency: KpiFrequency::Monthly,
            status: KpiStatus::Active,
            created_at: kpi.created_at,
            updated_at: kpi.updated_at,
        }
    );
    let churn = Kpis::insert(
        pool,
        &KpiInsertForm {
            target_direction: Some(KpiTargetDirection::Decrease),
            frequency: Some(KpiFrequency::Quarterly),
            status: Some(KpiStatus::Paused),
            ..KpiInsertForm::new("Churn")
        },
    )
    .await
    .unwrap();
    let names = async |filter: KpiFilter| {
        Kpis::list(
            pool,
            &filter,
            SortOrder::asc(KpiSort::Name),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|k| k.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        names(KpiFilter {
            status: Some(vec![KpiStatus::Paused]),
            frequency: Some(KpiFrequency::Quarterly),
            ..Default::default()
        })
        .await,
        ["Churn"]
    );
    for filter in [
        KpiFilter {
            functional_area_id: Some(area.id),
            ..Default::default()
        },
        KpiFilter {
            okr_id: Some(okr.id),
            ..Default::default()
        },
        KpiFilter {
            venture_id: Some(venture.id),
            ..Default::default()
        },
        KpiFilter {
            owner_person_id: Some(owner),
            name_contains: Some("mr".into()),
            ..Default::default()
        },
    ] {
        assert_eq!(names(filter).await, ["MRR"]);
    }
    assert_eq!(names(KpiFilter::default()).await, ["Churn", "MRR"]);
    round_trip::<Kpis>(
        pool,
        churn.id,
        &churn,
        &KpiUpdateForm {
            status: Some(KpiStatus::Retired),
            unit: Some(Some("%".into())),
            ..Default::default()
        },
        |c| Kpi {
            status: KpiStatus::Retired,
            unit: Some("%".into()),
            updated_at: c.updated_at,
            ..churn.clone()
        },
        &KpiFilter {
            status: Some(vec![KpiStatus::Retired]),
            ..Default::default()
        },
        &KpiUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn measurements_one_per_period_and_recorded_by_frequency() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let kpi = |name: &str, frequency| KpiInsertForm {
        frequency: Some(frequency),
        ..KpiInsertForm::new(name)
    };
    let mrr = Kpis::insert(pool, &kpi("MRR", KpiFrequency::Monthly))
        .await
        .unwrap();
    let calls = Kpis::insert(pool, &kpi("Calls", KpiFrequency::Weekly))
        .await
        .unwrap();
    let nps = Kpis::insert(pool, &kpi("NPS", KpiFrequency::Quarterly))
        .await
        .unwrap();
    let revenue = Kpis::insert(pool, &kpi("Revenue", KpiFrequency::Yearly))
        .await
        .unwrap();

    let m = KpiMeasurements::insert(
        pool,
        &KpiMeasurementInsertForm {
            notes: Some("first".into()),
            ..KpiMeasurementInsertForm::new(mrr.id, date("2025-10-01"), dec!(15000))
        },
    )
    .await
    .unwrap();
    assert_eq!(
        m,
        KpiMeasurement {
            id: m.id,
            global_id: m.global_id,
            kpi_id: mrr.id,
            period_start: date("2025-10-01"),
            value: dec!(15000),
            notes: Some("first".into()),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    );
    let dup = KpiMeasurements::insert(
        pool,
        &KpiMeasurementInsertForm::new(mrr.id, date("2025-10-01"), dec!(1)),
    )
    .await;
    assert!(
        matches!(&dup, Err(Error::UniqueViolation { constraint, .. }) if constraint == "kpi_measurements_kpi_id_period_start_key"),
        "{dup:?}"
    );

    // record: the period follows the KPI's frequency; a second value for the period replaces the first.
    let nov = KpiMeasurements::record(pool, mrr.id, date("2025-11-19"), dec!(16500), Some("up"))
        .await
        .unwrap();
    assert_eq!(
        (nov.period_start, nov.value),
        (date("2025-11-01"), dec!(16500))
    );
    let again = KpiMeasurements::record(pool, mrr.id, date("2025-11-30"), dec!(17000), None)
        .await
        .unwrap();
    assert_eq!(
        (
            again.id,
            again.period_start,
            again.value,
            again.notes.as_deref()
        ),
        (nov.id, date("2025-11-01"), dec!(17000), Some("up"))
    );
    // Wednesday 2025-11-19 is in the ISO week starting Monday 2025-11-17.
    let week = KpiMeasurements::record(pool, calls.id, date("2025-11-19"), dec!(12), None)
        .await
        .unwrap();
    assert_eq!(week.period_start, date("2025-11-17"));
    let quarter = KpiMeasurements::record(pool, nps.id, date("2025-11-19"), dec!(42), None)
        .await
        .unwrap();
    assert_eq!(quarter.period_start, date("2025-10-01"));
    let year = KpiMeasurements::record(pool, revenue.id, date("2025-11-19"), dec!(180000), None)
        .await
        .unwrap();
    assert_eq!(year.period_start, date("2025-01-01"));
    assert_not_found(
        KpiMeasurements::record(
            pool,
            erp_model::KpiId(999_999),
            date("2025-11-19"),
            dec!(1),
            None,
        )
        .await,
        "erp.kpis",
    );

    let series = Kpis::series(pool, mrr.id, Some(date("2025-01-01")), None)
        .await
        .unwrap();
    assert_eq!(
        series
            .iter()
            .map(|m| (m.period_start, m.value))
            .collect::<Vec<_>>(),
        [
            (date("2025-10-01"), dec!(15000)),
            (date("2025-11-01"), dec!(17000))
        ]
    );
    let page = KpiMeasurements::list(
        pool,
        &KpiMeasurementFilter {
            period_from: Some(date("2025-10-01")),
            value_from: Some(dec!(40)),
            value_to: Some(dec!(100)),
            ..Default::default()
        },
        SortOrder::desc(KpiMeasurementSort::PeriodStart),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(page.items, vec![quarter.clone()]);
    round_trip::<KpiMeasurements>(
        pool,
        week.id,
        &week,
        &KpiMeasurementUpdateForm {
            value: Some(dec!(14)),
            notes: Some(Some("recount".into())),
            ..Default::default()
        },
        |c| KpiMeasurement {
            value: dec!(14),
            notes: Some("recount".into()),
            updated_at: c.updated_at,
            ..week.clone()
        },
        &KpiMeasurementFilter {
            kpi_id: Some(calls.id),
            ..Default::default()
        },
        &KpiMeasurementUpdateForm::default(),
    )
    .await;
    // Measurements go with their KPI.
    Kpis::delete(pool, mrr.id).await.unwrap();
    assert!(
        Kpis::series(pool, mrr.id, None, None)
            .await
            .unwrap()
            .is_empty()
    );
}
