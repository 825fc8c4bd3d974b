//! Sprints: CRUD, the seed's validation case 2 (auto-population and moving on reschedule),
//! ensure-for-date under concurrency, year ends, and load against capacity.

use erp_model::{
    IsoWeek, Sprint, SprintInsertForm, SprintStatus, SprintUpdateForm, TaskId, TaskInsertForm,
    TaskStatus,
};
use erp_repo::erp::{SprintFilter, SprintSort, Sprints, Tasks};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::common::{assert_visited_once_in_order, date, walk};

fn week(name: &str) -> IsoWeek {
    name.parse().unwrap()
}

async fn sprint_task_ids(pool: &sqlx::PgPool, sprint: &Sprint) -> Vec<TaskId> {
    Sprints::tasks(pool, sprint.id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.task_id)
        .collect()
}

#[tokio::test]
async fn sprint_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = SprintInsertForm {
        capacity_hours: Some(dec!(32.5)),
        ..SprintInsertForm::for_week(week("2025-W50"))
    };
    let sprint = Sprints::insert(pool, &form).await.unwrap();
    assert_eq!(
        sprint,
        Sprint {
            id: sprint.id,
            global_id: sprint.global_id,
            name: "2025-W50".into(),
            start_date: date("2025-12-08"),
            end_date: date("2025-12-14"),
            capacity_hours: Some(dec!(32.5)),
            status: SprintStatus::Planned,
            created_at: sprint.created_at,
            updated_at: sprint.updated_at,
        }
    );
    assert_eq!(sprint.week(), Some(week("2025-W50")));
    assert_eq!(Sprints::get(pool, sprint.id).await.unwrap(), sprint);
    assert_eq!(
        Sprints::get_by_global_id(pool, sprint.global_id)
            .await
            .unwrap(),
        sprint
    );
    let changed = Sprints::update(
        pool,
        sprint.id,
        &SprintUpdateForm {
            status: Some(SprintStatus::Active),
            capacity_hours: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Sprint {
            status: SprintStatus::Active,
            capacity_hours: None,
            updated_at: changed.updated_at,
            ..sprint.clone()
        }
    );
    let active = Sprints::list(
        pool,
        &SprintFilter {
            status: Some(vec![SprintStatus::Active]),
            contains_date: Some(date("2025-12-14")),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(active.items, vec![changed]);
    Sprints::delete(pool, sprint.id).await.unwrap();
    assert!(matches!(
        Sprints::get(pool, sprint.id).await,
        Err(Error::NotFound {
            table: "erp.sprints",
            ..
        })
    ));
}

#[tokio::test]
async fn sprint_filters_pages_and_errors() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut weeks = Vec::new();
    let mut w = week("2025-W48");
    for _ in 0..8 {
        weeks.push(
            Sprints::insert(pool, &SprintInsertForm::for_week(w))
                .await
                .unwrap(),
        );
        w = w.next();
    }
    let names = async |filter: SprintFilter| {
        Sprints::list(
            pool,
            &filter,
            SortOrder::asc(SprintSort::StartDate),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| s.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        names(SprintFilter {
            start_from: Some(date("2025-12-08")),
            end_to: Some(date("2025-12-28")),
            ..Default::default()
        })
        .await,
        ["2025-W50", "2025-W51", "2025-W52"]
    );
    assert_eq!(
        names(SprintFilter {
            contains_date: Some(date("2026-01-01")),
            ..Default::default()
        })
        .await,
        ["2026-W01"]
    );
    assert_eq!(
        names(SprintFilter {
            name_contains: Some("2026-w".into()),
            ..Default::default()
        })
        .await,
        ["2026-W01", "2026-W02", "2026-W03"]
    );
    let newest_first: Vec<i64> = weeks.iter().rev().map(|s| s.id.0).collect();
    let seen = walk::<Sprints>(
        pool,
        &SprintFilter::default(),
        SortOrder::desc(SprintSort::StartDate),
        3,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &newest_first);

    let err = Sprints::insert(pool, &SprintInsertForm::for_week(week("2025-W50")))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "sprints_name_key"),
        "{err}"
    );
    let err = Sprints::insert(
        pool,
        &SprintInsertForm::new("backwards", date("2025-12-14"), date("2025-12-08")),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { constraint, column: Some(c), .. }
            if constraint == "sprints_end_date_check" && c == "end_date"),
        "{err}"
    );
    let err = Sprints::update(
        pool,
        weeks[0].id,
        &SprintUpdateForm {
            capacity_hours: Some(Some(dec!(-1))),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "capacity_hours"),
        "{err}"
    );
    let err = Sprints::tasks_page(pool, weeks[0].id, &PageRequest::first(0))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "limit"),
        "{err}"
    );
}

