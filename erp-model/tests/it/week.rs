//! Sprints are ISO weeks: year ends, the seed's weeks, and properties over two centuries of dates.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use erp_model::{IsoWeek, SprintInsertForm, sprint_of};
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn year_ends_follow_iso() {
    let w53 = sprint_of(date(2020, 12, 31));
    assert_eq!(w53.name(), "2020-W53");
    assert_eq!(sprint_of(date(2021, 1, 3)), w53);
    assert_eq!(
        (w53.start(), w53.end()),
        (date(2020, 12, 28), date(2021, 1, 3))
    );
    assert_eq!(w53.next().name(), "2021-W01");

    let w01 = sprint_of(date(2024, 12, 30));
    assert_eq!(w01.name(), "2025-W01");
    assert_eq!((w01.year(), w01.week()), (2025, 1));
    assert_eq!(w01.start(), date(2024, 12, 30));
    assert_eq!(w01.prev().name(), "2024-W52");
}

#[test]
fn the_seed_sprints() {
    // Seed 001 calls 2025-12-09 "Monday W50"; it is the Tuesday. The week is Mon 12-08 to Sun 12-14.
    let w50 = sprint_of(date(2025, 12, 9));
    assert_eq!(w50.to_string(), "2025-W50");
    assert_eq!(
        (w50.start(), w50.end()),
        (date(2025, 12, 8), date(2025, 12, 14))
    );
    assert_eq!(sprint_of(date(2025, 12, 16)).name(), "2025-W51");
    assert_eq!(sprint_of(date(2025, 12, 16)), w50.next());

    let form = SprintInsertForm::for_week(w50);
    assert_eq!(
        (form.name.as_str(), form.start_date, form.end_date),
        ("2025-W50", date(2025, 12, 8), date(2025, 12, 14))
    );
    assert_eq!(form.status, None);
}

#[test]
fn weeks_serialize_as_their_names() {
    let w = IsoWeek::new(2025, 1).unwrap();
    assert_eq!(serde_json::to_string(&w).unwrap(), r#""2025-W01""#);
    assert_eq!(serde_json::from_str::<IsoWeek>(r#""2025-W01""#).unwrap(), w);
    assert!(serde_json::from_str::<IsoWeek>(r#""2025-W1""#).is_err());
    assert_eq!(IsoWeek::new(2021, 53), None);
    assert_eq!(IsoWeek::new(2025, 0), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn every_date_lies_in_its_own_sprint(days in 0u64..(230 * 366)) {
        let day = date(1970, 1, 1).checked_add_days(Days::new(days)).unwrap();
        let week = sprint_of(day);
        prop_assert!(week.start() <= day && day <= week.end());
        prop_assert!(week.contains(day));
        prop_assert_eq!(week.start().weekday(), Weekday::Mon);
        prop_assert_eq!(week.end().weekday(), Weekday::Sun);
        prop_assert_eq!((week.end() - week.start()).num_days(), 6);
        prop_assert_eq!(IsoWeek::of(week.start()), week);
        prop_assert_eq!(IsoWeek::of(week.end()), week);

        let name = week.name();
        prop_assert_eq!(name.len(), 8);
        prop_assert_eq!(name.parse::<IsoWeek>(), Ok(week));

        let next = week.next();
        prop_assert_ne!(next.name(), name.clone());
        prop_assert!(next > week);
        prop_assert_eq!(IsoWeek::of(week.start() + Days::new(7)), next);
        prop_assert_eq!(next.prev(), week);
        prop_assert_eq!(next.start(), week.end() + Days::new(1));
    }

    #[test]
    fn names_are_unique_per_week(a in 0u64..(230 * 366), b in 0u64..(230 * 366)) {
        let (da, db) = (date(1970, 1, 1) + Days::new(a), date(1970, 1, 1) + Days::new(b));
        let (wa, wb) = (sprint_of(da), sprint_of(db));
        // Same name exactly when the dates share a Monday.
        prop_assert_eq!(wa.name() == wb.name(), wa.start() == wb.start());
    }
}
