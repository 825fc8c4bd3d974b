//! Each example's `run`, as its `main` calls it, against a fresh migrated database, so the examples
//! cannot rot: the reports must hold the figures the README and the example docs promise.

use agent_model::SubjectType;
use chrono::{NaiveDate, TimeZone, Utc};
use erp_examples::{Source, analytics, connect_to, memory_gateway, planner_api, quickstart};
use erp_model::IsoWeek;
use erp_repo::agent::{Facts, PlanFilter, Plans, SchedulerRuns};
use erp_repo::erp::{ExecutionRunFilter, ExecutionRuns, Sprints};
use erp_repo::{Db, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal::Decimal;

async fn fresh() -> (TestDb, Db) {
    let test_db = TestDb::new().await.expect("a fresh database");
    let db = Db::new(test_db.pool().clone());
    (test_db, db)
}

fn text(out: Vec<u8>) -> String {
    String::from_utf8(out).expect("the reports are UTF-8")
}

/// The first line containing `needle`.
fn line_with<'a>(report: &'a str, needle: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{report}"))
}

/// A table row's cells: the text between runs of two or more spaces.
fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

fn tuesday_2025_w50() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 9).unwrap()
}

#[tokio::test]
async fn quickstart_prints_this_weeks_board_and_the_workflow_table() {
    let (_test_db, db) = fresh().await;
    let mut out = Vec::new();
    quickstart::run(&db, &mut out).await.unwrap();
    let report = text(out);

    let week = IsoWeek::of(Utc::now().date_naive());
    let header = line_with(&report, &format!("Sprint {}", week.name()));
    assert!(header.contains(&week.start().to_string()), "{header}");
    assert!(header.contains(&week.end().to_string()), "{header}");
    assert!(report.contains("Kick-off call with Northwind"), "{report}");
    let load = line_with(&report, "Load:");
    assert!(load.contains("10.00 h of 30.00 h (33 %)"), "{load}");
    assert!(load.contains("5 tasks"), "{load}");

    assert_eq!(
        cells(line_with(&report, "Onboard a new client  ")),
        ["Onboard a new client", "4.00", "5", "4.60", "+15.00 %"]
    );
    assert_eq!(
        cells(line_with(&report, "Invoice and payment follow-up")),
        [
            "Invoice and payment follow-up",
            "1.00",
            "3",
            "0.85",
            "-15.00 %"
        ]
    );
}

#[tokio::test]
async fn quickstart_for_a_given_week_and_again_adds_nothing_twice() {
    let (_test_db, db) = fresh().await;
    let mut first = Vec::new();
    quickstart::run_for(&db, tuesday_2025_w50(), &mut first)
        .await
        .unwrap();
    let first = text(first);
    assert!(
        first.contains("Sprint 2025-W50 · Mon 2025-12-08 – Sun 2025-12-14 · Planned"),
        "{first}"
    );
    assert!(
        first.contains("Mon  2025-12-08  Kick-off call with Northwind"),
        "{first}"
    );
    assert!(
        first.contains("Fri  2025-12-12  Handover and training session"),
        "{first}"
    );
    assert!(
        line_with(&first, "Next week, 2025-W51").contains("(1 without estimate)"),
        "{first}"
    );
    assert!(
        first.contains("12 execution runs (12 new, 0 already logged)"),
        "{first}"
    );

    let mut again = Vec::new();
    quickstart::run_for(&db, tuesday_2025_w50(), &mut again)
        .await
        .unwrap();
    let again = text(again);
    assert!(
        again.contains("12 execution runs (0 new, 12 already logged)"),
        "{again}"
    );
    // The same board and the same table: nothing was added twice.
    let board = |r: &str| r[r.find("Sprint 2025-W50").unwrap()..].to_owned();
    assert_eq!(board(&first), board(&again));
}

