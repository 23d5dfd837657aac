//! Data-driven benefit cases: `tests/cases/workshops/*.json` through
//! [`workshop::check_workshop`] and `tests/cases/subsidies/*.json` through
//! [`subsidy::estimate`] (formats in the README.md of each folder; the Node harness
//! `tests/node/benefits.test.mjs` reads the same files), the sample rosters of
//! `tests/fixtures/rosters/` through [`check_roster_file`], and the masking invariant: no ID
//! number given as input appears unmasked in any report.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use workrelief::date::Date;
use workrelief::raw::Raw;
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::{subsidy, workshop, RuleBook};

fn cases_dir(family: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(family)
}

/// "Today" for cases whose options give no (valid) `asOf`.
fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn book() -> RuleBook {
    RuleBook::from_json(DEFAULT_RULES_JSON).unwrap()
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `*.json` case file of a family, sorted, with its cases.
fn case_files(family: &str) -> Vec<(String, Vec<Value>)> {
    let mut paths: Vec<PathBuf> = fs::read_dir(cases_dir(family))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let file = read_json(p);
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let cases = file["cases"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: no cases"))
                .clone();
            (name, cases)
        })
        .collect()
}

fn raw(value: &Value) -> Raw {
    serde_json::from_value(value.clone()).unwrap()
}

/// `want` against `got`: objects by the keys `want` names (`null` means absent; in an object,
/// `reasonContains` is a text one of `got.reasons` must contain), arrays element by element
/// with the same length, everything else by equality.
fn matches(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Null, v) => v.is_null(),
        (Value::Object(w), Value::Object(g)) => w.iter().all(|(k, wv)| {
            if k == "reasonContains" {
                let text = wv.as_str().unwrap_or_default();
                let reasons = g.get("reasons").and_then(Value::as_array);
                let reason = g.get("reason").and_then(Value::as_str);
                reasons
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .chain(reason)
                    .any(|r| r.contains(text))
            } else {
                matches(wv, g.get(k).unwrap_or(&Value::Null))
            }
        }),
        (Value::Array(w), Value::Array(g)) => {
            w.len() == g.len() && w.iter().zip(g).all(|(wv, gv)| matches(wv, gv))
        }
        _ => want == got,
    }
}

/// Problems `want` (each `{ code, field, row? }`) against `got`: with `exact`, every problem
/// is expected and every expected one is there; otherwise only the latter.
fn check_problems(what: &str, want: &Value, got: &Value, exact: bool, diffs: &mut Vec<String>) {
    let got: Vec<&Value> = got.as_array().into_iter().flatten().collect();
    let mut used = vec![false; got.len()];
    for w in want.as_array().into_iter().flatten() {
        let found = got
            .iter()
            .enumerate()
            .find(|(i, g)| !used[*i] && matches(w, g))
            .map(|(i, _)| i);
        match found {
            Some(i) => used[i] = true,
            None => diffs.push(format!("{what}: {w} missing from {got:?}")),
        }
    }
    if exact {
        for (g, u) in got.iter().zip(&used) {
            if !u {
                diffs.push(format!("{what}: unexpected {g}"));
            }
        }
    }
    for g in &got {
        if g["message"].as_str().is_none_or(str::is_empty) {
            diffs.push(format!("{what}: no message in {g}"));
        }
    }
}

/// The expectations every family shares: errors (exact, default none), warnings (must be
/// among), and `subset` keys compared with [`matches`].
fn check_common(expect: &Value, got: &Value, subset: &[&str], diffs: &mut Vec<String>) {
    let none = Value::Array(Vec::new());
    let errors = expect.get("errors").unwrap_or(&none);
    check_problems("errors", errors, &got["errors"], true, diffs);
    if let Some(w) = expect.get("warnings") {
        check_problems("warnings", w, &got["warnings"], false, diffs);
    }
    for key in subset {
        if let Some(want) = expect.get(*key) {
            if !matches(want, &got[*key]) {
                diffs.push(format!("{key}: {} !~ {want}", got[*key]));
            }
        }
    }
}

