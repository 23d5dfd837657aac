//! Which cells hold dates: `xl/styles.xml` (each cell format's `numFmtId`, built-in or
//! custom) and Excel's serial day numbers.

use std::collections::BTreeMap;

use crate::date::Date;

use super::xml::{Event, Reader, XmlError};

/// What a number format shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A number.
    Number,
    /// A date or a time of day.
    Date,
    /// An elapsed time (`[h]:mm:ss`): a number of days, not a date.
    Duration,
}

/// The kind of a built-in format, by its id as written. 14–22 and 45–47 are the dates and
/// times of every locale; 27–36 and 50–58 are the East Asian ones (`yyyy"年"m"月"d"日"` and
/// the like in Chinese); 46 is `[h]:mm:ss`.
fn builtin(id: &str) -> Kind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27"
        | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => Kind::Date,
        "46" => Kind::Duration,
        _ => Kind::Number,
    }
}

/// The kind of a custom format code: a date when its first section has a date or time
/// token (`y`, `m`, `d`, `h`, `s`, or `AM/PM` / `A/P`) outside quoted text, `[...]`
/// brackets and characters escaped by `\`, `_` or `*`; an elapsed time when it has `[h]`,
/// `[m]` or `[s]`. The rules are the ones calamine (and openpyxl before it) use, so that the
/// same cells are dates as before.
pub(super) fn custom(code: &str) -> Kind {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut elapsed = false;
    let mut am_pm = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else if matches!(c, '_' | '\\' | '*') {
            escaped = true;
        } else if quoted {
            quoted = c != '"';
        } else {
            match c {
                '"' => quoted = true,
                ';' => return Kind::Number,
                '[' => brackets = brackets.saturating_add(1),
                ']' if brackets == 1 && elapsed => return Kind::Duration,
                ']' => brackets = brackets.saturating_sub(1),
                _ if brackets > 0 => elapsed = hms_run(elapsed, prev, c),
                'a' | 'A' if !am_pm => am_pm = true,
                'p' | 'P' | 'm' | 'M' | '/' if am_pm => return Kind::Date,
                'd' | 'D' | 'm' | 'M' | 'h' | 'H' | 'y' | 'Y' | 's' | 'S' if !am_pm => {
                    return Kind::Date
                }
                _ => elapsed = hms_run(elapsed, prev, c),
            }
        }
        prev = c;
    }
    Kind::Number
}

/// Whether `[h`, `[hh`, `[m`, `[ss` ... is still being read.
fn hms_run(elapsed: bool, prev: char, c: char) -> bool {
    (elapsed && c.eq_ignore_ascii_case(&prev))
        || (prev == '[' && matches!(c, 'h' | 'm' | 's' | 'H' | 'M' | 'S'))
}

/// The kind of each cell format (`cellXfs/xf`, indexed by a cell's `s`), from
/// `xl/styles.xml`.
pub(super) fn read(xml: &str) -> Result<Vec<Kind>, XmlError> {
    let mut r = Reader::new(xml);
    // Custom formats by id as written; a later one with the same id wins.
    let mut custom_formats: BTreeMap<&str, Kind> = BTreeMap::new();
    let mut kinds = Vec::new();
    loop {
        match r.next()? {
            Event::Start(t) if t.name == "numFmts" => loop {
                match r.next()? {
                    Event::Start(t) if t.name == "numFmt" => {
                        let [id, code] = t.attrs_of(["numFmtId", "formatCode"])?;
                        if let (Some(id), Some(code)) = (id, code) {
                            custom_formats.insert(id, custom(&r.unescape(code, false)?));
                        }
                    }
                    Event::End("numFmts") => break,
                    Event::Eof => return Err(r.error("元素 <numFmts> 没有结束")),
                    _ => {}
                }
            },
            Event::Start(t) if t.name == "cellXfs" => loop {
                match r.next()? {
                    Event::Start(t) if t.name == "xf" => {
                        let kind = match t.attr("numFmtId")? {
                            None => Kind::Number,
                            Some(id) => custom_formats
                                .get(id)
                                .copied()
                                .unwrap_or_else(|| builtin(id)),
                        };
                        kinds.push(kind);
                        loop {
                            match r.next()? {
                                Event::End("xf") => break,
                                Event::Eof => return Err(r.error("元素 <xf> 没有结束")),
                                _ => {}
                            }
                        }
                    }
                    Event::End("cellXfs") => break,
                    Event::Eof => return Err(r.error("元素 <cellXfs> 没有结束")),
                    _ => {}
                }
            },
            Event::End("styleSheet") => break,
            Event::Eof => return Err(r.error("元素 <styleSheet> 没有结束")),
            _ => {}
        }
    }
    Ok(kinds)
}

