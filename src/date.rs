//! Calendar dates (proleptic Gregorian, no time zone): the dates policies take effect and
//! lapse, and the date a proposal is judged at.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::text;

/// A calendar date, `YYYY-MM-DD` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(type = "string"),
    serde(rename = "IsoDate")
)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text is not in a recognised form.
    #[error("{}不是有效的日期，请按 年-月-日 填写，如 2025-06-30", crate::text::quote(.0))]
    Format(String),
    /// The form is right but the day does not exist.
    #[error("日期{}不存在", crate::text::quote(.0))]
    NoSuchDay(String),
}

impl DateError {
    /// The stable machine code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            DateError::Format(_) => "date.format",
            DateError::NoSuchDay(_) => "date.no_such_day",
        }
    }
}

impl Date {
    /// The earliest date accepted, 1900-01-01.
    pub const MIN: Date = Date {
        year: 1900,
        month: 1,
        day: 1,
    };

    /// Makes a date, or `None` when it does not exist (years 1900 to 2999 only).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let ok = (1900..=2999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// Parses `2025-06-30`, `2025/6/30`, `2025.6.30` or `2025年6月30日` (full-width digits too).
    ///
    /// # Errors
    /// [`DateError::Format`] for other forms, [`DateError::NoSuchDay`] for 2025-02-30 and the like.
    pub fn parse(input: &str) -> Result<Date, DateError> {
        let folded = text::fold_compact(input);
        let unified: String = folded
            .trim_end_matches('日')
            .chars()
            .map(|c| match c {
                '年' | '月' | '/' | '.' => '-',
                other => other,
            })
            .collect();
        let parts: Vec<&str> = unified.split('-').collect();
        let fields = match parts.as_slice() {
            [y, m, d]
                if y.len() == 4
                    && (1..=2).contains(&m.len())
                    && (1..=2).contains(&d.len())
                    && [y, m, d]
                        .iter()
                        .all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
            {
                (y.parse::<u16>(), m.parse::<u8>(), d.parse::<u8>())
            }
            _ => return Err(DateError::Format(text::fold(input))),
        };
        match fields {
            (Ok(y), Ok(m), Ok(d)) => {
                Date::new(y, m, d).ok_or_else(|| DateError::NoSuchDay(text::fold(input)))
            }
            _ => Err(DateError::Format(text::fold(input))),
        }
    }

    /// The date `days` days after 1970-01-01 (negative for before), if it is in range.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Today's date in China (UTC+8), given the milliseconds since the Unix epoch.
    pub fn china_today(unix_millis: f64) -> Option<Date> {
        if !unix_millis.is_finite() {
            return None;
        }
        let china_millis = unix_millis + 8.0 * 3_600_000.0;
        let days = (china_millis / 86_400_000.0).floor();
        if days.abs() > 1.0e7 {
            return None;
        }
        Date::from_days_since_epoch(days as i64)
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_iso(f)
    }
}

impl Date {
    /// The day before, when there is one in range.
    pub fn day_before(self) -> Option<Date> {
        if self.day > 1 {
            return Some(Date {
                day: self.day - 1,
                ..self
            });
        }
        let (year, month) = if self.month > 1 {
            (self.year, self.month - 1)
        } else {
            (self.year.checked_sub(1)?, 12)
        };
        Date::new(year, month, days_in_month(year, month))
    }

    /// Writes `YYYY-MM-DD` as [`Display`](fmt::Display) does, without a formatter (a verdict
    /// writes several dates).
    pub fn write_iso(self, out: &mut impl fmt::Write) -> fmt::Result {
        text::write_digits(out, u64::from(self.year), 4)?;
        out.write_str("-")?;
        text::write_digits(out, u64::from(self.month), 2)?;
        out.write_str("-")?;
        text::write_digits(out, u64::from(self.day), 2)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Reads a date as [`Date::parse`] does, without its text folding for the usual
/// `YYYY-MM-DD` (a proposal's `date` and the options' `asOf`).
pub(crate) fn read_date(text: &str) -> Result<Date, DateError> {
    match kernels::iso_date(text.as_bytes()).and_then(|(y, m, d)| Date::new(y, m, d)) {
        Some(date) => Ok(date),
        None => Date::parse(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_before_crosses_months_years_and_leap_days() {
        let before = |s: &str| {
            Date::parse(s)
                .ok()
                .and_then(Date::day_before)
                .map(|d| d.to_string())
        };
        assert_eq!(before("2026-01-01").as_deref(), Some("2025-12-31"));
        assert_eq!(before("2024-03-01").as_deref(), Some("2024-02-29"));
        assert_eq!(before("2025-03-01").as_deref(), Some("2025-02-28"));
        assert_eq!(before("2025-05-01").as_deref(), Some("2025-04-30"));
        assert_eq!(before("2025-05-17").as_deref(), Some("2025-05-16"));
    }

    #[test]
    fn parses_common_forms() {
        for text in [
            "2025-06-30",
            "2025/6/30",
            "2025.06.30",
            "2025年6月30日",
            "２０２５－０６－３０",
        ] {
            assert_eq!(
                Date::parse(text).map(|d| d.to_string()),
                Ok("2025-06-30".to_owned()),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_bad_dates() {
        assert_eq!(
            Date::parse("2025-02-29").map_err(|e| e.code()),
            Err("date.no_such_day")
        );
        assert!(Date::parse("2024-02-29").is_ok());
        assert_eq!(
            Date::parse("30/06/2025").map_err(|e| e.code()),
            Err("date.format")
        );
        assert_eq!(Date::parse("").map_err(|e| e.code()), Err("date.format"));
        assert_eq!(
            Date::parse("2025-6").map_err(|e| e.code()),
            Err("date.format")
        );
    }

    #[test]
    fn civil_from_days() {
        assert_eq!(
            Date::from_days_since_epoch(0).map(|d| d.to_string()),
            Some("1970-01-01".into())
        );
        assert_eq!(
            Date::from_days_since_epoch(20_414).map(|d| d.to_string()),
            Some("2025-11-22".into())
        );
        // 2026-11-22 16:30 UTC is already 2026-11-23 in Beijing.
        let millis = 1_795_365_000_000.0;
        assert_eq!(
            Date::china_today(millis).map(|d| d.to_string()),
            Some("2026-11-23".into())
        );
    }
}
