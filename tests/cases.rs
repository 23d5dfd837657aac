//! Data-driven cases: `tests/cases/money.json` and `tests/cases/proposals/*.json` (their format
//! is in `tests/cases/proposals/README.md`). The Node harness reads the same files. Matching a
//! verdict against a case is `workrelief::cases`, which `workrelief rules test` runs too.

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
use workrelief::cases::run_file_with;
use workrelief::money::{Money, Unit};
use workrelief::rules::DEFAULT_RULES_JSON;

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
        // A file's `rules` are overlays, at paths relative to the file's folder.
        let dir = path.parent().unwrap();
        let read = |name: &str| fs::read_to_string(dir.join(name)).map_err(|e| e.to_string());
        let outcomes = run_file_with(DEFAULT_RULES_JSON, &file, read)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        for case in outcomes {
            count += 1;
            if !case.diffs.is_empty() {
                failures.push(format!(
                    "{} / {}:\n  {}",
                    path.file_name().unwrap().to_string_lossy(),
                    case.name,
                    case.diffs.join("\n  ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 50, "only {count} cases");
}

/// The shared cases of the example 示例县 overlay are the guide's own example cases
/// (`examples/rules/example-county-2026.cases.json`, run by `workrelief rules test` on the
/// overlay): the same cases, the shared file naming its overlay in `rules`.
#[test]
fn the_overlay_cases_are_the_guides_example_cases() {
    let shared = read_json(&cases_dir().join("proposals/overlay-example-county.json"));
    let example = read_json(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/rules/example-county-2026.cases.json"),
    );
    assert_eq!(shared["cases"], example["cases"]);
    assert_eq!(
        shared["rules"],
        json!(["../../../examples/rules/example-county-2026.json"])
    );
    assert!(example["rules"].is_null());
}

/// Without its overlay, the overlay's cases do not hold (the compiled-in book has no 42%
/// floor), and an overlay that is not there, or does not load, stops the file with a reason.
#[test]
fn a_case_files_overlays_are_applied_and_checked() {
    let path = cases_dir().join("proposals/overlay-example-county.json");
    let mut file = read_json(&path);
    let dir = path.parent().unwrap();
    let read = |name: &str| fs::read_to_string(dir.join(name)).map_err(|e| e.to_string());
    let with = run_file_with(DEFAULT_RULES_JSON, &file, read).unwrap();
    assert!(with.iter().all(|c| c.diffs.is_empty()), "{with:?}");
    let overlays = file.as_object_mut().unwrap().remove("rules").unwrap();
    let without = run_file_with(DEFAULT_RULES_JSON, &file, read).unwrap();
    assert!(without.iter().any(|c| !c.diffs.is_empty()), "{without:?}");
    // The same overlay twice: its ids clash, reported at their paths in the overlay.
    let twice = json!([overlays[0], overlays[0]]);
    file["rules"] = twice;
    match run_file_with(DEFAULT_RULES_JSON, &file, read) {
        Err(workrelief::cases::CaseFileError::Overlay { file, errors }) => {
            assert_eq!(file, overlays[0]);
            assert!(
                errors.iter().any(|e| e.code() == "rules.duplicate_id"),
                "{errors:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    file["rules"] = json!(["no-such-overlay.json"]);
    assert!(matches!(
        run_file_with(DEFAULT_RULES_JSON, &file, read),
        Err(workrelief::cases::CaseFileError::Format(_))
    ));
    file["rules"] = json!("not-a-list.json");
    assert!(matches!(
        run_file_with(DEFAULT_RULES_JSON, &file, read),
        Err(workrelief::cases::CaseFileError::Format(_))
    ));
}
