//! Amounts that look written in the other unit (`amount.unit_suspect`): yuan typed under 万元
//! (seven or more integer digits of 万元) and 万元 typed under 元 (funds below 10万元 in all).
//! The warning names the field and both readings; the status stays what the amounts give,
//! and the summary says to check the unit first. A table of cases: (name, proposal, the
//! fields that must carry the warning, none elsewhere).

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use workrelief::check::{check_raw, Status, Verdict};
use workrelief::date::Date;
use workrelief::raw::Raw;
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::RuleBook;

const CODE: &str = "amount.unit_suspect";

fn check(proposal: &str) -> Verdict {
    let book = RuleBook::from_json(DEFAULT_RULES_JSON).unwrap();
    let raw = Raw::from_json(proposal).unwrap();
    check_raw(&book, &raw, &Raw::Null, Date::new(2025, 6, 30).unwrap())
}

fn suspect_fields(v: &Verdict) -> Vec<String> {
    v.warnings
        .iter()
        .filter(|w| w.code == CODE)
        .map(|w| w.field.clone())
        .collect()
}

fn proposal(unit: &str, central: &str, other: &str, labour: &str) -> String {
    let fund = |key: &str, v: &str| {
        if v.is_empty() {
            String::new()
        } else {
            format!(r#""{key}": {v},"#)
        }
    };
    let funds = format!("{}{}", fund("central", central), fund("other", other));
    format!(
        r#"{{"kind": "central_budget", "unit": "{unit}", "funds": {{{}}}, "labourRemuneration": {labour}, "date": "2025-06-30"}}"#,
        funds.trim_end_matches(',')
    )
}

/// (case, unit, central, other, labour, the fields warned).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

#[test]
fn the_warning_goes_where_the_unit_looks_wrong_and_nowhere_else() {
    let cases: &[Case] = &[
        // 万元: seven integer digits and up.
        (
            "yuan typed under 万元",
            "万元",
            "5000000",
            "",
            "1600000",
            &["funds.central", "labourRemuneration"],
        ),
        (
            "six digits of 万元 is 99亿: no warning",
            "万元",
            "999999",
            "",
            "300000",
            &[],
        ),
        (
            "999999.999999 万元 still has six integer digits",
            "万元",
            "\"999999.999999\"",
            "",
            "300000",
            &[],
        ),
        (
            "exactly 1,000,000 万元 (100亿元) is warned",
            "万元",
            "1000000",
            "",
            "300000",
            &["funds.central"],
        ),
        (
            "a fund of seven digits beside a plausible one",
            "万元",
            "500",
            "1200000",
            "150",
            &["funds.other"],
        ),
        (
            "an amount that names its unit is left alone",
            "万元",
            "\"5000000元\"",
            "",
            "\"1500000元\"",
            &[],
        ),
        ("a plausible 万元 project", "万元", "500", "", "150", &[]),
        // 元: funds below 10万元 in all.
        (
            "万元 typed under 元",
            "元",
            "500",
            "",
            "150",
            &["funds.central"],
        ),
        (
            "99,999.99 元 is below the least",
            "元",
            "99999.99",
            "",
            "30000",
            &["funds.central"],
        ),
        (
            "exactly 100,000 元 is not warned",
            "元",
            "100000",
            "",
            "30000",
            &[],
        ),
        (
            "small funds that add up to 10万元 are not warned",
            "元",
            "60000",
            "40000",
            "30000",
            &[],
        ),
        (
            "the largest fund is named",
            "元",
            "300",
            "500",
            "150",
            &["funds.other"],
        ),
        (
            "a fund that names its unit is left alone",
            "元",
            "\"5万\"",
            "",
            "15000",
            &[],
        ),
        ("no funds given: nothing to judge", "元", "", "", "150", &[]),
    ];
    for (name, unit, central, other, labour, want) in cases {
        let v = check(&proposal(unit, central, other, labour));
        assert_eq!(&suspect_fields(&v), want, "{name}: {:?}", v.warnings);
        assert_ne!(v.status, Status::Invalid, "{name}: {:?}", v.errors);
        if want.is_empty() {
            assert!(!v.summary.contains("金额单位"), "{name}: {}", v.summary);
        } else {
            assert!(
                v.summary.starts_with("请先核对金额单位"),
                "{name}: {}",
                v.summary
            );
        }
    }
}

#[test]
fn the_message_names_the_amount_in_both_readings() {
    let v = check(&proposal("万元", "5000000", "", "1600000"));
    // The amounts as read still decide the status: 1600000 of 5000000 is 32%.
    assert_eq!(v.status, Status::Pass);
    let central = v
        .warnings
        .iter()
        .find(|w| w.field == "funds.central")
        .unwrap();
    assert_eq!(
        central.message,
        "中央资金填写的 5000000 按万元计为 500 亿元，若是元则为 500 万元，是否应选“元”？"
    );
    assert!(v.summary.contains("按所填金额计算，符合"), "{}", v.summary);

    let v = check(&proposal("元", "500", "", "150"));
    let w = v.warnings.iter().find(|w| w.code == CODE).unwrap();
    assert_eq!(
        w.message,
        "资金合计按元计为 500 元，不足 10 万元，不像一个以工代赈项目的规模；若填写的是万元则为 500 万元，是否应选“万元”？"
    );
}

#[test]
fn number_errors_suggest_forms_in_the_unit_in_use() {
    let wan = check(&proposal("万元", "\"12abc\"", "", "\"五百\""));
    let messages: Vec<&str> = wan.errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .all(|m| !m.contains("1600000 或") && !m.contains("如 1600000、")),
        "{messages:?}"
    );
    assert!(messages.contains(&"“12abc”不是有效的金额，请填写数字，如 160、160.5（单位为万元），或写明单位如 1600000元"), "{messages:?}");
    assert!(
        messages.contains(
            &"“五百”使用了中文数字，请改用阿拉伯数字填写金额，如 160 或 160.5（单位为万元）"
        ),
        "{messages:?}"
    );
    let yuan = check(&proposal("元", "\"12abc\"", "", "100"));
    assert_eq!(
        yuan.errors[0].message,
        "“12abc”不是有效的金额，请填写数字，如 1600000、1,600,000.00、160万元"
    );
}

