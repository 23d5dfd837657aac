//! A reader's view of the rule book for the tools (diff, what is in force): a rule's versions
//! and where a rule applies, read in ONE place, so that the tools do not depend on how the book
//! stores them.

use crate::date::Date;
use crate::region::Province;
use crate::rules::{Citation, FloorParams, Jurisdiction, Rule, Validity};

/// One dated version of a rule, as the tools show it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionView<'a> {
    /// 1-based position among the rule's versions.
    pub index: usize,
    /// How many versions the rule has.
    pub count: usize,
    /// Its own period (before supersession by a later version).
    pub validity: &'a Validity,
    /// The floor and its base (labour-share floors only).
    pub params: Option<&'a FloorParams>,
    /// The advice or duty (advice and duties only).
    pub advice: Option<&'a str>,
    /// The sentence it rests on.
    pub citation: &'a Citation,
}

impl VersionView<'_> {
    /// The period in which this version is the one judged: its own, ended the day before the
    /// next version's `from`.
    pub fn in_force(&self, next_from: Option<Date>) -> Validity {
        let mut v = self.validity.clone();
        if let Some(next) = next_from.and_then(day_before) {
            v.to = Some(v.to.map_or(next, |to| to.min(next)));
        }
        v
    }
}

/// The versions of `rule`, ordered by `from`.
pub fn versions(rule: &Rule) -> Vec<VersionView<'_>> {
    // Each version is its own entry of the book's rules, naming its place among them.
    let (index, count) = rule.version.map_or((1, 1), |v| (v.index, v.count));
    vec![VersionView {
        index: index.into(),
        count: count.into(),
        validity: &rule.validity,
        params: rule.params.as_ref(),
        advice: rule.advice.as_deref(),
        citation: &rule.citation,
    }]
}

/// The region a user asks about: everywhere, a province, or a 6-digit GB/T 2260 code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionQuery {
    /// Only the national rules.
    National,
    /// A province (2 digits, or `XX0000`), a prefecture or a county (6 digits).
    Code {
        /// The province the code lies in.
        province: &'static Province,
        /// The 6-digit code, when one was given.
        code: Option<String>,
    },
}

impl RegionQuery {
    /// Reads `national`/`全国`, a 2-digit province code, a 6-digit code or a province's name.
    pub fn parse(input: &str) -> Option<RegionQuery> {
        let input = input.trim();
        if matches!(input, "national" | "全国" | "") {
            return Some(RegionQuery::National);
        }
        if input.len() == 6 && input.bytes().all(|b| b.is_ascii_digit()) {
            let province = Province::by_code(input.get(..2)?)?;
            return Some(RegionQuery::Code {
                province,
                code: Some(input.to_owned()),
            });
        }
        let province = Province::by_code(input).or_else(|| Province::find(input))?;
        Some(RegionQuery::Code {
            province,
            code: None,
        })
    }

    /// The region's Chinese name (with its code).
    pub fn name(&self) -> String {
        match self {
            RegionQuery::National => "全国".to_owned(),
            RegionQuery::Code {
                province,
                code: Some(code),
            } => format!("{}（{code}）", province.name),
            RegionQuery::Code { province, .. } => province.name.to_owned(),
        }
    }
}

/// Whether a rule or benefit of `jurisdiction` applies in `region`.
pub fn applies_in(jurisdiction: Jurisdiction, region: &RegionQuery) -> bool {
    match (jurisdiction, region) {
        (Jurisdiction::National, _) => true,
        (Jurisdiction::Province(_), RegionQuery::National) => false,
        (Jurisdiction::Province(p), RegionQuery::Code { province, .. }) => p.code == province.code,
        (Jurisdiction::Local(..), RegionQuery::National) => false,
        // A prefecture's or county's rule: in force there; asked about its whole province,
        // it is listed too (a project there may be in that county).
        (Jurisdiction::Local(p, _), RegionQuery::Code { province, code }) => {
            match code.as_deref().and_then(|c| c.parse::<u32>().ok()) {
                Some(c) if c % 10_000 != 0 => jurisdiction.covers_county(c),
                _ => p.code == province.code,
            }
        }
    }
}

/// The day before `date` (the core's versions end there; read through the date's ISO text so
/// that this view needs nothing new from `Date`).
fn day_before(date: Date) -> Option<Date> {
    let iso = date.to_string();
    let mut parts = iso.split('-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if d > 1 {
        return Date::new(y, u8::try_from(m).ok()?, u8::try_from(d - 1).ok()?);
    }
    let (y, m) = if m > 1 {
        (y, m - 1)
    } else {
        (y.checked_sub(1)?, 12)
    };
    let m = u8::try_from(m).ok()?;
    (28..=31).rev().find_map(|last| Date::new(y, m, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_before_crosses_months_years_and_leap_days() {
        let before = |s: &str| {
            Date::parse(s)
                .ok()
                .and_then(day_before)
                .map(|d| d.to_string())
        };
        assert_eq!(before("2026-01-01").as_deref(), Some("2025-12-31"));
        assert_eq!(before("2024-03-01").as_deref(), Some("2024-02-29"));
        assert_eq!(before("2025-03-01").as_deref(), Some("2025-02-28"));
        assert_eq!(before("2025-05-01").as_deref(), Some("2025-04-30"));
        assert_eq!(before("2025-05-17").as_deref(), Some("2025-05-16"));
    }

    #[test]
    fn regions_read_national_provinces_and_six_digit_codes() {
        assert_eq!(RegionQuery::parse("national"), Some(RegionQuery::National));
        let county = RegionQuery::parse("620102");
        assert!(matches!(
            &county,
            Some(RegionQuery::Code { province, code: Some(c) }) if province.code == "62" && c == "620102"
        ));
        assert!(matches!(
            RegionQuery::parse("贵州"),
            Some(RegionQuery::Code { province, code: None }) if province.code == "52"
        ));
        assert_eq!(RegionQuery::parse("990000"), None);
        assert_eq!(RegionQuery::parse("62010"), None);
        let gansu = Province::by_code("62").map(Jurisdiction::Province);
        let guizhou = RegionQuery::parse("52");
        assert!(gansu.is_some_and(|j| county.as_ref().is_some_and(|c| applies_in(j, c))));
        assert!(gansu.is_some_and(|j| guizhou.as_ref().is_some_and(|g| !applies_in(j, g))));
        assert!(applies_in(Jurisdiction::National, &RegionQuery::National));
    }
}