/// Seed 001, validation case 2: sprint auto-population, and a rescheduled task moving sprint.
#[tokio::test]
async fn seed_case_2_sprint_auto_population_and_move_on_reschedule() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let w50 = Sprints::insert(pool, &SprintInsertForm::for_week(week("2025-W50")))
        .await
        .unwrap();
    assert_eq!(
        (w50.name.as_str(), w50.start_date, w50.end_date),
        ("2025-W50", date("2025-12-08"), date("2025-12-14"))
    );
    let task = Tasks::insert(
        pool,
        &TaskInsertForm {
            scheduled_start_date: Some(date("2025-12-09")),
            estimated_hours: Some(dec!(3)),
            ..TaskInsertForm::new("Client kickoff")
        },
    )
    .await
    .unwrap();
    let in_w50 = Sprints::tasks(pool, w50.id).await.unwrap();
    assert_eq!(in_w50.len(), 1);
    assert_eq!(
        (
            in_w50[0].task_id,
            in_w50[0].sprint_name.as_str(),
            in_w50[0].title.as_str()
        ),
        (task.id, "2025-W50", "Client kickoff")
    );
    assert_eq!(
        Sprints::of_date(pool, date("2025-12-09")).await.unwrap(),
        Some(w50.clone())
    );

    // Rescheduling ensures the new week's sprint in the same transaction.
    assert_eq!(
        Sprints::of_date(pool, date("2025-12-16")).await.unwrap(),
        None
    );
    let moved = Tasks::reschedule(pool, task.id, date("2025-12-16"), None)
        .await
        .unwrap();
    assert!(Sprints::tasks(pool, w50.id).await.unwrap().is_empty());
    let w51 = Sprints::ensure_for(pool, date("2025-12-16")).await.unwrap();
    assert_eq!(moved.sprint.as_ref(), Some(&w51));
    assert_eq!(
        (w51.name.as_str(), w51.start_date, w51.end_date),
        ("2025-W51", date("2025-12-15"), date("2025-12-21"))
    );
    assert_eq!(sprint_task_ids(pool, &w51).await, [task.id]);

    // And back: the task follows its start date, nothing else.
    Tasks::reschedule(pool, task.id, date("2025-12-14"), Some(date("2025-12-15")))
        .await
        .unwrap();
    assert_eq!(sprint_task_ids(pool, &w50).await, [task.id]);
    assert!(sprint_task_ids(pool, &w51).await.is_empty());
}