/// Checks one workshop report against a case's expectations; returns the differences.
fn check_workshop_case(expect: &Value, report: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    check_common(
        expect,
        report,
        &[
            "recognition",
            "reward",
            "employees",
            "awards",
            "province",
            "name",
        ],
        &mut diffs,
    );
    for (part, text) in expect["messageContains"].as_object().into_iter().flatten() {
        let msg = report[part.as_str()]["message"]
            .as_str()
            .unwrap_or_default();
        if !msg.contains(text.as_str().unwrap_or_default()) {
            diffs.push(format!("{part}.message {msg:?} lacks {text}"));
        }
    }
    diffs
}

/// Checks one estimate against a case's expectations; returns the differences.
fn check_subsidy_case(expect: &Value, estimate: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    check_common(
        expect,
        estimate,
        &["total", "totalUpTo", "province", "policies"],
        &mut diffs,
    );
    for (list, ids) in [("items", "itemIds"), ("related", "relatedIds")] {
        let got = estimate[list].as_array().cloned().unwrap_or_default();
        if let Some(want) = expect.get(ids) {
            let got_ids: Vec<&Value> = got.iter().map(|i| &i["id"]).collect();
            let want_ids: Vec<&Value> = want.as_array().into_iter().flatten().collect();
            if got_ids != want_ids {
                diffs.push(format!("{ids}: {got_ids:?} != {want_ids:?}"));
            }
        }
        for (id, want) in expect[list].as_object().into_iter().flatten() {
            match got.iter().find(|i| i["id"] == id.as_str()) {
                None => diffs.push(format!("{list}: no {id}")),
                Some(item) if !matches(want, item) => {
                    diffs.push(format!("{list} {id}: {item} !~ {want}"));
                }
                Some(_) => {}
            }
        }
    }
    if let Some(text) = expect["messageContains"].as_str() {
        let msg = estimate["message"].as_str().unwrap_or_default();
        if !msg.contains(text) {
            diffs.push(format!("message {msg:?} lacks {text}"));
        }
    }
    diffs
}

/// Runs every case of a family; returns (number of cases, failures).
fn run_family(
    family: &str,
    input: &str,
    run: impl Fn(&Raw, &Raw) -> Value,
    check: impl Fn(&Value, &Value) -> Vec<String>,
) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, cases) in case_files(family) {
        for case in &cases {
            count += 1;
            let got = run(&raw(&case[input]), &raw(&case["options"]));
            let diffs = check(&case["expect"], &got);
            if !diffs.is_empty() {
                failures.push(format!(
                    "{family}/{file} / {}:\n  {}",
                    case["name"],
                    diffs.join("\n  ")
                ));
            }
        }
    }
    (count, failures)
}

fn workshop_json(book: &RuleBook, roster: &Raw, options: &Raw) -> Value {
    serde_json::to_value(workshop::check_workshop(book, roster, options, today())).unwrap()
}

#[test]
fn workshop_cases() {
    let book = book();
    let (count, failures) = run_family(
        "workshops",
        "roster",
        |r, o| workshop_json(&book, r, o),
        check_workshop_case,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 60, "only {count} workshop cases");
}

#[test]
fn subsidy_cases() {
    let book = book();
    let (count, failures) = run_family(
        "subsidies",
        "profile",
        |p, o| serde_json::to_value(subsidy::estimate(&book, p, o, today())).unwrap(),
        check_subsidy_case,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 50, "only {count} subsidy cases");
}

/// The ID numbers an input holds: every text under an `id` key (as written and with spaces,
/// dashes and full-width forms removed) and every run of 15 or more digits in any text or
/// number.
fn input_ids(value: &Value, key: Option<&str>, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            if key == Some("id") {
                let folded = workrelief::text::fold(s)
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '-')
                    .collect::<String>();
                for t in [s.trim().to_owned(), folded] {
                    if t.chars().count() >= 15 {
                        out.push(t);
                    }
                }
            }
            digit_runs(&workrelief::text::fold(s), out);
            digit_runs(s, out);
        }
        Value::Number(n) => digit_runs(&n.to_string(), out),
        Value::Array(items) => items.iter().for_each(|v| input_ids(v, None, out)),
        Value::Object(entries) => entries
            .iter()
            .for_each(|(k, v)| input_ids(v, Some(k.as_str()), out)),
        _ => {}
    }
}