/// Plan files: rows whose amount columns are all in 万元 are read as typed, so yuan under a
/// 万元 header is warned on its cell and the row goes to 需人工审核, with and without verdicts
/// (the compact path and the typed fast path must agree).
mod plans {
    use super::*;
    use workrelief::import::{check_plan, ImportOptions};

    const CSV: &str = "项目名称,所在省份,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期\n\
        甲村道路,甘肃,中央预算内,5000000,1600000,2025-06-30\n\
        乙村水渠,甘肃,中央预算内,999999,300000,2025-06-30\n\
        丙村桥梁,甘肃,中央预算内,500,100,2025-06-30\n";

    /// Each row's status and its unit warnings as (message, column).
    type Row = (Status, Vec<(String, Option<String>)>);

    fn rows(with_verdicts: bool) -> Vec<Row> {
        let book = RuleBook::from_json(DEFAULT_RULES_JSON).unwrap();
        let today = Date::new(2026, 12, 4).unwrap();
        let r = check_plan(
            &book,
            CSV.as_bytes(),
            "plan.csv",
            &ImportOptions::default(),
            today,
            with_verdicts,
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        r.rows
            .iter()
            .map(|row| {
                let w = row
                    .warnings
                    .iter()
                    .filter(|w| w.code == CODE)
                    .map(|w| {
                        assert_eq!(w.row, Some(row.row));
                        (w.message.clone(), w.column.clone())
                    })
                    .collect();
                (row.status, w)
            })
            .collect()
    }

    #[test]
    fn yuan_under_a_wan_header_is_warned_on_its_cell_and_not_passed() {
        for with_verdicts in [false, true] {
            let rows = rows(with_verdicts);
            assert_eq!(rows.len(), 3);
            let (status, warnings) = &rows[0];
            assert_eq!(*status, Status::Review, "with verdicts: {with_verdicts}");
            assert_eq!(warnings.len(), 2, "{warnings:?}");
            assert_eq!(warnings[0].1.as_deref(), Some("D（中央资金（万元））"));
            assert!(
                warnings[0]
                    .0
                    .contains("按万元计为 500 亿元，若是元则为 500 万元"),
                "{}",
                warnings[0].0
            );
            assert_eq!(warnings[1].1.as_deref(), Some("E（劳务报酬（万元））"));
            // Six integer digits of 万元 (99.9999亿元) and a plausible project: no remark.
            assert_eq!(
                rows[1],
                (Status::Pass, vec![]),
                "with verdicts: {with_verdicts}"
            );
            assert_eq!(
                rows[2],
                (Status::Fail, vec![]),
                "with verdicts: {with_verdicts}"
            );
        }
    }
}
