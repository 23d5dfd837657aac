//! Writes what the core answers for every input the repository holds, one file per input, so
//! that two commits can be compared byte for byte (`scripts/golden`): the proposal cases (each
//! case's full verdict), the workshop and subsidy cases, the plan and roster fixtures (the plan
//! report with verdicts, the compact report, the reviewer's export table and its CSV, every
//! row's verdict from `PlanFile`), and the fuzz corpora (the plan report of each file).
//!
//! `cargo run --example golden -- OUT_DIR`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use workrelief::check::check_raw;
use workrelief::date::Date;
use workrelief::import::{check_plan, export, ImportOptions, PlanFile};
use workrelief::raw::Raw;
use workrelief::rules::DEFAULT_RULES_JSON;
use workrelief::RuleBook;

/// The "today" every test harness uses.
fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

fn write(out: &Path, name: &str, text: &str) {
    let path = out.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The files of a folder (recursively), sorted, without docs and generators.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy();
        let skip = [".md", ".py", ".sh"];
        if !name.starts_with('.') && !skip.iter().any(|s| name.ends_with(s)) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// Applies a case file's `{ pointer, value }` changes to the default rule book.
fn patched_book(patch: &Value) -> RuleBook {
    let mut book: Value = serde_json::from_str(DEFAULT_RULES_JSON).unwrap();
    for change in patch.as_array().into_iter().flatten() {
        let pointer = change["pointer"].as_str().unwrap();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let obj = book.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        match &change["value"] {
            Value::Null => {
                obj.remove(key);
            }
            v => {
                obj.insert(key.to_owned(), v.clone());
            }
        }
    }
    RuleBook::from_json(&book.to_string()).unwrap()
}

fn raw(value: &Value) -> Raw {
    serde_json::from_value(value.clone()).unwrap()
}

fn case_family(out: &Path, family: &str, answer: &dyn Fn(&RuleBook, &Value, Date) -> String) {
    for path in files(&root().join("tests/cases").join(family)) {
        let file: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let book = patched_book(&file["patch"]);
        let today = file["today"]
            .as_str()
            .map_or_else(today, |t| Date::parse(t).unwrap());
        let mut text = String::new();
        for case in file["cases"].as_array().unwrap() {
            text.push_str(&format!("== {}\n", case["name"].as_str().unwrap_or("")));
            text.push_str(&answer(&book, case, today));
        }
        write(out, &relative(&path), &text);
    }
}

fn plan_outputs(book: &RuleBook, bytes: &[u8], name: &str) -> String {
    let options = ImportOptions::default();
    let mut text = String::new();
    let full = check_plan(book, bytes, name, &options, today(), true);
    text.push_str("== check_plan with verdicts\n");
    text.push_str(&json(&full));
    text.push_str("== check_plan compact\n");
    text.push_str(&json(&check_plan(
        book,
        bytes,
        name,
        &options,
        today(),
        false,
    )));
    text.push_str("== to_csv\n");
    text.push_str(&export::to_csv(std::slice::from_ref(&full)));
    text.push_str("== to_table\n");
    text.push_str(&export::to_table(std::slice::from_ref(&full)));
    match PlanFile::open(bytes, name, &options, today()) {
        Ok(mut file) => {
            file.step(book, usize::MAX, false);
            let table = export::export_table(book, Ok(&file));
            text.push_str("== export table\n");
            text.push_str(&json(&table));
            text.push_str(&export::table_csv(&table));
            text.push_str("== rows and verdicts\n");
            for i in 0..file.checked() {
                text.push_str(&json(&file.row(book, i)));
                text.push_str(&json(&file.cells(i)));
                text.push_str(&json(&file.verdict(book, i)));
            }
            text.push_str("== report\n");
            text.push_str(&json(&file.into_report(book)));
        }
        Err(error) => {
            text.push_str("== PlanFile::open refused\n");
            let report = workrelief::import::failed_report(book, name, &error);
            text.push_str(&json(&export::export_table(book, Err(&report))));
        }
    }
    text
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("OUT_DIR"));
    let book = RuleBook::from_json(DEFAULT_RULES_JSON).unwrap();

    case_family(&out, "proposals", &|book, case, today| {
        let options = case.get("options").map_or(Raw::Null, raw);
        json(&check_raw(book, &raw(&case["proposal"]), &options, today))
    });
    case_family(&out, "workshops", &|book, case, today| {
        let options = case.get("options").map_or(Raw::Null, raw);
        let roster = case.get("roster").map_or(Raw::Null, raw);
        json(&workrelief::workshop::check_workshop(
            book, &roster, &options, today,
        ))
    });
    case_family(&out, "subsidies", &|book, case, today| {
        let options = case.get("options").map_or(Raw::Null, raw);
        let profile = case.get("profile").map_or(Raw::Null, raw);
        json(&workrelief::subsidy::estimate(
            book, &profile, &options, today,
        ))
    });

    for dir in ["tests/fixtures/plans", "tests/fixtures/xlsx"] {
        for path in files(&root().join(dir)) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = fs::read(&path).unwrap();
            write(&out, &relative(&path), &plan_outputs(&book, &bytes, &name));
        }
    }
    for path in files(&root().join("tests/fixtures/rosters")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        let report = workrelief::import::roster::check_roster_file(
            &book,
            &bytes,
            &name,
            &Raw::Null,
            &ImportOptions::default(),
            today(),
        );
        write(&out, &relative(&path), &json(&report));
    }
    for (target, name) in [
        ("csv", "plan.csv"),
        ("xlsx", "plan.xlsx"),
        ("json", "plan.json"),
    ] {
        for kind in ["seeds", "corpus", "regressions"] {
            for path in files(&root().join("fuzz").join(kind).join(target)) {
                let bytes = fs::read(&path).unwrap();
                let report = check_plan(
                    &book,
                    &bytes,
                    name,
                    &ImportOptions::default(),
                    today(),
                    true,
                );
                write(&out, &relative(&path), &json(&report));
            }
        }
    }
}