/// The date part of an Excel serial date-time, or `None` when it is not a date this crate
/// can hold (before 1900-01-01, after 2999-12-31, or Excel's fictitious 1900-02-29).
///
/// In the 1900 date system day 1 is 1900-01-01 and day 60 the 1900-02-29 that Excel (after
/// Lotus 1-2-3) counts although it never was, so from day 61 on the days are one ahead of
/// the calendar; in the 1904 system day 0 is 1904-01-01. A time of day that rounds to
/// midnight (within half a millisecond) is the next day. Negative values are day 0, as
/// calamine reads them.
pub(crate) fn serial_date(value: f64, date1904: bool) -> Option<Date> {
    const MAX_1900: u64 = 2_958_465; // 9999-12-31
    const MAX_1904: u64 = 2_957_003;
    let max = if date1904 { MAX_1904 } else { MAX_1900 };
    // `as` saturates: negative values and NaN are 0.
    let mut days = (value.floor() as u64).min(max);
    let seconds = value.fract() * 86_400.0;
    let mut whole = seconds as u64;
    if (seconds.fract() * 1000.0).round() as u64 == 1000 {
        whole += 1;
    }
    if whole == 86_400 {
        days = ((value.floor() + 1.0) as u64).min(max);
    }
    let days = i64::try_from(days).ok()?;
    // Days since 1970-01-01 of 1904-01-01, 1899-12-31 and 1899-12-30.
    let since_1970 = if date1904 {
        days - 24_107
    } else {
        match days {
            0 | 60 => return None,
            1..=59 => days - 25_568,
            _ => days - 25_569,
        }
    };
    Date::from_days_since_epoch(since_1970)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_formats() {
        use Kind::*;
        for (code, kind) in [
            ("yyyy\"年\"m\"月\"d\"日\"", Date),
            ("yyyy/m/d", Date),
            ("[$-804]yyyy\"年\"m\"月\"d\"日\";@", Date),
            ("[DBNum1][$-804]yyyy\"年\"m\"月\"", Date),
            ("h:mm AM/PM", Date),
            ("mm:ss.0", Date),
            ("[h]:mm:ss", Duration),
            ("[Blue]\\+[h]:mm;[Red]\\-[h]:mm", Duration),
            ("[ss]", Duration),
            ("0.00", Number),
            ("#,##0.00_ ;[Red]\\-#,##0.00\\ ", Number),
            ("\"¥\"#,##0.00", Number),
            ("0.0\"万元\"", Number),
            ("General", Number),
            ("@", Number),
            ("\\Y000000", Number),
            ("#,##0*y", Number),
            ("#,##0.0####\" YMD\"", Number),
            ("0;\"d\"", Number),
            ("[>=100][Magenta].00", Number),
            ("*-yyyy-mm-dd", Date),
        ] {
            assert_eq!(custom(code), kind, "{code}");
        }
        assert_eq!(builtin("14"), Kind::Date);
        assert_eq!(builtin("31"), Kind::Date);
        assert_eq!(builtin("46"), Kind::Duration);
        assert_eq!(builtin("49"), Kind::Number);
    }

    #[test]
    fn serial_dates() {
        let d = |v, b| serial_date(v, b).map(|d| d.to_string());
        assert_eq!(d(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(d(59.0, false).as_deref(), Some("1900-02-28"));
        assert_eq!(d(60.0, false), None);
        assert_eq!(d(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(d(366.0, false).as_deref(), Some("1900-12-31"));
        assert_eq!(d(45838.0, false).as_deref(), Some("2025-06-30"));
        assert_eq!(d(45838.75, false).as_deref(), Some("2025-06-30"));
        assert_eq!(d(45_838.999_999_999, false).as_deref(), Some("2025-07-01"));
        assert_eq!(d(0.5, false), None);
        assert_eq!(d(-3.0, false), None);
        assert_eq!(d(f64::NAN, false), None);
        assert_eq!(d(1e300, false), None);
        assert_eq!(d(0.0, true).as_deref(), Some("1904-01-01"));
        assert_eq!(d(44376.0, true).as_deref(), Some("2025-06-30"));
        assert_eq!(d(2_958_465.0, false), None);
        assert_eq!(d(401_768.0, false).as_deref(), Some("2999-12-31"));
    }
}