#[tokio::test]
async fn planner_api_plans_a_workflow_into_tasks_and_sprints() {
    let (_test_db, db) = fresh().await;
    let mut out = Vec::new();
    planner_api::run_for(&db, tuesday_2025_w50(), &mut out)
        .await
        .unwrap();
    let report = text(out);

    assert!(report.contains("Onboard a new client"), "{report}");
    assert!(
        report.contains("Planning \"Onboard a new client for Contoso\" (template: Onboarding checklist (SaaS client))"),
        "{report}"
    );
    assert!(
        report.contains("plan #1 (scheduled), SOP of 4 steps, 4.00 h"),
        "{report}"
    );
    // One working day per step from the Wednesday after: W51 Wed-Fri, then Monday of W52.
    assert_eq!(
        cells(line_with(&report, "Kick-off call  ")),
        [
            "1",
            "Kick-off call",
            "Wed 2025-12-17",
            "09:00–10:00",
            "1.00",
            "#11",
            "2025-W51"
        ]
    );
    assert_eq!(
        cells(line_with(&report, "Handover and training  "))[2..4],
        ["Mon 2025-12-22", "09:00–10:00"]
    );
    // W51 already held the sample's 5.00 h (3 tasks); the plan adds 3.00 h. W52 gets 1.00 h.
    let w51 = line_with(&report, "2025-W51  2025-12-15");
    assert_eq!(
        cells(w51)[..7],
        [
            "2025-W51",
            "2025-12-15",
            "2025-12-21",
            "6",
            "8.00",
            "30.00",
            "22.00"
        ]
    );
    let w52 = line_with(&report, "2025-W52  2025-12-22");
    assert_eq!(
        cells(w52)[..7],
        [
            "2025-W52",
            "2025-12-22",
            "2025-12-28",
            "1",
            "1.00",
            "30.00",
            "29.00"
        ]
    );

    // What the planner stored: one plan, one scheduler run with a block per task, both sprints.
    let plans = Plans::list(
        db.pool(),
        &PlanFilter::default(),
        SortOrder::default(),
        &PageRequest::first(10),
    )
    .await
    .unwrap()
    .items;
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].sop.steps.len(), 4);
    assert_eq!(plans[0].sop.estimated_hours(), Decimal::from(4));
    let runs = SchedulerRuns::of_plan(db.pool(), plans[0].id)
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].schedule_blocks.len(), 4);
    assert!(runs[0].schedule_blocks.iter().all(|b| b.task_id.is_some()));
    for week in ["2025-W51", "2025-W52"] {
        let week = week.parse().unwrap();
        assert!(Sprints::of_week(db.pool(), week).await.unwrap().is_some());
    }

    // Asked again, the planner finds its plan instead of planning the work twice.
    let mut again = Vec::new();
    planner_api::run_for(&db, tuesday_2025_w50(), &mut again)
        .await
        .unwrap();
    let again = text(again);
    assert!(again.contains("already planned as plan #1"), "{again}");
    assert_eq!(line_with(&again, "2025-W51  2025-12-15"), w51);
}

#[tokio::test]
async fn memory_gateway_logs_a_run_once_and_never_shows_an_expired_memory() {
    let (_test_db, db) = fresh().await;
    let mut out = Vec::new();
    memory_gateway::run(&db, &mut out).await.unwrap();
    let report = text(out);

    assert!(
        line_with(&report, "send 1:").contains("stored, 0.67 h"),
        "{report}"
    );
    assert!(
        line_with(&report, "send 2:").contains("duplicate of run #1, nothing written"),
        "{report}"
    );
    assert!(
        report.contains("rows for this session after two sends: 1"),
        "{report}"
    );
    assert!(
        report.contains(
            "batch of 3: 2 inserted, 1 skipped as already logged; rows for this session: 3"
        ),
        "{report}"
    );
    let runs = ExecutionRuns::list(
        db.pool(),
        &ExecutionRunFilter::default(),
        SortOrder::default(),
        &PageRequest::first(10),
    )
    .await
    .unwrap()
    .items;
    assert_eq!(runs.len(), 3);

    assert!(
        line_with(&report, "Office closed").contains("(expired)"),
        "{report}"
    );
    assert!(report.contains("live memories: 4"), "{report}");
    assert!(
        report.contains("not found: expired entries are never read"),
        "{report}"
    );
    assert!(
        line_with(
            &report,
            "Prefers the weekly status report on Fridays before noon"
        )
        .contains("new"),
        "{report}"
    );
    assert!(report.contains("duplicate, kept the first"), "{report}");

    assert!(
        report.contains("facts about northwind valid now: 3"),
        "{report}"
    );
    let facts = Facts::valid_at(db.pool(), SubjectType::Client, "northwind", Utc::now())
        .await
        .unwrap();
    assert_eq!(facts.len(), 3);
    assert!(facts.iter().all(|f| f.source_event_id.is_some()));

    // The recall ranks the Friday preference first, and the expired memory is nowhere in the context.
    let context = &report[report.find("Context for").unwrap()..];
    let first = line_with(context, "     1  ");
    assert!(
        first.contains("Prefers the weekly status report"),
        "{context}"
    );
    assert!(!context.contains("Office closed"), "{context}");
    assert!(
        context.contains("report_day = Friday, before noon"),
        "{context}"
    );
    assert!(report.contains("completed after"), "{report}");
}