#[tokio::test]
async fn ensure_for_is_idempotent_and_keeps_an_existing_sprint() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let first = Sprints::ensure_for_with_capacity(pool, date("2025-12-10"), dec!(30))
        .await
        .unwrap();
    assert_eq!(
        (first.name.as_str(), first.capacity_hours),
        ("2025-W50", Some(dec!(30)))
    );
    // Any day of the week finds the same sprint, and an existing sprint keeps its capacity.
    for day in ["2025-12-08", "2025-12-12", "2025-12-14"] {
        assert_eq!(
            Sprints::ensure_for_with_capacity(pool, date(day), dec!(99))
                .await
                .unwrap(),
            first
        );
    }
    assert_eq!(
        Sprints::ensure_for(pool, date("2025-12-09")).await.unwrap(),
        first
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.sprints")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(
        Sprints::of_week(pool, week("2025-W50")).await.unwrap(),
        Some(first)
    );
    assert_eq!(
        Sprints::of_week(pool, week("2025-W51")).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn ensure_for_from_16_concurrent_callers_makes_one_sprint() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool().clone();
    for round in 0..3u64 {
        let day = date("2025-12-09") + chrono::Days::new(7 * round);
        let callers: Vec<_> = (0..16)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move { Sprints::ensure_for(&pool, day).await })
            })
            .collect();
        let mut ids = Vec::new();
        for caller in callers {
            ids.push(caller.await.unwrap().unwrap().id);
        }
        ids.dedup();
        assert_eq!(
            ids.len(),
            1,
            "round {round}: every caller gets the same sprint"
        );
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM erp.sprints WHERE start_date <= $1 AND end_date >= $1",
        )
        .bind(day)
        .fetch_all(&pool)
        .await
        .unwrap();
        assert_eq!(rows, [(ids[0].0, IsoWeek::of(day).name())]);
    }
}

/// The race `ensure_for` is built for: another caller has inserted the week's sprint but not yet
/// committed. The second caller waits, then gets that caller's row rather than nothing or an error.
#[tokio::test]
async fn ensure_for_waits_for_a_concurrent_creator_and_returns_its_sprint() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool().clone();
    let day = date("2025-12-09");
    let mut first = pool.begin().await.unwrap();
    let created = Sprints::ensure_for(&mut *first, day).await.unwrap();
    let second = tokio::spawn({
        let pool = pool.clone();
        async move { Sprints::ensure_for(&pool, day).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!second.is_finished(), "waits on the uncommitted sprint");
    first.commit().await.unwrap();
    let got = second.await.unwrap().unwrap();
    assert_eq!(got.id, created.id);
    assert_eq!(got.name, "2025-W50");
    // It came back through the no-op update, which the trigger stamps.
    assert!(got.updated_at > created.updated_at);
    // Once visible, ensuring writes nothing.
    assert_eq!(Sprints::ensure_for(&pool, day).await.unwrap(), got);
}

#[tokio::test]
async fn iso_week_year_ends() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    for (day, name, monday, sunday) in [
        ("2021-01-03", "2020-W53", "2020-12-28", "2021-01-03"),
        ("2024-12-30", "2025-W01", "2024-12-30", "2025-01-05"),
        ("2026-01-01", "2026-W01", "2025-12-29", "2026-01-04"),
    ] {
        let sprint = Sprints::ensure_for(pool, date(day)).await.unwrap();
        assert_eq!(
            (sprint.name.as_str(), sprint.start_date, sprint.end_date),
            (name, date(monday), date(sunday))
        );
    }
}

#[tokio::test]
async fn of_date_finds_the_iso_week_and_other_spans_are_refused() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    // A sprint is one ISO week (seed 001): a month, or a week starting mid-week, is refused.
    for (start, end, column) in [
        ("2025-12-01", "2025-12-31", "end_date"),
        ("2025-12-10", "2025-12-16", "start_date"),
    ] {
        let err = Sprints::insert(pool, &SprintInsertForm::new("odd", date(start), date(end)))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == column),
            "{start}..{end}: {err:?}"
        );
    }
    let w50 = Sprints::ensure_for(pool, date("2025-12-10")).await.unwrap();
    let pick = async |day: &str| {
        Sprints::of_date(pool, date(day))
            .await
            .unwrap()
            .map(|s| s.name)
    };
    assert_eq!(pick("2025-12-08").await.as_deref(), Some("2025-W50"));
    assert_eq!(pick("2025-12-14").await.as_deref(), Some("2025-W50"));
    assert_eq!(pick("2025-12-15").await, None);
    let task = Tasks::insert(
        pool,
        &TaskInsertForm {
            scheduled_start_date: Some(date("2025-12-10")),
            ..TaskInsertForm::new("midweek")
        },
    )
    .await
    .unwrap();
    assert_eq!(sprint_task_ids(pool, &w50).await, [task.id]);
}

