//! Dated versions of a rule and overlays: a portal's rule book on top of the compiled-in one
//! (`examples/rules/example-national-2026.json`, a fictional 示例 notice that raises the
//! central-budget floor to 40% from 2026-01-01). The version in force on the check's date is
//! judged and named; before it the compiled-in 30% still holds; an overlay whose quote is not
//! in its own text is refused at the quote's path in the overlay.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;

use workrelief::check::{FindingStatus, Status, Verdict};
use workrelief::date::Date;
use workrelief::horizon::PAST_HORIZON;
use workrelief::raw::Raw;
use workrelief::{check_raw, RuleBook};

fn example() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rules/example-national-2026.json");
    std::fs::read_to_string(path).unwrap()
}

fn overlaid() -> RuleBook {
    RuleBook::builtin()
        .unwrap()
        .with_overlay(&example())
        .unwrap()
}

/// A central-budget project of 500万 central funds with `labour` yuan of labour, on `date`.
fn check(book: &RuleBook, labour: &str, date: &str) -> Verdict {
    let proposal = Raw::from_json(&format!(
        r#"{{"kind": "central_budget", "funds": {{"central": "500万"}},
            "labourRemuneration": "{labour}", "date": "{date}"}}"#
    ))
    .unwrap();
    check_raw(book, &proposal, &Raw::Null, Date::new(2026, 12, 4).unwrap())
}

fn floor_finding(v: &Verdict) -> &workrelief::check::Finding {
    let found: Vec<_> = v
        .findings
        .iter()
        .filter(|f| f.rule == "work_relief.central_budget")
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one finding for the rule, whatever its versions: {v:#?}"
    );
    found[0]
}

#[test]
fn the_later_version_is_judged_from_its_date_and_says_so() {
    let book = overlaid();
    // 35% of 500万: passes 30%, fails 40%.
    let v = check(&book, "175万", "2026-06-01");
    assert_eq!(v.status, Status::Fail);
    let f = floor_finding(&v);
    assert_eq!(f.floor.as_deref(), Some("0.40"));
    assert_eq!(f.citation.document, "example-national-2026");
    let version = f.version.unwrap();
    assert_eq!((version.index, version.count), (2, 2));
    assert_eq!(f.shortfall.unwrap().to_string(), "250000.00");

    // The day before, the compiled-in 30% is judged, and named as the first version.
    let v = check(&book, "175万", "2025-12-31");
    assert_eq!(v.status, Status::Pass);
    let f = floor_finding(&v);
    assert_eq!(f.floor.as_deref(), Some("0.30"));
    assert_eq!(f.citation.document, "gansu-2025");
    assert_eq!(f.version.map(|v| v.index), Some(1));
    // Its validity now ends the day before the next version starts.
    let first = book
        .rules
        .iter()
        .find(|r| r.id == "work_relief.central_budget")
        .unwrap();
    assert_eq!(first.validity.to, Date::new(2025, 12, 31));
}

#[test]
fn without_the_overlay_the_compiled_in_book_answers_as_before() {
    let book = RuleBook::builtin().unwrap();
    let v = check(&book, "175万", "2026-06-01");
    assert_eq!(v.status, Status::Pass);
    let f = floor_finding(&v);
    assert_eq!(f.floor.as_deref(), Some("0.30"));
    assert_eq!(f.version, None, "a rule of one version names none");
    assert!(v.rule_book_version.ends_with("2026.11-2"));
}

#[test]
fn the_merged_book_names_both_versions_in_its_version() {
    let book = overlaid();
    assert_eq!(book.version, "2026.11-2+示例-2026.1");
    let v = check(&book, "200万", "2026-06-01");
    assert_eq!(v.rule_book_version, "2026.11-2+示例-2026.1");
    assert_eq!(v.status, Status::Pass);
}

#[test]
fn a_superseded_document_is_not_relied_on_past_its_horizon() {
    // On 2026-06-01 the 40% version (a text without an end) is judged for central-budget
    // projects: the Gansu text's horizon is no longer warned for the floor it no longer sets,
    // but still for the other rules of the kind that cite it.
    let v = check(&overlaid(), "200万", "2026-06-01");
    let plain = check(&RuleBook::builtin().unwrap(), "200万", "2026-06-01");
    let horizon = |v: &Verdict| v.warnings.iter().filter(|w| w.code == PAST_HORIZON).count();
    assert_eq!(horizon(&plain), 1);
    // Advice and duties of the same kind still rest on the Gansu text.
    assert_eq!(horizon(&v), 1);
    assert!(v
        .findings
        .iter()
        .any(|f| f.citation.document == "gansu-2025" && f.status != FindingStatus::Pass));
}

#[test]
fn from_json_with_extends_is_the_same_overlay() {
    let a = RuleBook::from_json(&example()).unwrap();
    let b = overlaid();
    assert_eq!(a.version, b.version);
    assert_eq!(a.rules.len(), b.rules.len());
}

