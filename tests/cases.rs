//! Data-driven cases: `tests/cases/money.json` and `tests/cases/proposals/*.json` (their format
//! is in `tests/cases/proposals/README.md`). The Node harness reads the same files.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use workrelief::check::check_raw;
use workrelief::date::Date;
use workrelief::money::{Money, Unit};
use workrelief::raw::Raw;
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::RuleBook;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn money_cases() {
    let file = read_json(&cases_dir().join("money.json"));
    let mut failures = Vec::new();
    let cases = file["cases"].as_array().unwrap();
    for (i, case) in cases.iter().enumerate() {
        let unit = case["unit"]
            .as_str()
            .and_then(Unit::parse)
            .unwrap_or_default();
        let got = match (&case["text"], &case["number"]) {
            (Value::String(t), _) => Money::parse(t, unit),
            (_, Value::Number(n)) if n.is_u64() => Money::from_u64(n.as_u64().unwrap(), unit),
            (_, Value::Number(n)) => Money::from_f64(n.as_f64().unwrap(), unit),
            (_, Value::String(s)) => Money::from_f64(
                match s.as_str() {
                    "NaN" => f64::NAN,
                    "Infinity" => f64::INFINITY,
                    "-Infinity" => f64::NEG_INFINITY,
                    other => panic!("case {i}: unknown number {other}"),
                },
                unit,
            ),
            _ => panic!("case {i}: needs text or number"),
        };
        let got = match got {
            Ok(m) => json!({ "yuan": m.to_string() }),
            Err(e) => {
                // Every error has a Chinese message.
                assert!(!e.to_string().is_empty());
                json!({ "error": e.code() })
            }
        };
        let want = match (&case["yuan"], &case["error"]) {
            (Value::String(y), _) => json!({ "yuan": y }),
            (_, Value::String(e)) => json!({ "error": e }),
            _ => panic!("case {i}: needs yuan or error"),
        };
        if got != want {
            failures.push(format!("money case {i} {case}: got {got}, want {want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 50);
}

/// Applies `{ pointer, value }` changes to a JSON document (`null` removes the member).
fn patched_book(patch: &Value) -> RuleBook {
    let mut book: Value = serde_json::from_str(DEFAULT_RULES_JSON).unwrap();
    for change in patch.as_array().into_iter().flatten() {
        let pointer = change["pointer"].as_str().unwrap();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = book
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("no {parent}"));
        let obj = target.as_object_mut().unwrap();
        match &change["value"] {
            Value::Null => {
                obj.remove(key);
            }
            v => {
                obj.insert(key.to_owned(), v.clone());
            }
        }
    }
    RuleBook::from_json(&book.to_string()).unwrap_or_else(|e| panic!("patched book: {e:?}"))
}

/// Compares `want` against `got`: objects by the keys `want` names (`null` means absent),
/// everything else by equality.
fn matches(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Null, v) => v.is_null(),
        (Value::Object(w), Value::Object(g)) => w
            .iter()
            .all(|(k, wv)| matches(wv, g.get(k).unwrap_or(&Value::Null))),
        _ => want == got,
    }
}

fn pairs(list: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Checks one verdict against a case's expectations; returns the differences.
fn check_case(expect: &Value, verdict: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    if verdict["status"] != expect["status"] {
        diffs.push(format!(
            "status {} != {}",
            verdict["status"], expect["status"]
        ));
    }
    let findings = verdict["findings"].as_array().cloned().unwrap_or_default();
    let finding = |id: &str| findings.iter().find(|f| f["rule"] == id).cloned();
    for (id, want) in expect["findings"].as_object().into_iter().flatten() {
        match finding(id) {
            None => diffs.push(format!("no finding {id}")),
            Some(f) if !matches(want, &f) => diffs.push(format!("finding {id}: {f} !~ {want}")),
            Some(_) => {}
        }
    }
    for id in expect["absent"].as_array().into_iter().flatten() {
        if finding(id.as_str().unwrap_or_default()).is_some() {
            diffs.push(format!("finding {id} should be absent"));
        }
    }
    for (id, text) in expect["messageContains"].as_object().into_iter().flatten() {
        let msg = finding(id).map(|f| f["message"].as_str().unwrap_or_default().to_owned());
        if !msg
            .as_deref()
            .is_some_and(|m| m.contains(text.as_str().unwrap_or_default()))
        {
            diffs.push(format!("message of {id} {msg:?} lacks {text}"));
        }
    }
    let want_errors = pairs(&expect["errors"]);
    let got_errors = pairs(&verdict["errors"]);
    if want_errors != got_errors {
        diffs.push(format!("errors {got_errors:?} != {want_errors:?}"));
    }
    for e in verdict["errors"].as_array().into_iter().flatten() {
        if e["message"].as_str().is_none_or(str::is_empty) {
            diffs.push(format!("error without a message: {e}"));
        }
    }
    let got_warnings = pairs(&verdict["warnings"]);
    for w in pairs(&expect["warnings"]) {
        if !got_warnings.contains(&w) {
            diffs.push(format!("warning {w:?} missing from {got_warnings:?}"));
        }
    }
    if !expect["proposal"].is_null() && !matches(&expect["proposal"], &verdict["proposal"]) {
        diffs.push(format!(
            "proposal {} !~ {}",
            verdict["proposal"], expect["proposal"]
        ));
    }
    diffs
}

#[test]
fn proposal_cases() {
    let mut files: Vec<PathBuf> = fs::read_dir(cases_dir().join("proposals"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "case files: {files:?}");
    let mut failures = Vec::new();
    let mut count = 0;
    for path in &files {
        let file = read_json(path);
        let book = patched_book(&file["patch"]);
        let today = file["today"]
            .as_str()
            .map_or(Date::new(2026, 11, 23), |t| Date::parse(t).ok())
            .unwrap();
        for case in file["cases"].as_array().unwrap() {
            count += 1;
            let proposal: Raw = serde_json::from_value(case["proposal"].clone()).unwrap();
            let options: Raw = serde_json::from_value(case["options"].clone()).unwrap();
            let verdict =
                serde_json::to_value(check_raw(&book, &proposal, &options, today)).unwrap();
            let diffs = check_case(&case["expect"], &verdict);
            if !diffs.is_empty() {
                failures.push(format!(
                    "{} / {}:\n  {}",
                    path.file_name().unwrap().to_string_lossy(),
                    case["name"],
                    diffs.join("\n  ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 50, "only {count} cases");
}
