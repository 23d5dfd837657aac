//! The horizon: a check dated past the end of a document it relies on (its stated end, or the
//! end of the 2021-2025 transition period it places itself in) carries `rules.past_horizon`,
//! once per document, in verdicts, plan reports, subsidy estimates and workshop reports.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use workrelief::date::Date;
use workrelief::horizon::PAST_HORIZON;
use workrelief::idcard::with_check;
use workrelief::import::{check_plan, ImportOptions};
use workrelief::problem::Problem;
use workrelief::raw::Raw;
use workrelief::{check_raw, subsidy, workshop, RuleBook};

fn book() -> RuleBook {
    RuleBook::builtin().unwrap()
}

fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn raw(json: &str) -> Raw {
    Raw::from_json(json).unwrap()
}

fn past(warnings: &[Problem]) -> Vec<&Problem> {
    warnings.iter().filter(|w| w.code == PAST_HORIZON).collect()
}

/// A valid proposal of `kind` in Gansu, checked on `date`.
fn verdict(kind: &str, date: &str) -> workrelief::Verdict {
    let proposal = raw(&format!(
        r#"{{"kind": "{kind}", "province": "甘肃", "funds": {{"central": "300万", "provincial": "100万", "county": "50万"}},
            "labourRemuneration": "140万", "date": "{date}"}}"#
    ));
    check_raw(&book(), &proposal, &Raw::Null, today())
}

#[test]
fn every_work_relief_kind_checked_in_2026_carries_the_warning_once() {
    let book = book();
    assert!(book.project_kinds.len() >= 5);
    for kind in &book.project_kinds {
        let v = verdict(&kind.id, "2026-06-01");
        assert!(v.errors.is_empty(), "{}: {:?}", kind.id, v.errors);
        let w = past(&v.warnings);
        assert_eq!(w.len(), 1, "{}: {:?}", kind.id, v.warnings);
        let m = &w[0].message;
        assert!(m.contains("2026-06-01"), "{m}");
        assert!(m.contains("2025-12-31"), "{m}");
        assert!(m.contains("甘肃省人力资源和社会保障厅 甘肃省农业农村厅关于做好脱贫人口就业帮扶工作有关事项的通知"), "{m}");
        assert!(m.contains("过渡期最后一年"), "{m}");
        assert!(m.contains("可能已有新的文件"), "{m}");
    }
}

#[test]
fn a_check_inside_the_horizon_carries_none() {
    for kind in &book().project_kinds {
        for date in ["2025-06-01", "2025-12-31"] {
            let v = verdict(&kind.id, date);
            assert!(v.errors.is_empty(), "{}: {:?}", kind.id, v.errors);
            assert!(
                past(&v.warnings).is_empty(),
                "{} {date}: {:?}",
                kind.id,
                v.warnings
            );
        }
        let v = verdict(&kind.id, "2026-01-01");
        assert_eq!(past(&v.warnings).len(), 1, "{} 2026-01-01", kind.id);
    }
}