#[test]
fn synthetic_embeddings_are_deterministic_and_find_shared_words() {
    let a = memory_gateway::synthetic_embedding("weekly status report");
    assert_eq!(
        a,
        memory_gateway::synthetic_embedding("weekly status report")
    );
    let near = memory_gateway::synthetic_embedding("Status reports, weekly, on Fridays");
    let far = memory_gateway::synthetic_embedding("Migrating their CRM this month");
    assert!(a.cosine(&near) > 0.5, "{}", a.cosine(&near));
    assert!(a.cosine(&far).abs() < 0.2, "{}", a.cosine(&far));
    assert!((a.norm() - 1.0).abs() < 1e-5);
}

#[tokio::test]
async fn analytics_sorts_workflows_by_drift_over_90_days() {
    let (_test_db, db) = fresh().await;
    let now = Utc.with_ymd_and_hms(2025, 12, 9, 12, 0, 0).unwrap();
    let mut out = Vec::new();
    analytics::run_as_of(&db, now, &mut out).await.unwrap();
    let report = text(out);

    assert!(
        report.contains("last 90 days (runs since 2025-09-10)"),
        "{report}"
    );
    let drift = &report[..report.find("Runs against").unwrap()];
    let position = |name: &str| {
        drift
            .find(name)
            .unwrap_or_else(|| panic!("{name}: {drift}"))
    };
    assert!(position("Monthly performance report") < position("Onboard a new client"));
    assert!(position("Onboard a new client") < position("Invoice and payment follow-up"));
    // The run five months ago is outside the window: +50 % in it, +112.5 % over all time.
    assert_eq!(
        cells(line_with(drift, "Monthly performance report")),
        [
            "Monthly performance report",
            "2.00",
            "3",
            "3.00",
            "+50.00 %",
            "▲ over",
            "+112.50 %"
        ]
    );
    assert_eq!(
        cells(line_with(drift, "Onboard a new client")),
        [
            "Onboard a new client",
            "4.00",
            "5",
            "4.60",
            "+15.00 %",
            "▲ over",
            "+15.00 %"
        ]
    );

    let runs = &report[report.find("Runs against").unwrap()..];
    let first_onboarding = cells(line_with(runs, "Client onboarding sessions"));
    assert_eq!(
        first_onboarding[1..],
        [
            "2025-11-03",
            "Onboard a new client",
            "Client onboarding sessions",
            "3.00",
            "4.00",
            "-1.00",
            "-25.00 %"
        ]
    );
    assert!(line_with(runs, "(no task)").contains("—"), "{runs}");
    assert!(
        runs.contains("11 runs in the window: 8 against a task estimate (mean variance +28.13 %), 3 without one"),
        "{runs}"
    );
}

#[tokio::test]
async fn analytics_as_of_now_reads_the_same_sample() {
    let (_test_db, db) = fresh().await;
    let mut out = Vec::new();
    analytics::run(&db, &mut out).await.unwrap();
    let report = text(out);
    assert!(
        line_with(&report, "Onboard a new client").contains("+15.00 %"),
        "{report}"
    );
    assert!(report.contains("11 runs in the window"), "{report}");
}

#[tokio::test]
async fn all_examples_share_one_database_and_run_twice() {
    let (_test_db, db) = fresh().await;
    for _ in 0..2 {
        let mut out = Vec::new();
        quickstart::run(&db, &mut out).await.unwrap();
        planner_api::run(&db, &mut out).await.unwrap();
        memory_gateway::run(&db, &mut out).await.unwrap();
        analytics::run(&db, &mut out).await.unwrap();
        let report = text(out);
        assert!(line_with(&report, "Onboard a new client  ").contains("+15.00 %"));
    }
}

#[tokio::test]
async fn without_a_url_the_examples_bring_up_a_throwaway_database() {
    let connection = connect_to(None).await.unwrap();
    assert!(matches!(connection.source(), Source::Throwaway(_)));
    assert!(connection.migrated_now().is_empty());
    let mut out = Vec::new();
    quickstart::run(connection.db(), &mut out).await.unwrap();
    let report = text(out);
    assert!(
        line_with(&report, "Schema:").contains("migrations applied (0 just now)"),
        "{report}"
    );
}

#[tokio::test]
async fn with_a_url_the_examples_migrate_that_database_first() {
    // An empty database stands in for the server DATABASE_URL names.
    let empty = TestDb::new_unmigrated().await.unwrap();
    let connection = connect_to(Some(empty.url())).await.unwrap();
    assert!(matches!(connection.source(), Source::DatabaseUrl(_)));
    assert!(!connection.migrated_now().is_empty());
    let mut out = Vec::new();
    quickstart::run(connection.db(), &mut out).await.unwrap();
    let report = text(out);
    assert!(
        line_with(&report, "Onboard a new client  ").contains("+15.00 %"),
        "{report}"
    );

    // Connecting again finds nothing left to apply.
    let again = connect_to(Some(empty.url())).await.unwrap();
    assert!(again.migrated_now().is_empty());
}
