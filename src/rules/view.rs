//! A reader's view of the rule book for the tools (diff, what is in force): a rule's versions
//! and where a rule applies, read in ONE place, so that the tools do not depend on how the book
//! stores them.

use crate::region::Province;
use crate::rules::{Citation, FloorParams, Jurisdiction, Rule, Validity};

/// One dated version of a rule, as the tools show it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionView<'a> {
    /// 1-based position among the rule's versions.
    pub index: usize,
    /// How many versions the rule has.
    pub count: usize,
    /// The period in which it is the version judged (ending the day before the next one).
    pub validity: &'a Validity,
    /// The floor and its base (labour-share floors only).
    pub params: Option<&'a FloorParams>,
    /// The advice or duty (advice and duties only).
    pub advice: Option<&'a str>,
    /// The sentence it rests on.
    pub citation: &'a Citation,
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

/// Every version of the rule `id` in `rules`, in order: each is an entry of the book's rules
/// with the rule's id.
pub fn all_versions<'a>(rules: &'a [Rule], id: &str) -> Vec<VersionView<'a>> {
    rules
        .iter()
        .filter(|r| r.id == id)
        .flat_map(versions)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