#[test]
fn options_as_of_decides_over_the_proposals_date() {
    let proposal = raw(
        r#"{"kind": "central_budget", "funds": {"central": "500万"}, "labourRemuneration": "150万", "date": "2025-06-01"}"#,
    );
    let v = check_raw(
        &book(),
        &proposal,
        &raw(r#"{"asOf": "2026-06-01"}"#),
        today(),
    );
    assert_eq!(past(&v.warnings).len(), 1);
    let v = check_raw(&book(), &proposal, &Raw::Null, today());
    assert!(past(&v.warnings).is_empty());
}

#[test]
fn a_plan_reports_it_once_in_its_summary_warnings() {
    let csv = "项目名称,所在省份,项目类型,中央资金（万元）,劳务报酬（万元）,核算日期\n\
               甲,甘肃省,以工代赈中央预算内投资项目,500,160,2026-06-01\n\
               乙,甘肃省,中央财政衔接资金以工代赈任务,500,160,2026-06-01\n";
    for verdicts in [false, true] {
        let r = check_plan(
            &book(),
            csv.as_bytes(),
            "p.csv",
            &ImportOptions::default(),
            today(),
            verdicts,
        );
        assert_eq!(r.summary.total, 2);
        let w = past(&r.warnings);
        assert_eq!(w.len(), 1, "{:?}", r.warnings);
        assert!(w[0].message.contains("2026-06-01"), "{}", w[0].message);
        // The rows of a plan do not repeat it.
        assert!(r.rows.iter().all(|row| past(&row.warnings).is_empty()));
    }
    let before = csv.replace("2026-06-01", "2025-06-01");
    let r = check_plan(
        &book(),
        before.as_bytes(),
        "p.csv",
        &ImportOptions::default(),
        today(),
        false,
    );
    assert!(past(&r.warnings).is_empty(), "{:?}", r.warnings);
    let options = ImportOptions {
        as_of: Some(Date::new(2026, 1, 1).unwrap()),
        ..ImportOptions::default()
    };
    let r = check_plan(
        &book(),
        before.as_bytes(),
        "p.csv",
        &options,
        today(),
        false,
    );
    assert_eq!(past(&r.warnings).len(), 1, "{:?}", r.warnings);
}

#[test]
fn a_guizhou_estimate_in_2026_says_why_it_is_zero() {
    let profile = raw(
        r#"{"province": "贵州", "group": "脱贫人口", "work": "out_of_province", "organized": true, "firstTime": true}"#,
    );
    let e = subsidy::estimate(
        &book(),
        &profile,
        &raw(r#"{"asOf": "2026-06-01"}"#),
        today(),
    );
    assert_eq!(e.total.to_string(), "0.00");
    let w = past(&e.warnings);
    assert_eq!(w.len(), 1, "{:?}", e.warnings);
    assert!(
        w[0].message.contains("切实加强就业帮扶"),
        "{}",
        w[0].message
    );
    assert!(w[0].message.contains("2025-12-31"), "{}", w[0].message);
    let e = subsidy::estimate(
        &book(),
        &profile,
        &raw(r#"{"asOf": "2025-06-01"}"#),
        today(),
    );
    assert!(past(&e.warnings).is_empty(), "{:?}", e.warnings);
}

#[test]
fn a_jilin_workshop_checked_in_2026_carries_it() {
    let person = |seq: &str| {
        serde_json::json!({
            "id": with_check(&format!("22010119900307{seq}")).unwrap(),
            "group": "脱贫人口", "contractMonths": 3, "monthsEmployed": 3, "annualIncome": 4000 })
    };
    let roster = serde_json::json!({ "province": "吉林", "employees": [person("123"), person("124"), person("125")] });
    let roster = raw(&roster.to_string());
    let r = workshop::check_workshop(&book(), &roster, &raw(r#"{"asOf": "2026-06-01"}"#), today());
    let w = past(&r.warnings);
    assert_eq!(w.len(), 1, "{:?}", r.warnings);
    assert!(
        w[0].message.contains("吉人社联〔2022〕81号"),
        "{}",
        w[0].message
    );
    let r = workshop::check_workshop(&book(), &roster, &raw(r#"{"asOf": "2025-06-01"}"#), today());
    assert!(past(&r.warnings).is_empty(), "{:?}", r.warnings);
}

#[test]
fn documents_know_their_horizon() {
    let book = book();
    let horizon = |id: &str| {
        book.document(id)
            .unwrap()
            .horizon_date()
            .map(|d| d.to_string())
    };
    let end = Some("2025-12-31".to_owned());
    assert_eq!(horizon("gansu-2025"), end);
    assert_eq!(horizon("guizhou-2021"), end);
    assert_eq!(horizon("jilin-2022"), end);
    for id in ["fujian-2023", "mohrss-2023-44", "honghe-2024"] {
        assert_eq!(horizon(id), None, "{id}");
    }
}