#[tokio::test]
async fn sprint_tasks_pages_visit_every_task_once() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let sprint = Sprints::ensure_for(pool, date("2025-12-08")).await.unwrap();
    let forms: Vec<_> = (0..23u64)
        .map(|i| TaskInsertForm {
            // Several tasks per day, so the task id breaks ties.
            scheduled_start_date: Some(date("2025-12-14") - chrono::Days::new(i % 7)),
            ..TaskInsertForm::new(format!("task {i:02}"))
        })
        .collect();
    let mut conn = pool.acquire().await.unwrap();
    Tasks::insert_many(&mut conn, &forms).await.unwrap();
    // Outside the sprint: the week before and after.
    for day in ["2025-12-07", "2025-12-15"] {
        Tasks::insert(
            pool,
            &TaskInsertForm {
                scheduled_start_date: Some(date(day)),
                ..TaskInsertForm::new("outside")
            },
        )
        .await
        .unwrap();
    }
    let all = Sprints::tasks(pool, sprint.id).await.unwrap();
    assert_eq!(all.len(), 23);
    assert!(all.windows(2).all(|w| {
        (w[0].scheduled_start_date, w[0].task_id) < (w[1].scheduled_start_date, w[1].task_id)
    }));

    let mut walked = Vec::new();
    let mut page = PageRequest::first(5);
    loop {
        let got = Sprints::tasks_page(pool, sprint.id, &page).await.unwrap();
        assert!(got.items.len() <= 5);
        walked.extend(got.items);
        match got.next {
            Some(cursor) => page = PageRequest::after(5, cursor),
            None => break,
        }
    }
    assert_eq!(walked, all);
    assert!(
        Sprints::tasks_page(pool, erp_model::SprintId(404), &PageRequest::first(5))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn load_against_capacity() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let sprint = Sprints::ensure_for_with_capacity(pool, date("2025-12-08"), dec!(6))
        .await
        .unwrap();
    let empty = Sprints::load(pool, sprint.id).await.unwrap();
    assert_eq!(
        (
            empty.planned_hours,
            empty.task_count,
            empty.remaining_hours,
            empty.over_capacity
        ),
        (Decimal::ZERO, 0, Some(dec!(6)), false)
    );
    // Two decimals, as every hours column, also with nothing planned.
    assert_eq!(
        serde_json::to_value(&empty).unwrap()["planned_hours"],
        "0.00"
    );
    for (hours, status, day) in [
        (Some(dec!(3)), TaskStatus::NotStarted, "2025-12-08"),
        (Some(dec!(2.5)), TaskStatus::Done, "2025-12-10"),
        (None, TaskStatus::InProgress, "2025-12-14"),
        // Cancelled: takes no capacity.
        (Some(dec!(10)), TaskStatus::Cancelled, "2025-12-11"),
        // Next week: not this sprint's.
        (Some(dec!(40)), TaskStatus::NotStarted, "2025-12-15"),
    ] {
        let form = TaskInsertForm {
            estimated_hours: hours,
            status: Some(status),
            scheduled_start_date: Some(date(day)),
            ..TaskInsertForm::new("work")
        };
        Tasks::insert(pool, &form).await.unwrap();
    }
    let load = Sprints::load(pool, sprint.id).await.unwrap();
    assert_eq!(load.capacity_hours, Some(dec!(6)));
    assert_eq!(load.planned_hours, dec!(5.5));
    assert_eq!(load.task_count, 3);
    assert_eq!(load.unestimated_tasks, 1);
    assert_eq!(load.remaining_hours, Some(dec!(0.5)));
    assert!(!load.over_capacity);

    let task = Tasks::insert(
        pool,
        &TaskInsertForm {
            estimated_hours: Some(dec!(1.25)),
            scheduled_start_date: Some(date("2025-12-12")),
            ..TaskInsertForm::new("one more")
        },
    )
    .await
    .unwrap();
    let load = Sprints::load(pool, sprint.id).await.unwrap();
    assert_eq!(
        (load.planned_hours, load.remaining_hours, load.over_capacity),
        (dec!(6.75), Some(dec!(-0.75)), true)
    );
    // Moving the task out of the week takes its hours with it.
    Tasks::reschedule(pool, task.id, date("2025-12-15"), None)
        .await
        .unwrap();
    assert_eq!(
        Sprints::load(pool, sprint.id).await.unwrap().planned_hours,
        dec!(5.5)
    );
    Sprints::update(
        pool,
        sprint.id,
        &SprintUpdateForm {
            capacity_hours: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let uncapped = Sprints::load(pool, sprint.id).await.unwrap();
    assert_eq!(
        (uncapped.remaining_hours, uncapped.over_capacity),
        (None, false)
    );
    assert!(matches!(
        Sprints::load(pool, erp_model::SprintId(404)).await,
        Err(Error::NotFound {
            table: "erp.sprints",
            ..
        })
    ));
}

#[tokio::test]
async fn this_weeks_board() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let w50 = week("2025-W50");
    assert!(matches!(
        Sprints::board(&mut conn, w50).await,
        Err(Error::NotFound { id, .. }) if id == "2025-W50"
    ));
    let sprint = Sprints::ensure_week(&mut *conn, w50, Some(dec!(20)))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for day in ["2025-12-12", "2025-12-08", "2025-12-21"] {
        let task = Tasks::insert(
            &mut *conn,
            &TaskInsertForm {
                scheduled_start_date: Some(date(day)),
                ..TaskInsertForm::new(format!("on {day}"))
            },
        )
        .await
        .unwrap();
        ids.push(task.id);
    }
    let board = Sprints::board(&mut conn, w50).await.unwrap();
    assert_eq!(board.sprint, sprint);
    assert_eq!(
        board.tasks.iter().map(|t| t.task_id).collect::<Vec<_>>(),
        [ids[1], ids[0]]
    );
    // The board's load is the one Sprints::load computes, without repeating the sprint.
    assert_eq!(
        board.load,
        Sprints::load(&mut *conn, sprint.id).await.unwrap()
    );
    assert!(
        serde_json::to_value(&board).unwrap()["load"]
            .get("sprint")
            .is_none()
    );
}

/// The board's load, computed from the tasks it read, agrees with `Sprints::load`'s SQL for capacity,
/// cancelled, unestimated and over-capacity tasks, in the same JSON.
#[tokio::test]
async fn the_boards_load_is_sprints_load() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let w50 = week("2025-W50");
    let sprint = Sprints::ensure_week(pool, w50, Some(dec!(6)))
        .await
        .unwrap();
    let board = Sprints::board(pool, w50).await.unwrap();
    assert_eq!(board.load, Sprints::load(pool, sprint.id).await.unwrap());
    for (hours, status, day) in [
        (Some(dec!(3)), TaskStatus::NotStarted, "2025-12-08"),
        (Some(dec!(2.5)), TaskStatus::Done, "2025-12-10"),
        (None, TaskStatus::InProgress, "2025-12-14"),
        (Some(dec!(10)), TaskStatus::Cancelled, "2025-12-11"),
        (Some(dec!(1.25)), TaskStatus::Blocked, "2025-12-12"),
    ] {
        let form = TaskInsertForm {
            estimated_hours: hours,
            status: Some(status),
            scheduled_start_date: Some(date(day)),
            ..TaskInsertForm::new("work")
        };
        Tasks::insert(pool, &form).await.unwrap();
    }
    let board = Sprints::board(pool, w50).await.unwrap();
    let load = Sprints::load(pool, sprint.id).await.unwrap();
    assert_eq!(board.load, load);
    assert_eq!(
        serde_json::to_value(&board.load).unwrap(),
        serde_json::to_value(&load).unwrap()
    );
    assert_eq!(
        (
            board.load.planned_hours,
            board.load.task_count,
            board.load.unestimated_tasks
        ),
        (dec!(6.75), 4, 1)
    );
    assert_eq!(board.load.remaining_hours, Some(dec!(-0.75)));
    assert!(board.load.over_capacity);
    assert_eq!(board.tasks.len(), 5, "the board lists cancelled tasks too");
}