fn digit_runs(text: &str, out: &mut Vec<String>) {
    for run in text.split(|c: char| !c.is_ascii_digit()) {
        if run.len() >= 15 {
            out.push(run.to_owned());
        }
    }
}

/// Panics naming every input ID that appears in `output`.
fn assert_masked(what: &str, ids: &[String], output: &str, leaks: &mut Vec<String>) {
    for id in ids {
        if output.contains(id.as_str()) {
            leaks.push(format!("{what}: {id} appears unmasked"));
        }
    }
    // No run of 15 or more digits at all: even a number not in the input would be one.
    let mut runs = Vec::new();
    digit_runs(output, &mut runs);
    for run in runs {
        leaks.push(format!("{what}: digit run {run} in the output"));
    }
}

#[test]
fn no_report_shows_an_id_unmasked() {
    let book = book();
    let mut leaks = Vec::new();
    let mut checked = 0;
    for (file, cases) in case_files("workshops") {
        for case in &cases {
            let mut ids = Vec::new();
            input_ids(&case["roster"], None, &mut ids);
            let report = workshop_json(&book, &raw(&case["roster"]), &raw(&case["options"]));
            let text = serde_json::to_string(&report).unwrap();
            let pretty = serde_json::to_string_pretty(&report).unwrap();
            let what = format!("{file} / {}", case["name"]);
            assert_masked(&what, &ids, &text, &mut leaks);
            assert_masked(&what, &ids, &pretty, &mut leaks);
            // Debug output too (what a panic or a log would print).
            let debug = format!(
                "{:?}",
                workshop::check_workshop(
                    &book,
                    &raw(&case["roster"]),
                    &raw(&case["options"]),
                    today()
                )
            );
            assert_masked(&what, &ids, &debug, &mut leaks);
            checked += ids.len();
        }
    }
    #[cfg(feature = "plans")]
    for name in rosters::FORMATS {
        let report = rosters::report(name);
        let ids = rosters::fixture_ids();
        let text = serde_json::to_string(&report).unwrap();
        assert_masked(name, &ids, &text, &mut leaks);
        assert_masked(name, &ids, &format!("{report:?}"), &mut leaks);
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    assert!(checked >= 100, "only {checked} IDs checked");
}

#[cfg(feature = "plans")]
mod rosters {
    //! The sample rosters of `tests/fixtures/rosters/` (made by `make_rosters.py`).

    use super::*;
    use workrelief::import::roster::{check_roster_file, RosterReport};
    use workrelief::import::{Format, ImportOptions};

    /// The same roster in three formats.
    pub const FORMATS: [&str; 3] = ["roster.csv", "roster-gbk.csv", "roster.xlsx"];

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rosters")
            .join(name)
    }

    fn bytes(name: &str) -> Vec<u8> {
        fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    pub fn report(name: &str) -> RosterReport {
        let options = ImportOptions {
            as_of: Date::parse("2025-06-30").ok(),
            ..ImportOptions::default()
        };
        let meta = Raw::from_json(r#"{"province": "吉林省", "name": "测试车间"}"#).unwrap();
        check_roster_file(&book(), &bytes(name), name, &meta, &options, today())
    }

    /// Every run of 15 or more digits in the fixtures (the IDs), and the XLSX's numeric ID.
    pub fn fixture_ids() -> Vec<String> {
        let mut ids = Vec::new();
        for name in ["roster.csv", "make_rosters.py"] {
            let text = String::from_utf8(bytes(name)).unwrap();
            digit_runs(&text, &mut ids);
        }
        ids.push("220101199003072000".to_owned());
        ids.push("2.20101199003072e17".to_owned());
        ids.push("2.20101199003072E+17".to_owned());
        ids.sort();
        ids.dedup();
        assert!(ids.len() >= 9, "{ids:?}");
        ids
    }

    /// The workshop part as JSON with rows counted from the header row, so that files with and
    /// without a title row compare equal.
    fn relative(report: &RosterReport) -> Value {
        let header = i64::from(report.header_row.unwrap());
        let mut v = serde_json::to_value(report.workshop.as_ref().unwrap()).unwrap();
        for list in ["employees", "errors", "warnings"] {
            for item in v[list].as_array_mut().unwrap() {
                if let Some(row) = item["row"].as_i64() {
                    item["row"] = Value::from(row - header);
                }
            }
        }
        // Duplicate warnings and reasons name the earlier row.
        for w in v["warnings"].as_array_mut().unwrap() {
            w["message"] = Value::from(shift_rows(w["message"].as_str().unwrap(), header));
        }
        for e in v["employees"].as_array_mut().unwrap() {
            let reasons: Vec<Value> = e["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| Value::from(shift_rows(r.as_str().unwrap(), header)))
                .collect();
            e["reasons"] = Value::from(reasons);
        }
        v
    }

    /// `第 8 行` → `第 +6 行` for header row 2.
    fn shift_rows(text: &str, header: i64) -> String {
        let mut parts = text.split("第 ");
        let mut out = parts.next().unwrap_or_default().to_owned();
        for part in parts {
            let shifted = part.split_once(" 行").and_then(|(n, rest)| {
                let n: i64 = n.parse().ok()?;
                Some(format!("第 +{} 行{rest}", n - header))
            });
            out.push_str(&shifted.unwrap_or_else(|| format!("第 {part}")));
        }
        out
    }

    /// The XLSX's last row (the numeric ID) taken out, to compare with the CSV files.
    fn without_numeric_row(mut v: Value, row: i64) -> Value {
        for list in ["employees", "errors", "warnings"] {
            v[list]
                .as_array_mut()
                .unwrap()
                .retain(|item| item["row"].as_i64() != Some(row));
        }
        v
    }

    #[test]
    fn every_format_gives_the_same_result() {
        let csv = relative(&report("roster.csv"));
        let gbk = relative(&report("roster-gbk.csv"));
        let xlsx = relative(&report("roster.xlsx"));
        assert_eq!(csv, gbk);
        // The XLSX has one more row (the numeric ID) after the ten of the CSV files.
        assert_eq!(xlsx["employees"].as_array().unwrap().len(), 10);
        assert_eq!(csv, without_numeric_row(xlsx, 11));
    }

    #[test]
    fn the_roster_is_read_and_checked() {
        for name in FORMATS {
            let r = report(name);
            assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
            assert!(r.unmapped.is_empty(), "{name}: {:?}", r.unmapped);
            let fields: Vec<&str> = r.columns.iter().map(|c| c.field.path()).collect();
            assert_eq!(
                fields,
                [
                    "id",
                    "name",
                    "group",
                    "contractMonths",
                    "monthsEmployed",
                    "annualIncome",
                    "subsidyClaimed"
                ],
                "{name}"
            );
            let w = r.workshop.as_ref().unwrap();
            let v = serde_json::to_value(w).unwrap();
            // Rows 1, 2 and 10 qualify; row 2 was already subsidised.
            assert_eq!(v["recognition"]["status"], "recognized", "{name}");
            assert_eq!(v["recognition"]["qualifying"], 3, "{name}");
            assert_eq!(v["reward"]["status"], "eligible", "{name}");
            assert_eq!(v["reward"]["persons"], 2, "{name}");
            assert_eq!(v["reward"]["amount"], "2000.00", "{name}");
            assert_eq!(w.name.as_deref(), Some("测试车间"));
            let flags: Vec<(bool, bool)> = w
                .employees
                .iter()
                .take(9)
                .map(|e| (e.qualifying, e.eligible))
                .collect();
            assert_eq!(
                flags,
                [
                    (true, true),
                    (true, false),
                    (false, false),
                    (false, false),
                    (false, false),
                    (false, false),
                    (false, false),
                    (false, false),
                    (true, true)
                ],
                "{name}"
            );
            assert_eq!(w.employees[0].name.as_deref(), Some("测试甲"));
            assert_eq!(w.employees[0].id, "2201**********2012");
        }
    }

    #[test]
    fn rows_are_numbered_as_the_employer_sees_them() {
        // roster.csv: the header on line 1, the blank row is line 5.
        // roster-gbk.csv and roster.xlsx: a title row first, so one more.
        for (name, header, format, encoding) in [
            ("roster.csv", 1, Format::Csv, Some("UTF-8（带 BOM）")),
            ("roster-gbk.csv", 2, Format::Csv, Some("GB18030（GBK）")),
            ("roster.xlsx", 2, Format::Xlsx, None),
        ] {
            let r = report(name);
            assert_eq!(r.header_row, Some(header), "{name}");
            assert_eq!(r.format, Some(format), "{name}");
            assert_eq!(r.encoding.as_deref(), encoding, "{name}");
            let w = r.workshop.unwrap();
            let rows: Vec<u32> = w.employees.iter().map(|e| e.row).take(9).collect();
            let want: Vec<u32> = [1, 2, 3, 5, 6, 7, 8, 9, 10]
                .iter()
                .map(|k| k + header)
                .collect();
            assert_eq!(rows, want, "{name}");
            let problem = |code: &str| {
                w.errors
                    .iter()
                    .chain(&w.warnings)
                    .find(|p| p.code == code)
                    .unwrap_or_else(|| panic!("{name}: no {code}"))
                    .clone()
            };
            let bad = problem("id.checksum");
            assert_eq!(bad.row, Some(6 + header), "{name}");
            assert_eq!(bad.field, "employees[4].id", "{name}");
            assert_eq!(bad.column.as_deref(), Some("A（身份证号）"), "{name}");
            let income = problem("money.chinese_numeral");
            assert_eq!(income.row, Some(9 + header), "{name}");
            assert_eq!(
                income.column.as_deref(),
                Some("F（年收入（元））"),
                "{name}"
            );
            let dup = problem("roster.duplicate");
            assert_eq!(dup.row, Some(7 + header), "{name}");
            assert_eq!(dup.column.as_deref(), Some("A（身份证号）"), "{name}");
            assert!(
                dup.message
                    .contains(&format!("与第 {} 行为同一人", 1 + header)),
                "{name}: {}",
                dup.message
            );
            let codes: Vec<&str> = w.errors.iter().map(|p| p.code.as_str()).collect();
            let want_codes: &[&str] = if name == "roster.xlsx" {
                &["id.checksum", "money.chinese_numeral", "id.not_text"]
            } else {
                &["id.checksum", "money.chinese_numeral"]
            };
            assert_eq!(codes, want_codes, "{name}");
        }
    }

    #[test]
    fn an_id_typed_as_a_number_is_reported_not_used() {
        let r = report("roster.xlsx");
        let w = r.workshop.unwrap();
        let p = w.errors.iter().find(|p| p.code == "id.not_text").unwrap();
        assert_eq!(p.row, Some(13));
        assert_eq!(p.field, "employees[9].id");
        assert_eq!(p.column.as_deref(), Some("A（身份证号）"));
        let e = w.employees.last().unwrap();
        assert_eq!(e.row, 13);
        assert_eq!(e.id, "******************");
        assert!(!e.qualifying && !e.eligible);
    }

    #[test]
    fn a_file_that_is_not_a_roster_gives_one_error() {
        let name = "not-a-roster.csv";
        let r = check_roster_file(
            &book(),
            &bytes(name),
            name,
            &Raw::from_json(r#"{"province": "吉林"}"#).unwrap(),
            &ImportOptions::default(),
            today(),
        );
        assert!(r.workshop.is_none());
        let codes: Vec<&str> = r.errors.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["import.not_a_roster"]);
        assert!(r.errors[0].message.contains("身份证号"));
        // And a plan is not a roster either.
        let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans/plan.xlsx");
        let r = check_roster_file(
            &book(),
            &fs::read(plan).unwrap(),
            "plan.xlsx",
            &Raw::Null,
            &ImportOptions::default(),
            today(),
        );
        let codes: Vec<&str> = r.errors.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["import.not_a_roster"]);
    }

    #[test]
    fn the_caller_gives_the_province() {
        let name = "roster.csv";
        let r = check_roster_file(
            &book(),
            &bytes(name),
            name,
            &Raw::Null,
            &ImportOptions::default(),
            today(),
        );
        let w = r.workshop.unwrap();
        assert!(
            w.errors
                .iter()
                .any(|p| p.code == "input.required" && p.field == "province" && p.column.is_none()),
            "{:?}",
            w.errors
        );
    }
}
