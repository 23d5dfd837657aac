//! The page's 规则库 view, in the core: what is in force for a date and a region asked for in
//! text, and a candidate rule book previewed against the book in use (its problems, or what
//! differs and how each project of a sample plan is judged under both books). Nothing here
//! replaces the book in use: the page does that only when the user says so.

use serde::Serialize;

use crate::date::Date;
use crate::import::{check_plan, ImportOptions, RowReport};
use crate::problem::Problem;
use crate::rules::diff::{diff, BookDiff};
use crate::rules::in_force::{in_force, InForce};
use crate::rules::view::RegionQuery;
use crate::rules::{RuleBook, RuleBookError};

/// What is in force on `as_of` (ISO text) in `region` (`全国`, a province's name or code, or a
/// 6-digit code; empty: every region), or the problem with the date, else with the region.
pub fn in_force_at(book: &RuleBook, as_of: &str, region: &str) -> Result<InForce, Problem> {
    let date = Date::parse(as_of).map_err(|e| Problem::new(e.code(), "asOf", e.to_string()))?;
    let region = region.trim();
    if region.is_empty() {
        return Ok(in_force(book, date, None));
    }
    let query = RegionQuery::parse(region).ok_or_else(|| {
        Problem::new(
            "input.bad_region",
            "region",
            format!(
                "{}不是可识别的地区，请填写省份名称、2 位省级代码或 6 位区县代码",
                crate::text::quote(region)
            ),
        )
    })?;
    Ok(in_force(book, date, Some(&query)))
}

/// A candidate book previewed against the book in use.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The candidate's version, when it loads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Why the candidate cannot be used: each problem at its JSON path (`field`). Empty when
    /// it loads.
    pub problems: Vec<Problem>,
    /// What differs from the book in use (when it loads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<BookDiff>,
    /// Each project of the sample plan under both books (when it loads and a plan was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanChanges>,
}

/// A sample plan judged by the book in use and by the candidate.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanChanges {
    /// The plan's file name.
    pub file_name: String,
    /// Problems with the file as a whole (then there are no rows).
    pub errors: Vec<Problem>,
    /// How many projects are judged differently.
    pub changed: usize,
    /// Every project row, in file order.
    pub rows: Vec<RowChange>,
}

/// One project under both books.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowChange {
    /// Its row in the file.
    pub row: u32,
    /// 项目名称, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether its status, binding rule, floor or shortfall differs.
    pub changed: bool,
    /// Under the book in use.
    pub before: RowReport,
    /// Under the candidate.
    pub after: RowReport,
}

/// A sample plan to judge under both books.
#[derive(Debug, Clone, Copy)]
pub struct SamplePlan<'a> {
    /// The file's bytes.
    pub bytes: &'a [u8],
    /// Its name (which tells CSV from XLSX).
    pub file_name: &'a str,
    /// How to read it.
    pub options: &'a ImportOptions,
}

/// Previews `candidate` (the text of a rule book or of an overlay saying `"extends":
/// "builtin"`) against `current`, judging `plan` (if any) under both as on `today`.
pub fn preview(
    current: &RuleBook,
    candidate: &str,
    plan: Option<SamplePlan<'_>>,
    today: Date,
) -> Preview {
    let book = match RuleBook::from_json(candidate) {
        Ok(book) => book,
        Err(errors) => {
            return Preview {
                version: None,
                problems: errors.iter().map(problem).collect(),
                diff: None,
                plan: None,
            }
        }
    };
    Preview {
        version: Some(book.version.clone()),
        problems: Vec::new(),
        diff: Some(diff(current, &book)),
        plan: plan.map(|p| compare(current, &book, p, today)),
    }
}

fn problem(e: &RuleBookError) -> Problem {
    Problem::new(e.code(), e.path.clone(), e.kind.to_string())
}