/// Migration 0015 names the sprint's seven days in `erp.sprint_tasks`' join: its rows, and the SDK's
/// (which reads `erp.tasks` between the sprint's dates), must be 0003's range join, on the week's first
/// and last days, the days just outside, a year end, and the infinite dates a DATE (and
/// `sprints_start_date_check`, whose `extract(isodow)` is NULL there) lets through.
#[tokio::test]
async fn sprint_tasks_are_the_range_join_of_0003() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut sprints = Vec::new();
    for day in ["2025-12-22", "2025-12-29", "2026-01-05"] {
        sprints.push(Sprints::ensure_for(pool, date(day)).await.unwrap());
    }
    let days = [
        "2025-12-21",
        "2025-12-22",
        "2025-12-28",
        "2025-12-29",
        "2025-12-31",
        "2026-01-01",
        "2026-01-04",
        "2026-01-05",
        "2026-01-11",
        "2026-01-12",
    ];
    for (i, day) in days.iter().enumerate() {
        Tasks::insert(
            pool,
            &TaskInsertForm {
                scheduled_start_date: Some(date(day)),
                ..TaskInsertForm::new(format!("task {i}"))
            },
        )
        .await
        .unwrap();
    }
    Tasks::insert(pool, &TaskInsertForm::new("unscheduled"))
        .await
        .unwrap();
    // Infinite sprints and tasks: only SQL can write them (chrono has no infinite date).
    for (name, day) in [("inf", "infinity"), ("-inf", "-infinity")] {
        sqlx::query(
            "INSERT INTO erp.sprints (name, start_date, end_date) VALUES ($1, $2::date, $2::date)",
        )
        .bind(name)
        .bind(day)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO erp.tasks (title, scheduled_start_date) VALUES ($1, $2::date)")
            .bind(format!("task at {day}"))
            .bind(day)
            .execute(pool)
            .await
            .unwrap();
    }

    let pairs = |sql: &'static str| async move {
        sqlx::query_as::<_, (i64, i64)>(sql)
            .fetch_all(pool)
            .await
            .unwrap()
    };
    let view = pairs("SELECT sprint_id, task_id FROM erp.sprint_tasks ORDER BY 1, 2").await;
    let range_join = pairs(
        "SELECT s.id, t.id FROM erp.sprints s \
         JOIN erp.tasks t ON t.scheduled_start_date BETWEEN s.start_date AND s.end_date ORDER BY 1, 2",
    )
    .await;
    assert_eq!(view, range_join);
    // 2025-W52 holds the 22nd and 28th, 2026-W01 four days across the year end, 2026-W02 the 5th and
    // 11th; the 21st and the 12th are outside every sprint; one task at each infinity.
    assert_eq!(view.len(), 2 + 4 + 2 + 2, "{view:?}");

    for sprint in &sprints {
        let sdk = Sprints::tasks(pool, sprint.id).await.unwrap();
        let from_view = sqlx::query_as::<_, erp_model::SprintTask>(
            "SELECT * FROM erp.sprint_tasks WHERE sprint_id = $1 ORDER BY scheduled_start_date, task_id",
        )
        .bind(sprint.id)
        .fetch_all(pool)
        .await
        .unwrap();
        assert_eq!(sdk, from_view, "{}", sprint.name);
        let page = Sprints::tasks_page(pool, sprint.id, &PageRequest::first(50))
            .await
            .unwrap();
        assert_eq!(page.items, sdk, "{}", sprint.name);
        assert!(
            sdk.iter()
                .all(|t| t.sprint_id == sprint.id && t.sprint_name == sprint.name)
        );
    }
}
