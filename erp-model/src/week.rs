//! Sprints are ISO weeks: the week of a date, its Monday and Sunday, and its name (`2025-W50`).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// An ISO 8601 week: Monday to Sunday, numbered within its ISO week-based year.
///
/// The ISO year is not always the calendar year: 2024-12-30 lies in `2025-W01`, and 2021-01-03 in
/// `2020-W53`. Ordered by time. Serialized as its name, e.g. `"2025-W50"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

/// The sprint a date belongs to: its ISO week.
pub fn sprint_of(date: NaiveDate) -> IsoWeek {
    IsoWeek::of(date)
}

impl IsoWeek {
    /// The week with this ISO year and number, if it exists (week 53 exists only in some years).
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        // Both ends must exist so that `start()` and `end()` never fail, even at chrono's limits.
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Sun)?;
        Some(IsoWeek { year, week })
    }

    /// The week a date lies in.
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// The ISO week-based year (not always the calendar year of every day in the week).
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The week number within its ISO year, 1 to 52 or 53.
    pub const fn week(self) -> u32 {
        self.week
    }

    /// Monday, the first day of the week.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
            .expect("an IsoWeek is only built for weeks that exist")
    }

    /// Sunday, the last day of the week (inclusive).
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Sun)
            .expect("an IsoWeek is only built for weeks that exist")
    }

    /// Whether the date lies in this week (Monday to Sunday, both inclusive).
    pub fn contains(self, date: NaiveDate) -> bool {
        IsoWeek::of(date) == self
    }

    /// The sprint name, e.g. `2025-W50` (the week number always has two digits: `2025-W01`).
    pub fn name(self) -> String {
        self.to_string()
    }

    /// The following week.
    ///
    /// # Panics
    /// Past the last week chrono can represent (around the year 262,000).
    pub fn next(self) -> IsoWeek {
        let monday = self
            .start()
            .checked_add_days(Days::new(7))
            .expect("a week after the last representable one");
        IsoWeek::of(monday)
    }

    /// The preceding week.
    ///
    /// # Panics
    /// Before the first week chrono can represent (around the year -262,000).
    pub fn prev(self) -> IsoWeek {
        let monday = self
            .start()
            .checked_sub_days(Days::new(7))
            .expect("a week before the first representable one");
        IsoWeek::of(monday)
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The sign goes before the padding so that every name has at least four year digits.
        let sign = if self.year < 0 { "-" } else { "" };
        write!(f, "{sign}{:04}-W{:02}", self.year.unsigned_abs(), self.week)
    }
}

/// A string that is not an ISO week name like `2025-W50`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid ISO week {value:?}: expected YYYY-Www with an existing week, e.g. \"2025-W50\"")]
pub struct WeekParseError {
    /// The rejected value, as given.
    pub value: String,
}

impl FromStr for IsoWeek {
    type Err = WeekParseError;

    /// Parses a sprint name: `2025-W50`, `2025-W01` (two-digit week; week 53 only where it exists).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || WeekParseError {
            value: s.to_owned(),
        };
        let (year, week) = s.rsplit_once("-W").ok_or_else(invalid)?;
        let year_digits = year.strip_prefix('-').unwrap_or(year);
        let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if year_digits.len() < 4 || !all_digits(year_digits) || week.len() != 2 || !all_digits(week)
        {
            return Err(invalid());
        }
        let year: i32 = year.parse().map_err(|_| invalid())?;
        let week: u32 = week.parse().map_err(|_| invalid())?;
        IsoWeek::new(year, week).ok_or_else(invalid)
    }
}

impl serde::Serialize for IsoWeek {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for IsoWeek {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_seed_weeks() {
        let w50 = sprint_of(date(2025, 12, 9));
        assert_eq!(w50.name(), "2025-W50");
        assert_eq!(
            (w50.start(), w50.end()),
            (date(2025, 12, 8), date(2025, 12, 14))
        );
        assert_eq!(sprint_of(date(2025, 12, 16)).name(), "2025-W51");
    }

    #[test]
    fn year_ends() {
        assert_eq!(sprint_of(date(2020, 12, 31)).name(), "2020-W53");
        assert_eq!(sprint_of(date(2021, 1, 3)).name(), "2020-W53");
        assert_eq!(sprint_of(date(2021, 1, 4)).name(), "2021-W01");
        assert_eq!(sprint_of(date(2024, 12, 30)).name(), "2025-W01");
        assert_eq!(sprint_of(date(2024, 12, 29)).name(), "2024-W52");
    }

    #[test]
    fn parsing_is_strict() {
        assert_eq!("2025-W01".parse(), Ok(IsoWeek::new(2025, 1).unwrap()));
        assert_eq!("2020-W53".parse::<IsoWeek>().unwrap().week(), 53);
        for bad in [
            "",
            "2025-W1",
            "2025-W001",
            "2025W50",
            "25-W50",
            "2025-w50",
            "2025-W00",
            "2021-W53",
            "2025-W+1",
            " 2025-W50",
        ] {
            let err = bad.parse::<IsoWeek>().unwrap_err();
            assert_eq!(err.value, bad);
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }
}