#[test]
fn overlays_stack() {
    let second = r#"{"extends": "builtin", "version": "第二层", "rules": [
        {"id": "work_relief.central_budget", "versions": [{"validity": {"from": "2027-01-01"},
         "params": {"floor": "0.40", "base": ["central"]},
         "citation": {"document": "example-national-2026", "clause": "一",
                      "quote": "劳务报酬占中央资金比例不低于40%"}}]}]}"#;
    let book = overlaid().with_overlay(second).unwrap();
    assert_eq!(book.version, "2026.11-2+示例-2026.1+第二层");
    let count = book
        .rules
        .iter()
        .filter(|r| r.id == "work_relief.central_budget")
        .count();
    assert_eq!(count, 3);
}

/// Every `(path, code)` an overlay is refused with.
fn refused(json: &str) -> Vec<(String, String)> {
    let errors = RuleBook::builtin().unwrap().with_overlay(json).unwrap_err();
    errors
        .iter()
        .map(|e| (e.path.clone(), e.code().to_owned()))
        .collect()
}

#[test]
fn a_quote_not_in_its_text_is_refused_at_its_path_in_the_overlay() {
    let broken = example().replace(
        "\"quote\": \"以工代赈中央预算内投资项目劳务报酬占中央资金比例不低于40%\"",
        "\"quote\": \"以工代赈中央预算内投资项目劳务报酬占中央资金比例不低于45%\"",
    );
    assert_ne!(broken, example());
    let got = refused(&broken);
    assert!(
        got.contains(&(
            "rules[0].versions[0].citation.quote".to_owned(),
            "rules.quote_not_in_text".to_owned()
        )),
        "{got:?}"
    );
    let message = RuleBook::builtin()
        .unwrap()
        .with_overlay(&broken)
        .unwrap_err()[0]
        .to_string();
    assert!(message.contains("原文"), "{message}");
}

#[test]
fn a_version_that_does_not_follow_the_last_is_refused_at_its_path() {
    let early = example().replace(
        "\"from\": \"2026-01-01\"\n          }",
        "\"from\": \"2025-01-01\"\n          }",
    );
    assert_ne!(early, example());
    let got = refused(&early);
    assert_eq!(
        got,
        [(
            "rules[0].versions[0].validity.from".to_owned(),
            "rules.date_order".to_owned()
        )]
    );
}

#[test]
fn overlay_ids_may_not_clash_and_extends_names_the_builtin_book() {
    let clash = r#"{"extends": "builtin", "version": "x", "documents": [
        {"id": "gansu-2025", "title": "t", "issuer": "i", "jurisdiction": "national",
         "text": "t"}]}"#;
    assert_eq!(
        refused(clash),
        [(
            "documents[0].id".to_owned(),
            "rules.duplicate_id".to_owned()
        )]
    );
    let other = r#"{"extends": "another", "version": "x"}"#;
    assert_eq!(
        refused(other),
        [("extends".to_owned(), "rules.unknown_value".to_owned())]
    );
    let no_version = r#"{"extends": "builtin"}"#;
    assert_eq!(
        refused(no_version),
        [("version".to_owned(), "rules.missing".to_owned())]
    );
}

#[test]
fn a_versions_sha256_must_be_hex() {
    let bad = example().replace("\"sha256\": \"", "\"sha256\": \"X");
    let got = refused(&bad);
    assert_eq!(
        got,
        [(
            "documents[0].source.sha256".to_owned(),
            "rules.unknown_value".to_owned()
        )]
    );
}

// The issue's county case: the fictional 示例县 (629901, in 甘肃) raises the central-linkage
// floor to 42% of the central funds from 2026-01-01; the national 20% still applies beside it.

fn county_book() -> RuleBook {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rules/example-county-2026.json");
    RuleBook::builtin()
        .unwrap()
        .with_overlay(&std::fs::read_to_string(path).unwrap())
        .unwrap()
}

fn linkage(book: &RuleBook, place: &str, labour: &str, date: &str) -> Verdict {
    let proposal = Raw::from_json(&format!(
        r#"{{"kind": "central_linkage", {place} "funds": {{"central": "375万"}},
            "labourRemuneration": "{labour}", "date": "{date}"}}"#
    ))
    .unwrap();
    check_raw(book, &proposal, &Raw::Null, Date::new(2026, 12, 4).unwrap())
}

fn finding<'v>(v: &'v Verdict, rule: &str) -> &'v workrelief::check::Finding {
    v.findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("{rule}: {v:#?}"))
}

const COUNTY_RULE: &str = "work_relief.central_linkage.example_county";
const NATIONAL_RULE: &str = "work_relief.central_linkage";