fn compare(old: &RuleBook, new: &RuleBook, plan: SamplePlan<'_>, today: Date) -> PlanChanges {
    let judge = |book| check_plan(book, plan.bytes, plan.file_name, plan.options, today, false);
    let (before, after) = (judge(old), judge(new));
    let rows: Vec<RowChange> = before
        .rows
        .into_iter()
        .zip(after.rows)
        .map(|(b, a)| RowChange {
            row: b.row,
            name: b.name.clone(),
            changed: b.status != a.status
                || b.rule != a.rule
                || b.floor != a.floor
                || b.shortfall != a.shortfall,
            before: b,
            after: a,
        })
        .collect();
    PlanChanges {
        file_name: plan.file_name.to_owned(),
        errors: before.errors,
        changed: rows.iter().filter(|r| r.changed).count(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::Status;

    const COUNTY: &str = include_str!("../../examples/rules/example-county-2026.json");

    #[test]
    fn the_example_county_overlay_changes_the_county_rows_after_its_date_only() {
        let book = RuleBook::builtin().unwrap();
        let csv =
            "项目名称,所在省份,区县代码,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期\n\
                   甲,甘肃省,629901,中央财政衔接资金（以工代赈任务）,375,157.50,2026-03-01\n\
                   乙,甘肃省,629901,中央财政衔接资金（以工代赈任务）,375,157.49,2026-03-01\n\
                   丙,甘肃省,629901,中央财政衔接资金（以工代赈任务）,375,157.49,2025-12-01\n\
                   丁,甘肃省,620102,中央财政衔接资金（以工代赈任务）,375,157.49,2026-03-01\n";
        let options = ImportOptions::default();
        let sample = SamplePlan {
            bytes: csv.as_bytes(),
            file_name: "sample.csv",
            options: &options,
        };
        let p = preview(&book, COUNTY, Some(sample), Date::new(2026, 6, 1).unwrap());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert!(p.diff.as_ref().is_some_and(|d| !d.is_empty()));
        let plan = p.plan.unwrap();
        assert!(plan.errors.is_empty(), "{:?}", plan.errors);
        let rows: Vec<(&str, bool, Status, Status)> = plan
            .rows
            .iter()
            .map(|r| {
                (
                    r.name.as_deref().unwrap_or_default(),
                    r.changed,
                    r.before.status,
                    r.after.status,
                )
            })
            .collect();
        // 甲 meets 42% of 375万 exactly: it passes under both books.
        assert_eq!(rows[0], ("甲", false, Status::Pass, Status::Pass));
        // 乙 falls 100.00 yuan short of 42% of 375万 from 2026-01-01.
        assert_eq!(rows[1], ("乙", true, Status::Pass, Status::Fail));
        assert_eq!(
            plan.rows[1]
                .after
                .shortfall
                .map(|m| m.to_string())
                .as_deref(),
            Some("100.00")
        );
        // Before the date, and in another county, nothing changes.
        assert_eq!(rows[2], ("丙", false, Status::Pass, Status::Pass));
        assert!(
            plan.rows[3].before.errors.is_empty(),
            "{:?}",
            plan.rows[3].before.errors
        );
        assert_eq!(rows[3], ("丁", false, Status::Pass, Status::Pass));
        assert_eq!(plan.changed, 1);
        assert_eq!(plan.rows[1].after.floor.as_deref(), Some("0.42"));
    }

    #[test]
    fn a_broken_candidate_gives_its_problems_at_their_paths_and_nothing_else() {
        let book = RuleBook::builtin().unwrap();
        let broken = COUNTY.replacen("\"floor\"", "\"flor\"", 1);
        let p = preview(&book, &broken, None, Date::new(2026, 6, 1).unwrap());
        assert!(p.version.is_none() && p.diff.is_none() && p.plan.is_none());
        assert!(!p.problems.is_empty());
        assert!(p
            .problems
            .iter()
            .all(|q| !q.message.is_empty() && q.field.starts_with("rules[")));
    }

    #[test]
    fn in_force_reads_its_date_and_region_as_text_and_names_what_is_wrong() {
        let book = RuleBook::builtin().unwrap();
        let ok = in_force_at(&book, "2026-06-01", "629901").unwrap();
        assert!(ok.region.contains("629901"));
        let all = in_force_at(&book, "2026-06-01", "").unwrap();
        assert_eq!(all.region, "全部地区");
        let date = in_force_at(&book, "2026-13-01", "火星").unwrap_err();
        assert_eq!(
            (date.code.as_str(), date.field.as_str()),
            ("date.no_such_day", "asOf")
        );
        let region = in_force_at(&book, "2026-06-01", "火星").unwrap_err();
        assert_eq!(region.field, "region");
        assert!(region.message.contains("“火星”"), "{}", region.message);
    }
}
