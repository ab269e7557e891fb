//! Literal values with meaning of their own: durations and dates.

use std::fmt;

/// The unit of a duration literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// `h`
    Hour,
    /// `d` = 24h
    Day,
    /// `w` = 7d
    Week,
    /// `mo` = 30d
    Month,
    /// `y` = 365d
    Year,
}

impl DurationUnit {
    /// The suffix as written.
    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Hour => "h",
            DurationUnit::Day => "d",
            DurationUnit::Week => "w",
            DurationUnit::Month => "mo",
            DurationUnit::Year => "y",
        }
    }

    /// Hours in one unit.
    pub fn hours(self) -> u64 {
        match self {
            DurationUnit::Hour => 1,
            DurationUnit::Day => 24,
            DurationUnit::Week => 7 * 24,
            DurationUnit::Month => 30 * 24,
            DurationUnit::Year => 365 * 24,
        }
    }

    /// Parses a suffix.
    pub fn from_suffix(suffix: &str) -> Option<DurationUnit> {
        Some(match suffix {
            "h" => DurationUnit::Hour,
            "d" => DurationUnit::Day,
            "w" => DurationUnit::Week,
            "mo" => DurationUnit::Month,
            "y" => DurationUnit::Year,
            _ => return None,
        })
    }
}

/// A duration as written (`10y`), comparable through [`Duration::hours`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    /// The number.
    pub amount: u64,
    /// The unit.
    pub unit: DurationUnit,
}

impl Duration {
    /// The length in hours, the common measure of all units.
    /// Construction through the parser guarantees this does not overflow.
    pub fn hours(self) -> u64 {
        self.amount.saturating_mul(self.unit.hours())
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

/// A calendar date (proleptic Gregorian), ordered chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date, if it exists (`2026-02-30` does not).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(year) => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The date `days` days after 1970-01-01 (negative: before), if it has a
    /// four-digit year.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok().filter(|y| *y <= 9999)?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated() {
        assert!(Date::parse("2026-12-31").is_some());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("1900-02-29").is_none());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-1-01").is_none());
        assert!(Date::parse("2026-04-31").is_none());
    }

    #[test]
    fn unix_days_convert_to_civil_dates() {
        assert_eq!(Date::from_unix_days(0), Date::new(1970, 1, 1));
        assert_eq!(Date::from_unix_days(20_787), Date::new(2026, 11, 30));
        assert_eq!(Date::from_unix_days(-1), Date::new(1969, 12, 31));
        assert_eq!(Date::from_unix_days(i64::MAX), None);
    }

    #[test]
    fn duration_units_share_hours() {
        let week = Duration {
            amount: 1,
            unit: DurationUnit::Week,
        };
        let days = Duration {
            amount: 7,
            unit: DurationUnit::Day,
        };
        let hours = Duration {
            amount: 168,
            unit: DurationUnit::Hour,
        };
        assert_eq!(week.hours(), days.hours());
        assert_eq!(days.hours(), hours.hours());
        assert_eq!(
            Duration {
                amount: 1,
                unit: DurationUnit::Month
            }
            .hours(),
            30 * 24
        );
        assert_eq!(
            Duration {
                amount: 1,
                unit: DurationUnit::Year
            }
            .hours(),
            365 * 24
        );
    }
}