#[test]
fn the_county_floor_and_the_national_floor_are_both_judged() {
    let book = county_book();
    let here = r#""county": "629901","#;
    // 157.50万 of 375万 is exactly 42%: passes both.
    let v = linkage(&book, here, "157.50万", "2026-06-01");
    assert_eq!(v.status, Status::Pass, "{v:#?}");
    assert_eq!(finding(&v, COUNTY_RULE).status, FindingStatus::Pass);
    assert_eq!(finding(&v, COUNTY_RULE).floor.as_deref(), Some("0.42"));
    assert_eq!(finding(&v, NATIONAL_RULE).status, FindingStatus::Pass);
    assert_eq!(v.proposal.as_ref().unwrap().province.as_deref(), Some("62"));
    // 157.49万 fails the county floor by 100.00 yuan (and still passes the national one).
    let v = linkage(&book, here, "157.49万", "2026-06-01");
    assert_eq!(v.status, Status::Fail);
    let county = finding(&v, COUNTY_RULE);
    assert_eq!(county.status, FindingStatus::Fail);
    assert_eq!(county.shortfall.unwrap().to_string(), "100.00");
    assert_eq!(county.citation.document, "example-county-2026");
    assert_eq!(finding(&v, NATIONAL_RULE).status, FindingStatus::Pass);
    // Before 2026-01-01 the county's notice is not in force: the national floor alone.
    let v = linkage(&book, here, "157.49万", "2025-12-31");
    assert_eq!(v.status, Status::Pass);
    let county = finding(&v, COUNTY_RULE);
    assert_eq!(county.status, FindingStatus::NotApplicable);
    assert!(county.message.contains("2026-01-01"), "{}", county.message);
}

#[test]
fn a_project_elsewhere_is_not_held_to_the_county_floor() {
    let book = county_book();
    let v = linkage(&book, r#""county": "620102","#, "100万", "2026-06-01");
    assert_eq!(v.status, Status::Pass);
    let county = finding(&v, COUNTY_RULE);
    assert_eq!(county.status, FindingStatus::NotApplicable);
    assert!(
        county.message.contains("示例县（629901）"),
        "{}",
        county.message
    );
    let v = linkage(&book, r#""province": "贵州","#, "100万", "2026-06-01");
    assert_eq!(v.status, Status::Pass);
}

#[test]
fn without_a_county_in_its_province_the_answer_is_review_not_a_silent_pass() {
    let book = county_book();
    let v = linkage(&book, r#""province": "甘肃","#, "100万", "2026-06-01");
    assert_eq!(v.status, Status::Review, "{v:#?}");
    assert!(v.summary.contains("区县代码"), "{}", v.summary);
    let county = finding(&v, COUNTY_RULE);
    assert_eq!(county.status, FindingStatus::NotApplicable);
    assert!(
        county.message.contains("未填写区县代码"),
        "{}",
        county.message
    );
    // A failing national floor still fails.
    let v = linkage(&book, r#""province": "甘肃","#, "50万", "2026-06-01");
    assert_eq!(v.status, Status::Fail);
    // Without the overlay, the same proposal passes as before.
    let v = linkage(
        &RuleBook::builtin().unwrap(),
        r#""province": "甘肃","#,
        "100万",
        "2026-06-01",
    );
    assert_eq!(v.status, Status::Pass);
}

#[test]
fn a_county_must_be_a_county_of_the_province_given() {
    let book = county_book();
    let v = linkage(
        &book,
        r#""province": "贵州", "county": "629901","#,
        "157.50万",
        "2026-06-01",
    );
    assert_eq!(v.status, Status::Invalid);
    assert_eq!(v.errors[0].code, "input.county_not_in_province");
    assert_eq!(v.errors[0].field, "county");
    for bad in ["62990", "629900", "620000", "999901", "6299O1"] {
        let v = linkage(
            &book,
            &format!(r#""county": "{bad}","#),
            "157.50万",
            "2026-06-01",
        );
        assert_eq!(v.status, Status::Invalid, "{bad}");
        assert_eq!(v.errors[0].code, "input.bad_county", "{bad}");
    }
}

#[test]
fn a_duplicate_id_is_reported_where_the_file_has_it_whatever_versions_come_before() {
    let rule = |id: &str, versions: &str| {
        format!(
            r#"{{"id": "{id}", "title": "t", "jurisdiction": "national", "kind": "advice",
                "appliesTo": ["central_budget"], "mandatory": false, "versions": [{versions}]}}"#
        )
    };
    let version = |from: &str| {
        format!(
            r#"{{"validity": {{"from": "{from}"}}, "advice": "a",
                "citation": {{"document": "gansu-2025", "clause": "五",
                "quote": "以工代赈中央预算内投资项目劳务报酬占中央资金比例达30%以上"}}}}"#
        )
    };
    let two = format!("{},{}", version("2026-01-01"), version("2027-01-01"));
    let overlay = format!(
        r#"{{"extends": "builtin", "version": "x", "rules": [{}, {}, {}]}}"#,
        rule("a.one", &two),
        rule("a.two", &version("2026-01-01")),
        rule("a.one", &version("2026-01-01"))
    );
    assert_eq!(
        refused(&overlay),
        [("rules[2].id".to_owned(), "rules.duplicate_id".to_owned())]
    );
}
